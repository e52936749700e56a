/**
 * Engine tier: a stack written by release 0.1.0 (built from this repository's
 * history), upgraded mid-period. A `usernames` pool of 100 users in 4
 * batches on a staggered 6-hour rotation, adopted by 0.1.0 at 00:00 and run by
 * it at 02:00; then the same program on this release, every 2 hours, with a
 * change of `batches` (4 to 8) at 06:00. (100 users, so that every batch of
 * either count holds some: see the README on a change of `batches`.) The clock is
 * PULUMI_COGNITO_PASSWORD_RESET_NOW; every call is counted at the proxy.
 *
 * | run                                          | expected                                                   |
 * |----------------------------------------------|------------------------------------------------------------|
 * | 0.1.0: adoption at 00:00, a run at 02:00     | no call, then the users whose boundary passed              |
 * | this release at 02:00 (the upgrade)          | no call; every batch rewritten without a record per user   |
 * | every 2 hours to 12:00, batches 4 -> 8       | each run resets exactly the users whose boundary passed    |
 * |                                              | since the one before: once per period, none early or late  |
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { createUsers } from "../../dev/seed";
import { Proxy } from "../../dev/proxy";
import { REPO } from "../../dev/stack";
import { withPool } from "../support/fixtures";
import { batchOutputs, configure, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { buildRelease, RELEASE_0_1_0 } from "../support/release";
import { rotationPeriod } from "../../provider/core/rotation";

const POOL_PROGRAM = path.join(__dirname, "pool-program");
const WALL_CLOCK = "PULUMI_COGNITO_PASSWORD_RESET_NOW";
const RESET = "AdminResetUserPassword";
const POLICY = { every: "6h", anchor: "2026-06-01", stagger: true };
const HOUR = 3_600_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");
const NAMES = Array.from({ length: 100 }, (_, i) => `v${String(i).padStart(3, "0")}`);

/** The users reset at the endpoint since call `from`, sorted. */
function resetSince(proxy: Proxy, from: number): string[] {
    return proxy
        .succeeded(RESET)
        .filter((c) => proxy.calls.indexOf(c) >= from)
        .map((c) => String(c.body.Username))
        .sort();
}

/** The users whose current period, at `at`, began after `since`: those due at `at`. */
function dueBetween(pool: string, since: number, at: number): string[] {
    return NAMES.filter(
        (username) => rotationPeriod(POLICY, new Date(at), { userPoolId: pool, username }).start.getTime() > since,
    ).sort();
}

describe("engine: upgrading a stack written by 0.1.0", function () {
    this.timeout(900_000);
    let release: ReturnType<typeof buildRelease>;
    before(() => (release = buildRelease(RELEASE_0_1_0)));
    after(() => release?.remove());

    it("GIVEN a staggered usernames pool run by 0.1.0 WHEN upgraded mid-period, then run every 2 hours through a change of batches THEN the upgrade makes no call, and each run resets exactly the users whose boundary passed since the one before", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUsers(moto().endpoint, pool, NAMES);
            await withStack({ program: POOL_PROGRAM, nodeModules: release.nodeModules }, async (t) => {
                await configure(t.stack, {
                    userPoolId: pool,
                    usernames: NAMES,
                    endpoint: proxy.endpoint,
                    initialReset: "scheduled",
                    rotation: POLICY,
                    batches: 4,
                });
                const envVars = (t.stack.workspace as LocalWorkspace).envVars;
                const up = async (at: number) => {
                    envVars[WALL_CLOCK] = new Date(at).toISOString();
                    const from = proxy.calls.length;
                    const res = await t.stack.up({ color: "never" });
                    return { reset: resetSince(proxy, from), res };
                };

                // 0.1.0 adopts the pool, then resets the users whose boundary passed by 02:00.
                assert.deepEqual((await up(T0)).reset, [], "0.1.0's adoption reset someone");
                const old = await up(T0 + 2 * HOUR);
                assert.deepEqual(old.reset, dueBetween(pool, T0, T0 + 2 * HOUR));
                assert.ok(old.reset.length > 0, "no boundary passed before the upgrade");
                const recorded = await batchOutputs(t.stack);
                assert.ok(
                    recorded.every((b) => b.users && !b.ledger),
                    "0.1.0 records each user",
                );

                // The upgrade: this release's package, at the instant of the last run.
                fs.rmSync(path.join(t.dir, "node_modules"));
                fs.symlinkSync(path.join(REPO, "node_modules"), path.join(t.dir, "node_modules"), "dir");
                const upgrade = await up(T0 + 2 * HOUR);
                assert.deepEqual(upgrade.reset, [], "the upgrade reset someone");
                assert.equal(proxy.callsOf(RESET).length, old.reset.length, "the upgrade made a call");
                const rewritten = await batchOutputs(t.stack);
                assert.ok(
                    rewritten.every((b) => b.ledger && b.users === undefined),
                    "a batch still records each user",
                );

                // Every 2 hours after it, through a change of batches at 06:00.
                const resets = new Map<string, number>(old.reset.map((u) => [u, 1]));
                for (let at = T0 + 4 * HOUR; at <= T0 + 12 * HOUR; at += 2 * HOUR) {
                    if (at === T0 + 6 * HOUR) await t.stack.setConfig("batches", { value: "8" });
                    const run = await up(at);
                    assert.deepEqual(
                        run.reset,
                        dueBetween(pool, at - 2 * HOUR, at),
                        `the run at +${(at - T0) / HOUR} h`,
                    );
                    for (const u of run.reset) resets.set(u, (resets.get(u) ?? 0) + 1);
                }
                // 12 hours are 2 periods: each user's 2 boundaries after the adoption, each reset once.
                assert.deepEqual(
                    NAMES.map((u) => [u, resets.get(u) ?? 0]),
                    NAMES.map((u) => [u, 2]),
                );
            });
        });
    });
});
