/**
 * What a `select` batch records between runs instead of a record per user:
 * up to when every boundary was handled (`handledThrough`), the rotation key
 * every user was reset for, a key's resets still in progress (`sweep`, a
 * position in the order of subs), and the exceptions (users due but not
 * reached). Its size does not depend on the pool's size. Pure rules: who is
 * due in a run, and the ledger after it.
 *
 * A `usernames` batch keeps the same ledger: its users are ordered by name,
 * staggered by a hash of pool and username (as they always were), and the
 * old inputs show who joined the list in this run.
 *
 * | a user of the batch                                                   | due in this run when                                    |
 * |-----------------------------------------------------------------------|---------------------------------------------------------|
 * | deferred, not reached, skipped or failed by an earlier run             | always (retried first)                                  |
 * | joined a list in this run (not on create)                             | `initialReset: "immediate"`; else adopted, no call       |
 * | in a sweep: after `through`, not exempt, created before its first run | always, in the sweep's order                            |
 * | anyone else                                                           | its period began after `handledThrough` and its creation |
 */
import type { InitialReset, Ledger, Sweep, UserRecord } from "./types";
import { planUsers } from "./diff";
import { RotationPolicy, rotationPeriod, staggerFraction, validatePolicy } from "./rotation";
import { ListedUser, subFraction } from "./select";

export type { Ledger, Sweep } from "./types";

/** Why a user is due: retried from an earlier run, joined a list, a new period, a new key's (or a create's) sweep. */
export type DueReason = "retry" | "joined" | "period" | "sweep";

/** A user as the ledger's rules see it. */
export interface Member {
    username: string;
    /** Its place in a sweep's order: a selection's user by its sub, a list's by its name. */
    order: string;
    /** Where its boundary falls in the period, for a staggered policy (0 to 1); asked only then. */
    fraction(): number;
    /** When it came to be (a selection's user: UserCreateDate); undefined when not known. */
    createdAt?: string;
}

/** A due user, with why. */
export interface DueUser {
    username: string;
    order: string;
    reason: DueReason;
    /** Whether the sweep in force would reach it, had it not been due for another reason. */
    swept?: boolean;
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
    /** Users recorded without a reset by this run (a create, or a list's newcomers, with `initialReset: "scheduled"`). */
    adopted: number;
    /** The places of adopted users that the sweep in force would otherwise reach: it must pass them by. */
    exempt: string[];
}

/** What happened to a due user in a run. */
export type Outcome = "reset" | "skipped" | "failed" | "deferred" | "notReached";

const byOrder = (a: DueUser, b: DueUser) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);
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
function inSweep(u: Member, sweep: Sweep | undefined): boolean {
    if (!sweep || u.order <= sweep.through || sweep.exempt?.includes(u.order)) return false;
    return u.createdAt === undefined || Date.parse(u.createdAt) < Date.parse(sweep.since);
}

/** The start of a user's current period (ms), at its stagger; undefined without a valid policy. */
function periodStart(policy: unknown, u: Member, now: Date): number | undefined {
    if (policy === undefined || validatePolicy(policy).length > 0) return undefined;
    const p = policy as RotationPolicy;
    return rotationPeriod(p, now, p.stagger ? { fraction: u.fraction() } : undefined).start.getTime();
}

/** A selection's users as members: ordered and staggered by their sub. */
export function selectedMembers(users: readonly ListedUser[]): Member[] {
    return users.map((u) => ({
        username: u.username,
        order: u.sub,
        fraction: () => subFraction(u.sub),
        createdAt: u.createdAt,
    }));
}

/** A list's users as members: ordered by name, staggered by a hash of pool and username. */
export function listedMembers(userPoolId: string, usernames: readonly string[]): Member[] {
    return usernames.map((u) => ({ username: u, order: u, fraction: () => staggerFraction(userPoolId, u) }));
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
    handledOf?: (username: string) => string | undefined,
): SelectionPlan {
    return planRun(olds, selectedMembers(users), news, now, { retry, handledOf });
}

/**
 * Who of `members` is due in a run at `now` (the table above), from the
 * recorded ledger (none on create), the users an earlier run could not
 * handle (`retry`), and those who joined a recorded list in this run
 * (`joined`: reset or adopted as `initialReset` says, and passed by a sweep).
 */
export function planRun(
    olds: Ledger | undefined,
    members: readonly Member[],
    news: DeclaredPolicy,
    now: Date,
    opts: {
        retry: ReadonlySet<string>;
        joined?: ReadonlySet<string>;
        /** After a change of `batches`: up to when a user's boundaries were handled, by the batch it came from. */
        handledOf?: (username: string) => string | undefined;
    },
): SelectionPlan {
    const ledger = ledgerInForce(olds, news, now.toISOString());
    if (!olds && !ledger.sweep) return { ledger, due: [], adopted: members.length, exempt: [] };
    const handledThrough = Date.parse(ledger.handledThrough);
    const [retries, joined, periods, sweep]: DueUser[][] = [[], [], [], []];
    const exempt: string[] = [];
    for (const u of members) {
        const due = { username: u.username, order: u.order, ...(inSweep(u, ledger.sweep) ? { swept: true } : {}) };
        if (opts.retry.has(u.username)) retries.push({ ...due, reason: "retry" });
        else if (opts.joined?.has(u.username)) {
            if (news.initialReset !== "scheduled") joined.push({ ...due, reason: "joined" });
            else if (due.swept) exempt.push(u.order);
        } else if (due.swept) sweep.push({ ...due, reason: "sweep" });
        else {
            const start = periodStart(news.rotation, u, now);
            const created = u.createdAt === undefined ? -Infinity : Date.parse(u.createdAt);
            const origin = opts.handledOf?.(u.username);
            const handled = origin === undefined ? handledThrough : Date.parse(origin);
            if (start !== undefined && start > Math.max(handled, created)) periods.push({ ...due, reason: "period" });
        }
    }
    const adopted = news.initialReset === "scheduled" ? (opts.joined?.size ?? 0) : 0;
    return {
        ledger,
        due: [...retries.sort(byName), ...joined.sort(byName), ...periods.sort(byOrder), ...sweep.sort(byOrder)],
        adopted: Math.min(adopted, members.length),
        exempt,
    };
}

