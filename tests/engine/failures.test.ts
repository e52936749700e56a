/**
 * Engine tier: what users see when things go wrong, through real `pulumi` runs.
 *
 * | case                                   | expected                                        | point |
 * |----------------------------------------|-------------------------------------------------|-------|
 * | bad pool id, username, region          | preview fails naming each field; no call made   | 10    |
 * | user does not exist                    | up fails naming pool, user, fix; nothing recorded; a rerun after the fix resets | 11 |
 * | user UNCONFIRMED                       | message says UNCONFIRMED and what to do          | 11    |
 * | Cognito throttles twice                | retried; up succeeds with one reset              | 11    |
 * | any failure                            | no metadata or credential in the output or state | 12    |
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import { createUser, userStatus } from "../../dev/seed";
import { declare, failureText, resetOutputs, withStack } from "../support/engine";
import { LOCAL_CREDENTIALS } from "../../dev/credentials";
import { moto } from "../support/hooks";
import { withProxy } from "../../dev/proxy";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const METADATA = { campaign: "meta-secret-93be" };
const SECRETS = [METADATA.campaign, LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY];

describe("engine: failures are early, clear and leave nothing behind", function () {
    this.timeout(600_000);

    it("GIVEN malformed inputs WHEN previewing THEN the preview fails naming each field and no call reaches Cognito", async () => {
        await withProxy(moto().endpoint, async (proxy) => {
            await withStack({}, async ({ stack }) => {
                await declare(stack, [
                    {
                        name: "a",
                        userPoolId: "not a pool id",
                        username: "has space",
                        region: "mars",
                        endpoint: proxy.endpoint,
                    },
                ]);
                const text = await failureText(() => stack.preview(NO_COLOR));
                assert.match(
                    text,
                    /property userPoolId value \{not a pool id\} has a problem: .*\[\\w-\]\+_\[0-9a-zA-Z\]\+/,
                );
                assert.match(text, /property username value \{has space\} has a problem: username must be letters/);
                assert.match(text, /property region value \{mars\} has a problem: region must be an AWS region name/);
                assert.equal(proxy.calls.length, 0);
            });
        });
    });

    it("GIVEN a user that does not exist WHEN up runs THEN it fails naming pool, user and fix, records nothing, and a rerun after the fix resets", async () => {
        await withPool(async ({ pool, proxy }) => {
            await withStack(
                { env: { TEST_CLIENT_METADATA: JSON.stringify(METADATA) } },
                async ({ stack, stateText }) => {
                    await declare(stack, [
                        {
                            name: "r",
                            userPoolId: pool,
                            username: "ghost",
                            endpoint: proxy.endpoint,
                            withMetadata: true,
                        },
                    ]);
                    const text = await failureText(() => stack.up(NO_COLOR));
                    assert.match(
                        text,
                        new RegExp(
                            `Could not reset the password of user 'ghost' in user pool '${pool}': the user does not exist`,
                        ),
                    );
                    assert.match(text, /Check the username/);
                    for (const s of SECRETS) assert.ok(!text.includes(s), `the failure output contains '${s}'`);
                    for (const s of SECRETS) assert.ok(!stateText().includes(s), `the state contains '${s}'`);
                    const resources = (await stack.exportStack()).deployment.resources ?? [];
                    assert.equal(
                        resources.filter((r: { type: string }) => r.type.includes("dynamic")).length,
                        0,
                        "a failed reset was recorded",
                    );
                    assert.equal(proxy.callsOf(RESET).length, 1);

                    await createUser(moto().endpoint, pool, "ghost");
                    const up = await stack.up(NO_COLOR);
                    assert.equal(up.summary.resourceChanges?.create, 1);
                    assert.equal(proxy.callsOf(RESET).length, 2);
                    assert.equal(await userStatus(moto().endpoint, pool, "ghost"), "RESET_REQUIRED");
                },
            );
        });
    });

    it("GIVEN an UNCONFIRMED user WHEN up runs THEN the message names the status and the way out", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "newbie", "UNCONFIRMED");
            await withStack({}, async ({ stack }) => {
                await declare(stack, [{ name: "r", userPoolId: pool, username: "newbie", endpoint: proxy.endpoint }]);
                const text = await failureText(() => stack.up(NO_COLOR));
                assert.match(text, new RegExp(`user 'newbie' in user pool '${pool}': its status is UNCONFIRMED`));
                assert.match(text, /AdminConfirmSignUp/);
            });
        });
    });

    it("GIVEN Cognito throttles the first two attempts WHEN up runs THEN the reset is retried and succeeds once", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "busy");
            let throttled = 0;
            proxy.setFaults((op) => (op === RESET && throttled++ < 2 ? "throttle" : undefined));
            await withStack({}, async ({ stack }) => {
                await declare(stack, [{ name: "r", userPoolId: pool, username: "busy", endpoint: proxy.endpoint }]);
                await stack.up(NO_COLOR);
                assert.deepEqual(
                    proxy.callsOf(RESET).map((c) => c.outcome),
                    ["throttle", "throttle", "forwarded"],
                );
                assert.equal(proxy.succeeded(RESET).length, 1);
                assert.equal((await resetOutputs(stack)).r.resetCount, 1);
            });
        });
    });
});
