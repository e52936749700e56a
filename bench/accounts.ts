/**
 * Pools in two accounts and two regions, one `pulumi up`: a pool of
 * `--users` users (default 300) in each of the four, each account reached
 * through its own role (moto's STS), against Cognito's request-rate quota of
 * the account-recovery category played per account and region by the proxy
 * (30 requests per second, a burst of 5). It measures, for each pool, the
 * requests that reached the endpoint and the account that signed them, how
 * many the quota throttled, and the accepted resets per second against that
 * account and region's own quota; then the four together against the sum of
 * the quotas. Writes bench/ACCOUNTS.md and bench/accounts-results.json.
 *
 *   npm run bench:accounts [-- --users 300]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { startMoto } from "../dev/moto";
import { RecordedCall, startProxy } from "../dev/proxy";
import { accountOfKey } from "../dev/quotas";
import { assumeRole, createPool, createUsers, uniqueName } from "../dev/seed";
import { withStack } from "../dev/stack";
import { fmt } from "./numbers";
import { RESET } from "./row";

const PROGRAM = path.join(__dirname, "..", "tests", "engine", "accounts-program");
const ACCOUNTS = ["111111111111", "222222222222"];
const REGIONS = ["eu-west-1", "us-east-1"];
const QUOTA = { perSecond: 30, burst: 5 };

/** One pool's run, as the endpoint saw it. */
interface PoolRow {
    account: string;
    region: string;

    /** Reset requests that reached the endpoint, retries included. */
    requests: number;
    /** Of them, signed by a key of another account than the pool's (must be 0). */
    otherAccount: number;
    /** Of them, answered TooManyRequestsException by the quota. */
    throttled: number;
    /** Resets accepted per second, from the pool's first accepted reset to its last. */
    acceptedPerSecond: number;
    /** Seconds from the run's first accepted reset to the pool's first, and to its last. */
    from: number;
    to: number;
}

interface Results {
    date: string;
    machine: string;
    usersPerPool: number;
    /** The engine's `--parallel` (undefined: its default). */
    parallel?: number;
    quota: typeof QUOTA;
    upSeconds: number;
    /** Accepted resets per second of the four pools together, first to last. */
    totalPerSecond: number;
    pools: PoolRow[];
}

/** A whole-number option of the command line, or `fallback`. */
function numberOption(name: string, fallback: number | undefined): number | undefined {
    const i = process.argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(process.argv[i + 1]);
    if (!Number.isInteger(n) || n < 1)
        throw new Error(`${name} must be a whole number of 1 or more, got ${process.argv[i + 1]}`);
    return n;
}

/** Accepted resets per second over the span of `calls` (first to last). */
function perSecond(calls: RecordedCall[]): number {
    if (calls.length < 2) return 0;
    const t = calls.map((c) => c.doneAt ?? c.at);
    return (calls.length - 1) / ((Math.max(...t) - Math.min(...t)) / 1000);
}

