/**
 * Unit tier: the shared sliding-window rate limiter, on a simulated clock.
 */
import assert from "node:assert/strict";
import { Clock, DEFAULT_REQUESTS_PER_SECOND, parseRate, RateLimiter } from "../../provider/rate-limit";

/** A simulated clock: sleeping advances time instantly, in order of wake-up. */
function simulatedClock(): Clock & { t: number } {
    const c = {
        t: 0,
        now: () => c.t,
        sleep: async (ms: number) => {
            c.t += ms;
        },
    };
    return c;
}

/** The largest number of starts in any half-open window of 1,000 ms. */
function maxInAnyWindow(starts: number[]): number {
    let max = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
        while (starts[i] - starts[j] >= 1000) j++;
        max = Math.max(max, i - j + 1);
    }
    return max;
}

describe("rate limit", () => {
    // [limit per second, requests, mean gap between arrivals in ms]
    const table: [number, number, number][] = [
        [30, 600, 0],
        [30, 600, 10],
        [7, 200, 50],
        [100, 2000, 1],
    ];
    for (const [limit, n, gap] of table) {
        it(`GIVEN a limit of ${limit}/s and ${n} requests arriving every ~${gap} ms WHEN they run THEN no 1-second window exceeds ${limit}, and a backlog runs at the limit`, async () => {
            const clock = simulatedClock();
            const limiter = new RateLimiter(limit, clock);
            const starts: number[] = [];
            const pending: Promise<void>[] = [];
            let seed = 42;
            for (let i = 0; i < n; i++) {
                seed = (seed * 1103515245 + 12345) % 2 ** 31;
                const arrival = i * gap + (gap ? seed % gap : 0);
                if (clock.t < arrival) clock.t = arrival;
                pending.push(limiter.acquire().then(() => void starts.push(clock.now())));
            }
            await Promise.all(pending);
            assert.equal(starts.length, n);
            assert.ok(maxInAnyWindow(starts) <= limit, `max ${maxInAnyWindow(starts)} in a window`);
            if (gap === 0) {
                const rate = (n - 1) / ((starts[n - 1] - starts[0]) / 1000);
                assert.ok(rate >= 0.9 * limit, `backlog ran at ${rate.toFixed(1)}/s`);
            }
        });
    }

    it("GIVEN the setting WHEN parsed THEN unset means Cognito's default, 0/off means none, and garbage is named", () => {
        assert.equal(parseRate(undefined), DEFAULT_REQUESTS_PER_SECOND);
        assert.equal(parseRate("12.5"), 12.5);
        assert.equal(parseRate("off"), undefined);
        assert.equal(parseRate("0"), undefined);
        assert.match(String(parseRate("fast")), /PULUMI_COGNITO_PASSWORD_RESET_RATE must be a positive number/);
        assert.throws(() => new RateLimiter(0), /positive/);
    });
});
