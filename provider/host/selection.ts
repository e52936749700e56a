/**
 * What a batch lists and plans: runs inside the dynamic-provider host, for
 * `batch-host.ts`. A `select` batch's listing is made once per process and
 * shared by the pool's batches: the whole selection, or, for a recorded
 * `{ all: true }` pool, tonight's slices of subs (`slices.ts`) and its
 * retries by name. A `usernames` batch lists nothing: its users are its
 * inputs, and its old inputs say who joined. The plan itself is the
 * ledger's (`ledger.ts`).
 */
import { HostDeps } from "./cognito-client";
import { batchesMoved, previousBatchCount, Run } from "./pool-run";
import { BatchInputs, BatchOutputs } from "../core/types";
import { batchOf } from "../core/batches";
import {
    inheritedLedger,
    latestHandled,
    Ledger,
    ledgerInForce,
    listedMembers,
    planRun,
    planSelection,
    recordsLedger,
    SelectionPlan,
} from "../core/ledger";
import { subPrefixes } from "../core/slices";
import { exclusionOf, ListedUser, Selection } from "../core/select";

/** The key of a listing: one per pool, endpoint and selection in a process. */
function listingKey(news: Record<string, unknown>): string {
    return JSON.stringify([news.userPoolId, news.region ?? "", news.endpoint ?? "", news.select]);
}

/** A `select` batch's share of a listing: the users that hash to it and can be reset, and the others by code. */
export function batchShare(
    news: { batchCount?: unknown; batchIndex?: unknown },
    listed: ListedUser[],
): { users: ListedUser[]; excluded: Record<string, number> } {
    const count = typeof news.batchCount === "number" ? news.batchCount : 1;
    const index = typeof news.batchIndex === "number" ? news.batchIndex : 0;
    const excluded: Record<string, number> = {};
    const users: ListedUser[] = [];
    for (const u of listed) {
        if (batchOf(u.username, count) !== index) continue;
        const why = exclusionOf(u);
        if (why) excluded[why] = (excluded[why] ?? 0) + 1;
        else users.push(u);
    }
    return { users, excluded };
}

/** Where a batch's plan starts from, before any listing. */
interface PlanStart {
    /** The recorded ledger, or, for a batch created by a change of `batches`, the pool's other batches'. */
    ledger?: Ledger;
    /** The users that an earlier run left due: retried first. */
    retry: Set<string>;
    /** The inputs, with the users adopted when a moved batch sees no recorded one. */
    declared: BatchInputs;
    /** Whether the pool's batches were rearranged in this run (a change of `batches`). */
    moved: boolean;
    /** After a change of `batches`: up to when each user was handled, by the batch it came from. */
    handledOf?: (username: string) => string | undefined;
}

/**
 * A batch's starting point in this run (see {@link PlanStart}). A batch
 * recorded by 0.1.0, with a record per user, starts from the ledger those
 * records amount to. After a change of `batches`, the exceptions of the
 * pool's other batches move with their users.
 */
function planStart(runState: Run, olds: Partial<BatchOutputs>, news: BatchInputs): PlanStart {
    const run = runState.pool(news.userPoolId);
    const moved = batchesMoved(run, olds, news);
    const recorded = olds.ledger ?? (olds.users ? recordsLedger(olds) : undefined);
    const ledger = recorded ?? (moved ? inheritedLedger(run.ledgers) : undefined);
    // Moved users come from other batches: each was handled up to its old batch's ledger, or, where that
    // batch is not seen (removed by the change), up to the pool's latest run.
    const latest = latestHandled(run.ledgers);
    const before = previousBatchCount(run, olds);
    const handledOf = moved
        ? (username: string) => run.ledgerOf.get(batchOf(username, before))?.handledThrough ?? latest
        : undefined;
    const retry = new Set([
        ...(recorded?.deferred ?? []),
        ...Object.keys(olds.skipped ?? {}),
        ...Object.keys(olds.failed ?? {}),
    ]);
    if (moved) for (const u of run.exceptions) retry.add(u);
    // Moved with no recorded batch in sight: the users are adopted, as of now.
    const declared = moved && !ledger ? { ...news, initialReset: "scheduled" as const } : news;
    return { ledger, retry, declared, moved, handledOf };
}

