/**
 * Engine tier: secrets under `--debug`. A clientMetadata value from secret
 * config is sent to Cognito, and appears in nothing that the `pulumi`
 * commands users add to a red CI job print, nor in the state (not even
 * encrypted: `pulumi stack export --show-secrets`), its backups or history.
 * Through the real engine against moto behind the fault layer, whose echoing
 * trigger plays a pool's Lambda trigger that quotes the metadata back.
 *
 * | front door          | commands                                                                   | expected            |
 * |---------------------|----------------------------------------------------------------------------|---------------------|
 * | TypeScript: a single reset and a pool of two | preview --debug, up --debug, preview --debug (no change), up -v=9 --logtostderr --logflow, a failing up --debug --continue-on-error (echoing trigger), refresh --debug, destroy --debug | the value 0 times in each |
 * | TypeScript: a state written by 0.1.0 (the values in inputs and outputs) | up, then up again        | one update per resource, no call; then no change; no value left |
 * | YAML, through the plugin | preview --debug, up --debug, preview --debug (no change), refresh --debug, destroy --debug | the value 0 times in each |
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createUser, createUsers } from "../../dev/seed";
import { runPulumi } from "../../dev/process";
import { installPlugin } from "../../dev/plugin";
import { withPool } from "../support/fixtures";
import { configure, REPO, TestStack, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { Proxy } from "../../dev/proxy";

const RESET = "AdminResetUserPassword";
const SECRET = "PROBE-SECRET-4242";
const SECRET_PROGRAM = path.join(__dirname, "secret-program");
const YAML_PROGRAM = path.join(REPO, "examples", "yaml");

/** How many times `needle` occurs in `text`. */
const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/**
 * Runs `fn` with a stack of the secret program: a single reset of 'solo' and a
 * pool of 'pa' and 'pd' (one in each of its two batches), clientMetadata
 * `{ token: SECRET }` from secret config, through a proxy in front of moto.
 */
async function withSecretStack(
    opts: { skipDestroy?: boolean },
    fn: (t: TestStack, proxy: Proxy) => Promise<void>,
): Promise<void> {
    await withPool(async ({ pool, proxy }) => {
        await createUser(moto().endpoint, pool, "solo");
        await createUsers(moto().endpoint, pool, ["pa", "pd"]);
        await withStack({ program: SECRET_PROGRAM, ...opts }, async (t) => {
            await configure(t.stack, {
                userPoolId: pool,
                endpoint: proxy.endpoint,
                single: "solo",
                pool: ["pa", "pd"],
            });
            await t.stack.setConfig("clientMetadata", { value: JSON.stringify({ token: SECRET }), secret: true });
            await fn(t, proxy);
        });
    });
}

/** Runs `pulumi ARGS` for the stack; returns its exit code and everything it printed. */
function pulumi(t: TestStack, args: string[]) {
    return runPulumi([...args, "--stack", t.stack.name, "--non-interactive", "--color", "never"], {
        cwd: t.dir,
        env: { ...t.env, PULUMI_COGNITO_PASSWORD_RESET_PROGRESS_SECONDS: "0" },
    });
}

/** The stack's state with every secret decrypted. */
function exportedWithSecrets(t: TestStack): string {
    return execFileSync("pulumi", ["stack", "export", "--show-secrets", "--stack", t.stack.name], {
        cwd: t.dir,
        env: t.env,
        encoding: "utf8",
    });
}

/**
 * The decrypted state of this package's resources. The engine also records
 * the stack's whole config, encrypted, as the inputs of the default provider
 * resource of the language (`pulumi:providers:…`): that is where the user put
 * the value, and it is left out here.
 */
function ourResources(t: TestStack): string {
    const resources: { type: string }[] = JSON.parse(exportedWithSecrets(t)).deployment.resources;
    return JSON.stringify(resources.filter((r) => !r.type.startsWith("pulumi:providers:")));
}

