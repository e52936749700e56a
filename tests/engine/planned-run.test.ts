/**
 * Engine tier: the nightly recipe's planned run, as both its pipelines run it:
 * `examples/scheduled-rotation/rotate.sh preview` in one job, `rotate.sh up`
 * in the next, through the real engine against moto. A pool of 20 users on a
 * staggered 2-hour rotation, adopted at 01:00; PULUMI_COGNITO_PASSWORD_RESET_NOW
 * stands for the wall clock of each job.
 *
 * | run                                                       | expected                                         |
 * |-----------------------------------------------------------|--------------------------------------------------|
 * | the script's preview at 02:00, its up after a boundary    | green; resets exactly the users the preview named |
 * | the next unplanned up                                     | resets the user whose boundary passed in between |
 * | the script's up of a plan 7 hours old                     | refused before any call, naming the variable     |
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { createUsers } from "../../dev/seed";
import { runCommand } from "../../dev/process";
import { withPool } from "../support/fixtures";
import { configure, REPO, TestStack, withStack } from "../support/engine";
import { moto } from "../support/hooks";
import { Proxy } from "../../dev/proxy";
import { rotationPeriod } from "../../provider/core/rotation";

const RESET = "AdminResetUserPassword";
const SCRIPT = path.join(REPO, "examples", "scheduled-rotation", "rotate.sh");
const POOL_PROGRAM = path.join(__dirname, "pool-program");
/** The wall clock's stand-in, apart from the instant the script carries. */
const WALL_CLOCK = "PULUMI_COGNITO_PASSWORD_RESET_NOW";
const POLICY = { every: "2h", anchor: "2026-06-01", stagger: true };
const ADOPTED = "2026-06-01T01:00:00Z";
const PREVIEW_AT = "2026-06-01T02:00:00Z";
const NAMES = Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, "0")}`);

/** The users reset at the endpoint since call `from`. */
function resetUsers(proxy: Proxy, from: number): string[] {
    return proxy.calls
        .slice(from)
        .filter((c) => c.operation === RESET && c.status === 200)
        .map((c) => String(c.body.Username))
        .sort();
}

/** The first boundary of any user after `after`: when the next user falls due. */
function nextBoundary(pool: string, after: string): Date {
    const ends = NAMES.map((username) => rotationPeriod(POLICY, new Date(after), { userPoolId: pool, username }).end);
    return new Date(Math.min(...ends.map((d) => d.getTime())));
}

/** The users whose current period began after `since`, at `at`: those due at `at`. */
function dueAt(pool: string, since: string, at: string): string[] {
    return NAMES.filter(
        (username) =>
            rotationPeriod(POLICY, new Date(at), { userPoolId: pool, username }).start.getTime() > Date.parse(since),
    );
}

/** The users the preview's line for the pool names as due (`pool X (a list of 20 users): 3 due; due: u03, …`). */
function previewedUsers(output: string): string[] {
    const line = /pool \S+ \(a list of \d+ users\): (\d+) due[^;\n]*(?:; due: ([^\n]*))?$/m.exec(output);
    assert.ok(line, `the preview has no line for the pool:\n${output}`);
    const names = line[2] ? line[2].split(", ") : [];
    assert.equal(names.length, Number(line[1]), "the line names every due user (20 at most)");
    return names.sort();
}

/** A pool of 20 verified users, adopted at 01:00 by the pool program on a staggered 2-hour rotation. */
async function adoptedPool(fn: (t: TestStack, pool: string, proxy: Proxy) => Promise<void>): Promise<void> {
    await withPool(async ({ pool, proxy }) => {
        await createUsers(moto().endpoint, pool, NAMES);
        await withStack({ program: POOL_PROGRAM }, async (t) => {
            await configure(t.stack, {
                userPoolId: pool,
                usernames: NAMES,
                endpoint: proxy.endpoint,
                initialReset: "scheduled",
                rotation: POLICY,
            });
            (t.stack.workspace as LocalWorkspace).envVars[WALL_CLOCK] = ADOPTED;
            await t.stack.up({ color: "never" });
            assert.equal(resetUsers(proxy, 0).length, 0, "the adoption reset a user");
            await fn(t, pool, proxy);
        });
    });
}

describe("engine: the nightly recipe's planned run", function () {
    this.timeout(600_000);

    /** Runs one step of the recipe's script in the stack's program folder, with the wall clock at `wall`. */
    const step = (t: TestStack, name: "preview" | "up", wall: string) =>
        runCommand("bash", [SCRIPT, name], {
            cwd: t.dir,
            env: {
                ...t.env,
                STACK: t.stack.name,
                [WALL_CLOCK]: wall,
                PULUMI_COGNITO_PASSWORD_RESET_PROGRESS_SECONDS: "0",
            },
        });

    it("GIVEN a boundary that passes between the script's preview and its up WHEN the up applies the plan THEN it is green and resets exactly the users the preview showed; the next run resets the one in between", async () => {
        await adoptedPool(async (t, pool, proxy) => {
            const upAt = new Date(nextBoundary(pool, PREVIEW_AT).getTime() + 60_000).toISOString();
            const between = dueAt(pool, PREVIEW_AT, upAt);
            assert.ok(between.length > 0, "no boundary passes between the preview and the up");

            const preview = await step(t, "preview", PREVIEW_AT);
            assert.equal(preview.code, 0, preview.output);
            const shown = previewedUsers(preview.output);
            assert.deepEqual(shown, dueAt(pool, ADOPTED, PREVIEW_AT), "the preview names the users due at 02:00");
            assert.ok(shown.length > 0, "nobody is due at the preview");

            const from = proxy.calls.length;
            const up = await step(t, "up", upAt);
            assert.equal(up.code, 0, up.output);
            assert.deepEqual(resetUsers(proxy, from), shown);

            // The user whose boundary passed in between is reset by the next run, as the preview said.
            const next = proxy.calls.length;
            (t.stack.workspace as LocalWorkspace).envVars[WALL_CLOCK] = upAt;
            await t.stack.up({ color: "never" });
            assert.deepEqual(resetUsers(proxy, next), between);

            // A plan applied 7 hours after its preview is refused, before any call, naming the variable.
            const late = "2026-06-01T05:00:00Z";
            assert.equal((await step(t, "preview", late)).code, 0);
            const calls = proxy.calls.length;
            const stale = await step(t, "up", "2026-06-01T12:00:00Z");
            assert.notEqual(stale.code, 0);
            assert.match(
                stale.output,
                /PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT '2026-06-01T05:00:00Z' is 7 h 0 min old/,
            );
            assert.match(stale.output, /Run the preview again/);
            assert.equal(proxy.calls.length, calls, "the refused up made a call");
        });
    });
});
