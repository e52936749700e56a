/**
 * What one run knows across resources: runs inside the dynamic-provider host,
 * where one process serves every resource of a `pulumi up` (or preview). The
 * process's composition root (`provider-host.ts`; the plugin's `provider.ts`)
 * makes one {@link Run} and hands it to every host, so it lives exactly one
 * run and is shared by all batches of all pools:
 *
 * - the run's stop: after the first answer that says the pool or the account is
 *   misconfigured (pool not found, access denied, credentials, the SES or SNS
 *   role, the Lambda trigger's response), no further call is made in the run;
 * - per pool ({@link PoolRun}): a stop on the daily email quota (no further
 *   call to that pool), the budget of `maxResetsPerRun`, the ledgers and
 *   exceptions that other batches of the pool hold (so that a user moved
 *   between batches keeps its schedule), the run's counts for progress lines,
 *   and the tally of due resets that the preview's quota warning reads.
 */
import type { CognitoResetError } from "./errors";
import { DEFAULT_BATCHES } from "../core/types";
import type { BatchInputs, BatchOutputs, RunCounts } from "../core/types";
import { Ledger, recordsLedger } from "../core/ledger";
import { batchOf } from "../core/batches";

export type { RunCounts } from "../core/types";

/** One pool's part of the run. */
export interface PoolRun {
    /** The run this pool's part belongs to. */
    readonly run: Run;
    readonly userPoolId: string;
    /** The ledgers of this pool's batches as recorded (from their diffs), for a batch created by a move. */
    readonly ledgers: Ledger[];
    /** The same ledgers, by the index of their batch in the layout that recorded them. */
    readonly ledgerOf: Map<number, Ledger>;
    /** Users that recorded batches of this pool hold as due but not handled (deferred, skipped, failed). */
    readonly exceptions: Set<string>;
    /** What each batch's plan says is due in this run, by batch index (for the pool's line; see `due-report.ts`). */
    readonly dueReports: Map<number, { due: string[]; excluded: number; listed: number }>;
    /** The pool's estimated size, as its first batch learned it (for the pool's line). */
    estimatedUsers?: number;
    /** The batches of this pool checked in this run, by index: whether each is recorded (true) or new. */
    readonly checked: Map<number, boolean>;
    /** The recorded batches of this pool whose diff ran (and so whose ledger is in `ledgers`), by index. */
    readonly diffed: Set<number>;
    /** Called whenever a batch of this pool is checked or diffed (see {@link allBatchesSeen}). */
    readonly onSeen: Set<() => void>;
    /** The batch counts seen in recorded batches of this pool. */
    readonly batchCounts: Set<number>;
    /** The batch count that the pool's layout recorded before this run (set by its diff, before any batch applies). */
    previousBatchCount?: number;
    /** The error that stopped sending to this pool (the daily email quota), if any. */
    stopReason?: CognitoResetError;
    /** Resets still allowed in this run, when `maxResetsPerRun` is set. */
    budget?: number;
    readonly counts: RunCounts;
    /** Batches of this pool currently applying. */
    active: number;
    /** When this pool's first reset of the run started (ms since the epoch). */
    startedAt?: number;
    /** Due resets counted by the diffs of this run (for the preview's quota warning). */
    dueTally: number;
    /** Whether the email-sender warning was looked into for this pool. */
    senderChecked: boolean;
    progressTimer?: NodeJS.Timeout;
    /** Fires when sending to this pool stops (the pool's quota, or the run's stop). */
    readonly stopController: AbortController;
}

/** What one run shares across resources: its stop, and each pool's part. */
export class Run {
    /** An id for this run (the provider process), so that outputs can tell which run wrote them. */
    readonly id = new Date().toISOString();
    private reason: CognitoResetError | undefined;
    private readonly controller = new AbortController();
    private readonly pools = new Map<string, PoolRun>();

    /** Fires when the run stops: requests waiting for the rate limit are then not sent. */
    get signal(): AbortSignal {
        return this.controller.signal;
    }

    /** The pool's part of the run, created on first use. */
    pool(userPoolId: string): PoolRun {
        let pool = this.pools.get(userPoolId);
        if (!pool) {
            pool = newPoolRun(this, userPoolId);
            this.pools.set(userPoolId, pool);
        }
        return pool;
    }

