/**
 * `npm run bench`: resets whole pools on one moto endpoint, in one run, four ways:
 *   (a) a raw AWS SDK loop (the limit), at the same concurrency;
 *   (b) this package's UserPasswordResets through `pulumi up`;
 *   (c) a dynamic provider written the obvious way (bench/naive-program), one resource per user;
 *   (d) @pulumi/command's local.Command running the AWS CLI: not measured when its
 *       provider plugin cannot be built (see RESULTS.md).
 * For each N: wall time of the first `up` and of a no-op `preview`, resets per
 * second, ratio to (a), state bytes per user, peak memory of the process tree.
 * Also the shared rate limit at its default, 30/s. Writes bench/RESULTS.md,
 * bench/results.json and bench/results.png.
 *
 * Usage: npm run bench [-- --sizes 100,1000,10000 --naive-max 1000]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AdminResetUserPasswordCommand,
    CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createPool, createUser, REGION } from "../tests/support/cognito";
import { REPO, withStack } from "../tests/support/engine";
import { TEST_CREDENTIALS } from "../tests/support/hooks";
import { Moto, startMoto } from "../tests/support/moto";
import { Proxy, startProxy } from "../tests/support/proxy";
import { writeLineChartPng } from "./chart";

const RESET = "AdminResetUserPassword";
const CONCURRENCY = 64;

interface Row {
    /** b30: (b) at the default rate limit of 30 requests per second. */
    way: "a" | "b" | "c" | "b30";
    n: number;
    upSeconds: number;
    previewSeconds?: number;
    resetsPerSecond: number;
    stateBytesPerUser?: number;
    peakRssMiB: number;
}

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
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
    for (let i = 0; i < n; i += 25)
        await Promise.all(names.slice(i, i + 25).map((u) => createUser(moto.endpoint, pool, u)));
    return { pool, names };
}

/** (a) The raw SDK loop: CONCURRENCY resets in flight, no rate limit. */
async function rawLoop(proxy: Proxy, pool: string, names: string[]): Promise<Row> {
    const client = new CognitoIdentityProviderClient({ region: REGION, endpoint: proxy.endpoint });
    const stop = startMemorySampler(new Set(), true);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
            while (next < names.length) {
                const username = names[next++];
                await client.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: username }));
            }
        }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
        way: "a",
        n: names.length,
        upSeconds: seconds,
        resetsPerSecond: names.length / seconds,
        peakRssMiB: stop(),
    };
}

/** (b) or (c) through `pulumi up`, then a no-op preview. */
async function throughPulumi(
    way: "b" | "c",
    moto: Moto,
    proxy: Proxy,
    pool: string,
    names: string[],
    env: Record<string, string>,
): Promise<Row> {
    const program =
        way === "b" ? path.join(REPO, "tests", "engine", "pool-program") : path.join(REPO, "bench", "naive-program");
    return withStack({ program, env, skipDestroy: true }, async ({ stack }) => {
        await stack.setAllConfig({
            userPoolId: { value: pool },
            usernames: { value: JSON.stringify(names) },
            endpoint: { value: proxy.endpoint },
        });
        const before = proxy.succeeded(RESET).length;
        const stop = startMemorySampler(new Set([moto.pid]));
        const t0 = performance.now();
        await stack.up({ color: "never" });
        const upSeconds = (performance.now() - t0) / 1000;
        const peakRssMiB = stop();
        const resets = proxy.succeeded(RESET).length - before;
        if (resets !== names.length) throw new Error(`(${way}) made ${resets} resets for ${names.length} users`);
        const t1 = performance.now();
        const pre = await stack.preview({ color: "never" });
        const previewSeconds = (performance.now() - t1) / 1000;
        if (Object.keys(pre.changeSummary).some((k) => k !== "same"))
            throw new Error(`(${way}) the no-op preview shows changes`);
        const state = JSON.stringify((await stack.exportStack()).deployment);
        return {
            way,
            n: names.length,
            upSeconds,
            previewSeconds,
            resetsPerSecond: names.length / upSeconds,
            stateBytesPerUser: Buffer.byteLength(state) / names.length,
            peakRssMiB,
        };
    });
}

/** (b) at the default rate limit: achieved rate and the busiest one-second window, seen at the endpoint. */
async function rateAtDefault(moto: Moto, proxy: Proxy, pool: string, names: string[]) {
    const from = proxy.calls.length;
    const row: Row = { ...(await throughPulumi("b", moto, proxy, pool, names, {})), way: "b30" };
    const times = proxy.calls
        .slice(from)
        .filter((c) => c.operation === RESET)
        .map((c) => c.at)
        .sort((x, y) => x - y);
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
    check("(b) at least 5 x faster than (d)", undefined, () => false, String);
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

function version(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
        return "unknown";
    }
}

