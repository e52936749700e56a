/**
 * Unit tier: digests of secret inputs, as the README's Secrets section
 * describes them: scrypt (N 16384, r 8, p 1) of the value, salted with
 * `pulumi-cognito-password-reset/<input>/<key>`, 32 bytes in base64url after
 * `digest:scrypt:`.
 *
 * | case                                  | expected                                  |
 * |---------------------------------------|-------------------------------------------|
 * | a value, worked by hand from the README | that digest                             |
 * | the same value under another key      | another digest                            |
 * | a map with an unknown value (preview) | the unknown value left as it is           |
 * | inputs that are not secret            | untouched                                 |
 */
import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { digestOf, isDigest, mapSecretValues, secretValues } from "../../../provider/core/digest";
import { UNKNOWN } from "../../../provider/core/validation";

/** The README's recipe, step by step. */
function byTheReadme(input: string, key: string, value: string): string {
    const salt = `pulumi-cognito-password-reset/${input}/${key}`;
    const bytes = scryptSync(value, salt, 32, { N: 16384, r: 8, p: 1 });
    return `digest:scrypt:${bytes.toString("base64url")}`;
}

describe("core: digests of secret inputs", () => {
    it("GIVEN a value WHEN digested THEN it is the README's scrypt recipe, and names neither the value nor its length", () => {
        const d = digestOf("clientMetadata", "token", "PROBE-SECRET-4242");
        assert.equal(d, byTheReadme("clientMetadata", "token", "PROBE-SECRET-4242"));
        assert.ok(isDigest(d));
        assert.equal(digestOf("clientMetadata", "token", "x").length, d.length);
    });

    it("GIVEN one value under two keys WHEN digested THEN the digests differ (a swap of values is a change)", () => {
        assert.notEqual(digestOf("clientMetadata", "a", "same"), digestOf("clientMetadata", "b", "same"));
    });

    it("GIVEN inputs with an unknown value and other inputs WHEN mapped THEN only known secret values are visited", () => {
        const props = { username: "alice", clientMetadata: { a: "one", b: UNKNOWN } };
        assert.deepEqual(
            secretValues(props).map((v) => [v.input, v.key, v.value]),
            [["clientMetadata", "a", "one"]],
        );
        const mapped = mapSecretValues(props, (v) => v.value.toUpperCase());
        assert.deepEqual(mapped, { username: "alice", clientMetadata: { a: "ONE", b: UNKNOWN } });
        assert.deepEqual(props.clientMetadata, { a: "one", b: UNKNOWN }, "the input is not changed in place");
    });

    it("GIVEN clientMetadata unknown as a whole (preview) WHEN mapped THEN it stays unknown", () => {
        assert.deepEqual(
            mapSecretValues({ clientMetadata: UNKNOWN }, () => "x"),
            { clientMetadata: UNKNOWN },
        );
    });
});
