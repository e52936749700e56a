/**
 * Unit tier: the provider host's lifecycle methods with a fake Cognito (it
 * records every call and can be told to fail) and a settable clock; and the
 * client configuration derived from the inputs. No AWS, no moto, no engine.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type * as pulumi from "@pulumi/pulumi";
import { CognitoApi } from "../../../provider/host/cognito-client";
import { clientConfig, DEFAULT_MAX_ATTEMPTS } from "../../../provider/host/client-config";
import { CognitoResetError, ThrottledError, UserDisabledError } from "../../../provider/host/errors";
import { createResetHost } from "../../../provider/host/reset-host";
import { ResetInputs, ResetOutputs } from "../../../provider/core/types";
import { Run } from "../../../provider/host/pool-run";

/** A Cognito that records calls; `failWith` makes resetPassword throw, `status` is what getUserStatus answers. */
class FakeCognito implements CognitoApi {
    calls: { op: "resetPassword" | "getUserStatus"; inputs: ResetInputs }[] = [];
    failWith: unknown = undefined;
    status: string | undefined = "CONFIRMED";

    async resetPassword(inputs: ResetInputs): Promise<void> {
        this.calls.push({ op: "resetPassword", inputs });
        if (this.failWith !== undefined) throw this.failWith;
    }
    async getUserStatus(inputs: ResetInputs): Promise<string | undefined> {
        this.calls.push({ op: "getUserStatus", inputs });
        return this.status;
    }
}

const T0 = new Date("2026-03-01T08:00:00.000Z");
const T1 = new Date("2026-04-15T09:30:00.000Z");

/** A host over a fresh fake Cognito and a clock the test moves by assigning `clock.now`. */
function setup() {
    const cognito = new FakeCognito();
    const clock = { now: T0 };
    const host = createResetHost({ cognito, now: () => clock.now, run: new Run() });
    return { cognito, clock, host };
}

/** A digest as the README describes it: `digest:scrypt:` and 32 bytes in base64url. */
const DIGEST = /^digest:scrypt:[A-Za-z0-9_-]{43}$/;

const RAW = {
    userPoolId: "eu-west-1_AbC123",
    username: "alice",
    rotationKey: "k1",
    clientMetadata: { source: "pulumi" },
    __provider: "serialized-provider",
};

describe("host: create", () => {
    it("GIVEN valid inputs WHEN created THEN Cognito is called once with the declared inputs only, and the outputs record the reset", async () => {
        const { cognito, host } = setup();
        const res = await host.create({ ...RAW });
        const outs = res.outs!;
        assert.equal(cognito.calls.length, 1);
        assert.equal(cognito.calls[0].op, "resetPassword");
        assert.deepEqual(cognito.calls[0].inputs, {
            userPoolId: RAW.userPoolId,
            username: "alice",
            rotationKey: "k1",
            clientMetadata: RAW.clientMetadata,
        });
        assert.equal(res.id, "eu-west-1_AbC123/alice");
        assert.equal(outs.lastResetAt, T0.toISOString());
        assert.equal(outs.resetCount, 1);
        assert.equal(outs.userStatus, "RESET_REQUIRED");
        assert.equal(outs.lastResetRotationKey, "k1");
        assert.ok(!("__provider" in outs), "the serialized provider is not an output");
    });

    it("GIVEN no rotationKey WHEN created THEN lastResetRotationKey is the empty string", async () => {
        const { host } = setup();
        const res = await host.create({ userPoolId: RAW.userPoolId, username: "bob" });
        assert.equal(res.outs!.lastResetRotationKey, "");
        assert.ok(!("rotationKey" in res.outs!));
    });

    it("GIVEN a fault on this side, not an answer of Cognito (the client throws a TypeError) WHEN created THEN the error names the pool and the user, and the run goes on", async () => {
        const { cognito, host } = setup();
        cognito.failWith = new TypeError("reading 'send' of undefined");
        await assert.rejects(
            host.create({ ...RAW }),
            (e: unknown) =>
                e instanceof CognitoResetError &&
                /user 'alice' in user pool 'eu-west-1_AbC123'.*reading 'send' of undefined/.test(e.message),
        );
        cognito.failWith = undefined;
        const next = await host.create({ ...RAW, username: "bob" });
        assert.equal(next.outs?.resetCount, 1, "a fault of one user does not stop the run");
    });

    it("GIVEN Cognito fails WHEN created THEN create rejects with that error and returns nothing", async () => {
        const { cognito, host } = setup();
        const failure = new UserDisabledError(
            { userPoolId: RAW.userPoolId, username: "alice" },
            "NotAuthorizedException",
            "disabled; AdminEnableUser",
        );
        cognito.failWith = failure;
        let result: unknown = "not set";
        await assert.rejects(
            async () => {
                result = await host.create({ ...RAW });
            },
            (e: unknown) => e === failure,
        );
        assert.equal(result, "not set");
        assert.equal(cognito.calls.length, 1, "one attempt, no retry loop in the host");
    });
});

