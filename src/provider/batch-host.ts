/**
 * The provider of one batch of users (a slice of a UserPasswordResets): runs
 * inside the dynamic-provider host, like `host.ts`. One resource holds many
 * users, so a whole pool costs a few resources of state instead of one per
 * user, and the resets of a batch run concurrently under the run's shared
 * rate limit.
 *
 * Per user, the rules of a single reset decide (`planUsers` in `diff.ts`). What
 * Cognito answers decides what happens next (categories in `errors.ts`):
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
import { CognitoApi, environmentProblems, HostDeps } from "./cognito-client";
import { CognitoResetError, isAbort, mapCognitoError, redact } from "./errors";
import {
    batchesMoved,
    blocked,
    poolRun,
    refundBudget,
    remember,
    RUN_ID,
    stopPool,
    stopRun,
    stopSignal,
    takeBudget,
} from "./pool-run";
import { batchFinished, batchStarted, warn } from "./run-report";
import { BATCH_INPUTS, BatchInputs, BatchOutputs, INPUT_NAMES, ResetInputs, SkipRecord } from "../core/types";
import { warnOfEmailQuota } from "./quota-warning";
import { normalizeInputs, pick } from "../core/inputs";
import { isUnknown, validateBatch } from "../core/validation";
import { planUsers, replacements, sameValue, UsersPlan } from "../core/diff";
import { batchOf } from "../core/batches";
import { currentPeriodLabel, validatePolicy } from "../core/rotation";
import { exclusionOf, ListedUser, Selection, subFraction } from "../core/select";
import { createSecretValues } from "./secret-values";
import { secretTexts } from "../core/digest";

/** Inputs that never make a change on their own. */
const NOT_COMPARED = new Set<string>(["batchCount"]);
/** Resets in flight at once per batch; the shared rate limit decides the actual pace. */
const CONCURRENCY = 16;

function pickBatchInputs(raw: Record<string, unknown>): BatchInputs {
    return pick(raw, BATCH_INPUTS) as unknown as BatchInputs;
}

/** Runs `fn` over `items`, at most `limit` at once. */
async function forEachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) await fn(items[next++]);
    });
    await Promise.all(workers);
}

/**
 * The error a batch throws when some of its resets failed or the run stopped:
 * Pulumi records `properties` as the batch's state and shows each of `reasons`.
 */
export class BatchResetError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly failures: Record<string, CognitoResetError>,
        readonly reasons: string[],
    ) {
        super(message);
        this.name = "BatchResetError";
    }
}

/**
 * The batch's plan for this run, with what the run knows of the pool's other
 * batches. In a `select` pool, a user first seen after the batch was created
 * (a new member, a new sign-up) is recorded without a reset, and reset at its
 * next boundary, never on its first night; unless the rotation key changes in
 * that same run, which resets it with everyone else.
 */
function plan(olds: Partial<BatchOutputs>, news: BatchInputs, now: string): UsersPlan {
    const run = poolRun(news.userPoolId);
    const ranBefore = news.select !== undefined && olds.users !== undefined;
    return planUsers(olds, news, {
        now,
        carried: (u) => run.records.get(u),
        moved: batchesMoved(run, olds, news),
        newcomers: ranBefore ? { keyBefore: olds.rotationKey ?? "" } : undefined,
    });
}

/** The key of a listing: one per pool, endpoint and selection in a process. */
function listingKey(news: Record<string, unknown>): string {
    return JSON.stringify([news.userPoolId, news.region ?? "", news.endpoint ?? "", news.select]);
}

/**
 * A `select` batch's inputs with the selection resolved: its share of the
 * selected users that can be reset (`usernames`), each one's current period
 * with a stagger keyed on its sub (`rotationPeriods`), and the users left out,
 * by code (`excluded`). Other inputs, and a pool id not known yet, are left as
 * they are.
 */
