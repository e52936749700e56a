/**
 * Input validation: pure functions, run by the provider's `check` at preview,
 * before anything is sent to Cognito. Each failure names the property and the
 * rule, in the `{ property, reason }` shape that Pulumi's `check` returns.
 *
 * The rules are Cognito's documented constraints for AdminResetUserPassword:
 * UserPoolId `[\w-]+_[0-9a-zA-Z]+`, 1 to 55 characters; Username
 * `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, 1 to 128 characters; ClientMetadata a map of
 * strings (keys and values: Cognito documents no pattern; we bound each at 256
 * keys and 131,072 characters in all, the limit of a Lambda trigger event).
 */
import { parsePeriodLabel, validatePolicy } from "./rotation";
import { BATCH_INPUTS, INPUT_NAMES, ResetInputs } from "./types";

/** A validation failure, as Pulumi's `check` reports it. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** The value that stands for "not known yet" during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Keys the Pulumi SDK adds to every dynamic resource's inputs. */
const RESERVED = new Set(["__provider"]);

export const LIMITS = {
    poolIdMax: 55,
    usernameMax: 128,
    clientMetadataMaxKeys: 256,
    clientMetadataMaxChars: 131_072,
    rotationKeyMax: 256,
} as const;

function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

function codePoints(s: string): number {
    return [...s].length;
}

/**
 * Validates raw inputs. Values still unknown during a preview are accepted and
 * checked again once known. With `username: false` the username is not
 * checked (a batch checks each of its usernames itself).
 */
export function validateInputs(news: Record<string, unknown>, opts: { username?: boolean } = {}): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    const known = new Set<string>(INPUT_NAMES);

    for (const key of Object.keys(news)) {
        if (!known.has(key) && !RESERVED.has(key)) {
            fail(key, `'${key}' is not an input of UserPasswordReset; the inputs are: ${INPUT_NAMES.join(", ")}`);
        }
    }

    const {
        userPoolId,
        username,
        rotationKey,
        rotation,
        rotationPeriod,
        clientMetadata,
        region,
        endpoint,
        initialReset,
    } = news;

    if (userPoolId === undefined || userPoolId === null || userPoolId === "") {
        fail("userPoolId", "userPoolId is required (a Cognito user pool id such as 'eu-west-1_AbC123')");
    } else if (!isUnknown(userPoolId)) {
        if (typeof userPoolId !== "string") {
            fail("userPoolId", `userPoolId must be a string, got ${typeof userPoolId}`);
        } else if (userPoolId.length > LIMITS.poolIdMax) {
            fail("userPoolId", `userPoolId must be at most ${LIMITS.poolIdMax} characters, got ${userPoolId.length}`);
        } else if (!POOL_ID.test(userPoolId)) {
            fail(
                "userPoolId",
                `userPoolId '${userPoolId}' does not match Cognito's pattern [\\w-]+_[0-9a-zA-Z]+ ` +
                    "(a region, an underscore, then letters and digits, e.g. 'eu-west-1_AbC123')",
            );
        }
    }

    const usernameFailure = opts.username === false ? undefined : usernameProblem(username);
    if (usernameFailure) fail("username", usernameFailure);

    if (initialReset !== undefined && initialReset !== null && !isUnknown(initialReset)) {
        if (initialReset !== "immediate" && initialReset !== "scheduled") {
            fail("initialReset", `initialReset must be "immediate" or "scheduled", got '${String(initialReset)}'`);
        }
    }

    if (rotationKey !== undefined && rotationKey !== null && !isUnknown(rotationKey)) {
        if (typeof rotationKey !== "string") {
            fail("rotationKey", `rotationKey must be a string, got ${typeof rotationKey}`);
        } else if (rotationKey.length === 0 || rotationKey.length > LIMITS.rotationKeyMax) {
            fail("rotationKey", `rotationKey must be 1 to ${LIMITS.rotationKeyMax} characters (omit it for none)`);
        }
    }

    if (rotation !== undefined && rotation !== null && !isUnknown(rotation)) {
        failures.push(...validatePolicy(rotation));
    }
    if (rotationPeriod !== undefined && rotationPeriod !== null && !isUnknown(rotationPeriod)) {
        if (rotation === undefined || rotation === null) {
            fail("rotationPeriod", "rotationPeriod is computed from rotation; set rotation instead");
        } else if (!parsePeriodLabel(rotationPeriod)) {
            fail("rotationPeriod", "rotationPeriod must be 'start..end' in ISO-8601 (it is computed from rotation)");
        }
    }

    if (clientMetadata !== undefined && clientMetadata !== null && !isUnknown(clientMetadata)) {
        if (typeof clientMetadata !== "object" || Array.isArray(clientMetadata)) {
            fail("clientMetadata", "clientMetadata must be a map of string keys to string values");
        } else {
            const entries = Object.entries(clientMetadata as Record<string, unknown>);
            let chars = 0;
            for (const [k, v] of entries) {
                if (isUnknown(v)) continue;
                if (typeof v !== "string") {
                    // The value is not echoed: clientMetadata is treated as a secret.
                    fail("clientMetadata", `clientMetadata['${k}'] must be a string, got ${typeof v}`);
                } else {
                    chars += k.length + v.length;
                }
            }
            if (entries.length > LIMITS.clientMetadataMaxKeys) {
                fail(
                    "clientMetadata",
                    `clientMetadata may have at most ${LIMITS.clientMetadataMaxKeys} keys, got ${entries.length}`,
                );
            }
            if (chars > LIMITS.clientMetadataMaxChars) {
                fail(
                    "clientMetadata",
                    `clientMetadata keys and values may total at most ${LIMITS.clientMetadataMaxChars} characters, ` +
                        `got ${chars}`,
                );
            }
        }
    }

    if (region !== undefined && region !== null && !isUnknown(region)) {
        if (typeof region !== "string" || !REGION.test(region)) {
            fail("region", `region must be an AWS region name such as 'eu-west-1', got '${String(region)}'`);
        } else if (typeof userPoolId === "string" && !isUnknown(userPoolId)) {
            const poolRegion = regionOfPoolId(userPoolId);
            if (poolRegion && poolRegion !== region) {
                fail(
                    "region",
                    `region '${region}' differs from the region of userPoolId '${userPoolId}' ('${poolRegion}'); ` +
                        "omit region to use the pool's",
                );
            }
        }
    }

    if (endpoint !== undefined && endpoint !== null && !isUnknown(endpoint)) {
        let ok = false;
        if (typeof endpoint === "string") {
            try {
                const u = new URL(endpoint);
                ok = (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === "";
            } catch {
                ok = false;
            }
        }
        if (!ok) {
            fail(
                "endpoint",
                "endpoint must be an http(s) URL with no user name or password, e.g. 'https://cognito-idp.eu-west-1.amazonaws.com'",
            );
        }
    }

    return failures;
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
    if (codePoints(username) > LIMITS.usernameMax) {
        return `username must be at most ${LIMITS.usernameMax} characters, got ${codePoints(username)}`;
    }
    if (!USERNAME.test(username)) {
        return (
            "username must be letters, marks, symbols, digits or punctuation, with no spaces or control " +
            "characters (Cognito's pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+)"
        );
    }
    return undefined;
}