describe("host: update", () => {
    /** The outputs of a create at T0, then the clock moved to T1. */
    async function created() {
        const s = setup();
        const { outs } = await s.host.create({ ...RAW });
        s.cognito.calls = [];
        s.clock.now = T1;
        return { ...s, olds: outs as ResetOutputs };
    }

    it("GIVEN a recorded reset WHEN the rotationKey changes THEN Cognito is called once and the count, time and key move on", async () => {
        const { cognito, host, olds } = await created();
        const { outs } = await host.update("id", olds, { ...RAW, rotationKey: "k2" });
        assert.deepEqual(
            cognito.calls.map((c) => c.op),
            ["resetPassword"],
        );
        assert.equal(cognito.calls[0].inputs.rotationKey, "k2");
        assert.equal(outs!.resetCount, 2);
        assert.equal(outs!.lastResetAt, T1.toISOString());
        assert.equal(outs!.lastResetRotationKey, "k2");
        assert.equal(outs!.userStatus, "RESET_REQUIRED");
    });

    // Changes that are recorded without a reset: [what changed, the patch to RAW].
    const recordOnly: [string, Record<string, unknown>][] = [
        ["clientMetadata", { clientMetadata: { source: "ci" } }],
        ["endpoint", { endpoint: "http://localhost:5000" }],
        [
            "clientMetadata and endpoint",
            { clientMetadata: {}, endpoint: "https://cognito-idp.eu-west-1.amazonaws.com" },
        ],
        ["rotationKey removed", { rotationKey: undefined }],
    ];
    for (const [what, patch] of recordOnly) {
        it(`GIVEN a recorded reset WHEN only ${what} changes THEN no call is made, the new inputs are recorded and lastResetAt/resetCount stay`, async () => {
            const { cognito, host, olds } = await created();
            const raw: Record<string, unknown> = { ...RAW, ...patch };
            const { outs } = await host.update("id", { ...olds, userStatus: "CONFIRMED" }, raw);
            assert.equal(cognito.calls.length, 0);
            assert.equal(outs!.lastResetAt, T0.toISOString());
            assert.equal(outs!.resetCount, 1);
            assert.equal(outs!.lastResetRotationKey, "k1");
            assert.equal(outs!.userStatus, "CONFIRMED", "the last seen status is kept");
            // Recorded as check records them (clientMetadata as digests).
            const checked = (await host.check({}, raw)).inputs as Record<string, unknown>;
            for (const k of Object.keys(patch))
                assert.deepEqual((outs as unknown as Record<string, unknown>)[k], checked[k], k);
        });
    }

    it("GIVEN Cognito fails WHEN an update needs a reset THEN update rejects with that error and returns nothing", async () => {
        const { cognito, host, olds } = await created();
        // The client layer throws errors already mapped, as this one.
        const failure = new ThrottledError(
            { userPoolId: RAW.userPoolId, username: "alice" },
            "TooManyRequestsException",
            "throttled",
        );
        cognito.failWith = failure;
        let result: unknown = "not set";
        await assert.rejects(
            async () => {
                result = await host.update("id", olds, { ...RAW, rotationKey: "k2" });
            },
            (e: unknown) => e === failure,
        );
        assert.equal(result, "not set");
        assert.equal(cognito.calls.length, 1);
    });

    // diff.ts falls back to the recorded rotationKey when a state has no lastResetRotationKey;
    // a record-only update must keep that meaning, or the next unchanged `up` resets the user.
    it("GIVEN a state without lastResetRotationKey (older state) WHEN a record-only update runs THEN the next unchanged diff makes no reset", async () => {
        const { cognito, host, olds } = await created();
        const legacy = { ...olds } as Partial<ResetOutputs>;
        delete legacy.lastResetRotationKey;
        const checked = async (raw: Record<string, unknown>) => (await host.check({}, raw)).inputs as ResetInputs;
        const before = await host.diff("id", legacy as ResetOutputs, await checked(RAW));
        assert.equal(before.changes, false, "the fallback to rotationKey holds before the update");
        const news = await checked({ ...RAW, clientMetadata: { source: "ci" } });
        const { outs } = await host.update("id", legacy as ResetOutputs, news as never);
        assert.equal(cognito.calls.length, 0);
        const after = await host.diff("id", outs as ResetOutputs, news);
        assert.equal(after.changes, false, `lastResetRotationKey became '${outs!.lastResetRotationKey}'`);
    });

    it("GIVEN any sequence of rotation key changes WHEN applied THEN resetCount counts exactly the calls made (property)", async () => {
        // Each step: half the time a fresh key, else one of three recent ones (sometimes the current one).
        const step = fc.oneof(fc.constant("fresh"), fc.constantFrom("k1", "k2", "k3"));
        await fc.assert(
            fc.asyncProperty(fc.array(step, { maxLength: 40, size: "max" }), async (steps) => {
                const { cognito, host, olds: first } = await created();
                let olds = first;
                for (const [i, choice] of steps.entries()) {
                    const key = choice === "fresh" ? `fresh-${i}` : choice;
                    const before = cognito.calls.length;
                    const { outs } = await host.update("id", olds, { ...RAW, rotationKey: key });
                    const called = cognito.calls.length - before;
                    assert.equal(
                        called,
                        key === olds.lastResetRotationKey ? 0 : 1,
                        `step ${i}: ${olds.lastResetRotationKey} -> ${key}`,
                    );
                    assert.equal(outs!.resetCount, olds.resetCount + called, `step ${i}`);
                    olds = outs as ResetOutputs;
                }
                assert.equal(olds.resetCount, 1 + cognito.calls.length);
            }),
            { seed: 2026, numRuns: 50 },
        );
    });
});

