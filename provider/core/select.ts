/**
 * Selecting a pool's users by rule: the `select` argument of
 * `UserPasswordResets`, checked at preview; which listed users can be reset;
 * and the stagger of a selected user, keyed on its `sub`. Pure rules; the
 * listing itself is the provider's (`provider/cognito-client.ts`).
 */

/**
 * Which users of the pool a `UserPasswordResets` rotates, resolved against the
 * pool by the provider at every preview and `up`:
 * - `{ group: "admins" }`: the members of a group (ListUsersInGroup);
 * - `{ filter: 'email ^= "ops-"' }`: a ListUsers filter in Cognito's own syntax;
 * - `{ all: true }`: every user of the pool.
 */
export type Selection = { group: string } | { filter: string } | { all: true };

/** The attributes a ListUsers filter may name (Cognito's searchable attributes). */
export const SEARCHABLE_ATTRIBUTES = [
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
] as const;

/** A parsed ListUsers filter: `attribute op "value"`. */
export interface Filter {
    attribute: (typeof SEARCHABLE_ATTRIBUTES)[number];
    op: "=" | "^=";
    value: string;
}

/**
 * Parses a ListUsers filter, or says what is wrong with it: one searchable
 * attribute, `=` (exact) or `^=` (starts with), and a double-quoted value
 * (quotes inside escaped with a backslash).
 *
 * @example
 * parseFilter('email ^= "ops-"'); // { attribute: "email", op: "^=", value: "ops-" }
 * parseFilter("custom:team = x"); // "…must be attribute = \"value\" or attribute ^= \"value\"…"
 */
export function parseFilter(text: string): Filter | string {
    const m = /^\s*([\w:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
    if (!m) {
        return (
            `select.filter '${text}' must be attribute = "value" or attribute ^= "value", with one attribute ` +
            `and a double-quoted value (Cognito's ListUsers filter)`
        );
    }
    const attribute = m[1] as Filter["attribute"];
    if (!(SEARCHABLE_ATTRIBUTES as readonly string[]).includes(attribute)) {
        return (
            `select.filter names '${attribute}', which Cognito cannot search (custom attributes cannot be); ` +
            `the searchable attributes are: ${SEARCHABLE_ATTRIBUTES.join(", ")}`
        );
    }
    return { attribute, op: m[2] as Filter["op"], value: m[3].replace(/\\(.)/g, "$1") };
}

/** Cognito's group name rule: 1 to 128 letters, marks, symbols, digits or punctuation. */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/** What is wrong with a `select` value, naming `select` and the rule; undefined when it is good. */
export function selectProblem(v: unknown): string | undefined {
    const shape =
        'select must be one of { group: "<name>" }, { filter: \'<attribute> ^= "<value>"\' } or { all: true }';
    if (!v || typeof v !== "object" || Array.isArray(v)) return `${shape}, got ${JSON.stringify(v)}`;
    const keys = Object.keys(v);
    if (keys.length !== 1 || !["group", "filter", "all"].includes(keys[0]))
        return `${shape}, with exactly one key; got ${keys.length === 0 ? "none" : keys.join(", ")}`;
    const s = v as Record<string, unknown>;
    if ("group" in s) {
        return typeof s.group === "string" && GROUP_NAME.test(s.group)
            ? undefined
            : `select.group must be a group's name (1 to 128 letters, digits or punctuation, no spaces), got ${JSON.stringify(s.group)}`;
    }
    if ("filter" in s) {
        if (typeof s.filter !== "string") return `select.filter must be a string, got ${typeof s.filter}`;
        const f = parseFilter(s.filter);
        return typeof f === "string" ? f : undefined;
    }
    return s.all === true ? undefined : `select.all must be true, got ${JSON.stringify(s.all)}`;
}

/** How messages and the preview name a selection: "group 'admins'", "the users matching email ^= \"ops-\"", "every user". */
export function describeSelection(s: Selection): string {
    if ("group" in s) return `the members of group '${s.group}'`;
    if ("filter" in s) return `the users matching ${s.filter}`;
    return "every user";
}

/**
 * A selected user's stable offset in [0, 1) for a staggered rotation: its
 * `sub` (an immutable random UUID) read as a fraction, from its first 8 hex
 * digits. So the users whose boundaries fall in a window of the period are a
 * range of subs.
 *
 * @throws Error when `sub` does not begin with 8 hex digits.
 */
export function subFraction(sub: string): number {
    const hex = sub.replace(/-/g, "").slice(0, 8);
    if (!/^[0-9a-f]{8}$/i.test(hex)) throw new Error(`a user's sub must be a UUID, got '${sub}'`);
    return parseInt(hex, 16) / 2 ** 32;
}

/** One user as a listing returns it, with what decides whether it can be reset. */
export interface ListedUser {
    username: string;
    sub: string;
    enabled: boolean;
    /** UserStatus: CONFIRMED, RESET_REQUIRED, FORCE_CHANGE_PASSWORD, UNCONFIRMED, EXTERNAL_PROVIDER, … */
    status: string;
    emailVerified: boolean;
    phoneVerified: boolean;
    /** UserCreateDate (ISO-8601): a user created after a run is not due for that run's boundaries or key. */
    createdAt?: string;
}

/**
 * Why a listed user cannot be reset, as the error code a reset would have
 * failed with (`USER_DISABLED`, `USER_STATUS`, `NO_VERIFIED_CONTACT`), or
 * undefined when it can be: enabled, CONFIRMED or RESET_REQUIRED, with a
 * verified email or phone.
 */
export function exclusionOf(u: ListedUser): "USER_DISABLED" | "USER_STATUS" | "NO_VERIFIED_CONTACT" | undefined {
    if (!u.enabled) return "USER_DISABLED";
    if (u.status !== "CONFIRMED" && u.status !== "RESET_REQUIRED") return "USER_STATUS";
    if (!u.emailVerified && !u.phoneVerified) return "NO_VERIFIED_CONTACT";
    return undefined;
}
