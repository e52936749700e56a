/**
 * The clock used for rotation periods and `lastResetAt`. It reads the system
 * time at each call, unless PULUMI_COGNITO_PASSWORD_RESET_NOW holds an
 * ISO-8601 date or time: then that time is "now", for rehearsing a future run
 * (`PULUMI_COGNITO_PASSWORD_RESET_NOW=2027-02-01 pulumi preview`) and for
 * tests. It is read when called, never captured into the state.
 */
import { parseIsoTime } from "./iso-time";

/**
 * The environment variable that sets "now": an ISO-8601 date (midnight UTC)
 * or date and time (UTC when no zone is given), read as strictly as
 * `rotation.anchor` (a date or time that does not exist is an error).
 */
export const CLOCK_ENV = "PULUMI_COGNITO_PASSWORD_RESET_NOW";

/**
 * The current time, or the time set by PULUMI_COGNITO_PASSWORD_RESET_NOW.
 *
 * @throws Error naming the variable and what is wrong, when it is set (not
 * empty) to something other than an existing ISO-8601 date or time.
 */
export function systemClock(): Date {
    const fixed = process.env[CLOCK_ENV];
    if (fixed) {
        const d = parseIsoTime(fixed);
        if (typeof d === "string") throw new Error(`${CLOCK_ENV} '${fixed}' is not a valid date or time: ${d}`);
        return d;
    }
    return new Date();
}
