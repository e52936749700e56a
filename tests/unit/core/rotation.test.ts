/**
 * Unit tier: rotation period arithmetic, staggering, when a reset is due,
 * periods shorter than a day, and the strict reading of dates and times shared
 * by `rotation.anchor` and PULUMI_COGNITO_PASSWORD_RESET_NOW. All UTC.
 * Property-based cases use fast-check with a fixed seed; a failure prints the
 * shrunk counterexample and the seed and path that replay it.
 * (The policy pack's rule: policy.test.ts.)
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { CLOCK_ENV, systemClock } from "../../../provider/core/clock";
import { needsReset } from "../../../provider/core/diff";
import { parseIsoTime } from "../../../provider/core/iso-time";
import {
    addMonths,
    parseAnchor,
    parseEvery,
    parsePeriodLabel,
    rotationPeriod,
    staggerFraction,
    validatePolicy,
} from "../../../provider/core/rotation";

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
        const FROM = Date.UTC(2010, 0, 1);
        const policyAndTime = fc.record({
            every: fc
                .tuple(fc.integer({ min: 1, max: 100 }), fc.constantFrom("h", "d", "w", "mo"))
                .map(([n, unit]) => `${n}${unit}`),
            // Date.UTC carries a day past the month's end into the next month, as the old cases did.
            anchor: fc
                .tuple(fc.integer({ min: 2000, max: 2039 }), fc.nat({ max: 11 }), fc.integer({ min: 1, max: 31 }))
                .map(([y, m, d]) => new Date(Date.UTC(y, m, d)).toISOString()),
            stagger: fc.boolean(),
            user: fc.record({
                userPoolId: fc.nat().map((n) => `eu-west-1_Pool${n}`),
                username: fc.nat({ max: 999_999 }).map((n) => `u${n}`),
            }),
            now: fc.date({ min: new Date(FROM), max: new Date(FROM + 40 * 365 * DAY - 1), noInvalidDate: true }),
            laterFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        });
        fc.assert(
            fc.property(policyAndTime, ({ every, anchor, stagger, user, now, laterFraction }) => {
                const policy = { every, anchor, stagger };
                const p = rotationPeriod(policy, now, user);
                assert.ok(p.start <= now && now < p.end, `${now.toISOString()} -> ${p.label}`);
                const next = rotationPeriod(policy, p.end, user);
                assert.equal(next.start.getTime(), p.end.getTime(), "periods are contiguous");
                assert.equal(next.index, p.index + 1);
                // A later time within the same period lands in the same period (no sliding).
                const span = p.end.getTime() - p.start.getTime();
                const later = new Date(p.start.getTime() + Math.floor(laterFraction * span));
                assert.equal(rotationPeriod(policy, later, user).label, p.label);
            }),
            { seed: 20261126, numRuns: 2000 },
        );
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

describe("rotation: periods shorter than a day", () => {
    /**
     * Replays runs at the given times with one policy and the real rule for
     * when a reset is due; returns the times of the runs that reset.
     */
    const label = (every: string, now: Date) => rotationPeriod({ every, anchor: "2026-01-01" }, now).label;
    function replay(every: string, runs: Date[]): Date[] {
        const resets: Date[] = [];
        for (const now of runs) {
            const last = resets.at(-1);
            // The first run creates the resource: a reset. Later runs reset when due.
            if (!last || needsReset({ lastResetAt: last.toISOString() }, { rotationPeriod: label(every, now) })) {
                resets.push(now);
            }
        }
        return resets;
    }
    const nightly = (days: number, at = "02:17") =>
        Array.from({ length: days }, (_, i) => new Date(Date.UTC(2026, 2, 1 + i) + Date.parse(`1970-01-01T${at}:00Z`)));

    it('GIVEN every "12h" and a nightly pipeline WHEN it runs for 10 nights, some hours late THEN every run resets, once', () => {
        const runs = nightly(10).map((d, i) => (i % 3 === 0 ? new Date(d.getTime() + 5 * 3_600_000) : d));
        assert.deepEqual(replay("12h", runs), runs);
    });

    it('GIVEN every "12h" WHEN a pipeline runs every 20 minutes for 2 days THEN there is exactly one reset per period, at its first run', () => {
        const runs = Array.from({ length: 144 }, (_, i) => new Date(Date.UTC(2026, 2, 1, 0, 7) + i * 20 * 60_000));
        const resets = replay("12h", runs);
        const periods = new Set(runs.map((r) => label("12h", r)));
        assert.equal(periods.size, 4);
        assert.equal(resets.length, periods.size, "one reset per period");
        assert.deepEqual(
            resets.map((r) => r.toISOString()),
            [
                "2026-03-01T00:07:00.000Z",
                "2026-03-01T12:07:00.000Z",
                "2026-03-02T00:07:00.000Z",
                "2026-03-02T12:07:00.000Z",
            ],
        );
    });

    it('GIVEN every "1h", the shortest WHEN a pipeline reruns four times within the hour THEN only the first run resets', () => {
        const runs = [0, 10, 30, 59].map((m) => new Date(Date.UTC(2026, 2, 1, 9, m)));
        assert.deepEqual(replay("1h", runs), [runs[0]]);
    });

    it("GIVEN periods of minutes or of zero hours WHEN validated THEN they are refused, naming the shortest period", () => {
        assert.deepEqual(parseEvery("1h"), { count: 1, unit: "h" });
        assert.deepEqual(validatePolicy({ every: "12h" }), []);
        for (const every of ["30m", "0h", "0.5h", "90min"]) {
            const reason = parseEvery(every);
            assert.equal(typeof reason, "string", every);
            assert.match(reason as string, /the shortest is "1h"/);
        }
    });
});

