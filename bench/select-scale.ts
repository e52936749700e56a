/**
 * The whole pool selected by rule, at scale (`npm run bench:select`):
 * `select: { all: true }` on a 90-day stagger, adopted with initialReset
 * "scheduled", then a typical night, with the rate limit off and at the
 * default 30/s; at 100,000 users on moto and at 1,000,000 on the load endpoint
 * (`dev/load-endpoint.ts`). For each run: Cognito calls by operation, the
 * `up` against an empty program's `up` plus the raw SDK loop over the same
 * users, the state's bytes and the provider process's peak RSS. Writes
 * bench/SELECT.md and bench/select-results.json.
 *
 * Options: `--sizes 100000,1000000` (a size of 200,000 or more runs on the
 * load endpoint, a smaller one on moto).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLOCK_ENV } from "../src/core/clock";
import { RATE_ENV } from "../src/provider/rate-limit";
import { createPool, createUsers } from "../dev/seed";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { startMoto } from "../dev/moto";
import { startProxy } from "../dev/proxy";
import { generatedUsers, startLoadEndpoint } from "../dev/load-endpoint";
import { descendants, readProcessTable } from "../dev/process-tree";
import { rawLoop } from "./loops";
import { throughPulumi } from "./pulumi-runs";
import { fmt } from "./numbers";
import { names, withPoolStack } from "./scenario-stack";
import type { Proxy } from "../dev/proxy";

const ROTATION = { every: "90d", anchor: "2026-01-01", stagger: true };
const ADOPTION = Date.parse("2026-04-15T02:00:00Z");
const DAY = 86_400_000;
/** `--batches N`: the pool's `batches` (its default when not given). */
const BATCHES = process.argv.includes("--batches")
    ? Number(process.argv[process.argv.indexOf("--batches") + 1])
    : undefined;
/** Sizes from which the load endpoint stands in for moto. */
const LOAD_FROM = 200_000;

/** One run of the scenario. */
interface Run {
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

async function scenario(n: number, moto: Awaited<ReturnType<typeof startMoto>>, emptyUp: number): Promise<Run[]> {
    const proxy = await startProxy(moto.endpoint);
    let target: Target;
    let close = () => Promise.resolve();
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
        close = () => load.close();
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
    const runs: Run[] = [];
    const config = {
        userPoolId: target.pool,
        select: { all: true },
        endpoint: target.endpoint,
        rotation: ROTATION,
        initialReset: "scheduled",
        ...(BATCHES === undefined ? {} : { batches: BATCHES }),
    };
    await withPoolStack(config, async ({ stack, up }) => {
        const plan: [string, number, "off" | "30/s"][] = [
            ["adoption", ADOPTION, "off"],
            ["night 1", ADOPTION + DAY, "off"],
            ["night 2", ADOPTION + 2 * DAY, "30/s"],
        ];
        for (const [run, at, rate] of plan) {
            const env: Record<string, string> = { [CLOCK_ENV]: new Date(at).toISOString() };
            if (rate === "off") env[RATE_ENV] = "off";
            const done = target.mark();
            const peak = providerPeak(new Set([moto.pid]));
            const r = await up(env);
            const providerPeakMiB = peak();
            if (r.code !== 0) throw new Error(`${n} ${run}: pulumi up failed:\n${r.output.slice(-4000)}`);
            const seen = done();
            const stateBytes = Buffer.byteLength(JSON.stringify((await stack.exportStack()).deployment));
            const row: Run = {
                users: n,
                endpoint: n < LOAD_FROM ? "moto" : "load endpoint",
                run,
                rate,
                calls: seen.calls,
                resets: seen.reset.length,
                upSeconds: r.upSeconds,
                resetWindowSeconds: seen.window,
                firstResetSeconds: seen.first === undefined ? undefined : (seen.first - r.startedAt) / 1000,
                stateBytes,
                providerPeakMiB,
            };
            if (seen.reset.length > 0)
                row.rawLoopSeconds = (await rawLoop(target.proxy, target.pool, seen.reset)).upSeconds;
            console.log(JSON.stringify(row));
            runs.push(row);
        }
    });
    await close();
    await proxy.close();
    void emptyUp;
    return runs;
}

function table(runs: Run[], emptyUp: number): string {
    const ops = (c: Record<string, number>) =>
        Object.entries(c)
            .sort()
            .map(([k, v]) => `${k} ${v}`)
            .join(", ");
    const rows = runs.map((r) => {
        const listing = (r.calls.ListUsers ?? 0) + (r.calls.ListUsersInGroup ?? 0);
        const budget = r.rawLoopSeconds === undefined ? undefined : emptyUp + 1.2 * r.rawLoopSeconds;
        return `| ${r.users.toLocaleString("en")} (${r.endpoint}) | ${r.run} | ${r.rate} | ${ops(r.calls)} | ${r.resets > 0 ? fmt(r.resets / Math.max(1, listing), 1) : "—"} | ${fmt(r.upSeconds)} | ${fmt(r.firstResetSeconds)} | ${fmt(r.rawLoopSeconds)} | ${fmt(budget)} | ${r.resetWindowSeconds === undefined ? "—" : `${fmt(r.resetWindowSeconds)} (${fmt(r.resetWindowSeconds / (r.resets / 30))} x)`} | ${r.stateBytes.toLocaleString("en")} | ${fmt(r.providerPeakMiB, 0)} |`;
    });
    return `# The whole pool selected by rule, at scale

Written by \`npm run bench:select\` (bench/select-scale.ts); raw numbers in \`select-results.json\`.

- Date: ${new Date().toISOString()}; ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB
- The pool program with \`select: { all: true }\`, \`rotation: ${JSON.stringify(ROTATION)}\`, \`initialReset: "scheduled"\`,
  16 batches, \`${CLOCK_ENV}\` set per run: the adoption, a night with the rate limit off, a night at the default 30/s.
- 100,000 users on moto behind the test proxy; 1,000,000 on the load endpoint of \`dev/\` (generated users, spread evenly
  over the subs; its answers match moto's on a small pool: tests/dev/load-endpoint.test.ts).
- An empty program's \`up\` took ${fmt(emptyUp)} s in this run. "budget" is that plus 1.2 times the raw SDK loop (64 in
  flight, no rate limit) over the users the night reset. The reset window (first reset to last, at the endpoint) is
  given with its ratio to the quota's own time, resets / 30 s.

| users | run | rate limit | Cognito calls | resets per listing call | up (s) | up to first reset (s) | raw loop, same users (s) | budget (s) | reset window (s) | state bytes | provider peak RSS (MiB) |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

async function main(): Promise<void> {
    const arg = process.argv.indexOf("--sizes");
    const sizes = arg > 0 ? process.argv[arg + 1].split(",").map(Number) : [100_000, 1_000_000];
    Object.assign(process.env, LOCAL_CREDENTIALS);
    const moto = await startMoto();
    try {
        const proxy = await startProxy(moto.endpoint);
        const emptyUp = (await throughPulumi("e", moto, proxy, "none", [], {})).upSeconds;
        await proxy.close();
        const runs: Run[] = [];
        for (const n of sizes) runs.push(...(await scenario(n, moto, emptyUp)));
        const dir = __dirname;
        fs.writeFileSync(path.join(dir, "select-results.json"), JSON.stringify({ emptyUp, runs }, null, 2) + "\n");
        fs.writeFileSync(path.join(dir, "SELECT.md"), table(runs, emptyUp));
        console.log(table(runs, emptyUp));
    } finally {
        await moto.stop();
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
