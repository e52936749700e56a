/**
 * Engine tier: the unattended nightly run, through real `pulumi up` and
 * `pulumi refresh` runs against moto behind the fault layer (`tests/support/proxy.ts`).
 *
 * | case                                                          | expected                                                        |
 * |---------------------------------------------------------------|-----------------------------------------------------------------|
 * | 22 users, 2 ineligible (disabled, FORCE_CHANGE_PASSWORD)      | exit 0; all 20 eligible reset; the 2 named in output and summary |
 * | adopting 2,000 users, "scheduled", 90d stagger, 5 ineligible  | first up 0 calls; over 90 nights each user reset exactly once;   |
 * |                                                               | no night over twice the mean; every night exits 0, names the 5  |
 * | 10,000 users on the default sender, daily quota of 50         | preview warns with the numbers; after the quota answer no more  |
 * |                                                               | calls than were in flight; stops within seconds; names SES      |
 * | batches 16 -> 5 -> 24, and the component renamed with alias   | no call                                                         |
 * | refresh with the pool "not found" (wrong account)             | refresh fails with advice; no resource leaves the state         |
 * | a trigger that echoes clientMetadata                          | the value is in no output, state file, backup or history        |
 * | an unchanged rerun with a clock in the future                 | no call                                                         |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { choosePassword, createUser, createUsers } from "../support/cognito";
import { withPool } from "../support/fixtures";
import { declare, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { Proxy } from "../support/proxy";
import { CLOCK_ENV } from "../../provider/clock";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const POOL_PROGRAM = path.join(__dirname, "pool-program");

/** What one `up` printed and whether it failed. */
async function up(stack: Stack, env?: Record<string, string>): Promise<{ ok: boolean; output: string }> {
    let output = "";
    if (env) for (const [k, v] of Object.entries(env)) await stack.workspace.setEnvVar?.(k, v);
    try {
        await stack.up({ ...NO_COLOR, onOutput: (s) => (output += s) });
        return { ok: true, output };
    } catch (err) {
        return { ok: false, output: output + String((err as Error).message) };
    }
}

async function configurePool(stack: Stack, values: Record<string, unknown>): Promise<void> {
    const config: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(values)) config[k] = { value: typeof v === "string" ? v : JSON.stringify(v) };
    await stack.setAllConfig(config);
}

/** Resets per user that moto accepted, from the proxy's records (calls from `from` on). */
function resetsByUser(proxy: Proxy, from = 0): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of proxy.calls.slice(from))
        if (c.operation === RESET && c.outcome === "forwarded" && c.status === 200)
            counts.set(String(c.body.Username), (counts.get(String(c.body.Username)) ?? 0) + 1);
    return counts;
}

describe("engine: the unattended nightly run", function () {
    this.timeout(1_200_000);

    it("GIVEN 22 users of which 2 cannot be reset WHEN up runs THEN it exits 0, resets all 20 others, and names the 2 in its output and summary", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 22 }, (_, i) => `n${String(i).padStart(2, "0")}`);
            await createUsers(moto().endpoint, pool, names.slice(0, 20));
            await createUser(moto().endpoint, pool, "n20", "DISABLED");
            await createUser(moto().endpoint, pool, "n21", "FORCE_CHANGE_PASSWORD");
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configurePool(stack, { userPoolId: pool, usernames: names, endpoint: proxy.endpoint });
                let output = "";
                const res = await stack.up({ ...NO_COLOR, onOutput: (s) => (output += s) });
                assert.equal(resetsByUser(proxy).size, 20);
                assert.ok(!resetsByUser(proxy).has("n20") && !resetsByUser(proxy).has("n21"));
                assert.match(output, /warning: skipped: Could not reset the password of user 'n20'.*disabled.*\[USER_DISABLED\]/);
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
                assert.equal(again.outputs.resetCounts.value.n21, 1);
            });
        });
    });
});

export { declare, up };
