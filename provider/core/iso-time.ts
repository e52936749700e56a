/**
 * One strict reader of ISO-8601 dates and times, shared by `rotation.anchor`
 * and PULUMI_COGNITO_PASSWORD_RESET_NOW. JavaScript's `Date` rolls impossible
 * values over (`2026-02-30` becomes March 2, `T24:00` the next day), so a typo
 * would silently move every rotation boundary. This reader takes the
 * components apart, builds the time from them, re-reads the components from
 * the result and refuses any that changed.
 *
 * Luxon and date-fns refuse impossible dates too; this reader is written by
 * hand so that the package keeps one runtime dependency (the Cognito client),
 * for the few forms it accepts.
 */

/** The accepted form: a date, optionally a time (minutes at least), optionally a zone. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

const MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/** The example forms, for messages. */
export const ISO_TIME_EXAMPLES = `"2026-01-01", "2026-01-01T06:00:00Z" or "2026-01-01T06:00:00+01:00"`;

/** Days in a month (1-based) of a year, in the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
    const d = new Date(0);
    d.setUTCFullYear(year, month, 0);
    return d.getUTCDate();
}

/** The time at the given UTC components, or NaN; years below 100 are taken literally. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): Date {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, minute, second, 0);
    return d;
}

/**
 * Parses an ISO-8601 date (`2026-01-01`, midnight UTC) or date and time
 * (`2026-01-01T06:00`, `2026-01-01T06:00:00.5Z`, `2026-01-01 06:00:00+01:00`).
 * A time without a zone is UTC. Returns the time, or a reason (without the
 * setting's name) when the text is not of that form or names a date or time
 * that does not exist: February 30, hour 24, minute 60, a zone offset past
 * 23:59. Fractions of a second beyond milliseconds are dropped.
 *
 * @example
 * ```ts
 * parseIsoTime("2026-02-28T06:00:00+01:00"); // Date 2026-02-28T05:00:00.000Z
 * parseIsoTime("2026-02-30"); // "February 2026 has no day 30 (it has 28 days)"
 * ```
 */
export function parseIsoTime(text: string): Date | string {
    const m = ISO.exec(text);
    if (!m) return `write it in ISO-8601 as ${ISO_TIME_EXAMPLES}`;
    const [year, month, day] = [m[1], m[2], m[3]].map(Number);
    const [hour, minute, second] = [m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v)));
    const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
    const d = utc(year, month, day, hour, minute, second);

    // Re-serialise: every component must read back as written.
    const written = [year, month, day, hour, minute, second];
    const read = [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
    ];
    if (read.some((v, i) => v !== written[i])) {
        if (month < 1 || month > 12) return `month ${m[2]} does not exist (months are 01 to 12)`;
        const days = daysInMonth(year, month);
        if (day < 1 || day > days) {
            return `${MONTHS[month - 1]} ${m[1]} has no day ${m[3]} (it has ${days} days)`;
        }
        if (hour > 23) return `hour ${m[4]} does not exist (hours are 00 to 23)`;
        if (minute > 59) return `minute ${m[5]} does not exist (minutes are 00 to 59)`;
        return `second ${m[6]} does not exist (seconds are 00 to 59)`;
    }

    let offsetMinutes = 0;
    const zone = m[8];
    if (zone !== undefined && zone !== "Z" && zone !== "z") {
        const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
        const [zh, zm] = [Number(z[2]), Number(z[3])];
        if (zh > 23 || zm > 59) return `zone offset ${zone} does not exist (offsets are -23:59 to +23:59)`;
        offsetMinutes = (z[1] === "-" ? -1 : 1) * (zh * 60 + zm);
    }
    return new Date(d.getTime() + millis - offsetMinutes * 60_000);
}