function resolveSelection(
    news: Record<string, unknown>,
    listedUsers: ListedUser[],
    now: Date,
): Record<string, unknown> {
    const count = typeof news.batchCount === "number" ? news.batchCount : 1;
    const index = typeof news.batchIndex === "number" ? news.batchIndex : 0;
    const excluded: Record<string, number> = {};
    const eligible: ListedUser[] = [];
    for (const u of listedUsers) {
        if (batchOf(u.username, count) !== index) continue;
        const why = exclusionOf(u);
        if (why) excluded[why] = (excluded[why] ?? 0) + 1;
        else eligible.push(u);
    }
    eligible.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    const out: Record<string, unknown> = { ...news, usernames: eligible.map((u) => u.username), excluded };
    if (news.rotation !== undefined && validatePolicy(news.rotation).length === 0) {
        out.rotationPeriods = Object.fromEntries(
            eligible.map((u) => [u.username, currentPeriodLabel(news.rotation, now, { fraction: subFraction(u.sub) })]),
        );
    }
    return out;
}

/**
 * What a batch that did not finish says, one reason a line: the answer that
 * stopped sending (with how many users it left due), then each failed user.
 */
function failureReasons(
    stoppedHere: CognitoResetError | undefined,
    notReached: number,
    failures: Record<string, CognitoResetError>,
    batchSize: number,
): string[] {
    const reasons: string[] = [];
    if (stoppedHere) {
        const scope = stoppedHere.category === "quota" ? "Sending to this pool stopped" : "The run stopped";
        reasons.push(
            `${scope} after this answer; no further request was sent, and the users not reached stay due ` +
                `(${notReached} in this batch): ${stoppedHere.message}`,
        );
    }
    const failed = Object.keys(failures).sort();
    if (failed.length > 0) {
        reasons.push(
            `${failed.length} of ${batchSize} users of this batch could not be reset; the others are ` +
                "recorded, and the next run retries only these:",
            ...failed.map((u) => `${u}: ${failures[u].message}`),
        );
    }
    return reasons;
}

