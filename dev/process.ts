/**
 * Running the `pulumi` CLI directly, for tests that signal it (the Automation
 * API cannot interrupt a run midway), and scripts that run it (the nightly
 * recipe's steps).
 */
import { spawn } from "node:child_process";
import { descendants } from "./process-tree";

/**
 * Runs `pulumi ARGS`. With `signal`, once `signalWhen()` holds (polled every
 * 100 ms: a point the run has reached, such as a number of resets seen at the
 * endpoint, so that a slow start on a busy machine does not move it), sends
 * SIGINT to the CLI, or SIGKILL to it and all its descendants at once (a lost
 * machine).
 */
export function runPulumi(args: string[], opts: RunOptions): Promise<{ code: number | null; output: string }> {
    return runCommand("pulumi", args, opts);
}

/** How {@link runCommand} runs a command. */
export interface RunOptions {
    cwd: string;
    env: Record<string, string>;
    signal?: "SIGINT" | "SIGKILL";
    signalWhen?: () => boolean;
}

/** Runs `command ARGS` without blocking this process, as {@link runPulumi} runs `pulumi`; resolves with its exit code and output. */
export function runCommand(
    command: string,
    args: string[],
    opts: RunOptions,
): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: opts.cwd, env: opts.env });
        let output = "";
        child.stdout.on("data", (b: Buffer) => (output += b.toString()));
        child.stderr.on("data", (b: Buffer) => (output += b.toString()));
        child.on("error", reject);
        let poll: NodeJS.Timeout | undefined;
        if (opts.signal) {
            const when = opts.signalWhen ?? (() => true);
            poll = setInterval(() => {
                if (!when()) return;
                clearInterval(poll);
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
            }, 100);
        }
        child.on("exit", (code) => {
            clearInterval(poll);
            resolve({ code, output });
        });
    });
}
