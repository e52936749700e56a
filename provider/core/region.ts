/**
 * Which region a call goes to: the \`region\` input, else the pool id's prefix,
 * else the AWS SDK's own resolution.
 */
import { INPUTS } from "./inputs";
import type { ResetInputs } from "./types";

/** The region prefix of a user pool id (`eu-west-1_AbC123` -> `eu-west-1`), if it has one. */
export function regionOfPoolId(userPoolId: string): string | undefined {
    const i = userPoolId.indexOf("_");
    if (i <= 0) return undefined;
    const prefix = userPoolId.slice(0, i);
    return INPUTS.region.pattern.regex.test(prefix) ? prefix : undefined;
}

/**
 * The region to call: the `region` input, else the pool id's prefix, else
 * `undefined` (the AWS SDK's own resolution: AWS_REGION, the profile, ...).
 */
export function resolveRegion(inputs: Pick<ResetInputs, "region" | "userPoolId">): string | undefined {
    return inputs.region || regionOfPoolId(inputs.userPoolId);
}
