/**
 * Engine tier: pools in several AWS accounts, each reached through its own
 * role (`assumeRole`), through real `pulumi up` runs against moto behind the
 * recording proxy. Moto's STS needs no such role in IAM: it issues temporary
 * credentials (ASIA...) for any role ARN and files every request signed with
 * them under the ARN's account, so a pool seeded with role A's credentials is
 * invisible to the default account and to role B's.
 *
 * | scenario                                                    | expected |
 * |-------------------------------------------------------------|----------|
 * | a reset in account A (role A, external id) and a pool of 3 in account B (role B); STS at the proxy | AssumeRole of each role over the default chain; every request for each pool signed with a key moto issued to that pool's role; every user RESET_REQUIRED; a second up changes and resets nothing; the external id only as a digest; a new session name: an update, no call |
 * | YAML, through the plugin: one provider instance per account, one resource giving its own role | the same signatures (the resource's role wins); a second up changes and resets nothing |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { withProxy } from "../../dev/proxy";
import type { Proxy, RecordedCall } from "../../dev/proxy";
import { LOCAL_CREDENTIALS } from "../../dev/credentials";
import { assumeRole, createPool, createUser, createUsers, REGION, uniqueName, userStatus } from "../../dev/seed";
import { configure, withStack } from "../support/engine";
import { installPlugin } from "../../dev/plugin";
import type { Stack } from "@pulumi/pulumi/automation";
import { issuedSessions, resetsByUser } from "../support/fixtures";
import { moto } from "../support/hooks";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const PROGRAM = path.join(__dirname, "accounts-program");
const YAML_PROGRAM = path.join(__dirname, "accounts-yaml");
const ACCOUNT_A = "111111111111";
const ACCOUNT_B = "222222222222";

/** The access key ids that signed `calls`. */
const keysOf = (calls: RecordedCall[]): Set<string | undefined> => new Set(calls.map((c) => c.accessKeyId));

/** What the endpoint saw, a line a request: for a failure's message. */
const seen = (calls: RecordedCall[]): string =>
    calls
        .map((c) => `${c.operation} ${c.body.UserPoolId ?? c.body.RoleArn ?? ""} by ${c.accessKeyId}: ${c.status}`)
        .join("\n");

/** Sets the program's `resources` as a secret config value. */
async function declareSecretly(stack: Stack, resources: unknown[]): Promise<void> {
    await stack.setConfig("resources", { value: JSON.stringify(resources), secret: true });
}

/** Two accounts, each with a role and a pool seeded through it: alice in A's pool, three users in B's. */
async function twoAccounts() {
    const endpoint = moto().endpoint;
    // Role names of their own, so that this run's sessions are told apart from any other test's in moto.
    const roleA = `arn:aws:iam::${ACCOUNT_A}:role/${uniqueName("rotator-a")}`;
    const roleB = `arn:aws:iam::${ACCOUNT_B}:role/${uniqueName("rotator-b")}`;
    const seedA = await assumeRole(endpoint, roleA);
    const seedB = await assumeRole(endpoint, roleB);
    const poolA = await createPool(endpoint, uniqueName("pool-a"), REGION, seedA);
    const poolB = await createPool(endpoint, uniqueName("pool-b"), REGION, seedB);
    await createUser(endpoint, poolA, "alice", "CONFIRMED", seedA);
    const usersB = ["bob", "carol", "dave"];
    await createUsers(endpoint, poolB, usersB, seedB);
    // Each pool lives in its own account: neither the default account nor the other role sees it.
    for (const creds of [undefined, seedB])
        await assert.rejects(userStatus(endpoint, poolA, "alice", creds), { name: "ResourceNotFoundException" });
    await assert.rejects(userStatus(endpoint, poolB, "bob", seedA), { name: "ResourceNotFoundException" });
    return { roleA, roleB, seedA, seedB, poolA, poolB, usersB };
}

/**
 * Every request but AssumeRole names one of the pools, and each pool's were
 * all answered 200 and signed with a key that moto's STS issued to that
 * pool's role (not to the seed's sessions).
 */
