/**
 * Unit tier: the retry strategy of the Cognito client layer.
 */
import assert from "node:assert/strict";
import { retryStrategy } from "../../provider/cognito-client";

describe("retry strategy", () => {
    it("GIVEN throttling WHEN retried THEN each delay is full jitter under a doubling ceiling capped at 5 s, until the attempts run out", async () => {
        const s = retryStrategy(6, () => 0.999);
        let token = await s.acquireInitialRetryToken();
        const delays: number[] = [];
        for (let i = 0; i < 5; i++) {
            token = await s.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" });
            delays.push(token.getRetryDelay());
        }
        assert.deepEqual(delays, [199, 399, 799, 1598, 3196]);
        await assert.rejects(s.refreshRetryTokenForRetry(token, { errorType: "THROTTLING" }), /no more retries/);
        const capped = retryStrategy(20, () => 0.999);
        let t = await capped.acquireInitialRetryToken();
        for (let i = 0; i < 10; i++) t = await capped.refreshRetryTokenForRetry(t, { errorType: "TRANSIENT" });
        assert.equal(t.getRetryDelay(), 4995);
    });

    it("GIVEN a client error WHEN asked to retry THEN it does not", async () => {
        const s = retryStrategy(15);
        await assert.rejects(
            s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: "CLIENT_ERROR" }),
        );
    });
});
