/**
 * Mocha root hooks: one local Cognito (moto) for the whole run, with dummy
 * credentials, stopped at the end. Tests that need it call `moto()`.
 */
import { resetRunState } from "../../provider/pool-run";
import { Moto, startMoto } from "./moto";

let instance: Moto | undefined;

/** The run's moto server; available once the root `beforeAll` has run. */
export function moto(): Moto {
    if (!instance) throw new Error("moto is not running (root hook not loaded?)");
    return instance;
}

/** Dummy credentials: moto accepts any, and nothing real is ever used by the tests. */
export const TEST_CREDENTIALS = {
    AWS_ACCESS_KEY_ID: "AKIATESTTESTTESTTEST",
    AWS_SECRET_ACCESS_KEY: "test-secret-key-never-stored-0123456789",
};

export const mochaHooks = {
    async beforeAll(this: Mocha.Context) {
        this.timeout(90_000);
        Object.assign(process.env, TEST_CREDENTIALS);
        delete process.env.AWS_PROFILE;
        instance = await startMoto();
    },
    /** The provider's run state (stops, budgets) lives one provider process; in-process tests start each afresh. */
    beforeEach() {
        resetRunState();
    },
    async afterAll() {
        await instance?.stop();
        instance = undefined;
    },
};
