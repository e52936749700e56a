/**
 * Provider tier: a soak of the `select` model. 90 simulated nights of a
 * 2,000-user `{ all: true }` pool on a staggered 30-day policy, adopted with
 * initialReset "scheduled", through the batch host (4 batches, each night a
 * provider process of its own, as each `pulumi up` is) against moto, behind
 * the fault layer: random throttling, 5xx answers and stalled requests. A
 * batch that fails keeps its partial state, as Pulumi does, and the next night
 * goes on from it.
 *
 * | who                                        | expected                                                   |
 * |--------------------------------------------|------------------------------------------------------------|
 * | every user, before its first boundary       | no reset (the adoption)                                   |
 * | every user, each period after that          | exactly one reset, on or after the period's start         |
 * | a night's listing                           | ListUsers of `sub ^=` slices and retried names, never the |
 * |                                             | whole pool, after the adoption                             |
 * | the state                                    | no username of a user that is up to date                 |
 */
import assert from "node:assert/strict";
import { createUsers } from "../../dev/seed";
import { withPool } from "../support/fixtures";
import { moto } from "../support/hooks";
import { prng } from "../support/random";
import { withEnv } from "../support/env";
import { awsCognito } from "../../provider/host/cognito-client";
import { createBatchHost } from "../../provider/host/batch-host";
import { BatchResetError } from "../../provider/host/batch-failure";
import { Run } from "../../provider/host/pool-run";
import { resetCategoryLimiters } from "../../provider/host/rate-limit";
import { rotationPeriod } from "../../provider/core/rotation";
import { BatchOutputs } from "../../provider/core/types";

const RESET = "AdminResetUserPassword";
const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T02:00:00Z");
const POLICY = { every: "30d", stagger: true };
const USERS = 2000;
const BATCHES = 4;
const NIGHTS = 90;

/** Runs `fn` with some environment variables set, the rate limiters made anew from them, and both put back after. */
async function withLimits<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    resetCategoryLimiters();
    try {
        return await withEnv(vars, fn);
    } finally {
        resetCategoryLimiters();
    }
}

describe("provider: 90 nights of a whole pool, selected by rule", function () {
    this.timeout(900_000);

    it("GIVEN 2,000 users on a staggered 30-day policy, adopted, behind throttling, 5xx and stalls WHEN 90 nights run THEN each user is reset exactly once a period, none before its first boundary, and no night lists the whole pool", async () => {
        await withLimits(
            { PULUMI_COGNITO_PASSWORD_RESET_RATE: "off", PULUMI_COGNITO_PASSWORD_RESET_TIMEOUT_MS: "500" },
            () =>
                withPool(async ({ pool, proxy }) => {
                    const names = Array.from({ length: USERS }, (_, i) => `s${String(i).padStart(4, "0")}`);
                    proxy.createUsersAt(new Date(T0 - DAY));
                    await createUsers(moto().endpoint, pool, names);
                    const random = prng(16);
                    const news = (i: number) => ({
                        userPoolId: pool,
                        endpoint: proxy.endpoint,
                        select: { all: true },
                        batchIndex: i,
                        batchCount: BATCHES,
                        rotation: POLICY,
                        initialReset: "scheduled",
                    });
                    /** Each batch's recorded inputs and outputs, as the state holds them. */
                    const state: { inputs: Record<string, unknown>; outs: BatchOutputs }[] = [];
                    /** Each night's first call, and the simulated time of the night. */
                    const nights: { from: number; at: number }[] = [];
                    let failedListings = 0;

                    for (let night = 0; night <= NIGHTS; night++) {
                        const at = T0 + night * DAY;
                        nights.push({ from: proxy.calls.length, at });
                        proxy.setFaults(
                            night === 0
                                ? undefined
                                : () => {
                                      const r = random();
                                      return r < 0.05
                                          ? "throttle"
                                          : r < 0.07
                                            ? "server-error"
                                            : r < 0.072
                                              ? "stall"
                                              : undefined;
                                  },
                        );
                        const host = createBatchHost({ cognito: awsCognito, now: () => new Date(at), run: new Run() });
                        await Promise.all(
                            Array.from({ length: BATCHES }, async (_, i) => {
                                const olds = state[i];
                                let checked: Record<string, unknown> | undefined;
                                try {
                                    checked = (await host.check(olds?.inputs ?? {}, news(i))).inputs;
                                    if (olds && !(await host.diff("id", olds.outs, checked as never)).changes) return;
                                    const outs = olds
                                        ? (await host.update("id", olds.outs, checked)).outs
                                        : (await host.create(checked)).outs;
                                    state[i] = { inputs: checked, outs };
                                } catch (err) {
                                    // Pulumi keeps a failed batch's partial state; a listing that failed changes
                                    // nothing. Either way the next night goes on from the state.
                                    if (err instanceof BatchResetError)
                                        state[i] = { inputs: checked ?? {}, outs: err.properties as never };
                                    else failedListings++;
                                }
                            }),
                        );
                    }
                    proxy.setFaults(undefined);

                    const nightOf = (callIndex: number) => {
                        let n = 0;
                        while (n + 1 < nights.length && nights[n + 1].from <= callIndex) n++;
                        return nights[n].at;
                    };
                    const resets = new Map<string, number[]>();
                    proxy.calls.forEach((c, i) => {
                        if (c.operation !== RESET || c.outcome !== "forwarded" || c.status !== 200) return;
                        const u = String(c.body.Username);
                        resets.set(u, [...(resets.get(u) ?? []), nightOf(i)]);
                    });
                    const subs = new Map(
                        (
                            await awsCognito.listUsers!({ userPoolId: pool, endpoint: moto().endpoint }, { all: true })
                        ).map((u) => [u.username, u.sub]),
                    );
                    const last = T0 + NIGHTS * DAY;
                    const problems: string[] = [];
                    for (const u of names) {
                        const fraction = parseInt(subs.get(u)!.replace(/-/g, "").slice(0, 8), 16) / 2 ** 32;
                        const times = resets.get(u) ?? [];
                        let p = rotationPeriod(POLICY, new Date(T0), { fraction });
                        if (times.some((t) => t < p.end.getTime()))
                            problems.push(`${u} reset before its first boundary`);
                        p = rotationPeriod(POLICY, p.end, { fraction });
                        // Every period that began at least a night before the last one: exactly one reset in it.
                        while (p.start.getTime() + DAY <= last) {
                            const n = times.filter((t) => t >= p.start.getTime() && t < p.end.getTime()).length;
                            if (n !== 1) problems.push(`${u}: ${n} resets in ${p.label}`);
                            p = rotationPeriod(POLICY, p.end, { fraction });
                        }
                    }
                    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);

                    const wholeListings = proxy.calls.filter(
                        (c, i) => c.operation === "ListUsers" && i >= nights[1].from && c.body.Filter === undefined,
                    );
                    assert.equal(wholeListings.length, 0, "a night listed the whole pool");
                    const faults = proxy.calls.filter((c) => c.outcome !== "forwarded").length;
                    assert.ok(faults > 100, `the fault layer injected only ${faults} faults`);
                    assert.ok(failedListings < 5, `${failedListings} nights' listings failed`);
                    const text = JSON.stringify(state.map((s) => s.outs));
                    const named = names.filter((u) => text.includes(`"${u}"`));
                    assert.ok(named.length < 20, `the state names ${named.length} users`);
                }),
        );
    });
});
