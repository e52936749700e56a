/**
 * Unit tier: input validation (`check`), the region of a pool id and input
 * normalization. Pure functions, no AWS. Property-based cases use fast-check
 * with a fixed seed; a failure prints the shrunk counterexample and the seed
 * and path that replay it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeInputs } from "../../../provider/core/inputs";
import { regionOfPoolId, resolveRegion } from "../../../provider/core/region";
import { LIMITS, UNKNOWN, validateInputs } from "../../../provider/core/validation";
import { INPUT_NAMES } from "../../../provider/core/types";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "us-gov-west-1", "me-central-1", "ca-central-1"];
const VALID = { userPoolId: "eu-west-1_AbC123", username: "alice@example.com" };

/** The properties named by the failures, sorted. */
function failedProps(news: Record<string, unknown>): string[] {
    return validateInputs(news)
        .map((f) => f.property)
        .sort();
}

describe("validateInputs: one rule at a time", () => {
    // Each case changes VALID by `patch` (undefined deletes a key) and lists the
    // properties that must fail ([] = must pass). Boundaries sit on both sides.
    const cases: { name: string; patch: Record<string, unknown>; fails: string[] }[] = [
        { name: "the minimal valid inputs", patch: {}, fails: [] },
        { name: "a missing userPoolId", patch: { userPoolId: undefined }, fails: ["userPoolId"] },
        { name: "an empty userPoolId", patch: { userPoolId: "" }, fails: ["userPoolId"] },
        { name: "a numeric userPoolId", patch: { userPoolId: 42 }, fails: ["userPoolId"] },
        { name: "a userPoolId without an underscore", patch: { userPoolId: "euwest1AbC123" }, fails: ["userPoolId"] },
        {
            name: "a userPoolId with punctuation after the underscore",
            patch: { userPoolId: "eu-west-1_AbC-123" },
            fails: ["userPoolId"],
        },
        {
            name: "a userPoolId of exactly 55 characters",
            patch: { userPoolId: "eu-west-1_" + "a".repeat(45) },
            fails: [],
        },
        {
            name: "a userPoolId of 56 characters",
            patch: { userPoolId: "eu-west-1_" + "a".repeat(46) },
            fails: ["userPoolId"],
        },
        { name: "a userPoolId with no region prefix", patch: { userPoolId: "local_abc" }, fails: [] },
        { name: "a missing username", patch: { username: undefined }, fails: ["username"] },
        { name: "a null username", patch: { username: null }, fails: ["username"] },
        { name: "a username with a space", patch: { username: "alice smith" }, fails: ["username"] },
        { name: "a username with a tab", patch: { username: "alice\tsmith" }, fails: ["username"] },
        { name: "a username of 128 emoji (256 UTF-16 units)", patch: { username: "😀".repeat(128) }, fails: [] },
        { name: "a username of 129 characters", patch: { username: "a".repeat(129) }, fails: ["username"] },
        { name: "a username in another script", patch: { username: "Ünïcødé-用户" }, fails: [] },
        { name: "a rotationKey", patch: { rotationKey: "2026-Q4" }, fails: [] },
        { name: "an empty rotationKey", patch: { rotationKey: "" }, fails: ["rotationKey"] },
        {
            name: "a rotationKey of 257 characters",
            patch: { rotationKey: "k".repeat(LIMITS.rotationKeyMax + 1) },
            fails: ["rotationKey"],
        },
        { name: "a numeric rotationKey", patch: { rotationKey: 7 }, fails: ["rotationKey"] },
        {
            name: "a rotation policy with a bad period",
            patch: { rotation: { every: "fortnight" } },
            fails: ["rotation.every"],
        },
        {
            name: "a rotationPeriod without rotation",
            patch: { rotationPeriod: "2026-01-01T00:00:00Z..2026-02-01T00:00:00Z" },
            fails: ["rotationPeriod"],
        },
        {
            name: "a reversed rotationPeriod",
            patch: { rotation: { every: "30d" }, rotationPeriod: "2026-02-01T00:00:00Z..2026-01-01T00:00:00Z" },
            fails: ["rotationPeriod"],
        },
        {
            name: "a rotation with its period",
            patch: { rotation: { every: "30d" }, rotationPeriod: "2026-01-01T00:00:00Z..2026-01-31T00:00:00Z" },
            fails: [],
        },
        { name: "clientMetadata as an array", patch: { clientMetadata: ["a"] }, fails: ["clientMetadata"] },
        { name: "clientMetadata with a number value", patch: { clientMetadata: { a: 1 } }, fails: ["clientMetadata"] },
        {
            name: "clientMetadata with 257 keys",
            patch: { clientMetadata: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, "v"])) },
            fails: ["clientMetadata"],
        },
        {
            name: "clientMetadata over 131,072 characters",
            patch: { clientMetadata: { k: "v".repeat(LIMITS.clientMetadataMaxChars) } },
            fails: ["clientMetadata"],
        },
        {
            name: "clientMetadata of exactly 131,072 characters",
            patch: { clientMetadata: { k: "v".repeat(LIMITS.clientMetadataMaxChars - 1) } },
            fails: [],
        },
        { name: "the pool's own region", patch: { region: "eu-west-1" }, fails: [] },
        { name: "a region other than the pool's", patch: { region: "us-east-1" }, fails: ["region"] },
        {
            name: "a region for a pool id without one",
            patch: { userPoolId: "local_abc", region: "us-east-1" },
            fails: [],
        },
        { name: "an upper-case region", patch: { region: "EU-WEST-1" }, fails: ["region"] },
        { name: "an http endpoint", patch: { endpoint: "http://localhost:5000" }, fails: [] },
        { name: "an ftp endpoint", patch: { endpoint: "ftp://cognito.example.com" }, fails: ["endpoint"] },
        {
            name: "an endpoint with credentials",
            patch: { endpoint: "https://user:pw@cognito.example.com" },
            fails: ["endpoint"],
        },
        { name: "an endpoint that is not a URL", patch: { endpoint: "cognito" }, fails: ["endpoint"] },
        { name: "an unknown input", patch: { pasword: "x" }, fails: ["pasword"] },
        { name: "the SDK's __provider", patch: { __provider: "serialized" }, fails: [] },
    ];
    for (const c of cases) {
        it(`GIVEN ${c.name} WHEN validated THEN ${c.fails.length ? `${c.fails.join(", ")} fails` : "there is no failure"}`, () => {
            const news: Record<string, unknown> = { ...VALID, ...c.patch };
            for (const [k, v] of Object.entries(c.patch)) if (v === undefined) delete news[k];
            assert.deepEqual(failedProps(news), c.fails);
        });
    }

    it("GIVEN every value unknown (preview) WHEN validated THEN nothing fails yet, including the region/pool cross-check", () => {
        const news = Object.fromEntries(INPUT_NAMES.map((k) => [k, UNKNOWN]));
        assert.deepEqual(validateInputs(news), []);
        assert.deepEqual(validateInputs({ ...VALID, userPoolId: UNKNOWN, region: "us-east-1" }), []);
        assert.deepEqual(validateInputs({ ...VALID, clientMetadata: { a: UNKNOWN } }), []);
    });

    it("GIVEN several faults WHEN validated THEN each is reported once, under its own property, with a reason", () => {
        const failures = validateInputs({ userPoolId: "bad", username: "a b", region: "nowhere", extra: 1 });
        assert.deepEqual(failures.map((f) => f.property).sort(), ["extra", "region", "userPoolId", "username"]);
        for (const f of failures) assert.ok(f.reason.length > 10, `${f.property} has a reason`);
        assert.match(failures.find((f) => f.property === "extra")!.reason, /userPoolId, username/);
    });

    it("GIVEN a non-string clientMetadata value WHEN validated THEN the reason names the key but never echoes the value", () => {
        const [failure] = validateInputs({ ...VALID, clientMetadata: { token: { secret: "hunter2-s3cr3t" } } });
        assert.equal(failure.property, "clientMetadata");
        assert.match(failure.reason, /token/);
        assert.ok(!failure.reason.includes("hunter2-s3cr3t"), failure.reason);
    });

    it("GIVEN a region that differs from the pool's WHEN validated THEN the reason names both and says to omit region", () => {
        const [failure] = validateInputs({ ...VALID, region: "us-east-1" });
        assert.match(failure.reason, /us-east-1/);
        assert.match(failure.reason, /eu-west-1_AbC123/);
        assert.match(failure.reason, /omit region/);
    });
});

