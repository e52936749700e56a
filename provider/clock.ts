/**
 * The clock used for rotation periods and `lastResetAt`. It reads the system
 * time at each call, unless PULUMI_COGNITO_PASSWORD_RESET_NOW holds an
 * ISO-8601 time: then that time is "now", for rehearsing a future run
 * (`PULUMI_COGNITO_PASSWORD_RESET_NOW=2027-02-01 pulumi preview`) and for
 * tests. It is read when called, never captured into the state.
 */
export const CLOCK_ENV = "PULUMI_COGNITO_PASSWORD_RESET_NOW";

/** The current time, or the time set by PULUMI_COGNITO_PASSWORD_RESET_NOW. */
export function systemClock(): Date {
    const fixed = process.env[CLOCK_ENV];
    if (fixed) {
        const d = new Date(/^\d{4}-\d\d-\d\d$/.test(fixed) ? `${fixed}T00:00:00Z` : fixed);
        if (Number.isNaN(d.getTime())) throw new Error(`${CLOCK_ENV} '${fixed}' is not an ISO-8601 time`);
        return d;
    }
    return new Date();
}
