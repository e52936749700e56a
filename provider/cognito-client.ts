/**
 * The Cognito client layer, run inside the provider host: region, endpoint,
 * credentials, retries and error mapping for the two calls this package makes.
 *
 * Clients are created on first use in the provider process (one per region
 * and endpoint) and never in the user's program: nothing here is captured in
 * the serialized provider, and credentials are resolved by the AWS SDK's
 * default chain when calls are made (and refreshed by it when they expire).
 */
import {
    AdminGetUserCommand,
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
    CognitoIdentityProviderClientConfig,
} from "@aws-sdk/client-cognito-identity-provider";
import { mapCognitoError, ResetTarget } from "./errors";
import { sharedLimiter } from "./rate-limit";
import { ResetInputs } from "./types";
import { resolveRegion } from "./validation";

/** Attempts per call (the first try and its retries) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 15;
/** Backoff: full jitter over an exponential ceiling from 100 ms, capped at 5 s: at most about a minute per call. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

interface RetryToken {
    getRetryCount(): number;
    getRetryDelay(): number;
}

/**
 * The retry strategy: throttling, 5xx and connection errors are retried with
 * exponential backoff and full jitter, up to `maxAttempts` attempts. Unlike
 * the SDK's standard strategy it has no client-wide retry quota, which a run
 * of thousands of resets under heavy throttling would drain (failing calls
 * that one more wait would have let through); the attempt bound and the
 * shared rate limit keep it polite.
 */
export function retryStrategy(maxAttempts: number, random: () => number = Math.random) {
    const token = (count: number, delay: number): RetryToken => ({
        getRetryCount: () => count,
        getRetryDelay: () => delay,
    });
    return {
        mode: "standard",
        async acquireInitialRetryToken(): Promise<RetryToken> {
            return token(0, 0);
        },
        async refreshRetryTokenForRetry(previous: RetryToken, errorInfo: { errorType: string }): Promise<RetryToken> {
            const count = previous.getRetryCount() + 1;
            if (errorInfo.errorType === "CLIENT_ERROR" || count >= maxAttempts) {
                throw new Error("no more retries");
            }
            const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** count);
            return token(count, Math.floor(random() * ceiling));
        },
        recordSuccess(): void {},
    };
}

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
export function clientConfig(
    inputs: Pick<ResetInputs, "region" | "userPoolId" | "endpoint">,
): CognitoIdentityProviderClientConfig {
    const config: CognitoIdentityProviderClientConfig = {};
    const region = resolveRegion(inputs);
    if (region) config.region = region;
    if (inputs.endpoint) config.endpoint = inputs.endpoint;
    const fromEnv = Number(process.env.AWS_MAX_ATTEMPTS);
    const attempts = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_ATTEMPTS;
    config.maxAttempts = attempts;
    config.retryStrategy = retryStrategy(attempts) as CognitoIdentityProviderClientConfig["retryStrategy"];
    return config;
}

const clients = new Map<string, CognitoIdentityProviderClient>();

/** One client per region and endpoint, reused by every resource the host serves, all sharing one rate limit. */
function clientFor(inputs: ResetInputs): CognitoIdentityProviderClient {
    const key = `${resolveRegion(inputs) ?? ""}|${inputs.endpoint ?? ""}`;
    let client = clients.get(key);
    if (!client) {
        // Built once per key, not per call: a pool's run makes thousands of calls.
        client = new CognitoIdentityProviderClient(clientConfig(inputs));
        const limiter = sharedLimiter();
        if (limiter) {
            // Inside the retry middleware: every attempt takes a slot of the run's shared limit.
            client.middlewareStack.add(
                (next) => async (args) => {
                    await limiter.acquire();
                    return next(args);
                },
                { step: "finalizeRequest", priority: "low", name: "sharedRateLimit" },
            );
        }
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
