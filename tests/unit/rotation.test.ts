/**
 * Unit tier: rotation period arithmetic, staggering and the policy rules. All
 * UTC. Property-based cases use a seeded generator, so a failure names its seed.
 */
import assert from "node:assert/strict";
import { needsReset } from "../../provider/diff";
import { isUserPasswordReset, maxPeriodDays, rotationViolation } from "../../provider/policy";
import {
    addMonths,
    parseAnchor,
    parseEvery,
    parsePeriodLabel,
    rotationPeriod,
    staggerFraction,
    validatePolicy,
} from "../../provider/rotation";
import { prng } from "../support/random";

const DAY = 86_400_000;

describe("rotation: periods", () => {
    // [policy, now, expected label]
    const table: [{ every: string; anchor?: string }, string, string][] = [
        [{ every: "90d", anchor: "2026-01-01" }, "2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z..2026-06-30T00:00:00Z"],
        [{ every: "90d", anchor: "2026-01-01" }, "2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z..2026-06-30T00:00:00Z"],
        [{ every: "90d", anchor: "2026-01-01" }, "2026-03-31T23:59:59Z", "2026-01-01T00:00:00Z..2026-04-01T00:00:00Z"],
        [{ every: "90d", anchor: "2026-01-01" }, "2025-12-31T00:00:00Z", "2025-10-03T00:00:00Z..2026-01-01T00:00:00Z"],
        [
            { every: "12h", anchor: "2026-01-01T06:00:00Z" },
            "2026-01-01T05:00:00Z",
            "2025-12-31T18:00:00Z..2026-01-01T06:00:00Z",
        ],
        [{ every: "1w" }, "2026-11-26T10:00:00Z", "2026-11-23T00:00:00Z..2026-11-30T00:00:00Z"],
        [{ every: "1mo", anchor: "2026-01-31" }, "2026-02-28T12:00:00Z", "2026-02-28T00:00:00Z..2026-03-31T00:00:00Z"],
        [{ every: "1mo", anchor: "2026-01-31" }, "2028-02-29T01:00:00Z", "2028-02-29T00:00:00Z..2028-03-31T00:00:00Z"],
        [{ every: "3mo" }, "2026-11-26T00:00:00Z", "2026-10-01T00:00:00Z..2027-01-01T00:00:00Z"],
    ];
    for (const [policy, now, label] of table) {
        it(`GIVEN every ${policy.every} from ${policy.anchor ?? "the default anchor"} WHEN now is ${now} THEN the period is ${label}`, () => {
            assert.equal(rotationPeriod(policy, new Date(now)).label, label);
        });
    }

    it("GIVEN any policy and time WHEN the period is computed THEN start <= now < end, the next period starts at end, and boundaries do not depend on when the last run was (property)", () => {
        const rand = prng(20261126);
        const units = ["h", "d", "w", "mo"];
        for (let i = 0; i < 2000; i++) {
            const every = `${1 + Math.floor(rand() * 100)}${units[Math.floor(rand() * units.length)]}`;
            const anchor = new Date(
                Date.UTC(2000 + Math.floor(rand() * 40), Math.floor(rand() * 12), 1 + Math.floor(rand() * 31)),
            ).toISOString();
            const stagger = rand() < 0.5;
            const user = { userPoolId: "eu-west-1_Pool" + i, username: "u" + Math.floor(rand() * 1e6) };
            const now = new Date(Date.UTC(2010, 0, 1) + Math.floor(rand() * 40 * 365 * DAY));
            const policy = { every, anchor, stagger };
            const p = rotationPeriod(policy, now, user);
            assert.ok(
                p.start <= now && now < p.end,
                `seed case ${i}: ${JSON.stringify(policy)} at ${now.toISOString()} -> ${p.label}`,
            );
            const next = rotationPeriod(policy, p.end, user);
            assert.equal(next.start.getTime(), p.end.getTime(), `case ${i}: periods are contiguous`);
            assert.equal(next.index, p.index + 1);
            // A later time within the same period lands in the same period (no sliding).
            const later = new Date(p.start.getTime() + Math.floor(rand() * (p.end.getTime() - p.start.getTime())));
            assert.equal(rotationPeriod(policy, later, user).label, p.label);
        }
    });

    it("GIVEN month arithmetic WHEN days do not exist in the target month THEN they clamp to its end, always from the anchor", () => {
        assert.equal(addMonths(new Date("2026-01-31T00:00:00Z"), 1).toISOString(), "2026-02-28T00:00:00.000Z");
        assert.equal(addMonths(new Date("2028-01-31T00:00:00Z"), 1).toISOString(), "2028-02-29T00:00:00.000Z");
        assert.equal(addMonths(new Date("2026-01-31T00:00:00Z"), 2).toISOString(), "2026-03-31T00:00:00.000Z");
        assert.equal(addMonths(new Date("2026-03-31T00:00:00Z"), -1).toISOString(), "2026-02-28T00:00:00.000Z");
    });

    it("GIVEN bad settings WHEN validated THEN each failure names the setting", () => {
        assert.equal(typeof parseEvery("90"), "string");
        assert.equal(typeof parseEvery("0d"), "string");
        assert.equal(typeof parseEvery("9000w"), "string");
        assert.deepEqual(parseEvery("3mo"), { count: 3, unit: "mo" });
        assert.equal(typeof parseAnchor("yesterday"), "string");
        assert.equal((parseAnchor("2026-02-01") as Date).toISOString(), "2026-02-01T00:00:00.000Z");
        assert.deepEqual(
            validatePolicy({ every: "fortnight", anchor: "soon", stagger: "yes", when: 1 })
                .map((f) => f.property)
                .sort(),
            ["rotation.anchor", "rotation.every", "rotation.stagger", "rotation.when"],
        );
        assert.deepEqual(validatePolicy({ every: "90d" }), []);
        assert.equal(parsePeriodLabel("2026-01-01T00:00:00Z..2025-01-01T00:00:00Z"), undefined);
    });
});

