/**
 * CrossGuard rules for UserPasswordReset and UserPasswordResets, for
 * `pulumi preview --policy-pack`. They run in the policy pack's process (see
 * `policy-pack/`), never in the provider. CrossGuard's type matching
 * (`validateResourceOfType`) does not see dynamic resources, so the rules
 * recognise ours by their type tokens and properties:
 *
 * | resource | type token | properties |
 * |---|---|---|
 * | UserPasswordReset | `pulumi-nodejs:dynamic/cognito:UserPasswordReset` | `userPoolId`, `username` |
 * | each batch of a UserPasswordResets | `pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch` | `userPoolId`, `usernames` |
 * | UserPasswordReset of the provider plugin | `cognito-password-reset:index:UserPasswordReset` | `userPoolId`, `username` |
 * | UserPasswordResets of the provider plugin | `cognito-password-reset:index:UserPasswordResets` | `userPoolId`, `usernames` |
 *
 * A UserPasswordResets component of the npm package itself carries no
 * properties (its batches do), so a rule on it is checked, and reported, once
 * per batch; the plugin's UserPasswordResets is one resource, checked once.
 *
 * Needs `@pulumi/policy` (an optional peer dependency).
 */
import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { parseEvery } from "../core/rotation";
import { BATCH_RESOURCE_TYPE, PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE, RESOURCE_TYPE } from "../core/types";
import { componentOfBatch } from "../core/batch-names";

/** The policy pack's configuration. */
export interface RotationPolicyConfig {
    /** The longest rotation period allowed, in days (months count as 31 days). @default 90 */
    maxRotationDays: number;
    /** Whether every UserPasswordReset and UserPasswordResets must declare a rotation. @default true */
    requireRotation: boolean;
}

/** The JSON schema of {@link RotationPolicyConfig}, with its defaults. */
export const ROTATION_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        maxRotationDays: { type: "number", minimum: 1, default: 90 },
        requireRotation: { type: "boolean", default: true },
    },
};

/** What CrossGuard tells a rule about a resource, as far as these rules use it. */
export type CheckedResource = Pick<ResourceValidationArgs, "type" | "props" | "name">;

/** Whether a resource seen by CrossGuard is a UserPasswordReset, of the npm package or of the provider plugin. */
export function isUserPasswordReset(args: Pick<ResourceValidationArgs, "type" | "props">): boolean {
    return (
        (args.type === RESOURCE_TYPE || args.type === PLUGIN_RESET_TYPE) &&
        "userPoolId" in (args.props ?? {}) &&
        "username" in (args.props ?? {})
    );
}

/** Whether a resource seen by CrossGuard is the provider plugin's UserPasswordResets (a whole pool). */
export function isPluginPool(args: Pick<ResourceValidationArgs, "type" | "props">): boolean {
    return args.type === PLUGIN_POOL_TYPE && "userPoolId" in (args.props ?? {}) && namesUsers(args.props);
}

/** Whether a resource seen by CrossGuard is one batch of a UserPasswordResets. */
export function isUserPasswordResetBatch(args: Pick<ResourceValidationArgs, "type" | "props">): boolean {
    return args.type === BATCH_RESOURCE_TYPE && "userPoolId" in (args.props ?? {}) && namesUsers(args.props);
}

/** Whether a pool's properties name its users: by a list, or by rule (`select`). */
function namesUsers(props: Record<string, unknown> | undefined): boolean {
    return "usernames" in (props ?? {}) || "select" in (props ?? {});
}

/** The UserPasswordResets a batch belongs to, from the batch's name (`<component>-batch-NN`; see `core/batch-names.ts`). */
export { componentOfBatch } from "../core/batch-names";

/**
 * A property for a message: `'value'` when it is a known string. During a
 * preview CrossGuard throws on reading a value not known yet (a pool created
 * by the same program); a message must not hide the violation it reports, so
 * that reads as "not known yet".
 */
function shown(props: Record<string, unknown>, key: string): string {
    try {
        const v = props[key];
        return typeof v === "string" ? `'${v}'` : "(not known yet)";
    } catch {
        return "(not known yet)";
    }
}

