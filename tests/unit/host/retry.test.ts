/**
 * Unit tier: the retry strategy of the Cognito client layer. The errors are
 * shaped as the AWS SDK v3 throws them, and `errorType` is what the SDK's
 * retry middleware (`@smithy/core` retry, `getRetryErrorType`) gives them:
 * LimitExceededException and TooManyRequestsException are THROTTLING, 5xx,
 * timeouts and refused connections TRANSIENT, other 4xx CLIENT_ERROR. The
 * strategy gets `{ errorType, error }` and must veto what no retry can change.
 */
import assert from "node:assert/strict";
import { isRetryable, RetryErrorInfo, retryStrategy } from "../../../provider/host/retry";

/** An AWS SDK v3 service exception. */
function sdkError(name: string, message: string, httpStatusCode: number, extra: object = {}): Error {
    return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, ...extra } });
}

const EMAIL_LIMIT = "Exceeded daily email limit for the operation or the account.";

/** Asks the strategy once for a retry after `info`; true when it grants one. */
async function grants(info: RetryErrorInfo, maxAttempts = 15): Promise<boolean> {
    const s = retryStrategy(maxAttempts, () => 0);
    try {
        await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), info);
        return true;
    } catch (err) {
        assert.match(String(err), /no more retries/);
        return false;
    }
}

describe("retry strategy: backoff", () => {
    // The README: "full-jitter backoff: before the n-th retry a random wait below
    // 100 ms × 2^n, at most 5 s". Worked by hand, retry by retry, for a random
    // draw r: the wait is r times the ceiling (200, 400, 800, 1600, 3200, then 5000 ms).
    const worked: [number, number[]][] = [
        [0.5, [100, 200, 400, 800, 1600, 2500, 2500]],
        [0.25, [50, 100, 200, 400, 800, 1250, 1250]],
        [0, [0, 0, 0, 0, 0, 0, 0]],
    ];
    for (const [r, waits] of worked) {
        it(`GIVEN throttling and a random draw of ${r} WHEN retried 7 times THEN the waits are ${waits.join(", ")} ms, and the 8th attempt is refused`, async () => {
            const s = retryStrategy(8, () => r);
            let token = await s.acquireInitialRetryToken();
            const delays: number[] = [];
            for (let i = 0; i < 7; i++) {
                token = await s.refreshRetryTokenForRetry(token, { errorType: i % 2 ? "TRANSIENT" : "THROTTLING" });
                delays.push(token.getRetryDelay());
            }
            assert.deepEqual(delays, waits);
            await assert.rejects(s.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" }), /no more retries/);
        });
    }

    it("GIVEN a draw just below 1 WHEN retried THEN every wait stays below its ceiling (full jitter never reaches it)", async () => {
        const s = retryStrategy(20, () => 0.9999);
        let token = await s.acquireInitialRetryToken();
        for (let n = 1; n < 20; n++) {
            token = await s.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" });
            const ceiling = Math.min(5_000, 100 * 2 ** n);
            assert.ok(token.getRetryDelay() < ceiling && token.getRetryDelay() >= ceiling * 0.999 - 1, `retry ${n}`);
        }
    });

    it("GIVEN a client error WHEN asked to retry THEN it does not", async () => {
        const s = retryStrategy(15);
        await assert.rejects(
            s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: "CLIENT_ERROR" }),
        );
    });

    it("GIVEN one attempt allowed (AWS_MAX_ATTEMPTS=1) WHEN a throttled call asks to retry THEN it does not", async () => {
        assert.equal(
            await grants({ errorType: "THROTTLING", error: sdkError("TooManyRequestsException", "", 400) }, 1),
            false,
        );
    });
});

