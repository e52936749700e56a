/**
 * The Pulumi package schema of the provider plugin, built from the input
 * schema (`core/inputs.ts`): the same names, kinds, secrets and docs as the
 * dynamic resource and the README. Pure. The plugin serves it (GetSchema);
 * `npm run schema` writes it to `schema.json`, from which the SDKs for other
 * languages are generated, and a unit test fails when that file differs.
 */
import { INPUT_SPECS, InputOf, InputSpec } from "../core/inputs";
import { CONFIG_INPUTS } from "../core/access";

import { PLUGIN_PACKAGE as PACKAGE_NAME, PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE } from "../core/types";

export { PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE };
const ROTATION_TYPE = `${PACKAGE_NAME}:index:RotationPolicy`;
const SELECTION_TYPE = `${PACKAGE_NAME}:index:Selection`;
const ASSUME_ROLE_TYPE = `${PACKAGE_NAME}:index:AssumeRole`;
const SKIP_RECORD_TYPE = `${PACKAGE_NAME}:index:SkipRecord`;

/** A property of the package schema. */
type Property = Record<string, unknown>;

function typeOf(spec: InputSpec): Property {
    switch (spec.kind) {
        case "string":
        case "enum":
            return { type: "string" };
        case "integer":
            return { type: "integer" };
        case "string-list":
            return { type: "array", items: { type: "string" } };
        case "string-map":
            return { type: "object", additionalProperties: { type: "string" } };
        case "count-map":
            return { type: "object", additionalProperties: { type: "integer" } };
        case "rotation":
            return { $ref: `#/types/${ROTATION_TYPE}` };
        case "select":
            return { $ref: `#/types/${SELECTION_TYPE}` };
        case "assume-role":
            return { $ref: `#/types/${ASSUME_ROLE_TYPE}` };
    }
}