async function assertEachPoolByItsRole(proxy: Proxy, pairs: [pool: string, role: string][]): Promise<void> {
    const sessions = (await issuedSessions()).filter((s) => s.sessionName !== "seed");
    const issued = (role: string) => new Set(sessions.filter((s) => s.roleArn === role).map((s) => s.accessKeyId));
    const cognito = proxy.calls.filter((c) => c.operation !== "AssumeRole");
    const strays = cognito.filter((c) => !pairs.some(([pool]) => c.body.UserPoolId === pool));
    assert.deepEqual(
        strays.map((c) => c.operation),
        [],
        "every request is for one of the pools",
    );
    for (const [pool, role] of pairs) {
        const calls = cognito.filter((c) => c.body.UserPoolId === pool);
        assert.ok(calls.length > 0, `no request for ${pool}`);
        const unknown = [...keysOf(calls)].filter((k) => !issued(role).has(k!));
        assert.deepEqual(unknown, [], `requests for ${pool} signed with keys not issued to ${role}`);
        const failed = calls.filter((c) => c.status !== 200).map((c) => `${c.operation} ${c.status}`);
        assert.deepEqual(failed, [], `a request for ${pool} failed`);
    }
}

/**
 * Each pool's requests signed by its own role ({@link assertEachPoolByItsRole}),
 * and each user reset exactly once, in its own account.
 */
async function assertResetOnceByOwnRole(proxy: Proxy, a: Awaited<ReturnType<typeof twoAccounts>>): Promise<void> {
    await assertEachPoolByItsRole(proxy, [
        [a.poolA, a.roleA],
        [a.poolB, a.roleB],
    ]);
    const everyone = new Map([["alice", 1], ...a.usersB.map((u) => [u, 1] as [string, number])]);
    assert.deepEqual(resetsByUser(proxy), everyone);
    assert.equal(await userStatus(moto().endpoint, a.poolA, "alice", a.seedA), "RESET_REQUIRED");
    for (const u of a.usersB) assert.equal(await userStatus(moto().endpoint, a.poolB, u, a.seedB), "RESET_REQUIRED");
}

