/**
 * The least-privilege IAM policy for resetting a pool's passwords: pure data,
 * built from the pool's ARN. What each action serves:
 *
 * | action                             | serves                                                        |
 * |------------------------------------|---------------------------------------------------------------|
 * | cognito-idp:AdminResetUserPassword | the resets                                                    |
 * | cognito-idp:AdminGetUser           | `pulumi refresh`, and the status named when a reset is refused |
 * | cognito-idp:DescribeUserPool       | optional: the preview's warning about the daily email quota   |
 * | cognito-idp:ListUsersInGroup       | `select: { group }`                                           |
 * | cognito-idp:ListUsers              | `select: { filter }` and `select: { all: true }`              |
 */
import type { Selection } from "./select";

/** An IAM policy document, in the shape `aws.iam.Policy`'s `policy` takes. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
    Sid: string;
    Effect: "Allow";
    Action: string[];
    Resource: string;
}

/** What {@link resetPolicyDocument} is built from. */
export interface ResetPolicyOptions {
    /** The pool's ARN, e.g. `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123` (`aws.cognito.UserPool`'s `arn`). */
    userPoolArn: string;
    /**
     * Whether to allow DescribeUserPool, with which a preview warns when more
     * resets are due than Cognito's default email sender allows in a day.
     * Without it there is no warning, and nothing fails.
     * @default true
     */
    describeUserPool?: boolean;
    /**
     * The pool's `select`, when its users are selected by rule: the policy
     * then allows the listing call it needs (ListUsersInGroup for a group,
     * ListUsers otherwise).
     * @default none: a list of usernames, no listing
     */
    select?: Selection;
}

/** A user pool's ARN in any AWS partition: region, 12-digit account, and a pool id of Cognito's pattern. */
const POOL_ARN = /^arn:aws(-[a-z]+)*:cognito-idp:[a-z]{2}(-[a-z]+)+-\d:\d{12}:userpool\/[\w-]+_[0-9a-zA-Z]+$/;

/**
 * The least-privilege policy for this package's calls on one pool.
 *
 * @throws Error naming `userPoolArn` when it is not a user pool's ARN.
 *
 * @example
 * ```ts
 * resetPolicyDocument({ userPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123" });
 * // { Version: "2012-10-17", Statement: [{ Sid: "ResetPasswords", ... }, { Sid: "ReadPoolEmailSettings", ... }] }
 * ```
 */
export function resetPolicyDocument(options: ResetPolicyOptions): PolicyDocument {
    const arn = options?.userPoolArn;
    if (typeof arn !== "string" || !POOL_ARN.test(arn)) {
        throw new Error(
            `userPoolArn must be a user pool's ARN, arn:aws:cognito-idp:<region>:<12-digit account>:userpool/<pool id> ` +
                `(aws.cognito.UserPool's arn); got ${JSON.stringify(arn)}`,
        );
    }
    const statements: PolicyStatement[] = [
        {
            Sid: "ResetPasswords",
            Effect: "Allow",
            Action: ["cognito-idp:AdminResetUserPassword", "cognito-idp:AdminGetUser"],
            Resource: arn,
        },
    ];
    if (options.select !== undefined) {
        const listing = "group" in options.select ? "cognito-idp:ListUsersInGroup" : "cognito-idp:ListUsers";
        statements.push({ Sid: "ListSelectedUsers", Effect: "Allow", Action: [listing], Resource: arn });
    }
    if (options.describeUserPool ?? true) {
        statements.push({
            Sid: "ReadPoolEmailSettings",
            Effect: "Allow",
            Action: ["cognito-idp:DescribeUserPool"],
            Resource: arn,
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
