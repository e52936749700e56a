/**
 * The program side of the least-privilege IAM policy (`core/iam.ts`): the
 * same document, from a pool ARN that may be a Pulumi Output.
 */
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, resetPolicyDocument } from "../core/iam";
import type { Selection } from "../core/select";

/** The inputs of {@link passwordResetPolicy}. */
export interface PasswordResetPolicyArgs {
    /** The pool's ARN, such as `aws.cognito.UserPool`'s `arn`. */
    userPoolArn: pulumi.Input<string>;
    /**
     * Whether to allow cognito-idp:DescribeUserPool, with which a preview of a
     * `UserPasswordResets` warns when more resets are due than Cognito's
     * default email sender allows in a day. Without it there is no warning,
     * and nothing fails.
     * @default true
     */
    describeUserPool?: boolean;
    /**
     * The pool's `select`, when `UserPasswordResets` selects its users by
     * rule: the policy then allows the listing it needs (ListUsersInGroup for
     * a group, ListUsers for a filter or the whole pool).
     * @default none: a list of usernames
     */
    select?: Selection;
}

/**
 * The least-privilege IAM policy document for the identity that runs
 * `pulumi up` (or `refresh`) with this package's resources on one pool:
 * cognito-idp:AdminResetUserPassword and cognito-idp:AdminGetUser on the
 * pool, the listing a `select` needs, and, unless `describeUserPool` is
 * false, cognito-idp:DescribeUserPool.
 * Ready for `aws.iam.Policy`'s `policy`.
 *
 * @throws Error naming `userPoolArn` (once it is known) when it is not a user pool's ARN.
 *
 * @example
 * ```ts
 * const pool = new aws.cognito.UserPool("pool", { autoVerifiedAttributes: ["email"] });
 * new aws.iam.Policy("rotation", { policy: passwordResetPolicy({ userPoolArn: pool.arn }) });
 * ```
 */
export function passwordResetPolicy(args: PasswordResetPolicyArgs): pulumi.Output<PolicyDocument> {
    return pulumi
        .output(args.userPoolArn)
        .apply((userPoolArn) =>
            resetPolicyDocument({ userPoolArn, describeUserPool: args.describeUserPool, select: args.select }),
        );
}
