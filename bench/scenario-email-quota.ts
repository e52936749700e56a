/**
 * Operating scenario 3, the daily email quota met: a 10,000-user pool on the
 * default sender's quota of 50 emails a day, and how quickly a run stops once
 * the quota answers; and its table in RESULTS.md.
 */
import { batchOf } from "../provider/program/batch";
import { createPool, createUsers } from "../dev/seed";
import { Proxy, RecordedCall, startProxy } from "../dev/proxy";
import type { Moto } from "../dev/moto";
import { fmt } from "./numbers";
import { RESET } from "./row";
import { names, withPoolStack } from "./scenario-stack";

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

/** Runs the pool program on `n` users against a daily quota of `perDay` emails. */
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

/** The email-quota scenario's section of RESULTS.md (none when it did not run). */
export function emailQuotaTable(r: EmailQuotaRun | undefined): string {
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
