/**
 * Unit tier: the shared adaptive rate limiter, on simulated clocks.
 *
 * | case                                                        | expected                                        |
 * |-------------------------------------------------------------|-------------------------------------------------|
 * | a backlog at limits 30, 7, 100                              | no 1-second window over the limit; ~the limit   |
 * | a throttle                                                  | rate x 0.7; a stale throttle changes nothing    |
 * | throttle-free answers after a decrease                      | +1/20 of the ceiling per second, up to it       |
 * | many throttles                                              | never below the minimum                         |
 * | errors of each kind                                         | throttled / answered / none as classified       |
 * | two processes on one 30/s bucket, adaptive vs fixed         | adaptive: >= 85 % of the quota, < 5 % throttled |
 * | each operation's quota category                             | as Cognito's quota table (reference)            |
 * | the ceiling settings per category                           | defaults 30 and 120; off; garbage named         |
 */
import assert from "node:assert/strict";
import {
    attemptSignal,
    categoryOf,
    categoryRates,
    Clock,
    DEFAULT_REQUESTS_PER_SECOND,
    parseRate,
    RateLimiter,
} from "../../../provider/host/rate-limit";
import { environmentProblems } from "../../../provider/host/client-config";
import { TokenBucket } from "../../../dev/quotas";
import { prng } from "../../support/random";

/** A simulated clock for one caller at a time: sleeping advances time instantly. */
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

/**
 * A simulated clock for many concurrent callers: `sleep` registers a timer and
 * `run` fires timers in time order (ties in order of registration), letting
 * every promise chain settle in between. Deterministic.
 */
class VirtualTime implements Clock {
    t = 0;
    private timers: { at: number; seq: number; wake: () => void }[] = [];
    private seq = 0;
    now = () => this.t;
    sleep = (ms: number) =>
        new Promise<void>((wake) => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }));
    async run(until: number): Promise<void> {
        const settle = () => new Promise((r) => setImmediate(r));
        await settle();
        while (this.timers.length > 0) {
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.timers.shift()!;
            if (next.at > until) break;
            this.t = next.at;
            next.wake();
            await settle();
        }
    }
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

/**
 * Two provider processes, each with its own limiter at ceiling 30/s and 16
 * workers with a backlog, share one account quota (a token bucket of 30/s,
 * burst 5). An answer takes `rttMs`; a throttled attempt is retried after a
 * backoff, as the SDK does. Returns the quota's counts over `seconds`.
 */
async function twoProcesses(
    adaptation: ConstructorParameters<typeof RateLimiter>[2],
    seconds: number,
    rttMs = 20,
): Promise<{ accepted: number; throttled: number }> {
    const time = new VirtualTime();
    const bucket = new TokenBucket(30, 5, time.now);
    const end = seconds * 1000;
    const random = prng(11);
    for (let p = 0; p < 2; p++) {
        const limiter = new RateLimiter(30, time, adaptation);
        for (let w = 0; w < 16; w++) {
            void (async () => {
                // the second process starts a little later, as two pipelines do
                await time.sleep(p * 700 + w);
                while (time.t < end) {
                    const startedAt = await limiter.acquire();
                    const ok = bucket.take();
                    await time.sleep(rttMs);
                    if (ok) limiter.succeeded(startedAt);
                    else {
                        limiter.throttled(startedAt);
                        await time.sleep(random() * 200);
                    }
                }
            })();
        }
    }
    await time.run(end);
    return { accepted: bucket.accepted, throttled: bucket.throttled };
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
            const jitter = prng(42);
            for (let i = 0; i < n; i++) {
                const arrival = i * gap + Math.floor(jitter() * gap);
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
        assert.throws(() => new RateLimiter(30, undefined, { decrease: 0 }), /decrease/);
    });
});

