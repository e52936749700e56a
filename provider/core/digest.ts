/**
 * Digests of secret inputs. `check` puts a digest in place of every value of
 * a secret input (`clientMetadata`, `assumeRole.externalId`), so that what the engine passes around,
 * records and prints (checked inputs, outputs, the state, `--debug` logs)
 * holds no secret value, not even encrypted. The values themselves stay in
 * the provider process, for the create or update that follows the check
 * there (`provider/secret-values.ts`).
 *
 * A digest is deterministic: the same value of the same key gives the same
 * digest in every process and on every run, because the engine compares
 * checked inputs (update plans) and the diff compares the recorded digest with
 * the new one (a changed value is a change). It is scrypt, a deliberately
 * slow hash, salted with the input's name and the key: a digest prints in
 * plain text, so a short or guessable value could be found by hashing
 * candidates, and scrypt makes each guess cost tens of milliseconds.
 */
import { scryptSync } from "node:crypto";
import { INPUT_SPECS } from "./inputs";
import { UNKNOWN } from "./validation";

/** The inputs whose values are replaced by digests (those the input schema marks secret). */
export const SECRET_INPUTS: readonly string[] = INPUT_SPECS.filter((s) => s.secret).map((s) => s.name);

/** The object inputs of which only some keys are secret (`assumeRole.externalId`), with those keys. */
const SECRET_KEYS: readonly (readonly [string, readonly string[]])[] = INPUT_SPECS.flatMap((s) =>
    "secretKeys" in s && s.secretKeys ? [[s.name, s.secretKeys] as const] : [],
);

/** How every digest begins: what it is, and how it was made. */
export const DIGEST_PREFIX = "digest:scrypt:";

/** scrypt's cost: 2^14 rounds of 8 blocks, 16 MiB, tens of milliseconds per value. */
const SCRYPT = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** Whether `v` is a digest made by {@link digestOf}. */
export function isDigest(v: unknown): v is string {
    return typeof v === "string" && v.startsWith(DIGEST_PREFIX);
}

/**
 * The digest of `value`, the value of `key` in the secret input `input`.
 *
 * @example
 * ```ts
 * digestOf("clientMetadata", "token", "s3cr3t"); // "digest:scrypt:…" (43 characters after the prefix)
 * ```
 */
export function digestOf(input: string, key: string, value: string): string {
    const salt = `pulumi-cognito-password-reset/${input}/${key}`;
    return DIGEST_PREFIX + scryptSync(value, salt, 32, SCRYPT).toString("base64url");
}

/** One secret value of a property bag: where it is, and the value. */
export interface SecretValue {
    input: string;
    /** The key in a map input; "" for a string input. */
    key: string;
    value: string;
}

/**
 * `props` with every value `f` maps of each secret input replaced: the
 * values of a map input, or a string input itself. Unknown values (preview)
 * and other shapes (which `check` reports) are left as they are.
 */
export function mapSecretValues<T extends object>(props: T, f: (v: SecretValue) => string): T {
    const out: Record<string, unknown> = { ...(props as Record<string, unknown>) };
    const mapped = (input: string, key: string, x: unknown) =>
        typeof x === "string" && x !== UNKNOWN ? f({ input, key, value: x }) : x;
    for (const input of SECRET_INPUTS) {
        const v = out[input];
        if (typeof v === "string" && v !== UNKNOWN) out[input] = f({ input, key: "", value: v });
        else if (v && typeof v === "object" && !Array.isArray(v)) {
            out[input] = Object.fromEntries(Object.entries(v).map(([key, x]) => [key, mapped(input, key, x)]));
        }
    }
    for (const [input, keys] of SECRET_KEYS) {
        const v = out[input];
        if (!v || typeof v !== "object" || Array.isArray(v)) continue;
        const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
        for (const key of keys) if (key in o) o[key] = mapped(input, key, o[key]);
        out[input] = o;
    }
    return out as T;
}

/** Every secret value of `props`, as `mapSecretValues` visits them. */
export function secretValues(props: object): SecretValue[] {
    const found: SecretValue[] = [];
    mapSecretValues(props, (v) => {
        found.push(v);
        return v.value;
    });
    return found;
}

/** The secret values of `props` as text, for scrubbing them from every message that comes back from outside. */
export function secretTexts(props: object): string[] {
    return secretValues(props).map((v) => v.value);
}
