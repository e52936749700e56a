/**
 * Unit tier: the diff decision (unchanged / update / update with a reset /
 * replace), when a reset is due, and the input equality it rests on. Pure
 * functions, no AWS. Property-based cases use fast-check with a fixed seed; a
 * failure prints the shrunk counterexample and the seed and path that replay it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { decideDiff, needsReset, sameValue } from "../../../provider/core/diff";
import { ResetInputs, ResetOutputs } from "../../../provider/core/types";
import { UNKNOWN } from "../../../provider/core/validation";

const INPUTS: ResetInputs = {
    userPoolId: "eu-west-1_Pool1",
    username: "alice",
    rotationKey: "k1",
    rotation: { every: "30d", anchor: "2026-01-01" },
    rotationPeriod: "2026-01-01T00:00:00Z..2026-01-31T00:00:00Z",
    clientMetadata: { source: "pulumi" },
};
/** What the provider recorded after resetting INPUTS on 10 January. */
const OLDS: ResetOutputs = {
    ...INPUTS,
    lastResetAt: "2026-01-10T00:00:00.000Z",
    resetCount: 1,
    lastResetRotationKey: "k1",
    userStatus: "RESET_REQUIRED",
};

describe("decideDiff: the lifecycle table", () => {
    // One row per line of the table in provider/core/diff.ts: the new inputs are
    // INPUTS with `patch` applied (undefined removes a key).
    const cases: {
        name: string;
        patch: Partial<ResetInputs>;
        changes: boolean;
        replaces: string[];
        reset: boolean;
        changed: string[];
    }[] = [
        { name: "nothing", patch: {}, changes: false, replaces: [], reset: false, changed: [] },
        {
            name: "the pool",
            patch: { userPoolId: "eu-west-1_Pool2" },
            changes: true,
            replaces: ["userPoolId"],
            reset: false,
            changed: ["userPoolId"],
        },
        {
            name: "the user",
            patch: { username: "bob" },
            changes: true,
            replaces: ["username"],
            reset: false,
            changed: ["username"],
        },
        {
            name: "the user and the key",
            patch: { username: "bob", rotationKey: "k2" },
            changes: true,
            replaces: ["username"],
            reset: false,
            changed: ["username", "rotationKey"],
        },
        {
            name: "the region, to another one",
            patch: { region: "us-east-1" },
            changes: true,
            replaces: ["region"],
            reset: false,
            changed: ["region"],
        },
        {
            name: "the region, named as the pool's own",
            patch: { region: "eu-west-1" },
            changes: true,
            replaces: [],
            reset: false,
            changed: ["region"],
        },
        {
            name: "the key, to a new value",
            patch: { rotationKey: "k2" },
            changes: true,
            replaces: [],
            reset: true,
            changed: ["rotationKey"],
        },
        {
            name: "the key, removed",
            patch: { rotationKey: undefined },
            changes: true,
            replaces: [],
            reset: false,
            changed: ["rotationKey"],
        },
        {
            name: "the key, unknown at preview",
            patch: { rotationKey: UNKNOWN },
            changes: true,
            replaces: [],
            reset: true,
            changed: ["rotationKey"],
        },
        {
            name: "the period, past the last reset",
            patch: { rotationPeriod: "2026-01-31T00:00:00Z..2026-03-02T00:00:00Z" },
            changes: true,
            replaces: [],
            reset: true,
            changed: ["rotationPeriod"],
        },
        {
            name: "the period, unknown at preview",
            patch: { rotationPeriod: UNKNOWN },
            changes: true,
            replaces: [],
            reset: true,
            changed: ["rotationPeriod"],
        },
        {
            name: "the policy, period not past the last reset",
            patch: {
                rotation: { every: "90d", anchor: "2026-01-01" },
                rotationPeriod: "2026-01-01T00:00:00Z..2026-04-01T00:00:00Z",
            },
            changes: true,
            replaces: [],
            reset: false,
            changed: ["rotation", "rotationPeriod"],
        },
        {
            name: "the clientMetadata",
            patch: { clientMetadata: { source: "ci" } },
            changes: true,
            replaces: [],
            reset: false,
            changed: ["clientMetadata"],
        },
        {
            name: "the endpoint",
            patch: { endpoint: "http://localhost:5000" },
            changes: true,
            replaces: [],
            reset: false,
            changed: ["endpoint"],
        },
    ];
    for (const c of cases) {
        it(`GIVEN a recorded reset WHEN ${c.name} changes THEN ${c.replaces.length ? "replace" : c.reset ? "update with a reset" : c.changes ? "update without a reset" : "no change"}`, () => {
            const news: Partial<ResetInputs> = { ...INPUTS, ...c.patch };
            for (const [k, v] of Object.entries(c.patch))
                if (v === undefined) delete (news as Record<string, unknown>)[k];
            const d = decideDiff(OLDS, news);
            assert.equal(d.changes, c.changes, "changes");
            assert.deepEqual(d.replaces, c.replaces, "replaces");
            assert.equal(d.reset, c.reset, "reset");
            assert.deepEqual([...d.changed].sort(), [...c.changed].sort(), "changed");
        });
    }

    it("GIVEN a different serialized provider (a package upgrade) WHEN diffed THEN nothing changes", () => {
        const olds = { ...OLDS, __provider: "v0.1.0" } as ResetOutputs;
        const news = { ...INPUTS, __provider: "v0.2.0" } as Partial<ResetInputs>;
        assert.deepEqual(decideDiff(olds, news), { changes: false, replaces: [], reset: false, changed: [] });
    });

    it("GIVEN the same clientMetadata in another key order WHEN diffed THEN nothing changes", () => {
        const olds = { ...OLDS, clientMetadata: { a: "1", b: "2" } };
        assert.equal(decideDiff(olds, { ...INPUTS, clientMetadata: { b: "2", a: "1" } }).changes, false);
    });

    it("GIVEN a pool id with no region prefix WHEN region is dropped THEN the target changes and the resource is replaced", () => {
        const olds = { ...OLDS, userPoolId: "local_Pool1", region: "eu-west-1" };
        const d = decideDiff(olds, { ...INPUTS, userPoolId: "local_Pool1" });
        assert.deepEqual(d.replaces, ["region"]);
        assert.equal(d.reset, false);
    });
});

