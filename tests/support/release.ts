/**
 * An earlier release of this package, built from the repository's own
 * history (`git archive` of its commit, `npm ci`, `npm run build`), for tests
 * that upgrade a stack it wrote. Its node_modules resolves the package by its
 * name, as a user's project does.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "../../dev/stack";

/** Release 0.1.0, as it was published. */
export const RELEASE_0_1_0 = "9da0fae";

/** Builds the package at `commit` in a temporary folder; returns the folder and a cleanup. */
export function buildRelease(commit: string): { dir: string; nodeModules: string; remove(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pcpr-release-${commit}-`));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
        const archive = execFileSync("git", ["archive", commit], { cwd: REPO, maxBuffer: 256 * 1024 * 1024 });
        execFileSync("tar", ["-x", "-C", dir], { input: archive });
        const quiet = { cwd: dir, stdio: "pipe" as const };
        execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], quiet);
        execFileSync("npm", ["run", "build"], quiet);
    } catch (e) {
        remove();
        throw e;
    }
    return { dir, nodeModules: path.join(dir, "node_modules"), remove };
}
