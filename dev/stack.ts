/**
 * Real `pulumi` runs through the Automation API: each stack gets its own copy
 * of a program, a private PULUMI_HOME and a local file backend in a temporary
 * folder, a random name, and is destroyed and removed by `withStack`. Used by
 * the tests, the benchmark and the demo.
 */
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_CREDENTIALS } from "./credentials";
import { uniqueName } from "./seed";

/** The repository's root folder. */
export const REPO = path.resolve(__dirname, "..");

/** A stack of a copied program, with where its state lives. */
export interface TestStack {
    stack: Stack;
    /** The program's copy (its own folder; node_modules links to the repository's). */
    dir: string;
    /** The file backend's folder: the state files are in there. */
    backendDir: string;
    /** Reads every file of the backend as text (the state as it is on disk). */
    stateText(): string;
    /** The environment in which the stack's `pulumi` commands run (for running the CLI directly). */
    env: Record<string, string>;
}

function copyProgram(src: string, dest: string): void {
    fs.mkdirSync(dest, { recursive: true });
    for (const f of fs.readdirSync(src, { withFileTypes: true })) {
        if (!f.isFile() || (f.name.startsWith("Pulumi.") && f.name !== "Pulumi.yaml")) continue;
        fs.copyFileSync(path.join(src, f.name), path.join(dest, f.name));
    }
}

function readAll(dir: string): string {
    let out = "";
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) out += fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8") + "\n";
    }
    return out;
}

/**
 * Creates a stack of `program`, runs `fn`,
 * then destroys the stack and deletes every temporary file, whatever happened.
 */
export async function withStack<T>(
    opts: {
        program: string;
        env?: Record<string, string>;
        nodeModules?: string;
        /** Delete the temporary backend without `pulumi destroy` (benchmarks: a destroy of thousands of resources is not what they measure). */
        skipDestroy?: boolean;
    },
    fn: (t: TestStack) => Promise<T>,
): Promise<T> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-engine-"));
    const dir = path.join(root, "program");
    const backendDir = path.join(root, "state");
    const home = path.join(root, "home");
    fs.mkdirSync(backendDir);
    fs.mkdirSync(home);
    copyProgram(opts.program, dir);
    fs.symlinkSync(opts.nodeModules ?? path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");

    const envVars: Record<string, string> = {
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        ...LOCAL_CREDENTIALS,
        ...opts.env,
    };
    const pulumiCommand = await PulumiCommand.get({ skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: uniqueName("t"), workDir: dir },
        { pulumiHome: home, envVars, pulumiCommand },
    );
    try {
        const env = { ...(process.env as Record<string, string>), ...envVars, PULUMI_HOME: home };
        return await fn({ stack, dir, backendDir, stateText: () => readAll(backendDir), env });
    } finally {
        try {
            if (!opts.skipDestroy) await stack.destroy({ color: "never" });
            await stack.workspace.removeStack(stack.name, { force: true });
        } catch {
            // best effort: the folder goes anyway
        }
        fs.rmSync(root, { recursive: true, force: true });
    }
}
