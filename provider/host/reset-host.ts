/**
 * The host of a single reset (UserPasswordReset): runs in the provider
 * process (the dynamic-provider host, or the plugin), never in the user's
 * program. `provider-host.ts` binds it to the real Cognito and the wall clock.
 *
 * Lifecycle contract:
 * - check: validates inputs and the environment (no AWS call; also runs at preview).
 * - diff: {@link decideDiff}; no AWS call.
 * - create: one AdminResetUserPassword; with `initialReset: "scheduled"`, no
 *   call: the adoption time is recorded as if it were the last reset.
 * - update: one AdminResetUserPassword when a reset is due (a new rotation
 *   key, or a rotation period that began after the last reset: `resetDue` in
 *   `diff.ts`); otherwise records the new inputs without a call.
 * - read (refresh): one AdminGetUser; a user that no longer exists removes
 *   the resource from the state. Any other failure (the pool not found,
 *   access denied: often the wrong account or region) fails the refresh and
 *   removes nothing.
 * - delete: no call.
 *
 * After a pool or account configuration error (see `errors.ts`), no further
 * call is made in the run (`pool-run.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { HostDeps } from "./cognito-client";
import { environmentProblems } from "./client-config";
import { accessFailures } from "./credentials";
import { asResetError, isAbort } from "./errors";
import { secretTexts } from "../core/digest";
import { stopSignal } from "./pool-run";
import { decideDiff, lastResetKey } from "../core/diff";
import { INPUT_NAMES, ResetInputs, ResetOutputs } from "../core/types";
import { normalizeInputs, pick } from "../core/inputs";
import { validateInputs } from "../core/validation";
import { createSecretValues } from "./secret-values";

type CheckResult = Awaited<ReturnType<NonNullable<pulumi.dynamic.ResourceProvider["check"]>>>;
type DiffResult = pulumi.dynamic.DiffResult;
type CreateResult = pulumi.dynamic.CreateResult<ResetOutputs>;
type ReadResult = pulumi.dynamic.ReadResult<ResetOutputs>;
type UpdateResult = pulumi.dynamic.UpdateResult<ResetOutputs>;

/** The resource's id: pool and user. */
export function resourceId(inputs: Pick<ResetInputs, "userPoolId" | "username">): string {
    return `${inputs.userPoolId}/${inputs.username}`;
}

/** Keeps only the declared inputs of a property bag. */
export function pickInputs(props: Record<string, unknown>): ResetInputs {
    return pick(props, INPUT_NAMES) as unknown as ResetInputs;
}

/** What the host depends on (defined beside the Cognito API it names). */
export type { HostDeps } from "./cognito-client";