/** The batch provider's methods, bound to their dependencies. */
export function createBatchHost(deps: HostDeps) {
    /** The secret values this host's checks replaced by digests (see `secret-values.ts`). */
    const secretValues = createSecretValues();
    /** Each selection's users, listed once per process (every batch of a pool shares the listing). */
    const listings = new Map<string, Promise<ListedUser[]>>();
    const listing = (news: Record<string, unknown>): Promise<ListedUser[]> => {
        const key = listingKey(news);
        let users = listings.get(key);
        if (!users) {
            if (!deps.cognito.listUsers) throw new Error("this Cognito client cannot list users");
            users = deps.cognito.listUsers(news as unknown as BatchInputs, news.select as Selection);
            // A failed listing is not kept: the next check lists again.
            users.catch(() => listings.delete(key));
            listings.set(key, users);
        }
        return users;
    };

    /** Applies the plan of `inputs`; returns the new outputs, or throws a BatchResetError carrying them. */
    async function apply(id: string, raw: Record<string, unknown>, olds: Partial<BatchOutputs>): Promise<BatchOutputs> {
        // Recorded with digests in place of secret values; sent with the values.
        const recorded = secretValues.toDigests(pickBatchInputs(raw));
        const run = poolRun(recorded.userPoolId);
        const now = deps.now().toISOString();
        const { records, adopted, due } = plan(olds, recorded, now);
        const inputs =
            due.length > 0
                ? secretValues.toValues(recorded, `Could not reset the passwords of user pool '${recorded.userPoolId}'`)
                : recorded;
        const secrets = secretTexts(inputs);
        const users = { ...records };
        const skipped: Record<string, SkipRecord> = {};
        for (const [u, s] of Object.entries(olds.skipped ?? {})) if (inputs.usernames.includes(u)) skipped[u] = s;
        const failures: Record<string, CognitoResetError> = {};
        const counts = { reset: 0, adopted: adopted.length, skipped: 0, deferred: 0, failed: 0, notReached: 0 };
        run.counts.adopted += adopted.length;
        let stoppedHere: CognitoResetError | undefined;

        const signal = stopSignal(run);
        batchStarted(run);
        try {
            await forEachConcurrently(due, CONCURRENCY, async (username) => {
                if (blocked(run)) {
                    counts.notReached++;
                    run.counts.notReached++;
                    return;
                }
                if (!takeBudget(run, inputs.maxResetsPerRun)) {
                    counts.deferred++;
                    run.counts.deferred++;
                    return;
                }
                try {
                    await resetOne(deps.cognito, inputs, username, signal);
                    users[username] = {
                        lastResetAt: deps.now().toISOString(),
                        resetCount: (users[username]?.resetCount ?? 0) + 1,
                        rotationKey: inputs.rotationKey ?? "",
                    };
                    delete skipped[username];
                    counts.reset++;
                    run.counts.reset++;
                } catch (raw) {
                    refundBudget(run, inputs.maxResetsPerRun);
                    if (signal.aborted && isAbort(raw)) {
                        // Waiting for the rate limit when sending stopped: never sent, still due.
                        counts.notReached++;
                        run.counts.notReached++;
                        return;
                    }
                    const err = mapCognitoError(
                        raw,
                        { userPoolId: inputs.userPoolId, username },
                        "reset",
                        undefined,
                        secrets,
                    );
                    if (err.category === "user" && (inputs.ineligibleUsers ?? "skip") === "skip") {
                        skipped[username] = { code: err.errorCode, reason: err.message, at: now };
                        counts.skipped++;
                        run.counts.skipped++;
                        warn(`skipped: ${err.message}`);
                    } else if (err.category === "pool") {
                        counts.notReached++;
                        run.counts.notReached++;
                        if (stopRun(err)) stoppedHere = err;
                    } else if (err.category === "quota") {
                        counts.notReached++;
                        run.counts.notReached++;
                        if (stopPool(run, err)) stoppedHere = err;
                    } else {
                        failures[username] = err;
                        counts.failed++;
                        run.counts.failed++;
                    }
                }
            });
        } finally {
            batchFinished(run);
        }

        const failed = Object.keys(failures).sort();
        const outs: BatchOutputs = {
            ...recorded,
            users: sortKeys(users),
            lastRun: { runId: RUN_ID, at: now, ...counts },
        };
        if (Object.keys(skipped).length > 0) outs.skipped = sortKeys(skipped);
        if (failed.length > 0)
            outs.failed = Object.fromEntries(
                failed.map((u) => [u, { code: failures[u].errorCode, reason: failures[u].message, at: now }]),
            );
        if (!stoppedHere && failed.length === 0) return outs;

        const reasons = failureReasons(stoppedHere, counts.notReached, failures, inputs.usernames.length);
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

    return {
        async check(olds: Record<string, unknown>, given: Record<string, unknown>) {
            const failures = validateBatch(given);
            for (const p of environmentProblems()) failures.push({ property: p.variable, reason: p.reason });
            // A selection is resolved against the pool at every preview and up, once the pool id is known.
            const selecting =
                given.select !== undefined &&
                failures.length === 0 &&
                ![given.userPoolId, given.select, given.region, given.endpoint].some(isUnknown);
            const news = selecting ? resolveSelection(given, await listing(given), deps.now()) : given;
            // A new batch has no diff: every user of it is due (unless adopted), which the quota warning counts here.
            const created = Object.keys(olds ?? {}).length === 0;
            if (
                failures.length === 0 &&
                created &&
                news.initialReset !== "scheduled" &&
                Array.isArray(news.usernames)
            ) {
                const batch = news as unknown as BatchInputs;
                await warnOfEmailQuota(deps.cognito, poolRun(batch.userPoolId), batch, batch.usernames.length);
            }
            // The engine records and prints checked inputs: digests, never the secret values.
            return { inputs: secretValues.toDigests(normalizeInputs(news)), failures };
        },

        async diff(_id: string, olds: BatchOutputs, news: BatchInputs) {
            const run = poolRun(String(news.userPoolId));
            remember(run, olds);
            const replaces = replacements(olds, news, ["userPoolId", "region"]);
            const recorded = BATCH_INPUTS.some(
                (k) => !NOT_COMPARED.has(k) && !sameValue(olds[k as keyof BatchInputs], news[k as keyof BatchInputs]),
            );
            const { due, adopted } = plan(olds, news, deps.now().toISOString());
            if (replaces.length === 0 && due.length > 0) await warnOfEmailQuota(deps.cognito, run, news, due.length);
            return {
                changes: replaces.length > 0 || recorded || due.length > 0 || adopted.length > 0,
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

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
