/**
 * Mocha root hooks for every tier, the unit tier included: dummy AWS
 * credentials (so that no test can reach a real account with real ones), and
 * the provider's run state started afresh before each test. They start
 * nothing: the unit tier's config (`.mocharc.unit.json`) loads only these;
 * `hooks.ts` adds moto for the other tiers.
 */
import { resetRunState } from "../../provider/pool-run";

/** Dummy credentials: moto accepts any, and nothing real is ever used by the tests. */
export const TEST_CREDENTIALS = {
    AWS_ACCESS_KEY_ID: "AKIATESTTESTTESTTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret-key-never-stored-0123456789",
};

/** Puts the dummy credentials in the environment and drops any profile. */
export function useTestCredentials(): void {
    Object.assign(process.env, TEST_CREDENTIALS);
    delete process.env.AWS_PROFILE;
}

export const mochaHooks = {
    beforeAll() {
        useTestCredentials();
    },
    /** The provider's run state (stops, budgets) lives one provider process; in-process tests start each afresh. */
    beforeEach() {
        resetRunState();
    },
};