describe("decideDiff: properties", () => {
    const DAY = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().replace(/\.000Z$/, "Z");
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

    /** Valid inputs, and the outputs a reset of them at a time inside their period records. */
    const recorded = fc
        .record({
            pool: fc.constantFrom(
                { prefix: "eu-west-1", region: "eu-west-1" },
                { prefix: "us-east-1", region: "us-east-1" },
                { prefix: "local", region: "eu-west-1" },
            ),
            poolNumber: fc.nat({ max: 999_999 }),
            userNumber: fc.nat({ max: 999_999 }),
            rotationKey: optional(fc.nat({ max: 999 }).map((n) => `key-${n}`)),
            startDay: fc.nat({ max: 364 }),
            days: fc.integer({ min: 1, max: 90 }),
            withRotation: fc.boolean(),
            clientMetadata: optional(fc.record({ a: fc.string(), b: fc.constant("x") })),
            withRegion: fc.boolean(),
            endpoint: optional(fc.integer({ min: 1000, max: 9999 }).map((port) => `http://localhost:${port}`)),
            resetFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
            resetCount: fc.integer({ min: 1, max: 5 }),
        })
        .map((g): { inputs: ResetInputs; olds: ResetOutputs } => {
            const start = Date.UTC(2026, 0, 1) + g.startDay * DAY;
            const end = start + g.days * DAY;
            const inputs: ResetInputs = {
                userPoolId: `${g.pool.prefix}_P${g.poolNumber}`,
                username: `user${g.userNumber}`,
                rotationKey: g.rotationKey,
                rotation: g.withRotation ? { every: `${g.days}d` } : undefined,
                rotationPeriod: g.withRotation ? `${iso(start)}..${iso(end)}` : undefined,
                clientMetadata: g.clientMetadata,
                region: g.withRegion ? g.pool.region : undefined,
                endpoint: g.endpoint,
            };
            for (const k of Object.keys(inputs) as (keyof ResetInputs)[]) if (inputs[k] === undefined) delete inputs[k];
            const olds: ResetOutputs = {
                ...inputs,
                lastResetAt: new Date(start + Math.floor(g.resetFraction * (end - start))).toISOString(),
                resetCount: g.resetCount,
                lastResetRotationKey: inputs.rotationKey ?? "",
                userStatus: "CONFIRMED",
            };
            return { inputs, olds };
        });

    it("GIVEN any recorded reset WHEN diffed against the same inputs (even as fresh copies) THEN nothing changes and nothing is reset", () => {
        fc.assert(
            fc.property(recorded, ({ inputs, olds }) => {
                const copy = JSON.parse(JSON.stringify(inputs)) as ResetInputs;
                assert.deepEqual(decideDiff(olds, copy), { changes: false, replaces: [], reset: false, changed: [] });
                assert.equal(needsReset(olds, copy), false);
            }),
            { seed: 42, numRuns: 1000 },
        );
    });

    it("GIVEN any recorded reset WHEN only the rotation key changes to a fresh value THEN it is an in-place update with a reset", () => {
        fc.assert(
            fc.property(recorded, fc.nat(), ({ inputs, olds }, n) => {
                const d = decideDiff(olds, { ...inputs, rotationKey: `fresh-${n}` });
                assert.deepEqual(d, { changes: true, replaces: [], reset: true, changed: ["rotationKey"] });
            }),
            { seed: 4242, numRuns: 500 },
        );
    });

    it("GIVEN any recorded reset WHEN only clientMetadata or endpoint changes THEN it is an update with no reset", () => {
        fc.assert(
            fc.property(
                recorded,
                fc.constantFrom("clientMetadata", "endpoint"),
                fc.nat(),
                ({ inputs, olds }, field, n) => {
                    const news = {
                        ...inputs,
                        [field]: field === "endpoint" ? `https://e${n}.example.com` : { changed: String(n) },
                    };
                    const d = decideDiff(olds, news);
                    assert.deepEqual(d, { changes: true, replaces: [], reset: false, changed: [field] });
                },
            ),
            { seed: 99, numRuns: 500 },
        );
    });
});

