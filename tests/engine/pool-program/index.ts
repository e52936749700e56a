// Resets every user listed in the config key `usernames` (JSON) of the pool
// `userPoolId`, with UserPasswordResets. Optional: `rotationKey`, `batches`.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordResets } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const resets = new UserPasswordResets("pool", {
    userPoolId: config.require("userPoolId"),
    usernames: config.requireObject<string[]>("usernames"),
    rotationKey: config.get("rotationKey"),
    batches: config.getNumber("batches"),
    endpoint: config.get("endpoint"),
});

export const userCount = resets.users.apply((u) => Object.keys(u).length);
export const resetCounts = resets.users.apply((u) =>
    Object.fromEntries(Object.entries(u).map(([k, v]) => [k, v.resetCount])),
);
