/**
 * What a `select` batch records between runs instead of a record per user:
 * up to when every boundary was handled (`handledThrough`), the rotation key
 * every user was reset for, a key's resets still in progress (`sweep`, a
 * position in the order of subs), and the exceptions (users due but not
 * reached). Its size does not depend on the pool's size. Pure rules: who is
 * due in a run, and the ledger after it.
 *
 * | a selected user                                                      | due in this run when                                    |
 * |----------------------------------------------------------------------|---------------------------------------------------------|
 * | deferred, not reached, skipped or failed by an earlier run            | always (retried first)                                  |
 * | in a sweep: sub after `through`, created before the sweep's first run | always, in the order of subs                            |
 * | anyone else                                                          | its period began after `handledThrough` and its creation |
 */
import type { InitialReset, Ledger, Sweep } from "./types";
import { RotationPolicy, rotationPeriod, validatePolicy } from "./rotation";
import { ListedUser, subFraction } from "./select";

export type { Ledger, Sweep } from "./types";

/** Why a user is due: retried from an earlier run, a new period, a new key (or a create), in a sweep. */
export type DueReason = "retry" | "period" | "sweep";

/** A due user, with why. */
export interface DueUser {
    username: string;
    sub: string;
    reason: DueReason;
}

/** What the program declares, as far as the ledger's rules need it. */
export interface DeclaredPolicy {
    rotationKey?: string;
    rotation?: unknown;
    initialReset?: InitialReset;
}

/** Who is due in a run, and the ledger in force before any reset of it. */
export interface SelectionPlan {
    ledger: Ledger;
    /** Retries (by name), then users due by period (by sub), then the sweep (by sub). */
    due: DueUser[];
    /** Users recorded without a reset by this run (a create with `initialReset: "scheduled"`). */
    adopted: number;
}

/** What happened to a due user in a run. */
export type Outcome = "reset" | "skipped" | "failed" | "deferred" | "notReached";

const bySub = (a: DueUser, b: DueUser) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0);
const byName = (a: DueUser, b: DueUser) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);

/** The ledger in force for a run: the recorded one, or a create's, with a sweep started or ended by the key. */
export function ledgerInForce(olds: Ledger | undefined, news: DeclaredPolicy, now: string): Ledger {
    const key = news.rotationKey ?? "";
    if (!olds) {
        return news.initialReset === "scheduled"
            ? { handledThrough: now, rotationKey: key }
            : { handledThrough: now, rotationKey: "", sweep: { rotationKey: key, since: now, through: "" } };
    }
    if (key === "") {
        // A key removed resets nobody; a create's first resets with no key go on.
        return olds.sweep?.rotationKey === "" ? olds : { ...withoutSweep(olds), rotationKey: "" };
    }
    if (key === olds.sweep?.rotationKey) return olds;
    // Back to the key every user was reset for: the sweep of the other key ends.
    if (key === olds.rotationKey) return withoutSweep(olds);
    return { ...olds, sweep: { rotationKey: key, since: now, through: "" } };
}

function withoutSweep(l: Ledger): Ledger {
    const { sweep: _sweep, ...rest } = l;
    return rest;
}

/** Whether a user is part of a sweep still to reach it. */
function inSweep(u: ListedUser, sweep: Sweep | undefined): boolean {
    if (!sweep || u.sub <= sweep.through) return false;
    return u.createdAt === undefined || Date.parse(u.createdAt) < Date.parse(sweep.since);
}

/** The start of a user's current period (ms), the stagger keyed on its sub; undefined without a valid policy. */
function periodStart(policy: unknown, u: ListedUser, now: Date): number | undefined {
    if (policy === undefined || validatePolicy(policy).length > 0) return undefined;
    const p = policy as RotationPolicy;
    return rotationPeriod(p, now, p.stagger ? { fraction: subFraction(u.sub) } : undefined).start.getTime();
}

/**
 * Who of `users` (the batch's selected users that can be reset) is due in a
 * run at `now`, from the recorded ledger (none on create) and the users that
 * an earlier run could not handle (`retry`: deferred, skipped or failed).
 */
export function planSelection(
    olds: Ledger | undefined,
    users: ListedUser[],
    news: DeclaredPolicy,
    now: Date,
    retry: ReadonlySet<string>,
): SelectionPlan {
    const ledger = ledgerInForce(olds, news, now.toISOString());
    if (!olds && !ledger.sweep) return { ledger, due: [], adopted: users.length };
    const handled = Date.parse(ledger.handledThrough);
    const retries: DueUser[] = [];
    const periods: DueUser[] = [];
    const sweep: DueUser[] = [];
    for (const u of users) {
        const due = { username: u.username, sub: u.sub };
        if (retry.has(u.username)) retries.push({ ...due, reason: "retry" });
        else if (inSweep(u, ledger.sweep)) sweep.push({ ...due, reason: "sweep" });
        else {
            const start = periodStart(news.rotation, u, now);
            const created = u.createdAt === undefined ? -Infinity : Date.parse(u.createdAt);
            if (start !== undefined && start > Math.max(handled, created)) periods.push({ ...due, reason: "period" });
        }
    }
    return { ledger, due: [...retries.sort(byName), ...periods.sort(bySub), ...sweep.sort(bySub)], adopted: 0 };
}

/**
 * The ledger after a run, from its plan and what happened to each due user
 * (`outcome`; skipped and failed users are recorded with their reasons
 * elsewhere and retried). The sweep moves past the last sub it handled; a
 * user it passed without handling, and any other due user not handled, is
 * deferred. A sweep with no user left ends: its key becomes the ledger's.
 */
export function nextLedger(plan: SelectionPlan, outcome: (username: string) => Outcome, now: string): Ledger {
    const handled = (u: DueUser) => ["reset", "skipped", "failed"].includes(outcome(u.username));
    const swept = plan.due.filter((u) => u.reason === "sweep");
    const sweep = plan.ledger.sweep;
    const through = swept.filter(handled).reduce((m, u) => (u.sub > m ? u.sub : m), sweep?.through ?? "");
    const deferred = plan.due
        .filter((u) => !handled(u) && (u.reason !== "sweep" || u.sub <= through))
        .map((u) => u.username)
        .sort();
    const remaining = swept.filter((u) => u.sub > through).length;
    const base: Ledger = { handledThrough: now, rotationKey: plan.ledger.rotationKey };
    if (sweep && remaining > 0) base.sweep = { ...sweep, through, remaining };
    else if (sweep) base.rotationKey = sweep.rotationKey;
    if (deferred.length > 0) base.deferred = deferred;
    return base;
}

/**
 * The ledger a batch created by a change of `batches` starts from, from the
 * ledgers of the pool's recorded batches: the earliest `handledThrough` (no
 * boundary is skipped), their key, and a sweep of that key from its lowest
 * position (no user is missed). Undefined when none is known.
 */
export function inheritedLedger(ledgers: readonly Ledger[]): Ledger | undefined {
    if (ledgers.length === 0) return undefined;
    const earliest = ledgers.reduce((m, l) => (l.handledThrough < m.handledThrough ? l : m));
    const out: Ledger = { handledThrough: earliest.handledThrough, rotationKey: earliest.rotationKey };
    const sweeps = ledgers.map((l) => l.sweep).filter((s): s is Sweep => s !== undefined);
    if (sweeps.length > 0) {
        const lowest = sweeps.reduce((m, s) => (s.through < m.through ? s : m));
        out.sweep = { rotationKey: lowest.rotationKey, since: lowest.since, through: lowest.through };
    }
    return out;
}