/**
 * The ledger after a run, from its plan and what happened to each due user
 * (`outcome`; skipped and failed users are recorded with their reasons
 * elsewhere and retried). The sweep moves past the last place it handled; a
 * user it passed without handling, and any other due user not handled, is
 * deferred. A user the sweep would reach, reset for another reason (or
 * adopted), is exempt from it until it passes. A sweep with no user left
 * ends: its key becomes the ledger's.
 */
export function nextLedger(plan: SelectionPlan, outcome: (username: string) => Outcome, now: string): Ledger {
    const handled = (u: DueUser) => ["reset", "skipped", "failed"].includes(outcome(u.username));
    const swept = plan.due.filter((u) => u.reason === "sweep");
    const sweep = plan.ledger.sweep;
    const through = swept.filter(handled).reduce((m, u) => (u.order > m ? u.order : m), sweep?.through ?? "");
    const deferred = plan.due
        .filter((u) => !handled(u) && (u.reason !== "sweep" || u.order <= through))
        .map((u) => u.username)
        .sort();
    const remaining = swept.filter((u) => u.order > through).length;
    const ahead = plan.due.filter((u) => u.swept && u.reason !== "sweep" && outcome(u.username) === "reset");
    const exempt = [...(sweep?.exempt ?? []), ...plan.exempt, ...ahead.map((u) => u.order)]
        .filter((o) => o > through)
        .sort();
    const base: Ledger = { handledThrough: now, rotationKey: plan.ledger.rotationKey };
    if (sweep && remaining > 0) {
        base.sweep = { rotationKey: sweep.rotationKey, since: sweep.since, through, remaining };
        if (exempt.length > 0) base.sweep.exempt = [...new Set(exempt)];
    } else if (sweep) base.rotationKey = sweep.rotationKey;
    if (deferred.length > 0) base.deferred = deferred;
    return base;
}

/**
 * The latest `handledThrough` of the pool's batches. Every batch is diffed at
 * every run, and a batch that had nobody due keeps its older one, so a user
 * of any batch has no boundary between its batch's `handledThrough` and the
 * pool's last run: the latest of them all is as good as the user's own, for
 * a user who moves to another batch.
 */
export function latestHandled(ledgers: readonly Ledger[]): string | undefined {
    return ledgers.reduce<string | undefined>(
        (m, l) => (m === undefined || l.handledThrough > m ? l.handledThrough : m),
        undefined,
    );
}

/**
 * The ledger a batch created by a change of `batches` starts from, from the
 * ledgers of the pool's recorded batches: the latest `handledThrough` (see
 * {@link latestHandled}: no boundary is handled twice, and none skipped),
 * the key of the batch that ran last, and a sweep of that key from its lowest
 * position (no user is missed). Undefined when none is known.
 */
export function inheritedLedger(ledgers: readonly Ledger[]): Ledger | undefined {
    if (ledgers.length === 0) return undefined;
    const latest = ledgers.reduce((m, l) => (l.handledThrough > m.handledThrough ? l : m));
    const out: Ledger = { handledThrough: latest.handledThrough, rotationKey: latest.rotationKey };
    const sweeps = ledgers.map((l) => l.sweep).filter((s): s is Sweep => s !== undefined);
    if (sweeps.length > 0) {
        const lowest = sweeps.reduce((m, s) => (s.through < m.through ? s : m));
        out.sweep = { rotationKey: lowest.rotationKey, since: lowest.since, through: lowest.through };
    }
    return out;
}

/** What a `usernames` batch recorded before it kept a ledger (release 0.1.0): a record per user. */
export interface RecordedUsers {
    usernames?: string[];
    users?: Record<string, UserRecord>;
    rotationKey?: string;
    rotationPeriods?: Record<string, string>;
    initialReset?: InitialReset;
    skipped?: Record<string, unknown>;
    failed?: Record<string, unknown>;
    lastRun?: { at: string };
}

/**
 * The ledger that a batch's records per user amount to (the upgrade from
 * 0.1.0): every boundary was handled up to its last run, for the key it ran
 * with, but for the users that were due then and not handled (deferred, not
 * reached, or a key's resets not finished), which become `deferred`. Skipped
 * and failed users stay where they are, and are retried as before.
 */
export function recordsLedger(olds: RecordedUsers): Ledger {
    const resets = Object.values(olds.users ?? {}).map((r) => r.lastResetAt);
    const at = olds.lastRun?.at ?? resets.reduce((m, t) => (t > m ? t : m), new Date(0).toISOString());
    const { due } = planUsers(olds, olds);
    const retried = new Set([...Object.keys(olds.skipped ?? {}), ...Object.keys(olds.failed ?? {})]);
    const deferred = due.filter((u) => !retried.has(u)).sort();
    const ledger: Ledger = { handledThrough: at, rotationKey: olds.rotationKey ?? "" };
    if (deferred.length > 0) ledger.deferred = deferred;
    return ledger;
}
