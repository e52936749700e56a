/**
 * Scrubbing secret values out of text that comes back from outside: Cognito's
 * messages and a Lambda trigger's errors may echo the request, ClientMetadata
 * included. Used before any such text is printed, put in an error, or stored.
 */

/** The shortest secret value {@link redact} replaces. */
export const MIN_SECRET_LENGTH = 4;

/** `value` as it appears inside a JSON string (quotes, backslashes and control characters escaped). */
function jsonEscaped(value: string): string {
    return JSON.stringify(value).slice(1, -1);
}

/** `value` as an ASCII-only JSON encoder writes it (Python's `json.dumps` default): non-ASCII as `\uXXXX`, `/` as `\/` too. */
function asciiJsonEscaped(value: string): string {
    return jsonEscaped(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Replaces every occurrence of each secret value in `text` with `[secret]`,
 * longest value first (so a value that contains another is replaced whole).
 * Each value is also looked for as it appears inside a JSON string (escaped
 * once or twice, as a Lambda trigger that echoes its event and Cognito's own
 * JSON answer would write it), ASCII-escaped, with `\/`, and URL-encoded.
 *
 * Values shorter than {@link MIN_SECRET_LENGTH} characters are left alone:
 * replacing every `a`, `1` or `id` in a message would garble the pool id, the
 * username and the advice, and hide nothing a reader could not guess.
 *
 * @example
 * redact('CustomMessage failed: bad otp "s3cr3t"', ["s3cr3t"]); // 'CustomMessage failed: bad otp "[secret]"'
 */
export function redact(text: string, secrets: readonly string[]): string {
    const forms = new Set<string>();
    for (const value of secrets) {
        if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
        const once = jsonEscaped(value);
        for (const form of [
            value,
            once,
            jsonEscaped(once),
            asciiJsonEscaped(value),
            asciiJsonEscaped(value).replace(/\//g, "\\/"),
            once.replace(/\//g, "\\/"),
            encodeURIComponent(value),
        ]) {
            if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
        }
    }
    let out = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
        out = out.split(form).join("[secret]");
    }
    return out;
}
