/**
 * Unit tier: the ledger of a `select` batch (README "Selecting users"): who
 * is due in a run, and what the batch records after it, with no record per
 * user. Periods worked by hand: 30 days from 2026-03-01, staggered by the
 * sub's leading hex digits (a sub of 1... is 1/16 of the period in: 1 d 21 h).
 *
 * | case                                                       | expected                                               |
 * |------------------------------------------------------------|--------------------------------------------------------|
 * | create, "scheduled"                                        | nobody due; all adopted; handled through now           |
 * | create, "immediate"                                        | everybody due, in the order of subs                    |
 * | 3 days after a run                                         | due: the users whose boundary fell in those 3 days     |
 * | a sign-up created after its boundary                       | not due until its next one                             |
 * | a new key, 5 users, 2 reset then the budget runs out       | the sweep moves past the 2nd; 3 remain; next run: 3    |
 * | a user in the middle not reached (a stop)                  | deferred by name, retried first next run               |
 * | the sweep reaches everyone                                 | it ends: the key becomes the ledger's                  |
 * | a user created after the key's first run                   | not part of its sweep                                  |
 * | key removed, or back to the recorded one, mid-sweep        | the sweep ends, nobody due for it                      |
 * | batches created by a move                                  | the earliest handledThrough, the lowest sweep position |
 */
import assert from "node:assert/strict";
import {
    inheritedLedger,
    latestHandled,
    Ledger,
    nextLedger,
    Outcome,
    planSelection,
} from "../../../provider/core/ledger";
import { ListedUser } from "../../../provider/core/select";

const POLICY = { every: "30d", anchor: "2026-03-01", stagger: true };
const DAY = 86_400_000;
const T = (iso: string) => new Date(iso);

/** A user that can be reset, its sub starting with `hex` (a fraction of the period). */
const user = (username: string, hex: string, createdAt?: string): ListedUser => ({
    username,
    sub: `${hex.padEnd(8, "0")}-0000-4000-8000-000000000000`,
    enabled: true,
    status: "CONFIRMED",
    emailVerified: true,
    phoneVerified: false,
    createdAt,
});
const NONE = new Set<string>();
const names = (p: { due: { username: string }[] }) => p.due.map((u) => u.username);

