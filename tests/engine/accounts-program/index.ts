// Declares the resources listed in the config key `resources` (JSON), each
// `{ kind: "reset" | "resets", name, args }`, with `args` passed as they are:
// a test declares any inputs (`assumeRole`, `profile`, ...) by config alone.
// Exports each one's outputs: a UserPasswordReset's counts and status, a
// UserPasswordResets' summary.
import * as pulumi from "@pulumi/pulumi";
import {
    UserPasswordReset,
    UserPasswordResetArgs,
    UserPasswordResets,
    UserPasswordResetsArgs,
} from "pulumi-cognito-password-reset";

type Declared =
    | { kind: "reset"; name: string; args: UserPasswordResetArgs }
    | { kind: "resets"; name: string; args: UserPasswordResetsArgs };

const declared = new pulumi.Config().requireObject<Declared[]>("resources");

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const d of declared) {
    if (d.kind === "reset") {
        const r = new UserPasswordReset(d.name, d.args);
        outputs[d.name] = pulumi.output({ resetCount: r.resetCount, userStatus: r.userStatus });
    } else {
        outputs[d.name] = new UserPasswordResets(d.name, d.args).summary;
    }
}

export const resources = outputs;
