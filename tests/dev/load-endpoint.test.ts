/**
 * Dev tier: the load endpoint (`dev/load-endpoint.ts`, for benchmarks beyond
 * what moto holds at speed) gives the same answers as moto for the same
 * requests, on a small pool: moto's pool is listed, the endpoint serves the
 * same users, and each request goes to both through the AWS SDK.
 *
 * | request                                                   | expected of both                                   |
 * |-----------------------------------------------------------|----------------------------------------------------|
 * | ListUsers, every page (130 users, Limit 60)                | the same users; pages of at most 60; a token until |
 * |                                                           | the last                                           |
 * | ListUsers with sub ^= of 1 and 2 hex digits, sub =         | the same users                                     |
 * | ListUsers with username = (known, unknown)                 | the same users                                     |
 * | DescribeUserPool                                          | the same EstimatedNumberOfUsers                    |
 * | AdminResetUserPassword (known user, unknown user)          | success; UserNotFoundException                     |
 * | any of them on another pool id                            | ResourceNotFoundException                          |
 *
 * And its generated users: a million, a `sub ^=` slice of 2 hex digits is a
 * 256th of them, each with that prefix.
 */
import assert from "node:assert/strict";
import {
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
    DescribeUserPoolCommand,
    ListUsersCommand,
    UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { createPool, createUser, createUsers, REGION } from "../../dev/seed";
import { generatedUsers, listedUsers, LoadEndpoint, startLoadEndpoint } from "../../dev/load-endpoint";
import { moto } from "../support/hooks";

const client = (endpoint: string) => new CognitoIdentityProviderClient({ region: REGION, endpoint, maxAttempts: 1 });

/** A user as the comparison reads it: what the selection rules use, and the email. */
function shape(u: UserType): string {
    const attr = (n: string) => u.Attributes?.find((a) => a.Name === n)?.Value;
    return JSON.stringify([
        u.Username,
        attr("sub"),
        attr("email"),
        attr("email_verified"),
        u.Enabled,
        u.UserStatus,
        Math.floor((u.UserCreateDate?.getTime() ?? 0) / 1000),
    ]);
}

/** Every page of a ListUsers request: the users, and each page's size and token. */
async function pages(c: CognitoIdentityProviderClient, UserPoolId: string, Filter?: string) {
    const users: string[] = [];
    const sizes: number[] = [];
    let PaginationToken: string | undefined;
    do {
        const out = await c.send(new ListUsersCommand({ UserPoolId, Filter, Limit: 60, PaginationToken }));
        users.push(...(out.Users ?? []).map(shape));
        sizes.push(out.Users?.length ?? 0);
        PaginationToken = out.PaginationToken;
    } while (PaginationToken);
    return { users: users.sort(), sizes };
}

/** The error name a request meets, or "ok". */
async function outcome(p: Promise<unknown>): Promise<string> {
    return p.then(
        () => "ok",
        (e: Error) => e.name,
    );
}

describe("dev: the load endpoint answers as moto does", function () {
    this.timeout(120_000);
    let pool: string;
    let load: LoadEndpoint;
    let subs: string[];

    before(async () => {
        pool = await createPool(moto().endpoint);
        await createUsers(
            moto().endpoint,
            pool,
            Array.from({ length: 129 }, (_, i) => `u${String(i).padStart(3, "0")}`),
        );
        await createUser(moto().endpoint, pool, "x-unverified", "UNVERIFIED");
        const listed = await pages(client(moto().endpoint), pool);
        const users = listed.users.map(
            (s) => JSON.parse(s) as [string, string, string, string, boolean, string, number],
        );
        subs = users.map((u) => u[1]);
        load = await startLoadEndpoint(
            pool,
            listedUsers(
                users.map(([username, sub, , verified, enabled, status, createdAt]) => ({
                    username,
                    sub,
                    emailVerified: verified === "true",
                    enabled,
                    status,
                    createdAt,
                })),
            ),
        );
    });
    after(() => load?.close());

    const both = () => [client(moto().endpoint), client(load.endpoint)] as const;

    it("GIVEN 130 users WHEN every page is listed THEN both give the same users, in pages of at most 60, with a token until the last", async () => {
        const [a, b] = await Promise.all(both().map((c) => pages(c, pool)));
        assert.equal(a.users.length, 130);
        assert.deepEqual(b.users, a.users);
        for (const r of [a, b]) {
            assert.ok(r.sizes.every((n) => n <= 60));
            assert.ok(r.sizes.length >= 3, "130 users in pages of 60");
        }
    });

    it("GIVEN filters on sub and username WHEN listed THEN both give the same users", async () => {
        const filters = [
            `sub ^= "${subs[0].slice(0, 1)}"`,
            `sub ^= "${subs[77].slice(0, 2)}"`,
            `sub ^= "f"`,
            `sub = "${subs[5]}"`,
            'username = "u042"',
            'username = "nobody"',
        ];
        for (const filter of filters) {
            const [a, b] = await Promise.all(both().map((c) => pages(c, pool, filter)));
            assert.deepEqual(b.users, a.users, filter);
        }
    });

    it("GIVEN the pool WHEN described, and a known and an unknown user reset THEN both answer the same", async () => {
        const [a, b] = both();
        const estimate = async (c: CognitoIdentityProviderClient) =>
            (await c.send(new DescribeUserPoolCommand({ UserPoolId: pool }))).UserPool?.EstimatedNumberOfUsers;
        assert.equal(await estimate(b), await estimate(a));
        for (const Username of ["u007", "nobody"]) {
            const reset = (c: CognitoIdentityProviderClient) =>
                outcome(c.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username })));
            assert.equal(await reset(b), await reset(a), Username);
        }
        assert.equal(
            await outcome(a.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: "nobody" }))),
            "UserNotFoundException",
        );
    });

    it("GIVEN another pool id WHEN listed, described or reset THEN both answer ResourceNotFoundException", async () => {
        const other = "eu-west-1_NoSuchPool";
        for (const c of both()) {
            assert.equal(
                await outcome(c.send(new ListUsersCommand({ UserPoolId: other }))),
                "ResourceNotFoundException",
            );
            assert.equal(
                await outcome(c.send(new DescribeUserPoolCommand({ UserPoolId: other }))),
                "ResourceNotFoundException",
            );
            assert.equal(
                await outcome(c.send(new AdminResetUserPasswordCommand({ UserPoolId: other, Username: "u001" }))),
                "ResourceNotFoundException",
            );
        }
    });

    it("GIVEN a million generated users WHEN a slice of 2 hex digits is listed THEN a 256th of them, each sub with that prefix, and resets of them succeed", async () => {
        const million = await startLoadEndpoint("eu-west-1_Million", generatedUsers(1_000_000));
        try {
            const c = client(million.endpoint);
            const slice = await pages(c, "eu-west-1_Million", 'sub ^= "ab"');
            assert.ok([3906, 3907].includes(slice.users.length), `${slice.users.length} users`);
            assert.ok(slice.users.every((u) => (JSON.parse(u) as string[])[1].startsWith("ab")));
            const someone = (JSON.parse(slice.users[0]) as string[])[0];
            assert.equal(
                await outcome(
                    c.send(new AdminResetUserPasswordCommand({ UserPoolId: "eu-west-1_Million", Username: someone })),
                ),
                "ok",
            );
            assert.equal(million.calls.ListUsers, slice.sizes.length);
        } finally {
            await million.close();
        }
    });
});
