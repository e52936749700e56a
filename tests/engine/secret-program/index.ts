// Pins down: a clientMetadata value from secret config must appear in nothing
// that `pulumi` prints at --debug or -v=9 (the Node SDK logs each
// RegisterResource response, which carries a resource's outputs; a preview
// hands back the checked inputs as outputs), for a single reset and for the
// batches of a pool, failed ones included; and nowhere in the state.
//
// Config: userPoolId, endpoint, single (a username), pool (JSON list of
// usernames), clientMetadata (secret JSON object), rotationKey (optional).
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset, UserPasswordResets } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const common = {
    userPoolId: config.require("userPoolId"),
    endpoint: config.require("endpoint"),
    rotationKey: config.get("rotationKey"),
    clientMetadata: config.requireSecretObject<Record<string, string>>("clientMetadata"),
};

new UserPasswordReset("single", { ...common, username: config.require("single") });
// "fail": a user the trigger refuses fails its batch, whose partial state is recorded.
new UserPasswordResets("pool", {
    ...common,
    usernames: config.requireObject<string[]>("pool"),
    ineligibleUsers: "fail",
    batches: 2,
});