/** The provider's methods, bound to their dependencies. */
export function createResetHost(deps: HostDeps) {
    /** The secret values this host's checks replaced by digests (see `secret-values.ts`). */
    const secrets = createSecretValues();
    /** The inputs as recorded: digests in place of secret values. */
    const recorded = (raw: Record<string, unknown>) => secrets.toDigests(pickInputs(raw));
    /** The inputs as sent to Cognito: the secret values. */
    const sent = (inputs: ResetInputs) =>
        secrets.toValues(
            inputs,
            `Could not reset the password of user '${inputs.username}' in user pool '${inputs.userPoolId}'`,
        );

    /** The outputs after a successful reset, the `count`-th of this resource. */
    const afterReset = (inputs: ResetInputs, count: number): ResetOutputs =>
        outputsOf(inputs, {
            lastResetAt: deps.now().toISOString(),
            resetCount: count,
            lastResetRotationKey: inputs.rotationKey ?? "",
            userStatus: "RESET_REQUIRED",
        });

    /** One reset, unless the run already stopped; a pool or account error stops the run. */
    const reset = async (inputs: ResetInputs): Promise<void> => {
        const notSent = () => {
            const stopped = deps.run.stopReason()!;
            return new Error(
                `Did not reset the password of user '${inputs.username}' in user pool '${inputs.userPoolId}': the run ` +
                    `stopped after an earlier answer (${stopped.errorCode}, for user '${stopped.username}' in user pool ` +
                    `'${stopped.userPoolId}'); fix that and run again. [${stopped.errorCode}]`,
            );
        };
        if (deps.run.stopReason()) throw notSent();
        const signal = stopSignal(deps.run.pool(inputs.userPoolId));
        try {
            await deps.cognito.resetPassword(inputs, { abortSignal: signal });
        } catch (err) {
            if (signal.aborted && deps.run.stopReason() && isAbort(err)) throw notSent();
            const failed = asResetError(err, inputs, "reset", secretTexts(inputs));
            if (failed.category === "pool") deps.run.stop(failed);
            throw failed;
        }
    };

    return {
        async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
            const failures = validateInputs(news);
            for (const p of environmentProblems()) failures.push({ property: p.variable, reason: p.reason });
            failures.push(...(await accessFailures(news, failures)));
            // The engine records and prints checked inputs: digests, never the secret values.
            return { inputs: secrets.toDigests(normalizeInputs(news)), failures };
        },

        async diff(_id: string, olds: ResetOutputs, news: ResetInputs): Promise<DiffResult> {
            const d = decideDiff(olds, news);
            return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
        },

        async create(raw: Record<string, unknown>): Promise<CreateResult> {
            const inputs = recorded(raw);
            if (inputs.initialReset === "scheduled") {
                const at = deps.now().toISOString();
                const adopted = { lastResetAt: at, resetCount: 0, userStatus: "UNKNOWN", adoptedAt: at };
                return {
                    id: resourceId(inputs),
                    outs: outputsOf(inputs, { ...adopted, lastResetRotationKey: inputs.rotationKey ?? "" }),
                };
            }
            await reset(sent(inputs));
            return { id: resourceId(inputs), outs: afterReset(inputs, 1) };
        },

        async update(_id: string, olds: ResetOutputs, raw: Record<string, unknown>): Promise<UpdateResult> {
            const inputs = recorded(raw);
            const d = decideDiff(olds, inputs);
            if (!d.reset) {
                // The new inputs, and what the state says of the last reset.
                return { outs: outputsOf(inputs, { ...olds, lastResetRotationKey: lastResetKey(olds) }) };
            }
            await reset(sent(inputs));
            return { outs: afterReset(inputs, (olds.resetCount ?? 0) + 1) };
        },

        async read(id: string, props: ResetOutputs): Promise<ReadResult> {
            const inputs = pickInputs(props as unknown as Record<string, unknown>);
            let status: string | undefined;
            try {
                status = await deps.cognito.getUserStatus(inputs);
            } catch (err) {
                throw refreshError(err, inputs);
            }
            if (status === undefined) {
                // The user is gone (UserNotFoundException, and nothing else): the resource leaves the state.
                return { id: "" };
            }
            return { id, props: { ...props, userStatus: status } };
        },

        async delete(): Promise<void> {
            // A reset cannot be undone: deleting the resource only forgets it.
        },
    };
}

/** What a single reset records of its last reset (or adoption), beside its inputs. */
type ResetRecord = Pick<
    ResetOutputs,
    "lastResetAt" | "resetCount" | "lastResetRotationKey" | "userStatus" | "adoptedAt"
>;

/** A single reset's outputs: its inputs and its record; the one place they are put together. */
function outputsOf(inputs: ResetInputs, record: ResetRecord): ResetOutputs {
    const { lastResetAt, resetCount, lastResetRotationKey, userStatus, adoptedAt } = record;
    return {
        ...inputs,
        lastResetAt,
        resetCount,
        lastResetRotationKey,
        userStatus,
        ...(adoptedAt ? { adoptedAt } : {}),
    };
}

/**
 * A refresh that could not read the user: the error says that the state is
 * untouched, and what a wrong account or region looks like.
 */
function refreshError(err: unknown, inputs: ResetInputs): Error {
    const mapped = asResetError(err, inputs, "read", secretTexts(inputs));
    const tail = `[${mapped.errorCode}]`;
    const body = mapped.message.endsWith(tail) ? mapped.message.slice(0, -tail.length).trimEnd() : mapped.message;
    mapped.message =
        `${body} The refresh changed nothing in the state: only a user that no longer exists leaves it. ` +
        `If these credentials are for another AWS account or region than the pool's, refresh with the right ones. ${tail}`;
    return mapped;
}
