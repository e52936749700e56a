/**
 * Provider tier, for the test support itself: the proxy's emulation of what
 * production Cognito answers and moto does not, seen through real AWS SDK
 * calls (one attempt each, so that the SDK's retries hide nothing).
 *
 * | proxy setting                       | request                         | answer                                      |
 * |-------------------------------------|---------------------------------|---------------------------------------------|
 * | fault by error name (each of 13)    | AdminResetUserPassword          | that error, its HTTP status, Cognito's text |
 * | email quota of 3 per account        | 5 resets by one account         | 3 succeed, then LimitExceededException (daily email limit); nothing more reaches moto; another account is unaffected; a new day lets it through |
 * | rate quota 5/s, burst 3             | 10 resets at once               | 3 (or 4) accepted, the rest TooManyRequestsException, counted |
 * | rate quota per region, burst 3      | 6 resets at once in each of two regions | 3 (or 4) accepted in each region, counted per region |
 * | rate quota per account, burst 3     | 6 resets at once from each of two accounts' roles | 3 (or 4) accepted in each account; each key's account is its role's |
 * | stall                               | one reset                       | no answer (the caller gives up)             |
 * | a fault plan that throws            | one reset                       | 500 naming the failure                      |
 * | echo trigger                        | reset with / without metadata   | UserLambdaValidationException echoing it / success |
 */
import assert from "node:assert/strict";
import {
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { assumeRole, createPool, createUser, createUsers, REGION, uniqueName } from "../../dev/seed";
import { withPool } from "../support/fixtures";
import { moto } from "../support/hooks";
import { accountOfKey, COGNITO_ERRORS, DAILY_EMAIL_LIMIT_MESSAGE } from "../../dev/quotas";

const RESET = "AdminResetUserPassword";

function client(
    endpoint: string,
    accessKeyId = "AKIATESTTESTTESTTEST",
    region = REGION,
): CognitoIdentityProviderClient {
    return new CognitoIdentityProviderClient({
        region,
        endpoint,
        maxAttempts: 1,
        credentials: { accessKeyId, secretAccessKey: "test-secret" },
    });
}

/** The error a reset fails with (name, HTTP status, message), or "ok". */
type Answer = { name: string; status?: number; message: string } | "ok";

async function reset(
    c: CognitoIdentityProviderClient,
    pool: string,
    username: string,
    clientMetadata?: Record<string, string>,
): Promise<Answer> {
    try {
        await c.send(
            new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: username, ClientMetadata: clientMetadata }),
        );
        return "ok";
    } catch (err) {
        const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
        return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
    }
}

