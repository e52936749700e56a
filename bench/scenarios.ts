/**
 * The operating scenarios of `npm run bench`, measured in the same run as the
 * table of ways (bench.ts):
 *   1. nightly: a 10,000-user pool on a 90-day stagger, adopted with
 *      `initialReset: "scheduled"`, then typical nights at the default rate;
 *   2. shared quota: two `pulumi up` runs at once against one account's
 *      request-rate quota (30/s, burst 5), with the package's default adaptive
 *      limit and with no client-side limit;
 *   3. email quota: a 10,000-user pool on the default sender's daily quota of 50.
 * Each returns raw numbers (results.json) and writes a table for RESULTS.md.
 */
import { Stack } from "@pulumi/pulumi/automation";
import * as path from "node:path";
import { batchOf } from "../src/program/batch";
import { CLOCK_ENV } from "../src/core/clock";
import { RotationPolicy, rotationPeriod } from "../src/core/rotation";
import { createPool, createUsers } from "../dev/seed";
import { REPO, withStack } from "../dev/stack";
import { runPulumi } from "../dev/process";
import { Proxy, RecordedCall, startProxy } from "../dev/proxy";
import type { Moto } from "../dev/moto";
import { rawLoop } from "./bench";

const RESET = "AdminResetUserPassword";
const POOL_PROGRAM = path.join(REPO, "tests", "engine", "pool-program");
const RATE_ENV = "PULUMI_COGNITO_PASSWORD_RESET_RATE";
const DAY_MS = 86_400_000;

