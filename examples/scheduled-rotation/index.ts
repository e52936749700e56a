// Rotation by policy for a whole pool: each listed user's password is reset
// once every 90 days, each user on a night of its own (staggered), by a
// pipeline that previews every night and applies what the preview showed (see
// README.md). Runs within a period change nothing.
//
//   pulumi config set userPoolId eu-west-1_AbC123
//   pulumi config set usernames '["alice", "bob", "carol"]'
//   pulumi config set rotateNow INC-1234   # optional: reset everyone, at most 45 a night
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordResets } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();

const pool = new UserPasswordResets("pool", {
    userPoolId: config.require("userPoolId"),
    usernames: config.requireObject<string[]>("usernames"),
    rotation: { every: "90d", stagger: true },
    // Adopting an existing pool resets nobody: the first `up` records every
    // user, and each one is first reset on its own night of the next period.
    initialReset: "scheduled",
    // A user that cannot be reset (disabled, never confirmed, no verified
    // email) is reported in `summary` and retried next night; the run stays green.
    ineligibleUsers: "skip",
    // Each reset emails the user a code, and Cognito's default email sender
    // allows about 50 emails a day per account: reset at most 45 a night, so
    // that sign-ups and forgotten-password mails still go out. Users beyond it
    // stay due and go first the next night.
    maxResetsPerRun: 45,
    // Set to a new value (e.g. an incident id) to reset everyone.
    rotationKey: config.get("rotateNow"),
});

/** Counts of the pool's users (up to date, due, skipped, failed) and what the last run did. */
export const summary = pool.summary;