describe("test support: the Cognito emulation of the proxy", () => {
    it("GIVEN a hold of resets until two have arrived WHEN one reset is sent, then another THEN the first is answered only after the second arrived, and both are reset", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUsers(moto().endpoint, pool, ["h1", "h2"]);
            proxy.holdUntil(RESET, (calls) => calls.filter((c) => c.operation === RESET).length >= 2);
            const c = client(proxy.endpoint);
            const first = reset(c, pool, "h1");
            // The second is sent once the first is recorded (and held) at the endpoint.
            while (proxy.callsOf(RESET).length < 1) await new Promise((r) => setImmediate(r));
            assert.equal(proxy.callsOf(RESET)[0].doneAt, undefined, "the first reset is held");
            assert.deepEqual(await Promise.all([first, reset(c, pool, "h2")]), ["ok", "ok"]);
            const [a, b] = proxy.callsOf(RESET);
            assert.ok(a.doneAt! >= b.at, "the first reset was answered after the second arrived");
            assert.equal(proxy.succeeded(RESET).length, 2);
        });
    });

    it("GIVEN a fault plan naming each of Cognito's 13 documented errors WHEN a reset is sent THEN the SDK raises that error with Cognito's HTTP status and message", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "bob");
            const c = client(proxy.endpoint);
            for (const name of COGNITO_ERRORS) {
                proxy.setFaults((op, body) => (op === RESET && body.Username === "bob" ? name : undefined));
                const got = await reset(c, pool, "bob");
                assert.notEqual(got, "ok", name);
                if (got === "ok") continue;
                assert.equal(got.name, name);
                assert.equal(got.status, name === "InternalErrorException" ? 500 : 400, name);
                assert.ok(got.message.length > 10, `${name}: '${got.message}'`);
            }
            assert.equal(proxy.succeeded(RESET).length, 0, "a faulted request reached moto");
            proxy.setFaults(() => "ResourceNotFoundException");
            const got = await reset(c, pool, "bob");
            assert.ok(got !== "ok" && got.message === `User pool ${pool} does not exist.`);
        });
    });

    it("GIVEN a daily email quota of 3 WHEN one account resets 5 users THEN 3 succeed, the rest get the daily email limit without reaching moto, another account is unaffected, and a new day lets the account through again", async () => {
        await withPool(async ({ pool, proxy }) => {
            const users = ["e0", "e1", "e2", "e3", "e4", "e5"];
            await createUsers(moto().endpoint, pool, users);
            proxy.setEmailQuota(3);
            const a = client(proxy.endpoint, "AKIAACCOUNTAAAAAAAAA");
            const results: Answer[] = [];
            for (const u of users.slice(0, 5)) results.push(await reset(a, pool, u));
            assert.deepEqual(results.slice(0, 3), ["ok", "ok", "ok"]);
            for (const r of results.slice(3)) {
                assert.ok(r !== "ok");
                assert.equal(r.name, "LimitExceededException");
                assert.equal(r.message, DAILY_EMAIL_LIMIT_MESSAGE);
            }
            assert.equal(proxy.succeeded(RESET).length, 3);
            assert.deepEqual(
                proxy.callsOf(RESET).map((c) => c.outcome),
                ["forwarded", "forwarded", "forwarded", "email-quota", "email-quota"],
            );
            assert.equal(await reset(client(proxy.endpoint, "AKIAACCOUNTBBBBBBBBB"), pool, "e3"), "ok");
            proxy.newDay();
            assert.equal(await reset(a, pool, "e4"), "ok");
        });
    });

    it("GIVEN a rate quota of 5/s with a burst of 3 WHEN 10 resets arrive at once THEN the burst (3, or 4 if a token refills meanwhile) is let through and the rest throttled with TooManyRequestsException, and the counts say so", async () => {
        await withPool(async ({ pool, proxy }) => {
            const users = Array.from({ length: 10 }, (_, i) => `q${i}`);
            await createUsers(moto().endpoint, pool, users);
            proxy.setRateQuota({ perSecond: 5, burst: 3 });
            const c = client(proxy.endpoint);
            const results = await Promise.all(users.map((u) => reset(c, pool, u)));
            const throttled = results.filter((r) => r !== "ok" && r.name === "TooManyRequestsException");
            // a token can refill (5/s) while the ten arrive: 3 or 4 get through
            assert.ok(throttled.length >= 6 && throttled.length <= 7, `${throttled.length} throttled`);
            assert.equal(results.filter((r) => r === "ok").length, 10 - throttled.length);
            assert.deepEqual(proxy.rateQuotaStats(), { accepted: 10 - throttled.length, throttled: throttled.length });
            assert.equal(proxy.callsOf(RESET).filter((c) => c.outcome === "rate-quota").length, throttled.length);
        });
    });

    it("GIVEN a rate quota per region with a burst of 3 WHEN 6 resets arrive at once in each of two regions THEN each region lets its own burst through", async () => {
        await withPool(async ({ pool, proxy }) => {
            const other = "us-east-1";
            const pool2 = await createPool(moto().endpoint, undefined, other);
            const users = Array.from({ length: 6 }, (_, i) => `r${i}`);
            await createUsers(moto().endpoint, pool, users);
            await createUsers(moto().endpoint, pool2, users);
            proxy.setRateQuota({ perSecond: 5, burst: 3, perRegion: true });
            const here = client(proxy.endpoint);
            const there = client(proxy.endpoint, undefined, other);
            const results = await Promise.all([
                ...users.map((u) => reset(here, pool, u)),
                ...users.map((u) => reset(there, pool2, u)),
            ]);
            const ok = (from: number) => results.slice(from, from + 6).filter((r) => r === "ok").length;
            // one bucket for both would let 3 (or 4) through in all
            for (const [region, accepted] of [
                [REGION, ok(0)],
                [other, ok(6)],
            ] as const) {
                assert.ok(accepted >= 3 && accepted <= 4, `${accepted} accepted in ${region}`);
                assert.deepEqual(proxy.rateQuotaStats(region), { accepted, throttled: 6 - accepted });
            }
            assert.deepEqual(new Set(proxy.callsOf(RESET).map((c) => c.region)), new Set([REGION, other]));
        });
    });

    it("GIVEN a rate quota per account with a burst of 3 WHEN 6 resets arrive at once from each of two accounts' roles, in one region THEN each account lets its own burst through, and each key is told to be of its role's account", async () => {
        await withPool(async ({ proxy }) => {
            const accounts = ["111111111111", "222222222222"];
            const users = Array.from({ length: 6 }, (_, i) => `a${i}`);
            const keys: string[] = [];
            const pools: string[] = [];
            for (const account of accounts) {
                const seed = await assumeRole(moto().endpoint, `arn:aws:iam::${account}:role/${uniqueName("r")}`);
                keys.push(seed.accessKeyId);
                pools.push(await createPool(moto().endpoint, undefined, REGION, seed));
                await createUsers(moto().endpoint, pools.at(-1)!, users, seed);
            }
            // The account as STS encodes it in the key id: what moto and Cognito file the requests under.
            assert.deepEqual(keys.map(accountOfKey), accounts);
            proxy.setRateQuota({ perSecond: 5, burst: 3, perAccount: true });
            const seeds = await Promise.all(
                accounts.map((a) => assumeRole(moto().endpoint, `arn:aws:iam::${a}:role/${uniqueName("r")}`)),
            );
            const clients = seeds.map(
                (c) =>
                    new CognitoIdentityProviderClient({
                        region: REGION,
                        endpoint: proxy.endpoint,
                        maxAttempts: 1,
                        credentials: c,
                    }),
            );
            const results = await Promise.all([0, 1].flatMap((i) => users.map((u) => reset(clients[i], pools[i], u))));
            for (const [i, account] of accounts.entries()) {
                const accepted = results.slice(6 * i, 6 * i + 6).filter((r) => r === "ok").length;
                // one bucket for both would let 3 (or 4) through in all
                assert.ok(accepted >= 3 && accepted <= 4, `${accepted} accepted in account ${account}`);
                assert.deepEqual(proxy.rateQuotaStats(undefined, account), { accepted, throttled: 6 - accepted });
            }
        });
    });

    it("GIVEN a fault plan that throws WHEN a reset is sent THEN the proxy answers 500 naming the failure, rather than never", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "pf");
            proxy.setFaults(() => {
                throw new Error("the plan broke");
            });
            const r = await reset(client(proxy.endpoint), pool, "pf");
            assert.ok(r !== "ok");
            assert.equal(r.status, 500);
            assert.match(r.message, /the test proxy failed: the plan broke/);
        });
    });

    it("GIVEN a stalled connection WHEN a reset is sent THEN no answer comes until the caller gives up", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "s");
            proxy.setFaults(() => "stall");
            const started = performance.now();
            await assert.rejects(
                client(proxy.endpoint).send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: "s" }), {
                    abortSignal: AbortSignal.timeout(300),
                }),
                /abort/i,
            );
            assert.ok(performance.now() - started >= 290);
            assert.deepEqual(
                proxy.callsOf(RESET).map((c) => c.outcome),
                ["stall"],
            );
        });
    });

    it("GIVEN the echoing custom-message trigger WHEN resets are sent with and without ClientMetadata THEN the one with metadata fails with UserLambdaValidationException quoting it verbatim, the other succeeds", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUsers(moto().endpoint, pool, ["m1", "m2"]);
            proxy.setEchoTrigger(true);
            const c = client(proxy.endpoint);
            const got = await reset(c, pool, "m1", { token: 'tok-"quoted"-1234' });
            assert.ok(got !== "ok");
            assert.equal(got.name, "UserLambdaValidationException");
            assert.equal(
                got.message,
                'CustomMessage failed with error Bad metadata: {"token":"tok-\\"quoted\\"-1234"}.',
            );
            assert.equal(await reset(c, pool, "m2"), "ok");
        });
    });
});
