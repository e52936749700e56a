/**
 * The program side of resets for many users of one pool: the
 * `UserPasswordResets` component. It splits its users into a fixed number of
 * batches by a stable hash of the username, each batch a dynamic resource
 * whose provider (`batch-host.ts`) resets its due users concurrently under the
 * run's shared rate limit.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadingProvider } from "./serialized-provider";
import { AssumeRoleArgs, withSecretExternalId } from "./access";
import { BatchView, PoolSummary, summarize } from "../core/summary";
import {
    BATCH_TYPE_NAME,
    DEFAULT_BATCHES,
    DEFAULT_SELECT_BATCHES,
    IneligibleUsers,
    InitialReset,
    LAYOUT_TYPE_NAME,
    TYPE_MODULE,
} from "../core/types";
import { RotationPolicy } from "../core/rotation";
import { checkValues, unknownPoolArgs, usersProblem } from "../core/validation";
import { Selection } from "../core/select";
import { batchOf } from "../core/batches";
import { SECRET_INPUTS } from "../core/digest";
import { batchName, earlierBatchNames } from "../core/batch-names";

/** The serialized provider of a batch (see `serialized-provider.ts`). */
const batchProvider = loadingProvider("batchProvider");
/** The serialized provider of the layout resource. */
const layoutProvider = loadingProvider("layoutProvider");

/** One batch of a UserPasswordResets (internal). */
class UserPasswordResetBatch extends pulumi.dynamic.Resource {
    declare public readonly users: pulumi.Output<BatchView["users"]>;
    declare public readonly usernames: pulumi.Output<string[]>;
    declare public readonly rotationKey: pulumi.Output<string | undefined>;
    declare public readonly rotationPeriods: pulumi.Output<BatchView["rotationPeriods"]>;
    declare public readonly skipped: pulumi.Output<BatchView["skipped"]>;
    declare public readonly failed: pulumi.Output<BatchView["failed"]>;
    declare public readonly lastRun: pulumi.Output<BatchView["lastRun"]>;
    declare public readonly excluded: pulumi.Output<BatchView["excluded"]>;
    declare public readonly selected: pulumi.Output<BatchView["selected"]>;
    declare public readonly ledger: pulumi.Output<BatchView["ledger"]>;
    declare public readonly estimatedUsers: pulumi.Output<BatchView["estimatedUsers"]>;
}

/** The layout of a UserPasswordResets: its number of batches (internal). */
class UserPasswordResetsLayout extends pulumi.dynamic.Resource {}