function userCount(props: Record<string, unknown>): string {
    try {
        const users = props.usernames;
        if (!Array.isArray(users) && props.select && typeof props.select === "object")
            return `users selected by ${JSON.stringify(props.select)}`;
        return Array.isArray(users) ? `${users.length} user${users.length === 1 ? "" : "s"}` : "users not known yet";
    } catch {
        return "users not known yet";
    }
}

/**
 * How violations name a resource, or undefined when it is neither a
 * UserPasswordReset nor a batch of a UserPasswordResets (the rules skip it).
 *
 * @example
 * ```ts
 * describeResource({ type: BATCH_RESOURCE_TYPE, name: "staff-batch-03", props: { userPoolId: "p", usernames: ["a"] } });
 * // "UserPasswordResets 'staff' in pool 'p' (batch 'staff-batch-03', 1 user; reported once per batch)"
 * ```
 */
export function describeResource(args: CheckedResource): string | undefined {
    const props = args.props ?? {};
    if (isUserPasswordReset(args)) {
        return `UserPasswordReset '${args.name}' of user ${shown(props, "username")} in pool ${shown(props, "userPoolId")}`;
    }
    if (isPluginPool(args)) {
        return `UserPasswordResets '${args.name}' in pool ${shown(props, "userPoolId")} (${userCount(props)})`;
    }
    if (isUserPasswordResetBatch(args)) {
        return (
            `UserPasswordResets '${componentOfBatch(args.name)}' in pool ${shown(props, "userPoolId")} ` +
            `(batch '${args.name}', ${userCount(props)}; reported once per batch)`
        );
    }
    return undefined;
}

/** The longest a rotation `every` can last, in days. */
export function maxPeriodDays(every: string): number | undefined {
    const p = parseEvery(every);
    if (typeof p === "string") return undefined;
    const perUnit = { h: 1 / 24, d: 1, w: 7, mo: 31 }[p.unit];
    return p.count * perUnit;
}

/**
 * What is wrong with one resource's rotation under `config`, if anything.
 * `subject` names the resource in the message ({@link describeResource});
 * by default it is described as a UserPasswordReset from its properties.
 */
export function rotationViolation(
    props: Record<string, unknown>,
    config: RotationPolicyConfig,
    subject = `UserPasswordReset of user ${shown(props, "username")} in pool ${shown(props, "userPoolId")}`,
): string | undefined {
    const rotation = props.rotation as { every?: unknown } | undefined;
    if (!rotation || typeof rotation !== "object") {
        return config.requireRotation
            ? `${subject} declares no rotation; add rotation: { every: "${config.maxRotationDays}d" } (at most ${config.maxRotationDays} days)`
            : undefined;
    }
    if (typeof rotation.every !== "string") return undefined; // rejected by the program's and the provider's checks
    const days = maxPeriodDays(rotation.every);
    if (days === undefined) return undefined;
    if (days > config.maxRotationDays) {
        return `${subject} rotates every ${rotation.every} (up to ${days} days), longer than the ${config.maxRotationDays} days allowed`;
    }
    return undefined;
}

/**
 * The rule: every UserPasswordReset, and every batch of a UserPasswordResets,
 * rotates, at most every `maxRotationDays` days. A rotation not known during
 * a preview is left to CrossGuard, which reports that the rule could not run
 * (advisory); `pulumi up` checks it again with every value known.
 */
export const rotationRequiredPolicy: ResourceValidationPolicy = {
    name: "cognito-password-reset-rotation",
    description:
        "Every UserPasswordReset (pulumi-nodejs:dynamic/cognito:UserPasswordReset, or the provider plugin's " +
        "cognito-password-reset:index:UserPasswordReset), every batch of a UserPasswordResets " +
        "(pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch, checked once per batch) and every UserPasswordResets " +
        "of the provider plugin (cognito-password-reset:index:UserPasswordResets) declares a rotation no longer " +
        "than maxRotationDays days.",
    enforcementLevel: "mandatory",
    configSchema: ROTATION_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        const subject = describeResource(args);
        if (subject === undefined) return;
        const violation = rotationViolation(args.props, args.getConfig<RotationPolicyConfig>(), subject);
        if (violation) reportViolation(violation);
    },
};