describe("host: secret values never leave the provider process", () => {
    // | step                                   | expected                                                     |
    // |----------------------------------------|--------------------------------------------------------------|
    // | check                                  | each clientMetadata value replaced by a digest (README)      |
    // | create after that check                | the values are sent; the outputs hold the digests            |
    // | a rerun (check, diff)                  | no change: the same value gives the same digest               |
    // | a new value                            | a change, an update with no call                             |
    // | a digest this process never made       | no call, an error that names the key                         |
    // | a state of 0.1.0 (values in outputs)   | a change, an update with no call; the next diff none         |
    const SECRET = "PROBE-SECRET-4242";
    const news = { ...RAW, clientMetadata: { token: SECRET } };

    it("GIVEN clientMetadata WHEN checked and created THEN the values are sent, and only digests come back", async () => {
        const { cognito, host } = setup();
        const checked = (await host.check({}, news)).inputs as ResetInputs;
        assert.match(checked.clientMetadata!.token, DIGEST);
        const { outs } = await host.create(checked as never);
        assert.deepEqual(cognito.calls[0].inputs.clientMetadata, { token: SECRET });
        assert.ok(!JSON.stringify(outs).includes(SECRET), "the outputs hold the value");
        assert.deepEqual(outs!.clientMetadata, checked.clientMetadata);
        const rerun = (await setup().host.check({}, news)).inputs as ResetInputs;
        assert.deepEqual(rerun.clientMetadata, checked.clientMetadata, "another process makes the same digest");
        assert.equal((await host.diff("id", outs as ResetOutputs, rerun)).changes, false);
    });

    it("GIVEN a recorded digest WHEN the value changes THEN it is an update that makes no call", async () => {
        const { cognito, host } = setup();
        const { outs } = await host.create((await host.check({}, news)).inputs as never);
        cognito.calls = [];
        const changed = (await host.check({}, { ...news, clientMetadata: { token: "OTHER-VALUE" } })).inputs;
        assert.equal((await host.diff("id", outs as ResetOutputs, changed as ResetInputs)).changes, true);
        await host.update("id", outs as ResetOutputs, changed);
        assert.equal(cognito.calls.length, 0);
    });

    it("GIVEN a digest checked in another process WHEN a reset is due THEN nothing is sent, and the error names the key", async () => {
        const { cognito, host } = setup();
        const elsewhere = (await setup().host.check({}, news)).inputs;
        await assert.rejects(host.create(elsewhere), /clientMetadata\['token'\] is not known in this provider process/);
        assert.equal(cognito.calls.length, 0);
    });

    it("GIVEN a state written by 0.1.0 (the values in its outputs) WHEN upgraded THEN one update with no call, then no change", async () => {
        const { cognito, host } = setup();
        const old: ResetOutputs = {
            userPoolId: RAW.userPoolId,
            username: "alice",
            rotationKey: "k1",
            clientMetadata: { token: SECRET },
            lastResetAt: T0.toISOString(),
            resetCount: 1,
            lastResetRotationKey: "k1",
            userStatus: "RESET_REQUIRED",
        };
        const checked = (await host.check(old as never, news)).inputs as ResetInputs;
        assert.equal((await host.diff("id", old, checked)).changes, true);
        const { outs } = await host.update("id", old, checked as never);
        assert.equal(cognito.calls.length, 0);
        assert.ok(!JSON.stringify(outs).includes(SECRET));
        assert.equal((await host.diff("id", outs as ResetOutputs, checked)).changes, false);
    });
});

