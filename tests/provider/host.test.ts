/**
 * Provider tier: the provider host's methods with the real AWS SDK client
 * against moto (through the fault-injecting proxy where a case needs it), no
 * Pulumi engine. Each case gets its own pool and proxy.
 *
 * | user / condition            | create throws           | message names            |
 * |-----------------------------|-------------------------|--------------------------|
 * | CONFIRMED, verified email   | (succeeds)              |                          |
 * | already RESET_REQUIRED      | (succeeds, no change)   |                          |
 * | disabled                    | UserDisabledError       | AdminEnableUser          |
 * | FORCE_CHANGE_PASSWORD       | UserStatusError         | the status, RESEND       |
 * | UNCONFIRMED                 | UserStatusError         | the status, AdminConfirmSignUp |
 * | no verified email or phone  | NoVerifiedContactError  | email_verified           |
 * | unknown user                | UserNotFoundError       |                          |
 * | unknown pool                | UserPoolNotFoundError   | userPoolId               |
 * | no credentials              | CredentialsError        | AWS_PROFILE              |
 * | endpoint refuses connections| EndpointUnreachableError| the endpoint settings    |
 * | always throttled            | ThrottledError          | --parallel               |
 * | 5xx then fine               | (succeeds, retried)     |                          |
 *
 * And listing a selection (ListUsersInGroup and ListUsers, every page, 60 a
 * page at most), with what moto answers for users that cannot be reset, and
 * the pacing per quota category: resets throttled by their category's
 * quota slow the resets' limit down, never the reads' (AdminGetUser).
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import { awsCognito } from "../../provider/host/cognito-client";
import { Run } from "../../provider/host/pool-run";
import {
    CognitoResetError,
    CredentialsError,
    EndpointUnreachableError,
    NoVerifiedContactError,
    ThrottledError,
    UserDisabledError,
    UserNotFoundError,
    UserPoolNotFoundError,
    UserStatusError,
} from "../../provider/host/errors";
import { createResetHost } from "../../provider/host/reset-host";
import { ResetOutputs } from "../../provider/core/types";
import {
    addToGroup,
    assumeRole,
    createPool,
    createUser,
    createUsers,
    REGION,
    SeedState,
    uniqueName,
    userStatus,
} from "../../dev/seed";
import { exclusionOf } from "../../provider/core/select";
import { categoryLimiter, RateLimiter, resetCategoryLimiters } from "../../provider/host/rate-limit";
import { moto } from "../support/hooks";
import { freePort } from "../../dev/moto";
import { withProxy } from "../../dev/proxy";
import { withEnv } from "../support/env";
import { forgetCredentials } from "../../provider/host/credentials";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NOW = new Date("2026-11-26T10:00:00.000Z");
/** The host of one run: each test is a provider process of its own, so one test's stop never reaches the next. */
let host = createResetHost({ cognito: awsCognito, now: () => NOW, run: new Run() });
beforeEach(() => {
    host = createResetHost({ cognito: awsCognito, now: () => NOW, run: new Run() });
});

async function createFails(inputs: Record<string, unknown>): Promise<CognitoResetError> {
    try {
        await host.create(inputs);
    } catch (err) {
        assert.ok(err instanceof CognitoResetError, `not a CognitoResetError: ${err}`);
        return err;
    }
    assert.fail("create should have failed");
}

