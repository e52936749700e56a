// Mocha's spec reporter, plus the one-line summary that CI reads:
// "tests: N passed, M failed" (pending tests are listed by name, not counted),
// and before it the time of each tier (the folder under tests/): the sum of
// its tests' and hooks' durations, which is what the tier would take alone,
// whether the files ran one after another or in parallel workers. The README's
// tier times are read off it.
"use strict";
const path = require("path");
const Mocha = require("mocha");

/** The tier of a test file: its folder under tests/ (unit, provider, engine, packaging, dev). */
function tierOf(file) {
    const parts = path.relative(path.join(__dirname, ".."), file).split(path.sep);
    return parts.length > 1 ? parts[0] : "other";
}

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        let passed = 0;
        let failed = 0;
        const seconds = new Map();
        const add = (runnable) => {
            if (!runnable.file || !runnable.duration) return;
            const tier = tierOf(runnable.file);
            seconds.set(tier, (seconds.get(tier) ?? 0) + runnable.duration / 1000);
        };
        runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
        runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => failed++);
        runner.on(Mocha.Runner.constants.EVENT_TEST_END, add);
        runner.on(Mocha.Runner.constants.EVENT_HOOK_END, add);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            // after the spec reporter's own epilogue
            setImmediate(() => {
                const tiers = [...seconds].map(([tier, s]) => `${tier} ${Math.round(s)} s`);
                if (tiers.length > 0) console.log(`tiers: ${tiers.join(", ")}`);
                console.log(`tests: ${passed} passed, ${failed} failed`);
            });
        });
    }
}
module.exports = SummaryReporter;
