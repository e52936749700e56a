// Resets every user listed in the config key `usernames` (JSON) of the pool
// `userPoolId`, or the users the config key `select` (JSON) selects, with
// UserPasswordResets. Optional: `rotationKey`, `batches`,
// `rotation` (JSON, e.g. {"every":"30d"}), `initialReset`, `ineligibleUsers`,
// `maxResetsPerRun`, `name` (the component's name) and `aliases` (JSON list of
// earlier names). Client metadata comes from the environment variable
// TEST_CLIENT_METADATA (JSON), in plain text as a user would give it.
import * as pulumi from "@pulumi/pulumi";
import {
    InitialReset,
    IneligibleUsers,
    RotationPolicy,
    Selection,
    UserPasswordResets,
} from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const resets = new UserPasswordResets(
    config.get("name") ?? "pool",
    {
        userPoolId: config.require("userPoolId"),
        usernames: config.getObject<string[]>("usernames"),
        select: config.getObject<Selection>("select"),
        rotationKey: config.get("rotationKey"),
        rotation: config.getObject<RotationPolicy>("rotation"),
        batches: config.getNumber("batches"),
        endpoint: config.get("endpoint"),
        initialReset: config.get("initialReset") as InitialReset | undefined,
        ineligibleUsers: config.get("ineligibleUsers") as IneligibleUsers | undefined,
        maxResetsPerRun: config.getNumber("maxResetsPerRun"),
        clientMetadata: process.env.TEST_CLIENT_METADATA ? JSON.parse(process.env.TEST_CLIENT_METADATA) : undefined,
    },
    { aliases: (config.getObject<string[]>("aliases") ?? []).map((name) => ({ name })) },
);

export const userCount = resets.summary.apply((s) => s.users);
export const summary = resets.summary;
