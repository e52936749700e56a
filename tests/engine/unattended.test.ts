/**
 * Engine tier: what must never happen to an unattended run, through real
 * `pulumi` runs against moto behind the fault layer (`dev/proxy.ts`).
 *
 * | case                                                        | expected                                                           |
 * |-------------------------------------------------------------|--------------------------------------------------------------------|
 * | 10,000 users on the default sender, daily quota of 50       | preview warns with the numbers; up stops after the quota answer,  |
 * |                                                             | no more calls than were in flight, within seconds; names SES       |
 * | batches 16 -> 5 -> 24, then the component renamed (alias)   | no call                                                            |
 * | refresh with the pool "not found" or access denied          | refresh fails with advice; no resource leaves the state            |
 * | a trigger that echoes clientMetadata (single and pool)      | the value is in no output, state file, backup or history           |
 * | an unchanged rerun with a clock in the future               | no call                                                            |
 * | initialReset "scheduled" on a single reset                  | no call; reset at the first period boundary after adoption         |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { batchOf } from "../../provider/program/batch";
import { CLOCK_ENV } from "../../provider/core/clock";
import { createUser, createUsers } from "../../dev/seed";
import { batchOutputs, configure, declare, failureText, withStack } from "../support/engine";
import { summarize } from "../../provider/core/summary";
import { withPool } from "../support/fixtures";
import { moto } from "../support/hooks";
import { Fault } from "../../dev/proxy";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const POOL_PROGRAM = path.join(__dirname, "pool-program");
const SECRET = "echo-secret-5c1d9e";

describe("engine: an unattended run never does the wrong thing", function () {
    this.timeout(900_000);

    it("GIVEN 10,000 users on Cognito's default email sender WHEN previewed THEN it warns with the numbers; WHEN up meets the daily quota THEN it stops at once, sends no more than was in flight, names SES, and the rest stay due", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 10_000 }, (_, i) => `q${String(i).padStart(5, "0")}`);
            // Only the users that can be reached before the quota stops the run need to exist: each batch's first 40.
            const firsts = Array.from({ length: 16 }, (_, b) => names.filter((n) => batchOf(n, 16) === b).slice(0, 40));
            await createUsers(moto().endpoint, pool, firsts.flat());
            proxy.setEmailQuota(50);
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, { userPoolId: pool, usernames: names, endpoint: proxy.endpoint });
                let preview = "";
                await stack.preview({ ...NO_COLOR, onOutput: (s) => (preview += s) });
                const warned = new RegExp(
                    `pool ${pool} sends email with Cognito's default sender.*about 50 emails a day.*at least (\\d+) resets are due.*maxResetsPerRun.*SES`,
                ).exec(preview);
                assert.ok(warned, `no quota warning in the preview:\n${preview}`);
                assert.ok(Number(warned[1]) > 50, `the warning counts ${warned[1]} due`);
                assert.equal(proxy.callsOf(RESET).length, 0, "the preview sent a reset");

                const text = await failureText(() => stack.up(NO_COLOR));
                const calls = proxy.callsOf(RESET);
                const first = calls.findIndex((c) => c.outcome === "email-quota");
                assert.ok(first >= 0, "the quota was never met");
                const quotaAt = calls[first].doneAt ?? calls[first].at;
                // In flight when the quota answer left: arrived before it, answered after it.
                const inFlight = calls.filter((c) => c.at <= quotaAt && (c.doneAt ?? Infinity) > quotaAt).length;
                const after = calls.filter((c) => c.at > quotaAt).length;
                assert.ok(after <= inFlight, `${after} calls after the quota answer, ${inFlight} were in flight`);
                assert.match(text, /Sending to this pool stopped after this answer/);
                assert.match(text, /Amazon SES/);
                assert.match(text, /\[EMAIL_QUOTA\]/);
                // One batch reports it (the engine shows a resource's error twice: as it fails, and in the summary).
                const reporters = new Set(
                    [
                        ...text.matchAll(/\((pool-batch-\d+)\):\s+error: [^\n]*\n\s*\* Sending to this pool stopped/g),
                    ].map((m) => m[1]),
                );
                assert.equal(reporters.size, 1, `the quota is reported by ${[...reporters].join(", ")}`);
                const recorded = summarize(await batchOutputs(stack));
                assert.equal(recorded.upToDate, 50, "exactly the users whose reset was accepted are recorded");
            });
        });
    });

    it("GIVEN a recorded pool WHEN batches change 16 -> 5 -> 24 (with --parallel 64) and the component is renamed with an alias THEN no user is reset, and every moved batch saw its users' old batches", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 60 }, (_, i) => `m${i}`);
            await createUsers(moto().endpoint, pool, names);
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, { userPoolId: pool, usernames: names, endpoint: proxy.endpoint });
                await stack.up(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 60);
                // 16 -> 5: at most 5 batches wait, fewer than the engine's steps; 5 -> 24 needs --parallel above 24.
                for (const [batches, parallel] of [
                    [5, undefined],
                    [24, 64],
                ] as const) {
                    await configure(stack, { batches: String(batches) });
                    let output = "";
                    const res = await stack.up({ ...NO_COLOR, parallel, onOutput: (o) => (output += o) });
                    assert.doesNotMatch(output, /planned its moved users before/, `batches ${batches}`);
                    assert.equal(
                        proxy.callsOf(RESET).length,
                        60,
                        `batches ${batches} reset ${proxy
                            .callsOf(RESET)
                            .slice(60)
                            .map((c) => c.body.Username)}`,
                    );
                    assert.equal(res.outputs.userCount.value, 60);
                }
                await configure(stack, { name: "staff", aliases: ["pool"] });
                const renamed = await stack.up(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 60, "the rename reset someone");
                assert.equal(renamed.outputs.userCount.value, 60);
            });
        });
    });

    it("GIVEN recorded resets WHEN refresh runs with credentials for the wrong account (pool not found, or access denied) THEN it fails with advice and no resource leaves the state", async () => {
        await withPool(async ({ pool, proxy }) => {
            for (const u of ["ra", "rb"]) await createUser(moto().endpoint, pool, u);
            await withStack({}, async ({ stack }) => {
                await declare(
                    stack,
                    ["ra", "rb"].map((u) => ({ name: u, userPoolId: pool, username: u, endpoint: proxy.endpoint })),
                );
                await stack.up(NO_COLOR);
                const count = async () => (await stack.exportStack()).deployment.resources.length;
                const before = await count();
                for (const fault of ["ResourceNotFoundException", "AccessDeniedException"] as const) {
                    // AccessDeniedException is AWS's generic IAM answer, outside Cognito's own 13: the proxy answers any name.
                    proxy.setFaults((op) => (op === "AdminGetUser" ? (fault as Fault) : undefined));
                    const text = await failureText(() => stack.refresh(NO_COLOR));
                    assert.match(text, new RegExp(`Could not read user 'r[ab]' in user pool '${pool}'`));
                    assert.match(
                        text,
                        fault === "ResourceNotFoundException" ? /\[POOL_NOT_FOUND\]/ : /\[ACCESS_DENIED\]/,
                    );
                    assert.match(text, /account/);
                    assert.equal(await count(), before, `${fault}: a resource left the state`);
                }
                proxy.setFaults(undefined);
                await stack.refresh(NO_COLOR);
                assert.equal(await count(), before);
            });
        });
    });

    it("GIVEN a trigger that echoes clientMetadata WHEN a single reset and a pool run fail on it THEN the value is in no output, state file, backup or history", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "ea");
            await createUsers(moto().endpoint, pool, ["eb", "ec"]);
            proxy.setEchoTrigger(true);
            const env = { TEST_CLIENT_METADATA: JSON.stringify({ token: SECRET }) };
            await withStack({ env }, async ({ stack, stateText }) => {
                await declare(stack, [
                    { name: "ea", userPoolId: pool, username: "ea", endpoint: proxy.endpoint, withMetadata: true },
                ]);
                const text = await failureText(() => stack.up(NO_COLOR));
                assert.match(text, /\[LAMBDA_REJECTED\]/);
                assert.ok(
                    proxy.callsOf(RESET).some((c) => JSON.stringify(c.body).includes(SECRET)),
                    "not sent",
                );
                assert.ok(!text.includes(SECRET), "the secret is in the output");
                assert.ok(!stateText().includes(SECRET), "the secret is in the state, its backups or history");
            });
            await withStack({ program: POOL_PROGRAM, env }, async ({ stack, stateText }) => {
                await configure(stack, { userPoolId: pool, usernames: ["eb", "ec"], endpoint: proxy.endpoint });
                let output = "";
                const res = await stack.up({ ...NO_COLOR, onOutput: (s) => (output += s) });
                assert.equal(res.outputs.summary.value.skipped, 2);
                assert.match(output, /\[LAMBDA_REJECTED\]/);
                assert.ok(!output.includes(SECRET), "the secret is in the output");
                assert.ok(!JSON.stringify(res.outputs.summary.value).includes(SECRET), "the secret is in the summary");
                assert.ok(!stateText().includes(SECRET), "the secret is in the state, its backups or history");
            });
        });
    });

    it("GIVEN a clock in the future WHEN an unchanged program runs again THEN no call is made; GIVEN initialReset scheduled THEN create makes none and the first boundary after adoption resets", async () => {
        await withPool(async ({ pool, proxy }) => {
            for (const u of ["ca", "cb"]) await createUser(moto().endpoint, pool, u);
            await withStack({}, async ({ stack }) => {
                const envVars = (stack.workspace as LocalWorkspace).envVars;
                const rotation = { every: "30d", anchor: "2030-01-01" };
                await declare(stack, [
                    { name: "ca", userPoolId: pool, username: "ca", endpoint: proxy.endpoint, rotation },
                    {
                        name: "cb",
                        userPoolId: pool,
                        username: "cb",
                        endpoint: proxy.endpoint,
                        rotation,
                        initialReset: "scheduled",
                    },
                ]);
                envVars[CLOCK_ENV] = "2030-01-10T03:00:00Z";
                await stack.up(NO_COLOR);
                assert.deepEqual(
                    proxy.callsOf(RESET).map((c) => c.body.Username),
                    ["ca"],
                );
                await stack.up(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 1, "an unchanged rerun with a future clock made a call");
                envVars[CLOCK_ENV] = "2030-02-01T03:00:00Z";
                await stack.up(NO_COLOR);
                assert.deepEqual(
                    proxy
                        .callsOf(RESET)
                        .slice(1)
                        .map((c) => c.body.Username)
                        .sort(),
                    ["ca", "cb"],
                );
            });
        });
    });
});
