/**
 * The input schema: every input of `UserPasswordReset` and
 * `UserPasswordResets`, and the inputs that the program computes for their
 * providers, with its type, its constraints and its documentation, in the order
 * the docs list them. Pure data.
 *
 * Derived from it:
 * - the names each provider accepts (`INPUT_NAMES`, `BATCH_INPUTS` in `types.ts`);
 * - the limits that validation enforces (`validation.ts` has one rule per input,
 *   keyed by these names, and reads its limits here);
 * - the README's input tables (`npm run readme` writes them; a unit test fails
 *   when the README differs).
 */

/** Where an input is given: by the user to `UserPasswordReset` (`reset`) or `UserPasswordResets` (`pool`). */
export type InputOf = "reset" | "pool";

/** The kinds of input value (see {@link InputSpec.kind}). */
export type InputKind =
    "string" | "integer" | "string-list" | "string-map" | "count-map" | "rotation" | "select" | "assume-role" | "enum";

/** One input. */
export interface InputSpec {
    /**
     * The kind of value: a string, a whole number, a list of strings, a map of
     * strings to strings, a rotation policy (`RotationPolicy`), or one of
     * `values`. The TypeScript type and the package schema's type derive from it.
     */
    readonly kind: InputKind;
    /** Whether the value may be a Pulumi Output (`pulumi.Input<type>`), or must be known when the program runs. */
    readonly output: boolean;
    /** Where it must be a plain value all the same (`output` then applies to the other resource). */
    readonly plainIn?: readonly InputOf[];
    /** Whether it must be given. */
    readonly required: boolean;
    /** The resources whose users set it; none for an input the program computes. */
    readonly of: readonly InputOf[];
    /** For a computed input: which provider receives it (`reset`: a single reset's, `batch`: a batch's). */
    readonly computedFor?: "reset" | "batch";
    /** For a user's input: not sent to a provider (the program uses it itself). */
    readonly programOnly?: boolean;
    /** Whether the value is stored as a secret (only a digest of it is recorded). */
    readonly secret?: boolean;
    /** For an object input: the keys whose values are secret (only their digests are recorded). */
    readonly secretKeys?: readonly string[];
    /** What applies when it is not given (Markdown). */
    readonly default?: string;
    /** What it means (Markdown, one line). */
    readonly doc: string;
    /** What it means in `UserPasswordResets`, when that differs from `doc`. */
    readonly poolDoc?: string;
    /** A regular expression the value must match, and how messages spell it. */
    readonly pattern?: { readonly regex: RegExp; readonly text: string };
    /** Least and most characters (code points) of a string. */
    readonly minLength?: number;
    readonly maxLength?: number;
    /** The values an enumeration takes. */
    readonly values?: readonly string[];
    /** Least and most values of a whole number. */
    readonly minimum?: number;
    readonly maximum?: number;
    /** Most keys, and most characters of keys and values together, of a map. */
    readonly maxKeys?: number;
    readonly maxChars?: number;
}

