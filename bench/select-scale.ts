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
 * Then the incident (`select-incident.ts`): a new `rotationKey` on a pool with no rotation,
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
import { CLOCK_ENV } from "../provider/core/clock";
import { RATE_ENV } from "../provider/host/rate-limit";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { startMoto } from "../dev/moto";
import { startProxy } from "../dev/proxy";
import { throughPulumi } from "./pulumi-runs";
import { fmt } from "./numbers";
import { withPoolStack } from "./scenario-stack";
import { ADOPTION, DAY, Measured, measuredUp, Moto, ops, Run, targetOf, withoutNames } from "./select-runs";
import { Incident, incident, incidentTable } from "./select-incident";

const ROTATION = { every: "90d", anchor: "2026-01-01", stagger: true };
/** `--batches N`: the pool's `batches` (its default when not given). */
const BATCHES = process.argv.includes("--batches")
    ? Number(process.argv[process.argv.indexOf("--batches") + 1])
    : undefined;

async function scenario(n: number, moto: Moto): Promise<Run[]> {
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

/** The results file: each part as last measured. */
interface Results {
    scale?: Measured<Run[]>;
    incident?: Measured<Incident>;
}

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
