/**
 * CrossGuard rules for UserPasswordReset, for `pulumi preview --policy-pack`.
 * They run in the policy pack's process (see `policy-pack/`), never in the
 * provider. CrossGuard's type matching (`validateResourceOfType`) does not see
 * dynamic resources, so the rules recognise ours by their type token,
 * `pulumi-nodejs:dynamic/cognito:UserPasswordReset`, and their properties.
 *
 * Needs `@pulumi/policy` (an optional peer dependency).
 */
import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { parseEvery } from "./rotation";
import { RESOURCE_TYPE } from "./types";

/** The policy pack's configuration. */
export interface RotationPolicyConfig {
    /** The longest rotation period allowed, in days (months count as 31 days). @default 90 */
    maxRotationDays: number;
    /** Whether every UserPasswordReset must declare a rotation. @default true */
    requireRotation: boolean;
}

export const ROTATION_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        maxRotationDays: { type: "number", minimum: 1, default: 90 },
        requireRotation: { type: "boolean", default: true },
    },
};

/** Whether a resource seen by CrossGuard is a UserPasswordReset. */
export function isUserPasswordReset(args: Pick<ResourceValidationArgs, "type" | "props">): boolean {
    return args.type === RESOURCE_TYPE && "userPoolId" in (args.props ?? {}) && "username" in (args.props ?? {});
}

/** The longest a rotation `every` can last, in days. */
export function maxPeriodDays(every: string): number | undefined {
    const p = parseEvery(every);
    if (typeof p === "string") return undefined;
    const perUnit = { h: 1 / 24, d: 1, w: 7, mo: 31 }[p.unit];
    return p.count * perUnit;
}

/** What is wrong with one resource's rotation under `config`, if anything. */
export function rotationViolation(props: Record<string, unknown>, config: RotationPolicyConfig): string | undefined {
    const rotation = props.rotation as { every?: unknown } | undefined;
    const name = `UserPasswordReset of user '${String(props.username)}' in pool '${String(props.userPoolId)}'`;
    if (!rotation || typeof rotation !== "object") {
        return config.requireRotation
            ? `${name} declares no rotation; add rotation: { every: "${config.maxRotationDays}d" } (at most ${config.maxRotationDays} days)`
            : undefined;
    }
    if (typeof rotation.every !== "string") return undefined; // unknown at preview, or rejected by the provider's check
    const days = maxPeriodDays(rotation.every);
    if (days === undefined) return undefined;
    if (days > config.maxRotationDays) {
        return `${name} rotates every ${rotation.every} (up to ${days} days), longer than the ${config.maxRotationDays} days allowed`;
    }
    return undefined;
}

/** The rule: every UserPasswordReset rotates, at most every `maxRotationDays` days. */
export const rotationRequiredPolicy: ResourceValidationPolicy = {
    name: "cognito-password-reset-rotation",
    description: "Every UserPasswordReset declares a rotation no longer than the configured number of days.",
    enforcementLevel: "mandatory",
    configSchema: ROTATION_CONFIG_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (!isUserPasswordReset(args)) return;
        const config = args.getConfig<RotationPolicyConfig>();
        const violation = rotationViolation(args.props, config);
        if (violation) reportViolation(violation);
    },
};