describe("rate limit: adapting to throttling (AIMD)", () => {
    it("GIVEN a limiter at its ceiling of 30/s WHEN an attempt is throttled THEN the rate drops to 21/s, and a throttle of an attempt that left before that drop changes nothing", async () => {
        const clock = simulatedClock();
        const limiter = new RateLimiter(30, clock);
        const early = await limiter.acquire();
        const alsoEarly = await limiter.acquire();
        clock.t += 100;
        limiter.throttled(early);
        assert.equal(limiter.rate, 21);
        limiter.throttled(alsoEarly);
        assert.equal(limiter.rate, 21, "a second answer of the same round counted again");
        const later = await limiter.acquire();
        limiter.throttled(later);
        assert.ok(Math.abs(limiter.rate - 14.7) < 1e-9, `rate ${limiter.rate}`);
    });

    it("GIVEN a rate lowered to 21/s WHEN attempts succeed over the next seconds THEN it climbs by 1.5/s per second (a twentieth of the ceiling) and stops at the ceiling", async () => {
        const clock = simulatedClock();
        const limiter = new RateLimiter(30, clock);
        limiter.throttled(await limiter.acquire());
        assert.equal(limiter.rate, 21);
        const rates: number[] = [];
        for (let s = 1; s <= 8; s++) {
            clock.t += 1000;
            limiter.succeeded(clock.t);
            rates.push(Math.round(limiter.rate * 1000) / 1000);
        }
        assert.deepEqual(rates, [22.5, 24, 25.5, 27, 28.5, 30, 30, 30]);
    });

    it("GIVEN endless throttling WHEN every attempt is throttled THEN the rate never goes below the minimum, and the pacing follows the rate", async () => {
        const clock = simulatedClock();
        const limiter = new RateLimiter(30, clock, { minimum: 2 });
        const starts: number[] = [];
        for (let i = 0; i < 40; i++) {
            const t = await limiter.acquire();
            starts.push(t);
            limiter.throttled(t);
        }
        assert.equal(limiter.rate, 2);
        const gap = starts[39] - starts[38];
        assert.ok(Math.abs(gap - 1050 / 2) < 1, `gap ${gap} ms at 2/s`);
    });

    // [error, signal]
    const signals: [unknown, string][] = [
        [{ name: "TooManyRequestsException", $metadata: { httpStatusCode: 400 } }, "throttled"],
        [
            {
                name: "LimitExceededException",
                message: "Attempt limit exceeded, please try after some time.",
                $metadata: { httpStatusCode: 400 },
            },
            "throttled",
        ],
        [
            {
                name: "LimitExceededException",
                message: "Exceeded daily email limit for the operation or the account.",
                $metadata: { httpStatusCode: 400 },
            },
            "none",
        ],
        [{ name: "UserNotFoundException", $metadata: { httpStatusCode: 400 } }, "answered"],
        [{ name: "InternalErrorException", $metadata: { httpStatusCode: 500 } }, "none"],
        [{ name: "Error", code: "ECONNRESET" }, "none"],
        [{ name: "SomethingNew", $metadata: { httpStatusCode: 429 } }, "throttled"],
    ];
    for (const [err, expected] of signals) {
        it(`GIVEN an attempt that failed with ${(err as { name: string }).name} (${String((err as { message?: string }).message ?? "")}) WHEN classified THEN it counts as ${expected}`, () => {
            assert.equal(attemptSignal(err), expected);
        });
    }

    it("GIVEN two processes sharing a 30/s quota (burst 5), each with a 30/s ceiling WHEN both run for a minute THEN adaptive limiters reach >= 85 % of the quota with < 5 % throttled, where fixed ones are throttled on over 30 % of theirs", async function () {
        this.timeout(60_000);
        const adaptive = await twoProcesses({}, 60);
        const fixed = await twoProcesses({ decrease: 1, increasePerSecond: 0 }, 60);
        const share = (r: { accepted: number; throttled: number }) => r.throttled / (r.accepted + r.throttled);
        const throughput = adaptive.accepted / 60 / 30;
        assert.ok(throughput >= 0.85, `adaptive reached ${(throughput * 100).toFixed(1)} % of the quota`);
        assert.ok(share(adaptive) < 0.05, `adaptive: ${(share(adaptive) * 100).toFixed(1)} % throttled`);
        assert.ok(share(fixed) > 0.3, `fixed: ${(share(fixed) * 100).toFixed(1)} % throttled`);
    });

    // Cognito's quota categories (developer guide, Quotas): the operation, its category.
    const categories: [string, string | undefined][] = [
        ["AdminResetUserPassword", "UserAccountRecovery"],
        ["AdminResetUserPasswordCommand", "UserAccountRecovery"],
        ["AdminGetUser", "UserRead"],
        ["AdminGetUserCommand", "UserRead"],
        ["ListUsers", "UserList"],
        ["ListUsersInGroup", "UserList"],
        ["DescribeUserPool", undefined],
    ];
    for (const [operation, category] of categories) {
        it(`GIVEN ${operation} WHEN its category is looked up THEN it is ${category ?? "none (not paced)"}`, () => {
            assert.equal(categoryOf(operation), category);
        });
    }

    // | environment     | UserAccountRecovery | UserRead | UserList | problem         |
    // |-----------------|---------------------|----------|----------|-----------------|
    // | nothing         | 30                  | 120      | 30       |                 |
    // | RATE=12         | 12                  | 120      | 30       |                 |
    // | READ_RATE=off   | 30                  | none     | 30       |                 |
    // | RATE=off        | none                | none     | none     |                 |
    // | READ_RATE=fast  | 30                  | none     | 30       | names READ_RATE |
    const RATE = "PULUMI_COGNITO_PASSWORD_RESET_RATE";
    const READ = "PULUMI_COGNITO_PASSWORD_RESET_READ_RATE";
    const settings: [
        Record<string, string>,
        number | undefined,
        number | undefined,
        number | undefined,
        RegExp | undefined,
    ][] = [
        [{}, 30, 120, 30, undefined],
        [{ [RATE]: "12" }, 12, 120, 30, undefined],
        [{ [READ]: "off" }, 30, undefined, 30, undefined],
        [{ [RATE]: "off" }, undefined, undefined, undefined, undefined],
        [{ [READ]: "fast" }, 30, undefined, 30, /^PULUMI_COGNITO_PASSWORD_RESET_READ_RATE must be a positive number/],
    ];
    for (const [env, recovery, read, list, problem] of settings) {
        it(`GIVEN ${JSON.stringify(env)} WHEN the ceilings are read THEN resets ${recovery ?? "unlimited"}, reads ${read ?? "unlimited"}${problem ? ", and a problem naming the variable" : ""}`, () => {
            const { rates, problems } = categoryRates(env);
            assert.deepEqual(rates, { UserAccountRecovery: recovery, UserRead: read, UserList: list });
            assert.equal(problems.length, problem ? 1 : 0);
            if (problem) {
                assert.match(problems[0], problem);
                const atPreview = environmentProblems(env);
                assert.deepEqual(
                    atPreview.map((p) => p.variable),
                    [READ],
                    "check reports it at preview",
                );
            }
        });
    }
});
