/**
 * Mocha root hooks for every tier, the unit tier included: dummy AWS
 * credentials, so that no test can reach a real account with real ones. (A
 * test's hosts share the `Run` it gives them, so no run state outlives its
 * test.) They start nothing: the unit tier's config (`.mocharc.unit.json`) loads only these;
 * `hooks.ts` adds moto for the other tiers.
 */
import { useLocalCredentials } from "../../dev/credentials";

export const mochaHooks = {
    beforeAll() {
        useLocalCredentials();
    },
};