/** One `pulumi up` of the pool program, timed as a pipeline runs it. */
interface TimedUp {
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
interface PoolStack {
    stack: Stack;
    up(env?: Record<string, string>): Promise<TimedUp>;
}

/** Runs `fn` with a new stack of the pool program configured with `config` (JSON-encoded where not a string). */
function withPoolStack<T>(
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

function names(prefix: string, n: number): string[] {
    const width = String(n - 1).length;
    return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(width, "0")}`);
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(d));

// ---------------------------------------------------------------- 1. nightly

/** One run of the nightly scenario: the adoption or a night. */
export interface NightRun {
    /** "adoption" (the first up, initialReset "scheduled") or "night k". */
    run: string;
    /** The value of PULUMI_COGNITO_PASSWORD_RESET_NOW for the run. */
    clock: string;
    /** Users whose staggered period began since their last reset (or adoption), computed here. */
    due: number;
    /** AdminResetUserPassword calls accepted during the run. */
    resets: number;
    /** Every Cognito call that reached the endpoint during the run, of any operation. */
    calls: number;
    upSeconds: number;
    /** From the start of `up` to the first reset at the endpoint. */
    firstResetSeconds?: number;
    /** From the first reset to the last, at the endpoint. */
    resetWindowSeconds?: number;
    /** The raw SDK loop (64 in flight, no rate limit) over exactly the users this run reset. */
    rawLoopSeconds?: number;
}

export interface Nightly {
    users: number;
    rotation: RotationPolicy;
    /** The empty program's first up in this benchmark: the fixed cost of any run. */
    emptyUpSeconds: number;
    runs: NightRun[];
}

export const NIGHTLY_ROTATION: RotationPolicy = { every: "90d", anchor: "2026-01-01", stagger: true };
/** The adoption: a night in the second period of the anchor, at 02:00 UTC. */
const ADOPTION = Date.parse("2026-04-15T02:00:00Z");

/**
 * A 10,000-user pool on a 90-day stagger at the default rate limit: the first
 * `up` of a scheduled adoption (no call expected), then `nights` nights, one a
 * day after it, each followed by the raw SDK loop over the users that night reset.
 */
export async function nightly(
    proxy: Proxy,
    pool: string,
    usernames: string[],
    emptyUpSeconds: number,
    nights: number,
): Promise<Nightly> {
    const runs: NightRun[] = [];
    // The expected due set, night by night, from the rotation rules: due when a period began after the last reset.
    const start = new Map(
        usernames.map((u) => [
            u,
            (t: number) =>
                rotationPeriod(NIGHTLY_ROTATION, new Date(t), { userPoolId: pool, username: u }).start.getTime(),
        ]),
    );
    const last = new Map(usernames.map((u) => [u, ADOPTION]));
    await withPoolStack(
        {
            userPoolId: pool,
            usernames,
            endpoint: proxy.endpoint,
            rotation: NIGHTLY_ROTATION,
            initialReset: "scheduled",
        },
        async ({ up }) => {
            for (let k = 0; k <= nights; k++) {
                const at = ADOPTION + k * DAY_MS;
                const clock = new Date(at).toISOString();
                const due = k === 0 ? [] : usernames.filter((u) => start.get(u)!(at) > last.get(u)!);
                const from = proxy.calls.length;
                const run = await up({ [CLOCK_ENV]: clock });
                if (run.code !== 0) throw new Error(`nightly ${clock}: pulumi up failed:\n${run.output}`);
                const calls = proxy.calls.slice(from);
                const reset = calls.filter(
                    (c) => c.operation === RESET && c.outcome === "forwarded" && c.status === 200,
                );
                const times = reset.map((c) => c.at).sort((x, y) => x - y);
                const row: NightRun = {
                    run: k === 0 ? "adoption" : `night ${k}`,
                    clock,
                    due: due.length,
                    resets: reset.length,
                    calls: calls.length,
                    upSeconds: run.upSeconds,
                    firstResetSeconds: times.length ? (times[0] - run.startedAt) / 1000 : undefined,
                    resetWindowSeconds: times.length ? (times[times.length - 1] - times[0]) / 1000 : undefined,
                };
                const resetNames = reset.map((c) => String(c.body.Username));
                if (k > 0 && resetNames.sort().join() !== [...due].sort().join())
                    console.warn(`nightly ${clock}: reset ${reset.length} users, ${due.length} computed as due`);
                for (const u of resetNames) last.set(u, at);
                if (resetNames.length > 0) row.rawLoopSeconds = (await rawLoop(proxy, pool, resetNames)).upSeconds;
                runs.push(row);
                console.log(row);
            }
        },
    );
    return { users: usernames.length, rotation: NIGHTLY_ROTATION, emptyUpSeconds, runs };
}

/** Seeds a pool of `n` users and runs {@link nightly} on it. */
export async function nightlyOnNewPool(
    moto: Moto,
    proxy: Proxy,
    n: number,
    emptyUpSeconds: number,
    nights: number,
): Promise<Nightly> {
    const pool = await createPool(moto.endpoint);
    const usernames = names("n", n);
    await createUsers(moto.endpoint, pool, usernames);
    return nightly(proxy, pool, usernames, emptyUpSeconds, nights);
}

function nightlyTable(r: Nightly): string {
    const nights = r.runs.filter((x) => x.run !== "adoption");
    const adoption = r.runs.find((x) => x.run === "adoption");
    const row = (x: NightRun) =>
        `| ${x.run} | ${x.clock.replace(".000Z", "Z")} | ${x.due} | ${x.resets} | ${x.calls} | ${fmt(x.upSeconds)} | ${fmt(x.firstResetSeconds)} | ${fmt(x.resetWindowSeconds)} | ${fmt(x.upSeconds / r.emptyUpSeconds)} | ${fmt(x.rawLoopSeconds)} | ${fmt(x.rawLoopSeconds === undefined ? undefined : x.upSeconds / x.rawLoopSeconds, 1)} |`;
    const m = {
        up: median(nights.map((x) => x.upSeconds)),
        resets: median(nights.map((x) => x.resets)),
        raw: median(nights.map((x) => x.rawLoopSeconds ?? NaN)),
        window: median(nights.map((x) => x.resetWindowSeconds ?? NaN)),
        first: median(nights.map((x) => x.firstResetSeconds ?? NaN)),
    };
    const floor = m.resets / 30;
    return `## A nightly run: ${r.users.toLocaleString("en")} users, 90-day stagger

The pool program with \`rotation: ${JSON.stringify(r.rotation)}\` and \`initialReset: "scheduled"\`, at the default
rate limit (30/s), \`${CLOCK_ENV}\` set per run: the first \`up\` adopts the pool, then one night a day
after another. Each night's users are then reset again by the raw SDK loop of (a), to compare. "vs empty" is
the run's time over the empty program's first up above (${fmt(r.emptyUpSeconds)} s); "vs raw loop" over the raw loop's.

| run | clock | users due | resets made | Cognito calls | up (s) | up to first reset (s) | reset window (s) | vs empty | raw SDK loop, same users (s) | vs raw loop |
|---|---|---|---|---|---|---|---|---|---|---|
${r.runs.map(row).join("\n")}
| median night | | | ${fmt(m.resets, 0)} | | ${fmt(m.up)} | ${fmt(m.first)} | ${fmt(m.window)} | ${fmt(m.up / r.emptyUpSeconds)} | ${fmt(m.raw)} | ${fmt(m.up / m.raw, 1)} |

${
    adoption
        ? `The adoption made ${adoption.resets} resets and ${adoption.calls} Cognito calls of any kind in ${fmt(adoption.upSeconds)} s (${fmt(adoption.upSeconds / r.emptyUpSeconds)} x the empty program). `
        : ""
}A typical night (median of ${nights.length}) reset ${fmt(m.resets, 0)} users in ${fmt(m.up)} s (${fmt(m.up / r.emptyUpSeconds)} x the empty
program): ${fmt(m.first)} s from the start of \`up\` to the first reset, ${fmt(m.window)} s from the first reset to the last (at the
default 30/s, ${fmt(m.resets, 0)} resets need at least ${fmt(floor)} s), ${fmt(m.up - m.first - m.window)} s after the last (the state of
${r.users.toLocaleString("en")} users written, processes stopped). The raw loop reset the same users in ${fmt(m.raw)} s with no rate limit.
`;
}

// ---------------------------------------------------------------- 2. shared quota

/** Two runs at once against one request-rate quota. */
export interface SharedQuota {
    /** "default" (the package's adaptive limit, 30/s ceiling) or "off" (PULUMI_COGNITO_PASSWORD_RESET_RATE=off). */
    limit: "default" | "off";
    usersPerRun: number;
    quota: { perSecond: number; burst: number };
    /** Seconds during which both runs were sending resets (the later first reset to the earlier last). */
    bothSeconds: number;
    /** Reset requests that reached the endpoint, both runs, retries included. */
    requests: number;
    /** Of them, answered TooManyRequestsException by the quota. */
    throttled: number;
    /** Accepted resets per second while both ran, both runs together. */
    acceptedPerSecondBoth: number;
    /** Accepted resets per second from the first reset of either run to the last of either. */
    acceptedPerSecondOverall: number;
    runs: { upSeconds: number; code: number | null; usersReset: number }[];
}

/** Two stacks of the pool program, each with its own pool of `n` users, started together on one quota. */
export async function sharedQuota(moto: Moto, n: number, limit: "default" | "off"): Promise<SharedQuota> {
    const quota = { perSecond: 30, burst: 5 };
    const proxy = await startProxy(moto.endpoint);
    try {
        const pools = [await createPool(moto.endpoint), await createPool(moto.endpoint)];
        const users = pools.map((_, p) => names(`s${p}u`, n));
        await Promise.all(pools.map((pool, p) => createUsers(moto.endpoint, pool, users[p])));
        proxy.setRateQuota(quota);
        const env: Record<string, string> = limit === "off" ? { [RATE_ENV]: "off" } : {};
        const config = (p: number) => ({ userPoolId: pools[p], usernames: users[p], endpoint: proxy.endpoint });
        const ups = await withPoolStack(
            config(0),
            (a) => withPoolStack(config(1), (b) => Promise.all([a.up(), b.up()]), env),
            env,
        );
        const resets = proxy.callsOf(RESET);
        const accepted = (c: RecordedCall) => c.outcome === "forwarded" && c.status === 200;
        const byRun = pools.map((pool) => resets.filter((c) => c.body.UserPoolId === pool && accepted(c)));
        const spans = byRun.map((calls) => calls.map((c) => c.at)).map((t) => [Math.min(...t), Math.max(...t)]);
        const from = Math.max(spans[0][0], spans[1][0]);
        const to = Math.min(spans[0][1], spans[1][1]);
        const bothSeconds = (to - from) / 1000;
        const both = resets.filter((c) => accepted(c) && c.at >= from && c.at <= to).length;
        const all = byRun.flat().map((c) => c.at);
        const overall = (Math.max(...all) - Math.min(...all)) / 1000;
        const result: SharedQuota = {
            limit,
            usersPerRun: n,
            quota,
            bothSeconds,
            requests: resets.length,
            throttled: proxy.rateQuotaStats().throttled,
            acceptedPerSecondBoth: both / bothSeconds,
            acceptedPerSecondOverall: all.length / overall,
            runs: ups.map((u, p) => ({
                upSeconds: u.upSeconds,
                code: u.code,
                usersReset: new Set(byRun[p].map((c) => c.body.Username)).size,
            })),
        };
        console.log(result);
        return result;
    } finally {
        await proxy.close();
    }
}

function sharedQuotaTable(rs: SharedQuota[]): string {
    if (rs.length === 0) return "";
    const q = rs[0].quota;
    const label = {
        default: "the package's default (30/s ceiling, adaptive)",
        off: "no client-side limit (`PULUMI_COGNITO_PASSWORD_RESET_RATE=off`)",
    };
    const rows = rs.map(
        (r) =>
            `| ${label[r.limit]} | ${r.usersPerRun} | ${fmt(r.bothSeconds, 1)} | ${r.requests} | ${r.throttled} | ${fmt((100 * r.throttled) / r.requests, 1)} % | ${fmt(r.acceptedPerSecondBoth, 1)} | ${fmt((100 * r.acceptedPerSecondBoth) / q.perSecond, 0)} % | ${r.runs.map((x) => fmt(x.upSeconds, 1)).join(", ")} | ${r.runs.map((x) => x.code).join(", ")} | ${r.runs.map((x) => x.usersReset).join(", ")} |`,
    );
    return `## Two runs on one quota

Two stacks of the pool program, each with its own pool of ${rs[0].usersPerRun} users, started at the same time
(\`pulumi up --yes --skip-preview\`), both against one endpoint that plays the account's request-rate quota:
a token bucket of ${q.perSecond}/s with a burst of ${q.burst}, shared by every caller, answering
TooManyRequestsException beyond it. "Throttled" is the share of all reset requests (retries included) the
quota refused; "accepted/s" counts the resets accepted while both runs were sending, both runs together.

| client-side limit | users per run | both running (s) | reset requests | throttled | throttled share | accepted/s, both running | of the quota | up (s), each run | exit codes | users reset, each run |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
}

// ---------------------------------------------------------------- 3. email quota

/** A 10,000-user pool on the default sender's daily email quota. */
export interface EmailQuotaRun {
    users: number;
    /** Users that exist in the pool: each batch's first 40, as many as a run can reach. */
    usersInPool: number;
    perDay: number;
    /** Resets the quota let through. */
    accepted: number;
    /** Reset requests that reached the endpoint after the first quota answer. */
    sentAfter: number;
    /** Reset requests that had reached the endpoint and were not yet answered at the first quota answer. */
    inFlight: number;
    /** From the first quota answer until `pulumi up` exited. */
    secondsToExit: number;
    upSeconds: number;
    code: number | null;
    namesSes: boolean;
    hasCode: boolean;
}

/**
 * Records, for every call the proxy records from now on, when it was answered
 * (its status set), by watching the proxy's own array of calls.
 */
function watchAnswers(proxy: Proxy): Map<RecordedCall, number> {
    const answered = new Map<RecordedCall, number>();
    const calls = proxy.calls;
    calls.push = (...items: RecordedCall[]): number => {
        for (const call of items) {
            let status: number | undefined;
            Object.defineProperty(call, "status", {
                enumerable: true,
                get: () => status,
                set: (v: number | undefined) => {
                    status = v;
                    answered.set(call, performance.now());
                },
            });
        }
        return Array.prototype.push.apply(calls, items);
    };
    return answered;
}

export async function emailQuota(moto: Moto, n: number, perDay = 50): Promise<EmailQuotaRun> {
    const proxy = await startProxy(moto.endpoint);
    try {
        const pool = await createPool(moto.endpoint);
        const usernames = names("q", n);
        const batches = 16;
        const firsts = Array.from({ length: batches }, (_, b) =>
            usernames.filter((u) => batchOf(u, batches) === b).slice(0, 40),
        ).flat();
        await createUsers(moto.endpoint, pool, firsts);
        proxy.setEmailQuota(perDay);
        const answered = watchAnswers(proxy);
        const run = await withPoolStack({ userPoolId: pool, usernames, endpoint: proxy.endpoint }, (s) => s.up());
        const calls = proxy.callsOf(RESET);
        const first = calls.findIndex((c) => c.outcome === "email-quota");
        if (first < 0) throw new Error(`email quota: never met (exit ${run.code}):\n${run.output}`);
        const at = calls[first].at;
        const inFlight = calls
            .slice(0, first)
            .filter((c) => c.outcome === "forwarded" && (answered.get(c) ?? Infinity) > at).length;
        const result: EmailQuotaRun = {
            users: n,
            usersInPool: firsts.length,
            perDay,
            accepted: calls.filter((c) => c.outcome === "forwarded" && c.status === 200).length,
            sentAfter: calls.filter((c) => c.at > at).length,
            inFlight,
            secondsToExit: (run.endedAt - at) / 1000,
            upSeconds: run.upSeconds,
            code: run.code,
            namesSes: /Amazon SES/.test(run.output),
            hasCode: /\[EMAIL_QUOTA\]/.test(run.output),
        };
        console.log(result);
        return result;
    } finally {
        await proxy.close();
    }
}

function emailQuotaTable(r: EmailQuotaRun | undefined): string {
    if (!r) return "";
    return `## The daily email quota met

The pool program on ${r.users.toLocaleString("en")} users (only each batch's first 40, ${r.usersInPool} users, exist: no run
gets further), default settings, on an endpoint that plays the default sender's daily quota of ${r.perDay} emails
per account (LimitExceededException once it is spent). "In flight" counts the resets that had reached the
endpoint and were not yet answered when it gave the first quota answer.

| users | quota | resets accepted | requests after the first quota answer | in flight at that moment | first quota answer to exit (s) | up (s) | exit code | output names SES | output has [EMAIL_QUOTA] |
|---|---|---|---|---|---|---|---|---|---|
| ${r.users} | ${r.perDay} | ${r.accepted} | ${r.sentAfter} | ${r.inFlight} | ${fmt(r.secondsToExit)} | ${fmt(r.upSeconds)} | ${r.code} | ${r.namesSes ? "yes" : "no"} | ${r.hasCode ? "yes" : "no"} |
`;
}

/** The raw numbers of the scenarios, for results.json. */
export interface Scenarios {
    nightly?: Nightly;
    sharedQuota: SharedQuota[];
    emailQuota?: EmailQuotaRun;
}

/** The scenarios' sections of RESULTS.md. */
export function scenarioSections(s: Scenarios): string {
    return [s.nightly ? nightlyTable(s.nightly) : "", sharedQuotaTable(s.sharedQuota), emailQuotaTable(s.emailQuota)]
        .filter((x) => x)
        .join("\n");
}