async function measure(n: number, parallel: number | undefined): Promise<Results> {
    Object.assign(process.env, LOCAL_CREDENTIALS);
    const moto = await startMoto();
    try {
        const proxy = await startProxy(moto.endpoint);
        try {
            const pools: { account: string; region: string; pool: string; role: string }[] = [];
            for (const account of ACCOUNTS) {
                const role = `arn:aws:iam::${account}:role/${uniqueName("rotator")}`;
                const seed = await assumeRole(moto.endpoint, role);
                for (const region of REGIONS) {
                    const pool = await createPool(moto.endpoint, uniqueName("pool"), region, seed);
                    await createUsers(
                        moto.endpoint,
                        pool,
                        Array.from({ length: n }, (_, i) => `u${i}`),
                        seed,
                    );
                    pools.push({ account, region, pool, role });
                }
            }
            proxy.setRateQuota({ ...QUOTA, perRegion: true, perAccount: true });
            const resources = pools.map((p, i) => ({
                kind: "resets",
                name: `pool${i}`,
                args: {
                    userPoolId: p.pool,
                    usernames: Array.from({ length: n }, (_, u) => `u${u}`),
                    endpoint: proxy.endpoint,
                    assumeRole: { roleArn: p.role },
                },
            }));
            const upSeconds = await withStack(
                { program: PROGRAM, env: { AWS_ENDPOINT_URL_STS: moto.endpoint } },
                async ({ stack }) => {
                    await stack.setConfig("resources", { value: JSON.stringify(resources) });
                    const started = performance.now();
                    await stack.up({ color: "never", ...(parallel && { parallel }) });
                    return (performance.now() - started) / 1000;
                },
            );
            const resets = proxy.callsOf(RESET);
            const accepted = (c: RecordedCall) => c.outcome === "forwarded" && c.status === 200;
            const start = Math.min(...resets.filter(accepted).map((c) => c.at));
            const rows = pools.map((p): PoolRow => {
                const calls = resets.filter((c) => c.body.UserPoolId === p.pool);
                return {
                    account: p.account,
                    region: p.region,

                    requests: calls.length,
                    otherAccount: calls.filter((c) => accountOfKey(c.accessKeyId ?? "") !== p.account).length,
                    throttled: calls.filter((c) => c.outcome === "rate-quota").length,
                    acceptedPerSecond: perSecond(calls.filter(accepted)),
                    from: (Math.min(...calls.filter(accepted).map((c) => c.at)) - start) / 1000,
                    to: (Math.max(...calls.filter(accepted).map((c) => c.at)) - start) / 1000,
                };
            });
            return {
                date: new Date().toISOString(),
                machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
                usersPerPool: n,
                parallel,
                quota: QUOTA,
                upSeconds,
                totalPerSecond: perSecond(resets.filter(accepted)),
                pools: rows,
            };
        } finally {
            await proxy.close();
        }
    } finally {
        await moto.stop();
    }
}

function table(r: Results): string[] {
    const parallel = r.parallel === undefined ? "the engine's default `--parallel`" : `\`--parallel ${r.parallel}\``;
    return [
        `### ${r.pools.length} pools of ${r.usersPerPool} users, ${parallel}`,
        "",
        `${r.date}, ${r.machine}. The up took ${fmt(r.upSeconds)} s.`,
        "",
        "| account | region | requests at the endpoint | signed by another account | throttled | accepted resets/s | quota/s | resets from–to (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        ...r.pools.map(
            (p) =>
                `| ${p.account} | ${p.region} | ${p.requests} | ${p.otherAccount} | ${p.throttled} | ${fmt(p.acceptedPerSecond)} | ${r.quota.perSecond} | ${fmt(p.from, 1)}–${fmt(p.to, 1)} |`,
        ),
        "",
        `All together: ${fmt(r.totalPerSecond)} accepted resets per second, against ${r.quota.perSecond * r.pools.length} for ${r.pools.length} quotas.`,
        "",
    ];
}

function report(runs: Results[]): string {
    const r = runs[0];
    return [
        "# Pools in two accounts and two regions",
        "",
        `\`npm run bench:accounts -- --users ${r.usersPerPool} [--parallel N]\`: one \`pulumi up\` of four \`UserPasswordResets\`,`,
        "one per account and region, each account reached through its own role (moto's STS). The proxy plays",
        `Cognito's account-recovery quota per account and region: ${r.quota.perSecond} requests per second, a burst of ${r.quota.burst}.`,
        "Each run's table replaces the earlier one with the same `--parallel`.",
        "",
        ...runs.flatMap(table),
    ].join("\n");
}

async function main(): Promise<void> {
    const file = path.join(__dirname, "accounts-results.json");
    const parallel = numberOption("--parallel", undefined);
    const earlier: Results[] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
    const result = await measure(numberOption("--users", 300)!, parallel);
    const runs = [...earlier.filter((r) => r.parallel !== parallel), result].sort(
        (a, b) => (a.parallel ?? 0) - (b.parallel ?? 0),
    );
    fs.writeFileSync(file, JSON.stringify(runs, null, 2) + "\n");
    fs.writeFileSync(path.join(__dirname, "ACCOUNTS.md"), report(runs));
    console.log(table(result).join("\n"));
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
