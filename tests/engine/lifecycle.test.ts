/**
 * Engine tier: the real `pulumi` CLI, its Node.js language host and the
 * dynamic-provider host run the engine-test program against moto, through a
 * recording proxy that shows exactly which calls reached Cognito.
 *
 * | scenario                                 | contract points |
 * |------------------------------------------|-----------------|
 * | create, rerun, rotate, metadata, remove  | 1 2 3 5 6 8 12  |
 * | username changed, destroy                | 4 6             |
 * | refresh: drift, user gone                | 7               |
 * | endpoint and region from the standard settings | 9         |
 * | bad input at preview                     | 10              |
 * | Cognito errors, then fixed               | 11 12           |
 * | package upgrade (new serialized provider)| 13              |
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import { choosePassword, createUser, userStatus } from "../../dev/seed";
import { declare, resetOutputs, withStack } from "../support/engine";
import { LOCAL_CREDENTIALS } from "../../dev/credentials";
import { moto } from "../support/hooks";
import { LocalWorkspace } from "@pulumi/pulumi/automation";

const RESET = "AdminResetUserPassword";
const METADATA = { reason: "meta-reason-c41d", ticket: "meta-value-7f3a91" };
const NO_COLOR = { color: "never" as const };

/** Asserts that none of the secrets appears in `text`. */
function assertNoLeak(text: string, where: string): void {
    for (const secret of [
        ...Object.values(METADATA),
        LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID,
    ]) {
        assert.ok(!text.includes(secret), `${where} contains '${secret}' in plain text`);
    }
}

describe("engine: UserPasswordReset through real pulumi runs", function () {
    this.timeout(600_000);

    it("GIVEN a verified user WHEN created, rerun, rotated, given new metadata and removed THEN it resets exactly on create and on rotation", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "alice");
            const base = {
                name: "alice",
                userPoolId: pool,
                username: "alice",
                endpoint: proxy.endpoint,
                withMetadata: true,
            };
            await withStack(
                { env: { TEST_CLIENT_METADATA: JSON.stringify(METADATA) } },
                async ({ stack, stateText }) => {
                    // 1. create: one call, with the pool, the user and the client metadata on the wire
                    await declare(stack, [{ ...base, rotationKey: "2026-Q3" }]);
                    const up1 = await stack.up(NO_COLOR);
                    assert.equal(up1.summary.resourceChanges?.create, 2);
                    const calls = proxy.callsOf(RESET);
                    assert.equal(calls.length, 1);
                    assert.deepEqual(calls[0].body, { UserPoolId: pool, Username: "alice", ClientMetadata: METADATA });
                    assert.equal(await userStatus(moto().endpoint, pool, "alice"), "RESET_REQUIRED");
                    // 8. outputs
                    let outs = (await resetOutputs(stack)).alice;
                    assert.equal(outs.resetCount, 1);
                    assert.equal(outs.userStatus, "RESET_REQUIRED");
                    assert.equal(outs.lastResetRotationKey, "2026-Q3");
                    assert.match(outs.lastResetAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
                    assert.ok(Math.abs(Date.parse(outs.lastResetAt) - Date.now()) < 10 * 60_000);
                    const firstResetAt = outs.lastResetAt;
                    // 12. secrets: metadata recorded as secret digests (README, Secrets), no credential
                    // anywhere in the state or the output
                    assertNoLeak(stateText(), "the state");
                    assertNoLeak(up1.stdout + up1.stderr, "the output of pulumi up");
                    const exported = JSON.stringify(await stack.exportStack());
                    assert.match(exported, /"clientMetadata":\{"4dabf18193072939515e22adb298388d"/);
                    const metaOut = (await stack.outputs()).clientMetadata;
                    assert.equal(metaOut.secret, true);
                    assert.deepEqual(Object.keys(metaOut.value.alice), Object.keys(METADATA));
                    for (const digest of Object.values(metaOut.value.alice as Record<string, string>))
                        assert.match(digest, /^digest:scrypt:[A-Za-z0-9_-]{43}$/);

                    // 2. rerun: the preview shows no change and no call is made
                    const pre2 = await stack.preview(NO_COLOR);
                    assert.deepEqual(pre2.changeSummary, { same: 2 });
                    const up2 = await stack.up(NO_COLOR);
                    assert.deepEqual(up2.summary.resourceChanges, { same: 2 });
                    assert.equal(proxy.callsOf(RESET).length, 1);

                    // 3. rotationKey changed: an in-place update naming rotationKey, one more call
                    await choosePassword(moto().endpoint, pool, "alice");
                    await declare(stack, [{ ...base, rotationKey: "2026-Q4" }]);
                    const pre3 = await stack.preview({ ...NO_COLOR, diff: true });
                    assert.deepEqual(pre3.changeSummary, { same: 1, update: 1 });
                    assert.match(pre3.stdout, /~ rotationKey\s*:\s*"2026-Q3" => "2026-Q4"/);
                    assert.equal(proxy.callsOf(RESET).length, 1, "preview made a call");
                    const up3 = await stack.up(NO_COLOR);
                    assert.deepEqual(up3.summary.resourceChanges, { same: 1, update: 1 });
                    assert.equal(proxy.callsOf(RESET).length, 2);
                    assert.equal(await userStatus(moto().endpoint, pool, "alice"), "RESET_REQUIRED");
                    outs = (await resetOutputs(stack)).alice;
                    assert.equal(outs.resetCount, 2);
                    assert.equal(outs.lastResetRotationKey, "2026-Q4");
                    assert.ok(outs.lastResetAt >= firstResetAt);

                    // 5. clientMetadata changed alone: recorded (still a secret), no reset
                    const newMeta = { reason: "audit-2f8c" };
                    (stack.workspace as LocalWorkspace).envVars.TEST_CLIENT_METADATA = JSON.stringify(newMeta);
                    const up5 = await stack.up(NO_COLOR);
                    assert.deepEqual(up5.summary.resourceChanges, { same: 1, update: 1 });
                    assert.equal(proxy.callsOf(RESET).length, 2);
                    assert.equal((await resetOutputs(stack)).alice.resetCount, 2);
                    const meta5 = (await stack.outputs()).clientMetadata;
                    assert.equal(meta5.secret, true);
                    assert.deepEqual(Object.keys(meta5.value.alice), ["reason"]);
                    assert.notEqual(meta5.value.alice.reason, metaOut.value.alice.reason, "a new value, a new digest");
                    assert.ok(!stateText().includes(newMeta.reason), "new metadata in plain text in the state");

                    // 6. removed from the program: deleted from the state, no call
                    await declare(stack, []);
                    const up6 = await stack.up(NO_COLOR);
                    assert.equal(up6.summary.resourceChanges?.delete, 1);
                    assert.equal(proxy.callsOf(RESET).length, 2);
                    assert.equal(proxy.calls.length, 2, "only the two resets reached Cognito");
                },
            );
        });
    });
});
