/**
 * `npm run bench`: resets whole pools on one moto endpoint, in one run, four ways:
 *   (a) a raw AWS SDK loop (the limit), 64 resets in flight, no rate limit;
 *   (b) this package's UserPasswordResets through `pulumi up`;
 *   (c) a dynamic provider written the obvious way (bench/naive-program), one resource per user;
 *   (d) @pulumi/command's local.Command running the AWS CLI: not measured when its
 *       provider plugin cannot be built (see RESULTS.md).
 * For each N: wall time of the first `up` and of a no-op `preview`, resets per
 * second, ratio to (a), state bytes per user, peak memory of the process tree.
 * Also a program that declares nothing (the fixed cost of a run) and the
 * shared rate limit at its default, 30/s. Then the operating scenarios
 * (scenarios.ts): a nightly run of a staggered pool, two runs on one quota,
 * the daily email quota met. Writes bench/RESULTS.md, bench/results.json and
 * bench/results.png.
 *
 * Usage: npm run bench [-- --sizes 100,1000,10000 --naive-max 1000 --repeat 3 --repeat-max 1000
 *                          --nightly-users 10000 --nights 3 --shared-users 600 --email-users 10000]
 * (a scenario's size 0 skips it), or `npm run bench -- --render`: no measurement, RESULTS.md and
 * results.png written again from results.json (after a change to how they are written).
 * `npm run bench -- --help` lists the options; an unknown option or a bad value stops the run
 * before anything starts.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createPool, createUsers, REGION } from "../dev/seed";
import { REPO, withStack } from "../dev/stack";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { Moto, startMoto } from "../dev/moto";
import { runPulumi } from "../dev/process";
import { Proxy, startProxy } from "../dev/proxy";
import { writeLineChartPng } from "./chart";
import { emailQuota, nightly, nightlyOnNewPool, scenarioSections, Scenarios, sharedQuota } from "./scenarios";

const RESET = "AdminResetUserPassword";
const CONCURRENCY = 64;

interface Row {
    /**
     * b30: (b) at the default rate limit of 30 requests per second; e: the empty program (N = 0);
     * d0: a lower bound of (d), the AWS CLI run once per user without Pulumi.
     */
    way: "a" | "b" | "c" | "b30" | "e" | "d0";
    n: number;
    upSeconds: number;
    /** Every run's first-up time when the row is the median of several runs. */
    upSamples?: number[];
    /** From the start of `up` to the first reset seen at the endpoint: the run's start-up. */
    firstResetSeconds?: number;
    /** From the first reset to the last, seen at the endpoint. */
    resetWindowSeconds?: number;
    previewSeconds?: number;
    resetsPerSecond: number;
    stateBytesPerUser?: number;
    peakRssMiB: number;
}

/** The whole-number options: flag, default, smallest value accepted, and what it sets. */
const COUNTS = {
    "naive-max": { fallback: 1000, min: 0, help: "largest N at which (c) and (d) run (0: never)" },
    repeat: { fallback: 3, min: 1, help: "runs of (a), (b) and the empty program; the median is reported" },
    "repeat-max": { fallback: 1000, min: 0, help: "largest N run --repeat times; larger N run once (0: all once)" },
    "nightly-users": { fallback: 10000, min: 0, help: "users of the nightly scenario (0 skips it)" },
    nights: { fallback: 3, min: 1, help: "nights run in the nightly scenario" },
    "shared-users": {
        fallback: 600,
        min: 0,
        help: "users per stack of the two-runs-on-one-quota scenario (0 skips it)",
    },
    "email-users": { fallback: 10000, min: 0, help: "users of the daily email quota scenario (0 skips it)" },
} as const;
type CountName = keyof typeof COUNTS;
const DEFAULT_SIZES = "100,1000,10000";

/** What one run measures, from the command line. */
interface Settings {
    /** Only write RESULTS.md and results.png again from results.json. */
    render: boolean;
    /** Pool sizes N of the (a)-(d) table. */
    sizes: number[];
    counts: Record<CountName, number>;
}

/** A command line the bench cannot run: unknown option, missing or bad value. */
class UsageError extends Error {}

