/**
 * Mocha root hooks of the provider, engine and packaging tiers (`.mocharc.json`,
 * which `npm test` uses): those of every tier (`run-hooks.ts`), plus one local
 * Cognito (moto) for the whole run, stopped at the end. Tests that need it
 * call `moto()`. The unit tier's config does not load this file, so it runs
 * without moto.
 */
import { Moto, startMoto } from "../../dev/moto";
import { removePluginTarball } from "../../dev/plugin";
import { mochaHooks as runHooks } from "./run-hooks";

let instance: Moto | undefined;

/** The run's moto server; available once the root `beforeAll` of this file has run. */
export function moto(): Moto {
    if (!instance) {
        throw new Error(
            "moto is not running: this test needs the root hooks of tests/support/hooks.ts (loaded by .mocharc.json), " +
                "which the unit tier's config (.mocharc.unit.json) leaves out; run it with `npx mocha <file>`",
        );
    }
    return instance;
}

export const mochaHooks = {
    async beforeAll(this: Mocha.Context) {
        this.timeout(90_000);
        runHooks.beforeAll();
        instance = await startMoto();
    },
    beforeEach: runHooks.beforeEach,
    async afterAll() {
        removePluginTarball();
        await instance?.stop();
        instance = undefined;
    },
};
