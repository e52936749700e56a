// Mocha's spec reporter, plus the one-line summary that CI reads:
// "tests: N passed, M failed" (pending tests are listed by name, not counted).
"use strict";
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        let passed = 0;
        let failed = 0;
        runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
        runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => failed++);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            // after the spec reporter's own epilogue
            setImmediate(() => console.log(`tests: ${passed} passed, ${failed} failed`));
        });
    }
}
module.exports = SummaryReporter;