describe("core: a selection's ledger", () => {
    // Subs 0.., 1.., 2.., 8..: boundaries on Mar 1, Mar 2 21:00, Mar 4 18:00, Mar 16 (and 30 days on).
    const USERS = [user("a", "0"), user("b", "1"), user("c", "2"), user("h", "8")];

    it("GIVEN a create with initialReset scheduled WHEN planned THEN nobody is due and every user is adopted as of now", () => {
        const p = planSelection(
            undefined,
            USERS,
            { rotation: POLICY, initialReset: "scheduled" },
            T("2026-03-01T12:00:00Z"),
            NONE,
        );
        assert.deepEqual(names(p), []);
        assert.equal(p.adopted, 4);
        assert.deepEqual(
            nextLedger(p, () => "reset", "2026-03-01T12:00:00.000Z"),
            {
                handledThrough: "2026-03-01T12:00:00.000Z",
                rotationKey: "",
            },
        );
    });

    it("GIVEN a create with initialReset immediate WHEN planned THEN every user is due, by sub, and a full run ends the sweep", () => {
        const now = T("2026-03-01T12:00:00Z");
        const p = planSelection(undefined, [USERS[3], USERS[0], USERS[2], USERS[1]], { rotationKey: "k" }, now, NONE);
        assert.deepEqual(names(p), ["a", "b", "c", "h"]);
        assert.deepEqual(
            nextLedger(p, () => "reset", now.toISOString()),
            {
                handledThrough: now.toISOString(),
                rotationKey: "k",
            },
        );
    });

    it("GIVEN a run on Mar 1 at noon WHEN the next runs on Mar 4 at noon THEN only b is due (its boundary was Mar 2 21:00)", () => {
        const olds: Ledger = { handledThrough: "2026-03-01T12:00:00.000Z", rotationKey: "" };
        const p = planSelection(olds, USERS, { rotation: POLICY }, T("2026-03-04T12:00:00Z"), NONE);
        assert.deepEqual(names(p), ["b"]);
        assert.equal(p.due[0].reason, "period");
        // Two hours later, c's boundary (Mar 4 18:00) has not come: a rerun makes no call.
        const rerun = planSelection(
            nextLedger(p, () => "reset", "2026-03-04T12:00:00.000Z"),
            USERS,
            { rotation: POLICY },
            T("2026-03-04T14:00:00Z"),
            NONE,
        );
        assert.deepEqual(names(rerun), []);
    });

    it("GIVEN a sign-up created on Mar 3, after its boundary of Mar 2 21:00 WHEN the run of Mar 4 plans THEN it is not due until its next boundary", () => {
        const olds: Ledger = { handledThrough: "2026-03-01T12:00:00.000Z", rotationKey: "" };
        const signup = user("s", "1", "2026-03-03T00:00:00Z");
        assert.deepEqual(
            names(planSelection(olds, [signup], { rotation: POLICY }, T("2026-03-04T12:00:00Z"), NONE)),
            [],
        );
        const later = planSelection(olds, [signup], { rotation: POLICY }, T("2026-04-02T00:00:00Z"), NONE);
        assert.deepEqual(names(later), ["s"], "due at its boundary of Apr 1 21:00");
    });

    it("GIVEN a new key over 5 users WHEN 2 are reset and the budget defers the rest THEN the sweep stands after the 2nd and the next run resets the 3 others, then ends", () => {
        const five = ["0", "3", "6", "9", "c"].map((h, i) => user(`u${i}`, h));
        const olds: Ledger = { handledThrough: "2026-03-01T00:00:00.000Z", rotationKey: "" };
        const now = "2026-03-01T01:00:00.000Z";
        const first = planSelection(olds, five, { rotationKey: "INC-1" }, T(now), NONE);
        assert.deepEqual(names(first), ["u0", "u1", "u2", "u3", "u4"]);
        const outcome = (u: string): Outcome => (u === "u0" || u === "u1" ? "reset" : "deferred");
        const after = nextLedger(first, outcome, now);
        assert.equal(after.rotationKey, "", "the key is not done yet");
        assert.equal(after.sweep?.through, five[1].sub);
        assert.equal(after.sweep?.remaining, 3);
        assert.equal(after.deferred, undefined, "a deferred user beyond the sweep's position is not named");

        const second = planSelection(after, five, { rotationKey: "INC-1" }, T("2026-03-02T01:00:00Z"), NONE);
        assert.deepEqual(names(second), ["u2", "u3", "u4"]);
        const done = nextLedger(second, () => "reset", "2026-03-02T01:00:00.000Z");
        assert.deepEqual(done, { handledThrough: "2026-03-02T01:00:00.000Z", rotationKey: "INC-1" });
        assert.deepEqual(
            names(planSelection(done, five, { rotationKey: "INC-1" }, T("2026-03-03T01:00:00Z"), NONE)),
            [],
        );
    });

    it("GIVEN a sweep in which a user before the last one reset was not reached WHEN the ledger is written THEN that user is deferred by name and retried first", () => {
        const three = [user("x", "1"), user("y", "2"), user("z", "3")];
        const now = "2026-03-01T01:00:00.000Z";
        const p = planSelection({ handledThrough: now, rotationKey: "" }, three, { rotationKey: "k" }, T(now), NONE);
        const after = nextLedger(p, (u) => (u === "y" ? "notReached" : "reset"), now);
        assert.deepEqual(after.deferred, ["y"]);
        assert.equal(after.sweep, undefined, "z, the last, was reset: nobody is left beyond it");
        assert.equal(after.rotationKey, "k");
        const next = planSelection(
            after,
            three,
            { rotationKey: "k" },
            T("2026-03-02T01:00:00Z"),
            new Set(after.deferred),
        );
        assert.deepEqual(next.due, [{ username: "y", order: three[1].sub, reason: "retry" }]);
    });

    it("GIVEN a sweep begun on Mar 1 WHEN a user created on Mar 2 is listed THEN it is not part of the sweep", () => {
        const olds: Ledger = {
            handledThrough: "2026-03-01T01:00:00.000Z",
            rotationKey: "",
            sweep: { rotationKey: "k", since: "2026-03-01T01:00:00.000Z", through: "" },
        };
        const users = [user("old", "5", "2026-01-01T00:00:00Z"), user("new", "6", "2026-03-02T00:00:00Z")];
        assert.deepEqual(names(planSelection(olds, users, { rotationKey: "k" }, T("2026-03-02T01:00:00Z"), NONE)), [
            "old",
        ]);
    });

    for (const [what, key] of [
        ["removed", undefined],
        ["set back to the recorded one", "k1"],
    ] as const) {
        it(`GIVEN a sweep of k2 under way WHEN the key is ${what} THEN the sweep ends and nobody is due for it`, () => {
            const olds: Ledger = {
                handledThrough: "2026-03-01T01:00:00.000Z",
                rotationKey: "k1",
                sweep: { rotationKey: "k2", since: "2026-03-01T01:00:00.000Z", through: USERS[0].sub },
            };
            const p = planSelection(olds, USERS, { rotationKey: key }, T("2026-03-01T02:00:00Z"), NONE);
            assert.deepEqual(names(p), []);
            assert.equal(p.ledger.sweep, undefined);
        });
    }

    it("GIVEN ledgers of two batches WHEN a batch is created by a move THEN it starts from the latest handledThrough (the pool's last run) and the lowest sweep position", () => {
        const sweep = (through: string) => ({ rotationKey: "k", since: "2026-03-01T00:00:00.000Z", through });
        const ledgers = [
            { handledThrough: "2026-03-04T00:00:00.000Z", rotationKey: "", sweep: sweep("3") },
            { handledThrough: "2026-03-05T00:00:00.000Z", rotationKey: "", sweep: sweep("5") },
        ];
        const l = inheritedLedger(ledgers);
        assert.deepEqual(l, { handledThrough: "2026-03-05T00:00:00.000Z", rotationKey: "", sweep: sweep("3") });
        assert.equal(latestHandled(ledgers), "2026-03-05T00:00:00.000Z");
        assert.equal(inheritedLedger([]), undefined);
        assert.equal(latestHandled([]), undefined);
    });

    it("GIVEN a pool of 100,000 users WHEN a night's ledger is written THEN its size does not depend on the pool's", () => {
        const many = Array.from({ length: 100_000 }, (_, i) =>
            user(`u${i}`, (i * 42_949).toString(16).padStart(8, "0").slice(-8)),
        );
        const olds: Ledger = { handledThrough: "2026-03-01T12:00:00.000Z", rotationKey: "" };
        const p = planSelection(
            olds,
            many,
            { rotation: POLICY },
            T(new Date(Date.parse("2026-03-01T12:00:00Z") + DAY).toISOString()),
            NONE,
        );
        assert.ok(p.due.length > 3000 && p.due.length < 3700, `about 1/30 of the pool due, got ${p.due.length}`);
        const after = JSON.stringify(nextLedger(p, () => "reset", "2026-03-02T12:00:00.000Z"));
        assert.ok(after.length < 200, `the ledger is ${after.length} bytes`);
    });
});
