/**
 * Engine-test helpers: `withStack` with the engine-test program as its
 * default, the program's config and outputs, failure text, packing and strict
 * type checks.
 */
import { Stack } from "@pulumi/pulumi/automation";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { REPO, withStack as withProgramStack } from "../../dev/stack";
import type { TestStack } from "../../dev/stack";
import { BATCH_RESOURCE_TYPE } from "../../provider/core/types";
import type { BatchView } from "../../provider/core/summary";

export { REPO };
export type { TestStack };
export const ENGINE_PROGRAM = path.join(REPO, "tests", "engine", "program");

/** `withStack` of dev/stack.ts, with the engine-test program unless `opts.program` names another. */
export function withStack<T>(
    opts: Omit<Parameters<typeof withProgramStack>[0], "program"> & { program?: string },
    fn: (t: TestStack) => Promise<T>,
): Promise<T> {
    return withProgramStack({ ...opts, program: opts.program ?? ENGINE_PROGRAM }, fn);
}

/** One reset as the engine-test program declares it. */
export interface Declared {
    name: string;
    userPoolId: string;
    username: string;
    rotationKey?: string;
    rotation?: { every: string; anchor?: string; stagger?: boolean };
    region?: string;
    endpoint?: string;
    withMetadata?: boolean;
    initialReset?: "immediate" | "scheduled";
}

/** Sets the program's `resets` config: the resets the next run declares. */
export async function declare(stack: Stack, resets: Declared[]): Promise<void> {
    await stack.setConfig("resets", { value: JSON.stringify(resets) });
}

/** The program's per-reset outputs after the last run. */
export async function resetOutputs(
    stack: Stack,
): Promise<
    Record<string, { lastResetAt: string; resetCount: number; userStatus: string; lastResetRotationKey: string }>
> {
    const outs = await stack.outputs();
    return (outs.outputs?.value ?? {}) as never;
}

/** What every batch of the stack's pools recorded, as its state holds it (a failed run's partial state too). */
export async function batchOutputs(stack: Stack): Promise<BatchView[]> {
    const resources: { type: string; outputs?: BatchView }[] = (await stack.exportStack()).deployment.resources ?? [];
    return resources.filter((r) => r.type === BATCH_RESOURCE_TYPE).map((r) => r.outputs ?? {});
}

/** Sets config values of a stack; values that are not strings are written as JSON. */
export async function configure(stack: Stack, values: Record<string, unknown>): Promise<void> {
    const config: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(values)) config[k] = { value: typeof v === "string" ? v : JSON.stringify(v) };
    await stack.setAllConfig(config);
}

/** Runs `fn`, which must fail; returns the error's full text (the engine's output included). */
export async function failureText(fn: () => Promise<unknown>): Promise<string> {
    try {
        await fn();
    } catch (err) {
        return String((err as Error).message ?? err);
    }
    throw new Error("expected the operation to fail");
}

/**
 * Packs the repository with `npm pack` into `dir`; returns the tarball's path.
 * Its `prepare` build is skipped: the run built dist/ before any test, and
 * other workers' tests read it while this packs.
 */
export function packPackage(dir: string): string {
    const tarball = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], {
        cwd: REPO,
        encoding: "utf8",
    })
        .trim()
        .split("\n")
        .pop()!;
    return path.join(dir, tarball);
}

/** Type-checks `file` strictly with the repository's TypeScript from `cwd`; throws with tsc's diagnostics on any error. */
export function typeCheckStrict(file: string, cwd: string, extra: string[] = []): void {
    const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
    const flags = ["--noEmit", "--strict", "--esModuleInterop", "--skipLibCheck", "--target", "ES2022"];
    const modules = ["--module", "commonjs", "--moduleResolution", "node"];
    execFileSync(process.execPath, [tsc, ...flags, ...modules, ...extra, file], { cwd, encoding: "utf8" });
}