/** Runs `work` while sampling each limiter's rate every 10 ms: the lowest rate each one reached. */
async function lowestRatesDuring<K extends string>(
    limiters: Record<K, RateLimiter>,
    work: () => Promise<unknown>,
): Promise<Record<K, number>> {
    const names = Object.keys(limiters) as K[];
    const lowest = Object.fromEntries(names.map((k) => [k, limiters[k].rate])) as Record<K, number>;
    const sample = () => names.forEach((k) => (lowest[k] = Math.min(lowest[k], limiters[k].rate)));
    const timer = setInterval(sample, 10);
    try {
        await work();
    } finally {
        clearInterval(timer);
        sample();
    }
    return lowest;
}
describe("provider: the host against moto", function () {
    this.timeout(120_000);

    it("GIVEN a CONFIRMED user WHEN created THEN one reset is made and the outputs record it", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "ann");
            const { id, outs } = await host.create({
                userPoolId: pool,
                username: "ann",
                endpoint: proxy.endpoint,
                rotationKey: "k",
            });
            assert.equal(id, `${pool}/ann`);
            assert.deepEqual(outs, {
                userPoolId: pool,
                username: "ann",
                endpoint: proxy.endpoint,
                rotationKey: "k",
                lastResetAt: NOW.toISOString(),
                resetCount: 1,
                lastResetRotationKey: "k",
                userStatus: "RESET_REQUIRED",
            });
            assert.equal(proxy.succeeded("AdminResetUserPassword").length, 1);
            assert.equal(await userStatus(moto().endpoint, pool, "ann"), "RESET_REQUIRED");

            // an already RESET_REQUIRED user: Cognito accepts a second reset
            const updated = await host.update(id, outs as ResetOutputs, { ...outs, rotationKey: "k2" });
            assert.equal(updated.outs?.resetCount, 2);
            assert.equal(proxy.succeeded("AdminResetUserPassword").length, 2);
        });
    });

    // [state, error class, text the message must contain]
    const stateCases: [SeedState, new (...a: never[]) => CognitoResetError, RegExp][] = [
        ["DISABLED", UserDisabledError, /the user is disabled\. Enable it \(AdminEnableUser\)/],
        ["FORCE_CHANGE_PASSWORD", UserStatusError, /its status is FORCE_CHANGE_PASSWORD; .*MessageAction=RESEND/],
        ["UNCONFIRMED", UserStatusError, /its status is UNCONFIRMED; .*AdminConfirmSignUp/],
        ["UNVERIFIED", NoVerifiedContactError, /no verified email address or phone number.*email_verified/],
    ];
    for (const [state, cls, text] of stateCases) {
        it(`GIVEN a user in state ${state} WHEN created THEN ${cls.name} names the pool, the user and the fix`, async () => {
            const pool = await createPool(moto().endpoint);
            await createUser(moto().endpoint, pool, "zed", state);
            const err = await createFails({ userPoolId: pool, username: "zed", endpoint: moto().endpoint });
            assert.ok(err instanceof cls, `${err.name}: ${err.message}`);
            assert.match(err.message, new RegExp(`user 'zed' in user pool '${pool}'`));
            assert.match(err.message, text);
        });
    }

    it("GIVEN an unknown user or pool WHEN created THEN UserNotFoundError / UserPoolNotFoundError", async () => {
        const pool = await createPool(moto().endpoint);
        const noUser = await createFails({ userPoolId: pool, username: "nobody", endpoint: moto().endpoint });
        assert.ok(noUser instanceof UserNotFoundError);
        const noPool = await createFails({
            userPoolId: "eu-west-1_Missing0",
            username: "nobody",
            endpoint: moto().endpoint,
        });
        assert.ok(noPool instanceof UserPoolNotFoundError);
        assert.match(noPool.message, /user pool 'eu-west-1_Missing0'.*does not exist \(region eu-west-1\)/);
    });

    it("GIVEN no credentials anywhere WHEN created THEN CredentialsError says how to provide them, and nothing is sent", async () => {
        await withProxy(moto().endpoint, async (proxy) => {
            const err = await withEnv(
                {
                    AWS_ACCESS_KEY_ID: undefined,
                    AWS_SECRET_ACCESS_KEY: undefined,
                    AWS_SESSION_TOKEN: undefined,
                    AWS_PROFILE: undefined,
                    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
                    AWS_CONFIG_FILE: "/nonexistent/config",
                    AWS_EC2_METADATA_DISABLED: "true",
                    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
                    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
                    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
                },
                () => createFails({ userPoolId: "eu-west-1_Abc123", username: "ann", endpoint: proxy.endpoint }),
            );
            assert.ok(err instanceof CredentialsError, `${err.name}: ${err.message}`);
            assert.match(err.message, /no AWS credentials were found.*AWS_PROFILE/);
            assert.equal(proxy.calls.length, 0);
        });
    });

    it("GIVEN an endpoint that refuses connections WHEN created THEN EndpointUnreachableError names the endpoint settings", async () => {
        const port = await freePort();
        const err = await withEnv({ AWS_MAX_ATTEMPTS: "2" }, () =>
            createFails({ userPoolId: "eu-west-1_Abc123", username: "ann", endpoint: `http://127.0.0.1:${port}` }),
        );
        assert.ok(err instanceof EndpointUnreachableError, `${err.name}: ${err.message}`);
        assert.match(
            err.message,
            /could not be reached \(region eu-west-1\).*AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER/,
        );
    });

    it("GIVEN Cognito always throttles WHEN created THEN the bounded retries end in ThrottledError; GIVEN a 5xx once THEN the retry succeeds", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "tom");
            proxy.setFaults(() => "throttle");
            const err = await withEnv({ AWS_MAX_ATTEMPTS: "3" }, () =>
                createFails({ userPoolId: pool, username: "tom", endpoint: proxy.endpoint }),
            );
            assert.ok(err instanceof ThrottledError, `${err.name}: ${err.message}`);
            assert.match(err.message, /kept throttling.*TooManyRequestsException/);
            assert.equal(proxy.calls.length, 3, "AWS_MAX_ATTEMPTS bounds the attempts");

            let failedOnce = false;
            proxy.setFaults(() => (failedOnce ? undefined : ((failedOnce = true), "server-error")));
            const { outs } = await host.create({ userPoolId: pool, username: "tom", endpoint: proxy.endpoint + "/" });
            assert.equal(outs?.resetCount, 1);
            assert.deepEqual(
                proxy.calls.slice(3).map((c) => c.outcome),
                ["server-error", "forwarded"],
            );
        });
    });

    it("GIVEN a reset user WHEN read THEN the status is current; WHEN the user is gone THEN the id is empty", async () => {
        const pool = await createPool(moto().endpoint);
        await createUser(moto().endpoint, pool, "una");
        const props = { userPoolId: pool, username: "una", endpoint: moto().endpoint } as ResetOutputs;
        const read = await host.read(`${pool}/una`, { ...props, userStatus: "RESET_REQUIRED" });
        assert.equal(read.props?.userStatus, "CONFIRMED");
        const gone = await host.read(`${pool}/nobody`, { ...props, username: "nobody" });
        assert.equal(gone.id, "");
    });

    it("GIVEN resets throttled by their category's quota WHEN AdminGetUser runs at the same time THEN the reset limit slows down and the read limit keeps its ceiling", async () => {
        await withPool(async ({ pool, proxy }) => {
            const users = Array.from({ length: 12 }, (_, i) => `cat${i}`);
            await createUsers(moto().endpoint, pool, users);
            // Cognito's quota of the account-recovery category only, far below the limiter's 30/s.
            proxy.setRateQuota({ perSecond: 5, burst: 2, operations: ["AdminResetUserPassword"] });
            const resets = categoryLimiter("UserAccountRecovery", REGION)!;
            const reads = categoryLimiter("UserRead", REGION)!;
            const resetsBefore = resets.rate;
            const target = (username: string) => ({ userPoolId: pool, username, endpoint: proxy.endpoint });
            const lowest = await lowestRatesDuring({ resets, reads }, () =>
                Promise.all([
                    ...users.map((u) => awsCognito.resetPassword(target(u))),
                    ...users.map((u) => awsCognito.getUserStatus(target(u))),
                    ...users.map((u) => awsCognito.getUserStatus(target(u))),
                ]),
            ).finally(() => proxy.setRateQuota(undefined));
            assert.ok(
                proxy.callsOf("AdminResetUserPassword").some((c) => c.outcome === "rate-quota"),
                "no reset was throttled",
            );
            assert.ok(lowest.resets < resetsBefore, "the reset limit never slowed");
            // Cognito's documented UserRead quota: 120 requests per second.
            assert.equal(lowest.reads, 120, "throttled resets slowed the reads");
            assert.equal(proxy.callsOf("AdminGetUser").length, 2 * users.length);
            assert.ok(proxy.callsOf("AdminGetUser").every((c) => c.outcome === "forwarded"));
        });
    });

    it("GIVEN resets throttled in one region WHEN a pool in another region resets at the same time THEN only the throttled region's limit slows, as Cognito's quotas are per region", async () => {
        await withPool(async ({ pool, proxy }) => {
            resetCategoryLimiters(); // both regions' limits start at their ceiling
            const other = "us-east-1";
            const pool2 = await createPool(moto().endpoint, undefined, other);
            const users = Array.from({ length: 10 }, (_, i) => `reg${i}`);
            await createUsers(moto().endpoint, pool, users);
            await createUsers(moto().endpoint, pool2, users);
            let throttles = 4;
            proxy.setFaults((op, body) =>
                op === "AdminResetUserPassword" && body.UserPoolId === pool && throttles-- > 0 ? "throttle" : undefined,
            );
            const here = categoryLimiter("UserAccountRecovery", REGION)!;
            const there = categoryLimiter("UserAccountRecovery", other)!;
            assert.notEqual(here, there);
            const ceiling = there.rate;
            const reset = (userPoolId: string) => (username: string) =>
                awsCognito.resetPassword({ userPoolId, username, endpoint: proxy.endpoint });
            const lowest = await lowestRatesDuring({ here, there }, () =>
                Promise.all([...users.map(reset(pool)), ...users.map(reset(pool2))]),
            ).finally(() => proxy.setFaults(undefined));
            assert.ok(lowest.here < ceiling, "the throttled region's limit never slowed");
            // Cognito's documented UserAccountRecovery quota: 30 requests per second.
            assert.equal(lowest.there, 30, "throttling in one region slowed the other");
            const calls = proxy.callsOf("AdminResetUserPassword");
            assert.ok(
                calls
                    .filter((c) => c.body.UserPoolId === pool2)
                    .every((c) => c.outcome === "forwarded" && c.region === other),
            );
            assert.equal(proxy.succeeded("AdminResetUserPassword").length, 2 * users.length);
        });
    });

    it("GIVEN resets throttled in one account WHEN a pool of another account, in the same region, resets at the same time THEN only the throttled account's limit slows, as Cognito's quotas are per account", async () => {
        await withPool(async ({ proxy }) => {
            resetCategoryLimiters();
            const [a, b] = ["111111111111", "222222222222"];
            const roleOf = (account: string) => `arn:aws:iam::${account}:role/${uniqueName("rotator")}`;
            const roles = { [a]: roleOf(a), [b]: roleOf(b) };
            const seeds = {
                [a]: await assumeRole(moto().endpoint, roles[a]),
                [b]: await assumeRole(moto().endpoint, roles[b]),
            };
            const users = Array.from({ length: 10 }, (_, i) => `acc${i}`);
            const pools: Record<string, string> = {};
            for (const account of [a, b]) {
                pools[account] = await createPool(moto().endpoint, undefined, REGION, seeds[account]);
                await createUsers(moto().endpoint, pools[account], users, seeds[account]);
            }
            let throttles = 4;
            proxy.setFaults((op, body) =>
                op === "AdminResetUserPassword" && body.UserPoolId === pools[a] && throttles-- > 0
                    ? "throttle"
                    : undefined,
            );
            const here = categoryLimiter("UserAccountRecovery", REGION, a)!;
            const there = categoryLimiter("UserAccountRecovery", REGION, b)!;
            const ceiling = there.rate;
            const reset = (account: string) => (username: string) =>
                awsCognito.resetPassword({
                    userPoolId: pools[account],
                    username,
                    endpoint: proxy.endpoint,
                    assumeRole: { roleArn: roles[account] },
                });
            const lowest = await withEnv({ AWS_ENDPOINT_URL_STS: moto().endpoint }, () =>
                lowestRatesDuring({ here, there }, () => Promise.all([...users.map(reset(a)), ...users.map(reset(b))])),
            ).finally(() => proxy.setFaults(undefined));
            assert.ok(lowest.here < ceiling, "the throttled account's limit never slowed");
            // Cognito's documented UserAccountRecovery quota: 30 requests per second.
            assert.equal(lowest.there, 30, "throttling in one account slowed the other");
            assert.equal(proxy.succeeded("AdminResetUserPassword").length, 2 * users.length);
            for (const account of [a, b])
                for (const u of users)
                    assert.equal(
                        await userStatus(moto().endpoint, pools[account], u, seeds[account]),
                        "RESET_REQUIRED",
                    );
        });
    });

    it("GIVEN pools reached through the default chain and through a profile WHEN they reset at once THEN each is paced by its own account: the profile's from its aws_account_id, the default chain's from STS GetCallerIdentity", async () => {
        await withPool(async ({ pool, proxy }) => {
            resetCategoryLimiters();
            forgetCredentials();
            const dir = mkdtempSync(join(tmpdir(), "profiles-"));
            try {
                // Keys of moto's default account, said to be of another one: only the pacing reads aws_account_id.
                writeFileSync(
                    join(dir, "credentials"),
                    "[tenant]\naws_access_key_id = AKIATESTTESTTESTTEST\naws_secret_access_key = test\naws_account_id = 222222222222\n",
                );
                const users = Array.from({ length: 8 }, (_, i) => `pr${i}`);
                await createUsers(moto().endpoint, pool, users);
                const env = {
                    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
                    AWS_CONFIG_FILE: join(dir, "config"),
                    AWS_ENDPOINT_URL_STS: proxy.endpoint,
                };
                let throttles = 3;
                proxy.setFaults((op, body) =>
                    op === "AdminResetUserPassword" && String(body.Username).endsWith("1") && throttles-- > 0
                        ? "throttle"
                        : undefined,
                );
                const tenant = categoryLimiter("UserAccountRecovery", REGION, "222222222222")!;
                const own = categoryLimiter("UserAccountRecovery", REGION, "123456789012")!;
                const ceiling = own.rate;
                const reset = (profile?: string) => (username: string) =>
                    awsCognito.resetPassword({ userPoolId: pool, username, endpoint: proxy.endpoint, profile });
                const lowest = await withEnv(env, () =>
                    lowestRatesDuring({ tenant, own }, () =>
                        Promise.all([...users.slice(0, 4).map(reset("tenant")), ...users.slice(4).map(reset())]),
                    ),
                ).finally(() => proxy.setFaults(undefined));
                // pr1 (the profile's) was throttled: its account's limit slowed; the default chain's did not.
                assert.ok(lowest.tenant < ceiling, "the profile's account limit never slowed");
                assert.equal(lowest.own, ceiling, "the default chain's account limit slowed");
                assert.equal(
                    proxy.callsOf("GetCallerIdentity").length,
                    1,
                    "GetCallerIdentity once, for the default chain",
                );
                assert.equal(proxy.succeeded("AdminResetUserPassword").length, users.length);
            } finally {
                // The accounts found stay known: the later tests' default chain is not asked again.
                rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    it("GIVEN a group of 70 members, 3 of them ineligible, and users outside it WHEN the group, a filter and the whole pool are listed THEN every page comes back, and each user's eligibility is what a reset would answer", async () => {
        await withPool(async ({ pool, proxy }) => {
            const members = Array.from({ length: 67 }, (_, i) => `m${String(i).padStart(2, "0")}`);
            await createUsers(moto().endpoint, pool, [...members, "ops-1", "ops-2"]);
            const odd: [string, SeedState][] = [
                ["x-disabled", "DISABLED"],
                ["x-forced", "FORCE_CHANGE_PASSWORD"],
                ["x-unverified", "UNVERIFIED"],
            ];
            for (const [u, state] of odd) await createUser(moto().endpoint, pool, u, state);
            await addToGroup(moto().endpoint, pool, "admins", [...members, ...odd.map(([u]) => u)]);
            const at = { userPoolId: pool, endpoint: proxy.endpoint };

            const group = await awsCognito.listUsers!(at, { group: "admins" });
            assert.deepEqual(group.map((u) => u.username).sort(), [...members, ...odd.map(([u]) => u)].sort());
            assert.ok(proxy.callsOf("ListUsersInGroup").length >= 2, "70 members fit in one page of 60");
            assert.ok(proxy.callsOf("ListUsersInGroup").every((c) => Number(c.body.Limit) <= 60));
            const why = Object.fromEntries(group.map((u) => [u.username, exclusionOf(u)]));
            assert.deepEqual(
                [why["x-disabled"], why["x-forced"], why["x-unverified"], why.m00],
                ["USER_DISABLED", "USER_STATUS", "NO_VERIFIED_CONTACT", undefined],
            );
            assert.ok(
                group.every((u) => /^[0-9a-f-]{36}$/.test(u.sub)),
                "every user has its sub",
            );

            const filtered = await awsCognito.listUsers!(at, { filter: 'email ^= "ops-"' });
            assert.deepEqual(filtered.map((u) => u.username).sort(), ["ops-1", "ops-2"]);
            const everyone = await awsCognito.listUsers!(at, { all: true });
            assert.equal(everyone.length, 72);
            assert.ok(proxy.callsOf("ListUsers").length >= 3, "72 users fit in one page of 60");
            // Tonight's slice of a pool: `sub ^=` lists the users whose sub starts so, and no other.
            for (const prefix of ["0", "7", "c", everyone[0].sub.slice(0, 2)]) {
                const slice = await awsCognito.listUsers!(at, { filter: `sub ^= "${prefix}"` });
                const expected = everyone.filter((u) => u.sub.startsWith(prefix)).map((u) => u.username);
                assert.deepEqual(slice.map((u) => u.username).sort(), expected.sort(), `sub ^= "${prefix}"`);
            }
            const one = await awsCognito.listUsers!(at, { filter: 'username = "ops-1"' });
            assert.deepEqual(
                one.map((u) => u.username),
                ["ops-1"],
            );
            assert.ok(
                everyone.every((u) => u.createdAt && !Number.isNaN(Date.parse(u.createdAt))),
                "a creation date each",
            );
            // The pool's own answers for the three, to be sure the listing judged as a reset would.
            for (const [u] of odd)
                await assert.rejects(host.create({ userPoolId: pool, username: u, endpoint: moto().endpoint }));
        });
    });

    it("GIVEN a group that does not exist WHEN listed THEN the error names the selection, the pool and the fix", async () => {
        await withPool(async ({ pool, proxy }) => {
            const err = await awsCognito.listUsers!(
                { userPoolId: pool, endpoint: proxy.endpoint },
                { group: "nobody" },
            ).then(
                () => undefined,
                (e: Error) => e,
            );
            assert.ok(err instanceof CognitoResetError, String(err));
            assert.match(
                err.message,
                new RegExp(`^Could not list the members of group 'nobody' of user pool '${pool}'`),
            );
            assert.match(err.message, /\[[A-Z_]+\]$/);
        });
    });

    it("GIVEN a listing throttled twice WHEN listed THEN the retries get every user; GIVEN one that keeps failing THEN the error names the selection, the pool and the code", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUsers(moto().endpoint, pool, ["l1", "l2"]);
            let throttled = 0;
            proxy.setFaults((op) => (op === "ListUsers" && throttled < 2 ? (throttled++, "throttle") : undefined));
            const users = await awsCognito.listUsers!({ userPoolId: pool, endpoint: proxy.endpoint }, { all: true });
            assert.deepEqual(users.map((u) => u.username).sort(), ["l1", "l2"]);
            assert.deepEqual(
                proxy.callsOf("ListUsers").map((c) => c.outcome),
                ["throttle", "throttle", "forwarded"],
            );
        });
        await withPool(async ({ pool, proxy }) => {
            proxy.setFaults((op) => (op === "ListUsers" ? "server-error" : undefined));
            const err = await withEnv({ AWS_MAX_ATTEMPTS: "3" }, () =>
                awsCognito.listUsers!({ userPoolId: pool, endpoint: proxy.endpoint }, { filter: 'email ^= "x"' }).then(
                    () => undefined,
                    (e: Error) => e,
                ),
            );
            assert.ok(err instanceof CognitoResetError, String(err));
            assert.match(
                err.message,
                new RegExp(`^Could not list the users matching email \\^= "x" of user pool '${pool}'`),
            );
            assert.match(err.message, /after 3 attempts.*\[TRANSIENT\]$/);
            assert.equal(proxy.callsOf("ListUsers").length, 3, "AWS_MAX_ATTEMPTS bounds the attempts");
        });
    });
});