describe("host: read, delete, check, diff", () => {
    const OUTS: ResetOutputs = {
        userPoolId: RAW.userPoolId,
        username: "alice",
        rotationKey: "k1",
        lastResetAt: T0.toISOString(),
        resetCount: 3,
        lastResetRotationKey: "k1",
        userStatus: "RESET_REQUIRED",
    };

    it("GIVEN the user or pool is gone WHEN read THEN the id is empty (the resource leaves the state)", async () => {
        const { cognito, host } = setup();
        cognito.status = undefined;
        const res = await host.read("eu-west-1_AbC123/alice", OUTS);
        assert.deepEqual(res, { id: "" });
        assert.deepEqual(
            cognito.calls.map((c) => c.op),
            ["getUserStatus"],
        );
    });

    it("GIVEN the user exists WHEN read THEN only userStatus is updated and the id is kept", async () => {
        const { cognito, host } = setup();
        cognito.status = "CONFIRMED";
        const res = await host.read("eu-west-1_AbC123/alice", OUTS);
        assert.equal(res.id, "eu-west-1_AbC123/alice");
        assert.deepEqual(res.props, { ...OUTS, userStatus: "CONFIRMED" });
        assert.equal(cognito.calls.length, 1);
        assert.deepEqual(cognito.calls[0].inputs, { userPoolId: RAW.userPoolId, username: "alice", rotationKey: "k1" });
    });

    it("GIVEN a reset resource WHEN the engine deletes it (id and state) THEN nothing of Cognito is touched: a reset cannot be undone", async () => {
        // Any method of any Cognito API, present or future, is recorded and fails.
        const touched: string[] = [];
        const cognito = new Proxy({} as CognitoApi, {
            get: (_target, name) => {
                touched.push(String(name));
                return () => Promise.reject(new Error(`delete called Cognito's ${String(name)}`));
            },
        });
        const host: pulumi.dynamic.ResourceProvider = createResetHost({ cognito, now: () => T0, run: new Run() });
        const created = await host.create!({ ...RAW, initialReset: "scheduled" });
        await host.delete!(created.id, created.outs);
        assert.deepEqual(touched, []);
    });

    // [bad inputs, the properties that must fail]
    const bad: [Record<string, unknown>, string[]][] = [
        [{ username: "alice" }, ["userPoolId"]],
        [{ userPoolId: "not a pool", username: "alice" }, ["userPoolId"]],
        [{ userPoolId: RAW.userPoolId, username: "a b", endpoint: "ftp://x" }, ["endpoint", "username"]],
    ];
    for (const [news, props] of bad) {
        it(`GIVEN ${JSON.stringify(news)} WHEN checked THEN ${props.join(", ")} fail and Cognito is never called`, async () => {
            const { cognito, host } = setup();
            const res = await host.check({}, news);
            assert.deepEqual(res.failures!.map((f) => f.property).sort(), props);
            assert.equal(cognito.calls.length, 0);
        });
    }

    it("GIVEN good inputs with nulls WHEN checked THEN no failure, and the inputs come back without the nulls", async () => {
        const { cognito, host } = setup();
        const res = await host.check({}, { ...RAW, region: null });
        assert.deepEqual(res.failures, []);
        const { clientMetadata, ...rest } = res.inputs as typeof RAW;
        const { clientMetadata: _given, ...expected } = RAW;
        assert.deepEqual(rest, expected);
        assert.deepEqual(Object.keys(clientMetadata), ["source"]);
        assert.match(clientMetadata.source, DIGEST, "clientMetadata comes back as a digest");
        assert.equal(cognito.calls.length, 0);
    });

    // [the new inputs, changes?, replaces]
    const diffs: [Partial<ResetInputs>, boolean, string[]][] = [
        [{}, false, []],
        [{ rotationKey: "k2" }, true, []],
        [{ username: "bob" }, true, ["username"]],
        [{ clientMetadata: { a: "b" } }, true, []],
    ];
    for (const [patch, changes, replaces] of diffs) {
        it(`GIVEN recorded outputs WHEN diffed against ${JSON.stringify(patch)} THEN changes=${changes}, replaces=[${replaces}], and Cognito is never called`, async () => {
            const { cognito, host } = setup();
            const news = {
                userPoolId: OUTS.userPoolId,
                username: OUTS.username,
                rotationKey: OUTS.rotationKey,
                ...patch,
            } as ResetInputs;
            const res = await host.diff("id", OUTS, news);
            assert.equal(res.changes, changes);
            assert.deepEqual(res.replaces, replaces);
            assert.equal(res.deleteBeforeReplace, false);
            assert.equal(cognito.calls.length, 0);
        });
    }
});

