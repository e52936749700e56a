// Rotation by policy for a list of users: each user's password is reset once
// every 90 days, on a night of its own (staggered), by a pipeline that runs
// `pulumi up --yes` every night. Runs within a period change nothing.
//
//   pulumi config set userPoolId eu-west-1_AbC123
//   pulumi config set --path 'usernames[0]' alice
//   pulumi config set --path 'usernames[1]' bob
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const userPoolId = config.require("userPoolId");
const usernames = config.requireObject<string[]>("usernames");

const resets = usernames.map(
    (username) =>
        new UserPasswordReset(`reset-${username}`, {
            userPoolId,
            username,
            rotation: { every: "90d", anchor: "2026-01-01", stagger: true },
            // Set to a new value (e.g. an incident id) to reset everyone at once.
            rotationKey: config.get("rotateNow"),
        }),
);

export const nextRotations = pulumi
    .all(resets.map((r) => pulumi.all([r.username, r.rotationPeriod])))
    .apply((rows) => Object.fromEntries(rows.map(([user, period]) => [user, period?.split("..")[1]])));