/** The `--help` text. */
function usage(): string {
    const width = 22;
    const line = (flag: string, help: string) => `  ${flag.padEnd(width)}${help}`;
    return [
        "Usage: npm run bench [-- <options>]",
        "",
        line("--sizes <n,n,...>", `pool sizes N of the (a)-(d) table, comma-separated; default ${DEFAULT_SIZES}`),
        ...Object.entries(COUNTS).map(([name, o]) => line(`--${name} <n>`, `${o.help}; default ${o.fallback}`)),
        line("--render", "measure nothing: write RESULTS.md and results.png again from results.json"),
        line("-h, --help", "print this and exit"),
    ].join("\n");
}

/** A whole number of at least `min`, or a UsageError naming the option. */
function wholeNumber(option: string, text: string, min: number): number {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min)
        throw new UsageError(
            `--${option} must be a whole number${min > 0 ? ` of at least ${min}` : " (0 or more)"}, got '${text}'`,
        );
    return n;
}

/**
 * Reads the command line (without the node and script paths). Strict: an
 * unknown option, a missing value or a value that is not what the option takes
 * throws a {@link UsageError}; `--help` gives "help".
 */
function parseSettings(argv: string[]): Settings | "help" {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                help: { type: "boolean", short: "h" },
                render: { type: "boolean" },
                sizes: { type: "string" },
                ...Object.fromEntries(Object.keys(COUNTS).map((name) => [name, { type: "string" as const }])),
            },
        }));
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (values.help) return "help";
    const sizesText = (values.sizes as string | undefined) ?? DEFAULT_SIZES;
    const sizes = sizesText.split(",").map((part) => {
        if (!/^\d+$/.test(part) || Number(part) < 1 || !Number.isSafeInteger(Number(part)))
            throw new UsageError(
                `--sizes must be a comma-separated list of positive whole numbers, got '${sizesText}'`,
            );
        return Number(part);
    });
    const counts = Object.fromEntries(
        Object.entries(COUNTS).map(([name, o]) => {
            const text = values[name] as string | undefined;
            return [name, text === undefined ? o.fallback : wholeNumber(name, text, o.min)];
        }),
    ) as Record<CountName, number>;
    return { render: values.render === true, sizes, counts };
}

/**
 * Peak resident memory, in MiB, of this process's descendants (pulumi, the
 * language host, the providers) except `exclude` (moto), or of this process
 * itself when `self` (the raw loop runs in it).
 */
function startMemorySampler(exclude: Set<number>, self = false): () => number {
    let peak = 0;
    const sample = () => {
        if (self) {
            peak = Math.max(peak, process.memoryUsage().rss);
            return;
        }
        const parent = new Map<number, number>();
        const rss = new Map<number, number>();
        for (const d of fs.readdirSync("/proc")) {
            if (!/^\d+$/.test(d)) continue;
            try {
                const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
                const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
                parent.set(Number(d), Number(fields[1]));
                rss.set(Number(d), Number(fields[21]) * 4096);
            } catch {
                // gone
            }
        }
        let total = 0;
        for (const pid of rss.keys()) {
            for (let p = pid; p > 1; p = parent.get(p) ?? 0) {
                if (exclude.has(p)) break;
                if (p === process.pid) {
                    if (pid !== process.pid) total += rss.get(pid) ?? 0;
                    break;
                }
            }
        }
        peak = Math.max(peak, total);
    };
    const timer = setInterval(sample, 100);
    return () => {
        clearInterval(timer);
        sample();
        return peak / 2 ** 20;
    };
}

async function seed(moto: Moto, n: number): Promise<{ pool: string; names: string[] }> {
    const pool = await createPool(moto.endpoint);
    const names = Array.from({ length: n }, (_, i) => `user${i}`);
    await createUsers(moto.endpoint, pool, names);
    return { pool, names };
}

/** Resets every user of `names` with `reset`, `inFlight` at once, timed as a row of `way`. */
async function timedLoop(
    way: "a" | "d0",
    names: string[],
    inFlight: number,
    reset: (username: string) => Promise<unknown>,
    peakRssMiB: () => number,
): Promise<Row> {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
        Array.from({ length: inFlight }, async () => {
            while (next < names.length) await reset(names[next++]);
        }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
        way,
        n: names.length,
        upSeconds: seconds,
        resetsPerSecond: names.length / seconds,
        peakRssMiB: peakRssMiB(),
    };
}