    /** The error that stopped the whole run (a pool or account configuration error); undefined while it goes on. */
    stopReason(): CognitoResetError | undefined {
        return this.reason;
    }

    /**
     * Stops the run after a pool or account configuration error. Returns true
     * when this call stopped it (the caller reports the error), false when it
     * was already stopped.
     */
    stop(err: CognitoResetError): boolean {
        if (this.reason) return false;
        this.reason = err;
        this.controller.abort();
        return true;
    }

    /** Whether a batch of any pool is applying (resetting) in this run. */
    applying(): boolean {
        return [...this.pools.values()].some((p) => p.active > 0);
    }
}

function newPoolRun(run: Run, userPoolId: string): PoolRun {
    return {
        run,
        userPoolId,
        ledgers: [],
        ledgerOf: new Map(),
        exceptions: new Set(),
        dueReports: new Map(),
        batchCounts: new Set(),
        checked: new Map(),
        diffed: new Set(),
        onSeen: new Set(),
        counts: { reset: 0, adopted: 0, skipped: 0, deferred: 0, failed: 0, notReached: 0 },
        active: 0,
        dueTally: 0,
        senderChecked: false,
        stopController: new AbortController(),
    };
}

/**
 * The error that stopped sending to this pool: the whole run's (a pool or
 * account configuration error), else the pool's own (its daily email quota).
 * Undefined while sending goes on.
 */
export function stopReason(pool: PoolRun): CognitoResetError | undefined {
    return pool.run.stopReason() ?? pool.stopReason;
}

/** Stops sending to one pool (the daily email quota). Returns true when this call stopped it. */
export function stopPool(run: PoolRun, err: CognitoResetError): boolean {
    if (run.stopReason) return false;
    run.stopReason = err;
    run.stopController.abort();
    return true;
}

/** The signal that a request to this pool must not leave any more (the pool's stop or the run's). */
export function stopSignal(run: PoolRun): AbortSignal {
    return AbortSignal.any([run.run.signal, run.stopController.signal]);
}

/** Takes one reset from the pool's budget; false when the budget is spent. */
export function takeBudget(run: PoolRun, maxResetsPerRun: number | undefined): boolean {
    if (maxResetsPerRun === undefined) return true;
    if (run.budget === undefined) run.budget = maxResetsPerRun;
    if (run.budget <= 0) return false;
    run.budget--;
    return true;
}

/** Gives back a reset that was not made (the call failed, so no message was sent). */
export function refundBudget(run: PoolRun, maxResetsPerRun: number | undefined): void {
    if (maxResetsPerRun !== undefined && run.budget !== undefined) run.budget++;
}

/** Registers what a recorded batch holds, so that a batch created by a move starts where the others are. */
export function remember(run: PoolRun, olds: Partial<BatchOutputs>): void {
    const ledger = olds.ledger ?? (olds.users ? recordsLedger(olds) : undefined);
    if (ledger) run.ledgers.push(ledger);
    // A batch of 0.1.0 records no index: its users hash to it.
    const first = olds.usernames?.[0];
    const index =
        olds.batchIndex ?? (first === undefined ? undefined : batchOf(first, olds.batchCount ?? DEFAULT_BATCHES));
    if (ledger && index !== undefined) run.ledgerOf.set(index, ledger);
    for (const user of ledger?.deferred ?? []) run.exceptions.add(user);
    for (const user of [...Object.keys(olds.skipped ?? {}), ...Object.keys(olds.failed ?? {})])
        run.exceptions.add(user);
    run.batchCounts.add(olds.batchCount ?? DEFAULT_BATCHES);
}

/** Notes that a batch of the pool was checked in this run, recorded or new. */
export function noteChecked(run: PoolRun, batchIndex: number, recorded: boolean): void {
    run.checked.set(batchIndex, recorded || run.checked.get(batchIndex) === true);
    for (const wake of run.onSeen) wake();
}

/** Notes that a recorded batch's diff ran in this run (its ledger is remembered). */
export function noteDiffed(run: PoolRun, batchIndex: number): void {
    run.diffed.add(batchIndex);
    for (const wake of run.onSeen) wake();
}