describe("engine: accounts", function () {
    this.timeout(600_000);

    it("GIVEN pools in two accounts, each reached through its own role WHEN up runs THEN every request for each pool is signed with that role's credentials, as seen at the endpoint; a second up resets nothing, the external id is recorded only as a digest, and a change of the role's session alone is an update with no call", async () => {
        const endpoint = moto().endpoint;
        const accounts = await twoAccounts();
        const { roleA, roleB, poolA, poolB } = accounts;
        const externalId = uniqueName("ext");
        await withProxy(endpoint, async (proxy) => {
            // STS is reached through the SDK's standard setting; Cognito through each resource's `endpoint`.
            await withStack({ program: PROGRAM, env: { AWS_ENDPOINT_URL_STS: proxy.endpoint } }, async ({ stack }) => {
                // Secret config, as a user keeps an external id (the stack's config is recorded with its providers).
                await declareSecretly(stack, [
                    {
                        kind: "reset",
                        name: "in-a",
                        args: {
                            userPoolId: poolA,
                            username: "alice",
                            endpoint: proxy.endpoint,
                            assumeRole: { roleArn: roleA, externalId, sessionName: "rotation-a" },
                        },
                    },
                    {
                        kind: "resets",
                        name: "in-b",
                        args: {
                            userPoolId: poolB,
                            usernames: accounts.usersB,
                            endpoint: proxy.endpoint,
                            assumeRole: { roleArn: roleB },
                        },
                    },
                ]);
                const up = (run: string) =>
                    stack.up(NO_COLOR).catch((err: Error) => {
                        throw new Error(
                            `the ${run} up failed; the endpoint saw:\n${seen(proxy.calls)}\n${err.message}`,
                        );
                    });
                await up("first");
                const afterFirst = proxy.calls.length;
                const second = await up("second");
                for (const [op, n] of Object.entries(second.summary.resourceChanges ?? {}))
                    assert.equal(op, "same", `the second up did ${n} ${op}`);
                assert.equal(
                    proxy.calls.slice(afterFirst).filter((c) => c.operation === RESET).length,
                    0,
                    "the second up reset a password",
                );

                // STS: each role assumed over the default chain, with what its resource declared.
                const sts = proxy.callsOf("AssumeRole");
                assert.deepEqual(
                    new Set(sts.map((c) => c.body.RoleArn)),
                    new Set([roleA, roleB]),
                    "AssumeRole of each role, and of no other, reached the STS endpoint",
                );
                assert.deepEqual(keysOf(sts), new Set([LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID]));
                for (const c of sts.filter((c) => c.body.RoleArn === roleA)) {
                    assert.equal(c.body.ExternalId, externalId);
                    assert.equal(c.body.RoleSessionName, "rotation-a");
                }
                for (const c of sts.filter((c) => c.body.RoleArn === roleB))
                    assert.equal(c.body.ExternalId, undefined, "role B declares no external id");

                await assertResetOnceByOwnRole(proxy, accounts);

                // The external id is a secret: only its digest is recorded, so it is not even in the decrypted
                // state of the resources (the stack's own secret config is recorded, encrypted, with its provider).
                const ours = (await stack.exportStack()).deployment.resources.filter(
                    (r: { type: string }) => !r.type.startsWith("pulumi:providers:"),
                );
                assert.ok(!JSON.stringify(ours).includes(externalId), "the external id is in the resources' state");
                assert.ok(JSON.stringify(ours).includes("digest:scrypt:"), "no digest of the external id was recorded");

                // A change of the role's session alone is an update with no reset.
                const before = proxy.callsOf(RESET).length;
                const resources = JSON.parse((await stack.getConfig("resources")).value);
                resources[0].args.assumeRole.sessionName = "rotation-a2";
                await declareSecretly(stack, resources);
                const third = await up("third");
                assert.equal(third.summary.resourceChanges?.update, 1, "the session name change is an update");
                assert.equal(proxy.callsOf(RESET).length, before, "a change of assumeRole alone reset a password");
            });
        });
    });
    it("GIVEN a YAML program with one plugin provider per account, and a resource that gives its own role WHEN up runs twice THEN each pool's requests are signed with its role's credentials (the resource's role winning over its provider's), and the second up changes and resets nothing", async () => {
        const endpoint = moto().endpoint;
        const accounts = await twoAccounts();
        const { roleA, roleB, poolA, poolB } = accounts;
        const externalId = uniqueName("ext");
        await withProxy(endpoint, async (proxy) => {
            const env = {
                AWS_ENDPOINT_URL_STS: proxy.endpoint,
                AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint,
            };
            await withStack({ program: YAML_PROGRAM, env }, async ({ stack, env: cliEnv, stateText }) => {
                installPlugin(cliEnv);
                await configure(stack, { poolA, poolB, roleA, roleB });
                await stack.setConfig("externalId", { value: externalId, secret: true });
                const up = await stack.up(NO_COLOR).catch((err: Error) => {
                    throw new Error(`the up failed; the endpoint saw:\n${seen(proxy.calls)}\n${err.message}`);
                });
                assert.equal(up.outputs.aliceStatus.value, "RESET_REQUIRED");
                const sts = proxy.callsOf("AssumeRole");
                assert.deepEqual(new Set(sts.map((c) => c.body.RoleArn)), new Set([roleA, roleB]));
                for (const c of sts.filter((c) => c.body.RoleArn === roleA))
                    assert.equal(c.body.ExternalId, externalId);
                await assertResetOnceByOwnRole(proxy, accounts);
                // The provider's external id is recorded as a digest; the stack's secret config, encrypted.
                assert.ok(!stateText().includes(externalId), "the external id is in the state in plain text");

                const second = await stack.up(NO_COLOR);
                for (const [op, n] of Object.entries(second.summary.resourceChanges ?? {}))
                    assert.equal(op, "same", `the second up did ${n} ${op}`);
                assert.equal(proxy.callsOf(RESET).length, 4, "the second up reset a password");
            });
        });
    });
});
