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
 * Then the incident: a new `rotationKey` on a pool with no rotation,
 * `maxResetsPerRun: 25000` and one clock, run until every user is reset;
 * each run against the raw SDK loop over its own users.
 *
 * Options: `--sizes 100000,1000000` (a size of 200,000 or more runs on the
 * load endpoint, a smaller one on moto; `none` keeps the rows of the last
 * run), `--incident-users 100000` (on moto; 0 keeps the rows of the last run).
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
import { names, PoolStack, withPoolStack } from "./scenario-stack";
import type { Proxy } from "../dev/proxy";

const ROTATION = { every: "90d", anchor: "2026-01-01", stagger: true };
const ADOPTION = Date.parse("2026-04-15T02:00:00Z");
const DAY = 86_400_000;
/** `--batches N`: the pool's `batches` (its default when not given). */
const BATCHES = process.argv.includes("--batches")
    ? Number(process.argv[process.argv.indexOf("--batches") + 1])
    : undefined;
/** The incident's `maxResetsPerRun`. */
const INCIDENT_CAP = 25_000;
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

/** A pool of `n` users: on moto behind the proxy below 200,000, else on the load endpoint. */
async function targetOf(
    n: number,
    moto: Awaited<ReturnType<typeof startMoto>>,
): Promise<{ target: Target; close: () => Promise<void> }> {
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
async function measuredUp(
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

async function scenario(n: number, moto: Awaited<ReturnType<typeof startMoto>>): Promise<Run[]> {
    const { target, close } = await targetOf(n, moto);
    const runs: Run[] = [];
    const config = {
        userPoolId: target.pool,
        select: { all: true },
        endpoint: target.endpoint,
        rotation: ROTATION,
        initialReset: "scheduled",
        ...(BATCHES === undefined ? {} : { batches: BATCHES }),
    };
    await withPoolStack(config, async (stack) => {
        const plan: [string, number, "off" | "30/s"][] = [
            ["adoption", ADOPTION, "off"],
            ["night 1", ADOPTION + DAY, "off"],
            ["night 2", ADOPTION + 2 * DAY, "30/s"],
        ];
        for (const [run, at, rate] of plan) {
            const env: Record<string, string> = { [CLOCK_ENV]: new Date(at).toISOString() };
            if (rate === "off") env[RATE_ENV] = "off";
            runs.push(withoutNames(await measuredUp(n, { target, stack, moto }, run, env)));
        }
    });
    await close();
    return runs;
}

/** A run's row as kept in the results, without the names it reset. */
function withoutNames(r: Run & { reset?: string[] }): Run {
    const { reset: _names, ...row } = r;
    return row;
}

/** What the incident found: its runs, and how often each user was reset over them. */
interface Incident {
    runs: Run[];
    users: number;
    resetOnce: number;
    resetTwice: number;
    neverReset: number;
}

/**
 * The incident: the whole pool adopted under one key, then a new key with no
 * rotation, `maxResetsPerRun` INCIDENT_CAP and one clock, rate limit off, run
 * until a run resets nobody (at most 8 runs).
 */
async function incident(n: number, moto: Awaited<ReturnType<typeof startMoto>>): Promise<Incident> {
    const { target, close } = await targetOf(n, moto);
    const runs: Run[] = [];
    const count = new Map<string, number>();
    const env = { [CLOCK_ENV]: new Date(ADOPTION).toISOString(), [RATE_ENV]: "off" };
    const config = { userPoolId: target.pool, select: { all: true }, endpoint: target.endpoint };
    await withPoolStack({ ...config, initialReset: "scheduled", rotationKey: "before" }, async (stack) => {
        runs.push(withoutNames(await measuredUp(n, { target, stack, moto }, "adoption", env)));
        await stack.stack.setAllConfig({
            rotationKey: { value: "incident" },
            maxResetsPerRun: { value: String(INCIDENT_CAP) },
        });
        for (let i = 1; i <= 8; i++) {
            const row = await measuredUp(n, { target, stack, moto }, `new key, run ${i}`, env);
            for (const u of row.reset) count.set(u, (count.get(u) ?? 0) + 1);
            runs.push(withoutNames(row));
            if (row.resets === 0) break;
        }
    });
    await close();
    const times = [...count.values()];
    return {
        runs,
        users: n,
        resetOnce: times.filter((c) => c === 1).length,
        resetTwice: times.filter((c) => c > 1).length,
        neverReset: n - count.size,
    };
}

/** One part of the results, with the date and the empty program's `up` of the run that measured it. */
interface Measured<T> {
    date: string;
    machine: string;
    emptyUp: number;
    result: T;
}

/** The results file: each part as last measured. */
interface Results {
    scale?: Measured<Run[]>;
    incident?: Measured<Incident>;
}

const ops = (c: Record<string, number>) =>
    Object.entries(c)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");

function scaleTable({ date, machine, emptyUp, result: runs }: Measured<Run[]>): string {
    const rows = runs.map((r) => {
        const listing = (r.calls.ListUsers ?? 0) + (r.calls.ListUsersInGroup ?? 0);
        const budget = r.rawLoopSeconds === undefined ? undefined : emptyUp + 1.2 * r.rawLoopSeconds;
        return `| ${r.users.toLocaleString("en")} (${r.endpoint}) | ${r.run} | ${r.rate} | ${ops(r.calls)} | ${r.resets > 0 ? fmt(r.resets / Math.max(1, listing), 1) : "—"} | ${fmt(r.upSeconds)} | ${fmt(r.firstResetSeconds)} | ${fmt(r.rawLoopSeconds)} | ${fmt(budget)} | ${r.resetWindowSeconds === undefined ? "—" : `${fmt(r.resetWindowSeconds)} (${fmt(r.resetWindowSeconds / (r.resets / 30))} x)`} | ${r.stateBytes.toLocaleString("en")} | ${fmt(r.providerPeakMiB, 0)} |`;
    });
    return `## A night at scale

- Date: ${date}; ${machine}
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

function incidentTable({ date, machine, emptyUp, result: r }: Measured<Incident>): string {
    const rows = r.runs.map(
        (x) =>
            `| ${x.run} | ${ops(x.calls)} | ${x.resets.toLocaleString("en")} | ${fmt(x.upSeconds)} | ${fmt(x.firstResetSeconds)} | ${fmt(x.rawLoopSeconds)} | ${x.rawLoopSeconds ? fmt(x.upSeconds / x.rawLoopSeconds) : "—"} | ${x.rawLoopSeconds ? fmt((x.upSeconds - emptyUp) / x.rawLoopSeconds) : "—"} | ${x.stateBytes.toLocaleString("en")} | ${fmt(x.providerPeakMiB, 0)} |`,
    );
    return `## The whole pool after an incident

- Date: ${date}; ${machine}
- ${r.users.toLocaleString("en")} users on moto behind the test proxy. The pool program with \`select: { all: true }\`, no
  rotation, adopted under \`rotationKey: "before"\` (\`initialReset: "scheduled"\`); then \`rotationKey: "incident"\` and
  \`maxResetsPerRun: ${INCIDENT_CAP}\`, every run at one clock and with the rate limit off, until a run resets nobody.
- Each run is compared with the raw SDK loop (64 in flight) over the users it reset; an empty program's \`up\` took
  ${fmt(emptyUp)} s in this run.
- Over the runs: ${r.resetOnce.toLocaleString("en")} users reset once, ${r.resetTwice} more than once, ${r.neverReset} never.

| run | Cognito calls | resets | up (s) | up to first reset (s) | raw loop, same users (s) | up / raw loop | (up − empty up) / raw loop | state bytes | provider peak RSS (MiB) |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

function report(results: Results): string {
    return [
        `# The whole pool selected by rule, at scale

Written by \`npm run bench:select\` (bench/select-scale.ts); raw numbers in \`select-results.json\`. Each part gives
the date of the run that measured it; compare numbers within a part.
`,
        results.scale ? scaleTable(results.scale) : "",
        results.incident ? incidentTable(results.incident) : "",
    ]
        .filter(Boolean)
        .join("\n");
}

/** A whole-number option, or `fallback`; `none` (or 0) measures nothing. */
function listOption(name: string, fallback: number[]): number[] {
    const i = process.argv.indexOf(name);
    if (i < 0) return fallback;
    const text = process.argv[i + 1] ?? "";
    if (text === "none" || text === "0") return [];
    const values = text.split(",").map(Number);
    if (values.some((v) => !Number.isInteger(v) || v <= 0))
        throw new Error(`${name}: expected sizes such as 100000, got '${text}'`);
    return values;
}

async function main(): Promise<void> {
    const sizes = listOption("--sizes", [100_000, 1_000_000]);
    const [incidentUsers] = listOption("--incident-users", [100_000]);
    const file = path.join(__dirname, "select-results.json");
    const results: Results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    Object.assign(process.env, LOCAL_CREDENTIALS);
    const moto = await startMoto();
    try {
        const proxy = await startProxy(moto.endpoint);
        const emptyUp = (await throughPulumi("e", moto, proxy, "none", [], {})).upSeconds;
        await proxy.close();
        const date = new Date().toISOString();
        const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
        if (sizes.length > 0) {
            const runs: Run[] = [];
            for (const n of sizes) runs.push(...(await scenario(n, moto)));
            results.scale = { date, machine, emptyUp, result: runs };
        }
        if (incidentUsers) results.incident = { date, machine, emptyUp, result: await incident(incidentUsers, moto) };
        fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
        fs.writeFileSync(path.join(__dirname, "SELECT.md"), report(results));
        console.log(report(results));
    } finally {
        await moto.stop();
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
