/**
 * Unit tier: tonight's slice of a pool (README "Selecting users"): the `sub`
 * prefixes whose users' staggered boundaries fall between two runs.
 *
 * | case                                               | expected                                                    |
 * |----------------------------------------------------|-------------------------------------------------------------|
 * | any sub, policy and window shorter than the period | a user whose boundary fell in the window is in a prefix     |
 * | a 90-day stagger, one night                        | 2 hex digits, 3 or 4 prefixes: about 1/90 of the pool       |
 * | a window across an unstaggered period's start      | two runs of prefixes, one at each end of the sub space      |
 * | a window as long as the period                     | all                                                         |
 * | no stagger                                         | all when the boundary fell in the window, none otherwise    |
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { subPrefixes } from "../../../provider/core/slices";
import { rotationPeriod } from "../../../provider/core/rotation";
import { subFraction } from "../../../provider/core/select";

const DAY = 86_400_000;
const T = (iso: string) => new Date(iso);

describe("core: tonight's slice of subs", () => {
    it("GIVEN any sub, staggered policy and window shorter than a period WHEN the user's boundary fell in the window THEN its sub starts with one of the prefixes", () => {
        fc.assert(
            fc.property(
                fc.stringMatching(/^[0-9a-f]{8}$/),
                fc.constantFrom("90d", "30d", "12h", "4w", "3mo", "1mo"),
                fc.integer({ min: 0, max: 3650 * DAY }),
                fc.integer({ min: 1, max: 27 * DAY }),
                (hex, every, offset, width) => {
                    const policy = { every, stagger: true };
                    const after = new Date(Date.parse("2026-01-01T00:00:00Z") + offset);
                    const upTo = new Date(after.getTime() + width);
                    const sub = `${hex}-0000-4000-8000-000000000000`;
                    const start = rotationPeriod(policy, upTo, { fraction: subFraction(sub) }).start;
                    const prefixes = subPrefixes(policy, after, upTo);
                    if (start.getTime() <= after.getTime() || prefixes === "all") return true;
                    return prefixes.some((p) => sub.startsWith(p));
                },
            ),
            { numRuns: 2000 },
        );
    });

    it("GIVEN a 90-day stagger WHEN one night is sliced THEN 3 or 4 prefixes of 2 hex digits, about 1/90 of the pool", () => {
        const prefixes = subPrefixes(
            { every: "90d", stagger: true },
            T("2026-03-10T02:00:00Z"),
            T("2026-03-11T02:00:00Z"),
        );
        assert.ok(Array.isArray(prefixes));
        assert.ok(
            prefixes.every((p) => /^[0-9a-f]{2}$/.test(p)),
            prefixes.join(),
        );
        assert.ok(prefixes.length >= 3 && prefixes.length <= 4, prefixes.join());
        const numbers = prefixes.map((p) => parseInt(p, 16));
        assert.deepEqual(
            numbers,
            numbers.map((_, i) => numbers[0] + i),
            "one run of neighbours",
        );
    });

    it("GIVEN a window across the start of a 30-day period WHEN sliced THEN the last subs of the old period and the first of the new", () => {
        const start = rotationPeriod({ every: "30d" }, T("2026-03-20T00:00:00Z")).start.getTime();
        const prefixes = subPrefixes(
            { every: "30d", stagger: true },
            new Date(start - DAY / 2),
            new Date(start + DAY / 2),
        );
        assert.ok(Array.isArray(prefixes));
        assert.equal(prefixes[0], "00");
        assert.equal(prefixes[prefixes.length - 1], "ff");
        // Half a day of 30 on each side: 256 / 60 prefixes and a partial one, at each end.
        assert.ok(prefixes.length <= 12, prefixes.join());
        assert.ok(prefixes.includes("04") && !prefixes.includes("10") && prefixes.includes("fb"), prefixes.join());
    });

    it("GIVEN a window as long as the period WHEN sliced THEN the whole pool", () => {
        assert.equal(
            subPrefixes({ every: "7d", stagger: true }, T("2026-03-01T00:00:00Z"), T("2026-03-08T00:00:00Z")),
            "all",
        );
    });

    it("GIVEN no stagger WHEN a boundary fell in the window THEN the whole pool, and otherwise none", () => {
        const policy = { every: "30d", anchor: "2026-03-01" };
        assert.equal(subPrefixes(policy, T("2026-03-30T12:00:00Z"), T("2026-03-31T12:00:00Z")), "all");
        assert.deepEqual(subPrefixes(policy, T("2026-03-10T12:00:00Z"), T("2026-03-11T12:00:00Z")), []);
    });
});
