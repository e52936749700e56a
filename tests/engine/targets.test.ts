/**
 * Engine tier: replacement, refresh, endpoint and region settings, and a
 * package upgrade, each through real `pulumi` runs against moto.
 *
 * | scenario                                        | contract point |
 * |-------------------------------------------------|----------------|
 * | username changed: replace; destroy: no call     | 4, 6           |
 * | refresh after the user chose a password; gone   | 7              |
 * | AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, region from the pool id | 9 |
 * | a different serialized provider in the state    | 13             |
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import { AdminDeleteUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { choosePassword, createUser, seedClient, userStatus } from "../../dev/seed";
import { declare, resetOutputs, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { Deployment, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

/** The stack's exported state with the reset's recorded userStatus set to `status`. */
async function withStatus(stack: Stack, status: string): Promise<Deployment> {
    const exported = await stack.exportStack();
    for (const r of exported.deployment.resources) {
        if (r.type.includes("dynamic")) r.outputs.userStatus = status;
    }
    return exported;
}

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };

describe("engine: targets, refresh and upgrades", function () {
    this.timeout(600_000);

    it("GIVEN a reset WHEN its username changes THEN it is replaced, the new user is reset, and neither delete nor destroy makes a call", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "bob");
            await createUser(moto().endpoint, pool, "carol");
            await withStack({}, async ({ stack }) => {
                await declare(stack, [{ name: "r", userPoolId: pool, username: "bob", endpoint: proxy.endpoint }]);
                await stack.up(NO_COLOR);
                await declare(stack, [{ name: "r", userPoolId: pool, username: "carol", endpoint: proxy.endpoint }]);
                const pre = await stack.preview({ ...NO_COLOR, diff: true });
                assert.deepEqual(pre.changeSummary, { same: 1, replace: 1 });
                assert.match(pre.stdout, /username\s*:\s*"bob" => "carol"/);
                const up = await stack.up(NO_COLOR);
                assert.deepEqual(up.summary.resourceChanges, { same: 1, replace: 1 });
                assert.deepEqual(
                    proxy.callsOf(RESET).map((c) => c.body.Username),
                    ["bob", "carol"],
                );
                assert.equal(await userStatus(moto().endpoint, pool, "carol"), "RESET_REQUIRED");
                const destroyed = await stack.destroy(NO_COLOR);
                assert.equal(destroyed.summary.resourceChanges?.delete, 2);
                assert.equal(proxy.calls.length, 2, "delete and destroy must not call Cognito");
            });
        });
    });

    it("GIVEN a reset user WHEN the user chooses a password and later disappears THEN refresh shows CONFIRMED, then drops the resource", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "dave");
            await withStack({}, async ({ stack }) => {
                await declare(stack, [{ name: "r", userPoolId: pool, username: "dave", endpoint: proxy.endpoint }]);
                await stack.up(NO_COLOR);
                await choosePassword(moto().endpoint, pool, "dave");

                const statusInState = async () =>
                    (await stack.exportStack()).deployment.resources.find((r: { type: string }) =>
                        r.type.includes("dynamic"),
                    ).outputs.userStatus;

                // Pulumi's default refresh reports only drift that a following `up` would undo; a status
                // change is not (no reset follows it), so the resource is "unchanged" but its output is updated.
                const quiet = await stack.refresh(NO_COLOR);
                assert.deepEqual(quiet.summary.resourceChanges, { same: 2 });
                assert.equal(proxy.callsOf("AdminGetUser").length, 1);
                assert.equal(await statusInState(), "CONFIRMED");

                // With output diffs (PULUMI_ENABLE_LEGACY_REFRESH_DIFF) it shows as drift of userStatus.
                await stack.up(NO_COLOR); // no-op; state keeps CONFIRMED
                await stack.importStack(await withStatus(stack, "RESET_REQUIRED"));
                (stack.workspace as LocalWorkspace).envVars.PULUMI_ENABLE_LEGACY_REFRESH_DIFF = "true";
                const drift = await stack.refresh(NO_COLOR);
                delete (stack.workspace as LocalWorkspace).envVars.PULUMI_ENABLE_LEGACY_REFRESH_DIFF;
                assert.deepEqual(drift.summary.resourceChanges, { same: 1, update: 1 });
                assert.equal(await statusInState(), "CONFIRMED");

                // drift alone never triggers a reset: only declared inputs decide
                const up = await stack.up(NO_COLOR);
                assert.deepEqual(up.summary.resourceChanges, { same: 2 });
                assert.equal(proxy.callsOf(RESET).length, 1);
                assert.equal(proxy.callsOf("AdminGetUser").length, 2);

                await seedClient(moto().endpoint).send(
                    new AdminDeleteUserCommand({ UserPoolId: pool, Username: "dave" }),
                );
                const gone = await stack.refresh(NO_COLOR);
                assert.equal(gone.summary.resourceChanges?.delete, 1);
                const after = (await stack.exportStack()).deployment.resources ?? [];
                assert.equal(after.filter((r: { type: string }) => r.type.includes("dynamic")).length, 0);
            });
        });
    });

    it("GIVEN no endpoint input WHEN AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER is set and the region comes from the pool id THEN the call goes there, signed for that region", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "erin");
            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: "ap-south-1" };
            await withStack({ env }, async ({ stack }) => {
                await declare(stack, [{ name: "r", userPoolId: pool, username: "erin" }]);
                await stack.up(NO_COLOR);
                const calls = proxy.callsOf(RESET);
                assert.equal(calls.length, 1);
                assert.equal(calls[0].body.UserPoolId, pool);
                assert.equal(calls[0].region, pool.split("_")[0], "signed for the pool's region, not AWS_REGION");
            });
        });
    });

    it("GIVEN resources created by one version WHEN the state holds a different serialized provider (a package upgrade) THEN preview and up change nothing and call nothing", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "frank");
            await withStack({}, async ({ stack }) => {
                await declare(stack, [
                    { name: "r", userPoolId: pool, username: "frank", rotationKey: "k1", endpoint: proxy.endpoint },
                ]);
                await stack.up(NO_COLOR);
                const before = proxy.calls.length;

                const exported = await stack.exportStack();
                const res = exported.deployment.resources.find((r: { type: string }) => r.type.includes("dynamic"));
                const older = `// serialized by an older release of this package\n${res.inputs.__provider}`;
                res.inputs.__provider = older;
                res.outputs.__provider = older;
                await stack.importStack(exported);

                const pre = await stack.preview(NO_COLOR);
                assert.deepEqual(pre.changeSummary, { same: 2 });
                const up = await stack.up(NO_COLOR);
                assert.deepEqual(up.summary.resourceChanges, { same: 2 });
                assert.equal(proxy.calls.length, before);
                assert.equal((await resetOutputs(stack)).r.resetCount, 1);
            });
        });
    });
});
