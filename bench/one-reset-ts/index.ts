// One UserPasswordReset through the npm package's dynamic resource: the
// TypeScript side of the front-door benchmark (bench/front-doors.ts). The
// YAML side (one-reset-yaml) declares the same resource through the plugin.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
export const resetCount = new UserPasswordReset("reset", {
    userPoolId: config.require("userPoolId"),
    username: config.require("username"),
    rotationKey: "bench",
}).resetCount;