describe("needsReset", () => {
    // [olds, news, due?]: the edges of "the key is new" and "the period began after the last reset".
    const table: { name: string; olds: Partial<ResetOutputs>; news: Partial<ResetInputs>; due: boolean }[] = [
        { name: "no key and no period", olds: { lastResetAt: "2026-01-10T00:00:00Z" }, news: {}, due: false },
        { name: "an empty key", olds: { lastResetRotationKey: "k1" }, news: { rotationKey: "" }, due: false },
        {
            name: "a first key after a reset without one",
            olds: { lastResetRotationKey: "" },
            news: { rotationKey: "k1" },
            due: true,
        },
        {
            name: "the key of the last reset, put back after removal",
            olds: { lastResetRotationKey: "k1" },
            news: { rotationKey: "k1" },
            due: false,
        },
        {
            name: "no lastResetRotationKey recorded: the old rotationKey counts",
            olds: { rotationKey: "k1" },
            news: { rotationKey: "k1" },
            due: false,
        },
        {
            name: "no lastResetRotationKey recorded and a new key",
            olds: { rotationKey: "k1" },
            news: { rotationKey: "k2" },
            due: true,
        },
        {
            name: "a period starting exactly at the last reset",
            olds: { lastResetAt: "2026-02-01T00:00:00.000Z" },
            news: { rotationPeriod: "2026-02-01T00:00:00Z..2026-03-01T00:00:00Z" },
            due: false,
        },
        {
            name: "a period starting 1 s after the last reset",
            olds: { lastResetAt: "2026-01-31T23:59:59.000Z" },
            news: { rotationPeriod: "2026-02-01T00:00:00Z..2026-03-01T00:00:00Z" },
            due: true,
        },
        {
            name: "a period and no recorded reset time",
            olds: {},
            news: { rotationPeriod: "2026-02-01T00:00:00Z..2026-03-01T00:00:00Z" },
            due: true,
        },
        {
            name: "an unreadable period label",
            olds: { lastResetAt: "2026-02-10T00:00:00Z" },
            news: { rotationPeriod: "garbage" },
            due: true,
        },
    ];
    for (const c of table) {
        it(`GIVEN ${c.name} WHEN asked THEN a reset is ${c.due ? "" : "not "}due`, () => {
            assert.equal(needsReset(c.olds, c.news), c.due);
        });
    }
});

describe("sameValue", () => {
    // [a, b, equal?]: "" / null / undefined all mean "not set"; objects compare deeply, key order aside.
    const table: [unknown, unknown, boolean][] = [
        [undefined, null, true],
        [undefined, "", true],
        ["", null, true],
        ["a", "a", true],
        ["a", "b", false],
        ["a", undefined, false],
        [0, "", false],
        [0, undefined, false],
        [false, undefined, false],
        [{}, undefined, false],
        [{ a: "1", b: "2" }, { b: "2", a: "1" }, true],
        [{ a: "1" }, { a: "1", b: "2" }, false],
        [{ a: { b: ["x", "y"] } }, { a: { b: ["x", "y"] } }, true],
        [["x", "y"], ["y", "x"], false],
        [[], {}, false],
        [{ a: "1" }, { b: "1" }, false],
        [{ every: "30d" }, { every: "30d", stagger: false }, false],
    ];
    for (const [a, b, equal] of table) {
        it(`GIVEN ${JSON.stringify(a) ?? "undefined"} and ${JSON.stringify(b) ?? "undefined"} WHEN compared both ways THEN they are ${equal ? "" : "not "}the same`, () => {
            assert.equal(sameValue(a, b), equal);
            assert.equal(sameValue(b, a), equal, "symmetric");
        });
    }

    it("GIVEN any JSON-like value WHEN compared with a deep copy with shuffled keys THEN it is the same; and comparison is symmetric (property)", () => {
        const leaf = fc.oneof(fc.constantFrom(undefined, null, "", "a", "b", 1, true), fc.string(), fc.integer());
        const { value } = fc.letrec<{ value: unknown }>((tie) => ({
            value: fc.oneof(
                { maxDepth: 3 },
                leaf,
                fc.array(tie("value"), { maxLength: 2 }),
                fc.dictionary(fc.constantFrom("k0", "k1", "k2", "k3"), tie("value"), { maxKeys: 4 }),
            ),
        }));
        const shuffled = (v: unknown): unknown => {
            if (Array.isArray(v)) return v.map(shuffled);
            if (v && typeof v === "object")
                return Object.fromEntries(
                    Object.entries(v)
                        .reverse()
                        .map(([k, x]) => [k, shuffled(x)]),
                );
            return v;
        };
        fc.assert(
            fc.property(value, value, (a, b) => {
                assert.ok(sameValue(a, shuffled(a)), JSON.stringify(a));
                assert.equal(sameValue(a, b), sameValue(b, a), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
            }),
            { seed: 31337, numRuns: 2000 },
        );
    });
});
