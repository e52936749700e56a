/**
 * The examples are real programs: `basic` runs with `pulumi up` against the
 * local Cognito; `with-user-pool` needs the AWS provider plugin, which cannot
 * be downloaded here, so it is type-checked against @pulumi/aws.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { createPool, createUser, userStatus } from "../support/cognito";
import { REPO, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { CLOCK_ENV } from "../../provider/clock";

const EXAMPLES = path.join(REPO, "examples");

describe("examples", function () {
    this.timeout(300_000);

    it("GIVEN examples/basic WHEN run with pulumi up and then a new rotationKey THEN the user is reset twice", async () => {
        const pool = await createPool(moto().endpoint);
        await createUser(moto().endpoint, pool, "alice");
        const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto().endpoint };
        await withStack({ program: path.join(EXAMPLES, "basic"), env }, async ({ stack }) => {
            await stack.setAllConfig({ userPoolId: { value: pool }, username: { value: "alice" } });
            const first = await stack.up({ color: "never" });
            assert.equal(first.outputs.resetCount.value, 1);
            assert.equal(await userStatus(moto().endpoint, pool, "alice"), "RESET_REQUIRED");
            await stack.setConfig("rotationKey", { value: "2026-Q4" });
            const second = await stack.up({ color: "never" });
            assert.equal(second.outputs.resetCount.value, 2);
        });
    });

    it("GIVEN examples/scheduled-rotation WHEN run on two nights of one period THEN each user is reset once, and the nightly rerun changes nothing", async () => {
        const pool = await createPool(moto().endpoint);
        await createUser(moto().endpoint, pool, "alice");
        await createUser(moto().endpoint, pool, "bob");
        const env: Record<string, string> = {
            AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto().endpoint,
            [CLOCK_ENV]: "2026-11-26T02:17:00Z",
        };
        await withStack({ program: path.join(EXAMPLES, "scheduled-rotation"), env }, async ({ stack }) => {
            await stack.setAllConfig({
                userPoolId: { value: pool },
                usernames: { value: JSON.stringify(["alice", "bob"]) },
            });
            const first = await stack.up({ color: "never" });
            assert.equal(first.summary.resourceChanges?.create, 3);
            const next = first.outputs.nextRotations.value as Record<string, string>;
            assert.deepEqual(Object.keys(next).sort(), ["alice", "bob"]);
            assert.notEqual(next.alice, next.bob, "staggered users fall due on different dates");
            (stack.workspace as LocalWorkspace).envVars[CLOCK_ENV] = "2026-11-27T02:17:00Z";
            const rerun = await stack.preview({ color: "never" });
            assert.deepEqual(rerun.changeSummary, { same: 3 });
        });
    });

    for (const example of ["basic", "with-user-pool", "scheduled-rotation"]) {
        it(`GIVEN examples/${example} WHEN type-checked strictly THEN tsc reports no error`, () => {
            const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
            const file = path.join(EXAMPLES, example, "index.ts");
            // Throws (with tsc's diagnostics) on any type error.
            execFileSync(
                process.execPath,
                [
                    tsc,
                    "--noEmit",
                    "--strict",
                    "--esModuleInterop",
                    "--skipLibCheck",
                    "--target",
                    "ES2022",
                    "--module",
                    "commonjs",
                    "--moduleResolution",
                    "node",
                    file,
                ],
                {
                    cwd: REPO,
                    encoding: "utf8",
                },
            );
        });
    }
});
