/**
 * Rotation by policy: pure period arithmetic, all in UTC (daylight saving
 * time never matters). A policy such as `{ every: "90d" }` cuts time into
 * fixed periods counted from an anchor; a password is due for a reset once
 * the current period began after its last reset.
 *
 * Boundaries never drift: period k starts at `anchor + k * every` whatever day
 * a pipeline happens to run, unlike a rotation that restarts its clock at each
 * apply. With staggering, each user's boundaries are shifted by a stable
 * fraction of the period derived from a hash of pool and username, so the
 * users of one pool are spread over the whole period instead of all falling
 * due on the same night.
 */
import { createHash } from "node:crypto";
import { ISO_TIME_EXAMPLES, parseIsoTime } from "./iso-time";

/** A rotation policy. */
export interface RotationPolicy {
    /**
     * The period: a whole number and a unit, `h` (hours), `d` (days), `w`
     * (weeks) or `mo` (calendar months), e.g. `"90d"`, `"12w"`, `"3mo"`;
     * from `"1h"` (the shortest) to 10 years.
     *
     * A password is reset at most once per run and once per period. So a
     * period shorter than the time between runs (say `"12h"` with a nightly
     * pipeline) means that every run resets, each run falling in a new
     * period; with runs more frequent than the period, it means at most one
     * reset per period. Minutes are not a unit.
     */
    every: string;
    /**
     * Where periods are counted from, as an ISO-8601 date or time (UTC when no
     * zone is given). Month periods keep the anchor's day of the month,
     * clamped to the month's last day. A date or time that does not exist
     * (`"2026-02-30"`, `"2026-01-01T24:00"`) is refused, never rolled over.
     * @default 2000-01-01T00:00:00Z; for weeks 2000-01-03T00:00:00Z, a Monday.
     */
    anchor?: string;
    /**
     * Spread users' boundaries over the period by a stable hash of pool and
     * username (each user keeps the same offset from run to run).
     * @default false
     */
    stagger?: boolean;
}

/** One period of a rotation policy. */
export interface RotationPeriod {
    /** The period's index, counted from the anchor (negative before it). */
    index: number;
    /** Inclusive start. */
    start: Date;
    /** Exclusive end: the next period's start. */
    end: Date;
    /** `start..end` in ISO-8601 UTC to the second, as the preview shows it. */
    label: string;
}

export type RotationUnit = "h" | "d" | "w" | "mo";

const UNIT_MS: Record<Exclude<RotationUnit, "mo">, number> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const EVERY = /^([1-9]\d{0,5})(h|d|w|mo)$/;
/** An upper bound on `every`, so that a typo such as "9000w" is caught: 10 years. */
const MAX_EVERY_DAYS = 3653;

/** Parses `every` ("90d"), or returns an error message naming the rule. */
export function parseEvery(every: unknown): { count: number; unit: RotationUnit } | string {
    if (typeof every !== "string") return `rotation.every must be a string such as "90d", got ${typeof every}`;
    const m = EVERY.exec(every.trim());
    if (!m) {
        return `rotation.every '${every}' must be a whole number followed by h, d, w or mo (e.g. "12h", "90d", "4w", "3mo"; the shortest is "1h")`;
    }
    const count = Number(m[1]);
    const unit = m[2] as RotationUnit;
    const days = unit === "mo" ? count * 31 : (count * (UNIT_MS[unit] as number)) / UNIT_MS.d;
    if (days > MAX_EVERY_DAYS) return `rotation.every '${every}' is longer than 10 years`;
    return { count, unit };
}

/**
 * Parses an anchor strictly ({@link parseIsoTime}): ISO-8601 without a zone
 * is read as UTC, and a date or time that does not exist is an error.
 */
export function parseAnchor(anchor: unknown): Date | string {
    if (typeof anchor !== "string") {
        return `rotation.anchor must be an ISO-8601 date or time such as ${ISO_TIME_EXAMPLES}, got ${typeof anchor}`;
    }
    const d = parseIsoTime(anchor);
    return typeof d === "string" ? `rotation.anchor '${anchor}' is not a valid date or time: ${d}` : d;
}

/** Validates a policy; returns `{ property, reason }` failures (property names like `rotation.every`). */
export function validatePolicy(policy: unknown): { property: string; reason: string }[] {
    if (typeof policy !== "object" || policy === null || Array.isArray(policy)) {
        return [{ property: "rotation", reason: 'rotation must be an object such as { every: "90d" }' }];
    }
    const failures: { property: string; reason: string }[] = [];
    const p = policy as Record<string, unknown>;
    for (const k of Object.keys(p)) {
        if (!["every", "anchor", "stagger"].includes(k)) {
            failures.push({
                property: `rotation.${k}`,
                reason: `'${k}' is not a rotation setting; the settings are every, anchor, stagger`,
            });
        }
    }
    const every = parseEvery(p.every);
    if (typeof every === "string") failures.push({ property: "rotation.every", reason: every });
    if (p.anchor !== undefined) {
        const anchor = parseAnchor(p.anchor);
        if (typeof anchor === "string") failures.push({ property: "rotation.anchor", reason: anchor });
    }
    if (p.stagger !== undefined && typeof p.stagger !== "boolean") {
        failures.push({ property: "rotation.stagger", reason: "rotation.stagger must be true or false" });
    }
    return failures;
}