describe("validateInputs: generated pool ids (property)", () => {
    /** A valid pool id, `<region>_<alnum>` of at most 55 characters, with its region and a place inside it. */
    const poolId = fc.constantFrom(...REGIONS).chain((region) =>
        fc
            // every length up to the limit, not only the short ones fast-check prefers by default
            .string({
                unit: fc.constantFrom(...ALNUM),
                minLength: 1,
                maxLength: LIMITS.poolIdMax - region.length - 1,
                size: "max",
            })
            .chain((suffix) => {
                const id = `${region}_${suffix}`;
                return fc.record({
                    region: fc.constant(region),
                    id: fc.constant(id),
                    at: fc.integer({ min: 1, max: id.length - 1 }),
                    withRegion: fc.boolean(),
                });
            }),
    );

    it("GIVEN any pool id '<region>_<alnum>' of at most 55 characters WHEN validated THEN it passes; with a space inserted THEN userPoolId fails", () => {
        fc.assert(
            fc.property(poolId, ({ region, id, at, withRegion }) => {
                assert.ok(id.length <= LIMITS.poolIdMax);
                const regionInput = withRegion ? { region } : {};
                assert.deepEqual(validateInputs({ ...VALID, userPoolId: id, ...regionInput }), [], id);
                assert.equal(regionOfPoolId(id), region, `region of ${id}`);

                const spaced = id.slice(0, at) + " " + id.slice(at);
                assert.deepEqual(failedProps({ ...VALID, userPoolId: spaced }), ["userPoolId"], `'${spaced}'`);
            }),
            { seed: 552026, numRuns: 1000 },
        );
    });

    it("GIVEN any pool id longer than 55 characters WHEN validated THEN userPoolId fails and the reason gives the length", () => {
        fc.assert(
            fc.property(fc.integer({ min: LIMITS.poolIdMax + 1, max: LIMITS.poolIdMax + 50 }), (len) => {
                const id = "eu-west-1_" + "x".repeat(len - 10);
                const failures = validateInputs({ ...VALID, userPoolId: id });
                assert.deepEqual(
                    failures.map((f) => f.property),
                    ["userPoolId"],
                );
                assert.match(failures[0].reason, new RegExp(`got ${len}\\b`));
            }),
            { seed: 56, numRuns: 200 },
        );
    });
});

