/**
 * The provider of one batch of users (a slice of a UserPasswordResets): runs
 * inside the dynamic-provider host, like `host.ts`. One resource holds many
 * users, so a whole pool costs a few resources of state instead of one per
 * user, and the resets of a batch run concurrently under the run's shared
 * rate limit.
 *
 * Per user, a reset is due when the user was never reset by this batch, when
 * `rotationKey` differs from the key of the user's last reset, or when the
 * user's rotation period began after its last reset. A batch whose resets
 * partly fail records the users that were reset (Pulumi's partial state) and
 * fails with a message that lists the others and why; the next run resets
 * only those.
 */
import { CognitoApi } from "./cognito-client";
import { CognitoResetError } from "./errors";
import type { HostDeps } from "./host";
import { parsePeriodLabel } from "./rotation";
import { ResetInputs } from "./types";
import { CheckFailure, normalizeInputs, pick, UNKNOWN, usernameProblem, validateInputs } from "./validation";
import { replacements, resetDue, sameValue } from "./diff";

/** The inputs of one batch, as the provider receives them. */
export interface BatchInputs extends Omit<ResetInputs, "username" | "rotationPeriod"> {
    /** The batch's users, sorted. */
    usernames: string[];
    /** Each user's current rotation period (`start..end`), when `rotation` is set. */
    rotationPeriods?: Record<string, string>;
}

/** What is recorded for one user. */
export interface UserRecord {
    /** ISO-8601 UTC time of the user's last successful reset. */
    lastResetAt: string;
    resetCount: number;
    /** The rotation key at that reset ("" when none). */
    rotationKey: string;
}

export interface BatchOutputs extends BatchInputs {
    users: Record<string, UserRecord>;
}

const BATCH_INPUTS = [
    "userPoolId",
    "usernames",
    "rotationKey",
    "rotation",
    "rotationPeriods",
    "clientMetadata",
    "region",
    "endpoint",
];
/** Resets in flight at once per batch; the shared rate limit decides the actual pace. */
const CONCURRENCY = 16;

/** Validates a batch's inputs with the same rules as a single reset's. */
export function validateBatch(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const key of Object.keys(news)) {
        if (!BATCH_INPUTS.includes(key) && key !== "__provider") {
            failures.push({ property: key, reason: `'${key}' is not an input of a UserPasswordResets batch` });
        }
    }
    const { usernames, rotationPeriods, ...rest } = news;
    if (usernames === UNKNOWN) return failures;
    if (!Array.isArray(usernames) || usernames.length === 0) {
        failures.push({ property: "usernames", reason: "usernames must be a non-empty list of user names" });
        return failures;
    }
    const seen = new Set<string>();
    for (const u of usernames) {
        if (typeof u === "string" && seen.has(u))
            failures.push({ property: "usernames", reason: `'${u}' is listed twice` });
        seen.add(String(u));
    }
    // The single-reset rules, for the shared inputs (unknown names are reported above) and for each user name.
    const sharedInputs = pick(rest, BATCH_INPUTS);
    const shared = validateInputs({ ...sharedInputs, username: "placeholder" });
    failures.push(...shared.filter((f) => f.property !== "username"));
    for (const u of usernames) {
        const problem = usernameProblem(u);
        if (problem) failures.push({ property: "usernames", reason: `${problem} (got '${String(u)}')` });
    }
    if (rotationPeriods !== undefined && rotationPeriods !== UNKNOWN) {
        for (const [u, label] of Object.entries(rotationPeriods as Record<string, unknown>)) {
            if (label !== UNKNOWN && !parsePeriodLabel(label)) {
                failures.push({ property: "rotationPeriods", reason: `the period of '${u}' is not 'start..end'` });
            }
        }
    }
    return failures;
}

/** Whether `user` is due for a reset: never reset by this batch, or due by {@link resetDue}. */
export function userDue(user: string, record: UserRecord | undefined, news: Partial<BatchInputs>): boolean {
    if (!record) return true;
    const rotationPeriod = news.rotationPeriods === (UNKNOWN as unknown) ? UNKNOWN : news.rotationPeriods?.[user];
    return resetDue(
        { at: record.lastResetAt, rotationKey: record.rotationKey },
        { rotationKey: news.rotationKey, rotationPeriod },
    );
}

/** The users of `news` that are due, given the recorded outputs `olds`. */
export function dueUsers(olds: Partial<BatchOutputs>, news: Partial<BatchInputs>): string[] {
    if (!Array.isArray(news.usernames)) return [];
    return news.usernames.filter((u) => userDue(u, olds.users?.[u], news));
}

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
 * The error a batch throws when some of its resets failed: Pulumi records
 * `properties` as the batch's state and shows each of `reasons`.
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

/** The batch provider's methods, bound to their dependencies. */
export function createBatchHost(deps: HostDeps) {
    /** Resets the due users of `inputs`; returns the new outputs, or throws a BatchResetError carrying them. */
    async function apply(id: string, raw: Record<string, unknown>, olds: Partial<BatchOutputs>): Promise<BatchOutputs> {
        const inputs = pickBatchInputs(raw);
        const users: Record<string, UserRecord> = {};
        for (const u of inputs.usernames) if (olds.users?.[u]) users[u] = olds.users[u];
        const failures: Record<string, CognitoResetError> = {};
        await forEachConcurrently(dueUsers(olds, inputs), CONCURRENCY, async (username) => {
            try {
                await resetOne(deps.cognito, inputs, username);
                users[username] = {
                    lastResetAt: deps.now().toISOString(),
                    resetCount: (users[username]?.resetCount ?? 0) + 1,
                    rotationKey: inputs.rotationKey ?? "",
                };
            } catch (err) {
                failures[username] = err as CognitoResetError;
            }
        });
        const outs: BatchOutputs = { ...inputs, users: sortKeys(users) };
        const failed = Object.keys(failures).sort();
        if (failed.length > 0) {
            const headline =
                `${failed.length} of ${inputs.usernames.length} users of this batch could not be reset; the others are ` +
                "recorded, and the next run retries only these:";
            const lines = failed.map((u) => `${u}: ${failures[u].message}`);
            throw new BatchResetError(
                [headline, ...lines.map((l) => `- ${l}`)].join("\n"),
                id,
                // Partial state: the provider must stay in it, so that later runs can load it.
                { ...outs, __provider: raw.__provider },
                failures,
                [headline, ...lines],
            );
        }
        return outs;
    }

    return {
        async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
            return { inputs: normalizeInputs(news), failures: validateBatch(news) };
        },

        async diff(_id: string, olds: BatchOutputs, news: BatchInputs) {
            const replaces = replacements(olds, news, ["userPoolId", "region"]);
            const recorded = BATCH_INPUTS.some(
                (k) => !sameValue(olds[k as keyof BatchInputs], news[k as keyof BatchInputs]),
            );
            const due = dueUsers(olds, news).length > 0;
            return { changes: replaces.length > 0 || recorded || due, replaces, deleteBeforeReplace: false };
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

async function resetOne(cognito: CognitoApi, inputs: BatchInputs, username: string): Promise<void> {
    const { usernames: _u, rotationPeriods: _p, ...shared } = inputs;
    await cognito.resetPassword({ ...shared, username });
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
