/**
 * The provider of one batch of users (a slice of a UserPasswordResets): runs
 * inside the dynamic-provider host, like `reset-host.ts`. One resource holds many
 * users, so a whole pool costs a few resources of state instead of one per
 * user, and the resets of a batch run concurrently under the run's shared
 * rate limit.
 *
 * A batch records no user that is up to date, only a ledger (`ledger.ts`):
 * up to when every boundary was handled, the key, and the exceptions. A
 * `usernames` batch's users are its inputs; a `select` batch lists its users
 * from the pool at every run (the whole selection, or a whole pool's slice of
 * tonight: `slices.ts`). A batch recorded by 0.1.0, with a record per user,
 * is rewritten as its ledger at its next run, with no call. What Cognito
 * answers decides what happens next (categories in `errors.ts`; the resets
 * themselves are `batch-resets.ts`):
 * - a per-user problem (not found, disabled, wrong status, no verified
 *   contact, the trigger rejected it): with `ineligibleUsers: "skip"` (the
 *   default) the user is recorded as skipped with its reason, a warning line
 *   names it, and the run stays green; the next run tries it once again. With
 *   `"fail"`, the batch fails naming it.
 * - a pool or account problem (pool not found, access denied, credentials, the
 *   SES or SNS role, the trigger's response): the whole run stops; no further
 *   call is made; the batch that met it fails with one message.
 * - the daily email quota: sending to that pool stops at once; the users not
 *   reached stay due; the batch that met it fails with one message.
 * - throttling and transient errors are retried by the client layer; a user
 *   whose retries ran out fails the batch, and the next run retries it.
 * - `maxResetsPerRun`: resets beyond it are deferred to the next run.
 * A batch that fails records what was done (Pulumi's partial state), so a
 * rerun finishes the job and resets nobody twice.
 */
import { HostDeps } from "./cognito-client";
import { environmentProblems } from "./client-config";
import { accessFailures, accessKnown } from "./credentials";
import { redact } from "./errors";
import { BatchResetError, failureReasons } from "./batch-failure";
import { batchesMoved, noteChecked, noteDiffed, PoolRun, remember, sourcesOf, sourcesSeen } from "./pool-run";
import { warn } from "./run-report";
import { BatchResets, resetBatch } from "./batch-resets";
import { declaredCount, reportDue } from "./due-report";
import { BATCH_INPUTS, BatchInputs, BatchOutputs, DEFAULT_BATCHES } from "../core/types";
import { warnOfEmailQuota } from "./quota-warning";
import { normalizeInputs, pick } from "../core/inputs";
import { isUnknown, validateBatch } from "../core/validation";
import { replacements, sameValue } from "../core/diff";
import { nextLedger, SelectionPlan } from "../core/ledger";
import { batchShare, createSelection, listPlan } from "./selection";
import { createSecretValues } from "./secret-values";
import { secretTexts } from "../core/digest";

/** Inputs that never make a change on their own: the batch counts, and a pool's estimated size. */
const NOT_COMPARED = new Set<string>(["batchCount", "declaredBatches", "estimatedUsers"]);

function pickBatchInputs(raw: Record<string, unknown>): BatchInputs {
    return pick(raw, BATCH_INPUTS) as unknown as BatchInputs;
}

