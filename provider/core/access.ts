/**
 * How a resource reaches its pool's account: a named profile, a role to
 * assume, or neither (the AWS SDK's default chain). Pure: the rules for
 * `assumeRole`, the account a role belongs to, and the key that tells one
 * credential setting from another in a process. The credentials themselves
 * are resolved in the provider host (`host/credentials.ts`).
 */

/**
 * A role to reach the pool with, through STS AssumeRole (the AWS provider's
 * `assumeRole`, in the names of the AWS SDK's `fromTemporaryCredentials`).
 */
export interface AssumeRole {
    /** The role's ARN, e.g. `arn:aws:iam::111122223333:role/password-rotator`. */
    roleArn: string;
    /** The external id the role's trust policy asks for (a secret: only its digest is recorded). */
    externalId?: string;
    /** The role session's name, as CloudTrail shows it. @default "pulumi-cognito-password-reset" */
    sessionName?: string;
    /** How long each set of credentials lasts (900 to 43,200 seconds); the SDK renews them before they end. @default 3600 */
    durationSeconds?: number;
}

/** What decides the credentials of a resource: its `profile` and `assumeRole` inputs. */
export interface AccessInputs {
    profile?: string;
    assumeRole?: AssumeRole;
}

/** The inputs a provider instance of the plugin may give every resource it serves (its configuration). */
export const CONFIG_INPUTS = ["region", "profile", "assumeRole"] as const;

/** The session name when `assumeRole.sessionName` is not given: says who made the calls in CloudTrail. */
export const DEFAULT_SESSION_NAME = "pulumi-cognito-password-reset";

/** STS's documented limits of AssumeRole's parameters. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = { regex: /^[\w+=,.@:/-]{2,1224}$/, text: "2 to 1,224 letters, digits or _+=,.@:/-" };
const SESSION_NAME = { regex: /^[\w+=,.@-]{2,64}$/, text: "2 to 64 letters, digits or _+=,.@-" };
const DURATION = { min: 900, max: 43_200 } as const;

const KEYS: readonly (keyof AssumeRole)[] = ["roleArn", "externalId", "sessionName", "durationSeconds"];

/**
 * What is wrong with an `assumeRole` value, one message per problem, each
 * naming the field; empty when it is right. Fields that are not known yet
 * (a preview) are checked once they are.
 *
 * @example
 * assumeRoleProblems({ roleArn: "rotator" }, "u");
 * // ["assumeRole.roleArn must be a role ARN such as 'arn:aws:iam::111122223333:role/rotator', got 'rotator'"]
 */
export function assumeRoleProblems(v: unknown, unknown: string): string[] {
    if (typeof v !== "object" || v === null || Array.isArray(v))
        return ["assumeRole must be an object: { roleArn, externalId?, sessionName?, durationSeconds? }"];
    const role = v as Record<string, unknown>;
    const problems = Object.keys(role)
        .filter((k) => !(KEYS as readonly string[]).includes(k))
        .map((k) => `assumeRole.${k} is not an argument of assumeRole (it takes ${KEYS.join(", ")})`);
    const known = (k: keyof AssumeRole) => role[k] !== undefined && role[k] !== null && role[k] !== unknown;
    if (role.roleArn === undefined || role.roleArn === null) problems.push("assumeRole.roleArn is required");
    else if (known("roleArn") && (typeof role.roleArn !== "string" || !ROLE_ARN.test(role.roleArn)))
        problems.push(
            "assumeRole.roleArn must be a role ARN such as 'arn:aws:iam::111122223333:role/rotator', " +
                `got '${String(role.roleArn)}'`,
        );
    for (const [k, rule] of [
        ["externalId", EXTERNAL_ID],
        ["sessionName", SESSION_NAME],
    ] as const) {
        if (known(k) && (typeof role[k] !== "string" || !rule.regex.test(role[k] as string)))
            problems.push(`assumeRole.${k} must be ${rule.text}`);
    }
    const d = role.durationSeconds;
    if (
        known("durationSeconds") &&
        !(Number.isInteger(d) && (d as number) >= DURATION.min && (d as number) <= DURATION.max)
    )
        problems.push(
            `assumeRole.durationSeconds must be a whole number from ${DURATION.min} to ${DURATION.max}, got '${String(d)}'`,
        );
    return problems;
}

/** The 12-digit account a role ARN belongs to, or undefined for anything else. */
export function accountOfRole(roleArn: string): string | undefined {
    return ROLE_ARN.exec(roleArn)?.[1];
}

/**
 * The key of a credential setting: two resources with the same key share one
 * credential provider (and its pending AssumeRole) in a process. An external
 * id takes part as given (a digest or the value: the same for one setting).
 */
export function accessKey(access: AccessInputs): string {
    const role = access.assumeRole;
    return JSON.stringify([
        access.profile ?? "",
        role?.roleArn ?? "",
        role?.externalId ?? "",
        role?.sessionName ?? "",
        role?.durationSeconds ?? "",
    ]);
}

/** How a credential setting reads in messages: "profile 'prod', role arn:…", or "the default credential chain". */
export function describeAccess(access: AccessInputs): string {
    const parts = [
        access.profile !== undefined ? `profile '${access.profile}'` : "",
        access.assumeRole ? `role ${access.assumeRole.roleArn}` : "",
    ].filter(Boolean);
    return parts.length ? parts.join(", ") : "the default credential chain";
}
