/**
 * Operating scenario 2, two runs on one quota: two `pulumi up` runs at once
 * against one account's request-rate quota (30/s, burst 5), with the
 * package's default adaptive limit and with no client-side limit; and its
 * table in RESULTS.md.
 */
import { createPool, createUsers } from "../dev/seed";
import { RecordedCall, startProxy } from "../dev/proxy";
import type { Moto } from "../dev/moto";
import { fmt } from "./numbers";
import { RESET } from "./row";
import { names, withPoolStack } from "./scenario-stack";

const RATE_ENV = "PULUMI_COGNITO_PASSWORD_RESET_RATE";

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

/** The shared-quota scenario's section of RESULTS.md (none when it did not run). */
export function sharedQuotaTable(rs: SharedQuota[]): string {
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