/** The batch provider's methods, bound to their dependencies. */
export function createBatchHost(deps: HostDeps) {
    /** The secret values this host's checks replaced by digests (see `secret-values.ts`). */
    const secretValues = createSecretValues();
    /** The listings and plans of `select` batches (see `selection.ts`). */
    const { listing, estimate, selectionPlan } = createSelection(deps);

    /** The inputs a batch is recorded with (digests), and sent with (values, only when a reset is due). */
    const inputsFor = (raw: Record<string, unknown>, due: number) => {
        const recorded = secretValues.toDigests(pickBatchInputs(raw));
        const sent =
            due > 0
                ? secretValues.toValues(recorded, `Could not reset the passwords of user pool '${recorded.userPoolId}'`)
                : recorded;
        return { recorded, sent, secrets: secretTexts(sent) };
    };
    const resets = (inputs: BatchInputs, due: string[]) =>
        resetBatch({ cognito: deps.cognito, run: deps.run.pool(inputs.userPoolId), inputs, now: deps.now }, due);

    /** A batch's plan for this run, and how many users it holds. */
    async function planOf(olds: Partial<BatchOutputs>, news: BatchInputs, now: Date) {
        if (news.select === undefined)
            return { planned: listPlan(deps.run, olds, news, now), size: news.usernames.length };
        const { planned, users } = await selectionPlan(olds, news, now);
        return { planned, size: users.length };
    }

    /** Plans, resets the due users, and records the batch's ledger. */
    async function apply(id: string, raw: Record<string, unknown>, olds: Partial<BatchOutputs>) {
        const clock = deps.now();
        const now = clock.toISOString();
        const news = pickBatchInputs(raw);
        const run = deps.run.pool(news.userPoolId);
        // A batch moved by a change of `batches` plans from its users' old batches' ledgers: wait until each is seen.
        if (batchesMoved(run, olds, news)) await awaitSources(run, olds, news);
        const { planned, size } = await planOf(olds, news, clock);
        const { recorded, sent, secrets } = inputsFor(raw, planned.due.length);
        deps.run.pool(recorded.userPoolId).counts.adopted += planned.adopted;
        const done = await resets(
            sent,
            planned.due.map((u) => u.username),
        );
        const ledger = nextLedger(planned, (u) => done.outcomes.get(u) ?? "deferred", now);
        const outs: BatchOutputs = { ...recorded, ledger };
        return finish(id, raw, outs, done, planned.adopted, now, secrets, size);
    }

    /** The batch's outputs with what its run did; throws a BatchResetError carrying them when it did not finish. */
    function finish(
        id: string,
        raw: Record<string, unknown>,
        outs: BatchOutputs,
        done: BatchResets,
        adopted: number,
        now: string,
        secrets: string[],
        batchSize: number,
    ): BatchOutputs {
        const { failures, stoppedHere, skipped } = done;
        outs.lastRun = { runId: deps.run.id, at: now, ...done.counts, adopted };
        if (Object.keys(skipped).length > 0) outs.skipped = sortKeys(skipped);
        const failed = Object.keys(failures).sort();
        if (failed.length > 0)
            outs.failed = Object.fromEntries(
                failed.map((u) => [u, { code: failures[u].errorCode, reason: failures[u].message, at: now }]),
            );
        if (!stoppedHere && failed.length === 0) return outs;
        const reasons = failureReasons(stoppedHere, done.counts.notReached, failures, batchSize);
        const [headline, ...rest] = reasons;
        throw new BatchResetError(
            redact([headline, ...rest.map((l) => `- ${l}`)].join("\n"), secrets),
            id,
            // Partial state: the provider must stay in it, so that later runs can load it.
            { ...outs, __provider: raw.__provider },
            failures,
            reasons.map((r) => redact(r, secrets)),
        );
    }

    /**
     * A `select` batch's inputs with its share of the selection counted
     * (`selected`, and `excluded` by code). A batch being created reports its
     * plan to the pool's line here (a recorded batch does from its diff). A
     * recorded `{ all: true }` batch lists only slices of the pool (in its
     * diff), so it keeps the counts it was created with.
     */
    async function resolveSelection(olds: Record<string, unknown>, news: Record<string, unknown>) {
        const created = Object.keys(olds ?? {}).length === 0;
        const batch = news as unknown as BatchInputs;
        const run = deps.run.pool(batch.userPoolId);
        const whole = "all" in batch.select!;
        const estimatedUsers = whole && (batch.batchIndex ?? 0) === 0 ? await estimate(batch) : undefined;
        if (whole && (!created || batch.initialReset === "scheduled")) {
            // A whole pool lists only slices, in its diff; its adoption lists nothing. It keeps the counts it has.
            if (created) reportDue(run, { ...batch, estimatedUsers }, [], 0);
            return { ...news, estimatedUsers, excluded: olds?.excluded, selected: olds?.selected };
        }
        const { users, excluded } = batchShare(news, await listing(news));
        const out = { ...news, estimatedUsers, excluded, selected: users.length };
        if (created) {
            const { planned } = await selectionPlan({}, out as unknown as BatchInputs, deps.now());
            const due = planned.due.map((u) => u.username);
            reportDue(run, { ...batch, estimatedUsers }, due, countOf(excluded));
            if (due.length > 0) await warnOfEmailQuota(deps.cognito, run, batch, due.length);
        }
        return out;
    }

    return {
        async check(olds: Record<string, unknown>, given: Record<string, unknown>) {
            const failures = validateBatch(given);
            for (const p of environmentProblems()) failures.push({ property: p.variable, reason: p.reason });
            failures.push(...(await accessFailures(given, failures)));
            // A selection is resolved against the pool at every preview and up, once the pool id is known.
            const selecting =
                given.select !== undefined &&
                failures.length === 0 &&
                accessKnown(given) &&
                ![given.userPoolId, given.select, given.region, given.endpoint].some(isUnknown);
            const news: Record<string, unknown> = selecting ? await resolveSelection(olds, given) : given;
            // A new batch has no diff: its plan is reported, and its due users counted for the quota warning, here.
            const created = Object.keys(olds ?? {}).length === 0;
            if (failures.length === 0 && !isUnknown(news.userPoolId))
                noteChecked(deps.run.pool(String(news.userPoolId)), Number(news.batchIndex ?? 0), !created);
            if (failures.length === 0 && created && Array.isArray(news.usernames) && !isUnknown(news.userPoolId)) {
                const batch = news as unknown as BatchInputs;
                const run = deps.run.pool(batch.userPoolId);
                const { due } = listPlan(deps.run, {}, batch, deps.now());
                reportDue(
                    run,
                    batch,
                    due.map((u) => u.username),
                    0,
                );
                if (due.length > 0) await warnOfEmailQuota(deps.cognito, run, batch, due.length);
            }
            // The engine records and prints checked inputs: digests, never the secret values.
            return { inputs: secretValues.toDigests(normalizeInputs(news)), failures };
        },

        async diff(_id: string, olds: BatchOutputs, news: BatchInputs) {
            const run = deps.run.pool(String(news.userPoolId));
            remember(run, olds);
            noteDiffed(run, news.batchIndex ?? 0);
            const replaces = replacements(olds, news, ["userPoolId", "region"]);
            const recorded = BATCH_INPUTS.some(
                (k) => !NOT_COMPARED.has(k) && !sameValue(olds[k as keyof BatchInputs], news[k as keyof BatchInputs]),
            );
            const { due, adopted } = await dueOf(olds, news);
            if (replaces.length === 0 && due > 0) await warnOfEmailQuota(deps.cognito, run, news, due);
            // A batch recorded by 0.1.0 holds a record per user: its next run rewrites it as a ledger, with no call.
            const upgraded = olds.users !== undefined;
            return {
                changes: replaces.length > 0 || recorded || due > 0 || adopted > 0 || upgraded,
                replaces,
                deleteBeforeReplace: false,
            };
        },

        async create(raw: Record<string, unknown>) {
            const id = `${String(raw.userPoolId)}/batch`;
            return { id, outs: await apply(id, raw, {}) };
        },

        async update(id: string, olds: BatchOutputs, raw: Record<string, unknown>) {
            return { outs: await apply(id, raw, olds) };
        },

        async read(id: string, props: BatchOutputs) {
            // A batch is a record of resets made; there is nothing in Cognito to read it back from.
            return { id, props };
        },

        async delete(): Promise<void> {
            // Resets cannot be undone.
        },
    };

    /** How many users a recorded batch would reset and adopt in this run (a selection's, reported to its line). */
    async function dueOf(olds: BatchOutputs, news: BatchInputs): Promise<{ due: number; adopted: number }> {
        if (news.select === undefined || isUnknown(news.select)) {
            const p: SelectionPlan = listPlan(deps.run, olds, news, deps.now());
            if (Array.isArray(news.usernames))
                reportDue(
                    deps.run.pool(news.userPoolId),
                    news,
                    p.due.map((u) => u.username),
                    0,
                );
            return { due: p.due.length, adopted: p.adopted };
        }
        const { planned: p, excluded } = await selectionPlan(olds, news, deps.now());
        reportDue(
            deps.run.pool(news.userPoolId),
            news as never,
            p.due.map((u) => u.username),
            countOf(excluded),
        );
        return { due: p.due.length, adopted: p.adopted };
    }
}

