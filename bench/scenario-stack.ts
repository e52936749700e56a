/**
 * The pool program (tests/engine/pool-program) on a stack of its own, run by
 * the CLI as a pipeline runs it, timed: what every operating scenario runs.
 */
import { Stack } from "@pulumi/pulumi/automation";
import * as path from "node:path";
import { REPO, withStack } from "../dev/stack";
import { runPulumi } from "../dev/process";

const POOL_PROGRAM = path.join(REPO, "tests", "engine", "pool-program");

/** One `pulumi up` of the pool program, timed as a pipeline runs it. */
export interface TimedUp {
    /** Wall time of `pulumi up --yes --skip-preview`, in seconds. */
    upSeconds: number;
    /** The CLI's exit code. */
    code: number | null;
    /** Everything the CLI printed. */
    output: string;
    /** When the CLI started and exited (performance.now() ms, the proxy's clock). */
    startedAt: number;
    endedAt: number;
}

/** A stack of the pool program with its config set, and a way to run the CLI on it. */
export interface PoolStack {
    stack: Stack;
    up(env?: Record<string, string>): Promise<TimedUp>;
}

/** Runs `fn` with a new stack of the pool program configured with `config` (JSON-encoded where not a string). */
export function withPoolStack<T>(
    config: Record<string, unknown>,
    fn: (s: PoolStack) => Promise<T>,
    env: Record<string, string> = {},
): Promise<T> {
    return withStack({ program: POOL_PROGRAM, env, skipDestroy: true }, async ({ stack, dir, env: cliEnv }) => {
        const values: Record<string, { value: string }> = {};
        for (const [k, v] of Object.entries(config))
            values[k] = { value: typeof v === "string" ? v : JSON.stringify(v) };
        await stack.setAllConfig(values);
        const up = async (extra: Record<string, string> = {}): Promise<TimedUp> => {
            const startedAt = performance.now();
            const { code, output } = await runPulumi(
                ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name],
                { cwd: dir, env: { ...cliEnv, ...extra } },
            );
            const endedAt = performance.now();
            return { upSeconds: (endedAt - startedAt) / 1000, code, output, startedAt, endedAt };
        };
        return fn({ stack, up });
    });
}

/** `n` usernames: `prefix` and a zero-padded number. */
export function names(prefix: string, n: number): string[] {
    const width = String(n - 1).length;
    return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(width, "0")}`);
}