describe("rotation: staggering", () => {
    it("GIVEN 10,000 synthetic usernames WHEN staggered THEN offsets are spread close to uniformly over the period (chi-square, 20 buckets, p > 0.001)", () => {
        const buckets = new Array(20).fill(0);
        for (let i = 0; i < 10_000; i++)
            buckets[Math.floor(staggerFraction("eu-west-1_AbC123", `user${i}@example.com`) * 20)]++;
        const expected = 10_000 / 20;
        const chi2 = buckets.reduce((s, n) => s + (n - expected) ** 2 / expected, 0);
        // 19 degrees of freedom: the 0.999 quantile is 43.82.
        assert.ok(chi2 < 43.82, `chi-square ${chi2.toFixed(1)} over buckets ${buckets.join(",")}`);
        const boundaries = Array.from({ length: 10_000 }, (_, i) =>
            rotationPeriod({ every: "90d", stagger: true }, new Date("2026-11-26T00:00:00Z"), {
                userPoolId: "eu-west-1_AbC123",
                username: `user${i}`,
            }).end.getTime(),
        );
        const nights = new Set(boundaries.map((b) => Math.floor(b / DAY)));
        assert.ok(nights.size >= 85, `10,000 users fall due on only ${nights.size} of 90 nights`);
    });

    it("GIVEN the same user WHEN staggered in separate runs THEN the offset is the same; GIVEN another pool THEN it differs", () => {
        const a = staggerFraction("eu-west-1_AbC123", "alice");
        assert.equal(staggerFraction("eu-west-1_AbC123", "alice"), a);
        assert.notEqual(staggerFraction("eu-west-1_XyZ789", "alice"), a);
        assert.ok(a >= 0 && a < 1);
    });
});

describe("rotation: when a reset is due", () => {
    // [last reset, new period label, manual key change?, due?]
    const table: [string, string | undefined, boolean, boolean][] = [
        ["2026-03-10T12:00:00.000Z", "2026-03-02T00:00:00Z..2026-04-01T00:00:00Z", false, false],
        ["2026-03-10T12:00:00.000Z", "2026-04-01T00:00:00Z..2026-05-01T00:00:00Z", false, true],
        ["2026-05-20T12:00:00.000Z", "2026-05-01T00:00:00Z..2026-05-31T00:00:00Z", false, false],
        ["2026-05-20T12:00:00.000Z", undefined, true, true],
        ["2026-05-20T12:00:00.000Z", undefined, false, false],
    ];
    for (const [last, label, keyChanged, due] of table) {
        it(`GIVEN the last reset at ${last} WHEN the period is ${label ?? "unset"}${keyChanged ? " and the key changed" : ""} THEN a reset is ${due ? "" : "not "}due`, () => {
            const olds = { lastResetAt: last, lastResetRotationKey: "k1", rotationKey: "k1" };
            const news = { rotationKey: keyChanged ? "k2" : "k1", rotationPeriod: label };
            assert.equal(needsReset(olds, news), due);
        });
    }
});

describe("policy rules", () => {
    const config = { maxRotationDays: 90, requireRotation: true };
    it("GIVEN resources WHEN matched THEN only UserPasswordReset's type token with its properties counts", () => {
        const props = { userPoolId: "eu-west-1_AbC123", username: "a" };
        assert.ok(isUserPasswordReset({ type: "pulumi-nodejs:dynamic/cognito:UserPasswordReset", props }));
        assert.ok(!isUserPasswordReset({ type: "pulumi-nodejs:dynamic:Resource", props }));
        assert.ok(!isUserPasswordReset({ type: "aws:cognito/user:User", props }));
    });
    it("GIVEN rotations WHEN checked against 90 days THEN longer ones and missing ones are violations", () => {
        assert.equal(maxPeriodDays("3mo"), 93);
        assert.equal(maxPeriodDays("12w"), 84);
        assert.equal(rotationViolation({ rotation: { every: "90d" } }, config), undefined);
        assert.match(rotationViolation({ rotation: { every: "13w" } }, config) ?? "", /up to 91 days/);
        assert.match(
            rotationViolation({ username: "a", userPoolId: "p" }, config) ?? "",
            /user 'a' in pool 'p' declares no rotation/,
        );
        assert.equal(rotationViolation({}, { ...config, requireRotation: false }), undefined);
    });
});