describe("retry strategy: what is retried", () => {
    // [case, errorType the SDK gives it, the error, retried?]
    const table: [string, string, unknown, boolean][] = [
        // The SDK calls every LimitExceededException throttling; the daily email quota must not be asked again.
        ["the daily email quota", "THROTTLING", sdkError("LimitExceededException", EMAIL_LIMIT, 400), false],
        [
            "another LimitExceededException",
            "THROTTLING",
            sdkError("LimitExceededException", "Attempt limit exceeded", 400),
            true,
        ],
        [
            "TooManyRequestsException",
            "THROTTLING",
            sdkError("TooManyRequestsException", "Too many requests", 400),
            true,
        ],
        ["InternalErrorException", "TRANSIENT", sdkError("InternalErrorException", "Internal error", 500), true],
        ["a 503", "TRANSIENT", sdkError("ServiceUnavailable", "", 503), true],
        [
            "a request timeout",
            "TRANSIENT",
            Object.assign(new Error("a request has exceeded the configured 300 ms requestTimeout"), {
                name: "TimeoutError",
                code: "ETIMEDOUT",
            }),
            true,
        ],
        [
            "a refused connection",
            "TRANSIENT",
            Object.assign(new Error("connect ECONNREFUSED"), { name: "TimeoutError", code: "ECONNREFUSED" }),
            true,
        ],
        ["a reset connection", "TRANSIENT", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), true],
        // The pool's configuration: CLIENT_ERROR for the SDK today, and vetoed even if it were marked retryable.
        [
            "InvalidEmailRoleAccessPolicyException",
            "CLIENT_ERROR",
            sdkError("InvalidEmailRoleAccessPolicyException", "", 400),
            false,
        ],
        [
            "InvalidEmailRoleAccessPolicyException marked retryable",
            "TRANSIENT",
            sdkError("InvalidEmailRoleAccessPolicyException", "", 400),
            false,
        ],
        [
            "InvalidSmsRoleAccessPolicyException marked retryable",
            "TRANSIENT",
            sdkError("InvalidSmsRoleAccessPolicyException", "", 400),
            false,
        ],
        [
            "InvalidSmsRoleTrustRelationshipException marked retryable",
            "TRANSIENT",
            sdkError("InvalidSmsRoleTrustRelationshipException", "", 400),
            false,
        ],
        [
            "InvalidLambdaResponseException marked retryable",
            "TRANSIENT",
            sdkError("InvalidLambdaResponseException", "", 400),
            false,
        ],
        [
            "UnexpectedLambdaException marked retryable",
            "TRANSIENT",
            sdkError("UnexpectedLambdaException", "TimeOut", 400),
            false,
        ],
        ["ResourceNotFoundException", "CLIENT_ERROR", sdkError("ResourceNotFoundException", "", 400), false],
        // The user's own state.
        ["UserNotFoundException", "CLIENT_ERROR", sdkError("UserNotFoundException", "", 400), false],
        [
            "UserLambdaValidationException marked retryable",
            "TRANSIENT",
            sdkError("UserLambdaValidationException", "", 400),
            false,
        ],
        // The SDK retries a signature or access error once it has corrected its clock: kept.
        [
            "AccessDeniedException after a clock-skew correction",
            "TRANSIENT",
            sdkError("AccessDeniedException", "Signature not yet current", 400, { clockSkewCorrected: true }),
            true,
        ],
        ["AccessDeniedException", "CLIENT_ERROR", sdkError("AccessDeniedException", "", 400), false],
    ];
    for (const [name, errorType, error, retried] of table) {
        it(`GIVEN ${name} (${errorType}) WHEN the SDK asks for a retry THEN it is ${retried ? "" : "not "}retried`, async () => {
            assert.equal(isRetryable({ errorType, error }), retried);
            assert.equal(await grants({ errorType, error }), retried);
        });
    }

    it("GIVEN an SDK that passes no error WHEN asked THEN the SDK's errorType decides, as before", async () => {
        assert.equal(await grants({ errorType: "THROTTLING" }), true);
        assert.equal(await grants({ errorType: "TRANSIENT" }), true);
        assert.equal(await grants({ errorType: "SERVER_ERROR" }), true);
        assert.equal(await grants({ errorType: "CLIENT_ERROR" }), false);
    });
});
