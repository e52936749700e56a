/**
 * The whole pool after an incident, part of `npm run bench:select`: a new
 * `rotationKey` on a pool with no rotation, `maxResetsPerRun: 25000` and one
 * clock, run until every user is reset; each run against the raw SDK loop
 * over its own users.
 */
import { CLOCK_ENV } from "../provider/core/clock";
import { RATE_ENV } from "../provider/host/rate-limit";
import { fmt } from "./numbers";
import { withPoolStack } from "./scenario-stack";
import { ADOPTION, Measured, measuredUp, Moto, ops, Run, targetOf, withoutNames } from "./select-runs";

/** The incident's `maxResetsPerRun`. */
const INCIDENT_CAP = 25_000;

/** What the incident found: its runs, and how often each user was reset over them. */
export interface Incident {
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
export async function incident(n: number, moto: Moto): Promise<Incident> {
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

export function incidentTable({ date, machine, emptyUp, result: r }: Measured<Incident>): string {
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
