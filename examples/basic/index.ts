// The smallest complete program: reset one user of an existing user pool.
//
//   pulumi config set userPoolId eu-west-1_AbC123
//   pulumi config set username alice
//   pulumi up                      # resets alice's password
//   pulumi config set rotationKey 2026-Q4
//   pulumi up                      # resets it again
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();

const reset = new UserPasswordReset("reset", {
    userPoolId: config.require("userPoolId"),
    username: config.require("username"),
    rotationKey: config.get("rotationKey"),
});

export const lastResetAt = reset.lastResetAt;
export const resetCount = reset.resetCount;
export const userStatus = reset.userStatus;