/** The inputs of {@link UserPasswordResets}. */
export interface UserPasswordResetsArgs {
    /** The user pool's id, as for UserPasswordReset. A change replaces every batch (each user is reset). */
    userPoolId: pulumi.Input<string>;
    /**
     * The users to reset, by name. Known when the program runs (plain
     * strings), so that each user lands in its batch. Adding a user resets it;
     * removing one forgets it without a call. Give exactly one of `usernames`
     * and `select`.
     * @default none: give `select`
     */
    usernames?: string[];
    /**
     * The users by rule, resolved against the pool by the provider at every
     * preview and `up` (a change of membership needs no program change):
     * `{ group: "admins" }` (ListUsersInGroup), `{ filter: 'email ^= "ops-"' }`
     * (a ListUsers filter, checked at preview) or `{ all: true }`. Users that
     * cannot be reset (disabled, not CONFIRMED or RESET_REQUIRED, no verified
     * email or phone) are left out before any call and counted in
     * `summary.excluded`. On create, `initialReset` decides; after that a user
     * seen for the first time (a new member, a new sign-up) is recorded
     * without a call and reset at its next boundary; a user who leaves the
     * selection is forgotten. With `stagger: true`, a user's offset comes from
     * its `sub`. A change of `select` is an update in place.
     * @default none: give `usernames`
     */
    select?: Selection;
    /** As for UserPasswordReset: a new value resets every user. @default none */
    rotationKey?: pulumi.Input<string>;
    /** As for UserPasswordReset; with `stagger: true` each user falls due on its own night. @default none */
    rotation?: RotationPolicy;
    /** As for UserPasswordReset: sent with every reset; only a digest of each value is recorded. @default none */
    clientMetadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** As for UserPasswordReset. @default the pool id's region */
    region?: pulumi.Input<string>;
    /** As for UserPasswordReset. @default the AWS SDK's standard endpoint settings */
    endpoint?: pulumi.Input<string>;
    /** As for UserPasswordReset: the named profile whose credentials reach the pool. @default the default chain */
    profile?: pulumi.Input<string>;
    /** As for UserPasswordReset: a role to reach the pool with; only a digest of `externalId` is recorded. @default none */
    assumeRole?: AssumeRoleArgs;
    /**
     * What the first `pulumi up` does for each user: `"immediate"` resets it;
     * `"scheduled"` makes no call and records the adoption time as if it were
     * the last reset, so that each user is reset at its first (staggered)
     * period boundary after adoption: a policy adopted on an existing pool
     * without a mail storm. Applies to users added later too.
     * @default "immediate"
     */
    initialReset?: InitialReset;
    /**
     * What a user whose own state forbids a reset does to the run (user not
     * found, disabled, FORCE_CHANGE_PASSWORD, UNCONFIRMED or EXTERNAL_PROVIDER,
     * no verified email or phone, the pool's trigger rejected it): `"skip"`
     * records it as skipped with its reason, prints a warning, lists it in
     * `summary`, and the run stays green; the next run tries it once again.
     * `"fail"` fails the run naming it.
     * @default "skip"
     */
    ineligibleUsers?: IneligibleUsers;
    /**
     * At most this many resets in one run, for the whole pool; the users
     * beyond it stay due and are deferred to the next run (counted in
     * `summary`). For a pool on Cognito's default email sender (about 50
     * emails a day per account), keep it at or under that quota.
     * @default no limit
     */
    maxResetsPerRun?: number;
    /**
     * How many batch resources the users are spread over (by a stable hash of
     * the username, so a user stays in its batch as the list grows). More
     * batches: smaller state updates and less work lost if a run is killed;
     * fewer: fewer resources. Changing it moves users between batches; a
     * moved user keeps its schedule and its exceptions (so nobody is reset
     * by the move; a user added to the list in the same run is recorded,
     * not reset: add users in a run of their own). No batch records a user
     * that is up to date, so a `select` pool, whose users are not inputs
     * either, needs fewer.
     * @default 16; 4 with `select`
     */
    batches?: number;
}

/** The name of batch `i` of a component (see `core/batch-names.ts`). */
export { batchName } from "../core/batch-names";

/** The batch (0-based) a user belongs to (see `core/batches.ts`); a frozen rule (README, Compatibility). */
export { batchOf };

/**
 * Resets the passwords of many users of one pool, with one rotation policy:
 * on create, for every user; then for each user whose rotation key changed
 * or whose rotation period began after its last reset. All resets of a run
 * share one request-rate limit (PULUMI_COGNITO_PASSWORD_RESET_RATE, default
 * 30 requests per second, Cognito's default quota for the category).
 *
 * If some users fail, the others are recorded, `pulumi up` fails with a
 * message that lists each failed user and why, and the next run resets only
 * those.
 *
 * @example
 * ```ts
 * new UserPasswordResets("staff", {
 *     userPoolId: pool.id,
 *     usernames: ["alice", "bob", "carol"],
 *     rotation: { every: "90d", stagger: true },
 * });
 * ```
 */
export class UserPasswordResets extends pulumi.ComponentResource {
    /**
     * The run report: counts (users, up to date, due, skipped, failed), what the
     * last run that changed anything did (reset, adopted, skipped, deferred,
     * failed, not reached), and at most 100 named skipped or failed users with
     * their reasons.
     */
    declare public readonly summary: pulumi.Output<PoolSummary>;

    constructor(name: string, args: UserPasswordResetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cognito-password-reset:index:UserPasswordResets", name, {}, opts);
        const problem = argumentsProblem(args);
        if (problem) throw new Error(`UserPasswordResets '${name}': ${problem}`);
        const batches = args.batches ?? (args.select ? DEFAULT_SELECT_BATCHES : DEFAULT_BATCHES);
        // Records how many batches there are; every batch waits for it, so that a batch created by a
        // change of `batches` knows of the change before it applies (and resets no recorded user).
        const layout = new UserPasswordResetsLayout(
            layoutProvider,
            `${name}-layout`,
            { userPoolId: args.userPoolId, batchCount: batches },
            { parent: this },
            TYPE_MODULE,
            LAYOUT_TYPE_NAME,
        );
        // A list declares the batches that hold a user; a selection, every batch (the provider fills each).
        const groups = usersByBatch(args, batches);
        const declared = groups.filter((g) => g?.length !== 0).length;
        const children = groups.flatMap((usernames, i) =>
            usernames?.length === 0
                ? []
                : [
                      new UserPasswordResetBatch(
                          batchProvider,
                          batchName(name, i),
                          batchProps(args, usernames, i, batches, declared),
                          {
                              parent: this,
                              dependsOn: [layout],
                              additionalSecretOutputs: [...SECRET_INPUTS],
                              aliases: earlierBatchNames(name, i).map((n) => ({ name: n })),
                          },
                          TYPE_MODULE,
                          BATCH_TYPE_NAME,
                      ),
                  ],
        );
        const summary = pulumi.all(children.map(viewOf)).apply(summarize);
        (this as { summary: unknown }).summary = summary;
        this.registerOutputs({ summary });
    }
}

