/**
 * The program side of resets for many users of one pool: the
 * `UserPasswordResets` component. It splits its users into a fixed number of
 * batches by a stable hash of the username, each batch a dynamic resource
 * whose provider (`batch-host.ts`) resets its due users concurrently under the
 * run's shared rate limit.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { UserRecord } from "./batch-host";
import { systemClock } from "./clock";
import { loadingProvider } from "./serialized-provider";
import { TYPE_MODULE } from "./types";
import { RotationPolicy, rotationPeriod, validatePolicy } from "./rotation";

/** The serialized provider of a batch (see `serialized-provider.ts`). */
const batchProvider = loadingProvider("batchProvider");

type UserRecords = Record<string, UserRecord>;

/** One batch of a UserPasswordResets (internal). */
class UserPasswordResetBatch extends pulumi.dynamic.Resource {
    declare public readonly users: pulumi.Output<UserRecords>;
}

/** The inputs of {@link UserPasswordResets}. */
export interface UserPasswordResetsArgs {
    /** The user pool's id, as for UserPasswordReset. A change replaces every batch (each user is reset). */
    userPoolId: pulumi.Input<string>;
    /**
     * The users to reset, by name. Known when the program runs (plain
     * strings), so that each user lands in its batch. Adding a user resets it;
     * removing one forgets it without a call.
     */
    usernames: string[];
    /** As for UserPasswordReset: a new value resets every user. @default none */
    rotationKey?: pulumi.Input<string>;
    /** As for UserPasswordReset; with `stagger: true` each user falls due on its own night. @default none */
    rotation?: RotationPolicy;
    /** As for UserPasswordReset: sent with every reset, stored as a secret. @default none */
    clientMetadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** As for UserPasswordReset. @default the pool id's region */
    region?: pulumi.Input<string>;
    /** As for UserPasswordReset. @default the AWS SDK's standard endpoint settings */
    endpoint?: pulumi.Input<string>;
    /**
     * How many batch resources the users are spread over (by a stable hash of
     * the username, so a user stays in its batch as the list grows). More
     * batches: smaller state updates and less work lost if a run is killed;
     * fewer: fewer resources. Changing it moves users between batches, and a
     * user new to a batch is reset.
     * @default 16
     */
    batches?: number;
    /** As for UserPasswordReset. @default the system clock */
    clock?: () => Date;
}

/** The batch (0-based) a user belongs to, of `batches`: the first 32 bits of SHA-256 of the username. */
export function batchOf(username: string, batches: number): number {
    return createHash("sha256").update(username).digest().readUInt32BE(0) % batches;
}

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
    /** Per user: when it was last reset and how many times. */
    declare public readonly users: pulumi.Output<UserRecords>;

    constructor(name: string, args: UserPasswordResetsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("cognito-password-reset:index:UserPasswordResets", name, {}, opts);
        const batches = args.batches ?? 16;
        if (!Number.isInteger(batches) || batches < 1 || batches > 1000) {
            throw new Error(
                `UserPasswordResets '${name}': batches must be a whole number from 1 to 1000, got ${batches}`,
            );
        }
        if (!Array.isArray(args.usernames)) {
            throw new Error(`UserPasswordResets '${name}': usernames must be a list of strings`);
        }
        if (args.rotation) {
            const failures = validatePolicy(args.rotation);
            if (failures.length > 0)
                throw new Error(`UserPasswordResets '${name}': ${failures.map((f) => f.reason).join("; ")}`);
        }
        const clock = args.clock ?? systemClock;
        const now = clock();
        const groups: string[][] = Array.from({ length: batches }, () => []);
        for (const u of [...new Set(args.usernames)].sort()) groups[batchOf(u, batches)].push(u);

        const children = groups.flatMap((usernames, i) => {
            if (usernames.length === 0) return [];
            const rotation = args.rotation;
            const rotationPeriods = rotation
                ? pulumi
                      .output(args.userPoolId)
                      .apply((userPoolId) =>
                          Object.fromEntries(
                              usernames.map((username) => [
                                  username,
                                  rotationPeriod(rotation, now, { userPoolId, username }).label,
                              ]),
                          ),
                      )
                : undefined;
            const props = {
                userPoolId: args.userPoolId,
                usernames,
                rotationKey: args.rotationKey,
                rotation,
                rotationPeriods,
                clientMetadata: args.clientMetadata === undefined ? undefined : pulumi.secret(args.clientMetadata),
                region: args.region,
                endpoint: args.endpoint,
                users: undefined,
            };
            return [
                new UserPasswordResetBatch(
                    batchProvider,
                    `${name}-batch-${String(i).padStart(String(batches - 1).length, "0")}`,
                    props,
                    { parent: this, additionalSecretOutputs: ["clientMetadata"] },
                    TYPE_MODULE,
                    "UserPasswordResetBatch",
                ),
            ];
        });
        const users = pulumi.all(children.map((c) => c.users)).apply((maps): UserRecords => Object.assign({}, ...maps));
        (this as { users: unknown }).users = users;
        this.registerOutputs({ users });
    }
}
