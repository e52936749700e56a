/**
 * Engine tier: two pipelines on one account. Two `pulumi up` runs at the same
 * time, each a stack of the pool program with its own pool, both against one
 * proxy that plays the account's request-rate quota (a token bucket shared by
 * every caller, as Cognito's per-account quota is). Each run's provider
 * process has its own adaptive limiter with the quota as its ceiling; they
 * never talk to each other, and only the throttling answers tell them to
 * share.
 *
 * | case                                          | expected                                                   |
 * |-----------------------------------------------|------------------------------------------------------------|
 * | 2 x 300 users, quota 30/s burst 5, ceiling 30 | every user reset once; while both run, >= 85 % of the quota used; < 5 % of all requests throttled |
 *
 * The endpoint holds the first resets until both runs have sent one, so the
 * two runs overlap for most of their resets whatever their processes' start.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { createPool, createUsers } from "../../dev/seed";
import { withStack } from "../support/engine";
import { moto, runAlone } from "../support/hooks";
import { RecordedCall, withProxy } from "../../dev/proxy";

const RESET = "AdminResetUserPassword";
const PROGRAM = path.join(__dirname, "pool-program");
const QUOTA = { perSecond: 30, burst: 5 };
const USERS_PER_RUN = 300;

async function configure(stack: Stack, pool: string, usernames: string[], endpoint: string): Promise<void> {
    await stack.setAllConfig({
        userPoolId: { value: pool },
        usernames: { value: JSON.stringify(usernames) },
        endpoint: { value: endpoint },
    });
}

/** The first and last arrival of a run's resets. */
function span(calls: RecordedCall[]): [number, number] {
    const times = calls.map((c) => c.at);
    return [Math.min(...times), Math.max(...times)];
}

describe("engine: two pipelines sharing one account's request quota", function () {
    this.timeout(300_000);
    // Its rate is measured at the endpoint: no other test file runs beside it.
    runAlone(this);

    it(`GIVEN two runs of ${USERS_PER_RUN} users each on one account with a quota of ${QUOTA.perSecond}/s WHEN both run at once THEN together they use >= 85 % of the quota while both run, with < 5 % of their requests throttled`, async () => {
        await withProxy(moto().endpoint, async (proxy) => {
            const pools = [await createPool(moto().endpoint), await createPool(moto().endpoint)];
            const names = pools.map((_, p) => Array.from({ length: USERS_PER_RUN }, (_, i) => `p${p}u${i}`));
            await Promise.all(pools.map((pool, p) => createUsers(moto().endpoint, pool, names[p])));
            proxy.setRateQuota({ ...QUOTA, operations: [RESET] });
            // Both runs' resets start together: the first ones wait at the
            // endpoint until a reset of each pool has arrived.
            proxy.holdUntil(RESET, (calls) =>
                pools.every((pool) => calls.some((c) => c.operation === RESET && c.body.UserPoolId === pool)),
            );
            const env = { PULUMI_COGNITO_PASSWORD_RESET_RATE: String(QUOTA.perSecond) };
            await withStack({ program: PROGRAM, env }, async (a) => {
                await withStack({ program: PROGRAM, env }, async (b) => {
                    await configure(a.stack, pools[0], names[0], proxy.endpoint);
                    await configure(b.stack, pools[1], names[1], proxy.endpoint);
                    const ups = await Promise.all([a.stack, b.stack].map((s) => s.up({ color: "never" })));
                    for (const up of ups) assert.equal(up.outputs.userCount.value, USERS_PER_RUN);
                });
            });

            const resets = proxy.callsOf(RESET);
            const byRun = pools.map((pool) => resets.filter((c) => c.body.UserPoolId === pool));
            for (const [p, calls] of byRun.entries()) {
                const reset = new Set(
                    calls.filter((c) => c.outcome === "forwarded" && c.status === 200).map((c) => c.body.Username),
                );
                assert.equal(reset.size, USERS_PER_RUN, `run ${p}: users reset`);
            }
            const [[a0, a1], [b0, b1]] = byRun.map(span);
            const from = Math.max(a0, b0);
            const to = Math.min(a1, b1);
            const seconds = (to - from) / 1000;
            assert.ok(seconds >= 5, `the runs overlapped for ${seconds.toFixed(1)} s only`);
            const accepted = resets.filter((c) => c.outcome === "forwarded" && c.at >= from && c.at <= to).length;
            const throughput = accepted / seconds / QUOTA.perSecond;
            const { throttled } = proxy.rateQuotaStats();
            const throttledShare = throttled / resets.length;
            console.log(
                `      both running for ${seconds.toFixed(1)} s: ${(accepted / seconds).toFixed(1)} accepted/s = ` +
                    `${(throughput * 100).toFixed(1)} % of the quota; ${throttled} of ${resets.length} requests ` +
                    `throttled (${(throttledShare * 100).toFixed(1)} %)`,
            );
            assert.ok(throughput >= 0.85, `the two runs used ${(throughput * 100).toFixed(1)} % of the quota`);
            assert.ok(throttledShare < 0.05, `${(throttledShare * 100).toFixed(1)} % of the requests were throttled`);
        });
    });
});