/** (a) The raw SDK loop: CONCURRENCY resets in flight, no rate limit. */
export function rawLoop(proxy: Proxy, pool: string, names: string[]): Promise<Row> {
    const client = new CognitoIdentityProviderClient({ region: REGION, endpoint: proxy.endpoint });
    return timedLoop(
        "a",
        names,
        CONCURRENCY,
        (username) => client.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: username })),
        startMemorySampler(new Set(), true),
    );
}

/** The AWS CLI that (d) would run, in a venv of its own in the toolchain's cache (installed on first use). */
const AWS_CLI_VERSION = "1.46.2";
function ensureAwsCli(): string {
    const cache =
        process.env.PCPR_CACHE_DIR ??
        path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-cognito-password-reset");
    const venv = path.join(cache, `awscli-${AWS_CLI_VERSION}`);
    const aws = path.join(venv, "bin", "aws");
    if (!fs.existsSync(aws)) {
        console.log(`installing awscli ${AWS_CLI_VERSION} from PyPI into ${venv}`);
        fs.rmSync(venv, { recursive: true, force: true });
        execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
        execFileSync(
            path.join(venv, "bin", "pip"),
            ["install", "--quiet", "--disable-pip-version-check", `awscli==${AWS_CLI_VERSION}`],
            { stdio: "inherit" },
        );
    }
    return aws;
}

/**
 * A lower bound of (d): what @pulumi/command's local.Command would run, one
 * `aws cognito-idp admin-reset-user-password` per user, as many at once as the
 * engine's default parallelism, without Pulumi, its provider, its shell or its
 * state. (d) itself can only be slower.
 */
async function awsCliLoop(aws: string, moto: Moto, proxy: Proxy, pool: string, names: string[]): Promise<Row> {
    const parallel = 4 * os.cpus().length;
    const env = { ...process.env, ...LOCAL_CREDENTIALS, AWS_DEFAULT_REGION: REGION };
    const run = (username: string) =>
        new Promise<void>((resolve, reject) => {
            const args = ["cognito-idp", "admin-reset-user-password", "--user-pool-id", pool, "--username", username];
            const child = spawn(aws, [...args, "--endpoint-url", proxy.endpoint], {
                env,
                stdio: ["ignore", "ignore", "pipe"],
            });
            let err = "";
            child.stderr.on("data", (b: Buffer) => (err += b.toString()));
            child.on("error", reject);
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`aws exited ${code}: ${err}`))));
        });
    const before = proxy.succeeded(RESET).length;
    const row = await timedLoop("d0", names, parallel, run, startMemorySampler(new Set([moto.pid])));
    const resets = proxy.succeeded(RESET).length - before;
    if (resets !== names.length) throw new Error(`(d) made ${resets} resets for ${names.length} users`);
    return row;
}

const PROGRAMS = {
    b: path.join(REPO, "tests", "engine", "pool-program"),
    c: path.join(REPO, "bench", "naive-program"),
    e: path.join(REPO, "bench", "empty-program"),
};

