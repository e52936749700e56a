/**
 * The run report of a whole pool (`UserPasswordResets.summary`): a pure
 * function of what the batches recorded, computed in the user's program. It
 * stays small whatever the pool's size: counts, and at most
 * {@link SUMMARY_MAX_NAMED} named users with their reasons.
 */
import { DeclaredUsers, userDue } from "./diff";
import type { RunCounts, UserRecord } from "./types";
import type { Ledger } from "./types";

/** At most this many users are named in a summary. */
export const SUMMARY_MAX_NAMED = 100;

/** A user that could not be reset, with why. */
export interface SummaryProblem {
    /** The user's name in the pool. */
    username: string;
    /** "skipped" (a problem of the user's own, the run went on) or "failed" (the run failed on it). */
    outcome: "skipped" | "failed";
    /** The stable error code, e.g. USER_DISABLED. */
    code: string;
    /** The message, naming the user, the pool and what to do. */
    reason: string;
    /** ISO-8601 UTC time of the attempt. */
    at: string;
}

/** What the last run that changed anything did, summed over the batches it changed. */
export interface SummaryRun extends RunCounts {
    /** When it ran (the latest time a batch recorded). */
    at: string;
}

/** The summary of a UserPasswordResets. */
export interface PoolSummary {
    /** Users in the list, or, with `select`, the selected users that can be reset. */
    users: number;
    /** Users reset (or adopted) for their current rotation period and key. */
    upToDate: number;
    /** Users still due: skipped, deferred or not reached; the next run tries them. */
    due: number;
    /** Users skipped at their last attempt. */
    skipped: number;
    /** Users whose last attempt failed. */
    failed: number;
    /** The last run that changed anything; absent before the first. */
    lastRun?: SummaryRun;
    /** Failed users first, then skipped ones, by name; at most 100 (`SUMMARY_MAX_NAMED`). */
    problems: SummaryProblem[];
    /** How many more skipped or failed users there are than `problems` names. */
    problemsNotListed: number;
    /**
     * With `select`: the selected users left out before any call, by the
     * error code a reset would have met (USER_DISABLED, USER_STATUS,
     * NO_VERIFIED_CONTACT). They are not counted in `users`.
     */
    excluded?: Record<string, number>;
    /**
     * With `select: { all: true }`: the pool's size as DescribeUserPool
     * estimates it (EstimatedNumberOfUsers), when the permission allows. A
     * whole pool's nights list only their slice, and its adoption lists
     * nothing, so `users` counts the users of its last whole listing (none
     * when adopted with initialReset "scheduled").
     */
    estimatedUsers?: number;
}

/** One batch as its outputs record it. */
export interface BatchView extends DeclaredUsers {
    /** With `usernames`: the batch's users. */
    usernames?: string[];
    /** A record per user, as 0.1.0 kept it. */
    users?: Record<string, UserRecord>;
    skipped?: Record<string, { code: string; reason: string; at: string }>;
    failed?: Record<string, { code: string; reason: string; at: string }>;
    lastRun?: SummaryRun & { runId: string };
    /** With `select`: the users left out, by code. */
    excluded?: Record<string, number>;
    /** With `select`: how many selected users can be reset, and the batch's ledger. */
    selected?: number;
    ledger?: Ledger;
    /** With `select: { all: true }`, on batch 0: the pool's estimated size. */
    estimatedUsers?: number;
}

/**
 * A batch's users, and how many are up to date (reset or adopted for their
 * current period and key): from its ledger, or from the records per user of
 * a batch that 0.1.0 wrote and no run has rewritten yet.
 */
function countUsers(b: BatchView): { users: number; upToDate: number } {
    if (b.ledger || b.selected !== undefined) {
        const users = b.selected ?? b.usernames?.length ?? 0;
        const due =
            (b.ledger?.deferred?.length ?? 0) +
            Object.keys(b.skipped ?? {}).length +
            Object.keys(b.failed ?? {}).length +
            (b.ledger?.sweep?.remaining ?? (b.ledger?.sweep ? users : 0));
        return { users, upToDate: Math.max(0, users - due) };
    }
    let upToDate = 0;
    for (const u of b.usernames ?? []) {
        const record = b.users?.[u];
        if (record && !userDue(u, record, b)) upToDate++;
    }
    return { users: b.usernames?.length ?? 0, upToDate };
}

/** Summarizes a pool from its batches' outputs. */
export function summarize(batches: BatchView[]): PoolSummary {
    let users = 0;
    let upToDate = 0;
    const failed: SummaryProblem[] = [];
    const skipped: SummaryProblem[] = [];
    for (const b of batches) {
        const counted = countUsers(b);
        users += counted.users;
        upToDate += counted.upToDate;
        for (const [username, p] of Object.entries(b.failed ?? {}))
            failed.push({ username, outcome: "failed", code: p.code, reason: p.reason, at: p.at });
        for (const [username, p] of Object.entries(b.skipped ?? {}))
            skipped.push({ username, outcome: "skipped", code: p.code, reason: p.reason, at: p.at });
    }
    const byName = (a: SummaryProblem, b: SummaryProblem) => (a.username < b.username ? -1 : 1);
    const problems = [...failed.sort(byName), ...skipped.sort(byName)];
    const summary: PoolSummary = {
        users,
        upToDate,
        due: users - upToDate,
        skipped: skipped.length,
        failed: failed.length,
        problems: problems.slice(0, SUMMARY_MAX_NAMED),
        problemsNotListed: Math.max(0, problems.length - SUMMARY_MAX_NAMED),
    };
    const excluded: Record<string, number> = {};
    for (const b of batches)
        for (const [code, n] of Object.entries(b.excluded ?? {})) excluded[code] = (excluded[code] ?? 0) + n;
    if (batches.some((b) => b.excluded)) summary.excluded = excluded;
    const estimated = batches.find((b) => b.estimatedUsers !== undefined)?.estimatedUsers;
    if (estimated !== undefined) summary.estimatedUsers = estimated;
    const runs = batches.map((b) => b.lastRun).filter((r): r is NonNullable<BatchView["lastRun"]> => !!r);
    const latest = runs.reduce<string | undefined>((m, r) => (m === undefined || r.runId > m ? r.runId : m), undefined);
    if (latest !== undefined) {
        const last: SummaryRun = { at: "", reset: 0, adopted: 0, skipped: 0, deferred: 0, failed: 0, notReached: 0 };
        for (const r of runs.filter((r) => r.runId === latest)) {
            if (r.at > last.at) last.at = r.at;
            for (const k of ["reset", "adopted", "skipped", "deferred", "failed", "notReached"] as const)
                last[k] += r[k];
        }
        summary.lastRun = last;
    }
    return summary;
}