function describe(spec: InputSpec, of: InputOf): string {
    const doc = (of === "pool" && spec.poolDoc) || spec.doc;
    const values = spec.kind === "enum" ? ` One of ${spec.values!.map((v) => `"${v}"`).join(", ")}.` : "";
    const dflt = spec.default ? ` Default: ${spec.default}.` : "";
    // The README's own links mean nothing in an SDK's docs: keep their text.
    return `${doc}${values}${dflt}`.replace(/\[([^\]]+)\]\(#[^)]+\)/g, "$1 (see the README)");
}

/** The inputs a resource of the plugin takes: those users give, less what the plugin decides itself. */
function inputsOf(of: InputOf): { properties: Record<string, Property>; required: string[] } {
    const specs = INPUT_SPECS.filter((s) => s.of.includes(of) && s.name !== "batches");
    return {
        properties: Object.fromEntries(
            specs.map((s) => [
                s.name,
                { ...typeOf(s), description: describe(s, of), ...(s.secret ? { secret: true } : {}) },
            ]),
        ),
        required: specs.filter((s) => s.required).map((s) => s.name),
    };
}

/** The provider's configuration: the inputs it may give every resource it serves (`configuration.ts`). */
function providerConfig(): { properties: Record<string, Property> } {
    const specs = INPUT_SPECS.filter((s) => (CONFIG_INPUTS as readonly string[]).includes(s.name));
    return {
        properties: Object.fromEntries(
            specs.map((s) => [
                s.name,
                {
                    ...typeOf(s),
                    description: `${describe(s, "reset")} A resource that gives its own ${s.name} uses it instead.`,
                },
            ]),
        ),
    };
}

const str = (description: string): Property => ({ type: "string", description });
const int = (description: string): Property => ({ type: "integer", description });

const RESET_OUTPUTS: Record<string, Property> = {
    rotationPeriod: str("With `rotation`: the period this run falls in, `start..end` (ISO-8601 UTC)."),
    lastResetAt: str("ISO-8601 UTC time of the last successful reset (or of the adoption, with `resetCount` 0)."),
    resetCount: int("How many resets this resource has made."),
    lastResetRotationKey: str('The rotation key at the last reset ("" when none).'),
    userStatus: str("The user's Cognito status as last seen: RESET_REQUIRED after a reset; `pulumi refresh` reads it."),
    adoptedAt: str('With `initialReset: "scheduled"`: when the resource was adopted without a reset.'),
};

const POOL_OUTPUTS: Record<string, Property> = {
    skipped: {
        type: "object",
        additionalProperties: { $ref: `#/types/${SKIP_RECORD_TYPE}` },
        description: "Users skipped at their last attempt for a problem of their own, with the reason; still due.",
    },
    failed: {
        type: "object",
        additionalProperties: { $ref: `#/types/${SKIP_RECORD_TYPE}` },
        description: "Users whose reset failed at the last attempt; still due.",
    },
    summary: {
        $ref: "pulumi.json#/Any",
        description:
            "The run report: counts (users, upToDate, due, skipped, failed), what the last run did, and at most 100 " +
            "named problems.",
    },
};

/** The object types of the package schema: the rotation policy, the selection, a user's record, a skip record. */
function schemaTypes(): Record<string, Property> {
    return {
        [ROTATION_TYPE]: {
            type: "object",
            description: "A rotation policy: reset once per period.",
            properties: {
                every: str('The period: a whole number and a unit, h, d, w or mo, e.g. "90d" (from "1h" to 10 years).'),
                anchor: str("Where periods are counted from, as an ISO-8601 date or time (UTC when no zone is given)."),
                stagger: {
                    type: "boolean",
                    description: "Spread users' boundaries over the period by a stable hash of pool and username.",
                },
            },
            required: ["every"],
        },
        [SELECTION_TYPE]: {
            type: "object",
            description:
                "Which users of the pool, by rule, resolved against the pool at every preview and update. Give " +
                "exactly one of its properties.",
            properties: {
                group: str("The members of this group (ListUsersInGroup)."),
                filter: str(
                    'A ListUsers filter in Cognito\'s syntax: one searchable attribute, = or ^=, and a quoted value, e.g. email ^= "ops-".',
                ),
                all: { type: "boolean", description: "true: every user of the pool." },
            },
        },
        [ASSUME_ROLE_TYPE]: {
            type: "object",
            description: "A role to reach the pool with, through STS AssumeRole.",
            properties: {
                roleArn: str("The role's ARN, e.g. `arn:aws:iam::111122223333:role/password-rotator`."),
                externalId: {
                    ...str("The external id the role's trust policy asks for. Only its digest is recorded."),
                    secret: true,
                },
                sessionName: str(
                    'The role session\'s name, as CloudTrail shows it. Default: "pulumi-cognito-password-reset".',
                ),
                durationSeconds: int("How long each set of credentials lasts: 900 to 43,200 seconds. Default: 3600."),
            },
            required: ["roleArn"],
        },
        [SKIP_RECORD_TYPE]: {
            type: "object",
            description: "A user that the last attempt could not reset.",
            properties: {
                code: str("The stable error code, e.g. USER_DISABLED."),
                reason: str("The message, naming the user, the pool and what to do."),
                at: str("ISO-8601 UTC time of the attempt."),
            },
            required: ["code", "reason", "at"],
        },
    };
}

/** The Go SDK's module when the package has no public repository yet (a `replace` directive points at it). */
export const LOCAL_GO_MODULE = "pulumi-cognito-password-reset/sdk/go";

/** Where a release lives, from the package's `repository`: the SDKs' module path and where the plugin is downloaded. */
export interface ReleaseHome {
    /** `https://github.com/<owner>/<name>` */
    repository: string;
    /** `github://api.github.com/<owner>/<name>`: the engine downloads the plugin from the repository's releases. */
    pluginDownloadURL: string;
    /** `github.com/<owner>/<name>/sdk/go` */
    goModule: string;
}

/**
 * The release home of a GitHub repository URL, as npm writes it in
 * `package.json` (`git+https://github.com/acme/cpr.git`, `https://github.com/acme/cpr`);
 * any other URL is refused, naming it.
 */
export function releaseHome(url: string): ReleaseHome {
    const m =
        /^(?:git\+)?https:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?$/.exec(
            url,
        );
    if (!m || m[2] === "." || m[2] === "..")
        throw new Error(
            `repository: expected a GitHub repository URL such as https://github.com/acme/cpr, got '${url}'`,
        );
    const [, owner, name] = m;
    return {
        repository: `https://github.com/${owner}/${name}`,
        pluginDownloadURL: `github://api.github.com/${owner}/${name}`,
        goModule: `github.com/${owner}/${name}/sdk/go`,
    };
}

/**
 * The package schema, as the plugin serves it and `schema.json` holds it.
 * `repositoryUrl` (package.json's `repository.url`, set by the release job)
 * adds the repository and the plugin's download URL and names the Go module
 * after it; without it, the Go module is {@link LOCAL_GO_MODULE}.
 */
export function packageSchema(version: string, repositoryUrl?: string): Record<string, unknown> {
    const reset = inputsOf("reset");
    const pool = inputsOf("pool");
    const home = repositoryUrl === undefined ? undefined : releaseHome(repositoryUrl);
    return {
        name: PACKAGE_NAME,
        ...(home && { repository: home.repository, pluginDownloadURL: home.pluginDownloadURL }),
        displayName: "Cognito password reset",
        version,
        description:
            "Amazon Cognito password resets (AdminResetUserPassword) on create, on a new rotation key, and once " +
            "per rotation period.",
        keywords: ["pulumi", "aws", "cognito", "password", "rotation", "category/utility", "kind/native"],
        license: "Apache-2.0",
        publisher: "pulumi-cognito-password-reset",
        // Versions written into the SDKs (package.json, setup.py, go.mod) need supportPack.
        meta: { supportPack: true },
        language: {
            nodejs: {
                packageName: "pulumi-cognito-password-reset-sdk",
                packageDescription: "Cognito password resets: the Node.js SDK of the cognito-password-reset plugin",
                dependencies: { "@pulumi/pulumi": "^3.0.0" },
            },
            python: { packageName: "pulumi_cognito_password_reset", requires: { pulumi: ">=3.0.0,<4.0.0" } },
            go: { importBasePath: `${home?.goModule ?? LOCAL_GO_MODULE}/cognitopasswordreset` },
        },
        config: { variables: providerConfig().properties },
        provider: {
            description:
                "The provider of Cognito password resets. Its region, profile and assumeRole apply to every resource " +
                "it serves that does not give them itself: declare one instance per account.",
            inputProperties: providerConfig().properties,
        },
        types: schemaTypes(),
        resources: {
            [PLUGIN_RESET_TYPE]: {
                description:
                    "Resets a Cognito user's password when it is created, when its rotationKey changes, and once per " +
                    "rotation period. A rerun with the same inputs makes no call; delete makes no call.",
                inputProperties: reset.properties,
                requiredInputs: reset.required,
                properties: { ...reset.properties, ...RESET_OUTPUTS },
                required: [...reset.required, "lastResetAt", "resetCount", "lastResetRotationKey", "userStatus"],
            },
            [PLUGIN_POOL_TYPE]: {
                description:
                    "Resets the passwords of many users of one pool with one policy, within Cognito's request " +
                    "quotas: each user on create, then when its rotation key changes or its period rolls over.",
                inputProperties: pool.properties,
                requiredInputs: pool.required,
                properties: { ...pool.properties, ...POOL_OUTPUTS },
                required: [...pool.required, "summary"],
            },
        },
    };
}
