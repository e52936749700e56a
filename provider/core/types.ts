/**
 * Plain data shapes shared by the program side (`resource.ts`) and the
 * provider hosts (`host/`). No Pulumi or AWS types here, so the pure logic can
 * be tested on its own.
 */

import { providerInputs } from "./inputs";
import type { RotationPolicy } from "./rotation";
import type { AssumeRole } from "./access";
import type { Selection } from "./select";

/** The module of this package's dynamic resource types. */
export const TYPE_MODULE = "cognito";
/** UserPasswordReset's type name. */
export const TYPE_NAME = "UserPasswordReset";
/**
 * UserPasswordReset's type token, as previews, the state and policies see it
 * (Pulumi's dynamic resources are typed `pulumi-nodejs:dynamic/<module>:<name>`).
 */
export const RESOURCE_TYPE = `pulumi-nodejs:dynamic/${TYPE_MODULE}:${TYPE_NAME}`;
/** The type name of one batch of a UserPasswordResets (its users, spread by a hash of the username). */
export const BATCH_TYPE_NAME = "UserPasswordResetBatch";
/** A batch's type token, as previews, the state and policies see it. */
export const BATCH_RESOURCE_TYPE = `pulumi-nodejs:dynamic/${TYPE_MODULE}:${BATCH_TYPE_NAME}`;
/** The type name of UserPasswordResets' layout resource (its number of batches). */
export const LAYOUT_TYPE_NAME = "UserPasswordResetsLayout";

/** The provider plugin's package name: its executable is `pulumi-resource-<name>`, its tokens `<name>:index:<Type>`. */
export const PLUGIN_PACKAGE = "cognito-password-reset";
/** The single reset's type token in the provider plugin. */
export const PLUGIN_RESET_TYPE = `${PLUGIN_PACKAGE}:index:UserPasswordReset`;
/** The whole pool's type token in the provider plugin: one resource for all the pool's users. */
export const PLUGIN_POOL_TYPE = `${PLUGIN_PACKAGE}:index:UserPasswordResets`;

/** The inputs as the provider receives them: every value resolved. */
export interface ResetInputs {
    userPoolId: string;
    username: string;
    rotationKey?: string;
    rotation?: RotationPolicy;
    /** The current period of `rotation` (`start..end`), computed by the program when it runs. */
    rotationPeriod?: string;
    clientMetadata?: Record<string, string>;
    region?: string;
    endpoint?: string;
    /** A named profile of the shared config files whose credentials reach the pool. */
    profile?: string;
    /** A role to reach the pool with (STS AssumeRole over the credentials of `profile` or the default chain). */
    assumeRole?: AssumeRole;
    /** What create does: reset at once (`"immediate"`, the default) or only record the adoption (`"scheduled"`). */
    initialReset?: InitialReset;
}

/**
 * What the first `pulumi up` of a resource does: `"immediate"` resets at once;
 * `"scheduled"` makes no call and records the adoption time as if it were the
 * last reset, so that each user is reset at its first period boundary after it.
 */
export type InitialReset = "immediate" | "scheduled";

/** What a pool run does with a user whose own state forbids a reset: record and go on, or fail the run. */
export type IneligibleUsers = "skip" | "fail";

/** What is recorded for one user of a batch. */
export interface UserRecord {
    /** ISO-8601 UTC time of the user's last successful reset, or of its adoption when `resetCount` is 0. */
    lastResetAt: string;
    /** Successful resets of this user by this resource. */
    resetCount: number;
    /** The rotation key at that reset ("" when none). */
    rotationKey: string;
    /** Set when the user was recorded without a reset (`initialReset: "scheduled"`, or a move between batches). */
    adoptedAt?: string;
}

/** What one run did for a pool or a batch, in counts of users. */
export interface RunCounts {
    /** Reset in this run. */
    reset: number;
    /** Recorded without a reset (scheduled adoption, or a move between batches). */
    adopted: number;
    /** Skipped for a problem of their own; still due. */
    skipped: number;
    /** Beyond `maxResetsPerRun`; still due. */
    deferred: number;
    /** Failed after the retries; still due. */
    failed: number;
    /** Not tried because sending stopped (a pool or account error, or the email quota); still due. */
    notReached: number;
}

/** What the provider records in the state: the inputs and what happened. */
export interface ResetOutputs extends ResetInputs {
    /** ISO-8601 UTC time of the last successful AdminResetUserPassword call. */
    lastResetAt: string;
    /** Number of successful resets this resource has made. */
    resetCount: number;
    /** The rotation key in force at the last successful reset ("" when none was set). */
    lastResetRotationKey: string;
    /** The user's status in Cognito as last seen (after a reset, or at refresh); "UNKNOWN" after a scheduled adoption. */
    userStatus: string;
    /** Set when the resource was adopted without a reset (`initialReset: "scheduled"`). */
    adoptedAt?: string;
}

