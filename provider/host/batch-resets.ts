/**
 * The resets of one batch in a run: runs inside the dynamic-provider host,
 * for `batch-host.ts`. The due users are reset concurrently, in their order,
 * under the run's stops and the pool's `maxResetsPerRun` budget, and each one's
 * outcome is sorted by what Cognito answered (categories in `errors.ts`).
 */
import { CognitoApi } from "./cognito-client";
import { asResetError, CognitoResetError, isAbort } from "./errors";
import { secretTexts } from "../core/digest";
import { PoolRun, refundBudget, stopPool, stopReason, stopSignal, takeBudget } from "./pool-run";
import { batchFinished, batchStarted, warn } from "./run-report";
import { AttemptRecord, BatchInputs, INPUT_NAMES, ResetInputs, RunCounts } from "../core/types";
import { pick } from "../core/inputs";
import type { Outcome } from "../core/ledger";
import { forEachConcurrently } from "../core/concurrently";

/** Resets in flight at once per batch; the shared rate limit decides the actual pace. */
const CONCURRENCY = 16;

/** What a batch's resets did. */
export interface BatchResets {
    /** Each due user's outcome. */
    readonly outcomes: Map<string, Outcome>;
    /** When each reset user was reset (ISO-8601). */
    readonly resetAt: Map<string, string>;
    /** Users skipped for a problem of their own, with why. */
    readonly skipped: Record<string, AttemptRecord>;
    /** Users whose reset failed after the retries. */
    readonly failures: Record<string, CognitoResetError>;
    /** The counts, as the batch's `lastRun` records them (`adopted` is the caller's). */
    readonly counts: RunCounts;
    /** The answer that stopped sending in this batch (the run's or the pool's stop), if this batch met it. */
    readonly stoppedHere?: CognitoResetError;
}

/** The context of a batch's resets. */
export interface ResetsContext {
    readonly cognito: CognitoApi;
    readonly run: PoolRun;
    /** The inputs the calls are made with (secret values in place of digests). */
    readonly inputs: BatchInputs;
    /** The clock of the run (what `skipped` records), and of each reset. */
    readonly now: () => Date;
}

/** Resets `due`, in order, and sorts each user's outcome. */
export async function resetBatch(ctx: ResetsContext, due: readonly string[]): Promise<BatchResets> {
    const { run, inputs } = ctx;
    const outcomes = new Map<string, Outcome>();
    const resetAt = new Map<string, string>();
    const skipped: Record<string, AttemptRecord> = {};
    const failures: Record<string, CognitoResetError> = {};
    const counts: RunCounts = { reset: 0, adopted: 0, skipped: 0, deferred: 0, failed: 0, notReached: 0 };
    let stoppedHere: CognitoResetError | undefined;
    const at = ctx.now().toISOString();
    const record = (username: string, outcome: Outcome) => {
        outcomes.set(username, outcome);
        counts[outcome]++;
        run.counts[outcome]++;
    };
    const signal = stopSignal(run);
    batchStarted(run);
    try {
        await forEachConcurrently([...due], CONCURRENCY, async (username) => {
            if (stopReason(run)) return record(username, "notReached");
            if (!takeBudget(run, inputs.maxResetsPerRun)) return record(username, "deferred");
            try {
                await resetOne(ctx.cognito, inputs, username, signal);
                resetAt.set(username, ctx.now().toISOString());
                record(username, "reset");
            } catch (raw) {
                refundBudget(run, inputs.maxResetsPerRun);
                // Waiting for the rate limit when sending stopped: never sent, still due.
                if (signal.aborted && isAbort(raw)) return record(username, "notReached");
                // A fault on this side fails this user alone, so that the batch still records what was done.
                const err = asResetError(
                    raw,
                    { userPoolId: inputs.userPoolId, username },
                    "reset",
                    secretTexts(inputs),
                );
                if (err.category === "user" && (inputs.ineligibleUsers ?? "skip") === "skip") {
                    skipped[username] = { code: err.errorCode, reason: err.message, at };
                    warn(`skipped: ${err.message}`);
                    record(username, "skipped");
                } else if (err.category === "pool" || err.category === "quota") {
                    const stopped = err.category === "pool" ? run.run.stop(err) : stopPool(run, err);
                    if (stopped) stoppedHere = err;
                    record(username, "notReached");
                } else {
                    failures[username] = err;
                    record(username, "failed");
                }
            }
        });
    } finally {
        batchFinished(run);
    }
    return { outcomes, resetAt, skipped, failures, counts, stoppedHere };
}

async function resetOne(
    cognito: CognitoApi,
    inputs: BatchInputs,
    username: string,
    abortSignal: AbortSignal,
): Promise<void> {
    // One user of the batch, as a single reset's inputs: the same call, the same rules.
    const one = pick({ ...inputs, username }, INPUT_NAMES) as unknown as ResetInputs;
    await cognito.resetPassword(one, { abortSignal });
}
