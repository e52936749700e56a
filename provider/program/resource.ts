/**
 * The program side: the `UserPasswordReset` resource that users declare. It
 * runs in the user's Pulumi program and only declares; the Cognito calls are
 * made by the provider hosts (`host/`) in the dynamic-provider process.
 */
import * as pulumi from "@pulumi/pulumi";
import { systemClock } from "../core/clock";
import { SECRET_INPUTS } from "../core/digest";
import { loadingProvider } from "./serialized-provider";
import { AssumeRoleArgs, withSecretExternalId } from "./access";
import { currentPeriodLabel, RotationPolicy } from "../core/rotation";
import { InitialReset, TYPE_MODULE, TYPE_NAME } from "../core/types";

/** The provider serialized into each resource's state (see `serialized-provider.ts`). */
const serializedProvider = loadingProvider("provider");

/** The inputs of a {@link UserPasswordReset}. */
export interface UserPasswordResetArgs {
    /**
     * The user pool's id, such as `eu-west-1_AbC123`. Cognito's pattern
     * `[\w-]+_[0-9a-zA-Z]+`, 1 to 55 characters. A change replaces the resource
     * (the new user is reset).
     */
    userPoolId: pulumi.Input<string>;
    /**
     * The user's name in the pool (1 to 128 characters, no spaces). A change
     * replaces the resource (the new user is reset).
     */
    username: pulumi.Input<string>;
    /**
     * Any string; setting it to a value different from the one of the last
     * reset resets the password again, in place. Removing it records the
     * removal without a reset.
     * @default none: the password is reset once, when the resource is created.
     */
    rotationKey?: pulumi.Input<string>;
    /**
     * Rotation by policy: reset again once per period, e.g. `{ every: "90d" }`.
     * Each time the program runs, the current period is computed from the
     * clock (shown in the preview as `rotationPeriod`); the first `pulumi up`
     * in a period that began after the last reset resets the password. Period
     * boundaries are fixed by the anchor, whatever day the pipeline runs.
     * Combines with `rotationKey`: a new key resets at once, like "rotate
     * immediately", and the period rule keeps applying from that reset on.
     * @default none: no periodic reset.
     */
    rotation?: pulumi.Input<RotationPolicy>;
    /**
     * Key-value pairs passed to the pool's Lambda triggers (ClientMetadata).
     * The values never reach the state or the engine's logs: the provider
     * records a digest of each value (a secret too) and sends the values
     * themselves. A change alone is recorded without a reset.
     * @default none
     */
    clientMetadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The AWS region of the pool. A change replaces the resource (unless it
     * names the region that the pool id already implies).
     * @default the region prefix of `userPoolId`, else the AWS SDK's own
     * resolution (AWS_REGION, the profile's region).
     */
    region?: pulumi.Input<string>;
    /**
     * A Cognito endpoint URL, for a VPC endpoint or a local Cognito. A change
     * is recorded without a reset.
     * @default the AWS SDK's standard endpoint settings
     * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL, the
     * profile's endpoint_url), else the public regional endpoint.
     */
    endpoint?: pulumi.Input<string>;
    /**
     * A named profile of the shared config files (`~/.aws/config`,
     * `~/.aws/credentials`) whose credentials reach the pool. A profile that
     * needs an MFA code fails the preview. A change is recorded without a reset.
     * @default the AWS SDK's default credential chain
     */
    profile?: pulumi.Input<string>;
    /**
     * A role to reach the pool with: STS AssumeRole over the credentials of
     * `profile` (or of the default chain), renewed before they expire. Only a
     * digest of `externalId` is recorded. A change is recorded without a reset.
     * @default none
     */
    assumeRole?: AssumeRoleArgs;
    /**
     * What the first `pulumi up` does: `"immediate"` resets the password;
     * `"scheduled"` makes no call and records the adoption time as if it were
     * the last reset, so the first reset comes at the first rotation period
     * boundary after adoption (or with a new `rotationKey`). A change later
     * is recorded without a call.
     * @default "immediate"
     */
    initialReset?: pulumi.Input<InitialReset>;
}

/**
 * Resets an Amazon Cognito user's password (AdminResetUserPassword) when it is
 * created, and again whenever its `rotationKey` changes to a new value.
 *
 * Lifecycle:
 * - **create**: one AdminResetUserPassword call; the user's status becomes
 *   RESET_REQUIRED and Cognito sends the user a code by email or SMS. With
 *   `initialReset: "scheduled"`, no call: the adoption is recorded as the last reset.
 * - **a rerun with unchanged inputs**: no change, no call.
 * - **rotationKey set to a new value**: an in-place update that resets again.
 * - **userPoolId, username or region changed**: a replacement; the new user is
 *   reset, the old resource is forgotten without a call.
 * - **clientMetadata or endpoint changed alone**: recorded, no reset.
 * - **delete** (`pulumi destroy`, or removal from the program): no call; the
 *   resource leaves the state. A reset cannot be undone.
 * - **rotation period rolled over** (with `rotation`): an in-place update
 *   that resets again; `rotationPeriod` shows the new period in the preview.
 * - **refresh**: AdminGetUser updates `userStatus` (a user who has since chosen
 *   a new password shows as CONFIRMED); a user who no longer exists makes the
 *   resource leave the state. A pool that is not found (often the wrong
 *   account or region) or denied access fails the refresh and removes nothing.
 *
 * Credentials come from the AWS SDK v3 default chain when each call is made;
 * nothing about them is stored. A failed reset is not recorded: the next
 * `pulumi up` tries again.
 *
 * @example
 * ```ts
 * const reset = new UserPasswordReset("alice", {
 *     userPoolId: pool.id,
 *     username: "alice",
 *     rotationKey: "2026-Q4",
 * });
 * export const resetAt = reset.lastResetAt;
 * ```
 */
export class UserPasswordReset extends pulumi.dynamic.Resource {
    /** The user pool's id, as given. */
    declare public readonly userPoolId: pulumi.Output<string>;
    /** The user's name, as given. */
    declare public readonly username: pulumi.Output<string>;
    /** The rotation key, as given (undefined when none). */
    declare public readonly rotationKey: pulumi.Output<string | undefined>;
    /** The rotation policy, as given (undefined when none). */
    declare public readonly rotation: pulumi.Output<RotationPolicy | undefined>;
    /** The rotation period this run falls in (`start..end`, ISO-8601 UTC), when a policy is set. */
    declare public readonly rotationPeriod: pulumi.Output<string | undefined>;
    /**
     * The client metadata's keys, each with a digest of its value in place of
     * the value (`digest:scrypt:…`): a secret. The values are never recorded.
     */
    declare public readonly clientMetadata: pulumi.Output<Record<string, string> | undefined>;
    /** The region, as given (undefined when inferred). */
    declare public readonly region: pulumi.Output<string | undefined>;
    /** The endpoint, as given (undefined when the SDK's default). */
    declare public readonly endpoint: pulumi.Output<string | undefined>;
    /** ISO-8601 UTC time of the last successful reset. */
    declare public readonly lastResetAt: pulumi.Output<string>;
    /** How many resets this resource has made. */
    declare public readonly resetCount: pulumi.Output<number>;
    /** The rotation key in force at the last reset ("" when none). */
    declare public readonly lastResetRotationKey: pulumi.Output<string>;
    /**
     * The user's Cognito status as last seen: RESET_REQUIRED after a reset;
     * refreshed by `pulumi refresh` (e.g. CONFIRMED once the user chose a new password).
     */
    declare public readonly userStatus: pulumi.Output<string>;
    /** When the resource was adopted without a reset (`initialReset: "scheduled"`); undefined otherwise. */
    declare public readonly adoptedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: UserPasswordResetArgs, opts?: pulumi.CustomResourceOptions) {
        if (!args || typeof args !== "object") {
            throw new Error(`UserPasswordReset '${name}': args are required (userPoolId and username)`);
        }
        const props: Record<string, unknown> = {
            ...args,
            rotationPeriod: currentPeriod(args, systemClock),
            clientMetadata: args.clientMetadata === undefined ? undefined : pulumi.secret(args.clientMetadata),
            assumeRole: withSecretExternalId(args.assumeRole),
            lastResetAt: undefined,
            resetCount: undefined,
            lastResetRotationKey: undefined,
            userStatus: undefined,
            adoptedAt: undefined,
        };
        super(
            serializedProvider,
            name,
            props,
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_INPUTS] },
            TYPE_MODULE,
            TYPE_NAME,
        );
    }
}

/**
 * The current period label of the args' rotation policy, computed when the
 * program runs; undefined without a policy. An invalid policy yields no period
 * here and a failure naming the setting at preview (from the provider's check).
 */
function currentPeriod(args: UserPasswordResetArgs, clock: () => Date): pulumi.Output<string | undefined> | undefined {
    if (args.rotation === undefined) return undefined;
    return pulumi
        .all([args.rotation, args.userPoolId, args.username])
        .apply(([policy, userPoolId, username]) =>
            policy ? currentPeriodLabel(policy, clock(), { userPoolId, username }) : undefined,
        );
}
