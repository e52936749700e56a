/**
 * The provider plugin for tests and the benchmark: its tarball built once per run
 * with `npm run plugin`'s script, and installed into a stack's private
 * PULUMI_HOME with `pulumi plugin install`, as a user installs it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "./stack";

export const PLUGIN_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;

/**
 * A folder that several processes of one run share (the test run's workers):
 * when set, the tarball is built there once, by the first process that asks,
 * and the others wait for it and read it.
 */
export const SHARED_DIR_ENV = "PCPR_TEST_SHARED_DIR";

const PLUGIN_SCRIPT = path.join(REPO, "scripts", "plugin.sh");

let tarball: string | undefined;
let tarballDir: string | undefined;

/** The plugin's tarball (linux-amd64 name), built on first use. */
export function pluginTarball(): string {
    if (!tarball) {
        const shared = process.env[SHARED_DIR_ENV];
        tarball = shared
            ? buildOnce(shared)
            : build((tarballDir = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-plugin-"))));
    }
    return tarball;
}

/** Builds the tarballs into `dir` (scripts/plugin.sh). */
function build(dir: string): string {
    // The build's own output (tsc, npm install) is kept out of the run's; a failure carries it.
    const out = execFileSync(PLUGIN_SCRIPT, [dir], {
        cwd: REPO,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        // Every caller (the test run, the benchmarks) builds the package first; rebuilding it
        // here would rewrite dist/ under the tests that other workers are running.
        env: { ...process.env, PLUGIN_PREBUILT: "1" },
    });
    return tarballOf(out);
}

/** The build in the shared folder, made by one process while the others wait on the lock (flock(1)). */
function buildOnce(shared: string): string {
    const dir = path.join(shared, "plugin");
    const list = path.join(shared, "plugin-tarballs.txt");
    const script = 'test -s "$1" || { PLUGIN_PREBUILT=1 "$2" "$3" > "$1.tmp" && mv "$1.tmp" "$1"; }';
    execFileSync("flock", [path.join(shared, "plugin.lock"), "sh", "-c", script, "sh", list, PLUGIN_SCRIPT, dir], {
        cwd: REPO,
        stdio: ["ignore", "ignore", "pipe"],
    });
    return tarballOf(fs.readFileSync(list, "utf8"));
}

/** The linux-amd64 tarball among the paths that scripts/plugin.sh printed. */
function tarballOf(printed: string): string {
    const found = printed
        .trim()
        .split("\n")
        .find((l) => l.endsWith("-linux-amd64.tar.gz"));
    if (!found) throw new Error(`scripts/plugin.sh printed no linux-amd64 tarball:\n${printed}`);
    return found;
}

/** Removes the tarballs this process built in a folder of its own (the benchmark's cleanup; a shared folder is its owner's). */
export function removePluginTarball(): void {
    if (tarballDir) fs.rmSync(tarballDir, { recursive: true, force: true });
    tarball = tarballDir = undefined;
}

/** Installs the plugin into the PULUMI_HOME of `env`, the way the README tells users to. */
export function installPlugin(env: Record<string, string>): void {
    execFileSync(
        "pulumi",
        ["plugin", "install", "resource", "cognito-password-reset", PLUGIN_VERSION, "--file", pluginTarball()],
        { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
}
