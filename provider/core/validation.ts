/**
 * Input validation: pure functions, run by the provider's `check` at preview,
 * before anything is sent to Cognito. Each failure names the property and the
 * rule, in the `{ property, reason }` shape that Pulumi's `check` returns.
 *
 * One rule per input of the schema (`inputs.ts`), which holds the limits:
 * Cognito's documented constraints for AdminResetUserPassword (UserPoolId
 * `[\w-]+_[0-9a-zA-Z]+`, 1 to 55 characters; Username
 * `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, 1 to 128 characters; ClientMetadata a map of
 * strings: Cognito documents no pattern; we bound it at 256 keys and 131,072
 * characters in all, the limit of a Lambda trigger event).
 */
import { INPUT_SPECS, INPUTS, InputName } from "./inputs";
import { regionOfPoolId } from "./region";
import { selectProblem } from "./select";
import { assumeRoleProblems } from "./access";
import { parsePeriodLabel, validatePolicy } from "./rotation";
import { BATCH_INPUTS, INPUT_NAMES } from "./types";

/** A validation failure, as Pulumi's `check` reports it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** The value that stands for "not known yet" during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys the Pulumi SDK adds to every dynamic resource's inputs. */
const RESERVED = new Set(["__provider"]);

/** The limits of the input schema (`inputs.ts`), by the names the tests and messages use. */
export const LIMITS = {
    poolIdMax: INPUTS.userPoolId.maxLength,
    usernameMax: INPUTS.username.maxLength,
    clientMetadataMaxKeys: INPUTS.clientMetadata.maxKeys,
    clientMetadataMaxChars: INPUTS.clientMetadata.maxChars,
    rotationKeyMax: INPUTS.rotationKey.maxLength,
} as const;

/** Whether a value is the engine's placeholder for a value not known yet (a preview). */
export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

function isUnset(v: unknown): boolean {
    return v === undefined || v === null;
}

function codePoints(s: string): number {
    return [...s].length;
}

/**
 * One rule per input of the schema: what is wrong with a value that is set
 * and known (a preview's unknown values are checked again once known).
 * `news` is every input, for rules that compare two. A missing `Rule` for an
 * input of the schema is a compile error.
 */
type Rule = (value: unknown, news: Record<string, unknown>) => string | CheckFailure[] | undefined;

