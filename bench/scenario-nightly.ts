/**
 * Operating scenario 1, a nightly run: a 10,000-user pool on a 90-day
 * stagger, adopted with `initialReset: "scheduled"`, then typical nights at
 * the default rate, each against the raw SDK loop over the same users; and
 * its table in RESULTS.md.
 */
import { CLOCK_ENV } from "../provider/core/clock";
import { RotationPolicy, rotationPeriod } from "../provider/core/rotation";
import { createPool, createUsers } from "../dev/seed";
import type { Proxy } from "../dev/proxy";
import type { Moto } from "../dev/moto";
import { rawLoop } from "./loops";
import { fmt, medianOf } from "./numbers";
import { RESET } from "./row";
import { names, withPoolStack } from "./scenario-stack";

const DAY_MS = 86_400_000;

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
    /** The stack's state after the run (its deployment, as JSON), in bytes. */
    stateBytes?: number;
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
        async ({ stack, up }) => {
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
                    stateBytes: Buffer.byteLength(JSON.stringify((await stack.exportStack()).deployment)),
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

/** The nightly scenario's section of RESULTS.md. */
export function nightlyTable(r: Nightly): string {
    const nights = r.runs.filter((x) => x.run !== "adoption");
    const adoption = r.runs.find((x) => x.run === "adoption");
    const row = (x: NightRun) =>
        `| ${x.run} | ${x.clock.replace(".000Z", "Z")} | ${x.due} | ${x.resets} | ${x.calls} | ${fmt(x.upSeconds)} | ${fmt(x.firstResetSeconds)} | ${fmt(x.resetWindowSeconds)} | ${fmt(x.upSeconds / r.emptyUpSeconds)} | ${fmt(x.rawLoopSeconds)} | ${fmt(x.rawLoopSeconds === undefined ? undefined : x.upSeconds / x.rawLoopSeconds, 1)} | ${fmt(x.rawLoopSeconds === undefined ? undefined : x.upSeconds / (r.emptyUpSeconds + x.rawLoopSeconds))} | ${x.stateBytes === undefined ? "—" : x.stateBytes.toLocaleString("en")} |`;
    const m = {
        up: medianOf(nights.map((x) => x.upSeconds)),
        resets: medianOf(nights.map((x) => x.resets)),
        raw: medianOf(nights.map((x) => x.rawLoopSeconds ?? NaN)),
        window: medianOf(nights.map((x) => x.resetWindowSeconds ?? NaN)),
        first: medianOf(nights.map((x) => x.firstResetSeconds ?? NaN)),
        state: medianOf(nights.map((x) => x.stateBytes ?? NaN)),
    };
    const floor = m.resets / 30;
    return `## A nightly run: ${r.users.toLocaleString("en")} users, 90-day stagger

The pool program with \`rotation: ${JSON.stringify(r.rotation)}\` and \`initialReset: "scheduled"\`, at the default
rate limit (30/s), \`${CLOCK_ENV}\` set per run: the first \`up\` adopts the pool, then one night a day
after another. Each night's users are then reset again by the raw SDK loop of (a), to compare. "vs empty" is
the run's time over the empty program's first up above (${fmt(r.emptyUpSeconds)} s); "vs raw loop" over the raw loop's.

| run | clock | users due | resets made | Cognito calls | up (s) | up to first reset (s) | reset window (s) | vs empty | raw SDK loop, same users (s) | vs raw loop | vs empty + raw loop | state bytes |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${r.runs.map(row).join("\n")}
| median night | | | ${fmt(m.resets, 0)} | | ${fmt(m.up)} | ${fmt(m.first)} | ${fmt(m.window)} | ${fmt(m.up / r.emptyUpSeconds)} | ${fmt(m.raw)} | ${fmt(m.up / m.raw, 1)} | ${fmt(m.up / (r.emptyUpSeconds + m.raw))} | ${Number.isNaN(m.state) ? "—" : Math.round(m.state).toLocaleString("en")} |

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
