// A user pool, a user, and the user's password reset beside them. The reset
// runs once the user exists (it depends on the user's outputs), and again each
// time rotationKey changes: here, each quarter of the year the program runs in.
// The IAM policy at the end is what the identity that runs `pulumi up` needs.
import * as aws from "@pulumi/aws";
import { passwordResetPolicy, UserPasswordReset } from "pulumi-cognito-password-reset";

const pool = new aws.cognito.UserPool("pool", {
    autoVerifiedAttributes: ["email"],
    accountRecoverySetting: {
        recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
    },
});

const alice = new aws.cognito.User("alice", {
    userPoolId: pool.id,
    username: "alice",
    attributes: { email: "alice@example.com", email_verified: "true" },
    // A permanent password makes the user CONFIRMED, the only status Cognito can reset.
    password: "Initial-Passw0rd!",
});

const now = new Date();
const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

const reset = new UserPasswordReset("alice", {
    userPoolId: alice.userPoolId,
    username: alice.username,
    rotationKey: quarter,
    clientMetadata: { reason: "quarterly rotation" },
});

// Attach it to the role or user that runs the pipeline's `pulumi up`.
const rotationPolicy = new aws.iam.Policy("password-rotation", {
    policy: passwordResetPolicy({ userPoolArn: pool.arn }),
});

export const poolId = pool.id;
export const rotationPolicyArn = rotationPolicy.arn;
export const lastResetAt = reset.lastResetAt;
