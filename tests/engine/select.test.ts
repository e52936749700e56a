/**
 * Engine tier: selecting a pool's users by rule, through real `pulumi up`
 * runs against moto: the members of a group, resolved by the provider at every
 * run, on a staggered 30-day policy adopted with initialReset "scheduled".
 * The clock moves 3 days a run; every call is counted at the recording proxy.
 *
 * | who                                                     | expected resets                                  |
 * |---------------------------------------------------------|--------------------------------------------------|
 * | the adoption                                            | none                                             |
 * | 24 eligible members, over the period after adoption     | exactly one each                                 |
 * | a disabled, an unverified, a FORCE_CHANGE_PASSWORD member | none, ever; counted in summary.excluded        |
 * | users outside the group                                 | none, ever                                       |
 * | a user who joins on day 9 (not special: due at its own boundary) | one within a period of joining, never two in a period |
 * | a new sign-up in the group on day 15                    | none on its first night                          |
 * | a member who leaves on day 12                           | no call after leaving                            |
 * | 40 members added on day 33                              | the state grows by less than 4 KB                |
 *
 * And the whole pool after an incident: `{ all: true }`, a new rotationKey,
 * maxResetsPerRun 12, 30 eligible users and 2 ineligible ones: the preview
 * says 30 due, 12 now and 18 deferred, 2 excluded, naming 20; then 12, 12 and
 * 6 resets over three green runs, each user exactly once, then none.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { addToGroup, createUser, createUsers, removeFromGroup } from "../../dev/seed";
import { resetsByUser, withPool } from "../support/fixtures";
import { configure, withStack } from "../support/engine";
import { moto } from "../support/hooks";

const POOL_PROGRAM = path.join(__dirname, "pool-program");
const WALL_CLOCK = "PULUMI_COGNITO_PASSWORD_RESET_NOW";
const T0 = Date.parse("2026-06-01T02:00:00Z");
const DAY = 86_400_000;
const FORTY = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, "0")}`);

/** The size of the stack's state, as `pulumi stack export` writes it. */
async function stateBytes(stack: Stack): Promise<number> {
    return JSON.stringify(await stack.exportStack()).length;
}

