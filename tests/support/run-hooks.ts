/**
 * Mocha root hooks for every tier, the unit tier included: dummy AWS
 * credentials (so that no test can reach a real account with real ones), and
 * the provider's run state started afresh before each test. They start
 * nothing: the unit tier's config (`.mocharc.unit.json`) loads only these;
 * `hooks.ts` adds moto for the other tiers.
 */
import { useLocalCredentials } from "../../dev/credentials";
import { resetRunState } from "../../provider/host/pool-run";

export const mochaHooks = {
    beforeAll() {
        useLocalCredentials();
    },
    /** The provider's run state (stops, budgets) lives one provider process; in-process tests start each afresh. */
    beforeEach() {
        resetRunState();
    },
};
