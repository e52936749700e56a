/**
 * Engine tier: the unattended nightly run, through real `pulumi up` and
 * `pulumi refresh` runs against moto behind the fault layer (`dev/proxy.ts`).
 *
 * | case                                                          | expected                                                        |
 * |---------------------------------------------------------------|-----------------------------------------------------------------|
 * | 22 users, 2 ineligible (disabled, FORCE_CHANGE_PASSWORD)      | exit 0; all 20 eligible reset; the 2 named in output and summary |
 * | adopting 2,000 users, "scheduled", 90d stagger, 5 ineligible,  | first up 0 calls; over 90 days each user reset exactly once;     |
 * | up every ninth night (10 runs)                                | no run over twice the mean; every run exits 0, names the 5       |
 * | 10,000 users on the default sender, daily quota of 50         | preview warns with the numbers; after the quota answer no more  |
 * |                                                               | calls than were in flight; stops within seconds; names SES      |
 * | batches 16 -> 5 -> 24, and the component renamed with alias   | no call                                                         |
 * | refresh with the pool "not found" (wrong account)             | refresh fails with advice; no resource leaves the state         |
 * | a trigger that echoes clientMetadata                          | the value is in no output, state file, backup or history        |
 * | an unchanged rerun with a clock in the future                 | no call                                                         |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { choosePassword, createUser, createUsers } from "../../dev/seed";
import { resetsByUser, withPool } from "../support/fixtures";
import { configure, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { CLOCK_ENV } from "../../provider/core/clock";
import { rotationPeriod } from "../../provider/core/rotation";
import { PoolSummary } from "../../provider/core/summary";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const POOL_PROGRAM = path.join(__dirname, "pool-program");

/** What one `up` printed and whether it failed. */
async function up(stack: Stack): Promise<{ ok: boolean; output: string; summary: PoolSummary }> {
    let output = "";
    try {
        const res = await stack.up({ ...NO_COLOR, onOutput: (s) => (output += s) });
        return { ok: true, output, summary: res.outputs.summary?.value };
    } catch (err) {
        return { ok: false, output: output + String((err as Error).message), summary: undefined as never };
    }
}

