/**
 * Dummy AWS credentials for everything that talks to the local Cognito (moto):
 * tests, the benchmark and the demo. Moto accepts any; using these means no
 * run of ours can reach a real account with real ones.
 */

/** The dummy credentials, as environment variables. */
export const LOCAL_CREDENTIALS = {
    AWS_ACCESS_KEY_ID: "AKIATESTTESTTESTTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret-key-never-stored-0123456789",
};

/** Puts the dummy credentials in this process's environment and drops any profile. */
export function useLocalCredentials(): void {
    Object.assign(process.env, LOCAL_CREDENTIALS);
    delete process.env.AWS_PROFILE;
}
