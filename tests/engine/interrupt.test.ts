/**
 * Engine tier: interrupted whole-pool runs (1,000 users at 100 requests per
 * second, so that the resets last about ten seconds and the interruption
 * lands midway), then the documented recovery.
 *
 * | interruption        | recovery                       | expected                                           |
 * |---------------------|--------------------------------|----------------------------------------------------|
 * | SIGINT after 100 resets | `pulumi up`                | every user reset exactly once                      |
 * | SIGKILL of the CLI and its plugins after 100 resets | `pulumi cancel`, `pulumi up` | every user reset; those reset twice all belong to the batches the rerun reports as pending |
 * | the same, for the whole pool selected by rule (`select: { all: true }`, 4 batches) | the same | the same |
 */
import assert from "node:assert/strict";
import { resetsByUser, withPool } from "../support/fixtures";
import * as path from "node:path";
import { batchOf } from "../../provider/program/batch";
import { createUsers } from "../../dev/seed";
import { withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { runPulumi } from "../../dev/process";

const RESET = "AdminResetUserPassword";
const PROGRAM = path.join(__dirname, "pool-program");
const USERS = Array.from({ length: 1000 }, (_, i) => `k${i}`);
/** The run's rate ceiling: about ten seconds of resets, past the interruption at the 100th. */
const RATE = { PULUMI_COGNITO_PASSWORD_RESET_RATE: "100" };

/** How a pool names its users: a list (16 batches by default), or every user by rule (4 by default). */
const NAMED = {
    usernames: { config: { usernames: JSON.stringify(USERS) }, batches: 16 },
    select: { config: { select: JSON.stringify({ all: true }) }, batches: 4 },
};

for (const [signal, named] of [
    ["SIGINT", "usernames"],
    ["SIGKILL", "usernames"],
    ["SIGKILL", "select"],
] as const) {
    const { config, batches } = NAMED[named];
    describe(`engine: a whole-pool run interrupted by ${signal}${named === "select" ? ", users selected by rule" : ""}`, function () {
        this.timeout(900_000);

        it(`GIVEN 1,000 users${named === "select" ? " selected by { all: true }" : ""} WHEN pulumi up gets ${signal} midway and the documented recovery runs THEN every user ends reset, ${signal === "SIGINT" ? "none twice" : "and those reset twice are in the batches reported pending"}`, async () => {
            await withPool(async ({ pool, proxy }) => {
                await createUsers(moto().endpoint, pool, USERS);
                await withStack({ program: PROGRAM, skipDestroy: true, env: RATE }, async ({ stack, dir, env }) => {
                    await stack.setAllConfig({
                        userPoolId: { value: pool },
                        ...Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])),
                        endpoint: { value: proxy.endpoint },
                    });
                    const up = ["up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack.name];
                    // Midway: once 100 of the 1,000 resets have reached Cognito, however long the start took.
                    const signalWhen = () => proxy.succeeded(RESET).length >= 100;
                    const first = await runPulumi(up, { cwd: dir, env, signal, signalWhen });
                    assert.notEqual(first.code, 0, "the interrupted run must not succeed");
                    const atInterruption = proxy.succeeded(RESET).length;
                    assert.ok(
                        atInterruption > 0 && atInterruption < USERS.length,
                        `${atInterruption} resets before the interruption`,
                    );

                    if (signal === "SIGKILL") {
                        const cancel = await runPulumi(["cancel", "--yes", "--stack", stack.name], { cwd: dir, env });
                        assert.equal(cancel.code, 0, cancel.output);
                    }
                    const second = await runPulumi(up, { cwd: dir, env });
                    assert.equal(second.code, 0, second.output);

                    const counts = resetsByUser(proxy);
                    assert.equal(counts.size, USERS.length, "every user ends reset");
                    const twice = [...counts].filter(([, n]) => n > 1).map(([u]) => u);
                    if (signal === "SIGINT") {
                        assert.deepEqual(twice, [], "a SIGINT lets batches in flight finish: nobody is reset twice");
                    } else {
                        const pending = new Set(
                            [...second.output.matchAll(/pool-batch-(\d+), interrupted while/g)].map((m) =>
                                Number(m[1]),
                            ),
                        );
                        assert.match(second.output, /\d+ pending operations from previous deployment/);
                        assert.ok(pending.size > 0 && pending.size <= batches);
                        for (const u of twice)
                            assert.ok(
                                pending.has(batchOf(u, batches)),
                                `${u} was reset twice but its batch was not reported`,
                            );
                        assert.ok(twice.length <= atInterruption + 16 * 8, "only work in flight is repeated");
                    }
                });
            });
        });
    });
}