/**
 * Days from 1970-01-01 to the given day of the proleptic Gregorian calendar,
 * counted by hand (whole years, then whole months, then days), with no Date:
 * the independent expectation for the strict parser.
 */
function daysSinceEpoch(y: number, m: number, d: number): number {
    const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let days = 0;
    for (let year = Math.min(y, 1970); year < Math.max(y, 1970); year++) days += isLeap(year) ? 366 : 365;
    if (y < 1970) days = -days;
    for (let month = 1; month < m; month++) days += month === 2 && isLeap(y) ? 29 : monthDays[month - 1];
    return days + d - 1;
}

describe("rotation: dates and times are read strictly (rotation.anchor and the clock variable)", () => {
    // | text                          | read as / refused because                        |
    // |-------------------------------|--------------------------------------------------|
    // | a date                        | midnight UTC                                     |
    // | a time without a zone         | UTC                                              |
    // | a time with an offset         | converted to UTC                                 |
    // | Feb 29 of a leap year         | accepted; of another year (incl. 1900): refused  |
    // | Feb 30, Apr 31, day 00        | refused, naming the month and its length         |
    // | month 13 or 00                | refused                                          |
    // | hour 24, minute 60, second 60 | refused (never rolled over to the next day)      |
    // | offset +25:00                 | refused                                          |
    // | other forms                   | refused, with examples                           |
    const valid: [string, string][] = [
        ["2026-02-28", "2026-02-28T00:00:00.000Z"],
        ["2028-02-29", "2028-02-29T00:00:00.000Z"],
        ["2000-02-29", "2000-02-29T00:00:00.000Z"],
        ["2026-01-01T06:00", "2026-01-01T06:00:00.000Z"],
        ["2026-01-01T23:59:59", "2026-01-01T23:59:59.000Z"],
        ["2026-01-01T06:00:00+01:00", "2026-01-01T05:00:00.000Z"],
        ["2026-01-01T06:00:00-0230", "2026-01-01T08:30:00.000Z"],
        ["2026-01-01 06:00:00.5Z", "2026-01-01T06:00:00.500Z"],
        ["2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z"],
        ["0050-03-01", "0050-03-01T00:00:00.000Z"],
    ];
    const invalid: [string, RegExp][] = [
        ["2026-02-29", /February 2026 has no day 29 \(it has 28 days\)/],
        ["1900-02-29", /February 1900 has no day 29 \(it has 28 days\)/],
        ["2026-02-30", /February 2026 has no day 30 \(it has 28 days\)/],
        ["2026-04-31", /April 2026 has no day 31 \(it has 30 days\)/],
        ["2026-01-00", /January 2026 has no day 00/],
        ["2026-13-01", /month 13 does not exist/],
        ["2026-00-10", /month 00 does not exist/],
        ["2026-01-01T24:00:00Z", /hour 24 does not exist/],
        ["2026-01-01T23:60", /minute 60 does not exist/],
        ["2026-01-01T23:59:60Z", /second 60 does not exist/],
        ["2026-01-01T06:00:00+25:00", /zone offset \+25:00 does not exist/],
        ["2026-1-1", /write it in ISO-8601 as "2026-01-01", "2026-01-01T06:00:00Z" or/],
        ["2026-01-01T06", /write it in ISO-8601 as/],
        ["2026-01-01Z", /write it in ISO-8601 as/],
        ["next monday", /write it in ISO-8601 as/],
    ];

    const savedClock = process.env[CLOCK_ENV];
    afterEach(() => {
        if (savedClock === undefined) delete process.env[CLOCK_ENV];
        else process.env[CLOCK_ENV] = savedClock;
    });

    for (const [text, iso] of valid) {
        it(`GIVEN '${text}' WHEN read as an anchor and as the clock THEN both are ${iso}`, () => {
            assert.equal((parseAnchor(text) as Date).toISOString(), iso);
            process.env[CLOCK_ENV] = text;
            assert.equal(systemClock().toISOString(), iso);
        });
    }

    for (const [text, reason] of invalid) {
        it(`GIVEN '${text}' WHEN read as an anchor and as the clock THEN both refuse it: ${reason.source}`, () => {
            const failures = validatePolicy({ every: "90d", anchor: text });
            assert.deepEqual(
                failures.map((f) => f.property),
                ["rotation.anchor"],
            );
            assert.match(
                failures[0].reason,
                new RegExp(`^rotation\\.anchor '${escape(text)}' is not a valid date or time: `),
            );
            assert.match(failures[0].reason, reason);
            assert.throws(() => rotationPeriod({ every: "90d", anchor: text }, new Date()), reason);
            process.env[CLOCK_ENV] = text;
            assert.throws(
                () => systemClock(),
                (err: Error) => {
                    assert.match(
                        err.message,
                        new RegExp(`^${CLOCK_ENV} '${escape(text)}' is not a valid date or time: `),
                    );
                    assert.match(err.message, reason);
                    return true;
                },
            );
        });
    }

    it("GIVEN any year, month and day from 00 to 32 WHEN read THEN it is accepted exactly when the calendar has that day, and then it is that day (property)", () => {
        const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
        const pad = (n: number, w = 2) => String(n).padStart(w, "0");
        const fields = fc.record({
            y: fc.integer({ min: 1600, max: 2499 }),
            m: fc.nat({ max: 13 }), // 0 and 13 do not exist
            d: fc.nat({ max: 32 }),
            hh: fc.nat({ max: 24 }),
            mm: fc.nat({ max: 60 }),
            ss: fc.nat({ max: 60 }),
        });
        fc.assert(
            fc.property(fields, ({ y, m, d, hh, mm, ss }) => {
                const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}Z`;
                const exists =
                    m >= 1 &&
                    m <= 12 &&
                    d >= 1 &&
                    d <= (m === 2 && leap(y) ? 29 : lengths[m - 1]) &&
                    hh <= 23 &&
                    mm <= 59 &&
                    ss <= 59;
                const read = parseIsoTime(text);
                assert.equal(typeof read !== "string", exists, `${text} -> ${String(read)}`);
                if (typeof read !== "string") {
                    const expected = daysSinceEpoch(y, m, d) * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000;
                    assert.equal(read.getTime(), expected, text);
                    assert.equal(read.toISOString(), text.replace("Z", ".000Z"), `${text} re-serialised`);
                }
            }),
            { seed: 20260230, numRuns: 5000 },
        );
    });

    it("GIVEN the clock variable unset or empty WHEN the clock is read THEN it is the system time", () => {
        for (const value of [undefined, ""]) {
            if (value === undefined) delete process.env[CLOCK_ENV];
            else process.env[CLOCK_ENV] = value;
            const before = Date.now();
            const now = systemClock().getTime();
            assert.ok(before <= now && now <= Date.now());
        }
    });
});

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
