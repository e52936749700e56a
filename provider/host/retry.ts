/**
 * The retry strategy of every Cognito client of the provider process.
 *
 * Written by hand, instead of the AWS SDK's standard or adaptive strategy, for
 * two reasons:
 * - the SDK's strategies keep a client-wide retry quota, which a run of
 *   thousands of resets under heavy throttling drains, and then fail calls
 *   that one more wait would have let through; here the attempt bound and the
 *   shared rate limit (`rate-limit.ts`) keep the run polite instead;
 * - the SDK counts every LimitExceededException as throttling, the daily
 *   email quota included, and would ask again up to AWS_MAX_ATTEMPTS times;
 *   here answers that no retry can change are never retried.
 */
import { ERROR_CODES } from "../core/error-codes";
import { errorCodeOf } from "./error-classify";

/** Backoff: full jitter over an exponential ceiling from 100 ms, capped at 5 s: at most about a minute per call. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;

interface RetryToken {
    getRetryCount(): number;
    getRetryDelay(): number;
}

/**
 * What the SDK's retry middleware hands to `refreshRetryTokenForRetry`: its
 * classification of the failed attempt and (`@smithy/core` retry middleware,
 * `getRetryErrorInfo`) the error itself.
 */
export interface RetryErrorInfo {
    errorType: string;
    error?: unknown;
}

/** The SDK retries a signature or access error once it has corrected its clock skew: keep that. */
function isClockSkewRetry(err: unknown): boolean {
    const e = err as { name?: unknown; message?: unknown; $metadata?: { clockSkewCorrected?: unknown } } | undefined;
    return (
        e?.$metadata?.clockSkewCorrected === true ||
        (e?.name === "InvalidSignatureException" &&
            typeof e.message === "string" &&
            /Signature expired/.test(e.message))
    );
}

/**
 * Whether a failed attempt may be retried: never when the SDK calls it a
 * client error, and never when Cognito's answer maps to a code that no retry
 * can change (see `retried` in {@link ERROR_CODES}). That matters where the
 * SDK's own classification would retry: it counts every
 * LimitExceededException as throttling, so without this the daily email
 * quota would be asked again up to AWS_MAX_ATTEMPTS times, each ask a
 * request against the account's rate quota.
 */
export function isRetryable(info: RetryErrorInfo): boolean {
    if (info.errorType === "CLIENT_ERROR") return false;
    if (info.error === undefined) return true;
    // The run stopped sending (see pool-run.ts): an aborted request is not tried again.
    if ((info.error as { name?: unknown }).name === "AbortError") return false;
    return ERROR_CODES[errorCodeOf(info.error)].retried || isClockSkewRetry(info.error);
}

/**
 * The retry strategy: throttling, 5xx, timeouts and connection errors are
 * retried with exponential backoff and full jitter, up to `maxAttempts`
 * attempts; answers that no retry can change (the daily email quota, the
 * pool's configuration, the user's own state) are not (see
 * {@link isRetryable}). Unlike
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
        async refreshRetryTokenForRetry(previous: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
            const count = previous.getRetryCount() + 1;
            if (!isRetryable(errorInfo) || count >= maxAttempts) {
                throw new Error("no more retries");
            }
            const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** count);
            return token(count, Math.floor(random() * ceiling));
        },
        recordSuccess(): void {},
    };
}
