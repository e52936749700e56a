/**
 * Pulumi's secret envelope, as a native provider sees it: the engine hands
 * secret values wrapped (`{ [SIG]: SECRET, value }`) to a provider that
 * accepts secrets, and keeps secret what the provider returns wrapped. The
 * hosts work on plain values, so the plugin unwraps what it receives and wraps
 * the secret outputs (`clientMetadata`) of what it returns. A diff that
 * compared wrapped with plain values would see a change on every run.
 */

/** The key that marks a special value, and the value that says "secret" (Pulumi's wire format). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET;
}

/** The value with every secret envelope, at any depth, replaced by what it holds. */
export function unwrapSecrets(v: unknown): unknown {
    if (isSecret(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** `props` with the named properties, when set, wrapped as secrets. */
export function wrapSecrets(props: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
    const out = { ...props };
    for (const n of names) {
        if (out[n] !== undefined && out[n] !== null && !isSecret(out[n])) out[n] = { [SIG]: SECRET, value: out[n] };
    }
    return out;
}
