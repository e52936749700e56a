/**
 * Engine tier: whole pools with UserPasswordResets, through real `pulumi up`
 * runs against moto behind the recording, fault-injecting proxy.
 *
 * | case                                              | expected                                          |
 * |---------------------------------------------------|---------------------------------------------------|
 * | 1,000 users, 3 do not exist, ineligibleUsers fail | up fails naming exactly those 3 and why; 997 recorded; after the fix a rerun resets only the 3 |
 * | 300 users; 30% throttled, 5% 5xx, 2% dropped       | every user reset, exactly one successful call each |
 * | 150 users under a 25/s limit                      | no one-second window holds more than 25 requests  |
 */
import assert from "node:assert/strict";
import { withPool } from "../support/fixtures";
import { createUsers } from "../../dev/seed";
import { batchOutputs, withStack } from "../support/engine";
import { summarize } from "../../provider/core/summary";
import { moto, runAlone } from "../support/hooks";
import * as path from "node:path";
import { Proxy } from "../../dev/proxy";
import { prng } from "../support/random";
import { Stack } from "@pulumi/pulumi/automation";

const RESET = "AdminResetUserPassword";
const NO_COLOR = { color: "never" as const };
const PROGRAM = path.join(__dirname, "pool-program");

/** Successful resets per user, from what reached Cognito. */
function successesByUser(proxy: Proxy, from = 0): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of proxy.succeeded(RESET).slice(from))
        counts.set(String(c.body.Username), (counts.get(String(c.body.Username)) ?? 0) + 1);
    return counts;
}

async function configure(
    stack: Stack,
    pool: string,
    usernames: string[],
    endpoint: string,
    extra: Record<string, string> = {},
): Promise<void> {
    await stack.setAllConfig({
        userPoolId: { value: pool },
        usernames: { value: JSON.stringify(usernames) },
        endpoint: { value: endpoint },
        ...Object.fromEntries(Object.entries(extra).map(([k, value]) => [k, { value }])),
    });
}

describe("engine: whole pools", function () {
    this.timeout(900_000);
    // Its rate is measured at the endpoint: no other test file runs beside it.
    runAlone(this);

    it("GIVEN 1,000 users of which 3 do not exist and ineligibleUsers fail WHEN up runs THEN it fails naming exactly those 3 and why, records the 997, and a rerun after the fix resets only the 3", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 1000 }, (_, i) => `user${String(i).padStart(4, "0")}`);
            const missing = ["user0007", "user0500", "user0993"];
            await createUsers(
                moto().endpoint,
                pool,
                names.filter((n) => !missing.includes(n)),
            );
            await withStack(
                { program: PROGRAM, env: { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off" } },
                async ({ stack }) => {
                    await configure(stack, pool, names, proxy.endpoint, { ineligibleUsers: "fail" });
                    let message = "";
                    // --continue-on-error: every batch runs even when another one has failures.
                    await assert.rejects(
                        stack.up({ ...NO_COLOR, continueOnError: true }),
                        (err: Error) => ((message = err.message), true),
                    );
                    for (const u of missing) {
                        assert.match(
                            message,
                            new RegExp(
                                `\\* ${u}: Could not reset the password of user '${u}' in user pool '${pool}': the user does not exist`,
                            ),
                        );
                    }
                    const listed = new Set([...message.matchAll(/\* (user\d{4}): Could not reset/g)].map((m) => m[1]));
                    assert.deepEqual([...listed].sort(), missing, "exactly the missing users are listed");
                    assert.match(
                        message,
                        /1 of \d+ users of this batch could not be reset; the others are recorded, and the next run retries only these/,
                    );
                    const batches = await batchOutputs(stack);
                    const recorded = summarize(batches);
                    assert.deepEqual([recorded.upToDate, recorded.failed], [997, 3], "the 997 resets are recorded");
                    assert.deepEqual(recorded.problems.map((p) => p.username).sort(), missing);
                    assert.equal(proxy.callsOf(RESET).length, 1000);

                    await createUsers(moto().endpoint, pool, missing);
                    const before = proxy.calls.length;
                    const up = await stack.up(NO_COLOR);
                    assert.deepEqual(
                        [...proxy.calls.slice(before).map((c) => String(c.body.Username))].sort(),
                        missing,
                    );
                    assert.equal(up.outputs.userCount.value, 1000);
                    const counts = successesByUser(proxy);
                    assert.equal(counts.size, 1000);
                    assert.ok(
                        [...counts.values()].every((n) => n === 1),
                        "a user was reset twice",
                    );
                },
            );
        });
    });

    it("GIVEN 300 users and a proxy that throttles 30%, fails 5% with 5xx and drops 2% WHEN up runs THEN every user is reset, exactly once in effect", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 300 }, (_, i) => `f${i}`);
            await createUsers(moto().endpoint, pool, names);
            const rand = prng(7);
            proxy.setFaults((op) => {
                if (op !== RESET) return undefined;
                const r = rand();
                return r < 0.3 ? "throttle" : r < 0.35 ? "server-error" : r < 0.37 ? "drop" : undefined;
            });
            await withStack(
                { program: PROGRAM, env: { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off" } },
                async ({ stack }) => {
                    await configure(stack, pool, names, proxy.endpoint);
                    const up = await stack.up(NO_COLOR);
                    assert.equal(up.outputs.userCount.value, 300);
                    const outcomes = new Set(proxy.callsOf(RESET).map((c) => c.outcome));
                    for (const f of ["throttle", "server-error", "drop"])
                        assert.ok(outcomes.has(f as never), `no ${f} was injected`);
                    const counts = successesByUser(proxy);
                    assert.equal(counts.size, 300);
                    assert.ok(
                        [...counts.values()].every((n) => n === 1),
                        "a user was reset more than once",
                    );
                },
            );
        });
    });

    it("GIVEN 150 users and a limit of 25 requests per second WHEN up runs THEN no one-second window holds more than 25 requests", async () => {
        await withPool(async ({ pool, proxy }) => {
            const names = Array.from({ length: 150 }, (_, i) => `r${i}`);
            await createUsers(moto().endpoint, pool, names);
            await withStack(
                { program: PROGRAM, env: { PULUMI_COGNITO_PASSWORD_RESET_RATE: "25" } },
                async ({ stack }) => {
                    await configure(stack, pool, names, proxy.endpoint);
                    await stack.up(NO_COLOR);
                    const times = proxy
                        .callsOf(RESET)
                        .map((c) => c.at)
                        .sort((a, b) => a - b);
                    assert.equal(times.length, 150);
                    let max = 0;
                    for (let i = 0, j = 0; i < times.length; i++) {
                        while (times[i] - times[j] >= 1000) j++;
                        max = Math.max(max, i - j + 1);
                    }
                    assert.ok(max <= 25, `${max} requests in one second`);
                },
            );
        });
    });
});