/** Runs each command in turn, expecting each exit code; adds the value's count in each one's output to `counts`. */
async function countEach(
    t: TestStack,
    commands: [string[], "ok" | "fails", () => void][],
    counts: Record<string, number> = {},
) {
    for (const [args, expected, before] of commands) {
        const step = Object.keys(counts).length + 1;
        before();
        const r = await pulumi(t, args);
        assert.equal(r.code === 0, expected === "ok", `pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
        counts[`${step}. pulumi ${args.join(" ")}`] = occurrences(r.output, SECRET);
    }
    return counts;
}

/**
 * The value is in no state file (backups and history included) and in none of
 * the package's resources decrypted; then `destroy --debug` runs, and every
 * command's output counted so far holds it 0 times.
 */
async function assertNowhere(t: TestStack, counts: Record<string, number>): Promise<void> {
    assert.equal(occurrences(t.stateText(), SECRET), 0, "the state, its backups or history");
    assert.equal(occurrences(ourResources(t), SECRET), 0, "the decrypted state");
    await countEach(t, [[["destroy", "--yes", "--debug"], "ok", () => undefined]], counts);
    assert.deepEqual(
        Object.values(counts),
        Object.keys(counts).map(() => 0),
        `the value's count per command: ${JSON.stringify(counts, null, 1)}`,
    );
}

describe("engine: secrets stay secret under --debug", function () {
    this.timeout(900_000);

    it("GIVEN a single reset and a pool with a secret clientMetadata WHEN previewed, created, rerun, failed on an echoing trigger, refreshed and destroyed with --debug or -v=9 THEN the value appears in no output and nowhere in the state", async () => {
        await withSecretStack({ skipDestroy: true }, async (t, proxy) => {
            const nothing = () => undefined;
            const counts = await countEach(t, [
                [["preview", "--debug"], "ok", nothing],
                [["up", "--yes", "--debug"], "ok", nothing],
                [["preview", "--debug"], "ok", nothing],
                [["up", "--yes", "-v=9", "--logtostderr", "--logflow"], "ok", nothing],
                [
                    ["up", "--yes", "--debug", "--continue-on-error"],
                    "fails",
                    () => {
                        proxy.setEchoTrigger(true);
                        execFileSync("pulumi", ["config", "set", "rotationKey", "k2", "--stack", t.stack.name], {
                            cwd: t.dir,
                            env: t.env,
                        });
                    },
                ],
                [["refresh", "--yes", "--debug"], "ok", () => proxy.setEchoTrigger(false)],
            ]);
            const sent = proxy.callsOf(RESET).filter((c) => JSON.stringify(c.body).includes(SECRET));
            assert.equal(sent.length, 6, "the value is sent with each reset: 3 created, 3 refused by the trigger");
            await assertNowhere(t, counts);
        });
    });

    it("GIVEN a state written by 0.1.0, with the values in inputs and outputs WHEN upgraded THEN one update per resource with no call, then no change, and no value left", async () => {
        await withSecretStack({}, async (t, proxy) => {
            await t.stack.up({ color: "never" });
            assert.equal(proxy.succeeded(RESET).length, 3);
            // What 0.1.0 recorded: the values themselves (as secrets) where this release records digests.
            const state = JSON.parse(exportedWithSecrets(t));
            let replaced = 0;
            for (const r of state.deployment.resources) {
                for (const bag of [r.inputs, r.outputs]) {
                    const meta = bag?.clientMetadata;
                    if (!meta?.plaintext) continue;
                    meta.plaintext = JSON.stringify({ token: SECRET });
                    replaced++;
                }
            }
            assert.equal(replaced, 6, "a single reset and two batches, inputs and outputs");
            const file = path.join(t.dir, "v0.1.0-state.json");
            fs.writeFileSync(file, JSON.stringify(state));
            execFileSync("pulumi", ["stack", "import", "--file", file, "--stack", t.stack.name], {
                cwd: t.dir,
                env: t.env,
            });
            fs.rmSync(file);
            assert.ok(ourResources(t).includes(SECRET), "the 0.1.0 state holds the value");

            const upgrade = await t.stack.up({ color: "never" });
            assert.deepEqual(upgrade.summary.resourceChanges, { same: 3, update: 3 });
            assert.equal(proxy.callsOf(RESET).length, 3, "the upgrade made a call");
            const rerun = await t.stack.preview({ color: "never" });
            assert.deepEqual(rerun.changeSummary, { same: 6 });
            assert.equal(occurrences(ourResources(t), SECRET), 0, "the value is left in the state");
        });
    });

    it("GIVEN the YAML example with a secret campaign, through the plugin WHEN previewed, created, rerun, refreshed and destroyed with --debug THEN the value appears in no output and nowhere in the state", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "alice");
            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: "eu-west-1" };
            await withStack({ program: YAML_PROGRAM, env, skipDestroy: true }, async (t) => {
                installPlugin(t.env);
                await configure(t.stack, { userPoolId: pool, username: "alice" });
                await t.stack.setConfig("campaign", { value: SECRET, secret: true });
                const nothing = () => undefined;
                const counts = await countEach(t, [
                    [["preview", "--debug"], "ok", nothing],
                    [["up", "--yes", "--debug"], "ok", nothing],
                    [["preview", "--debug"], "ok", nothing],
                    [["refresh", "--yes", "--debug"], "ok", nothing],
                ]);
                assert.deepEqual(proxy.succeeded(RESET)[0]?.body.ClientMetadata, { campaign: SECRET });
                await assertNowhere(t, counts);
            });
        });
    });
});