/**
 * A `usernames` batch's plan: its users, ordered by name, and the names that
 * joined the list since its last run (a change of `batches` brings none: a
 * moved user keeps its schedule, and the README says to add users in a run
 * of their own).
 */
export function listPlan(run: Run, olds: Partial<BatchOutputs>, news: BatchInputs, now: Date): SelectionPlan {
    const start = planStart(run, olds, news);
    const before = new Set(olds.usernames ?? []);
    const recorded = Object.keys(olds).length > 0;
    const joined = recorded && !start.moved ? new Set(news.usernames.filter((u) => !before.has(u))) : undefined;
    const members = listedMembers(news.userPoolId, news.usernames);
    return planRun(start.ledger, members, start.declared, now, {
        retry: start.retry,
        joined,
        handledOf: start.handledOf,
    });
}

/**
 * What a `select` batch lists for its plan: the whole selection, or, for
 * `{ all: true }` with a ledger and no new key's resets under way, only the
 * slices of subs whose boundaries fell since the ledger's `handledThrough`
 * (none at all without a rotation), and the users an earlier run left due.
 */
function slicesOf(start: PlanStart, now: Date): { prefixes: string[]; retry: string[] } | "whole" {
    const { ledger, declared } = start;
    if (declared.select === undefined || !("all" in declared.select)) return "whole";
    // A whole pool adopted: nobody is due, so nobody is listed.
    if (!ledger && declared.initialReset === "scheduled") return { prefixes: [], retry: [] };
    if (!ledger) return "whole";
    if (ledgerInForce(ledger, declared, now.toISOString()).sweep) return "whole";
    const prefixes =
        declared.rotation === undefined ? [] : subPrefixes(declared.rotation, new Date(ledger.handledThrough), now);
    return prefixes === "all" ? "whole" : { prefixes, retry: [...start.retry].sort() };
}

/** A ListUsers filter's quoted value, with quotes and backslashes escaped. */
function quoted(value: string): string {
    return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The listings, estimates and plans of `select` batches, once per process. */
export function createSelection(deps: HostDeps) {
    /** Each listing, once per process: every batch of a pool shares it. */
    const listings = new Map<string, Promise<ListedUser[]>>();
    const listing = (news: object, selection = (news as BatchInputs).select as Selection): Promise<ListedUser[]> => {
        const key = listingKey({ ...news, select: selection });
        let users = listings.get(key);
        if (!users) {
            if (!deps.cognito.listUsers) throw new Error("this Cognito client cannot list users");
            users = deps.cognito.listUsers(news as unknown as BatchInputs, selection);
            // A failed listing is not kept: the next check lists again.
            users.catch(() => listings.delete(key));
            listings.set(key, users);
        }
        return users;
    };

    /** Each pool's estimated size, asked once per process (optional: undefined when not allowed). */
    const estimates = new Map<string, Promise<number | undefined>>();
    const estimate = (news: BatchInputs): Promise<number | undefined> => {
        const key = listingKey({ ...news, select: undefined });
        let n = estimates.get(key);
        if (!n) {
            n = deps.cognito.estimatedUsers?.(news).catch(() => undefined) ?? Promise.resolve(undefined);
            estimates.set(key, n);
        }
        return n;
    };

    /**
     * A `select` batch's plan, from what it lists (see {@link slicesOf}):
     * the whole selection, or tonight's slices of subs and its retries, each
     * one ListUsers filter (`sub ^= "4a"`, `username = "ann"`).
     */
    async function selectionPlan(olds: Partial<BatchOutputs>, news: BatchInputs, now: Date) {
        const start = planStart(deps.run, olds, news);
        const slices = slicesOf(start, now);
        let listed: ListedUser[];
        if (slices === "whole") listed = await listing(news);
        else {
            const filters = [
                ...slices.prefixes.map((p) => `sub ^= ${quoted(p)}`),
                ...slices.retry.map((u) => `username = ${quoted(u)}`),
            ];
            const pages = await Promise.all(filters.map((filter) => listing(news, { filter })));
            listed = [...new Map(pages.flat().map((u) => [u.username, u])).values()];
        }
        const { users, excluded } = batchShare(news, listed);
        const planned = planSelection(start.ledger, users, start.declared, now, start.retry, start.handledOf);
        return { planned, users, excluded, sliced: slices !== "whole" };
    }

    return { listing, estimate, selectionPlan };
}
