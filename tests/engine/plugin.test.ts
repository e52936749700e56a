/**
 * Engine tier: the provider plugin, installed with `pulumi plugin install`
 * from the tarball of `npm run plugin`, serving a Pulumi YAML program
 * (examples/yaml, run by the YAML language host) and a TypeScript program
 * that moves from the dynamic resources to the plugin's, through the real
 * engine against moto, with every call counted at the recording proxy.
 *
 * | scenario                                              | expected calls                          |
 * |-------------------------------------------------------|-----------------------------------------|
 * | YAML: create                                          | 1 reset                                 |
 * | YAML: rerun, same inputs, secret clientMetadata       | none; preview shows no change           |
 * | YAML: new rotationKey                                 | 1 reset, in place                       |
 * | YAML: the clock enters the next 90-day period         | 1 reset; rotationPeriod moves on        |
 * | YAML: refresh                                         | 1 AdminGetUser; userStatus read         |
 * | YAML: destroy                                         | no reset                                |
 * | YAML: bad input                                       | preview fails naming the field; no call |
 * | YAML pool: a group selected, adopted, then a period on | none; then one per eligible member      |
 * | TypeScript: dynamic resources, then the plugin's      | the move: no reset; then a new key: 1+3 |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { CLOCK_ENV } from "../../provider/core/clock";
import { rotationPeriod } from "../../provider/core/rotation";
import { batchOf } from "../../provider/program/batch";
import { addToGroup, createUser, createUsers } from "../../dev/seed";
import { configure, failureText, REPO, withStack } from "../support/engine";
import { withPool } from "../support/fixtures";
import { moto } from "../support/hooks";
import { installPlugin } from "../../dev/plugin";

const RESET = "AdminResetUserPassword";
const READ = "AdminGetUser";
const YAML_PROGRAM = path.join(REPO, "examples", "yaml");
const YAML_POOL_PROGRAM = path.join(REPO, "examples", "yaml-pool");
const MOVE_PROGRAM = path.join(REPO, "tests", "engine", "move-program");
const CAMPAIGN = "campaign-secret-5e91c2";
const NO_COLOR = { color: "never" as const };

/** The example's period (every 90 days from 2026-01-01) for alice at `at`. */
function periodAt(pool: string, at: string): string {
    return rotationPeriod(YAML_ROTATION, new Date(at), { userPoolId: pool, username: "alice" }).label;
}
const YAML_ROTATION = { every: "90d", anchor: "2026-01-01" };

function setClock(stack: Stack, at: string): void {
    (stack.workspace as LocalWorkspace).envVars[CLOCK_ENV] = at;
}

