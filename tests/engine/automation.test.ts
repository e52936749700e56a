/**
 * Engine tier: examples/automation/nightly.ts, the nightly job through the
 * Automation API, run as a scheduler runs it (its own process, exit code
 * read) against a stack of the pool program on moto.
 *
 * | night                                            | expected                                                  |
 * |--------------------------------------------------|-----------------------------------------------------------|
 * | 4 users, 1 of them disabled                      | exit 0; progress streamed; "3 reset, … 1 skipped"; the    |
 * |                                                  | disabled user named with [USER_DISABLED]                  |
 * | the pool gone (every call answers not found)     | exit 1; "red", the pool and [POOL_NOT_FOUND]              |
 * | no arguments                                     | exit 2, the usage                                         |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { createUser, createUsers } from "../../dev/seed";
import { runCommand } from "../../dev/process";
import { withPool } from "../support/fixtures";
import { configure, REPO, TestStack, withStack } from "../support/engine";
import { moto } from "../support/hooks";

const JOB = path.join(REPO, "examples", "automation", "nightly.ts");
const POOL_PROGRAM = path.join(__dirname, "pool-program");

/** Runs the job for the stack as a scheduler would: its own process, in its own folder. */
function job(t: TestStack, args = [t.dir, t.stack.name]) {
    return runCommand(process.execPath, ["-r", "ts-node/register/transpile-only", JOB, ...args], {
        cwd: REPO,
        env: { ...t.env, PULUMI_COGNITO_PASSWORD_RESET_PROGRESS_SECONDS: "0" },
    });
}

describe("engine: the nightly job through the Automation API", function () {
    this.timeout(600_000);

    it("GIVEN 4 users, one disabled WHEN the job runs THEN it exits 0 with a report naming the skipped user; GIVEN the pool gone THEN it exits 1 naming the pool and the code; GIVEN no arguments THEN 2", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUsers(moto().endpoint, pool, ["ja", "jb", "jc"]);
            await createUser(moto().endpoint, pool, "jd", "DISABLED");
            await withStack({ program: POOL_PROGRAM }, async (t) => {
                await configure(t.stack, {
                    userPoolId: pool,
                    usernames: ["ja", "jb", "jc", "jd"],
                    endpoint: proxy.endpoint,
                });

                const green = await job(t);
                assert.equal(green.code, 0, green.output);
                assert.match(green.output, /Previewing update|Updating/, "the engine's progress is streamed");
                assert.match(green.output, /last run \(.*\): 3 reset, 0 adopted, 1 skipped, 0 deferred, 0 failed/);
                assert.match(green.output, /skipped: jd \[USER_DISABLED\]/);
                assert.match(green.output, /^green$/m);

                proxy.setFaults(() => "ResourceNotFoundException");
                await configure(t.stack, { rotationKey: "incident-1" });
                const red = await job(t);
                assert.equal(red.code, 1, red.output);
                assert.match(red.output, /^red: the nightly rotation of stack .* failed:/m);
                assert.match(red.output, new RegExp(`user pool '${pool}'.*\\[POOL_NOT_FOUND\\]`));

                const usage = await job(t, []);
                assert.equal(usage.code, 2);
                assert.match(usage.output, /usage: nightly\.ts <program folder> <stack>/);
            });
        });
    });
});