describe("clientConfig", () => {
    let saved: string | undefined;
    beforeEach(() => {
        saved = process.env.AWS_MAX_ATTEMPTS;
        delete process.env.AWS_MAX_ATTEMPTS;
    });
    afterEach(() => {
        if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS;
        else process.env.AWS_MAX_ATTEMPTS = saved;
    });

    // [inputs, expected region, expected endpoint]
    const table: [Pick<ResetInputs, "region" | "userPoolId" | "endpoint">, string | undefined, string | undefined][] = [
        [{ userPoolId: "eu-west-1_A", region: "eu-west-1" }, "eu-west-1", undefined],
        [{ userPoolId: "local_A", region: "us-east-1" }, "us-east-1", undefined],
        [{ userPoolId: "ap-southeast-2_A" }, "ap-southeast-2", undefined],
        [{ userPoolId: "local_A" }, undefined, undefined],
        [{ userPoolId: "eu-west-1_A", endpoint: "http://localhost:5000" }, "eu-west-1", "http://localhost:5000"],
        [{ userPoolId: "eu-west-1_A", endpoint: "" }, "eu-west-1", undefined],
    ];
    for (const [inputs, region, endpoint] of table) {
        it(`GIVEN ${JSON.stringify(inputs)} WHEN configured THEN region is ${region ?? "left to the SDK"} and endpoint is ${endpoint ?? "not set"}`, () => {
            const config = clientConfig(inputs);
            assert.equal(config.region, region);
            assert.equal("region" in config, region !== undefined, "no region key at all when none is known");
            assert.equal(config.endpoint, endpoint);
            assert.equal("endpoint" in config, endpoint !== undefined, "no endpoint key at all when none is given");
        });
    }

    it("GIVEN AWS_MAX_ATTEMPTS unset WHEN configured THEN the package's attempts apply; GIVEN it set THEN the SDK's setting wins", () => {
        assert.equal(clientConfig({ userPoolId: "eu-west-1_A" }).maxAttempts, DEFAULT_MAX_ATTEMPTS);
        process.env.AWS_MAX_ATTEMPTS = "2";
        assert.equal(clientConfig({ userPoolId: "eu-west-1_A" }).maxAttempts, 2);
        assert.equal(clientConfig({ userPoolId: "eu-west-1_A" }, { AWS_MAX_ATTEMPTS: "7" }).maxAttempts, 7);
    });
});