describe("engine: the provider plugin", function () {
    this.timeout(900_000);

    it("GIVEN the YAML example WHEN created, rerun, rotated, rolled into a new period, refreshed and destroyed THEN each step makes exactly the calls it should", async () => {
        await withPool(async ({ pool, proxy }) => {
            await createUser(moto().endpoint, pool, "alice");
            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: "eu-west-1" };
            await withStack({ program: YAML_PROGRAM, env }, async ({ stack, env: cliEnv, stateText }) => {
                installPlugin(cliEnv);
                setClock(stack, "2026-05-01T02:00:00Z");
                await configure(stack, { userPoolId: pool, username: "alice" });
                await stack.setConfig("campaign", { value: CAMPAIGN, secret: true });
                const resets = () => proxy.succeeded(RESET).length;

                const created = await stack.up(NO_COLOR);
                assert.equal(resets(), 1, "create resets once");
                assert.equal(created.outputs.resetCount.value, 1);
                assert.equal(created.outputs.rotationPeriod.value, periodAt(pool, "2026-05-01T02:00:00Z"));
                assert.deepEqual(proxy.callsOf(RESET)[0].body.ClientMetadata, { campaign: CAMPAIGN });
                assert.ok(!stateText().includes(CAMPAIGN), "clientMetadata is a secret in the state");

                const preview = await stack.preview(NO_COLOR);
                assert.deepEqual(Object.keys(preview.changeSummary), ["same"], "a rerun shows no change");
                await stack.up(NO_COLOR);
                assert.equal(resets(), 1, "a rerun makes no call");

                await stack.setConfig("rotationKey", { value: "2027-Q1" });
                const rotated = await stack.up(NO_COLOR);
                assert.equal(resets(), 2, "a new rotation key resets once");
                assert.equal(rotated.outputs.resetCount.value, 2);
                assert.equal(rotated.summary.resourceChanges?.update, 1);

                setClock(stack, "2026-07-01T02:00:00Z");
                const rolled = await stack.up(NO_COLOR);
                assert.equal(resets(), 3, "the next period resets once");
                assert.equal(rolled.outputs.rotationPeriod.value, periodAt(pool, "2026-07-01T02:00:00Z"));
                assert.notEqual(rolled.outputs.rotationPeriod.value, created.outputs.rotationPeriod.value);

                const reads = proxy.callsOf(READ).length;
                await stack.refresh(NO_COLOR);
                assert.equal(proxy.callsOf(READ).length, reads + 1, "refresh reads the user once");
                assert.equal((await stack.outputs()).userStatus.value, "RESET_REQUIRED");

                await stack.destroy(NO_COLOR);
                assert.equal(resets(), 3, "destroy makes no call");
                assert.ok(!stateText().includes(CAMPAIGN));
            });
        });
    });

    it("GIVEN the YAML example with a malformed pool id WHEN previewed THEN it fails naming userPoolId, and nothing is sent", async () => {
        await withPool(async ({ proxy }) => {
            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: "eu-west-1" };
            await withStack({ program: YAML_PROGRAM, env }, async ({ stack, env: cliEnv }) => {
                installPlugin(cliEnv);
                await configure(stack, { userPoolId: "not a pool", username: "alice" });
                await stack.setConfig("campaign", { value: CAMPAIGN, secret: true });
                const text = await failureText(() => stack.preview(NO_COLOR));
                assert.match(text, /userPoolId 'not a pool' does not match Cognito's pattern/);
                assert.equal(proxy.calls.length, 0);
            });
        });
    });

    it("GIVEN the YAML pool example selecting a group of 3 eligible members and a disabled one WHEN adopted, then run a period later, then destroyed THEN no call, then one reset per eligible member, then none", async () => {
        await withPool(async ({ pool, proxy }) => {
            // Moto dates users by the machine's clock; the proxy dates them before the runs' simulated one.
            proxy.createUsersAt(new Date("2026-04-01T00:00:00Z"));
            await createUsers(moto().endpoint, pool, ["m1", "m2", "m3", "outsider"]);
            await createUser(moto().endpoint, pool, "m-disabled", "DISABLED");
            await addToGroup(moto().endpoint, pool, "admins", ["m1", "m2", "m3", "m-disabled"]);
            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: "eu-west-1" };
            await withStack({ program: YAML_POOL_PROGRAM, env }, async ({ stack, env: cliEnv }) => {
                installPlugin(cliEnv);
                await configure(stack, { userPoolId: pool, group: "admins" });
                setClock(stack, "2026-05-01T02:00:00Z");
                const adopted = await stack.up(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 0, "the adoption made a call");
                const summary = adopted.outputs.summary.value as { users: number; excluded: object };
                assert.equal(summary.users, 3);
                assert.deepEqual(summary.excluded, { USER_DISABLED: 1 });

                setClock(stack, "2026-06-01T02:00:00Z");
                await stack.up(NO_COLOR);
                assert.deepEqual(
                    proxy
                        .succeeded(RESET)
                        .map((c) => String(c.body.Username))
                        .sort(),
                    ["m1", "m2", "m3"],
                    "each eligible member once, in the 31 days after adoption",
                );
                await stack.destroy(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 3, "destroy makes no call");
            });
        });
    });

    it("GIVEN a stack of the dynamic resources WHEN the program moves to the plugin's resources with initialReset scheduled THEN no one is reset, and the plugin's resources reset on the next new key", async () => {
        await withPool(async ({ pool, proxy }) => {
            const usernames = ["ann", "bob", "cyd"];
            await createUsers(moto().endpoint, pool, ["alice", ...usernames]);
            await withStack({ program: MOVE_PROGRAM }, async ({ stack, env: cliEnv }) => {
                installPlugin(cliEnv);
                await configure(stack, {
                    userPoolId: pool,
                    username: "alice",
                    usernames,
                    endpoint: proxy.endpoint,
                    frontDoor: "dynamic",
                });
                await stack.up(NO_COLOR);
                assert.equal(proxy.succeeded(RESET).length, 4, "the dynamic resources reset all four users");

                await stack.setConfig("frontDoor", { value: "plugin" });
                const moved = await stack.up(NO_COLOR);
                assert.equal(proxy.callsOf(RESET).length, 4, "the move makes no AdminResetUserPassword call");
                assert.equal(moved.outputs.resetCount.value, 0, "the single reset adopted its user");
                const adopted = moved.outputs.summary.value as { users: number; upToDate: number };
                assert.deepEqual([adopted.users, adopted.upToDate], [3, 3], "the pool adopted its users");
                // The single reset, the component, its layout and one batch per hash bucket in use (of 16).
                const batches = new Set(usernames.map((u) => batchOf(u, 16))).size;
                assert.equal(
                    moved.summary.resourceChanges?.delete,
                    3 + batches,
                    "the dynamic resources left the state",
                );

                await stack.setConfig("rotationKey", { value: "k2" });
                await stack.up(NO_COLOR);
                assert.equal(proxy.succeeded(RESET).length, 8, "the plugin's resources reset on a new key");
            });
        });
    });
});
