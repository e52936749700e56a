/**
 * Diff decisions: pure functions that say, from the recorded outputs and the
 * new inputs, whether a resource is unchanged, updated in place (with or
 * without a reset) or replaced. Only declared inputs decide: the serialized
 * provider (`__provider`) never does, so upgrading this package triggers
 * nothing.
 *
 * | what changed                         | result                          |
 * |--------------------------------------|---------------------------------|
 * | nothing                              | no change, no call              |
 * | userPoolId, username or region       | replace: the new target is reset|
 * | region named, same as the pool's     | update, no reset (recorded)     |
 * | rotationKey set to a new value       | update with a reset             |
 * | rotationKey removed                  | update, no reset                |
 * | rotationPeriod moved past last reset | update with a reset             |
 * | rotation policy, period not past it  | update, no reset (recorded)     |
 * | clientMetadata, endpoint, profile or assumeRole | update, no reset (recorded) |
 */
import { InitialReset, ResetInputs, ResetOutputs, UserRecord } from "./types";
import { parsePeriodLabel } from "./rotation";
import { resolveRegion } from "./region";
import { UNKNOWN } from "./validation";

/** Inputs whose change means a different user: the resource is replaced. */
export const REPLACE_ON = ["userPoolId", "username", "region"] as const;
/** Inputs recorded without a reset when they change. */
export const RECORD_ONLY = [
    "rotation",
    "rotationPeriod",
    "clientMetadata",
    "endpoint",
    "profile",
    "assumeRole",
    "initialReset",
] as const;

export interface DiffDecision {
    /** Whether anything changed at all. */
    changes: boolean;
    /** Inputs whose change forces a replacement. */
    replaces: string[];
    /** Whether the update (if any) must call AdminResetUserPassword. */
    reset: boolean;
    /** Every changed input, for the preview. */
    changed: string[];
}

/** Deep equality for the JSON-like values that inputs hold, independent of key order. */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (a === undefined || a === null || a === "") return b === undefined || b === null || b === "";
    if (typeof a !== "object" || typeof b !== "object" || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a as object).sort();
    const kb = Object.keys(b as object).sort();
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
    return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** What was recorded at a target's last reset. */
export interface LastReset {
    /** ISO-8601 time of the last reset. */
    at?: string;
    /** The rotation key in force then ("" when none). */
    rotationKey?: string;
}

/** What the program declares now for a target. */
export interface DeclaredRotation {
    rotationKey?: string;
    /** The current rotation period, `start..end`. */
    rotationPeriod?: string;
}

/**
 * The one rule for when a password is due again, for single resets and for
 * each user of a batch alike: the rotation key is set and differs from the key
 * of the last reset, or the current rotation period began after the last
 * reset. An unknown value (preview) counts as due.
 */
export function resetDue(last: LastReset, declared: DeclaredRotation): boolean {
    const key = declared.rotationKey;
    if (key === UNKNOWN) return true;
    if (key !== undefined && key !== null && key !== "" && key !== (last.rotationKey ?? "")) return true;
    const label = declared.rotationPeriod;
    if (label === undefined || label === null || label === "") return false;
    if (label === UNKNOWN) return true;
    const period = parsePeriodLabel(label);
    const at = Date.parse(last.at ?? "");
    if (!period || Number.isNaN(at)) return true;
    return period.start.getTime() > at;
}

/** The rotation key of the last reset; states written before it was recorded hold only `rotationKey`. */
export function lastResetKey(olds: Partial<ResetOutputs>): string {
    return olds.lastResetRotationKey ?? olds.rotationKey ?? "";
}

/** Whether an update from the recorded outputs `olds` to `news` must reset the password ({@link resetDue}). */
export function needsReset(olds: Partial<ResetOutputs>, news: Partial<ResetInputs>): boolean {
    return resetDue({ at: olds.lastResetAt, rotationKey: lastResetKey(olds) }, news);
}

type TargetInputs = Partial<Pick<ResetInputs, "userPoolId" | "username" | "region">>;

/**
 * Which of `names` changed so that the target is another user: a replacement.
 * Naming the pool's own region explicitly (or dropping it) targets the same user.
 */
export function replacements(olds: TargetInputs, news: TargetInputs, names: readonly (keyof TargetInputs)[]): string[] {
    return names.filter((name) => {
        if (sameValue(olds[name], news[name])) return false;
        const sameTarget =
            name === "region" &&
            typeof olds.userPoolId === "string" &&
            typeof news.userPoolId === "string" &&
            sameValue(resolveRegion(olds as ResetInputs), resolveRegion(news as ResetInputs));
        return !sameTarget;
    });
}

/** Decides what `pulumi up` does with a resource, from its recorded outputs and its new inputs. */
export function decideDiff(olds: Partial<ResetOutputs>, news: Partial<ResetInputs>): DiffDecision {
    const changed: string[] = REPLACE_ON.filter((name) => !sameValue(olds[name], news[name]));
    const replaces = replacements(olds, news, REPLACE_ON);
    if (!sameValue(olds.rotationKey, news.rotationKey)) changed.push("rotationKey");
    for (const name of RECORD_ONLY) {
        if (!sameValue(olds[name], news[name])) changed.push(name);
    }
    const reset = replaces.length === 0 && needsReset(olds, news);
    return { changes: changed.length > 0 || reset, replaces, reset, changed };
}

/** What a batch declares for its users, as far as the per-user rules need it. */
export interface DeclaredUsers {
    usernames?: string[];
    rotationKey?: string;
    /** Each user's current rotation period (`start..end`), or UNKNOWN at preview. */
    rotationPeriods?: Record<string, string> | string;
    initialReset?: InitialReset;
}

/**
 * Whether one user of a batch is due, with {@link resetDue}: the rule of a
 * single reset, applied to the user's record.
 */
export function userDue(user: string, record: UserRecord, news: DeclaredUsers): boolean {
    const periods = news.rotationPeriods;
    const rotationPeriod = periods === UNKNOWN ? UNKNOWN : (periods as Record<string, string> | undefined)?.[user];
    return resetDue(
        { at: record.lastResetAt, rotationKey: record.rotationKey },
        { rotationKey: news.rotationKey, rotationPeriod },
    );
}

/** What a batch of 0.1.0 would have done for each of its users in a run (see `recordsLedger` in `ledger.ts`). */
export interface UsersPlan {
    /** Users recorded without a reset: no record, and `initialReset: "scheduled"`. */
    adopted: string[];
    /** Users to reset: due by their record, or with no record. */
    due: string[];
}

/**
 * The per-user decision of a batch that keeps a record per user (0.1.0): a
 * user with a record is due by {@link userDue}; one with none is adopted
 * when `initialReset` is "scheduled", and due otherwise.
 */
export function planUsers(olds: { users?: Record<string, UserRecord> }, news: DeclaredUsers): UsersPlan {
    const adopted: string[] = [];
    const due: string[] = [];
    for (const user of Array.isArray(news.usernames) ? news.usernames : []) {
        const record = olds.users?.[user];
        if (record ? userDue(user, record, news) : news.initialReset !== "scheduled") due.push(user);
        else if (!record) adopted.push(user);
    }
    return { adopted, due };
}
