/**
 * Engine tier: rotation by policy, with plain `pulumi up` runs (never a
 * refresh) and the clock set per run through PULUMI_COGNITO_PASSWORD_RESET_NOW.
 * Policy: every 30 days from 2026-01-01, so periods start on Jan 1, Jan 31,
 * Mar 2, Apr 1, May 1, May 31...
 *
 * | run at      | change                       | expected                              |
 * |-------------|------------------------------|---------------------------------------|
 * | 2026-03-10  | first deploy                 | reset (period Mar 2..Apr 1)           |
 * | 2026-03-20  | none, same period            | no change, no call                    |
 * | 2026-04-04  | none, 3 days into next period| reset; preview names rotationPeriod   |
 * | 2026-05-02  | none                         | reset: the boundary is May 1 from the anchor, not Apr 4 + 30 days (no drift) |
 * | 2026-05-10  | rotationKey set              | reset at once                         |
 * | 2026-05-20  | none                         | no change (period and key unchanged)  |
 * | 2026-05-20  | every: 7d (period from May 14)| reset: the new period began after the last reset |
 * | 2026-05-21  | every: 30d again             | recorded, no reset (period began before the last reset) |
 *
 * And the policy pack (at most 60 days): a stack without rotation, or with a
 * rotation longer than allowed, is blocked by `pulumi preview --policy-pack`;
 * a compliant one passes. The same for a whole pool (UserPasswordResets of 3
 * users in 2 batches):
 *
 * | program                  | rotation          | expected                                         |
 * |--------------------------|-------------------|--------------------------------------------------|
 * | UserPasswordReset        | none              | blocked: declares no rotation                    |
 * | UserPasswordReset        | 90d               | blocked: longer than the 60 days allowed          |
 * | UserPasswordReset        | 4w                | allowed                                          |
 * | UserPasswordResets       | none              | blocked, once per batch, naming component and pool |
 * | UserPasswordResets       | 90d               | blocked: longer than the 60 days allowed          |
 * | UserPasswordResets       | 30d, staggered    | allowed                                          |
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { CLOCK_ENV } from "../../provider/core/clock";
import { batchName, batchOf } from "../../provider/program/batch";
import { RotationPolicy, rotationPeriod } from "../../provider/core/rotation";
import { createPool, createUser } from "../../dev/seed";
import { Declared, declare, REPO, resetOutputs, withStack } from "../support/engine";
import { moto } from "../support/hooks";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const ANCHOR = "2026-01-01";
const POOL_PROGRAM = path.join(__dirname, "pool-program");

function setClock(stack: Stack, day: string): void {
    (stack.workspace as LocalWorkspace).envVars[CLOCK_ENV] = `${day}T12:00:00Z`;
}

describe("engine: rotation by policy", function () {
    this.timeout(600_000);

    it("GIVEN a 30-day policy WHEN pulumi up runs on a schedule THEN it resets once per period at anchored boundaries, and on a new key or a shorter period", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "rita");
            const base: Declared = {
                name: "r",
                userPoolId: pool,
                username: "rita",
                endpoint: proxy.endpoint,
                rotation: { every: "30d", anchor: ANCHOR },
            };
            await withStack({}, async ({ stack }) => {
                const resets = () => proxy.callsOf(RESET).length;
                const runAt = async (day: string, resources: Declared[] = [base]) => {
                    setClock(stack, day);
                    await declare(stack, resources);
                    const pre = await stack.preview({ ...NO_COLOR, diff: true });
                    const before = resets();
                    const up = await stack.up(NO_COLOR);
                    return { pre, up, calls: resets() - before, outs: (await resetOutputs(stack)).r };
                };

                let run = await runAt("2026-03-10");
                assert.equal(run.calls, 1);
                assert.equal(run.outs.lastResetAt, "2026-03-10T12:00:00.000Z");

                run = await runAt("2026-03-20");
                assert.deepEqual(run.pre.changeSummary, { same: 2 });
                assert.equal(run.calls, 0);

                run = await runAt("2026-04-04");
                assert.deepEqual(run.pre.changeSummary, { same: 1, update: 1 });
                assert.match(
                    run.pre.stdout,
                    /~ rotationPeriod\s*:\s*"2026-03-02T00:00:00Z..2026-04-01T00:00:00Z" => "2026-04-01T00:00:00Z..2026-05-01T00:00:00Z"/,
                );
                assert.equal(run.calls, 1);
                assert.equal(run.outs.resetCount, 2);

                run = await runAt("2026-05-02");
                assert.equal(run.calls, 1, "the May 1 boundary comes from the anchor, not from the last apply");
                assert.equal(run.outs.resetCount, 3);

                run = await runAt("2026-05-10", [{ ...base, rotationKey: "incident-42" }]);
                assert.equal(run.calls, 1, "a manual key resets at once");

                run = await runAt("2026-05-20", [{ ...base, rotationKey: "incident-42" }]);
                assert.equal(run.calls, 0);

                const weekly = { ...base, rotationKey: "incident-42", rotation: { every: "7d", anchor: ANCHOR } };
                assert.equal(
                    rotationPeriod(weekly.rotation!, new Date("2026-05-20T12:00:00Z")).start.toISOString(),
                    "2026-05-14T00:00:00.000Z",
                );
                run = await runAt("2026-05-20", [weekly]);
                assert.equal(run.calls, 1, "the shorter period began after the last reset");
                assert.equal(run.outs.resetCount, 5);

                run = await runAt("2026-05-21", [{ ...base, rotationKey: "incident-42" }]);
                assert.deepEqual(run.up.summary.resourceChanges, { same: 1, update: 1 });
                assert.equal(run.calls, 0, "the 30-day period began (May 1) before the last reset (May 20)");
                assert.equal(proxy.calls.length, 5, "five resets, and no other call (no refresh)");
            });
        });
    });

    describe("policy pack", () => {
        let root: string;
        let packDir: string;
        let configFile: string;
        before(() => {
            // The pack as the package ships it, with @pulumi/policy resolved from the repository.
            root = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-policy-"));
            packDir = path.join(root, "policy-pack");
            fs.mkdirSync(packDir);
            for (const f of fs.readdirSync(path.join(REPO, "policy-pack"))) {
                fs.copyFileSync(path.join(REPO, "policy-pack", f), path.join(packDir, f));
            }
            fs.symlinkSync(path.join(REPO, "dist"), path.join(root, "dist"), "dir");
            fs.symlinkSync(path.join(REPO, "node_modules"), path.join(packDir, "node_modules"), "dir");
            configFile = path.join(root, "policy-config.json");
            fs.writeFileSync(
                configFile,
                JSON.stringify({ "cognito-password-reset-rotation": { maxRotationDays: 60, requireRotation: true } }),
            );
        });
        after(() => fs.rmSync(root, { recursive: true, force: true }));

        const cases: { title: string; rotation?: { every: string }; blocked?: RegExp }[] = [
            { title: "no rotation", blocked: /declares no rotation/ },
            {
                title: "a 90-day rotation with at most 60 allowed",
                rotation: { every: "90d" },
                blocked: /rotates every 90d \(up to 90 days\), longer than the 60 days allowed/,
            },
            { title: "a 4-week rotation", rotation: { every: "4w" } },
        ];
        for (const c of cases) {
            it(`GIVEN ${c.title} WHEN previewed with the policy pack THEN it is ${c.blocked ? "blocked" : "allowed"}`, async () => {
                const pool = await createPool(moto().endpoint);
                await withStack({}, async ({ stack }) => {
                    await declare(stack, [
                        {
                            name: "p",
                            userPoolId: pool,
                            username: "pol",
                            endpoint: moto().endpoint,
                            rotation: c.rotation,
                        },
                    ]);
                    const opts = { ...NO_COLOR, policyPacks: [packDir], policyPackConfigs: [configFile] };
                    if (c.blocked) {
                        await assert.rejects(stack.preview(opts), (err: Error) => {
                            assert.match(err.message, /cognito-password-reset-rotation/);
                            assert.match(err.message, c.blocked!);
                            return true;
                        });
                    } else {
                        const pre = await stack.preview(opts);
                        assert.match(pre.stdout, /Policies:\s*\n\s*✅ cognito-password-reset@v0\.1\.0/);
                        assert.deepEqual(pre.changeSummary, { create: 2 });
                    }
                });
            });
        }

        // A whole pool: 3 users in 2 batches, each batch a resource the rule checks.
        const USERS = ["ann", "ben", "cat"];
        const BATCHES = [...new Set(USERS.map((u) => batchName("pool", batchOf(u, 2))))].sort();
        const poolCases: { title: string; rotation?: RotationPolicy; blocked?: RegExp }[] = [
            { title: "a UserPasswordResets without rotation", blocked: /declares no rotation; add rotation/ },
            {
                title: "a UserPasswordResets rotating every 90d with at most 60 allowed",
                rotation: { every: "90d" },
                blocked: /rotates every 90d \(up to 90 days\), longer than the 60 days allowed/,
            },
            { title: "a UserPasswordResets rotating every 30d, staggered", rotation: { every: "30d", stagger: true } },
        ];
        for (const c of poolCases) {
            it(`GIVEN ${c.title} WHEN previewed with the policy pack THEN it is ${c.blocked ? "blocked, naming the component and the pool once per batch" : "allowed"}`, async () => {
                assert.equal(BATCHES.length, 2, "the users fill both batches");
                const pool = await createPool(moto().endpoint);
                await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                    await stack.setAllConfig({
                        userPoolId: { value: pool },
                        usernames: { value: JSON.stringify(USERS) },
                        batches: { value: "2" },
                        endpoint: { value: moto().endpoint },
                        ...(c.rotation ? { rotation: { value: JSON.stringify(c.rotation) } } : {}),
                    });
                    const opts = { ...NO_COLOR, policyPacks: [packDir], policyPackConfigs: [configFile] };
                    if (c.blocked) {
                        await assert.rejects(stack.preview(opts), (err: Error) => {
                            assert.match(err.message, /cognito-password-reset-rotation/);
                            const reported = [
                                ...err.message.matchAll(
                                    new RegExp(
                                        `UserPasswordResets 'pool' in pool '${pool}' \\(batch '(pool-batch-\\d+)', \\d+ users?; reported once per batch\\) ${c.blocked!.source}`,
                                        "g",
                                    ),
                                ),
                            ].map((m) => m[1]);
                            assert.deepEqual([...new Set(reported)].sort(), BATCHES, err.message);
                            return true;
                        });
                    } else {
                        const pre = await stack.preview(opts);
                        assert.match(pre.stdout, /Policies:\s*\n\s*✅ cognito-password-reset@v0\.1\.0/);
                        // The stack, the component, its layout and its batches.
                        assert.deepEqual(pre.changeSummary, { create: 3 + BATCHES.length });
                    }
                });
            });
        }
    });
});