/**
 * Waits until the old batches that a moved batch's users come from are seen
 * (see `sourcesSeen`). When the engine had no free step to show them, warns,
 * naming them and the way to an exact change: users moved from them count as
 * handled through the pool's latest run.
 */
async function awaitSources(run: PoolRun, olds: Partial<BatchOutputs>, news: BatchInputs): Promise<void> {
    const sources = sourcesOf(run, olds, news);
    if (await sourcesSeen(run, sources, declaredCount(news), news.batchCount ?? DEFAULT_BATCHES)) return;
    const unseen = sources.filter((i) => !run.diffed.has(i) && run.checked.get(i) !== false);
    warn(
        `pool ${news.userPoolId}: batch ${news.batchIndex ?? 0} planned its moved users before batches ` +
            `${unseen.join(", ")} of the old layout were seen (the engine runs at most \`--parallel\` steps at once, ` +
            `4 per CPU by default, and waiting batches held them). Users moved from those batches count as handled ` +
            `through the pool's latest run; one that batch left due waits for its next boundary. For an exact ` +
            `change of batches, run that \`pulumi up\` with \`--parallel\` above the number of batches.`,
    );
}

function countOf(counts: Record<string, number>): number {
    return Object.values(counts).reduce((a, b) => a + b, 0);
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
