/**
 * The line that says, for each pool, who is due in this run: runs
 * inside the dynamic-provider host. Every batch of the pool reports its plan
 * (from its diff, or its check when it is created); once all have, one line
 * gives the pool's counts and names up to {@link DUE_NAMED} of its due users.
 * The preview prints it, and so does the `up`.
 */
import type { PoolRun } from "./pool-run";
import { say } from "./run-report";
import { describeSelection, Selection } from "../core/select";
import type { BatchInputs } from "../core/types";

/** At most this many due users are named in a pool's line. */
export const DUE_NAMED = 20;

/** What the line says of a pool. */
export interface DueCounts {
    userPoolId: string;
    /** The pool's rule; none for a list of users. */
    select?: Selection;
    /** With a list: how many users it names. */
    listed?: number;
    /** The due users, every batch's. */
    due: string[];
    /** Selected users left out before any call. */
    excluded: number;
    maxResetsPerRun?: number;
    /** The pool's size as DescribeUserPool estimates it, when known (a whole pool's). */
    estimatedUsers?: number;
}

/**
 * `pool eu-west-1_A (the members of group 'admins'): 30 due, 12 now and 18
 * deferred (maxResetsPerRun 12), 3 excluded; due: a00, a01, … and 10 more`;
 * a whole pool's says its estimated size: `(every user of about 1,000,000)`,
 * and counts what its run listed.
 */
export function dueLine(c: DueCounts): string {
    const n = c.due.length;
    const now = c.maxResetsPerRun === undefined ? n : Math.min(n, c.maxResetsPerRun);
    const pace = now < n ? `, ${now} now and ${n - now} deferred (maxResetsPerRun ${c.maxResetsPerRun})` : "";
    const names = [...c.due].sort().slice(0, DUE_NAMED);
    const more = n > names.length ? ` and ${n - names.length} more` : "";
    const who = n > 0 ? `; due: ${names.join(", ")}${more}` : "";
    const size = c.estimatedUsers === undefined ? "" : ` of about ${c.estimatedUsers.toLocaleString("en")}`;
    const users = c.select ? describeSelection(c.select) : `a list of ${(c.listed ?? 0).toLocaleString("en")} users`;
    const excluded = c.select ? `, ${c.excluded} excluded` : "";
    return `pool ${c.userPoolId} (${users}${size}): ${n} due${pace}${excluded}${who}`;
}

/** How many batches of its pool the program declares: every one of a `select`, those holding a user of a list. */
export function declaredCount(batch: Pick<BatchInputs, "select" | "batchCount" | "declaredBatches">): number {
    return batch.select === undefined ? (batch.declaredBatches ?? 1) : (batch.batchCount ?? 1);
}

/** Records one batch's plan; the last batch of the pool to report prints the pool's line. */
export function reportDue(
    run: PoolRun,
    batch: Pick<
        BatchInputs,
        "batchIndex" | "batchCount" | "declaredBatches" | "select" | "usernames" | "maxResetsPerRun" | "estimatedUsers"
    >,
    due: string[],
    excluded: number,
): void {
    const listed = batch.select === undefined ? (batch.usernames?.length ?? 0) : 0;
    run.dueReports.set(batch.batchIndex ?? 0, { due, excluded, listed });
    if (batch.estimatedUsers !== undefined) run.estimatedUsers = batch.estimatedUsers;
    // A list declares only the batches that hold a user; a selection, every one.
    const expected = declaredCount(batch);
    if (run.dueReports.size < expected) return;
    const reports = [...run.dueReports.values()];
    run.dueReports.clear();
    say(
        dueLine({
            userPoolId: run.userPoolId,
            select: batch.select,
            listed: reports.reduce((sum, r) => sum + r.listed, 0),
            due: reports.flatMap((r) => r.due),
            excluded: reports.reduce((sum, r) => sum + r.excluded, 0),
            maxResetsPerRun: batch.maxResetsPerRun,
            estimatedUsers: run.estimatedUsers,
        }),
    );
}