describe("engine: selecting users by rule", function () {
    this.timeout(900_000);

    it("GIVEN a group of 24 eligible members, 3 ineligible ones and outsiders, adopted on a staggered 30-day policy WHEN up runs every 3 days THEN each eligible member is reset exactly once a period, a joiner once within a period of joining, and nobody else ever", async () => {
        await withPool(async ({ pool, proxy }) => {
            const members = Array.from({ length: 24 }, (_, i) => `a${String(i).padStart(2, "0")}`);
            const outsiders = ["o1", "o2", "o3", "o4", "o5", "joiner"];
            // Moto dates users by the machine's clock; the proxy dates them on the runs' simulated one.
            proxy.createUsersAt(new Date(T0 - DAY));
            await createUsers(moto().endpoint, pool, [...members, ...outsiders]);
            const ineligible = {
                "x-disabled": "DISABLED",
                "x-unverified": "UNVERIFIED",
                "x-forced": "FORCE_CHANGE_PASSWORD",
            } as const;
            for (const [u, state] of Object.entries(ineligible)) await createUser(moto().endpoint, pool, u, state);
            await addToGroup(moto().endpoint, pool, "admins", [...members, ...Object.keys(ineligible)]);
            const leaver = members[5];

            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, {
                    userPoolId: pool,
                    select: { group: "admins" },
                    endpoint: proxy.endpoint,
                    initialReset: "scheduled",
                    rotation: { every: "30d", stagger: true },
                    batches: 4,
                });
                const envVars = (stack.workspace as LocalWorkspace).envVars;
                const run = async (day: number) => {
                    envVars[WALL_CLOCK] = new Date(T0 + day * DAY).toISOString();
                    const from = proxy.calls.length;
                    const res = await stack.up({ color: "never" });
                    return { from, summary: res.outputs.summary.value };
                };

                const adoption = await run(0);
                assert.equal(resetsByUser(proxy).size, 0, "the adoption reset someone");
                assert.deepEqual(adoption.summary.excluded, {
                    USER_DISABLED: 1,
                    USER_STATUS: 1,
                    NO_VERIFIED_CONTACT: 1,
                });
                assert.equal(adoption.summary.users, 24);

                const leftAt: Record<string, number> = {};
                const joinerResetDays: number[] = [];
                for (let day = 3; day <= 39; day += 3) {
                    proxy.createUsersAt(new Date(T0 + day * DAY - 3_600_000));
                    if (day === 9) await addToGroup(moto().endpoint, pool, "admins", ["joiner"]);
                    if (day === 12) await removeFromGroup(moto().endpoint, pool, "admins", leaver);
                    if (day === 15) {
                        // Signed up at the very moment of the run: no boundary can fall between the two.
                        proxy.createUsersAt(new Date(T0 + day * DAY));
                        await createUser(moto().endpoint, pool, "signup");
                        await addToGroup(moto().endpoint, pool, "admins", ["signup"]);
                    }
                    const stateBefore = day === 33 ? await stateBytes(stack) : 0;
                    if (day === 33) {
                        await createUsers(moto().endpoint, pool, FORTY);
                        await addToGroup(moto().endpoint, pool, "admins", FORTY);
                    }
                    const { from, summary } = await run(day);
                    if (day === 33) {
                        // The batches were updated (they count the 40), and the state grew by counts, not names.
                        assert.equal(summary.users, 24 - 1 + 2 + 40);
                        const grown = (await stateBytes(stack)) - stateBefore;
                        assert.ok(grown < 4096, `40 members grew the state by ${grown} bytes`);
                    }
                    if (day === 12) leftAt[leaver] = proxy.calls.length;
                    for (let n = resetsByUser(proxy, from).get("joiner") ?? 0; n > 0; n--) joinerResetDays.push(day);
                    if (day === 15)
                        assert.ok(
                            !resetsByUser(proxy, from).has("signup"),
                            "a new sign-up was reset on its first night",
                        );
                    if (day === 30) {
                        // One period after adoption: every eligible member exactly once.
                        const once = resetsByUser(proxy);
                        for (const m of members.filter((u) => u !== leaver))
                            assert.equal(once.get(m) ?? 0, 1, `${m} in the first period`);
                        assert.ok((once.get(leaver) ?? 0) <= 1, "the leaver twice");
                    }
                }
                const all = resetsByUser(proxy);
                for (const u of [...Object.keys(ineligible), ...outsiders.filter((o) => o !== "joiner")])
                    assert.ok(!all.has(u), `${u} was reset`);
                // It joined after the day-6 run: the runs of days 9 to 36 cover one period, (day 6, day 36].
                const withinAPeriod = joinerResetDays.filter((d) => d <= 36);
                assert.equal(withinAPeriod.length, 1, `the joiner within a period of joining: days ${joinerResetDays}`);
                for (let i = 1; i < joinerResetDays.length; i++)
                    assert.ok(
                        joinerResetDays[i] - joinerResetDays[i - 1] >= 30,
                        `the joiner twice in a period: days ${joinerResetDays}`,
                    );
                assert.ok(!resetsByUser(proxy, leftAt[leaver]).has(leaver), "the leaver got a call after leaving");
                assert.ok(
                    proxy.calls.slice(leftAt[leaver]).every((c) => c.body.Username !== leaver),
                    "any call about the leaver",
                );
            });
        });
    });

    it("GIVEN the whole pool selected and a new rotationKey with maxResetsPerRun 12 WHEN up runs until nothing is due THEN every eligible user is reset exactly once over green runs of 12, 12 and 6", async () => {
        await withPool(async ({ pool, proxy }) => {
            const users = Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, "0")}`);
            await createUsers(moto().endpoint, pool, users);
            await createUser(moto().endpoint, pool, "q-disabled", "DISABLED");
            await createUser(moto().endpoint, pool, "q-forced", "FORCE_CHANGE_PASSWORD");
            await withStack({ program: POOL_PROGRAM }, async ({ stack }) => {
                await configure(stack, {
                    userPoolId: pool,
                    select: { all: true },
                    endpoint: proxy.endpoint,
                    initialReset: "scheduled",
                    batches: 4,
                });
                await stack.up({ color: "never" });
                assert.equal(resetsByUser(proxy).size, 0, "the adoption reset someone");

                await configure(stack, { rotationKey: "INC-2026-12", maxResetsPerRun: 12 });
                // The preview says who is due, for the whole pool, before anything is sent.
                let previewed = "";
                await stack.preview({ color: "never", onOutput: (s) => (previewed += s) });
                const first20 = users.slice(0, 20).join(", ");
                // "of about 32": the pool's 30 users and 2 ineligible ones, as DescribeUserPool estimates them.
                assert.ok(
                    previewed.includes(
                        `pool ${pool} (every user of about 32): 30 due, 12 now and 18 deferred (maxResetsPerRun 12), 2 excluded; due: ${first20} and 10 more`,
                    ),
                    previewed,
                );
                const perRun: number[] = [];
                for (let i = 0; i < 4; i++) {
                    const from = proxy.calls.length;
                    const res = await stack.up({ color: "never" });
                    perRun.push([...resetsByUser(proxy, from).values()].reduce((a, b) => a + b, 0));
                    if (i < 2) assert.equal(res.outputs.summary.value.lastRun.deferred, 30 - 12 * (i + 1));
                }
                assert.deepEqual(perRun, [12, 12, 6, 0]);
                const all = resetsByUser(proxy);
                assert.deepEqual([...all.keys()].sort(), users);
                assert.ok(
                    [...all.values()].every((n) => n === 1),
                    "a user was reset twice",
                );
            });
        });
    });
});
