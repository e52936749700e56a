/**
 * The program's side of `assumeRole`: its type as a program writes it, and
 * the external id marked secret where it stands, so that the state's inputs
 * hold it encrypted and the role's ARN stays readable in the preview.
 */
import * as pulumi from "@pulumi/pulumi";

/** A role to reach the pool with, through STS AssumeRole. Each field may be an Output. */
export interface AssumeRoleArgs {
    /** The role's ARN, e.g. `arn:aws:iam::111122223333:role/password-rotator`. */
    roleArn: pulumi.Input<string>;
    /** The external id the role's trust policy asks for: a secret, only its digest is recorded. @default none */
    externalId?: pulumi.Input<string>;
    /** The role session's name, as CloudTrail shows it. @default "pulumi-cognito-password-reset" */
    sessionName?: pulumi.Input<string>;
    /** How long each set of credentials lasts (900 to 43,200 seconds); they are renewed before they end. @default 3600 */
    durationSeconds?: pulumi.Input<number>;
}

/** `assumeRole` with its external id (when given) marked secret. */
export function withSecretExternalId(role: AssumeRoleArgs | undefined): AssumeRoleArgs | undefined {
    if (!role || typeof role !== "object" || role.externalId === undefined) return role;
    return { ...role, externalId: pulumi.secret(role.externalId) };
}
