/**
 * Plain data shapes shared by the program side (`resource.ts`) and the
 * provider host (`host.ts`). No Pulumi or AWS types here, so the pure logic can
 * be tested on its own.
 */

import type { RotationPolicy } from "./rotation";

/** The module of this package's dynamic resource types. */
export const TYPE_MODULE = "cognito";
/** UserPasswordReset's type name. */
export const TYPE_NAME = "UserPasswordReset";
/**
 * UserPasswordReset's type token, as previews, the state and policies see it
 * (Pulumi's dynamic resources are typed `pulumi-nodejs:dynamic/<module>:<name>`).
 */
export const RESOURCE_TYPE = `pulumi-nodejs:dynamic/${TYPE_MODULE}:${TYPE_NAME}`;

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
}

/** What the provider records in the state: the inputs and what happened. */
export interface ResetOutputs extends ResetInputs {
    /** ISO-8601 UTC time of the last successful AdminResetUserPassword call. */
    lastResetAt: string;
    /** Number of successful resets this resource has made. */
    resetCount: number;
    /** The rotation key in force at the last successful reset ("" when none was set). */
    lastResetRotationKey: string;
    /** The user's status in Cognito as last seen (after a reset, or at refresh). */
    userStatus: string;
}

/** The names of the inputs, in the order the docs list them. */
export const INPUT_NAMES = [
    "userPoolId",
    "username",
    "rotationKey",
    "rotation",
    "rotationPeriod",
    "clientMetadata",
    "region",
    "endpoint",
] as const satisfies readonly (keyof ResetInputs)[];