describe("regionOfPoolId and resolveRegion", () => {
    // [pool id, the region its prefix names (undefined = none)]
    const table: [string, string | undefined][] = [
        ["eu-west-1_AbC123", "eu-west-1"],
        ["us-gov-west-1_X", "us-gov-west-1"],
        ["ap-southeast-2_a_b", "ap-southeast-2"],
        ["local_abc", undefined],
        ["_abc", undefined],
        ["abc", undefined],
        ["", undefined],
        ["EU-WEST-1_abc", undefined],
        ["us_east_1_abc", undefined],
    ];
    for (const [id, region] of table) {
        it(`GIVEN pool id '${id}' WHEN its region is read THEN it is ${region ?? "undefined"}`, () => {
            assert.equal(regionOfPoolId(id), region);
        });
    }

    // [inputs, the region to call]
    const resolve: { inputs: { region?: string; userPoolId: string }; expected: string | undefined }[] = [
        { inputs: { region: "us-east-1", userPoolId: "eu-west-1_A" }, expected: "us-east-1" },
        { inputs: { userPoolId: "eu-west-1_A" }, expected: "eu-west-1" },
        { inputs: { region: "", userPoolId: "eu-west-1_A" }, expected: "eu-west-1" },
        { inputs: { region: "us-east-1", userPoolId: "local_A" }, expected: "us-east-1" },
        { inputs: { userPoolId: "local_A" }, expected: undefined },
    ];
    for (const { inputs, expected } of resolve) {
        it(`GIVEN ${JSON.stringify(inputs)} WHEN the region is resolved THEN it is ${expected ?? "undefined (the SDK decides)"}`, () => {
            assert.equal(resolveRegion(inputs), expected);
        });
    }
});

describe("normalizeInputs", () => {
    it("GIVEN inputs with undefined and null values WHEN normalized THEN those keys are gone and the rest is kept as is", () => {
        const meta = { a: "1" };
        const out = normalizeInputs({
            ...VALID,
            rotationKey: undefined,
            region: null,
            clientMetadata: meta,
            __provider: "p",
        });
        assert.deepEqual(out, { ...VALID, clientMetadata: meta, __provider: "p" });
        assert.ok(!("rotationKey" in out) && !("region" in out));
        assert.equal(out.clientMetadata, meta, "values are not copied");
    });

    it("GIVEN falsy but defined values WHEN normalized THEN they stay (validation reports them)", () => {
        assert.deepEqual(normalizeInputs({ rotationKey: "", resetCount: 0, stagger: false }), {
            rotationKey: "",
            resetCount: 0,
            stagger: false,
        });
    });

    it("GIVEN any bag of values WHEN normalized THEN no value is null or undefined and normalizing again changes nothing (property)", () => {
        const value = fc.constantFrom<unknown>(undefined, null, "", "x", 0, 1, false, true, {}, [], UNKNOWN);
        const bag = fc.dictionary(fc.constantFrom("k0", "k1", "k2", "k3", "k4", "k5"), value, { maxKeys: 6 });
        fc.assert(
            fc.property(bag, (bag) => {
                const once = normalizeInputs(bag);
                assert.ok(Object.values(once).every((v) => v !== undefined && v !== null));
                assert.deepEqual(normalizeInputs(once), once);
                assert.equal(
                    Object.keys(once).length,
                    Object.values(bag).filter((v) => v !== undefined && v !== null).length,
                );
            }),
            { seed: 7, numRuns: 300 },
        );
    });
});
