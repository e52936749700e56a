/**
 * Writes a run's results into bench/: results.json (the raw numbers, every
 * run's time), RESULTS.md (machine, versions, the table of ways, the targets,
 * the scenarios) and results.svg (the chart), from a run just measured or from
 * results.json again.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "../dev/stack";
import { writeChart } from "./chart";
import { AWS_CLI_VERSION, CONCURRENCY } from "./loops";
import { fmt } from "./numbers";
import type { DefaultRate } from "./pulumi-runs";
import type { Row } from "./row";
import { scenarioSections, Scenarios } from "./scenarios";
import { targets, whereTheTimeGoes } from "./targets";

/** The first line `cmd args` prints, or "unknown". */
function version(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
        return "unknown";
    }
}

/** Writes results.json, RESULTS.md and results.svg, and prints RESULTS.md's head and the scenarios. */
export async function writeResults(
    rows: Row[],
    rate: Omit<DefaultRate, "row"> | undefined,
    scenarios: Scenarios,
    settings: { repeat: number; repeatMax: number },
    /** The machine and versions of the run, when writing again from results.json. */
    measuredOn?: Record<string, string | number>,
): Promise<void> {
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

Written by \`npm run bench\` (bench/bench.ts); raw numbers in \`results.json\`, chart in \`results.svg\`.

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
    await writeChart(path.join(dir, "results.svg"), rows);
    console.log(md + sections);
}