/** (b), (c) or the empty program through `pulumi up`, then a no-op preview. */
async function throughPulumi(
    way: "b" | "c" | "e",
    moto: Moto,
    proxy: Proxy,
    pool: string,
    names: string[],
    env: Record<string, string>,
): Promise<Row> {
    return withStack({ program: PROGRAMS[way], env, skipDestroy: true }, async ({ stack, dir, env: cliEnv }) => {
        await stack.setAllConfig({
            userPoolId: { value: pool },
            usernames: { value: JSON.stringify(names) },
            endpoint: { value: proxy.endpoint },
        });
        // The CLI itself, as a pipeline runs it: the Automation API's up() would add its own
        // calls for the outputs and the history to the time.
        const cli = async (args: string[]) => {
            const { code, output } = await runPulumi([...args, "--non-interactive", "--stack", stack.name], {
                cwd: dir,
                env: cliEnv,
            });
            if (code !== 0) throw new Error(`(${way}) pulumi ${args.join(" ")} failed:\n${output}`);
        };
        const before = proxy.succeeded(RESET).length;
        const from = proxy.calls.length;
        const stop = startMemorySampler(new Set([moto.pid]));
        const t0 = performance.now();
        await cli(["up", "--yes", "--skip-preview"]);
        const upSeconds = (performance.now() - t0) / 1000;
        const peakRssMiB = stop();
        const resets = proxy.succeeded(RESET).length - before;
        const times = resetTimes(proxy, from);
        if (resets !== names.length) throw new Error(`(${way}) made ${resets} resets for ${names.length} users`);
        const t1 = performance.now();
        await cli(["preview", "--expect-no-changes"]);
        const previewSeconds = (performance.now() - t1) / 1000;
        const state = JSON.stringify((await stack.exportStack()).deployment);
        return {
            way,
            n: names.length,
            upSeconds,
            firstResetSeconds: times.length > 0 ? (times[0] - t0) / 1000 : undefined,
            resetWindowSeconds: times.length > 0 ? (times[times.length - 1] - times[0]) / 1000 : undefined,
            previewSeconds,
            resetsPerSecond: names.length / upSeconds,
            stateBytesPerUser: names.length > 0 ? Buffer.byteLength(state) / names.length : undefined,
            peakRssMiB,
        };
    });
}

/** The run with the median first-up time, carrying every run's first-up time. */
function median(runs: Row[]): Row {
    const sorted = [...runs].sort((x, y) => x.upSeconds - y.upSeconds);
    return { ...sorted[Math.floor((sorted.length - 1) / 2)], upSamples: runs.map((r) => r.upSeconds) };
}

/** When each reset request since call number `from` reached the endpoint, in order (performance.now() ms). */
function resetTimes(proxy: Proxy, from: number): number[] {
    return proxy.calls
        .slice(from)
        .filter((c) => c.operation === RESET)
        .map((c) => c.at)
        .sort((x, y) => x - y);
}

/** (b) at the default rate limit: achieved rate and the busiest one-second window, seen at the endpoint. */
async function rateAtDefault(moto: Moto, proxy: Proxy, pool: string, names: string[]) {
    const from = proxy.calls.length;
    const row: Row = { ...(await throughPulumi("b", moto, proxy, pool, names, {})), way: "b30" };
    const times = resetTimes(proxy, from);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 1000) j++;
        busiest = Math.max(busiest, i - j + 1);
    }
    const achieved = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
    return { n: names.length, limit: 30, achieved, busiest, row };
}

