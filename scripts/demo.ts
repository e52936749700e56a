/**
 * `npm run demo`: starts a local Cognito (moto), seeds a pool and a verified
 * user, runs `pulumi up` of the root stack (index.ts) on a local backend, shows
 * the user's status go to RESET_REQUIRED, then changes the rotation key and
 * shows the second reset. Everything it starts or writes is removed at the end.
 */
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { choosePassword, createPool, createUser, userStatus } from "../dev/seed";
import { startMoto } from "../dev/moto";

const ROOT = path.resolve(__dirname, "..");
const say = (msg: string) => console.log(`\n=== ${msg}`);

async function main(): Promise<void> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-demo-"));
    say("starting a local Cognito (moto)");
    const moto = await startMoto();
    const stackName = `demo-${process.pid}`;
    try {
        // Dummy credentials for the local endpoint; a real run uses the AWS SDK's default chain.
        const credentials = {
            AWS_ACCESS_KEY_ID: "AKIADEMODEMODEMODEMO",
            AWS_SECRET_ACCESS_KEY: "demo-secret-not-real",
        };
        Object.assign(process.env, credentials);
        const pool = await createPool(moto.endpoint, "demo-pool");
        await createUser(moto.endpoint, pool, "alice");
        console.log(`pool ${pool}, user alice: ${await userStatus(moto.endpoint, pool, "alice")}`);

        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName, workDir: ROOT },
            {
                pulumiHome: path.join(work, "home"),
                pulumiCommand: await PulumiCommand.get({ skipVersionCheck: true }),
                envVars: {
                    ...credentials,
                    PULUMI_BACKEND_URL: `file://${work}`,
                    PULUMI_CONFIG_PASSPHRASE: "demo",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    // The standard AWS SDK setting: every Cognito call goes to the local endpoint.
                    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto.endpoint,
                },
            },
        );
        const out = {
            onOutput: (s: string) => process.stdout.write(s),
            color: process.stdout.isTTY ? ("always" as const) : ("never" as const),
        };
        try {
            await stack.setAllConfig({ userPoolId: { value: pool }, username: { value: "alice" } });

            say("pulumi up: the first reset");
            await stack.up(out);
            console.log(`alice is now ${await userStatus(moto.endpoint, pool, "alice")}`);

            say("alice chooses a new password; pulumi preview of an unchanged program shows no change");
            await choosePassword(moto.endpoint, pool, "alice");
            await stack.preview(out);
            console.log(`alice is ${await userStatus(moto.endpoint, pool, "alice")}`);

            say("rotationKey set to 2026-Q4: pulumi preview --diff, then pulumi up: the second reset");
            await stack.setConfig("rotationKey", { value: "2026-Q4" });
            await stack.preview({ ...out, diff: true });
            await stack.up(out);
            console.log(`alice is now ${await userStatus(moto.endpoint, pool, "alice")}`);

            say("pulumi destroy (no call: a reset cannot be undone)");
            await stack.destroy(out);
        } finally {
            await stack.workspace.removeStack(stackName).catch(() => undefined);
        }
    } finally {
        await moto.stop();
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(path.join(ROOT, `Pulumi.${stackName}.yaml`), { force: true });
    }
    say("done");
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
