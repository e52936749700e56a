/**
 * The line that says, for each `select` pool, who is due in this run: runs
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
    select: Selection;
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
    return `pool ${c.userPoolId} (${describeSelection(c.select)}${size}): ${n} due${pace}, ${c.excluded} excluded${who}`;
}

/** Records one batch's plan; the last batch of the pool to report prints the pool's line. */
export function reportDue(
    run: PoolRun,
    batch: Pick<BatchInputs, "batchIndex" | "batchCount" | "select" | "maxResetsPerRun" | "estimatedUsers">,
    due: string[],
    excluded: number,
): void {
    run.dueReports.set(batch.batchIndex ?? 0, { due, excluded });
    if (batch.estimatedUsers !== undefined) run.estimatedUsers = batch.estimatedUsers;
    if (run.dueReports.size < (batch.batchCount ?? 1)) return;
    const reports = [...run.dueReports.values()];
    run.dueReports.clear();
    say(
        dueLine({
            userPoolId: run.userPoolId,
            select: batch.select!,
            due: reports.flatMap((r) => r.due),
            excluded: reports.reduce((sum, r) => sum + r.excluded, 0),
            maxResetsPerRun: batch.maxResetsPerRun,
            estimatedUsers: run.estimatedUsers,
        }),
    );
}