const RULES: Record<InputName, Rule> = {
    userPoolId: (v) => poolIdProblem(v),
    username: (v) => usernameProblem(v),
    usernames: (v) => usernamesProblems(v),
    rotationKey: (v) =>
        typeof v !== "string"
            ? `rotationKey must be a string, got ${typeof v}`
            : v.length < INPUTS.rotationKey.minLength || v.length > INPUTS.rotationKey.maxLength
              ? `rotationKey must be 1 to ${INPUTS.rotationKey.maxLength} characters (omit it for none)`
              : undefined,
    rotation: (v) => validatePolicy(v),
    rotationPeriod: (v, news) =>
        isUnset(news.rotation)
            ? "rotationPeriod is computed from rotation; set rotation instead"
            : !parsePeriodLabel(v)
              ? "rotationPeriod must be 'start..end' in ISO-8601 (it is computed from rotation)"
              : undefined,
    clientMetadata: (v) => clientMetadataProblems(v),
    region: (v, news) => regionProblem(v, news.userPoolId),
    endpoint: (v) => (isHttpUrl(v) ? undefined : ENDPOINT_RULE),
    profile: (v) =>
        typeof v === "string" &&
        v.length >= INPUTS.profile.minLength &&
        v.length <= INPUTS.profile.maxLength &&
        INPUTS.profile.pattern.regex.test(v)
            ? undefined
            : `profile must be a profile name of the shared config files (1 to ${INPUTS.profile.maxLength} ` +
              `${INPUTS.profile.pattern.text}), got '${String(v)}'`,
    assumeRole: (v) => assumeRoleProblems(v, UNKNOWN).map((reason) => ({ property: "assumeRole", reason })),
    initialReset: (v) => oneOf("initialReset", v),
    ineligibleUsers: (v) => oneOf("ineligibleUsers", v),
    maxResetsPerRun: (v) =>
        Number.isInteger(v) && (v as number) >= INPUTS.maxResetsPerRun.minimum
            ? undefined
            : `maxResetsPerRun must be a whole number of 0 or more, got '${String(v)}'`,
    batches: (v) =>
        Number.isInteger(v) && (v as number) >= INPUTS.batches.minimum && (v as number) <= INPUTS.batches.maximum
            ? undefined
            : `batches must be a whole number from 1 to 1000, got ${String(v)}`,
    batchCount: (v) =>
        Number.isInteger(v) && (v as number) >= INPUTS.batchCount.minimum
            ? undefined
            : "batchCount must be a whole number of 1 or more",
    select: (v) => selectProblem(v),
    batchIndex: (v, news) =>
        Number.isInteger(v) && (v as number) >= 0 && (v as number) < ((news.batchCount as number) ?? 1)
            ? undefined
            : `batchIndex must be a whole number from 0 to batchCount - 1, got ${String(v)}`,
    declaredBatches: (v, news) =>
        Number.isInteger(v) && (v as number) >= 1 && (v as number) <= ((news.batchCount as number) ?? 1)
            ? undefined
            : `declaredBatches must be a whole number from 1 to batchCount, got ${String(v)}`,
    excluded: (v) =>
        typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every((n) => Number.isInteger(n))
            ? undefined
            : "excluded must be a map of error codes to counts (it is computed by the provider)",
    selected: (v) =>
        Number.isInteger(v) && (v as number) >= 0
            ? undefined
            : "selected must be a whole number of 0 or more (it is computed by the provider)",
    estimatedUsers: (v) =>
        Number.isInteger(v) && (v as number) >= 0
            ? undefined
            : "estimatedUsers must be a whole number of 0 or more (it is computed by the provider)",
};

const ENDPOINT_RULE =
    "endpoint must be an http(s) URL with no user name or password, e.g. 'https://cognito-idp.eu-west-1.amazonaws.com'";

function oneOf(name: "initialReset" | "ineligibleUsers", v: unknown): string | undefined {
    const values: readonly string[] = INPUTS[name].values;
    return values.includes(v as string)
        ? undefined
        : `${name} must be ${values.map((x) => `"${x}"`).join(" or ")}, got '${String(v)}'`;
}

/** The inputs that must be given, with the message when one is missing. */
const REQUIRED: Partial<Record<InputName, string>> = {
    userPoolId: "userPoolId is required (a Cognito user pool id such as 'eu-west-1_AbC123')",
};

/** The failures of one value, set and known, by the rule of its input. */
/** The failures of one input's rule (set or not): the one place each input's rule and message live. */
export function ruleFailures(name: InputName, value: unknown, news: Record<string, unknown>): CheckFailure[] {
    const problem = RULES[name](value, news);
    return typeof problem === "string" ? [{ property: name, reason: problem }] : (problem ?? []);
}

/** Runs the schema's rules over the inputs of one provider: unknown names first, then each input in order. */
function validateFor(
    names: readonly InputName[],
    news: Record<string, unknown>,
    unknownName: (key: string) => string,
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const key of Object.keys(news)) {
        if (!(names as string[]).includes(key) && !RESERVED.has(key)) {
            failures.push({ property: key, reason: unknownName(key) });
        }
    }
    for (const name of names) {
        const value = news[name];
        if (isUnset(value) || value === "") {
            const missing = REQUIRED[name] ?? (name === "username" ? usernameProblem(value) : undefined);
            if (missing) {
                failures.push({ property: name, reason: missing });
                continue;
            }
            if (isUnset(value)) continue;
        }
        if (!isUnknown(value)) failures.push(...ruleFailures(name, value, news));
    }
    return failures;
}

