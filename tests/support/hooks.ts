/**
 * Mocha hooks of the provider, engine and packaging tiers (`.mocharc.json`,
 * which `npm test` uses). Mocha runs the test files in parallel worker
 * processes, so what the whole run shares is made once, in mocha's main
 * process, by its global fixtures:
 *
 * - one local Cognito (moto), whose endpoint the workers read from the
 *   environment (tests call `moto()`);
 * - one folder for the run's shared files: the provider plugin's tarball is
 *   built there once, by whichever worker needs it first (dev/plugin.ts), and
 *   the lock that lets a file run alone (below).
 *
 * Both are removed when the run ends. The root hooks of every tier
 * (`run-hooks.ts`) run in each worker, once per file. A file whose suite
 * calls {@link runAlone} (it measures time at the endpoint, which another
 * file's load would skew) holds the run's lock exclusively while it runs;
 * every other file holds it shared. The unit tier's config does not load this
 * file, so it runs without moto.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Moto, startMoto } from "../../dev/moto";
import { holdLock } from "./lock";
import { SHARED_DIR_ENV } from "../../dev/plugin";
import { mochaHooks as runHooks } from "./run-hooks";

/** The run's moto endpoint, set by the global setup for the workers it forks. */
const MOTO_ENV = "PCPR_TEST_MOTO_ENDPOINT";

let instance: Moto | undefined;

/** The run's moto server (its endpoint); available in every test of a run that loaded this file. */
export function moto(): Pick<Moto, "endpoint"> {
    const endpoint = process.env[MOTO_ENV];
    if (!endpoint) {
        throw new Error(
            "moto is not running: this test needs the global setup of tests/support/hooks.ts (loaded by .mocharc.json), " +
                "which the unit tier's config (.mocharc.unit.json) leaves out; run it with `npx mocha <file>`",
        );
    }
    return { endpoint };
}

/** Mocha's global setup: runs once, in the main process, before any worker starts. */
export async function mochaGlobalSetup(): Promise<void> {
    instance = await startMoto();
    process.env[MOTO_ENV] = instance.endpoint;
    process.env[SHARED_DIR_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-run-"));
}

/** Mocha's global teardown: stops moto and removes the run's shared files. */
export async function mochaGlobalTeardown(): Promise<void> {
    await instance?.stop();
    instance = undefined;
    const shared = process.env[SHARED_DIR_ENV];
    if (shared) fs.rmSync(shared, { recursive: true, force: true });
    delete process.env[MOTO_ENV];
    delete process.env[SHARED_DIR_ENV];
}

/** Suites whose file runs with no other test file running (see {@link runAlone}). */
const alone = new WeakSet<Mocha.Suite>();

/**
 * Makes the file of `suite` run alone: no other test file runs in parallel
 * with it. For tests that measure time at the endpoint (a rate, a share of a
 * quota), where another file's processes competing for the CPU would delay
 * when the endpoint reads requests and skew what is measured.
 *
 * @example
 * describe("engine: ...", function () {
 *     runAlone(this);
 * });
 */
export function runAlone(suite: Mocha.Suite): void {
    alone.add(suite);
}

let release: (() => Promise<void>) | undefined;

export const mochaHooks = {
    ...runHooks,
    /** Once per file in a worker: the run's lock, exclusive for a file that runs alone, else shared. */
    async beforeAll(this: Mocha.Context) {
        runHooks.beforeAll();
        const shared = process.env[SHARED_DIR_ENV];
        if (!shared) return;
        const exclusive = (this.test?.parent?.suites ?? []).some((s) => alone.has(s));
        // Waiting for the other workers' files to end can take as long as the longest of them.
        this.timeout(30 * 60_000);
        release = await holdLock(path.join(shared, "alone.lock"), exclusive ? "exclusive" : "shared");
    },
    async afterAll() {
        await release?.();
        release = undefined;
    },
};