async function main(): Promise<void> {
    Object.assign(process.env, TEST_CREDENTIALS);
    const sizes = arg("sizes", "100,1000,10000").split(",").map(Number);
    const naiveMax = Number(arg("naive-max", "1000"));
    const moto = await startMoto();
    const proxy = await startProxy(moto.endpoint);
    const rows: Row[] = [];
    let rate: Awaited<ReturnType<typeof rateAtDefault>> | undefined;
    try {
        for (const n of sizes) {
            const { pool, names } = await seed(moto, n);
            console.log(`N=${n}: seeded`);
            rows.push(await rawLoop(proxy, pool, names));
            console.log(rows[rows.length - 1]);
            rows.push(
                await throughPulumi("b", moto, proxy, pool, names, { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off" }),
            );
            console.log(rows[rows.length - 1]);
            if (n <= naiveMax) {
                rows.push(await throughPulumi("c", moto, proxy, pool, names, {}));
                console.log(rows[rows.length - 1]);
            }
            if (n === 1000) {
                rate = await rateAtDefault(moto, proxy, pool, names);
                rows.push(rate.row);
                console.log(rate);
            }
            await moto.reset();
        }
    } finally {
        await proxy.close();
        await moto.stop();
    }
    writeResults(rows, rate);
}

function writeResults(
    rows: Row[],
    rate: { n: number; limit: number; achieved: number; busiest: number } | undefined,
): void {
    // The chart compares the ways with the limit off; (b) at 30/s is in the table.
    const charted = rows.filter((r) => r.way !== "b30");
    const dir = path.join(REPO, "bench");
    const machine = {
        date: new Date().toISOString(),
        cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}`,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        pulumi: version("pulumi", ["version"]),
        moto: `moto ${version("sh", ["-c", 'exec "$(dirname "$(command -v moto_server)")/python" -c "import moto; print(moto.__version__)"'])}`,
        package: require(path.join(REPO, "package.json")).version,
    };
    fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify({ machine, rows, rate }, null, 2) + "\n");
    const a = new Map(rows.filter((r) => r.way === "a").map((r) => [r.n, r.upSeconds]));
    const fmt = (x: number | undefined, d = 2) => (x === undefined ? "—" : x.toFixed(d));
    const names = {
        a: "(a) raw SDK loop",
        b: "(b) UserPasswordResets, pulumi up",
        c: "(c) naive dynamic provider",
        b30: "(b) at the default limit, 30/s",
    };
    const table = rows
        .map(
            (r) =>
                `| ${names[r.way]} | ${r.n} | ${fmt(r.upSeconds)} | ${fmt(r.previewSeconds)} | ${fmt(r.resetsPerSecond, 1)} | ${fmt(r.upSeconds / (a.get(r.n) ?? NaN))} | ${r.stateBytesPerUser === undefined ? "—" : Math.round(r.stateBytesPerUser)} | ${fmt(r.peakRssMiB, 0)} |`,
        )
        .join("\n");
    const md = `# Benchmark results

Written by \`npm run bench\` (bench/bench.ts); raw numbers in \`results.json\`, chart in \`results.png\`.

- Date: ${machine.date}
- Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, ${os.type()} ${os.release()}
- Node ${machine.node}; Pulumi CLI ${machine.pulumi}; ${machine.moto}; pulumi-cognito-password-reset ${machine.package}
- Endpoint: one moto server on loopback, behind the test proxy (no faults), shared by every way and every N.
- (a) keeps ${CONCURRENCY} resets in flight with no rate limit; (b) runs with the rate limit off
  (\`PULUMI_COGNITO_PASSWORD_RESET_RATE=off\`), 16 batches, the engine's default parallelism; (c) is
  bench/naive-program (one resource per user, default parallelism).
- (d) \`@pulumi/command\` local.Command with the AWS CLI: not measured. Its provider plugin
  (\`github.com/pulumi/pulumi-command/provider\`) is refused by the Go module proxy here and cannot be
  downloaded, so there is nothing to run it with.
- Wall times are of one run each (no repetition): compare them as ratios within this table.

| way | N | first up (s) | no-op preview (s) | resets/s | ratio to (a) | state bytes/user | peak RSS (MiB) |
|---|---|---|---|---|---|---|---|
${table}

${rate ? `Shared rate limit at its default (${rate.limit} requests/s), (b) with N = ${rate.n}: achieved ${rate.achieved.toFixed(1)} requests/s (${((100 * rate.achieved) / rate.limit).toFixed(0)}% of the limit); the busiest one-second window at the endpoint held ${rate.busiest} requests.` : ""}
`;
    fs.writeFileSync(path.join(dir, "RESULTS.md"), md + targets(rows, rate));
    const series = (["a", "b", "c"] as const)
        .map((w) => ({
            name: names[w],
            points: charted.filter((r) => r.way === w).map((r): [number, number] => [r.n, r.upSeconds]),
        }))
        .filter((s) => s.points.length > 0);
    writeLineChartPng(path.join(dir, "results.png"), {
        title: "First pulumi up: wall time against users",
        xLabel: "users (N)",
        yLabel: "seconds",
        series,
        logX: true,
        logY: true,
    });
    console.log(md);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
