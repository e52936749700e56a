/**
 * `npm run bench:front-doors`: one reset through each front door, in one run,
 * on one moto endpoint: the npm package's dynamic resource from TypeScript
 * (bench/one-reset-ts) against the provider plugin from Pulumi YAML
 * (bench/one-reset-yaml), each timed as a pipeline runs the CLI
 * (`pulumi up --yes --skip-preview` of a new stack, a new user each time). The
 * two alternate, pair by pair, and the table gives each one's median and the
 * median of the pairs' ratios, which hold on a noisy machine. Also the
 * plugin's tarball: its size and how long `npm run plugin` took. Writes
 * bench/FRONT-DOORS.md and bench/front-doors.json.
 *
 * Usage: npm run bench:front-doors [-- --runs 5]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { startMoto } from "../dev/moto";
import { installPlugin, pluginTarball, removePluginTarball } from "../dev/plugin";
import { runPulumi } from "../dev/process";
import { startProxy } from "../dev/proxy";
import { createPool, createUser, REGION } from "../dev/seed";
import { REPO, withStack } from "../dev/stack";
import { fmt, medianOf } from "./numbers";
import { RESET } from "./row";

const PROGRAMS = {
    typescript: path.join(REPO, "bench", "one-reset-ts"),
    yaml: path.join(REPO, "bench", "one-reset-yaml"),
};
type Door = keyof typeof PROGRAMS;

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } }, strict: true });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`--runs must be a whole number of 1 or more, got ${values.runs}`);
    Object.assign(process.env, LOCAL_CREDENTIALS);

    const t0 = performance.now();
    const tarball = pluginTarball();
    const buildSeconds = (performance.now() - t0) / 1000;
    const tarballBytes = fs.statSync(tarball).size;

    const moto = await startMoto();
    const proxy = await startProxy(moto.endpoint);
    const seconds: Record<Door, number[]> = { typescript: [], yaml: [] };
    try {
        const pool = await createPool(moto.endpoint);
        const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: proxy.endpoint, AWS_REGION: REGION };
        for (let i = 0; i < runs; i++) {
            const order: Door[] = i % 2 === 0 ? ["typescript", "yaml"] : ["yaml", "typescript"];
            for (const door of order) {
                const username = `${door}-${i}`;
                await createUser(moto.endpoint, pool, username);
                await withStack(
                    { program: PROGRAMS[door], env, skipDestroy: true },
                    async ({ stack, dir, env: cli }) => {
                        if (door === "yaml") installPlugin(cli);
                        await stack.setAllConfig({ userPoolId: { value: pool }, username: { value: username } });
                        const before = proxy.succeeded(RESET).length;
                        const start = performance.now();
                        const up = ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.name];
                        const { code, output } = await runPulumi(up, { cwd: dir, env: cli });
                        seconds[door].push((performance.now() - start) / 1000);
                        if (code !== 0) throw new Error(`${door}: pulumi up failed:\n${output}`);
                        const resets = proxy.succeeded(RESET).length - before;
                        if (resets !== 1) throw new Error(`${door}: ${resets} resets instead of 1`);
                    },
                );
                console.error(`run ${i + 1}/${runs} ${door}: ${fmt(seconds[door].at(-1))} s`);
            }
        }
    } finally {
        await proxy.close();
        await moto.stop();
        removePluginTarball();
    }

    const ratios = seconds.yaml.map((y, i) => y / seconds.typescript[i]);
    const results = {
        date: new Date().toISOString(),
        runs,
        pluginTarballBytes: tarballBytes,
        pluginBuildSeconds: buildSeconds,
        upSeconds: seconds,
        medianUpSeconds: { typescript: medianOf(seconds.typescript), yaml: medianOf(seconds.yaml) },
        medianRatioYamlOverTypescript: medianOf(ratios),
    };
    const row = (door: Door, label: string) =>
        `| ${label} | ${fmt(medianOf(seconds[door]))} | ${seconds[door].map((s) => fmt(s)).join(", ")} |`;
    const md = [
        "# One reset through each front door",
        "",
        `\`npm run bench:front-doors\` on ${results.date.slice(0, 10)}: \`pulumi up --yes --skip-preview\` of a new stack`,
        `that resets one new user, ${runs} times each way, alternating, against one moto endpoint.`,
        "",
        "| front door | median up (s) | every run (s) |",
        "|---|---|---|",
        row("typescript", "TypeScript, the npm package's dynamic resource"),
        row("yaml", "Pulumi YAML, the provider plugin"),
        "",
        `YAML over TypeScript, the median of the ${runs} pairs' ratios: ${fmt(results.medianRatioYamlOverTypescript)}.`,
        "",
        `The plugin's tarball (\`npm run plugin\`): ${fmt(tarballBytes / 1e6, 1)} MB, built in ${fmt(buildSeconds, 0)} s`,
        "(the package compiled, then its production dependencies installed from the npm registry).",
        "",
    ].join("\n");
    fs.writeFileSync(path.join(REPO, "bench", "FRONT-DOORS.md"), md);
    fs.writeFileSync(path.join(REPO, "bench", "front-doors.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(md);
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
