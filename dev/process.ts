/**
 * Running the `pulumi` CLI directly, for tests that signal it: the Automation
 * API cannot interrupt a run midway.
 */
import { spawn } from "node:child_process";
import { descendants } from "./process-tree";

/**
 * Runs `pulumi ARGS`; after `signalAfterMs`, sends SIGINT to the CLI, or
 * SIGKILL to it and all its descendants at once (a lost machine).
 */
export function runPulumi(
    args: string[],
    opts: { cwd: string; env: Record<string, string>; signal?: "SIGINT" | "SIGKILL"; signalAfterMs?: number },
): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", args, { cwd: opts.cwd, env: opts.env });
        let output = "";
        child.stdout.on("data", (b: Buffer) => (output += b.toString()));
        child.stderr.on("data", (b: Buffer) => (output += b.toString()));
        child.on("error", reject);
        if (opts.signal) {
            setTimeout(() => {
                if (opts.signal === "SIGINT") {
                    child.kill("SIGINT");
                    return;
                }
                for (const pid of [child.pid!, ...descendants(child.pid!)]) {
                    try {
                        process.kill(pid, "SIGKILL");
                    } catch {
                        // already gone
                    }
                }
            }, opts.signalAfterMs ?? 0);
        }
        child.on("exit", (code) => resolve({ code, output }));
    });
}