/** The region prefix of a user pool id (`eu-west-1_AbC123` -> `eu-west-1`), if it has one. */
export function regionOfPoolId(userPoolId: string): string | undefined {
    const i = userPoolId.indexOf("_");
    if (i <= 0) return undefined;
    const prefix = userPoolId.slice(0, i);
    return REGION.test(prefix) ? prefix : undefined;
}

/**
 * The region to call: the `region` input, else the pool id's prefix, else
 * `undefined` (the AWS SDK's own resolution: AWS_REGION, the profile, ...).
 */
export function resolveRegion(inputs: Pick<ResetInputs, "region" | "userPoolId">): string | undefined {
    return inputs.region || regionOfPoolId(inputs.userPoolId);
}

/** Drops unset (null or undefined) values; unknown names stay, for `check` to report. */
export function normalizeInputs(news: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(news)) {
        if (v !== undefined && v !== null) out[k] = v;
    }
    return out;
}

/** Keeps only the set values of `names` in a property bag (drops `__provider`, outputs and nulls). */
export function pick(props: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of names) {
        if (props[k] !== undefined && props[k] !== null) out[k] = props[k];
    }
    return out;
}

/** Validates a batch's inputs with the same rules as a single reset's. */
export function validateBatch(news: Record<string, unknown>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const names: readonly string[] = BATCH_INPUTS;
    for (const key of Object.keys(news)) {
        if (!names.includes(key) && key !== "__provider") {
            failures.push({ property: key, reason: `'${key}' is not an input of a UserPasswordResets batch` });
        }
    }
    const { usernames, rotationPeriods, ineligibleUsers, maxResetsPerRun, batchCount, ...rest } = news;
    if (
        ineligibleUsers !== undefined &&
        ineligibleUsers !== UNKNOWN &&
        !["skip", "fail"].includes(String(ineligibleUsers))
    )
        failures.push({
            property: "ineligibleUsers",
            reason: `ineligibleUsers must be "skip" or "fail", got '${String(ineligibleUsers)}'`,
        });
    if (
        maxResetsPerRun !== undefined &&
        maxResetsPerRun !== UNKNOWN &&
        !(Number.isInteger(maxResetsPerRun) && (maxResetsPerRun as number) >= 0)
    )
        failures.push({
            property: "maxResetsPerRun",
            reason: `maxResetsPerRun must be a whole number of 0 or more, got '${String(maxResetsPerRun)}'`,
        });
    if (batchCount !== undefined && !(Number.isInteger(batchCount) && (batchCount as number) >= 1))
        failures.push({ property: "batchCount", reason: `batchCount must be a whole number of 1 or more` });
    if (usernames === UNKNOWN) return failures;
    if (!Array.isArray(usernames) || usernames.length === 0) {
        failures.push({ property: "usernames", reason: "usernames must be a non-empty list of user names" });
        return failures;
    }
    const seen = new Set<string>();
    for (const u of usernames) {
        if (typeof u === "string" && seen.has(u))
            failures.push({ property: "usernames", reason: `'${u}' is listed twice` });
        seen.add(String(u));
    }
    // The single-reset rules for the shared inputs (unknown names are reported above), then for each user name.
    const shared = validateInputs(pick(rest, names), { username: false });
    failures.push(...shared);
    for (const u of usernames) {
        const problem = usernameProblem(u);
        if (problem) failures.push({ property: "usernames", reason: `${problem} (got ${JSON.stringify(u)})` });
    }
    if (rotationPeriods !== undefined && rotationPeriods !== UNKNOWN) {
        for (const [u, label] of Object.entries(rotationPeriods as Record<string, unknown>)) {
            if (label !== UNKNOWN && !parsePeriodLabel(label)) {
                failures.push({ property: "rotationPeriods", reason: `the period of '${u}' is not 'start..end'` });
            }
        }
    }
    return failures;
}
