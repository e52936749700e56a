// The demo stack: resets one user's password in the pool given by the stack's
// configuration. `npm run demo` starts a local Cognito, seeds a pool and a
// user, sets this configuration and runs `pulumi up` twice.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();

const reset = new UserPasswordReset("demo-user", {
    userPoolId: config.require("userPoolId"),
    username: config.require("username"),
    rotationKey: config.get("rotationKey"),
    clientMetadata: { reason: "scheduled rotation" },
    endpoint: config.get("endpoint"),
});

export const lastResetAt = reset.lastResetAt;
export const resetCount = reset.resetCount;
export const userStatus = reset.userStatus;
