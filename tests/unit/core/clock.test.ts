/**
 * Unit tier: the clock and its two settings, as the README's "Running it
 * every night" describes them: PULUMI_COGNITO_PASSWORD_RESET_NOW stands for
 * the wall clock; PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT, the preview's
 * instant carried to the up, is "now" while it is at most 6 hours old and at
 * most 5 minutes ahead.
 *
 * | wall clock         | planned instant      | expected                          |
 * |--------------------|----------------------|-----------------------------------|
 * | 02:30 (system)     | none                 | 02:30                             |
 * | 02:30 (NOW)        | none                 | 02:30                             |
 * | 02:30 (NOW)        | 02:00                | 02:00                             |
 * | 08:00 (NOW)        | 02:00                | 02:00 (exactly 6 hours)           |
 * | next day 02:05     | 02:00                | refused: "24 h 5 min old"         |
 * | 01:50              | 02:00                | refused: ahead of now             |
 * | 01:57              | 02:00                | 02:00 (within 5 minutes)          |
 * | any                | "2026-02-30"         | refused: names the variable       |
 */
import assert from "node:assert/strict";
import { clockFrom } from "../../../provider/core/clock";

const NOW = "PULUMI_COGNITO_PASSWORD_RESET_NOW";
const PLANNED = "PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT";
const system = () => new Date("2026-06-01T02:30:00Z");

describe("core: the clock and a planned run's instant", () => {
    const accepted: [string, Record<string, string>, string][] = [
        ["the system time", {}, "2026-06-01T02:30:00.000Z"],
        ["the wall clock set by NOW", { [NOW]: "2026-06-01T02:30:00Z" }, "2026-06-01T02:30:00.000Z"],
        [
            "a planned instant 30 minutes old",
            { [NOW]: "2026-06-01T02:30:00Z", [PLANNED]: "2026-06-01T02:00:00Z" },
            "2026-06-01T02:00:00.000Z",
        ],
        [
            "a planned instant exactly 6 hours old",
            { [NOW]: "2026-06-01T08:00:00Z", [PLANNED]: "2026-06-01T02:00:00Z" },
            "2026-06-01T02:00:00.000Z",
        ],
        [
            "a planned instant 3 minutes ahead",
            { [NOW]: "2026-06-01T01:57:00Z", [PLANNED]: "2026-06-01T02:00:00Z" },
            "2026-06-01T02:00:00.000Z",
        ],
        ["a planned instant and the system time", { [PLANNED]: "2026-06-01T02:10:00Z" }, "2026-06-01T02:10:00.000Z"],
    ];
    for (const [what, env, expected] of accepted) {
        it(`GIVEN ${what} WHEN read THEN now is ${expected}`, () => {
            assert.equal(clockFrom(env, system).toISOString(), expected);
        });
    }

    const refused: [string, Record<string, string>, RegExp][] = [
        [
            "a planned instant a day old (a re-run job)",
            { [NOW]: "2026-06-02T02:05:00Z", [PLANNED]: "2026-06-01T02:00:00Z" },
            /^PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT '2026-06-01T02:00:00Z' is 24 h 5 min old .*within 6 hours.*Run the preview again/,
        ],
        [
            "a planned instant 10 minutes ahead of the wall clock",
            { [NOW]: "2026-06-01T01:50:00Z", [PLANNED]: "2026-06-01T02:00:00Z" },
            /^PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT '2026-06-01T02:00:00Z' is 10 min ahead of now/,
        ],
        [
            "a planned instant that does not exist",
            { [PLANNED]: "2026-02-30" },
            /^PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT '2026-02-30' is not a valid date or time: February 2026 has no day 30/,
        ],
    ];
    for (const [what, env, message] of refused) {
        it(`GIVEN ${what} WHEN read THEN it is refused with a message naming the variable`, () => {
            assert.throws(
                () => clockFrom(env, system),
                (e: Error) => message.test(e.message),
            );
        });
    }
});
