/**
 * Packaging tier: the packed package, installed from its tarball into a fresh
 * program outside the repository, used the way a user would, with `pulumi up`.
 * It also measures the state size of one reset resource.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createPool, createUser, userStatus } from "../../dev/seed";
import { packPackage, REPO, withStack } from "../support/engine";
import { moto } from "../support/hooks";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset } from "pulumi-cognito-password-reset";

const config = new pulumi.Config();
const reset = new UserPasswordReset("user", {
    userPoolId: config.require("userPoolId"),
    username: config.require("username"),
    rotationKey: "2026-Q4",
});
export const resetCount = reset.resetCount;
export const userStatus = reset.userStatus;
`;

function devVersion(name: string): string {
    return require(path.join(REPO, "node_modules", name, "package.json")).version;
}

describe("packaging: the published package in a fresh program", function () {
    this.timeout(600_000);
    let root: string;
    let program: string;

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-pack-"));
        program = path.join(root, "program");
        fs.mkdirSync(program);
        const tarball = packPackage(root);
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: packaged-user\nruntime: nodejs\n");
        fs.writeFileSync(path.join(program, "index.ts"), PROGRAM);
        fs.writeFileSync(
            path.join(program, "package.json"),
            JSON.stringify({
                name: "packaged-user",
                private: true,
                main: "index.ts",
                dependencies: {
                    "pulumi-cognito-password-reset": `file:${tarball}`,
                    "@pulumi/pulumi": devVersion("@pulumi/pulumi"),
                    typescript: devVersion("typescript"),
                },
                allowScripts: { protobufjs: false },
            }),
        );
        fs.writeFileSync(
            path.join(program, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node" },
            }),
        );
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--install-links"], {
            cwd: program,
            stdio: "pipe",
        });
    });

    after(() => {
        if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it("GIVEN the tarball WHEN listed THEN it ships the built code and types, no sources, tests or tools", () => {
        const installed = path.join(program, "node_modules", "pulumi-cognito-password-reset");
        assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "installed as a copy, as from a registry");
        const files = fs
            .readdirSync(installed, { recursive: true, withFileTypes: true })
            .filter((e) => e.isFile())
            .map((e) => path.relative(installed, path.join(e.parentPath, e.name)));
        assert.ok(files.includes(path.join("dist", "index.d.ts")));
        assert.ok(files.includes(path.join("dist", "host", "provider-host.js")));
        const shipped = (f: string) =>
            ["package.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(f) ||
            /^dist\/((core|program|host|policy)\/)?[\w-]+\.(js|d\.ts)$/.test(f) ||
            /^policy-pack\/(PulumiPolicy\.yaml|index\.js|package\.json)$/.test(f);
        assert.deepEqual(
            files.filter((f) => !shipped(f)),
            [],
        );
    });

    it("GIVEN the installed package WHEN a program requires pulumi-cognito-password-reset/policy THEN it gets the policy pack's rule", () => {
        const name = execFileSync(
            process.execPath,
            ["-p", 'require("pulumi-cognito-password-reset/policy").rotationRequiredPolicy.name'],
            { cwd: program, encoding: "utf8" },
        );
        assert.equal(name.trim(), "cognito-password-reset-rotation");
    });

    it("GIVEN a user's TypeScript program WHEN pulumi up runs THEN the user is reset and the state holds a small provider that loads the installed package", async () => {
        const pool = await createPool(moto().endpoint);
        await createUser(moto().endpoint, pool, "pat");
        const env = {
            AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto().endpoint,
            PULUMI_NODEJS_TRANSPILE_ONLY: "false",
        };
        await withStack({ program, nodeModules: path.join(program, "node_modules"), env }, async ({ stack }) => {
            await stack.setAllConfig({ userPoolId: { value: pool }, username: { value: "pat" } });
            const up = await stack.up({ color: "never" });
            assert.equal(up.summary.resourceChanges?.create, 2);
            assert.equal(up.outputs.resetCount.value, 1);
            assert.equal(await userStatus(moto().endpoint, pool, "pat"), "RESET_REQUIRED");

            const resource = (await stack.exportStack()).deployment.resources.find((r: { type: string }) =>
                r.type.includes("dynamic"),
            );
            const provider: string = resource.inputs.__provider;
            assert.match(provider, /require\(HOST_MODULE\)/);
            assert.ok(provider.includes('"pulumi-cognito-password-reset/provider-host"'));
            assert.ok(!provider.includes(REPO) && !provider.includes(os.tmpdir()), "the provider names no local path");
            const bytes = Buffer.byteLength(JSON.stringify(resource));
            console.log(
                `      state of one reset resource: ${bytes} bytes (serialized provider ${provider.length} bytes, stored twice)`,
            );
            assert.ok(bytes < 8192, `one resource takes ${bytes} bytes of state`);
        });
    });
});
