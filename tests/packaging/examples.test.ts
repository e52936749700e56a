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

    for (const example of ["basic", "with-user-pool"]) {
        it(`GIVEN examples/${example} WHEN type-checked strictly THEN tsc reports no error`, () => {
            const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
            const file = path.join(EXAMPLES, example, "index.ts");
            // Throws (with tsc's diagnostics) on any type error.
            execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--esModuleInterop", "--skipLibCheck", "--target", "ES2022", "--module", "commonjs", "--moduleResolution", "node", file], {
                cwd: REPO,
                encoding: "utf8",
            });
        });
    }
});
