// The program the engine tests run with the real Pulumi engine. Each stack's
// config key `resets` lists the resets to declare, so a test changes its
// program by changing config. Client metadata comes from the environment
// variable TEST_CLIENT_METADATA (JSON) so that it is given in plain text, as a
// user would, without being written to a config file.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

interface Declared {
    name: string;
    userPoolId: string;
    username: string;
    rotationKey?: string;
    rotation?: { every: string; anchor?: string; stagger?: boolean };
    region?: string;
    endpoint?: string;
    withMetadata?: boolean;
    initialReset?: "immediate" | "scheduled";
}

const config = new pulumi.Config();
const resets = config.requireObject<Declared[]>("resets");
const metadata: Record<string, string> | undefined = process.env.TEST_CLIENT_METADATA
    ? JSON.parse(process.env.TEST_CLIENT_METADATA)
    : undefined;

const declared: Record<string, UserPasswordReset> = {};
for (const r of resets) {
    declared[r.name] = new UserPasswordReset(r.name, {
        userPoolId: r.userPoolId,
        username: r.username,
        rotationKey: r.rotationKey,
        rotation: r.rotation,
        region: r.region,
        endpoint: r.endpoint,
        clientMetadata: r.withMetadata ? metadata : undefined,
        initialReset: r.initialReset,
    });
}

export const outputs = Object.fromEntries(
    Object.entries(declared).map(([name, r]) => [
        name,
        {
            lastResetAt: r.lastResetAt,
            resetCount: r.resetCount,
            userStatus: r.userStatus,
            lastResetRotationKey: r.lastResetRotationKey,
            username: r.username,
        },
    ]),
);
export const clientMetadata = pulumi.output(
    Object.fromEntries(Object.entries(declared).map(([n, r]) => [n, r.clientMetadata])),
);
