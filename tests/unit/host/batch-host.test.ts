/**
 * Unit tier: a batch's rules and its host with a fake Cognito (it records
 * every call and answers per user as told) and a fixed clock. No AWS, no
 * moto, no engine. The run's shared state (stops, budgets, records of other
 * batches) is reset before each test.
 *
 * | case                                             | expected                                                   |
 * |--------------------------------------------------|------------------------------------------------------------|
 * | 2 ineligible users of 5, default                 | 3 reset, 2 skipped with code and reason, no error          |
 * | the same with ineligibleUsers "fail"             | error naming both; the 3 recorded (partial state)          |
 * | the pool is not found                            | one error; no call after it; other batches make none       |
 * | the daily email quota                            | sending to that pool stops; the rest stay due; SES named   |
 * | maxResetsPerRun 5 over two batches               | 5 calls in all; the rest deferred and still due            |
 * | initialReset "scheduled", then 30 nights         | no call; each user reset once, at its own boundary         |
 * | batches changed: users of a 0.1.0 batch move     | no call; a skipped user's retry moves with it              |
 * | a trigger echoes clientMetadata                  | the value is in no message and no record                   |
 */
import assert from "node:assert/strict";
import { createBatchHost } from "../../../provider/host/batch-host";
import { BatchResetError } from "../../../provider/host/batch-failure";
import { CognitoApi } from "../../../provider/host/cognito-client";
import { mapCognitoError } from "../../../provider/host/errors";
import { secretTexts } from "../../../provider/core/digest";
import { recordsLedger } from "../../../provider/core/ledger";
import { listPlan } from "../../../provider/host/selection";
import { Run } from "../../../provider/host/pool-run";
import { summarize } from "../../../provider/core/summary";
import { ResetInputs } from "../../../provider/core/types";
import { validateBatch } from "../../../provider/core/validation";
import { ListedUser, Selection } from "../../../provider/core/select";
import { batchOf } from "../../../provider/core/batches";
import { rotationPeriod } from "../../../provider/core/rotation";

const POOL = "eu-west-1_AbC123";
const NOW = new Date("2026-03-20T03:00:00.000Z");
const record = (at: string, rotationKey = "") => ({ lastResetAt: at, resetCount: 1, rotationKey });

/** An SDK-shaped error, as the AWS SDK throws it (the fake maps it, as the client layer does). */
const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name });
const DISABLED = sdkError("NotAuthorizedException", "User is disabled.");
const NOT_FOUND = sdkError("UserNotFoundException", "User does not exist.");
const NO_POOL = sdkError("ResourceNotFoundException", "User pool eu-west-1_AbC123 does not exist.");
const EMAIL_LIMIT = sdkError(
    "LimitExceededException",
    "Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.",
);

/** A Cognito that records calls and answers each user as `answers` says (success by default). */
class FakeCognito implements CognitoApi {
    calls: ResetInputs[] = [];
    /** What listUsers answers, and how often it was asked. */
    pool: ListedUser[] = [];
    listings = 0;
    /** The selections listed, in order. */
    selections: Selection[] = [];
    /** Answers as ListUsers does: a `sub ^=` or `username =` filter, or everyone. */
    async listUsers(_pool: unknown, selection: Selection): Promise<ListedUser[]> {
        this.listings++;
        this.selections.push(selection);
        const m = "filter" in selection ? /^(sub|username) (\^?=) "(.*)"$/.exec(selection.filter) : null;
        if (!m) return this.pool;
        const value = (u: ListedUser) => (m[1] === "sub" ? u.sub : u.username);
        return this.pool.filter((u) => (m[2] === "=" ? value(u) === m[3] : value(u).startsWith(m[3])));
    }
    answers: (inputs: ResetInputs, n: number) => unknown = () => undefined;
    async resetPassword(inputs: ResetInputs): Promise<void> {
        const n = this.calls.push(inputs);
        await new Promise((r) => setImmediate(r));
        const err = this.answers(inputs, n);
        // As `awsCognito` does: every answer mapped, with the request's secret values redacted.
        if (err) throw mapCognitoError(err, inputs, "reset", undefined, secretTexts(inputs));
    }
    async getUserStatus(): Promise<string | undefined> {
        return "CONFIRMED";
    }
}

