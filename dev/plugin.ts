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

let tarball: string | undefined;
let tarballDir: string | undefined;

/** The plugin's tarball (linux-amd64 name), built on first use. */
export function pluginTarball(): string {
    if (!tarball) {
        tarballDir = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-plugin-"));
        // The build's own output (tsc, npm install) is kept out of the run's; a failure carries it.
        const out = execFileSync(path.join(REPO, "scripts", "plugin.sh"), [tarballDir], {
            cwd: REPO,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        tarball = out
            .trim()
            .split("\n")
            .find((l) => l.endsWith("-linux-amd64.tar.gz"));
        if (!tarball) throw new Error(`scripts/plugin.sh printed no linux-amd64 tarball:\n${out}`);
    }
    return tarball;
}

/** Removes the built tarballs (mocha's root afterAll). */
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