/**
 * Checks the given inputs by their schema rules, as the program does for the
 * plain values it uses itself (a component's `batches`, say) before any
 * resource is declared. Unset and unknown values pass.
 */
export function checkValues(values: Partial<Record<InputName, unknown>>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const [name, value] of Object.entries(values) as [InputName, unknown][]) {
        if (!isUnset(value) && !isUnknown(value)) failures.push(...ruleFailures(name, value, values));
    }
    return failures;
}

/**
 * Validates a single reset's raw inputs against the input schema. Values
 * still unknown during a preview are accepted and checked again once known.
 */
export function validateInputs(news: Record<string, unknown>): CheckFailure[] {
    return validateFor(
        INPUT_NAMES,
        news,
        (key) => `'${key}' is not an input of UserPasswordReset; the inputs are: ${INPUT_NAMES.join(", ")}`,
    );
}

/** Validates a batch's inputs with the same rules as a single reset's, each user name by the username rule. */
export function validateBatch(news: Record<string, unknown>): CheckFailure[] {
    const failures = validateFor(BATCH_INPUTS, news, (key) => `'${key}' is not an input of a UserPasswordResets batch`);
    const users = usersProblem(news);
    return users ? [users, ...failures] : failures;
}

/** Whether exactly one of `usernames` and `select` is given, as a failure naming them when not. */
export function usersProblem(args: { usernames?: unknown; select?: unknown }): CheckFailure | undefined {
    const lists = !isUnset(args.usernames);
    const selects = !isUnset(args.select);
    if (lists && selects) {
        return {
            property: "usernames",
            reason: "give either usernames (a list) or select (a rule), not both: they are two ways to name the users",
        };
    }
    if (!lists && !selects) {
        return {
            property: "usernames",
            reason:
                'give usernames (a list of user names) or select ({ group: "admins" }, { filter: \'email ^= "ops-"\' } ' +
                "or { all: true }): the pool's users are named by one of them",
        };
    }
    return undefined;
}

/** The arguments a user gives `UserPasswordResets` (from the input schema), in the docs' order. */
export const POOL_ARGS: readonly InputName[] = INPUT_SPECS.filter((s) => s.of.includes("pool")).map((s) => s.name);

/** The number of single-character edits (insert, delete, replace) between `a` and `b`. */
function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++)
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
    }
    return row[b.length];
}

/**
 * The arguments of a `UserPasswordResets` that it does not take, each named
 * with the closest argument it does take (at most 2 edits away, ignoring
 * case), so that a misspelt `maxResetPerRun` fails the preview instead of
 * running the pool uncapped.
 *
 * @example
 * unknownPoolArgs({ userPoolId: "eu-west-1_A", usernames: [], rotaton: {} });
 * // [{ property: "rotaton", reason: "'rotaton' is not an argument of UserPasswordResets (did you mean 'rotation'?); ..." }]
 */
export function unknownPoolArgs(args: Record<string, unknown>): CheckFailure[] {
    return Object.keys(args)
        .filter((key) => !(POOL_ARGS as string[]).includes(key))
        .map((key) => {
            const closest = POOL_ARGS.map((name) => ({ name, d: editDistance(key.toLowerCase(), name.toLowerCase()) }))
                .filter((c) => c.d <= 2)
                .sort((x, y) => x.d - y.d)[0];
            const hint = closest ? ` (did you mean '${closest.name}'?)` : "";
            return {
                property: key,
                reason: `'${key}' is not an argument of UserPasswordResets${hint}; its arguments are: ${POOL_ARGS.join(", ")}`,
            };
        });
}