/** Each batch's users of a list, sorted (empty when it holds none); undefined for each batch of a selection. */
function usersByBatch(args: UserPasswordResetsArgs, batches: number): (string[] | undefined)[] {
    const groups: (string[] | undefined)[] = Array.from({ length: batches }, () => (args.select ? undefined : []));
    for (const u of [...new Set(args.usernames ?? [])].sort()) groups[batchOf(u, batches)]!.push(u);
    return groups;
}

/** The inputs of batch `i` of `declared`: the pool's, and its users (none in a selection). */
function batchProps(
    args: UserPasswordResetsArgs,
    usernames: string[] | undefined,
    i: number,
    batches: number,
    declared: number,
): pulumi.Inputs {
    return {
        userPoolId: args.userPoolId,
        usernames,
        select: args.select,
        batchIndex: i,
        declaredBatches: args.select ? undefined : declared,
        excluded: undefined,
        selected: undefined,
        estimatedUsers: undefined,
        rotationKey: args.rotationKey,
        rotation: args.rotation,
        clientMetadata: args.clientMetadata === undefined ? undefined : pulumi.secret(args.clientMetadata),
        region: args.region,
        endpoint: args.endpoint,
        profile: args.profile,
        assumeRole: withSecretExternalId(args.assumeRole),
        initialReset: args.initialReset,
        ineligibleUsers: args.ineligibleUsers,
        maxResetsPerRun: args.maxResetsPerRun,
        batchCount: batches,
        ledger: undefined,
        // What 0.1.0 recorded, read by the summary until the next run rewrites it.
        users: undefined,
        rotationPeriods: undefined,
        skipped: undefined,
        failed: undefined,
        lastRun: undefined,
    };
}

/** What the pool's summary reads of one batch's outputs. */
function viewOf(c: UserPasswordResetBatch): pulumi.Output<BatchView> {
    return pulumi.output({
        usernames: c.usernames,
        users: c.users,
        rotationKey: c.rotationKey,
        rotationPeriods: c.rotationPeriods,
        skipped: c.skipped,
        failed: c.failed,
        lastRun: c.lastRun,
        excluded: c.excluded,
        selected: c.selected,
        ledger: c.ledger,
        estimatedUsers: c.estimatedUsers,
    });
}

/**
 * What is wrong with a `UserPasswordResets`' arguments, checked before any
 * resource is declared (unknown names, users named both ways or neither, the
 * schema's rules, a list that is not of plain strings); undefined when nothing.
 */
function argumentsProblem(args: UserPasswordResetsArgs): string | undefined {
    if (!args || typeof args !== "object") return "args are required (userPoolId and usernames)";
    const { batches, initialReset, ineligibleUsers, maxResetsPerRun, rotation, select } = args;
    const problems = [
        ...unknownPoolArgs(args as unknown as Record<string, unknown>),
        ...[usersProblem(args)].filter((p) => p !== undefined),
        ...checkValues({ batches, initialReset, ineligibleUsers, maxResetsPerRun, rotation, select }),
    ];
    if (problems.length > 0) return problems.map((f) => f.reason).join("; ");
    if (select === undefined && !Array.isArray(args.usernames))
        return `usernames must be a list of strings, got ${args.usernames === null ? "null" : typeof args.usernames}`;
    const notStrings = (args.usernames ?? []).filter((u) => typeof u !== "string");
    if (notStrings.length > 0) {
        return (
            `usernames must be a list of strings (known when the program runs, not Outputs); ` +
            `got ${notStrings.length} other value(s), the first: ${describeValue(notStrings[0])}`
        );
    }
    return undefined;
}

function describeValue(v: unknown): string {
    if (pulumi.Output.isInstance(v)) return "an Output (list plain strings)";
    return v === null ? "null" : `${typeof v} ${JSON.stringify(v) ?? String(v)}`;
}
