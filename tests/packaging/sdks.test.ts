/**
 * Packaging tier: the provider plugin's SDKs for Node.js, Python and Go,
 * generated from plugin/schema.json by `npm run sdks` (Pulumi's own code
 * generators), and the examples that use them. Running a Python or Go program
 * needs the Python and Go language hosts, which this machine cannot build: the
 * Go example is compiled and vetted, and the Python example and the Node.js
 * SDK are run under Pulumi's mocks, which show what they would send the
 * engine: the plugin's type tokens and the schema's input names.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE } from "../../provider/core/types";
import { REPO } from "../support/engine";

const CHECKS = path.join(__dirname, "sdk-checks");
const GO_MODULE = "pulumi-cognito-password-reset/sdk/go";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: "pipe" });
}

/** The one resource of `type` that a run registered. */
function only(registered: Registered[], type: string): Registered {
    const found = registered.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type} in ${JSON.stringify(registered.map((r) => r.type))}`);
    return found[0];
}

describe("packaging: the SDKs generated from the plugin's schema", function () {
    this.timeout(900_000);
    let root: string;
    let sdk: string;

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-sdks-"));
        sdk = path.join(root, "sdk");
        run(path.join(REPO, "scripts", "sdks.sh"), [sdk], REPO);
    });
    after(() => {
        if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    it("GIVEN the schema WHEN the SDKs are generated THEN each carries the plugin's name and version", () => {
        const version = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
        const nodePackage = JSON.parse(fs.readFileSync(path.join(sdk, "nodejs", "package.json"), "utf8"));
        assert.equal(nodePackage.name, "pulumi-cognito-password-reset-sdk");
        assert.equal(nodePackage.version, version);
        assert.equal(nodePackage.pulumi.name, "cognito-password-reset");
        assert.match(
            fs.readFileSync(path.join(sdk, "python", "setup.py"), "utf8"),
            new RegExp(`^VERSION = "${version}"$`, "m"),
        );
        assert.match(fs.readFileSync(path.join(sdk, "go", "go.mod"), "utf8"), new RegExp(`^module ${GO_MODULE}$`, "m"));
    });

    it("GIVEN the Node.js SDK WHEN compiled with tsc and used under mocks THEN it registers the plugin's types with the schema's input names", () => {
        const dir = path.join(sdk, "nodejs");
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        assert.doesNotThrow(() =>
            run(process.execPath, [path.join(REPO, "node_modules", "typescript", "bin", "tsc")], dir),
        );
        // The compiled SDK reads its version from the package.json beside it.
        fs.copyFileSync(path.join(dir, "package.json"), path.join(dir, "bin", "package.json"));
        const out = run(process.execPath, [path.join(CHECKS, "register.js"), path.join(dir, "bin")], dir, {
            NODE_PATH: path.join(REPO, "node_modules"),
        });
        const registered = JSON.parse(out.trim().split("\n").pop()!) as Registered[];
        const reset = only(registered, PLUGIN_RESET_TYPE);
        assert.equal(reset.inputs.userPoolId, "eu-west-1_AbC123");
        assert.deepEqual(reset.inputs.rotation, { every: "90d", stagger: true });
        const pool = only(registered, PLUGIN_POOL_TYPE);
        assert.deepEqual(pool.inputs.usernames, ["bob", "carol"]);
        assert.equal(pool.inputs.maxResetsPerRun, 45);
    });

    it("GIVEN the Python SDK installed beside the pulumi package WHEN examples/python runs under mocks THEN it registers both resources with the schema's input names", () => {
        const target = path.join(root, "python-packages");
        run(
            "pulumi-sdk-python",
            [
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--target",
                target,
                path.join(sdk, "python"),
            ],
            root,
        );
        const program = path.join(REPO, "examples", "python", "__main__.py");
        const config = { userPoolId: "eu-west-1_AbC123", username: "alice", campaign: "spring" };
        const out = run(
            "pulumi-sdk-python",
            [path.join(CHECKS, "run_program.py"), "cognito-password-reset-python", program, JSON.stringify(config)],
            root,
            { PYTHONPATH: target },
        );
        const registered = JSON.parse(out.trim().split("\n").pop()!) as Registered[];
        const reset = only(registered, PLUGIN_RESET_TYPE);
        assert.equal(reset.name, "alice");
        assert.equal(reset.inputs.userPoolId, "eu-west-1_AbC123");
        assert.deepEqual(reset.inputs.rotation, { every: "90d", stagger: true });
        const pool = only(registered, PLUGIN_POOL_TYPE);
        assert.deepEqual(pool.inputs.usernames, ["bob", "carol"]);
        assert.equal(pool.inputs.initialReset, "scheduled");
        assert.equal(pool.inputs.maxResetsPerRun, 45);
    });

    it("GIVEN the Go SDK WHEN examples/go is built and vetted against it THEN the Go toolchain reports no error", () => {
        const dir = path.join(root, "go-example");
        fs.cpSync(path.join(REPO, "examples", "go"), dir, { recursive: true });
        run("go", ["mod", "edit", `-replace=${GO_MODULE}=${path.join(sdk, "go")}`], dir);
        const env = { GOFLAGS: "-mod=mod" };
        assert.doesNotThrow(() => run("go", ["mod", "tidy"], dir, env));
        assert.doesNotThrow(() => run("go", ["build", "-o", path.join(root, "go-example-bin"), "."], dir, env));
        assert.doesNotThrow(() => run("go", ["vet", "./..."], dir, env));
        assert.ok(fs.statSync(path.join(root, "go-example-bin")).size > 0);
    });
});
