/**
 * `npm run bench`: resets whole pools on one moto endpoint, in one run, four ways:
 *   (a) a raw AWS SDK loop (the limit), 64 resets in flight, no rate limit;
 *   (b) this package's UserPasswordResets through `pulumi up`;
 *   (c) a dynamic provider written the obvious way (bench/naive-program), one resource per user;
 *   (d) @pulumi/command's local.Command running the AWS CLI: not measured when its
 *       provider plugin cannot be built (see RESULTS.md).
 * For each N: wall time of the first `up` and of a no-op `preview`, resets per
 * second, ratio to (a), state bytes per user, peak memory of the process tree.
 * Also a program that declares nothing (the fixed cost of a run) and the
 * shared rate limit at its default, 30/s. Then the operating scenarios
 * (scenarios.ts): a nightly run of a staggered pool, two runs on one quota,
 * the daily email quota met. Writes bench/RESULTS.md, bench/results.json and
 * bench/results.svg.
 *
 * This file runs the ways and the scenarios in order; the command line is read
 * by options.ts, the ways without Pulumi are loops.ts, those through it
 * pulumi-runs.ts, the results are written by write-results.ts (chart.ts for the chart).
 *
 * Usage: npm run bench [-- --sizes 100,1000,10000 --naive-max 1000 --repeat 3 --repeat-max 1000
 *                          --nightly-users 10000 --nights 3 --shared-users 600 --email-users 10000]
 * (a scenario's size 0 skips it), or `npm run bench -- --render`: no measurement, RESULTS.md and
 * results.svg written again from results.json (after a change to how they are written).
 * `npm run bench -- --help` lists the options; an unknown option or a bad value stops the run
 * before anything starts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createPool, createUsers } from "../dev/seed";
import { REPO } from "../dev/stack";
import { LOCAL_CREDENTIALS } from "../dev/credentials";
import { Moto, startMoto } from "../dev/moto";
import { startProxy } from "../dev/proxy";
import { awsCliLoop, ensureAwsCli, rawLoop } from "./loops";
import { parseSettings, usage, UsageError } from "./options";
import { DefaultRate, rateAtDefault, throughPulumi } from "./pulumi-runs";
import { writeResults } from "./write-results";
import { medianRun, Row } from "./row";
import { emailQuota } from "./scenario-email-quota";
import { nightly, nightlyOnNewPool } from "./scenario-nightly";
import { sharedQuota } from "./scenario-shared-quota";
import type { Scenarios } from "./scenarios";

/** A new pool on `moto` with `n` users, user0 to user(n-1). */
async function seed(moto: Moto, n: number): Promise<{ pool: string; names: string[] }> {
    const pool = await createPool(moto.endpoint);
    const names = Array.from({ length: n }, (_, i) => `user${i}`);
    await createUsers(moto.endpoint, pool, names);
    return { pool, names };
}

async function main(argv: string[]): Promise<void> {
    // The command line is read before anything starts or is written.
    const parsed = parseSettings(argv);
    if (parsed === "help") {
        console.log(usage());
        return;
    }
    const { sizes, counts } = parsed;
    const {
        "naive-max": naiveMax,
        repeat,
        "repeat-max": repeatMax,
        "nightly-users": nightlyUsers,
        nights,
        "shared-users": sharedUsers,
        "email-users": emailUsers,
    } = counts;
    Object.assign(process.env, LOCAL_CREDENTIALS);
    if (parsed.render) {
        const saved = JSON.parse(fs.readFileSync(path.join(REPO, "bench", "results.json"), "utf8"));
        const settings = saved.settings ?? { repeat, repeatMax };
        await writeResults(saved.rows, saved.rate, saved.scenarios ?? { sharedQuota: [] }, settings, saved.machine);
        return;
    }
    const aws = ensureAwsCli();
    const moto = await startMoto();
    const proxy = await startProxy(moto.endpoint);
    const rows: Row[] = [];
    let rate: DefaultRate | undefined;
    const scenarios: Scenarios = { sharedQuota: [] };
    try {
        const empty: Row[] = [];
        for (let i = 0; i < repeat; i++) empty.push(await throughPulumi("e", moto, proxy, "none", [], {}));
        rows.push(medianRun(empty));
        console.log(rows[rows.length - 1]);
        for (const n of sizes) {
            const { pool, names } = await seed(moto, n);
            console.log(`N=${n}: seeded`);
            // (a) and (b) alternate, so that the machine's noise falls on both alike.
            const a: Row[] = [];
            const b: Row[] = [];
            for (let i = 0; i < (n <= repeatMax ? repeat : 1); i++) {
                a.push(await rawLoop(proxy, pool, names));
                b.push(
                    await throughPulumi("b", moto, proxy, pool, names, { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off" }),
                );
            }
            rows.push(medianRun(a), medianRun(b));
            console.log(rows.slice(-2));
            if (n <= naiveMax) {
                rows.push(await throughPulumi("c", moto, proxy, pool, names, {}));
                console.log(rows[rows.length - 1]);
                rows.push(await awsCliLoop(aws, moto, proxy, pool, names));
                console.log(rows[rows.length - 1]);
            }
            if (n === 1000) {
                rate = await rateAtDefault(moto, proxy, pool, names);
                rows.push(rate.row);
                console.log(rate);
            }
            // The nightly scenario reuses the pool of its size when the table has one.
            if (n === nightlyUsers) scenarios.nightly = await nightly(proxy, pool, names, rows[0].upSeconds, nights);
            await moto.reset();
        }
        if (nightlyUsers > 0 && !scenarios.nightly) {
            scenarios.nightly = await nightlyOnNewPool(moto, proxy, nightlyUsers, rows[0].upSeconds, nights);
            await moto.reset();
        }
        if (sharedUsers > 0) {
            for (const limit of ["default", "off"] as const)
                scenarios.sharedQuota.push(await sharedQuota(moto, sharedUsers, limit));
            await moto.reset();
        }
        if (emailUsers > 0) {
            scenarios.emailQuota = await emailQuota(moto, emailUsers);
            await moto.reset();
        }
    } finally {
        await proxy.close();
        await moto.stop();
    }
    await writeResults(rows, rate, scenarios, { repeat, repeatMax });
}

if (require.main === module) {
    main(process.argv.slice(2)).catch((err) => {
        if (err instanceof UsageError) {
            console.error(`bench: ${err.message}\nRun \`npm run bench -- --help\` for the options.`);
            process.exit(2);
        }
        console.error(err);
        process.exit(1);
    });
}
