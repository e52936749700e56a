// One user and one pool of users, declared through either front door: the
// dynamic resources of the npm package (`frontDoor: dynamic`), or the
// provider plugin's resources (`frontDoor: plugin`), declared here by their
// type tokens as any language's SDK declares them. With `plugin`, the
// resources adopt their users (`initialReset: "scheduled"`), which is the
// documented way to move between the two without resetting anyone. Config:
// userPoolId, username, usernames (JSON), endpoint, rotationKey.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset, UserPasswordResets } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const common = {
    userPoolId: config.require("userPoolId"),
    rotationKey: config.get("rotationKey"),
    rotation: { every: "90d" },
    endpoint: config.get("endpoint"),
};
const username = config.require("username");
const usernames = config.requireObject<string[]>("usernames");

/** A resource of the plugin, by its type token, as a generated SDK declares it. */
class PluginResource extends pulumi.CustomResource {
    declare readonly resetCount: pulumi.Output<number>;
    declare readonly summary: pulumi.Output<{ users: number; upToDate: number }>;
    constructor(type: string, name: string, props: pulumi.Inputs) {
        super(type, name, props);
    }
}

let single: pulumi.Output<number>;
let pool: pulumi.Output<{ users: number; upToDate: number }>;
if (config.require("frontDoor") === "dynamic") {
    single = new UserPasswordReset("alice", { ...common, username }).resetCount;
    pool = new UserPasswordResets("staff", { ...common, usernames }).summary;
} else {
    const adopt = { ...common, initialReset: "scheduled" };
    single = new PluginResource("cognito-password-reset:index:UserPasswordReset", "alice", {
        ...adopt,
        username,
        resetCount: undefined,
    }).resetCount;
    // A pool resource of the plugin is one resource, not a component: it takes a name of its own.
    pool = new PluginResource("cognito-password-reset:index:UserPasswordResets", "staff-pool", {
        ...adopt,
        usernames,
        summary: undefined,
    }).summary;
}
export const resetCount = single;
export const summary = pool;
