/**
 * Unit tier: a batch's rules — which users are due, what replaces a batch,
 * and validation — with the same rules as a single reset.
 */
import assert from "node:assert/strict";
import { createBatchHost, dueUsers, validateBatch } from "../../provider/batch-host";
import { UNKNOWN } from "../../provider/validation";

const POOL = "eu-west-1_AbC123";
const record = (at: string, rotationKey = "") => ({ lastResetAt: at, resetCount: 1, rotationKey });

describe("batch rules", () => {
    // [case, recorded users, declared, expected due users]
    const table: [string, Record<string, ReturnType<typeof record>>, object, string[]][] = [
        ["new users only", { a: record("2026-03-10T00:00:00Z") }, {}, ["b"]],
        [
            "a new key",
            { a: record("2026-03-10T00:00:00Z", "k1"), b: record("2026-03-10T00:00:00Z", "k1") },
            { rotationKey: "k2" },
            ["a", "b"],
        ],
        [
            "one user's period began after its reset",
            { a: record("2026-03-10T00:00:00Z"), b: record("2026-03-10T00:00:00Z") },
            {
                rotationPeriods: {
                    a: "2026-03-02T00:00:00Z..2026-04-01T00:00:00Z",
                    b: "2026-03-15T00:00:00Z..2026-04-14T00:00:00Z",
                },
            },
            ["b"],
        ],
        [
            "periods unknown at preview",
            { a: record("2026-03-10T00:00:00Z"), b: record("2026-03-10T00:00:00Z") },
            { rotationPeriods: UNKNOWN },
            ["a", "b"],
        ],
    ];
    for (const [what, users, declared, due] of table) {
        it(`GIVEN ${what} WHEN the batch diffs THEN the due users are [${due.join(", ")}]`, () => {
            assert.deepEqual(dueUsers({ users }, { userPoolId: POOL, usernames: ["a", "b"], ...declared }), due);
        });
    }

    it("GIVEN a batch WHEN the pool's own region is named THEN it is not replaced; WHEN the pool changes THEN it is", async () => {
        const host = createBatchHost({
            cognito: { resetPassword: async () => {}, getUserStatus: async () => "CONFIRMED" },
            now: () => new Date(0),
        });
        const olds = { userPoolId: POOL, usernames: ["a"], users: { a: record("2026-03-10T00:00:00Z") } };
        assert.deepEqual(
            (await host.diff("id", olds, { userPoolId: POOL, usernames: ["a"], region: "eu-west-1" })).replaces,
            [],
        );
        assert.deepEqual((await host.diff("id", olds, { userPoolId: "eu-west-1_Other1", usernames: ["a"] })).replaces, [
            "userPoolId",
        ]);
    });

    it("GIVEN bad usernames or duplicates WHEN checked THEN each failure names usernames and the user", () => {
        const reasons = validateBatch({ userPoolId: POOL, usernames: ["ok", "has space", "ok"] }).map(
            (f) => `${f.property}: ${f.reason}`,
        );
        assert.equal(reasons.length, 2);
        assert.match(reasons.join("\n"), /usernames: 'ok' is listed twice/);
        assert.match(reasons.join("\n"), /usernames: username must be letters.*\(got 'has space'\)/);
        assert.deepEqual(
            validateBatch({ userPoolId: POOL, usernames: ["a"], bogus: 1 }).map((f) => f.property),
            ["bogus"],
        );
    });
});