/**
 * How long a moved batch waits with nothing happening (no batch of the pool
 * checked or diffed, and no batch of any pool applying) before it plans with
 * what it has. The engine checks and diffs a resource only while it has a free
 * step (`pulumi up --parallel`, 4 per CPU by default): when every step is
 * taken by a waiting batch, no other batch is seen until one of them gives
 * up; `pulumi up --target` declares batches that are never checked at all.
 */
export const SEEN_IDLE_MS = 5_000;

/**
 * The batches, by index in the layout before this run, whose ledgers a moved
 * batch plans from: for a list, the old batches of its users (other than its
 * own recorded one); for a selection, every old batch.
 */
export function sourcesOf(run: PoolRun, olds: Partial<BatchOutputs>, news: Partial<BatchInputs>): number[] {
    const before = previousBatchCount(run, olds);
    const own = olds.users || olds.ledger ? (news.batchIndex ?? 0) : undefined;
    const indices =
        news.select === undefined
            ? new Set((news.usernames ?? []).map((u) => batchOf(u, before)))
            : new Set(Array.from({ length: before }, (_, i) => i));
    return [...indices].filter((i) => i !== own).sort((a, b) => a - b);
}

/**
 * Whether batch `index` of the old layout is seen: diffed (its ledger is
 * remembered), checked as new (it held nothing), or not declared any more
 * (removed by the change: the engine deletes it after the others, unseen).
 */
function sourceSeen(run: PoolRun, index: number, declared: number, batchCount: number): boolean {
    if (run.diffed.has(index) || run.checked.get(index) === false) return true;
    return index >= batchCount || (run.checked.size >= declared && !run.checked.has(index));
}

/**
 * Resolves true once every one of `sources` is seen in this run (see
 * `sourceSeen`), so that their ledgers are remembered; false when it gave up
 * after {@link SEEN_IDLE_MS} with nothing happening (see there), naming none.
 * The engine checks and diffs every declared batch before it runs the steps
 * that depend on them, but runs a batch's step as soon as it is ready,
 * possibly before a later batch's diff.
 */
export function sourcesSeen(
    run: PoolRun,
    sources: readonly number[],
    declared: number,
    batchCount: number,
    idleMs = SEEN_IDLE_MS,
): Promise<boolean> {
    const seen = () => sources.every((i) => sourceSeen(run, i, declared, batchCount));
    if (seen()) return Promise.resolve(true);
    return new Promise((resolve) => {
        let timer: NodeJS.Timeout;
        const done = (complete: boolean) => {
            clearTimeout(timer);
            run.onSeen.delete(wake);
            resolve(complete);
        };
        // Batches still applying free their steps when they end, and the engine then goes on checking.
        const idle = () => (run.run.applying() ? restart() : done(false));
        const restart = () => {
            clearTimeout(timer);
            timer = setTimeout(idle, idleMs);
            timer.unref();
        };
        const wake = () => (seen() ? done(true) : restart());
        run.onSeen.add(wake);
        restart();
    });
}

/** The pool's batch count before this run: a recorded batch's own, else the layout's, else the recorded batches'. */
export function previousBatchCount(run: PoolRun, olds: Partial<BatchOutputs>): number {
    if (olds.users || olds.ledger) return olds.batchCount ?? DEFAULT_BATCHES;
    return run.previousBatchCount ?? [...run.batchCounts][0] ?? DEFAULT_BATCHES;
}

/**
 * Whether the batches of the pool were rearranged in this run (a change of
 * `batches`): a recorded batch knows its own count; a new one learns it from
 * the pool's layout resource, whose diff runs before any batch applies (every
 * batch depends on it), or from the other batches seen so far.
 */
export function batchesMoved(run: PoolRun, olds: Partial<BatchOutputs>, news: Partial<BatchInputs>): boolean {
    const count = news.batchCount ?? DEFAULT_BATCHES;
    if (olds.users || olds.ledger) return (olds.batchCount ?? DEFAULT_BATCHES) !== count;
    if (run.previousBatchCount !== undefined && run.previousBatchCount !== count) return true;
    return [...run.batchCounts].some((c) => c !== count);
}
