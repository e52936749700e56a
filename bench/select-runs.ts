/**
 * What the whole-pool benchmarks (`select-scale.ts`, `select-incident.ts`)
 * share: where the pool lives (moto behind the test proxy, or the load
 * endpoint of `dev/` from 200,000 users), and one `up` of the pool program
 * measured there: Cognito calls by operation, who was reset, the reset
 * window, the state's bytes and the provider process's peak RSS, and the raw
 * SDK loop over the same users.
 */
import * as fs from "node:fs";
import { RATE_ENV } from "../provider/host/rate-limit";
import { createPool, createUsers } from "../dev/seed";
import { startProxy } from "../dev/proxy";
import { generatedUsers, startLoadEndpoint } from "../dev/load-endpoint";
import { descendants, readProcessTable } from "../dev/process-tree";
import { rawLoop } from "./loops";
import { names, PoolStack } from "./scenario-stack";
import type { startMoto } from "../dev/moto";
import type { Proxy } from "../dev/proxy";

/** The moment the benchmarks' pools are adopted. */
export const ADOPTION = Date.parse("2026-04-15T02:00:00Z");
export const DAY = 86_400_000;
/** Sizes from which the load endpoint stands in for moto. */
const LOAD_FROM = 200_000;

export type Moto = Awaited<ReturnType<typeof startMoto>>;

/** One measured run. */
export interface Run {
    users: number;
    endpoint: "moto" | "load endpoint";
    run: string;
    rate: "off" | "30/s";
    calls: Record<string, number>;
    resets: number;
    upSeconds: number;
    /** From the start of `up` to the first reset at the endpoint. */
    firstResetSeconds?: number;
    /** From the first reset to the last, at the endpoint. */
    resetWindowSeconds?: number;
    rawLoopSeconds?: number;
    stateBytes: number;
    providerPeakMiB: number;
}

/** A process's command line, or "" when it has exited. */
function cmdlineOf(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
        return "";
    }
}

/** Samples the largest resident set of a dynamic-provider process under this one, until stopped (MiB). */
function providerPeak(exclude: Set<number>): () => number {
    let peak = 0;
    const sample = () => {
        const table = readProcessTable();
        for (const pid of descendants(process.pid, exclude, table)) {
            if (cmdlineOf(pid).includes("dynamic")) peak = Math.max(peak, table.get(pid)?.rssBytes ?? 0);
        }
    };
    const timer = setInterval(sample, 100);
    return () => {
        clearInterval(timer);
        sample();
        return peak / 2 ** 20;
    };
}

/** Where the pool lives: calls counted by operation, and who was reset since a mark. */
interface Target {
    endpoint: string;
    pool: string;
    /** Marks the start of a run; the function returned tells what reached the endpoint since. */
    mark(): () => { calls: Record<string, number>; reset: string[]; window?: number; first?: number };
    proxy: Proxy;
}

/** A pool of `n` users: on moto behind the proxy below 200,000, else on the load endpoint. */
export async function targetOf(n: number, moto: Moto): Promise<{ target: Target; close: () => Promise<void> }> {
    const proxy = await startProxy(moto.endpoint);
    let target: Target;
    let close = () => proxy.close();
    if (n < LOAD_FROM) {
        const pool = await createPool(moto.endpoint);
        // Moto dates users by the machine's clock; the proxy dates them before the runs' simulated one.
        proxy.createUsersAt(new Date(ADOPTION - 30 * DAY));
        await createUsers(moto.endpoint, pool, names("s", n));
        target = {
            endpoint: proxy.endpoint,
            pool,
            proxy,
            mark() {
                const from = proxy.calls.length;
                return () => {
                    const calls: Record<string, number> = {};
                    const slice = proxy.calls.slice(from);
                    for (const c of slice) calls[c.operation] = (calls[c.operation] ?? 0) + 1;
                    const resets = slice.filter((c) => c.operation === "AdminResetUserPassword" && c.status === 200);
                    const at = resets.map((c) => c.at).sort((a, b) => a - b);
                    return {
                        calls,
                        reset: resets.map((c) => String(c.body.Username)),
                        window: at.length > 1 ? (at[at.length - 1] - at[0]) / 1000 : undefined,
                        first: at[0],
                    };
                };
            },
        };
    } else {
        const pool = "eu-west-1_LoadEndpoint1";
        const load = await startLoadEndpoint(pool, generatedUsers(n));
        close = async () => {
            await load.close();
            await proxy.close();
        };
        target = {
            endpoint: load.endpoint,
            pool,
            proxy: { endpoint: load.endpoint } as Proxy,
            mark() {
                const calls = { ...load.calls };
                const from = load.resets.length;
                return () => {
                    const at = load.resetTimes.slice(from);
                    return {
                        calls: Object.fromEntries(
                            Object.entries(load.calls)
                                .map(([k, v]) => [k, v - (calls[k] ?? 0)])
                                .filter(([, v]) => v !== 0),
                        ),
                        reset: load.resets.slice(from),
                        window: at.length > 1 ? (at[at.length - 1] - at[0]) / 1000 : undefined,
                        first: at[0],
                    };
                };
            },
        };
    }
    return { target, close };
}

/** One `up` of the pool stack, measured at the target. */
export async function measuredUp(
    n: number,
    t: { target: Target; stack: PoolStack; moto: { pid: number } },
    run: string,
    env: Record<string, string>,
): Promise<Run & { reset: string[] }> {
    const done = t.target.mark();
    const peak = providerPeak(new Set([t.moto.pid]));
    const r = await t.stack.up(env);
    const providerPeakMiB = peak();
    if (r.code !== 0) throw new Error(`${n} ${run}: pulumi up failed:\n${r.output.slice(-4000)}`);
    const seen = done();
    const stateBytes = Buffer.byteLength(JSON.stringify((await t.stack.stack.exportStack()).deployment));
    const row: Run = {
        users: n,
        endpoint: n < LOAD_FROM ? "moto" : "load endpoint",
        run,
        rate: env[RATE_ENV] === "off" ? "off" : "30/s",
        calls: seen.calls,
        resets: seen.reset.length,
        upSeconds: r.upSeconds,
        resetWindowSeconds: seen.window,
        firstResetSeconds: seen.first === undefined ? undefined : (seen.first - r.startedAt) / 1000,
        stateBytes,
        providerPeakMiB,
    };
    if (seen.reset.length > 0)
        row.rawLoopSeconds = (await rawLoop(t.target.proxy, t.target.pool, seen.reset)).upSeconds;
    console.log(JSON.stringify(row));
    return Object.assign(row, { reset: seen.reset });
}

/** A run's row as kept in the results, without the names it reset. */
export function withoutNames(r: Run & { reset?: string[] }): Run {
    const { reset: _names, ...row } = r;
    return row;
}

/** Calls by operation, as one table cell. */
export const ops = (c: Record<string, number>) =>
    Object.entries(c)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");

/** One part of the results, with the date and the empty program's `up` of the run that measured it. */
export interface Measured<T> {
    date: string;
    machine: string;
    emptyUp: number;
    result: T;
}