/** The inputs, in the order the docs list them. */
export const INPUTS = {
    userPoolId: {
        kind: "string",
        output: true,
        required: true,
        of: ["reset", "pool"],
        pattern: { regex: /^[\w-]+_[0-9a-zA-Z]+$/, text: "[\\w-]+_[0-9a-zA-Z]+" },
        maxLength: 55,
        doc: "The pool's id, e.g. `eu-west-1_AbC123`. Must match Cognito's `[\\w-]+_[0-9a-zA-Z]+`, 1–55 characters.",
    },
    username: {
        kind: "string",
        output: true,
        required: true,
        of: ["reset"],
        pattern: { regex: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, text: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" },
        minLength: 1,
        maxLength: 128,
        doc: "The user's name in the pool: 1–128 letters, marks, symbols, digits or punctuation (no spaces).",
    },
    usernames: {
        kind: "string-list",
        output: false,
        required: false,
        of: ["pool"],
        default: "none: give `select`",
        doc:
            "The users, as a list of plain strings known when the program runs, each a `username` as for " +
            '`UserPasswordReset`. Adding a user resets it (or records it, with `initialReset: "scheduled"`); ' +
            "removing one forgets it without a call. Give exactly one of `usernames` and `select`.",
    },
    select: {
        kind: "select",
        output: false,
        required: false,
        of: ["pool"],
        default: "none: give `usernames`",
        doc:
            'The users by rule, resolved against the pool at every preview and `up`: `{ group: "admins" }`, ' +
            "`{ filter: 'email ^= \"ops-\"' }` (a ListUsers filter) or `{ all: true }`. Users who cannot be reset " +
            "are left out before any call. See [Selecting users](#selecting-users).",
    },
    rotationKey: {
        kind: "string",
        output: true,
        required: false,
        of: ["reset", "pool"],
        minLength: 1,
        maxLength: 256,
        default: "none (one reset, at create)",
        doc: "Any string (1–256 characters). Setting it to a value other than the one of the last reset resets again.",
        poolDoc: "As for `UserPasswordReset`: a new value resets every user.",
    },
    rotation: {
        kind: "rotation",
        output: true,
        required: false,
        of: ["reset", "pool"],
        plainIn: ["pool"],
        default: "none",
        doc: 'A rotation policy: reset once per period, e.g. `{ every: "90d" }`. See [Periodic rotation](#periodic-rotation).',
        poolDoc:
            "As for `UserPasswordReset`, for every user; with `stagger: true` each user falls due on its own night.",
    },
    rotationPeriod: {
        kind: "string",
        output: false,
        required: false,
        of: [],
        computedFor: "reset",
        doc: "The current period of `rotation` (`start..end`), computed by the program from the clock.",
    },
    clientMetadata: {
        kind: "string-map",
        output: true,
        required: false,
        of: ["reset", "pool"],
        secret: true,
        maxKeys: 256,
        maxChars: 131_072,
        default: "none",
        doc:
            "Passed as `ClientMetadata` to the pool's Lambda triggers (custom message). Only a digest of each " +
            "value is recorded, never the value. At most 256 keys and 131,072 characters.",
        poolDoc: "As for `UserPasswordReset`: sent with every reset; only digests are recorded.",
    },
    region: {
        kind: "string",
        output: true,
        required: false,
        of: ["reset", "pool"],
        pattern: { regex: /^[a-z]{2}(-[a-z]+)+-\d+$/, text: "an AWS region name such as 'eu-west-1'" },
        default: "the region prefix of `userPoolId`, else the AWS SDK's own resolution (`AWS_REGION`, the profile)",
        doc: "The pool's AWS region. Must agree with the pool id's prefix.",
    },
    endpoint: {
        kind: "string",
        output: true,
        required: false,
        of: ["reset", "pool"],
        default:
            "the AWS SDK's standard settings (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, `AWS_ENDPOINT_URL`, " +
            "the profile's `endpoint_url`), else the public endpoint",
        doc: "A Cognito endpoint URL (a VPC endpoint, a local Cognito): http(s), with no user name or password.",
    },
    profile: {
        kind: "string",
        output: true,
        required: false,
        of: ["reset", "pool"],
        pattern: { regex: /^[\w.+@=,:/-]+$/, text: "letters, digits and _.+@=,:/- (no spaces)" },
        minLength: 1,
        maxLength: 128,
        default: "the AWS SDK's default credential chain (`AWS_PROFILE`, the environment, SSO, a role of the host)",
        doc:
            "A named profile of the shared config files (`~/.aws/config`, `~/.aws/credentials`) whose credentials " +
            "reach the pool. A profile that needs an MFA code fails the preview: a run is unattended. " +
            "See [Several accounts and regions](#several-accounts-and-regions).",
    },
    assumeRole: {
        kind: "assume-role",
        output: false,
        required: false,
        of: ["reset", "pool"],
        secretKeys: ["externalId"],
        default: "none: the credentials of `profile` (or of the default chain) are used as they are",
        doc:
            "A role to reach the pool with, through STS AssumeRole over the credentials of `profile` (or of the " +
            "default chain): `{ roleArn, externalId?, sessionName?, durationSeconds? }`. Only a digest of " +
            "`externalId` is recorded; each field may be an Output. A change of `profile` or `assumeRole` alone is " +
            "recorded, with no call.",
    },
    initialReset: {
        kind: "enum",
        output: true,
        required: false,
        of: ["reset", "pool"],
        plainIn: ["pool"],
        values: ["immediate", "scheduled"],
        default: '`"immediate"`',
        doc:
            'What the first `pulumi up` does: `"immediate"` resets; `"scheduled"` makes no call and records the ' +
            "adoption time as if it were the last reset, so the first reset comes at the first rotation boundary " +
            "after it. See [Adopting a policy on an existing pool](#adopting-a-policy-on-an-existing-pool).",
        poolDoc:
            '`"scheduled"`: the first `up` (and the first sight of a user added later) records the adoption ' +
            "without a call.",
    },
    ineligibleUsers: {
        kind: "enum",
        output: false,
        required: false,
        of: ["pool"],
        values: ["skip", "fail"],
        default: '`"skip"`',
        doc:
            'What a user whose own state forbids a reset does to the run: `"skip"` records it with its reason and ' +
            'the run stays green; `"fail"` fails the run naming it.',
    },
    maxResetsPerRun: {
        kind: "integer",
        output: false,
        required: false,
        of: ["pool"],
        minimum: 0,
        default: "no limit",
        doc: "At most this many resets in one run for the pool; the rest are deferred to the next run.",
    },
    batches: {
        kind: "integer",
        output: false,
        required: false,
        of: ["pool"],
        programOnly: true,
        minimum: 1,
        maximum: 1000,
        default: "16; 4 with `select`",
        doc: "How many batch resources hold the users (1 to 1,000).",
    },
    batchCount: {
        kind: "integer",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        minimum: 1,
        doc: "How many batches the component has (the program's `batches`), to recognise users moved between them.",
    },
    batchIndex: {
        kind: "integer",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        minimum: 0,
        doc: "Which batch of the pool this is (0-based): it holds the users whose username hashes to it.",
    },
    declaredBatches: {
        kind: "integer",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        minimum: 1,
        doc:
            "How many batches of a `usernames` pool the program declares (those that hold a user), so that the " +
            "pool's line in the preview waits for each.",
    },
    excluded: {
        kind: "count-map",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        doc:
            "For a `select` pool, computed by the provider from the listing: how many selected users of the batch " +
            "were left out, by the error code a reset would have met (USER_DISABLED, USER_STATUS, NO_VERIFIED_CONTACT).",
    },
    selected: {
        kind: "integer",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        minimum: 0,
        doc: "For a `select` pool, computed by the provider from the listing: how many selected users of the batch can be reset.",
    },
    estimatedUsers: {
        kind: "integer",
        output: false,
        required: false,
        of: [],
        computedFor: "batch",
        minimum: 0,
        doc:
            "For a `select: { all: true }` pool, on its first batch, computed by the provider: the pool's size as " +
            "DescribeUserPool estimates it (EstimatedNumberOfUsers), when the permission allows.",
    },
} as const satisfies Record<string, InputSpec>;

/** The name of an input. */
export type InputName = keyof typeof INPUTS;

/** The TypeScript type of an input's value, as a program writes it (inside `pulumi.Input<...>` when `output`). */
export function typeScriptType(spec: InputSpec): string {
    switch (spec.kind) {
        case "string":
            return "string";
        case "integer":
            return "number";
        case "string-list":
            return "string[]";
        case "string-map":
            return "Record<string, string>";
        case "count-map":
            return "Record<string, number>";
        case "rotation":
            return "{ every, anchor?, stagger? }";
        case "select":
            return "{ group } | { filter } | { all: true }";
        case "assume-role":
            return "{ roleArn, externalId?, sessionName?, durationSeconds? }";
        case "enum":
            return (spec.values ?? []).map((v) => `"${v}"`).join(" | ");
    }
}

/** Every input, with its name, in the docs' order. */
export const INPUT_SPECS: readonly (InputSpec & { readonly name: InputName })[] = (
    Object.keys(INPUTS) as InputName[]
).map((name) => ({ name, ...(INPUTS[name] as InputSpec) }));

/** The inputs that a provider receives: a single reset's (`reset`) or a batch's (`batch`). */
export function providerInputs(provider: "reset" | "batch"): InputName[] {
    const given = provider === "reset" ? "reset" : "pool";
    return INPUT_SPECS.filter((s) =>
        s.computedFor ? s.computedFor === provider : s.of.includes(given) && !s.programOnly,
    ).map((s) => s.name);
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