/** Adds whole calendar months in UTC, keeping the day of the month or clamping it to the month's end. */
export function addMonths(d: Date, months: number): Date {
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + months;
    const targetYear = y + Math.floor(m / 12);
    const targetMonth = ((m % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
    const day = Math.min(d.getUTCDate(), lastDay);
    return new Date(
        Date.UTC(
            targetYear,
            targetMonth,
            day,
            d.getUTCHours(),
            d.getUTCMinutes(),
            d.getUTCSeconds(),
            d.getUTCMilliseconds(),
        ),
    );
}

/**
 * A user's stable offset in [0, 1): the first 32 bits of SHA-256 of
 * `userPoolId/username`, divided by 2^32.
 */
export function staggerFraction(userPoolId: string, username: string): number {
    const h = createHash("sha256").update(`${userPoolId}/${username}`).digest();
    return h.readUInt32BE(0) / 2 ** 32;
}

function defaultAnchor(unit: RotationUnit): Date {
    return new Date(unit === "w" ? "2000-01-03T00:00:00Z" : "2000-01-01T00:00:00Z");
}

function iso(d: Date): string {
    return d.toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Whose period: a user named by pool and username (staggered by
 * {@link staggerFraction}), or a stagger offset in [0, 1) given directly (a
 * selected user's, from its sub).
 */
export type PeriodOf = { userPoolId: string; username: string } | { fraction: number };

/**
 * The period of `policy` that contains `now`, for one user (the user matters
 * only when the policy staggers).
 *
 * @example
 * ```ts
 * rotationPeriod({ every: "90d", anchor: "2026-01-01" }, new Date("2026-05-01T00:00:00Z")).label
 * // "2026-04-01T00:00:00Z..2026-06-30T00:00:00Z"
 * ```
 */
export function rotationPeriod(policy: RotationPolicy, now: Date, user?: PeriodOf): RotationPeriod {
    const every = parseEvery(policy.every);
    if (typeof every === "string") throw new Error(every);
    const anchorParsed = policy.anchor === undefined ? defaultAnchor(every.unit) : parseAnchor(policy.anchor);
    if (typeof anchorParsed === "string") throw new Error(anchorParsed);
    const anchor = anchorParsed;
    const frac =
        policy.stagger && user
            ? "fraction" in user
                ? user.fraction
                : staggerFraction(user.userPoolId, user.username)
            : 0;

    // Unstaggered boundary k, then the staggered one: a fixed fraction into period k.
    const base = (k: number): number =>
        every.unit === "mo"
            ? addMonths(anchor, k * every.count).getTime()
            : anchor.getTime() + k * every.count * UNIT_MS[every.unit];
    const boundary = (k: number): number => {
        const b = base(k);
        return frac === 0 ? b : b + Math.floor(frac * (base(k + 1) - b));
    };

    const t = now.getTime();
    const approxLen = every.unit === "mo" ? every.count * 30.436875 * UNIT_MS.d : every.count * UNIT_MS[every.unit];
    let k = Math.floor((t - anchor.getTime()) / approxLen);
    while (boundary(k) > t) k--;
    while (boundary(k + 1) <= t) k++;
    const start = new Date(boundary(k));
    const end = new Date(boundary(k + 1));
    return { index: k, start, end, label: `${iso(start)}..${iso(end)}` };
}

/** Parses a period label back into its start and end, or returns undefined. */
export function parsePeriodLabel(label: unknown): { start: Date; end: Date } | undefined {
    if (typeof label !== "string") return undefined;
    const parts = label.split("..");
    if (parts.length !== 2) return undefined;
    const start = new Date(parts[0]);
    const end = new Date(parts[1]);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) return undefined;
    return { start, end };
}

/**
 * The label of the period of `policy` that contains `now`, for one user, as
 * the preview shows it; undefined when the policy is invalid (the provider's
 * check reports that, naming the setting). Used wherever a period is computed
 * from the clock: the program side of both resources, and the plugin's check.
 */
export function currentPeriodLabel(policy: unknown, now: Date, user: PeriodOf): string | undefined {
    if (validatePolicy(policy).length > 0) return undefined;
    return rotationPeriod(policy as RotationPolicy, now, user).label;
}
