/**
 * The clock used for rotation periods and `lastResetAt`. It reads the system
 * time at each call, with two settings, both read when called and never
 * captured into the state:
 *
 * - PULUMI_COGNITO_PASSWORD_RESET_NOW holds an ISO-8601 date or time that
 *   stands for the wall clock: for rehearsing a future run
 *   (`PULUMI_COGNITO_PASSWORD_RESET_NOW=2027-02-01 pulumi preview`) and for
 *   tests.
 * - PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT holds the instant at which a
 *   planned run was previewed (`pulumi preview --save-plan`): the preview and
 *   the `pulumi up --plan` that applies it both decide and record at that
 *   instant, so that a rotation boundary that passes between them changes
 *   nothing the plan holds. It must not be older than
 *   {@link PLANNED_AT_MAX_AGE_HOURS} hours by the wall clock.
 */
import { parseIsoTime } from "./iso-time";

/**
 * The environment variable that sets the wall clock: an ISO-8601 date
 * (midnight UTC) or date and time (UTC when no zone is given), read as
 * strictly as `rotation.anchor` (a date or time that does not exist is an
 * error).
 */
export const CLOCK_ENV = "PULUMI_COGNITO_PASSWORD_RESET_NOW";

/** The environment variable that carries a planned run's instant from its preview to its up, read as {@link CLOCK_ENV}. */
export const PLANNED_AT_ENV = "PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT";

/** How old a planned run's instant may be when its up runs: a plan applied later is refused. */
export const PLANNED_AT_MAX_AGE_HOURS = 6;

/** How far ahead of the wall clock a planned run's instant may be (clocks of two runners disagree a little). */
export const PLANNED_AT_MAX_AHEAD_MINUTES = 5;

type Env = Record<string, string | undefined>;

/** A time from `variable`, or undefined when it is unset or empty; throws naming the variable when it is not one. */
function timeFrom(env: Env, variable: string): Date | undefined {
    const text = env[variable];
    if (!text) return undefined;
    const d = parseIsoTime(text);
    if (typeof d === "string") throw new Error(`${variable} '${text}' is not a valid date or time: ${d}`);
    return d;
}

/** A duration in words, to the minute: "26 h 5 min", "40 min". */
function duration(ms: number): string {
    const minutes = Math.round(Math.abs(ms) / 60_000);
    const h = Math.floor(minutes / 60);
    return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * "Now" as the settings in `env` say, with `wall` as the system time: the
 * planned instant when one is carried, else the wall clock.
 *
 * @throws Error naming the variable and what is wrong: a value that is not an
 * existing ISO-8601 date or time, or a planned instant too old (or too far
 * ahead) for the wall clock.
 */
export function clockFrom(env: Env, wall: () => Date): Date {
    const now = timeFrom(env, CLOCK_ENV) ?? wall();
    const planned = timeFrom(env, PLANNED_AT_ENV);
    if (!planned) return now;
    const age = now.getTime() - planned.getTime();
    if (age > PLANNED_AT_MAX_AGE_HOURS * 3_600_000) {
        throw new Error(
            `${PLANNED_AT_ENV} '${env[PLANNED_AT_ENV]}' is ${duration(age)} old (now ${now.toISOString()}): a plan ` +
                `applies at its preview's instant only within ${PLANNED_AT_MAX_AGE_HOURS} hours of it, since the users ` +
                "due since then would wait for another night. Run the preview again (the whole pipeline, not only its " +
                "up job), then apply its new plan.",
        );
    }
    if (-age > PLANNED_AT_MAX_AHEAD_MINUTES * 60_000) {
        throw new Error(
            `${PLANNED_AT_ENV} '${env[PLANNED_AT_ENV]}' is ${duration(age)} ahead of now (${now.toISOString()}): it ` +
                "must be the instant the preview ran. Check the clocks of the machines that run the preview and the up.",
        );
    }
    return planned;
}

/**
 * The current time: the planned instant ({@link PLANNED_AT_ENV}) when one is
 * carried, else the system time or the time set by {@link CLOCK_ENV}.
 *
 * @throws Error naming the variable and what is wrong (see {@link clockFrom}).
 */
export function systemClock(): Date {
    return clockFrom(process.env, () => new Date());
}