/** The names of a single reset's inputs, in the order the docs list them (from the input schema). */
export const INPUT_NAMES = providerInputs("reset") as readonly (keyof ResetInputs)[];

/** The inputs of one batch, as the provider receives them. */
export interface BatchInputs extends Omit<ResetInputs, "username" | "rotationPeriod"> {
    /** The batch's users, sorted. */
    usernames: string[];
    initialReset?: InitialReset;
    /** What a per-user problem does: "skip" (default) or "fail". */
    ineligibleUsers?: IneligibleUsers;
    /** At most this many resets per run for the whole pool; the rest are deferred. */
    maxResetsPerRun?: number;
    /** How many batches the component has (to recognise users moved between batches). */
    batchCount?: number;
    /** The users by rule; the provider's check resolves it into `usernames` (this batch's share). */
    select?: Selection;
    /** Which batch of the pool this is (0-based). */
    batchIndex?: number;
    /** With `usernames`: how many batches hold a user (the others are not declared). */
    declaredBatches?: number;
    /** With `select`: the batch's selected users left out, by error code (computed by the provider's check). */
    excluded?: Record<string, number>;
    /** With `select`: how many of the batch's selected users can be reset (computed by the provider's check). */
    selected?: number;
    /** With `select: { all: true }`, on batch 0: the pool's EstimatedNumberOfUsers (computed by the provider's check). */
    estimatedUsers?: number;
}

/* The ledger of a batch; its rules are in `ledger.ts`. */

/** A rotation key's resets (or a create's, with `initialReset: "immediate"`) still in progress over several runs. */
export interface Sweep {
    /** The key being applied ("" for a create's first resets with no key). */
    rotationKey: string;
    /** The sweep's first run (ISO-8601): users created after it are not part of it. */
    since: string;
    /** Every user whose sub sorts at or before this one was handled by the sweep ("" before the first). */
    through: string;
    /** Users of the sweep not handled yet, as counted by the last run. */
    remaining?: number;
    /**
     * Places after `through` (subs, or a list's usernames) of users the sweep
     * must pass by: reset for its key ahead of it (a retry, a newcomer to a
     * list), or adopted into a list after it began. Sorted.
     */
    exempt?: string[];
}

/** The state of a `select` batch, beyond its inputs. */
export interface Ledger {
    /** Every boundary at or before this instant (ISO-8601) was handled for every user, but `deferred` ones. */
    handledThrough: string;
    /** The rotation key every user was reset for, or adopted under ("" when none). */
    rotationKey: string;
    sweep?: Sweep;
    /** Users due and not handled (beyond `maxResetsPerRun`, or not reached), sorted; the next run tries them first. */
    deferred?: string[];
}

/**
 * A user whose last attempt did not reset it: skipped for a reason of its own
 * (`skipped`) or failed after the retries (`failed`). The package schema calls
 * it `SkipRecord`, a name its SDKs already publish.
 */
export interface AttemptRecord {
    /** The stable error code, e.g. USER_DISABLED. */
    code: string;
    /** The message, naming the user, the pool and what to do. */
    reason: string;
    /** ISO-8601 UTC time of the attempt. */
    at: string;
}

/** What the last run that changed this batch did. */
export interface BatchRun extends RunCounts {
    /** The run (provider process) that wrote it. */
    runId: string;
    /** ISO-8601 UTC time of the run. */
    at: string;
}

export interface BatchOutputs extends BatchInputs {
    /** What the batch records instead of a record per user. */
    ledger?: Ledger;
    /** A record per user, as release 0.1.0 kept it (rewritten as a `ledger` at the next run). */
    users?: Record<string, UserRecord>;
    /** Each user's period as 0.1.0's program computed it (read only to upgrade such a state). */
    rotationPeriods?: Record<string, string>;
    /** Users skipped at their last attempt, with the reason; they stay due. */
    skipped?: Record<string, AttemptRecord>;
    /** Users whose reset failed at the last attempt (partial state of a failed run). */
    failed?: Record<string, AttemptRecord>;
    lastRun?: BatchRun;
}

/** The names of a batch's inputs (from the input schema). */
export const BATCH_INPUTS = providerInputs("batch") as readonly (keyof BatchInputs)[];

/** The default number of batches of a UserPasswordResets. */
export const DEFAULT_BATCHES = 16;
/**
 * The default number of batches of a `select` pool: its state holds no user,
 * so fewer batches keep it small (each costs about 7.5 KB of Pulumi's own
 * records), while 4 batches of 16 resets in flight still match the raw loop.
 */
export const DEFAULT_SELECT_BATCHES = 4;