function setup() {
    const cognito = new FakeCognito();
    const host = createBatchHost({ cognito, now: () => NOW, run: new Run() });
    return { cognito, host };
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Runs `fn` with what the provider writes to stderr captured (and not printed). */
async function stderrOf<T>(fn: () => Promise<T>): Promise<{ value: T; text: string }> {
    const chunks: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof write;
    try {
        return { value: await fn(), text: chunks.join("") };
    } finally {
        process.stderr.write = write;
    }
}

/** Runs `fn`, expecting a BatchResetError, and returns it. */
async function batchError(fn: () => Promise<unknown>): Promise<BatchResetError> {
    let caught: unknown;
    await fn().catch((e) => (caught = e));
    assert.ok(caught instanceof BatchResetError, `expected a BatchResetError, got ${String(caught)}`);
    return caught;
}

describe("batch rules", () => {
    // What a batch of 0.1.0 (a record per user, at its last run W) amounts to as a ledger.
    // [case, records, declared at W, expected deferred]
    const W = "2026-03-10T00:00:00.000Z";
    const upgrades: [string, Record<string, ReturnType<typeof record>>, object, string[]][] = [
        ["every user reset or adopted", { a: record(W), b: record(W) }, {}, []],
        ["a user not reached (no record)", { a: record(W) }, {}, ["b"]],
        ["a user not reached, adopted by scheduled", { a: record(W) }, { initialReset: "scheduled" }, []],
        [
            "a key's resets paced over runs (maxResetsPerRun)",
            { a: record(W, "k2"), b: record("2026-03-01T00:00:00Z", "k1") },
            { rotationKey: "k2" },
            ["b"],
        ],
        [
            "a period that began after a user's last reset (deferred)",
            { a: record(W), b: record("2026-02-20T00:00:00Z") },
            {
                rotationPeriods: {
                    a: "2026-03-02T00:00:00Z..2026-04-01T00:00:00Z",
                    b: "2026-03-02T00:00:00Z..2026-04-01T00:00:00Z",
                },
            },
            ["b"],
        ],
        ["a skipped user (retried as skipped, not deferred)", { a: record(W) }, { skipped: { b: {} } }, []],
    ];
    for (const [what, users, declared, deferred] of upgrades) {
        it(`GIVEN a 0.1.0 batch with ${what} WHEN read as a ledger THEN handled through its last run, deferred [${deferred.join(", ")}]`, () => {
            const ledger = recordsLedger({ usernames: ["a", "b"], users, lastRun: { at: W }, ...declared });
            assert.equal(ledger.handledThrough, W);
            assert.deepEqual(ledger.deferred ?? [], deferred);
        });
    }

    // A list's plan: [case, old usernames, declared, expected due, expected adopted]
    const LEDGER = { handledThrough: NOW.toISOString(), rotationKey: "" };
    const plans: [string, string[] | undefined, object, string[], number][] = [
        ["a create", undefined, {}, ["a", "b"], 0],
        ["a create, scheduled", undefined, { initialReset: "scheduled" }, [], 2],
        ["a recorded list, unchanged", ["a", "b"], {}, [], 0],
        ["a name added", ["a"], {}, ["b"], 0],
        ["a name added, scheduled", ["a"], { initialReset: "scheduled" }, [], 1],
        ["a new key", ["a", "b"], { rotationKey: "k2" }, ["a", "b"], 0],
        ["a new key and a name added", ["a"], { rotationKey: "k2" }, ["b", "a"], 0],
    ];
    for (const [what, before, declared, due, adopted] of plans) {
        it(`GIVEN ${what} WHEN planned THEN due [${due.join(", ")}], ${adopted} adopted`, () => {
            const olds = before ? { userPoolId: POOL, usernames: before, ledger: LEDGER } : {};
            const plan = listPlan(new Run(), olds, { userPoolId: POOL, usernames: ["a", "b"], ...declared }, NOW);
            assert.deepEqual(
                plan.due.map((u) => u.username),
                due,
            );
            assert.equal(plan.adopted, adopted);
        });
    }

    it("GIVEN a list in 2 declared batches, one created and one recorded, WHEN checked and diffed THEN one line gives the pool's due users, once both have reported", async () => {
        const { host } = setup();
        const common = { userPoolId: POOL, batchCount: 16, declaredBatches: 2, maxResetsPerRun: 3 };
        const lines = await stderrOf(async () => {
            await host.check({}, { ...common, batchIndex: 4, usernames: ["ann", "bob"] });
            const olds = {
                ...common,
                batchIndex: 9,
                usernames: ["cat"],
                ledger: { handledThrough: NOW.toISOString(), rotationKey: "" },
            };
            await host.diff("id", olds as never, { ...olds, usernames: ["cat", "dan", "eve"] } as never);
        });
        assert.deepEqual(
            lines.text.split("\n").filter((l) => l.includes(`pool ${POOL} (`)),
            [
                `cognito-password-reset: pool ${POOL} (a list of 5 users): 4 due, 3 now and 1 deferred (maxResetsPerRun 3); due: ann, bob, dan, eve`,
            ],
        );
    });

    it("GIVEN a new key paced over runs and a name added during it WHEN it is reached THEN the name is reset once, not again by the key's later runs", async () => {
        const clock = { now: NOW };
        const cognito = new FakeCognito();
        // Each run a provider process of its own, as each `pulumi up` is.
        const newHost = () => createBatchHost({ cognito, now: () => clock.now, run: new Run() });
        let host = newHost();
        const declared = { userPoolId: POOL, usernames: ["a", "c", "e"], maxResetsPerRun: 1 };
        let outs = (await host.create({ ...declared, initialReset: "scheduled" })).outs;
        const run = async (news: Record<string, unknown>) => {
            host = newHost();
            clock.now = new Date(clock.now.getTime() + 86_400_000);
            outs = (await host.update("id", outs, news)).outs;
        };
        await run({ ...declared, rotationKey: "k2" });
        await run({ ...declared, usernames: ["a", "c", "d", "e"], rotationKey: "k2" });
        for (let i = 0; i < 4; i++) await run({ ...declared, usernames: ["a", "c", "d", "e"], rotationKey: "k2" });
        assert.deepEqual(cognito.calls.map((c) => c.username).sort(), ["a", "c", "d", "e"]);
        assert.equal(outs.ledger?.rotationKey, "k2");
        assert.equal(outs.ledger?.sweep, undefined);
    });

    it("GIVEN a batch WHEN the pool's own region is named THEN it is not replaced; WHEN the pool changes THEN it is", async () => {
        const { host } = setup();
        const olds = { userPoolId: POOL, usernames: ["a"], users: { a: record("2026-03-10T00:00:00Z") } };
        assert.deepEqual(
            (await host.diff("id", olds, { userPoolId: POOL, usernames: ["a"], region: "eu-west-1" })).replaces,
            [],
        );
        assert.deepEqual((await host.diff("id", olds, { userPoolId: "eu-west-1_Other1", usernames: ["a"] })).replaces, [
            "userPoolId",
        ]);
    });

    it("GIVEN only the batch count changed WHEN diffed THEN there is no change", async () => {
        const { host } = setup();
        const olds = {
            userPoolId: POOL,
            usernames: ["a"],
            ledger: { handledThrough: NOW.toISOString(), rotationKey: "" },
        };
        assert.equal(
            (await host.diff("id", olds, { userPoolId: POOL, usernames: ["a"], batchCount: 16 })).changes,
            false,
        );
    });

    it("GIVEN bad usernames, duplicates or options WHEN checked THEN each failure names the input and the value", () => {
        const reasons = validateBatch({ userPoolId: POOL, usernames: ["ok", "has space", "ok", 7] }).map(
            (f) => `${f.property}: ${f.reason}`,
        );
        assert.equal(reasons.length, 3);
        assert.match(reasons.join("\n"), /usernames: 'ok' is listed twice/);
        assert.match(reasons.join("\n"), /usernames: username must be letters.*\(got "has space"\)/);
        assert.match(reasons.join("\n"), /usernames: username must be a string, got number \(got 7\)/);
        assert.deepEqual(
            validateBatch({ userPoolId: POOL, usernames: ["a"], bogus: 1 }).map((f) => f.property),
            ["bogus"],
        );
        assert.deepEqual(
            validateBatch({
                userPoolId: POOL,
                usernames: ["a"],
                ineligibleUsers: "ignore",
                maxResetsPerRun: 1.5,
                initialReset: "later",
            }).map((f) => f.property),
            // In the input schema's order (provider/core/inputs.ts), as the docs list them.
            ["initialReset", "ineligibleUsers", "maxResetsPerRun"],
        );
    });
});

describe("batch host: what Cognito answers", () => {
    it("GIVEN 2 ineligible users of 5 WHEN the batch applies with the default THEN 3 are reset, 2 skipped with code and reason, and it does not fail", async () => {
        const { cognito, host } = setup();
        cognito.answers = (i) => (i.username === "u1" ? DISABLED : i.username === "u3" ? NOT_FOUND : undefined);
        const { outs } = await host.create({ userPoolId: POOL, usernames: names("u", 5) });
        assert.deepEqual(outs.ledger?.deferred, undefined, "every user was handled");
        assert.deepEqual(Object.keys(outs.skipped ?? {}), ["u1", "u3"]);
        assert.equal(outs.skipped!.u1.code, "USER_DISABLED");
        assert.equal(outs.skipped!.u3.code, "USER_NOT_FOUND");
        assert.match(outs.skipped!.u1.reason, /user 'u1' in user pool 'eu-west-1_AbC123'.*disabled/);
        assert.deepEqual(
            { reset: outs.lastRun!.reset, skipped: outs.lastRun!.skipped, failed: outs.lastRun!.failed },
            { reset: 3, skipped: 2, failed: 0 },
        );
        assert.equal(cognito.calls.length, 5);

        // The next run tries the skipped users once each, and records one of them once it is fixed.
        cognito.answers = (i) => (i.username === "u3" ? NOT_FOUND : undefined);
        const again = await host.update("id", outs, { userPoolId: POOL, usernames: names("u", 5) });
        assert.deepEqual(
            cognito.calls.slice(5).map((c) => c.username),
            ["u1", "u3"],
        );
        assert.deepEqual(Object.keys(again.outs.skipped ?? {}), ["u3"]);
        assert.deepEqual(summarize([again.outs]), { ...summarize([again.outs]), users: 5, upToDate: 4, due: 1 });
    });

    it("GIVEN 2 ineligible users WHEN ineligibleUsers is fail THEN the batch fails naming both and records the 3 others", async () => {
        const { cognito, host } = setup();
        cognito.answers = (i) => (i.username === "u1" ? DISABLED : i.username === "u3" ? NOT_FOUND : undefined);
        const err = await batchError(() =>
            host.create({ userPoolId: POOL, usernames: names("u", 5), ineligibleUsers: "fail" }),
        );
        assert.match(err.message, /2 of 5 users of this batch could not be reset/);
        assert.match(err.message, /u1: .*disabled.*\[USER_DISABLED\]/);
        assert.match(err.message, /u3: .*does not exist.*\[USER_NOT_FOUND\]/);
        assert.deepEqual(Object.keys(err.properties.failed as object), ["u1", "u3"]);
        const recorded = summarize([err.properties as never]);
        assert.deepEqual([recorded.upToDate, recorded.failed], [3, 2], "the 3 others are recorded as reset");
    });

    it("GIVEN a fault on this side, not an answer of Cognito (the client throws a TypeError for one user) WHEN the batch runs THEN that user alone fails, naming it, and the others are reset and recorded", async () => {
        const { cognito, host } = setup();
        const answer = cognito.resetPassword.bind(cognito);
        cognito.resetPassword = async (inputs: ResetInputs) => {
            if (inputs.username === "u1") throw new TypeError("reading 'send' of undefined");
            return answer(inputs);
        };
        const err = await batchError(() => host.create({ userPoolId: POOL, usernames: names("u", 3) }));
        assert.deepEqual(Object.keys(err.properties.failed as object), ["u1"]);
        assert.match(err.message, /u1: .*user 'u1' in user pool 'eu-west-1_AbC123'.*reading 'send' of undefined/);
        const recorded = summarize([err.properties as never]);
        assert.deepEqual([recorded.upToDate, recorded.failed], [2, 1], "the 2 others are recorded as reset");
    });

    it("GIVEN the pool is not found WHEN a batch applies THEN it fails with one message, sends nothing after the answer, and the other batches send nothing", async () => {
        const { cognito, host } = setup();
        cognito.answers = () => NO_POOL;
        const err = await batchError(() => host.create({ userPoolId: POOL, usernames: names("a", 40) }));
        assert.match(err.message, /^The run stopped after this answer; no further request was sent/);
        assert.match(err.message, /\[POOL_NOT_FOUND\]/);
        assert.equal(err.message.split("\n").length, 1, "one message, not one per user");
        const inFlight = cognito.calls.length;
        assert.ok(inFlight <= 16, `${inFlight} calls: more than were in flight`);
        const other = await host.create({ userPoolId: "eu-west-1_Other1", usernames: names("b", 10) });
        assert.equal(cognito.calls.length, inFlight, "a call was made after the run stopped");
        assert.equal(other.outs.lastRun!.notReached, 10);
        assert.equal(summarize([other.outs]).due, 10, "all 10 stay due");
    });

    it("GIVEN the daily email quota WHEN it is met THEN sending to that pool stops at once, the rest stay due, the message names SES, and other pools go on", async () => {
        const { cognito, host } = setup();
        cognito.answers = (i, n) => (i.userPoolId === POOL && n > 20 ? EMAIL_LIMIT : undefined);
        const err = await batchError(() => host.create({ userPoolId: POOL, usernames: names("a", 100) }));
        assert.match(err.message, /^Sending to this pool stopped after this answer/);
        assert.match(err.message, /SES/);
        assert.match(err.message, /\[EMAIL_QUOTA\]/);
        const sent = cognito.calls.length;
        assert.ok(sent <= 20 + 16, `${sent} calls: more than were in flight after the quota answer`);
        const recorded = summarize([err.properties as never]);
        assert.deepEqual([recorded.upToDate, recorded.due], [20, 80]);
        const same = await host.create({ userPoolId: POOL, usernames: names("b", 10) });
        assert.equal(cognito.calls.length, sent);
        assert.equal(same.outs.lastRun!.notReached, 10);
        const other = await host.create({ userPoolId: "eu-west-1_Other1", usernames: names("c", 3) });
        assert.equal(summarize([other.outs]).upToDate, 3);
    });

    it("GIVEN maxResetsPerRun 5 WHEN two batches of the pool apply THEN 5 resets are made in all and the rest are deferred, still due", async () => {
        const { cognito, host } = setup();
        const one = await host.create({ userPoolId: POOL, usernames: names("a", 4), maxResetsPerRun: 5 });
        const two = await host.create({ userPoolId: POOL, usernames: names("b", 4), maxResetsPerRun: 5 });
        assert.equal(cognito.calls.length, 5);
        assert.equal(one.outs.lastRun!.deferred + two.outs.lastRun!.deferred, 3);
        const summary = summarize([one.outs, two.outs]);
        assert.equal(summary.upToDate, 5);
        assert.equal(summary.due, 3);
        assert.equal(summary.lastRun?.deferred, 3);
    });

    it("GIVEN initialReset scheduled WHEN created THEN no call is made and the adoption is recorded; WHEN a period begins after it THEN each user is reset once, at its own boundary", async () => {
        const clock = { now: NOW };
        const cognito = new FakeCognito();
        const newHost = () => createBatchHost({ cognito, now: () => clock.now, run: new Run() });
        let host = newHost();
        const rotation = { every: "30d", stagger: true };
        const declared = { userPoolId: POOL, usernames: names("u", 6), initialReset: "scheduled", rotation };
        let { outs } = await host.create(declared);
        assert.equal(cognito.calls.length, 0);
        assert.deepEqual(outs.ledger, { handledThrough: NOW.toISOString(), rotationKey: "" });
        assert.equal(outs.lastRun?.adopted, 6);
        assert.equal((await host.diff("id", outs, declared as never)).changes, false);
        // Each user's boundary is where rotation.ts puts it for its pool and name (as a single reset's).
        const boundary = (u: string) => rotationPeriod(rotation, clock.now, { userPoolId: POOL, username: u }).start;
        const calls: string[][] = [];
        for (let day = 1; day <= 30; day++) {
            host = newHost();
            clock.now = new Date(NOW.getTime() + day * 86_400_000);
            const yesterday = new Date(clock.now.getTime() - 86_400_000);
            const expected = declared.usernames.filter((u) => boundary(u) > yesterday).sort();
            const before = cognito.calls.length;
            outs = (await host.update("id", outs, declared)).outs;
            calls.push(
                cognito.calls
                    .slice(before)
                    .map((c) => c.username)
                    .sort(),
            );
            assert.deepEqual(calls[day - 1], expected, `day ${day}`);
        }
        assert.deepEqual(calls.flat().sort(), declared.usernames, "each user once in the period");
    });

    it("GIVEN the batches were rearranged WHEN a new batch holds users of a batch recorded by 0.1.0 THEN no call is made, and a skipped user's retry moves with it", async () => {
        const { cognito, host } = setup();
        const old = {
            userPoolId: POOL,
            usernames: ["a", "b", "c"],
            batchCount: 1,
            users: { a: record("2026-03-10T00:00:00Z"), b: record("2026-03-10T00:00:00Z") },
            skipped: { c: { code: "USER_DISABLED", reason: "disabled", at: "2026-03-10T00:00:00Z" } },
            lastRun: {
                runId: "r",
                at: "2026-03-10T00:00:00Z",
                reset: 2,
                adopted: 0,
                skipped: 1,
                deferred: 0,
                failed: 0,
                notReached: 0,
            },
        };
        // As the engine does: both batches checked, the existing one (now holding only "a") diffed, the new one created.
        const kept = { userPoolId: POOL, usernames: ["a"], batchCount: 2, batchIndex: 0, declaredBatches: 2 };
        const created = { userPoolId: POOL, usernames: ["b", "c"], batchCount: 2, batchIndex: 1, declaredBatches: 2 };
        await host.check(old, kept);
        await host.check({}, created);
        await host.diff("id", old, kept);
        const { outs } = await host.create(created);
        assert.deepEqual(
            cognito.calls.map((c) => c.username),
            ["c"],
            "only the skipped user is tried again",
        );
        assert.deepEqual(outs.ledger, { handledThrough: NOW.toISOString(), rotationKey: "" });
    });

    // A change of batches (2 -> 3): batch 1 ran yesterday; batch 0 last had anyone due 10 days ago, and its run
    // yesterday stopped before it. The new batch 2 holds three users:
    // | user | its old batch | its boundary                  | expected                               |
    // |------|---------------|-------------------------------|----------------------------------------|
    // | A    | 1             | from 10 days ago to yesterday | handled by batch 1 yesterday: no reset |
    // | B    | 0             | from 10 days ago to yesterday | batch 0 never handled it: reset        |
    // | C    | either        | since yesterday               | reset                                  |
    it("GIVEN a change of batches WHEN a new batch is created before another batch's diff THEN it waits for it, and each moved user counts as handled as far as its old batch handled it", async () => {
        const { cognito, host } = setup();
        const rotation = { every: "30d", stagger: true };
        const latest = new Date(NOW.getTime() - 86_400_000);
        const earlier = new Date(NOW.getTime() - 10 * 86_400_000);
        const boundary = (u: string) => rotationPeriod(rotation, NOW, { userPoolId: POOL, username: u }).start;
        const names = Array.from({ length: 2000 }, (_, i) => `m${i}`).filter((u) => batchOf(u, 3) === 2);
        const between = (u: string) => boundary(u) > earlier && boundary(u) <= latest;
        const a = names.find((u) => batchOf(u, 2) === 1 && between(u))!;
        const b = names.find((u) => batchOf(u, 2) === 0 && between(u))!;
        const c = names.find((u) => boundary(u) > latest)!;
        assert.ok(a && b && c, "no such users among the names");
        const recorded = (at: Date, index: number) => ({
            userPoolId: POOL,
            usernames: [`kept${index}`],
            rotation,
            batchCount: 2,
            batchIndex: index,
            ledger: { handledThrough: at.toISOString(), rotationKey: "" },
        });
        const inputs = (index: number, usernames: string[]) => ({
            userPoolId: POOL,
            usernames,
            rotation,
            batchCount: 3,
            batchIndex: index,
            declaredBatches: 3,
        });
        const zero = recorded(earlier, 0);
        const one = recorded(latest, 1);
        await host.check(zero, inputs(0, zero.usernames));
        await host.diff("id", zero as never, inputs(0, zero.usernames) as never);
        await host.check({}, inputs(2, [a, b, c]));
        // The engine may run the new batch's step before it diffs batch 1.
        let created = false;
        const creating = host.create(inputs(2, [a, b, c])).then((r) => ((created = true), r));
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(created, false, "the new batch planned before every batch was seen");
        await host.check(one, inputs(1, one.usernames));
        await host.diff("id", one as never, inputs(1, one.usernames) as never);
        const { outs } = await creating;
        assert.deepEqual(cognito.calls.map((x) => x.username).sort(), [b, c].sort());
        assert.equal(outs.ledger?.handledThrough, NOW.toISOString());
    });

    it("GIVEN a trigger that echoes clientMetadata WHEN checked and the reset fails THEN the value is sent, and is in no message and nowhere in the outputs or the partial state", async () => {
        const { cognito, host } = setup();
        const secret = "tok-9f8e7d6c5b4a";
        cognito.answers = (i) =>
            sdkError(
                "UserLambdaValidationException",
                `CustomMessage failed with error Bad metadata: {"token":"${i.clientMetadata?.token}"}.`,
            );
        const checked = async (news: Record<string, unknown>) => (await host.check({}, news)).inputs;
        const first = await checked({ userPoolId: POOL, usernames: ["a"], clientMetadata: { token: secret } });
        assert.ok(!JSON.stringify(first).includes(secret), "check returned the value");
        const skipped = await host.create(first);
        assert.deepEqual(cognito.calls[0].clientMetadata, { token: secret }, "the value is what Cognito gets");
        assert.equal(skipped.outs.skipped!.a.code, "LAMBDA_REJECTED");
        assert.ok(!JSON.stringify(skipped.outs).includes(secret));
        const err = await batchError(async () =>
            host.create(
                await checked({
                    userPoolId: POOL,
                    usernames: ["b"],
                    clientMetadata: { token: secret },
                    ineligibleUsers: "fail",
                }),
            ),
        );
        assert.ok(!err.message.includes(secret));
        assert.ok(!JSON.stringify(err.properties).includes(secret));
        assert.match(err.message, /\[LAMBDA_REJECTED\]/);
    });

    it("GIVEN a batch recorded by 0.1.0 with clientMetadata values WHEN checked and diffed with nobody due THEN an update with no call, and no change after it", async () => {
        const { cognito, host } = setup();
        const news = { userPoolId: POOL, usernames: ["a"], clientMetadata: { token: "tok-9f8e7d6c5b4a" } };
        const old = { ...news, users: { a: record("2026-03-10T00:00:00Z") } };
        const checked = (await host.check(old, news)).inputs;
        assert.equal((await host.diff("id", old as never, checked as never)).changes, true);
        const { outs } = await host.update("id", old as never, checked);
        assert.equal(cognito.calls.length, 0);
        assert.ok(!JSON.stringify(outs).includes(news.clientMetadata.token));
        assert.equal((await host.diff("id", outs, checked as never)).changes, false);
    });
});

/** A listed user that can be reset, unless `over` says otherwise. */
const listedUser = (username: string, sub: string, over: Partial<ListedUser> = {}): ListedUser => ({
    username,
    sub,
    enabled: true,
    status: "CONFIRMED",
    emailVerified: true,
    phoneVerified: false,
    ...over,
});

describe("batch host: a selection", () => {
    // | case                                                        | expected                                                  |
    // |-------------------------------------------------------------|-----------------------------------------------------------|
    // | 6 listed users, 3 of them ineligible, in 2 batches          | each batch counts its eligible share; the rest counted    |
    // |                                                             | by code; one listing for both; no user named in inputs    |
    // | create, "immediate"                                         | only the eligible users are reset; a ledger, no records   |
    // | a newcomer and a leaver on a later run, no rotation         | no change, no call                                        |
    // | the pool's line                                             | counts and names of the due users, once for all batches   |
    const POOL_USERS = [
        listedUser("ann", "00000000-0000-4000-8000-000000000001"),
        listedUser("bob", "80000000-0000-4000-8000-000000000002"),
        listedUser("cat", "40000000-0000-4000-8000-000000000003"),
        listedUser("dis", "c0000000-0000-4000-8000-000000000004", { enabled: false }),
        listedUser("fcp", "20000000-0000-4000-8000-000000000005", { status: "FORCE_CHANGE_PASSWORD" }),
        listedUser("unv", "60000000-0000-4000-8000-000000000006", { emailVerified: false }),
    ];
    const selectNews = (batchIndex: number) => ({
        userPoolId: POOL,
        select: { group: "admins" },
        batchIndex,
        batchCount: 2,
        rotation: { every: "30d", anchor: "2026-03-01", stagger: true },
    });

    it("GIVEN 6 listed users, 3 ineligible, over 2 batches WHEN checked THEN each batch counts its eligible share and the rest by code, from one listing, naming nobody", async () => {
        const { cognito, host } = setup();
        cognito.pool = POOL_USERS;
        const lines = await stderrOf(() =>
            Promise.all([0, 1].map(async (i) => (await host.check({}, selectNews(i))).inputs)),
        );
        const checked = lines.value;
        assert.equal(cognito.listings, 1, "both batches share one listing");
        assert.equal(
            checked.reduce((n, c) => n + (c.selected as number), 0),
            3,
        );
        for (const [i, c] of checked.entries()) {
            const share = ["ann", "bob", "cat"].filter((u) => batchOf(u, 2) === i).length;
            assert.equal(c.selected, share, `batch ${i}`);
            assert.equal(c.usernames, undefined, "a selection's inputs name no user");
            assert.equal(c.rotationPeriods, undefined);
        }
        const excluded: Record<string, number> = {};
        for (const c of checked)
            for (const [code, n] of Object.entries(c.excluded as Record<string, number>))
                excluded[code] = (excluded[code] ?? 0) + n;
        assert.deepEqual(excluded, { USER_DISABLED: 1, USER_STATUS: 1, NO_VERIFIED_CONTACT: 1 });
        const poolLines = lines.text.split("\n").filter((l) => l.includes(`pool ${POOL} (`));
        assert.deepEqual(poolLines, [
            `cognito-password-reset: pool ${POOL} (the members of group 'admins'): 3 due, 3 excluded; due: ann, bob, cat`,
        ]);
    });

    it("GIVEN a selection WHEN created with immediate, then a newcomer appears and a member leaves THEN only eligible users are reset, the state names nobody, and the later run changes nothing", async () => {
        const { cognito, host } = setup();
        cognito.pool = POOL_USERS;
        const one = { userPoolId: POOL, select: { all: true }, batchIndex: 0, batchCount: 1 };
        const created = await host.create((await host.check({}, one)).inputs);
        assert.deepEqual(cognito.calls.map((c) => c.username).sort(), ["ann", "bob", "cat"]);
        assert.equal(created.outs.users, undefined);
        assert.deepEqual(created.outs.ledger, { handledThrough: NOW.toISOString(), rotationKey: "" });
        assert.equal(created.outs.lastRun?.reset, 3);

        const later = setup();
        later.cognito.pool = [...POOL_USERS.filter((u) => u.username !== "bob"), listedUser("new", "10000000-0000")];
        const news = (await later.host.check(created.outs as never, one)).inputs;
        assert.equal((await later.host.diff("id", created.outs, news as never)).changes, false);
        assert.equal(later.cognito.calls.length, 0, "a newcomer or a leaver made a call");
    });
});

describe("batch host: tonight's slice of the whole pool", () => {
    // 256 users, the sub of each starting with another 2 hex digits; a 90-day stagger from 2026-03-01, adopted
    // at NOW (Mar 20 03:00). A day later, the boundaries that fell are those of fractions in
    // (19.125 / 90, 20.125 / 90] = (0.2125, 0.2236]: the subs 37.., 38.. and 39.. (55, 56 and 57 of 256).
    // | run            | listed                                    | reset              |
    // |----------------|-------------------------------------------|--------------------|
    // | create         | nothing                                   | nobody (adopted)   |
    // | a day later    | sub ^= "36" .. "39" only; check lists none | 37.., 38.., 39..   |
    it("GIVEN the whole pool on a staggered policy WHEN a day later's run plans THEN it lists only the slice of subs whose boundaries fell, and resets just those", async () => {
        const cognito = new FakeCognito();
        cognito.pool = Array.from({ length: 256 }, (_, i) =>
            listedUser(
                `u${i.toString(16).padStart(2, "0")}`,
                `${i.toString(16).padStart(2, "0")}000000-0000-4000-8000-000000000000`,
            ),
        );
        const news = {
            userPoolId: POOL,
            select: { all: true },
            batchIndex: 0,
            batchCount: 1,
            rotation: { every: "90d", anchor: "2026-03-01", stagger: true },
            initialReset: "scheduled",
        };
        const first = createBatchHost({ cognito, now: () => NOW, run: new Run() });
        const created = (await first.create((await first.check({}, news)).inputs)).outs;
        assert.equal(cognito.listings, 0, "an adoption of the whole pool lists nobody");
        assert.equal(cognito.calls.length, 0);

        cognito.selections = [];
        const later = createBatchHost({ cognito, now: () => new Date(NOW.getTime() + 86_400_000), run: new Run() });
        const checked = (await later.check(created as never, news)).inputs;
        assert.deepEqual(cognito.selections, [], "the check of a recorded batch listed the pool");
        assert.equal((await later.diff("id", created, checked as never)).changes, true);
        const updated = (await later.update("id", created, checked)).outs;
        assert.deepEqual(
            [...new Set(cognito.selections.map((s) => JSON.stringify(s)))].sort(),
            ["36", "37", "38", "39"].map((p) => JSON.stringify({ filter: `sub ^= "${p}"` })),
        );
        assert.equal(cognito.selections.length, 4, "the diff and the update share each listing");
        assert.deepEqual(cognito.calls.map((c) => c.username).sort(), ["u37", "u38", "u39"]);
        assert.equal(updated.ledger?.handledThrough, new Date(NOW.getTime() + 86_400_000).toISOString());
    });
});

describe("batch host: a selection widened with a new key in the same run", () => {
    // | run | select               | rotationKey | listed            | expected                                  |
    // |-----|----------------------|-------------|-------------------|-------------------------------------------|
    // | 1   | { group: "admins" }  | k1          | ann               | ann reset                                 |
    // | 2   | { all: true }        | k2          | ann, zed (new)    | both reset: the incident covers everyone  |
    // | 3   | { all: true }        | k2          | ann, zed, sue     | sue, first seen, not reset                |
    it("GIVEN a selection widened to the whole pool with a new key WHEN run THEN every listed user is reset once, and a later newcomer is not", async () => {
        // One Cognito; each run a provider process of its own, as each `pulumi up` is.
        const cognito = new FakeCognito();
        const run = async (olds: Record<string, unknown>, news: Record<string, unknown>, listed: ListedUser[]) => {
            cognito.pool = listed;
            const host = createBatchHost({ cognito, now: () => NOW, run: new Run() });
            const checked = (await host.check(olds, news)).inputs;
            return Object.keys(olds).length === 0
                ? (await host.create(checked)).outs
                : (await host.update("id", olds as never, checked)).outs;
        };
        const base = { userPoolId: POOL, batchIndex: 0, batchCount: 1 };
        const ann = listedUser("ann", "00");
        const zed = listedUser("zed", "10");
        const first = await run({}, { ...base, select: { group: "admins" }, rotationKey: "k1" }, [ann]);
        const second = await run(first as never, { ...base, select: { all: true }, rotationKey: "k2" }, [ann, zed]);
        assert.deepEqual(
            cognito.calls.map((c) => c.username),
            ["ann", "ann", "zed"],
        );
        assert.equal(second.ledger?.rotationKey, "k2");
        await run(second as never, { ...base, select: { all: true }, rotationKey: "k2" }, [
            ann,
            zed,
            listedUser("sue", "20"),
        ]);
        assert.equal(cognito.calls.length, 3, "a newcomer after the key's run was reset");
    });
});

describe("summary", () => {
    it("GIVEN 150 skipped users WHEN summarized THEN counts are exact and at most 100 are named, failed first", () => {
        const skipped = Object.fromEntries(
            names("s", 150).map((u) => [u, { code: "USER_DISABLED", reason: "r", at: "t" }]),
        );
        const failed = { f0: { code: "TRANSIENT", reason: "r", at: "t" } };
        const s = summarize([
            {
                usernames: [...names("s", 150), "f0", "ok"],
                users: { ok: record("2026-03-10T00:00:00Z") },
                skipped,
                failed,
            },
        ]);
        assert.deepEqual(
            { users: s.users, upToDate: s.upToDate, due: s.due, skipped: s.skipped, failed: s.failed },
            { users: 152, upToDate: 1, due: 151, skipped: 150, failed: 1 },
        );
        assert.equal(s.problems.length, 100);
        assert.equal(s.problems[0].username, "f0");
        assert.equal(s.problemsNotListed, 51);
    });
});