/** The issue's targets, each as a ratio measured in this run, and whether it was met. */
function targets(rows: Row[], rate: { limit: number; achieved: number; busiest: number } | undefined): string {
    const get = (way: Row["way"], n: number) => rows.find((r) => r.way === way && r.n === n);
    const lines: string[] = [];
    const check = (what: string, value: number | undefined, ok: (v: number) => boolean, shown: (v: number) => string) =>
        lines.push(
            `| ${what} | ${value === undefined || Number.isNaN(value) ? "not measured" : shown(value)} | ${value === undefined || Number.isNaN(value) ? "—" : ok(value) ? "met" : "**not met**"} |`,
        );
    const a1k = get("a", 1000);
    const b1k = get("b", 1000);
    const a10k = get("a", 10000);
    const b10k = get("b", 10000);
    check(
        "(b) first up within 1.5 x (a), N = 1,000, rate limit off",
        b1k && a1k ? b1k.upSeconds / a1k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    check(
        "(b) first up within 1.5 x (a), N = 10,000 (for reference)",
        b10k && a10k ? b10k.upSeconds / a10k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    check(
        "(b) reset window (first to last reset) within 1.5 x (a), N = 1,000 (for reference: (b) without the start-up)",
        b1k?.resetWindowSeconds !== undefined && a1k ? b1k.resetWindowSeconds / a1k.upSeconds : undefined,
        (v) => v <= 1.5,
        (v) => `${v.toFixed(2)} x`,
    );
    const d1k = get("d0", 1000);
    check(
        "(b) at least 5 x faster than (d), N = 1,000 (against (d)'s lower bound: (d) can only be slower)",
        b1k && d1k ? d1k.upSeconds / b1k.upSeconds : undefined,
        (v) => v >= 5,
        (v) => `at least ${v.toFixed(1)} x`,
    );
    check(
        "(b) no-op preview under a quarter of its first up, N = 1,000",
        b1k ? (b1k.previewSeconds ?? NaN) / b1k.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    const b30 = get("b30", 1000);
    check(
        "(b) no-op preview under a quarter of its first up, N = 1,000, at the default rate limit",
        b30 ? (b30.previewSeconds ?? NaN) / b30.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "(b) no-op preview under a quarter of its first up, N = 10,000 (for reference)",
        b10k ? (b10k.previewSeconds ?? NaN) / b10k.upSeconds : undefined,
        (v) => v < 0.25,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "(b) state per user at most 2 KB beyond its inputs, N = 1,000",
        b1k?.stateBytesPerUser,
        (v) => v <= 2048,
        (v) => `${Math.round(v)} bytes (all state, inputs included)`,
    );
    check(
        "shared limit reaches at least 90 % of 30/s",
        rate ? rate.achieved / rate.limit : undefined,
        (v) => v >= 0.9,
        (v) => `${(100 * v).toFixed(0)} %`,
    );
    check(
        "shared limit never exceeded in any one-second window",
        rate?.busiest,
        (v) => v <= (rate?.limit ?? 0),
        (v) => `busiest window ${v} requests`,
    );
    return `\n## Targets\n\n| target | measured | |\n|---|---|---|\n${lines.join("\n")}\n`;
}

/**
 * What a run costs before its first reset, measured in this run by the empty
 * program, and the best ratio to (a) that (b) could reach at N = 1,000 if its
 * resets were as fast as the raw loop's.
 */
function whereTheTimeGoes(rows: Row[]): string {
    const e = rows.find((r) => r.way === "e");
    const a = rows.find((r) => r.way === "a" && r.n === 1000);
    const b = rows.find((r) => r.way === "b" && r.n === 1000);
    if (!e || !a || !b || b.firstResetSeconds === undefined || b.resetWindowSeconds === undefined) return "";
    const after = b.upSeconds - b.firstResetSeconds - b.resetWindowSeconds;
    return `Where the time of (b) goes, N = 1,000: ${b.firstResetSeconds.toFixed(2)} s from the start of \`pulumi up\` to the
first reset (the CLI, the language host, Node and TypeScript, the program, the provider process), ${b.resetWindowSeconds.toFixed(2)} s
from the first reset to the last (the raw loop took ${a.upSeconds.toFixed(2)} s), ${after.toFixed(2)} s after the last (state written, processes
stopped). A program that declares nothing costs ${e.upSeconds.toFixed(2)} s for \`pulumi up\` and ${(e.previewSeconds ?? NaN).toFixed(2)} s for a preview
on this machine, so even with resets as fast as the raw loop's, (b)'s first up could not be under
(${e.upSeconds.toFixed(2)} + ${a.upSeconds.toFixed(2)}) / ${a.upSeconds.toFixed(2)} = ${((e.upSeconds + a.upSeconds) / a.upSeconds).toFixed(2)} x (a) at this N, and its no-op preview could not be under
${(e.previewSeconds ?? NaN).toFixed(2)} / ${b.upSeconds.toFixed(2)} = ${((100 * (e.previewSeconds ?? NaN)) / b.upSeconds).toFixed(0)} % of its first up with the rate limit off.`;
}

function version(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
        return "unknown";
    }
}

async function main(argv: string[]): Promise<void> {
    // The command line is read before anything starts or is written.
    const parsed = parseSettings(argv);
    if (parsed === "help") {
        console.log(usage());
        return;
    }
    const { sizes, counts } = parsed;
    const {
        "naive-max": naiveMax,
        repeat,
        "repeat-max": repeatMax,
        "nightly-users": nightlyUsers,
        nights,
        "shared-users": sharedUsers,
        "email-users": emailUsers,
    } = counts;
    Object.assign(process.env, LOCAL_CREDENTIALS);
    if (parsed.render) {
        const saved = JSON.parse(fs.readFileSync(path.join(REPO, "bench", "results.json"), "utf8"));
        const settings = saved.settings ?? { repeat, repeatMax };
        writeResults(saved.rows, saved.rate, saved.scenarios ?? { sharedQuota: [] }, settings, saved.machine);
        return;
    }
    const aws = ensureAwsCli();
    const moto = await startMoto();
    const proxy = await startProxy(moto.endpoint);
    const rows: Row[] = [];
    let rate: Awaited<ReturnType<typeof rateAtDefault>> | undefined;
    const scenarios: Scenarios = { sharedQuota: [] };
    try {
        const empty: Row[] = [];
        for (let i = 0; i < repeat; i++) empty.push(await throughPulumi("e", moto, proxy, "none", [], {}));
        rows.push(median(empty));
        console.log(rows[rows.length - 1]);
        for (const n of sizes) {
            const { pool, names } = await seed(moto, n);
            console.log(`N=${n}: seeded`);
            // (a) and (b) alternate, so that the machine's noise falls on both alike.
            const a: Row[] = [];
            const b: Row[] = [];
            for (let i = 0; i < (n <= repeatMax ? repeat : 1); i++) {
                a.push(await rawLoop(proxy, pool, names));
                b.push(
                    await throughPulumi("b", moto, proxy, pool, names, { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off" }),
                );
            }
            rows.push(median(a), median(b));
            console.log(rows.slice(-2));
            if (n <= naiveMax) {
                rows.push(await throughPulumi("c", moto, proxy, pool, names, {}));
                console.log(rows[rows.length - 1]);
                rows.push(await awsCliLoop(aws, moto, proxy, pool, names));
                console.log(rows[rows.length - 1]);
            }
            if (n === 1000) {
                rate = await rateAtDefault(moto, proxy, pool, names);
                rows.push(rate.row);
                console.log(rate);
            }
            // The nightly scenario reuses the pool of its size when the table has one.
            if (n === nightlyUsers) scenarios.nightly = await nightly(proxy, pool, names, rows[0].upSeconds, nights);
            await moto.reset();
        }
        if (nightlyUsers > 0 && !scenarios.nightly) {
            scenarios.nightly = await nightlyOnNewPool(moto, proxy, nightlyUsers, rows[0].upSeconds, nights);
            await moto.reset();
        }
        if (sharedUsers > 0) {
            for (const limit of ["default", "off"] as const)
                scenarios.sharedQuota.push(await sharedQuota(moto, sharedUsers, limit));
            await moto.reset();
        }
        if (emailUsers > 0) {
            scenarios.emailQuota = await emailQuota(moto, emailUsers);
            await moto.reset();
        }
    } finally {
        await proxy.close();
        await moto.stop();
    }
    writeResults(rows, rate, scenarios, { repeat, repeatMax });
}

/** The chart of the first up's wall time against N, for every way with the rate limit off. */
export function writeChart(file: string, rows: Row[]): void {
    const names = {
        a: "(a) raw SDK loop",
        b: "(b) this package",
        c: "(c) naive dynamic provider",
        d0: "(d) lower bound (AWS CLI)",
    };
    const series = (["a", "b", "c", "d0"] as const)
        .map((w) => ({
            name: names[w],
            points: rows.filter((r) => r.way === w).map((r): [number, number] => [r.n, r.upSeconds]),
        }))
        .filter((s) => s.points.length > 0);
    writeLineChartPng(file, {
        title: "First pulumi up: wall time against users",
        xLabel: "users (N)",
        yLabel: "seconds",
        series,
        logX: true,
        logY: true,
    });
}

function writeResults(
    rows: Row[],
    rate: { n: number; limit: number; achieved: number; busiest: number } | undefined,
    scenarios: Scenarios,
    settings: { repeat: number; repeatMax: number },
    /** The machine and versions of the run, when writing again from results.json. */
    measuredOn?: Record<string, string | number>,
): void {
    const { repeat, repeatMax } = settings;
    const dir = path.join(REPO, "bench");
    const machine = measuredOn ?? {
        date: new Date().toISOString(),
        cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}`,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        pulumi: version("pulumi", ["version"]),
        moto: `moto ${version("sh", ["-c", 'exec "$(dirname "$(command -v moto_server)")/python" -c "import moto; print(moto.__version__)"'])}`,
        package: require(path.join(REPO, "package.json")).version,
    };
    fs.writeFileSync(
        path.join(dir, "results.json"),
        JSON.stringify({ machine, settings, rows, rate, scenarios }, null, 2) + "\n",
    );
    const a = new Map(rows.filter((r) => r.way === "a").map((r) => [r.n, r.upSeconds]));
    const fmt = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));
    const names = {
        e: "empty program (no resource)",
        a: "(a) raw SDK loop",
        b: "(b) UserPasswordResets, pulumi up",
        c: "(c) naive dynamic provider",
        b30: "(b) at the default limit, 30/s",
        d0: "(d) lower bound: the AWS CLI alone, once per user",
    };
    const table = rows
        .map(
            (r) =>
                `| ${names[r.way]} | ${r.n} | ${fmt(r.upSeconds)} | ${fmt(r.firstResetSeconds)} | ${fmt(r.resetWindowSeconds ?? (r.way === "a" ? r.upSeconds : undefined))} | ${fmt(r.previewSeconds)} | ${r.n > 0 ? fmt(r.resetsPerSecond, 1) : "—"} | ${fmt(r.upSeconds / (a.get(r.n) ?? NaN))} | ${r.stateBytesPerUser === undefined ? "—" : Math.round(r.stateBytesPerUser)} | ${fmt(r.peakRssMiB, 0)} |`,
        )
        .join("\n");
    const md = `# Benchmark results

Written by \`npm run bench\` (bench/bench.ts); raw numbers in \`results.json\`, chart in \`results.png\`.

- Date: ${machine.date}
- Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, ${os.type()} ${os.release()}
- Node ${machine.node}; Pulumi CLI ${machine.pulumi}; ${machine.moto}; pulumi-cognito-password-reset ${machine.package}
- Endpoint: one moto server on loopback, behind the test proxy (no faults), shared by every way and every N.
- (a) keeps ${CONCURRENCY} resets in flight with no rate limit; (b) runs with the rate limit off
  (\`PULUMI_COGNITO_PASSWORD_RESET_RATE=off\`), 16 batches, the engine's default parallelism (${4 * os.cpus().length} here:
  at most ${4 * os.cpus().length} batches x 16 resets in flight); (c) is
  bench/naive-program (one resource per user, default parallelism).
- (d) \`@pulumi/command\` local.Command with the AWS CLI: its provider plugin
  (\`github.com/pulumi/pulumi-command/provider\`) is refused by the Go module proxy here and cannot be
  downloaded, so (d) itself cannot run. Measured instead is a lower bound of it: the AWS CLI
  (awscli ${AWS_CLI_VERSION}) run once per user, ${4 * os.cpus().length} at once (the engine's default parallelism), with no Pulumi, no
  provider, no shell and no state; (d) does all of that and more, so it can only be slower.
- (b), (c) and the empty program are timed as the CLI runs them: \`pulumi up --yes --skip-preview\`, then
  \`pulumi preview --expect-no-changes\`, on a new stack each with a local file backend.
- The empty program, (a) and (b) are run ${repeat === 1 ? "once" : `${repeat} times`} each (alternating (a) and (b)) up to N = ${repeatMax}, once
  beyond; the table shows the run with the median first up, results.json every run's time. (c) and (b) at
  30/s are run once. Compare numbers as ratios within this table: the machine is shared.

| way | N | first up (s) | up to first reset (s) | reset window (s) | no-op preview (s) | resets/s | ratio to (a) | state bytes/user | peak RSS (MiB) |
|---|---|---|---|---|---|---|---|---|---|
${table}

${whereTheTimeGoes(rows)}

${rate ? `Shared rate limit at its default (${rate.limit} requests/s), (b) with N = ${rate.n}: achieved ${rate.achieved.toFixed(1)} requests/s (${((100 * rate.achieved) / rate.limit).toFixed(0)}% of the limit); the busiest one-second window at the endpoint held ${rate.busiest} requests.` : ""}
`;
    const sections = scenarioSections(scenarios);
    fs.writeFileSync(path.join(dir, "RESULTS.md"), md + targets(rows, rate) + (sections ? `\n${sections}` : ""));
    writeChart(path.join(dir, "results.png"), rows);
    console.log(md + sections);
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((err) => {
        if (err instanceof UsageError) {
            console.error(`bench: ${err.message}\nRun \`npm run bench -- --help\` for the options.`);
            process.exit(2);
        }
        console.error(err);
        process.exit(1);
    });
}
