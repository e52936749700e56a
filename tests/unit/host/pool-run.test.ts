/**
 * Unit tier: what a batch moved by a change of `batches` waits for before it
 * plans (`sourcesOf`, `sourcesSeen` in pool-run.ts), on a simulated clock.
 *
 * The engine checks and diffs a resource only while one of its steps is free
 * (`pulumi up --parallel`, 4 per CPU by default). A moved batch that waits
 * holds a step; so a batch waits only for the old batches its users come
 * from, and gives up when nothing happens for the idle time while no batch
 * applies, instead of holding the run.
 */
import assert from "node:assert/strict";
import { mock } from "node:test";
import { batchOf } from "../../../provider/core/batches";
import { noteChecked, noteDiffed, Run, SEEN_IDLE_MS, sourcesOf, sourcesSeen } from "../../../provider/host/pool-run";

/** Lets promise callbacks run (no time passes on the simulated clock). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `p` has resolved yet, and to what. */
function watch<T>(p: Promise<T>): { done: boolean; value?: T } {
    const state: { done: boolean; value?: T } = { done: false };
    void p.then((value) => Object.assign(state, { done: true, value }));
    return state;
}

describe("pool run: what a moved batch waits for", () => {
    beforeEach(() => {
        mock.timers.enable({ apis: ["setTimeout"] });
    });
    afterEach(() => {
        mock.timers.reset();
    });

    it("GIVEN a list batch of a layout grown from 2 to 3 batches WHEN its sources are asked THEN they are its users' old batches, not its own recorded one", () => {
        const names = Array.from({ length: 200 }, (_, i) => `u${i}`);
        const fromZero = names.filter((u) => batchOf(u, 2) === 0 && batchOf(u, 3) === 2).slice(0, 2);
        const fromOne = names.filter((u) => batchOf(u, 2) === 1 && batchOf(u, 3) === 2).slice(0, 2);
        const run = new Run().pool("eu-west-1_A");
        run.previousBatchCount = 2;
        const news = { userPoolId: "eu-west-1_A", batchCount: 3, batchIndex: 2 };
        assert.deepEqual(sourcesOf(run, {}, { ...news, usernames: fromZero }), [0]);
        assert.deepEqual(sourcesOf(run, {}, { ...news, usernames: [...fromZero, ...fromOne] }), [0, 1]);
        const recordedOne = { batchCount: 2, batchIndex: 1, ledger: { handledThrough: "2026-01-01T00:00:00.000Z" } };
        const kept = { ...news, batchIndex: 1, usernames: fromOne };
        assert.deepEqual(sourcesOf(run, recordedOne as never, kept), [], "its own users: its own ledger");
        assert.deepEqual(
            sourcesOf(run, {}, { ...news, select: { all: true } }),
            [0, 1],
            "a selection: every old batch",
        );
    });

    it("GIVEN a batch waiting for old batch 0 WHEN batch 1 is diffed, then batch 0 THEN it goes on at batch 0's diff, seen in full", async () => {
        const run = new Run().pool("eu-west-1_A");
        const waiting = watch(sourcesSeen(run, [0], 3, 3));
        noteChecked(run, 1, true);
        noteDiffed(run, 1);
        await settle();
        assert.equal(waiting.done, false);
        noteChecked(run, 0, true);
        await settle();
        assert.equal(waiting.done, false, "checked is not enough: its ledger comes with its diff");
        noteDiffed(run, 0);
        await settle();
        assert.deepEqual(waiting, { done: true, value: true });
    });

    it("GIVEN sources that turn out new or removed WHEN every declared batch was checked THEN it goes on at once", async () => {
        const run = new Run().pool("eu-west-1_A");
        // Old batch 1 is checked as new (it held nobody), old batch 4 is beyond the new count, old batch 2 is not declared.
        const waiting = watch(sourcesSeen(run, [1, 2, 4], 2, 3));
        noteChecked(run, 1, false);
        await settle();
        assert.equal(waiting.done, false, "batch 2 may still come");
        noteChecked(run, 0, true);
        await settle();
        assert.deepEqual(waiting, { done: true, value: true });
    });

    it("GIVEN a batch waiting for a batch the engine never shows WHEN nothing happens for the idle time THEN it gives up (false: the caller warns); while a batch applies, it waits on", async () => {
        const shared = new Run();
        const run = shared.pool("eu-west-1_A");
        const other = shared.pool("eu-west-1_B");
        other.active = 1;
        const waiting = watch(sourcesSeen(run, [0], 2, 2));
        mock.timers.tick(SEEN_IDLE_MS * 3);
        await settle();
        assert.equal(waiting.done, false, "gave up while another pool's batch was applying");
        other.active = 0;
        noteChecked(run, 1, true); // an event: the idle time starts again
        mock.timers.tick(SEEN_IDLE_MS - 1);
        await settle();
        assert.equal(waiting.done, false, "gave up before the idle time");
        mock.timers.tick(1);
        await settle();
        assert.deepEqual(waiting, { done: true, value: false });
    });
});