/** What is wrong with a known user pool id, or undefined. */
function poolIdProblem(v: unknown): string | undefined {
    if (typeof v !== "string") return `userPoolId must be a string, got ${typeof v}`;
    const { maxLength, pattern } = INPUTS.userPoolId;
    if (v.length > maxLength) return `userPoolId must be at most ${maxLength} characters, got ${v.length}`;
    if (!pattern.regex.test(v)) {
        return (
            `userPoolId '${v}' does not match Cognito's pattern ${pattern.text} ` +
            "(a region, an underscore, then letters and digits, e.g. 'eu-west-1_AbC123')"
        );
    }
    return undefined;
}

/** A batch's user names: a non-empty list, no name twice, each a valid username. */
function usernamesProblems(v: unknown): CheckFailure[] {
    if (!Array.isArray(v) || v.length === 0) {
        return [{ property: "usernames", reason: "usernames must be a non-empty list of user names" }];
    }
    const failures: CheckFailure[] = [];
    const seen = new Set<string>();
    for (const u of v) {
        if (typeof u === "string" && seen.has(u))
            failures.push({ property: "usernames", reason: `'${u}' is listed twice` });
        seen.add(String(u));
    }
    for (const u of v) {
        const problem = usernameProblem(u);
        if (problem) failures.push({ property: "usernames", reason: `${problem} (got ${JSON.stringify(u)})` });
    }
    return failures;
}

function clientMetadataProblems(v: unknown): string | CheckFailure[] | undefined {
    if (typeof v !== "object" || Array.isArray(v)) {
        return "clientMetadata must be a map of string keys to string values";
    }
    const failures: CheckFailure[] = [];
    const fail = (reason: string) => failures.push({ property: "clientMetadata", reason });
    const entries = Object.entries(v as Record<string, unknown>);
    let chars = 0;
    for (const [k, value] of entries) {
        if (isUnknown(value)) continue;
        if (typeof value !== "string") {
            // The value is not echoed: clientMetadata is treated as a secret.
            fail(`clientMetadata['${k}'] must be a string, got ${typeof value}`);
        } else {
            chars += k.length + value.length;
        }
    }
    const { maxKeys, maxChars } = INPUTS.clientMetadata;
    if (entries.length > maxKeys) fail(`clientMetadata may have at most ${maxKeys} keys, got ${entries.length}`);
    if (chars > maxChars) {
        fail(`clientMetadata keys and values may total at most ${maxChars} characters, got ${chars}`);
    }
    return failures;
}

function regionProblem(region: unknown, userPoolId: unknown): string | undefined {
    if (typeof region !== "string" || !INPUTS.region.pattern.regex.test(region)) {
        return `region must be an AWS region name such as 'eu-west-1', got '${String(region)}'`;
    }
    if (typeof userPoolId === "string" && !isUnknown(userPoolId)) {
        const poolRegion = regionOfPoolId(userPoolId);
        if (poolRegion && poolRegion !== region) {
            return (
                `region '${region}' differs from the region of userPoolId '${userPoolId}' ('${poolRegion}'); ` +
                "omit region to use the pool's"
            );
        }
    }
    return undefined;
}

function isHttpUrl(v: unknown): boolean {
    if (typeof v !== "string") return false;
    try {
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === "";
    } catch {
        return false;
    }
}

/**
 * What is wrong with a username under Cognito's rules, or undefined when it is
 * valid or not known yet (preview).
 */
export function usernameProblem(username: unknown): string | undefined {
    if (username === undefined || username === null || username === "") {
        return "username is required (1 to 128 characters)";
    }
    if (isUnknown(username)) return undefined;
    if (typeof username !== "string") return `username must be a string, got ${typeof username}`;
    if (codePoints(username) > INPUTS.username.maxLength) {
        return `username must be at most ${INPUTS.username.maxLength} characters, got ${codePoints(username)}`;
    }
    if (!INPUTS.username.pattern.regex.test(username)) {
        return (
            "username must be letters, marks, symbols, digits or punctuation, with no spaces or control " +
            "characters (Cognito's pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+)"
        );
    }
    return undefined;
}
