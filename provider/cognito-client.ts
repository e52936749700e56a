/**
 * The Cognito client layer, run inside the provider host: region, endpoint,
 * credentials, retries and error mapping for the two calls this package makes.
 *
 * Clients are created at call time, never at module scope: a client captured
 * in the serialized provider would not serialize, and credentials must be
 * resolved by the AWS SDK's default chain when the call is made.
 */
import {
    AdminGetUserCommand,
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
    CognitoIdentityProviderClientConfig,
} from "@aws-sdk/client-cognito-identity-provider";
import { mapCognitoError, ResetTarget } from "./errors";
import { ResetInputs } from "./types";
import { resolveRegion } from "./validation";

/** Attempts per call (the first try and its retries) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** The two Cognito operations the provider needs; an interface so tests can substitute it. */
export interface CognitoApi {
    /** AdminResetUserPassword. Throws a {@link CognitoResetError}. */
    resetPassword(inputs: ResetInputs): Promise<void>;
    /** AdminGetUser's UserStatus, or `undefined` when the user or the pool no longer exists. */
    getUserStatus(inputs: ResetInputs): Promise<string | undefined>;
}

/**
 * The client configuration for a resource: region from the inputs or the pool
 * id (else the SDK's own resolution), endpoint from the input (else the SDK's
 * standard settings such as AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).
 */
export function clientConfig(inputs: Pick<ResetInputs, "region" | "userPoolId" | "endpoint">): CognitoIdentityProviderClientConfig {
    const config: CognitoIdentityProviderClientConfig = {};
    const region = resolveRegion(inputs);
    if (region) config.region = region;
    if (inputs.endpoint) config.endpoint = inputs.endpoint;
    if (!process.env.AWS_MAX_ATTEMPTS) config.maxAttempts = DEFAULT_MAX_ATTEMPTS;
    return config;
}

const clients = new Map<string, CognitoIdentityProviderClient>();

/** One client per region and endpoint, reused by every resource the host serves. */
function clientFor(inputs: ResetInputs): CognitoIdentityProviderClient {
    const config = clientConfig(inputs);
    const key = `${config.region ?? ""}|${config.endpoint ?? ""}`;
    let client = clients.get(key);
    if (!client) {
        client = new CognitoIdentityProviderClient(config);
        clients.set(key, client);
    }
    return client;
}

function targetOf(inputs: ResetInputs): ResetTarget {
    return { userPoolId: inputs.userPoolId, username: inputs.username, region: resolveRegion(inputs) };
}

/** The real Cognito, through the AWS SDK v3. */
export const awsCognito: CognitoApi = {
    async resetPassword(inputs) {
        const client = clientFor(inputs);
        try {
            await client.send(
                new AdminResetUserPasswordCommand({
                    UserPoolId: inputs.userPoolId,
                    Username: inputs.username,
                    ClientMetadata: inputs.clientMetadata,
                }),
            );
        } catch (err) {
            const name = (err as { name?: string }).name;
            const message = String((err as { message?: string }).message ?? "");
            // Cognito does not say which state forbids the reset: look it up for the message.
            let status: string | undefined;
            if (name === "NotAuthorizedException" && /current state/i.test(message)) {
                status = await this.getUserStatus(inputs).catch(() => undefined);
            }
            throw mapCognitoError(err, targetOf(inputs), "reset", status);
        }
    },

    async getUserStatus(inputs) {
        const client = clientFor(inputs);
        try {
            const out = await client.send(
                new AdminGetUserCommand({ UserPoolId: inputs.userPoolId, Username: inputs.username }),
            );
            return out.UserStatus ?? "UNKNOWN";
        } catch (err) {
            const name = (err as { name?: string }).name;
            if (name === "UserNotFoundException" || name === "ResourceNotFoundException") return undefined;
            throw mapCognitoError(err, targetOf(inputs), "read");
        }
    },
};