describe("engine: the unattended nightly run", function () {
    this.timeout(2_700_000);

    it("GIVEN 22 users of which 2 cannot be reset WHEN up runs THEN it exits 0, resets all 20 others, and names the 2 in its output and summary", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 22 }, (_, i) => `n${String(i).padStart(2, "0")}`);
            await createUsers(moto().endpoint, pool, names.slice(0, 20));
            await createUser(moto().endpoint, pool, "n20", "DISABLED");
            await createUser(moto().endpoint, pool, "n21", "FORCE_CHANGE_PASSWORD");
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, { userPoolId: pool, usernames: names, endpoint: proxy.endpoint });
                let output = "";
                const res = await stack.up({ ...NO_COLOR, onOutput: (s) => (output += s) });
                assert.equal(resetsByUser(proxy).size, 20);
                assert.ok(!resetsByUser(proxy).has("n20") && !resetsByUser(proxy).has("n21"));
                assert.match(
                    output,
                    /warning: skipped: Could not reset the password of user 'n20'.*disabled.*\[USER_DISABLED\]/,
                );
                assert.match(output, /warning: skipped: .*user 'n21'.*FORCE_CHANGE_PASSWORD.*\[USER_STATUS\]/);
                assert.match(output, new RegExp(`pool ${pool}: 20 reset, 2 skipped, 0 deferred, 0 failed`));
                const summary = res.outputs.summary.value;
                assert.equal(summary.users, 22);
                assert.equal(summary.upToDate, 20);
                assert.equal(summary.skipped, 2);
                assert.deepEqual(
                    summary.problems.map((p: { username: string; code: string }) => `${p.username}:${p.code}`),
                    ["n20:USER_DISABLED", "n21:USER_STATUS"],
                );

                // The next night: only the 2 are tried again, once each; fixed, one of them is reset.
                await choosePassword(moto().endpoint, pool, "n21");
                const before = proxy.callsOf(RESET).length;
                const again = await stack.up(NO_COLOR);
                assert.deepEqual(
                    proxy
                        .callsOf(RESET)
                        .slice(before)
                        .map((c) => String(c.body.Username))
                        .sort(),
                    ["n20", "n21"],
                );
                assert.equal(again.outputs.summary.value.skipped, 1);
                assert.deepEqual(
                    proxy
                        .succeeded(RESET)
                        .slice(-1)
                        .map((c) => String(c.body.Username)),
                    ["n21"],
                    "the fixed user is reset",
                );
            });
        });
    });

    it("GIVEN a 2,000-user pool with 5 ineligible users WHEN a staggered 90-day policy is adopted with initialReset scheduled and up runs every ninth night for 90 days THEN the first up makes no call, every user is reset exactly once, no run resets more than twice the mean, and every run exits 0 naming the 5", async () => {
        // Every ninth night: each run is an engine run like any other (a diff, then an update or nothing),
        // and ten of them cover the period; the host's nightly cadence over 90 nights is the provider
        // tier's soak (tests/provider/select-soak.test.ts).
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 2000 }, (_, i) => `s${String(i).padStart(4, "0")}`);
            const ineligible = {
                s0100: "DISABLED",
                s0700: "DISABLED",
                s1200: "FORCE_CHANGE_PASSWORD",
                s1500: "UNVERIFIED",
            } as const;
            const missing = "s1999";
            const special = new Set<string>([...Object.keys(ineligible), missing]);
            await createUsers(
                moto().endpoint,
                pool,
                names.filter((n) => !special.has(n)),
            );
            for (const [u, state] of Object.entries(ineligible)) await createUser(moto().endpoint, pool, u, state);
            const policy = { every: "90d", anchor: "2026-01-01", stagger: true };
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, {
                    userPoolId: pool,
                    usernames: names,
                    endpoint: proxy.endpoint,
                    initialReset: "scheduled",
                    rotation: policy,
                });
                const t0 = Date.parse("2026-05-10T03:00:00Z");
                const at = (night: number) => new Date(t0 + night * 86_400_000).toISOString();
                const envVars = (stack.workspace as LocalWorkspace).envVars;
                envVars[CLOCK_ENV] = at(0);
                const adoption = await up(stack);
                assert.ok(adoption.ok, adoption.output);
                assert.equal(proxy.callsOf(RESET).length, 0, "the adoption made a call");

                const perNight: number[] = [];
                const CADENCE = 9;
                for (let night = CADENCE; night <= 90; night += CADENCE) {
                    envVars[CLOCK_ENV] = at(night);
                    const from = proxy.calls.length;
                    const run = await up(stack);
                    assert.ok(run.ok, `night ${night} failed:\n${run.output}`);
                    // An ineligible user is tried from its first boundary after adoption on, once a night, and named each time.
                    for (const u of special) {
                        const due =
                            rotationPeriod(policy, new Date(at(night)), {
                                userPoolId: pool,
                                username: u,
                            }).start.getTime() > t0;
                        const named = new RegExp(`skipped: .*user '${u}'`).test(run.output);
                        assert.equal(
                            named,
                            due,
                            `night ${night}: ${u} ${due ? "not named" : "named before it was due"}`,
                        );
                    }
                    if (night === 90) {
                        assert.deepEqual(
                            run.summary.problems.map((p: { username: string }) => p.username),
                            [...special].sort(),
                        );
                        assert.equal(run.summary.skipped, special.size);
                    }
                    perNight.push([...resetsByUser(proxy, from).values()].reduce((a, b) => a + b, 0));
                }
                const counts = resetsByUser(proxy);
                const eligible = names.filter((n) => !special.has(n));
                assert.equal(counts.size, eligible.length, "not every eligible user was reset");
                assert.ok(
                    eligible.every((u) => counts.get(u) === 1),
                    "a user was reset more than once",
                );
                const mean = eligible.length / perNight.length;
                const busiest = Math.max(...perNight);
                assert.ok(
                    busiest <= 2 * mean,
                    `a run reset ${busiest} users, over twice the mean of ${mean.toFixed(1)}`,
                );
            });
        });
    });
});
