/**
 * The examples are real programs: `basic` runs with `pulumi up` against the
 * local Cognito; `with-user-pool` needs the AWS provider plugin, which cannot
 * be downloaded here, so it is type-checked against @pulumi/aws;
 * `scheduled-rotation` runs night after night as its pipelines run it, with
 * the packed package installed by name; `automation` (a job through the
 * Automation API) is type-checked here and run by tests/engine/automation.test.ts;
 * `scheduled-rotation/deployments` (Pulumi Deployments' schedule, which needs
 * Pulumi Cloud) is type-checked only.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createPool, createUser, createUsers, userStatus } from "../../dev/seed";
import { packPackage, REPO, typeCheckStrict, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { CLOCK_ENV } from "../../provider/core/clock";
import type { PoolSummary } from "../../provider/core/summary";
import { rotationPeriod } from "../../provider/core/rotation";

const EXAMPLES = path.join(REPO, "examples");
const PACKAGE: { name: string; version: string } = require(path.join(REPO, "package.json"));

describe("examples", function () {
    this.timeout(300_000);

    it("GIVEN examples/basic WHEN run with pulumi up and then a new rotationKey THEN the user is reset twice", async () => {
        const pool = await createPool(moto().endpoint);
        await createUser(moto().endpoint, pool, "alice");
        const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto().endpoint };
        await withStack({ program: path.join(EXAMPLES, "basic"), env }, async ({ stack }) => {
            await stack.setAllConfig({ userPoolId: { value: pool }, username: { value: "alice" } });
            const first = await stack.up({ color: "never" });
            assert.equal(first.outputs.resetCount.value, 1);
            assert.equal(await userStatus(moto().endpoint, pool, "alice"), "RESET_REQUIRED");
            await stack.setConfig("rotationKey", { value: "2026-Q4" });
            const second = await stack.up({ color: "never" });
            assert.equal(second.outputs.resetCount.value, 2);
        });
    });

    const checked = [
        "basic/index.ts",
        "with-user-pool/index.ts",
        "automation/nightly.ts",
        "scheduled-rotation/deployments/index.ts",
    ];
    for (const file of checked) {
        it(`GIVEN examples/${file} WHEN type-checked strictly THEN tsc reports no error`, () => {
            // Throws (with tsc's diagnostics) on any type error.
            assert.doesNotThrow(() => typeCheckStrict(path.join(EXAMPLES, file), REPO, ["--types", "node"]));
        });
    }

    // examples/scheduled-rotation, as a user runs it: installed by name (its
    // package.json asks for "pulumi-cognito-password-reset" by semver range, as
    // from a registry), planned and applied as its pipelines do, night after
    // night. 50 users, so that `maxResetsPerRun: 45` bites. Each user's first
    // boundary after adoption (b) comes from the exported rotationPeriod.
    //
    // | night (from adoption T0)     | run                            | expected                                 |
    // |------------------------------|--------------------------------|------------------------------------------|
    // | T0                           | preview --save-plan, up --plan | 50 adopted, nobody reset                 |
    // | T0, again                    | preview                        | no change                                |
    // | T0 + 45 days, T0's plan      | up --plan                      | refused by the plan, nobody reset        |
    // | T0 + 1, 45 and 90 days       | up                             | exactly the users with b since last run  |
    // |                              |                                | (spread over the nights; 50 in all)      |
    // | T0 + 91 days, rotateNow set  | up                             | 45 reset, 5 deferred                     |
    // | T0 + 91 days, again          | up, then preview               | the 5 deferred reset; then no change     |
    describe("examples/scheduled-rotation, installed by name", function () {
        this.timeout(600_000);
        const example = path.join(EXAMPLES, "scheduled-rotation");
        let root: string;
        let nodeModules: string;

        // The packed package (what a registry would serve), unpacked as
        // node_modules/pulumi-cognito-password-reset beside links to the
        // repository's other packages. (The dynamic-provider host loads the
        // provider module by name from the repository's own @pulumi/pulumi,
        // so that side runs the repository's build, from the same sources.)
        before(() => {
            root = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-example-"));
            nodeModules = path.join(root, "node_modules");
            const tarball = packPackage(root);
            const installed = path.join(nodeModules, PACKAGE.name);
            fs.mkdirSync(installed, { recursive: true });
            execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
            for (const entry of fs.readdirSync(path.join(REPO, "node_modules"))) {
                if (entry === PACKAGE.name || entry === ".bin" || entry.startsWith(".")) continue;
                fs.symlinkSync(path.join(REPO, "node_modules", entry), path.join(nodeModules, entry), "dir");
            }
        });

        after(() => {
            if (root) fs.rmSync(root, { recursive: true, force: true });
        });

        it("GIVEN its package.json WHEN read THEN it asks for the package by name with a range that this version satisfies", () => {
            const manifest = JSON.parse(fs.readFileSync(path.join(example, "package.json"), "utf8"));
            const range: string = manifest.dependencies[PACKAGE.name];
            assert.ok(caretSatisfies(range, PACKAGE.version), `${range} does not accept ${PACKAGE.version}`);
        });

        it("GIVEN the installed package WHEN the example is type-checked strictly THEN tsc reports no error", () => {
            const program = path.join(root, "typecheck");
            fs.mkdirSync(program);
            fs.copyFileSync(path.join(example, "index.ts"), path.join(program, "index.ts"));
            fs.symlinkSync(nodeModules, path.join(program, "node_modules"), "dir");
            // Throws (with tsc's diagnostics) on any type error.
            assert.doesNotThrow(() => typeCheckStrict("index.ts", program, ["--types", "node"]));
        });

        it("GIVEN a pool of 50 users WHEN the pipeline runs night after night THEN adoption resets nobody, a stale plan is refused, each user is reset once a period on its own night, and a reset of everyone is spread at 45 a run", async () => {
            const endpoint = moto().endpoint;
            const pool = await createPool(endpoint);
            const usernames = Array.from({ length: 50 }, (_, i) => `user-${String(i).padStart(2, "0")}`);
            await createUsers(endpoint, pool, usernames);
            const resetRequired = async () =>
                (await Promise.all(usernames.map((u) => userStatus(endpoint, pool, u)))).filter(
                    (s) => s === "RESET_REQUIRED",
                ).length;
            const T0 = Date.parse("2026-11-26T02:17:00Z");
            const DAY = 86_400_000;
            const night = (days: number) => new Date(T0 + days * DAY).toISOString();
            const boundary = (username: string) =>
                rotationPeriod({ every: "90d", stagger: true }, new Date(T0), { userPoolId: pool, username }).end;
            /** How many users' first boundary after adoption falls in (T0 + from days, T0 + to days]. */
            const fallDue = (from: number, to: number) =>
                usernames.filter(
                    (u) => boundary(u).getTime() > T0 + from * DAY && boundary(u).getTime() <= T0 + to * DAY,
                ).length;

            const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint, [CLOCK_ENV]: night(0) };
            await withStack({ program: example, nodeModules, env }, async ({ stack, dir, env: cliEnv }) => {
                const setNight = (days: number) => {
                    (stack.workspace as LocalWorkspace).envVars[CLOCK_ENV] = night(days);
                    cliEnv[CLOCK_ENV] = night(days);
                };
                const summary = async (): Promise<PoolSummary> => (await stack.outputs()).summary.value as PoolSummary;
                const nightlyUp = async () => {
                    await stack.up({ color: "never" });
                    return summary();
                };
                const changes = async () => Object.keys((await stack.preview({ color: "never" })).changeSummary);
                await stack.setAllConfig({
                    userPoolId: { value: pool },
                    usernames: { value: JSON.stringify(usernames) },
                });

                // Adoption, as the pipelines run it: a saved plan, then `up` held to it.
                const pulumi = (...args: string[]) =>
                    execFileSync("pulumi", [...args, "--stack", stack.name, "--cwd", dir, "--non-interactive"], {
                        env: cliEnv,
                        encoding: "utf8",
                        stdio: "pipe",
                    });
                const plan = path.join(dir, "plan.json");
                pulumi("preview", "--diff", "--save-plan", plan);
                pulumi("up", "--yes", "--plan", plan);
                let s = await summary();
                assert.equal(s.users, 50);
                assert.equal(s.upToDate, 50);
                assert.equal(s.lastRun?.adopted, 50);
                assert.equal(s.lastRun?.reset, 0);
                assert.equal(await resetRequired(), 0, "adopting the pool resets nobody");
                assert.deepEqual(await changes(), ["same"], "a rerun on the same night changes nothing");

                // A plan is held to: one saved tonight, applied on a night when users fall due, fails and resets nobody.
                pulumi("preview", "--save-plan", plan);
                setNight(45);
                assert.throws(
                    () => pulumi("up", "--yes", "--plan", plan),
                    (e: { stdout?: string; stderr?: string }) =>
                        /violates plan|is not allowed by the plan/.test(`${e.stdout}${e.stderr}`),
                );
                assert.equal(await resetRequired(), 0);

                let resets = 0;
                for (const [from, to] of [
                    [0, 1],
                    [1, 45],
                    [45, 90],
                ]) {
                    setNight(to);
                    s = await nightlyUp();
                    const expected = fallDue(from, to);
                    assert.equal(s.lastRun?.reset ?? 0, expected, `night ${to}: the users whose own night came`);
                    assert.equal(s.due, 0);
                    resets += expected;
                    assert.equal(await resetRequired(), resets);
                }
                assert.equal(resets, 50, "each user reset once in the period");
                assert.ok(fallDue(1, 45) > 0 && fallDue(45, 90) > 0, "staggered: users fall due on different nights");

                setNight(91);
                await stack.setConfig("rotateNow", { value: "INC-1234" });
                s = await nightlyUp();
                assert.equal(s.lastRun?.reset, 45);
                assert.equal(s.lastRun?.deferred, 5);
                assert.equal(s.due, 5);

                s = await nightlyUp();
                assert.equal(s.lastRun?.reset, 5);
                assert.equal(s.lastRun?.deferred, 0);
                assert.equal(s.due, 0);
                assert.deepEqual(await changes(), ["same"]);
            });
        });
    });
});

/** Whether `version` satisfies a caret range `^X.Y.Z` (npm's rules, without pre-releases). */
function caretSatisfies(range: string, version: string): boolean {
    const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    const v = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!r || !v) return false;
    const [rMajor, rMinor, rPatch] = r.slice(1).map(Number);
    const [major, minor, patch] = v.slice(1).map(Number);
    const atLeast = major > rMajor || (major === rMajor && (minor > rMinor || (minor === rMinor && patch >= rPatch)));
    if (!atLeast) return false;
    // ^1.2.3: <2.0.0; ^0.2.3: <0.3.0; ^0.0.3: <0.0.4
    if (rMajor > 0) return major === rMajor;
    if (rMinor > 0) return major === 0 && minor === rMinor;
    return major === 0 && minor === 0 && patch === rPatch;
}
