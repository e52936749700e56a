/**
 * Unit tier: what must never change between releases (the README's
 * "Compatibility" section), each item pinned to a literal.
 *
 * The expected values below are FROZEN ON PURPOSE: they were computed once by
 * the code of release 0.1.0 and written here by hand. Changing one changes
 * what the state of every existing stack means (a resource replaced, a user
 * moved to another batch and reset, a different night for every staggered
 * user, a provider that no longer loads). A test here that fails is a
 * breaking change to undo, never a literal to update.
 *
 * | item | where | why it is frozen |
 * |---|---|---|
 * | type tokens | `types.ts`, `batch.ts` | a new token is a new resource: every user is reset |
 * | host module path and its export names | `serialized-provider.ts`, `package.json` | the state's provider loads them by name |
 * | batch hash (`batchOf`) | `core/batches.ts` | a user in another batch is a new record |
 * | stagger hash (`staggerFraction`) | `rotation.ts` | each user's reset night |
 * | a selected user's stagger (`subFraction`) | `select.ts` | each selected user's reset night |
 * | batch names, default number of batches | `batch.ts`, `types.ts` | a batch is known by its name |
 * | ids | `reset-host.ts`, `batch-host.ts`, `layout-host.ts` | stored in the state |
 * | error codes | `error-codes.ts` | scripts match on them; codes may be added, never renamed |
 *
 * The component is declared under Pulumi's own unit-test mocks, which record
 * what it registers; the serialized provider that the state would hold is then
 * evaluated with a `require` that records what it loads.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { batchName, batchOf } from "../../provider/program/batch";
import { createBatchHost } from "../../provider/host/batch-host";
import { CognitoApi } from "../../provider/host/cognito-client";
import { mapCognitoError } from "../../provider/host/errors";
import { createResetHost, resourceId } from "../../provider/host/reset-host";
import { ERROR_CODES, staggerFraction, UserPasswordReset, UserPasswordResets } from "../../provider/index";
import { subFraction } from "../../provider/core/select";
import { createLayoutHost } from "../../provider/host/layout-host";
import * as policy from "../../provider/policy";
import {
    BATCH_RESOURCE_TYPE,
    BATCH_TYPE_NAME,
    DEFAULT_BATCHES,
    LAYOUT_TYPE_NAME,
    PLUGIN_PACKAGE,
    PLUGIN_POOL_TYPE,
    PLUGIN_RESET_TYPE,
    RESOURCE_TYPE,
    TYPE_MODULE,
    TYPE_NAME,
} from "../../provider/core/types";
import { Run } from "../../provider/host/pool-run";

const REPO = path.resolve(__dirname, "..", "..");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | Record<string, string>>;
    typesVersions?: unknown;
};
const POOL = "eu-west-1_AbC123";
const METHODS = ["check", "diff", "create", "update", "read", "delete"] as const;
const EXPORT_NAMES = ["provider", "batchProvider", "layoutProvider"] as const;

/** The source file that the build (tsconfig.build.json's rootDir and outDir) turns into `distPath`. */
function sourceOf(distPath: string): string {
    const build = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.build.json"), "utf8")) as {
        compilerOptions: { rootDir: string; outDir: string };
    };
    const built = path.relative(path.join(REPO, build.compilerOptions.outDir), path.join(REPO, distPath));
    assert.ok(!built.startsWith("..") && built.endsWith(".js"), `${distPath} is a built module of the package`);
    const source = path.join(REPO, build.compilerOptions.rootDir, built.replace(/\.js$/, ".ts"));
    assert.ok(fs.existsSync(source), `${distPath} is built from ${source}`);
    return source;
}

/** A Cognito that fails the test if any call reaches it. */
const NO_CALLS: CognitoApi = {
    resetPassword: () => Promise.reject(new Error("no call expected")),
    getUserStatus: () => Promise.reject(new Error("no call expected")),
};

describe("compatibility: type tokens", () => {
    it("GIVEN the constants WHEN read THEN the tokens are those of every existing state", () => {
        assert.equal(TYPE_MODULE, "cognito");
        assert.equal(TYPE_NAME, "UserPasswordReset");
        assert.equal(BATCH_TYPE_NAME, "UserPasswordResetBatch");
        assert.equal(LAYOUT_TYPE_NAME, "UserPasswordResetsLayout");
        assert.equal(RESOURCE_TYPE, "pulumi-nodejs:dynamic/cognito:UserPasswordReset");
        assert.equal(BATCH_RESOURCE_TYPE, "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch");
    });

    it("GIVEN the provider plugin WHEN its names are read THEN the package, its tokens and its executable are those of every existing state", () => {
        assert.equal(PLUGIN_PACKAGE, "cognito-password-reset");
        assert.equal(PLUGIN_RESET_TYPE, "cognito-password-reset:index:UserPasswordReset");
        assert.equal(PLUGIN_POOL_TYPE, "cognito-password-reset:index:UserPasswordResets");
        assert.ok(fs.existsSync(path.join(REPO, "plugin", "pulumi-resource-cognito-password-reset")));
    });
});

describe("compatibility: what a program registers (under Pulumi's unit-test mocks)", function () {
    // Serializing the providers takes a moment per resource.
    this.timeout(60_000);
    const registered: pulumi.runtime.MockResourceArgs[] = [];

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push(args);
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "compatibility",
            "test",
            false,
        );
        const pool = new UserPasswordResets("staff", { userPoolId: POOL, usernames: ["alice", "bob", "carol", "n20"] });
        const one = new UserPasswordReset("one", { userPoolId: POOL, username: "alice" });
        // Both settle once every resource under them is registered.
        await Promise.all([
            new Promise((resolve) => pool.summary.apply(resolve)),
            new Promise((resolve) => one.resetCount.apply(resolve)),
        ]);
    });

    const byName = (name: string) => {
        const found = registered.find((r) => r.name === name);
        assert.ok(found, `'${name}' was registered (registered: ${registered.map((r) => r.name).join(", ")})`);
        return found;
    };

    it("GIVEN a UserPasswordResets of 4 users and the default batches WHEN declared THEN the tokens, names and batch count are the frozen ones", () => {
        const types = Object.fromEntries(registered.map((r) => [r.name, r.type]));
        assert.deepEqual(types, {
            staff: "cognito-password-reset:index:UserPasswordResets",
            "staff-layout": "pulumi-nodejs:dynamic/cognito:UserPasswordResetsLayout",
            // alice -> 9, bob -> 8, carol -> 7, n20 -> 0 of 16 batches
            "staff-batch-00": "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch",
            "staff-batch-07": "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch",
            "staff-batch-08": "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch",
            "staff-batch-09": "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch",
            one: "pulumi-nodejs:dynamic/cognito:UserPasswordReset",
        });
        assert.deepEqual(byName("staff-batch-09").inputs.usernames, ["alice"]);
        assert.equal(byName("staff-batch-09").inputs.batchCount, 16);
        assert.equal(byName("staff-layout").inputs.batchCount, 16);
    });

    // [resource, the host module's export its serialized provider calls]
    const loads: [string, (typeof EXPORT_NAMES)[number]][] = [
        ["one", "provider"],
        ["staff-batch-00", "batchProvider"],
        ["staff-layout", "layoutProvider"],
    ];
    for (const [name, exportName] of loads) {
        it(`GIVEN the provider serialized into '${name}' WHEN the provider process runs it THEN each method loads pulumi-cognito-password-reset/provider-host and calls ${exportName}`, async () => {
            const text = byName(name).inputs.__provider;
            assert.equal(typeof text, "string");
            const required: string[] = [];
            const calls: string[] = [];
            const fakeHost = Object.fromEntries(
                EXPORT_NAMES.map((e) => [
                    e,
                    Object.fromEntries(METHODS.map((m) => [m, () => calls.push(`${e}.${m}`)])),
                ]),
            );
            const fakeRequire = (id: string) => {
                required.push(id);
                return fakeHost;
            };
            // As the dynamic-provider host loads it: a CommonJS module whose `handler` returns the provider.
            const mod: { exports: { handler?: () => Record<string, (...a: unknown[]) => unknown> } } = { exports: {} };
            new Function("exports", "require", "module", text as string)(mod.exports, fakeRequire, mod);
            const loaded = mod.exports.handler!();
            for (const m of METHODS) await loaded[m]("id", {}, {});
            assert.deepEqual([...new Set(required)], ["pulumi-cognito-password-reset/provider-host"]);
            assert.deepEqual(
                calls,
                METHODS.map((m) => `${exportName}.${m}`),
            );
        });
    }
});

describe("compatibility: the host module path and its exports", () => {
    // The serialized provider of every release requires the host module by
    // this name and calls these exports; where the build puts the file is free.
    const target = () => PACKAGE.exports["./provider-host"];

    it("GIVEN package.json WHEN read THEN the package name and the ./provider-host export are the ones the state's provider loads", () => {
        assert.equal(PACKAGE.name, "pulumi-cognito-password-reset");
        assert.equal(typeof target(), "string", "./provider-host maps to one module, loaded with require()");
        sourceOf(target() as string);
    });

    it("GIVEN the module ./provider-host maps to WHEN loaded THEN it exports provider, batchProvider and layoutProvider, each with every provider method", () => {
        const host = require(sourceOf(target() as string)) as Record<string, Record<string, unknown>>;
        for (const e of EXPORT_NAMES) {
            const p = host[e];
            assert.ok(p, `the host module exports ${e}`);
            for (const m of METHODS) assert.equal(typeof p[m], "function", `${e}.${m}`);
        }
    });
});

describe("compatibility: the batch hash", () => {
    // [username, batches, batch]: the first 32 bits of SHA-256 of the username, mod the number of batches
    const cases: [string, number, number][] = [
        ["alice", 16, 9],
        ["bob", 16, 8],
        ["carol", 16, 7],
        ["n20", 16, 0],
        ["", 16, 2],
        ["üser@example.com", 16, 3],
        ["alice", 1, 0],
        ["bob", 7, 5],
        ["carol", 100, 43],
        ["alice", 1000, 801],
        ["n20", 1000, 976],
    ];
    for (const [username, batches, expected] of cases) {
        it(`GIVEN '${username}' and ${batches} batches WHEN hashed THEN it is batch ${expected}`, () => {
            assert.equal(batchOf(username, batches), expected);
        });
    }
});

describe("compatibility: the stagger hash", () => {
    // [pool, user, fraction into each period]: the first 32 bits of SHA-256 of "<pool>/<user>", over 2^32
    const cases: [string, string, number][] = [
        ["eu-west-1_AbC123", "alice", 0.42298986157402396],
        ["eu-west-1_AbC123", "bob", 0.7798195548821241],
        ["us-east-1_Z", "carol", 0.5347818911541253],
    ];
    for (const [pool, user, expected] of cases) {
        it(`GIVEN '${user}' of '${pool}' WHEN staggered THEN the fraction is ${expected}`, () => {
            assert.equal(staggerFraction(pool, user), expected);
        });
    }
});

describe("compatibility: the stagger of a selected user", () => {
    // [sub, fraction]: the sub's first 8 hex digits over 2^32, worked by hand (0x3f000000 / 2^32 = 0.24609375).
    const cases: [string, number][] = [
        ["3f000000-8b1c-4d2e-9f00-1234567890ab", 0.24609375],
        ["c0000000-0000-4000-8000-000000000000", 0.75],
        ["00000001-0000-4000-8000-000000000000", 1 / 2 ** 32],
    ];
    for (const [sub, expected] of cases) {
        it(`GIVEN the sub ${sub} WHEN staggered THEN the fraction is ${expected}`, () => {
            assert.equal(subFraction(sub), expected);
        });
    }
});

describe("compatibility: batch names and the default number of batches", () => {
    // [component, index, name]
    const cases: [string, number, string][] = [
        ["staff", 0, "staff-batch-00"],
        ["staff", 3, "staff-batch-03"],
        ["staff", 15, "staff-batch-15"],
        ["staff", 123, "staff-batch-123"],
        ["a-b", 7, "a-b-batch-07"],
    ];
    for (const [component, i, expected] of cases) {
        it(`GIVEN component '${component}' WHEN batch ${i} is named THEN it is '${expected}'`, () => {
            assert.equal(batchName(component, i), expected);
        });
    }

    it("GIVEN a batch's name WHEN the policy reads its component THEN it is the component's name", () => {
        assert.equal(policy.componentOfBatch("a-b-batch-07"), "a-b");
    });

    it("GIVEN no `batches` WHEN the default applies THEN there are 16", () => {
        assert.equal(DEFAULT_BATCHES, 16);
    });
});

describe("compatibility: ids", () => {
    const now = () => new Date("2026-01-01T00:00:00Z");

    it("GIVEN a UserPasswordReset WHEN created THEN its id is '<pool>/<user>'", async () => {
        assert.equal(resourceId({ userPoolId: POOL, username: "alice" }), "eu-west-1_AbC123/alice");
        const created = await createResetHost({ cognito: NO_CALLS, now, run: new Run() }).create({
            userPoolId: POOL,
            username: "alice",
            initialReset: "scheduled",
        });
        assert.equal(created.id, "eu-west-1_AbC123/alice");
    });

    it("GIVEN a batch WHEN created THEN its id is '<pool>/batch'", async () => {
        const created = await createBatchHost({ cognito: NO_CALLS, now, run: new Run() }).create({
            userPoolId: POOL,
            usernames: ["alice"],
            initialReset: "scheduled",
            batchCount: 16,
        });
        assert.equal(created.id, "eu-west-1_AbC123/batch");
    });

    it("GIVEN a layout resource WHEN created THEN its id is '<pool>/layout'", async () => {
        const created = await createLayoutHost({ run: new Run() }).create({ userPoolId: POOL, batchCount: 16 });
        assert.equal(created.id, "eu-west-1_AbC123/layout");
    });
});

describe("compatibility: error codes", () => {
    // Codes may be added; none of these may be renamed or removed.
    const FROZEN_CODES = [
        "ACCESS_DENIED",
        "CREDENTIALS",
        "EMAIL_QUOTA",
        "EMAIL_ROLE_POLICY",
        "ENDPOINT_UNREACHABLE",
        "INVALID_PARAMETER",
        "LAMBDA_FAILED",
        "LAMBDA_INVALID_RESPONSE",
        "LAMBDA_REJECTED",
        "NO_VERIFIED_CONTACT",
        "POOL_NOT_FOUND",
        "SMS_ROLE_POLICY",
        "SMS_ROLE_TRUST",
        "THROTTLED",
        "TRANSIENT",
        "USER_DISABLED",
        "USER_NOT_FOUND",
        "USER_STATUS",
    ];

    it("GIVEN the exported ERROR_CODES WHEN listed THEN every code of earlier releases is still there", () => {
        const keys = new Set(Object.keys(ERROR_CODES));
        assert.deepEqual(
            FROZEN_CODES.filter((c) => !keys.has(c)),
            [],
        );
    });

    it("GIVEN a mapped failure WHEN its message is read THEN the code is its last bracketed word", () => {
        const err = Object.assign(new Error("User does not exist."), {
            name: "UserNotFoundException",
            $metadata: { httpStatusCode: 400 },
        });
        const mapped = mapCognitoError(err, { userPoolId: POOL, username: "alice" });
        assert.equal(mapped.errorCode, "USER_NOT_FOUND");
        assert.match(mapped.message, / \[USER_NOT_FOUND\]$/);
    });
});

describe("compatibility: public import paths", () => {
    it("GIVEN package.json WHEN its exports are read THEN ./policy maps to the built policy module, with types", () => {
        assert.deepEqual(PACKAGE.exports["./policy"], {
            types: "./dist/policy/index.d.ts",
            default: "./dist/policy/index.js",
        });
        const source = require(sourceOf("./dist/policy/index.js")) as typeof policy;
        assert.equal(source.rotationRequiredPolicy, policy.rotationRequiredPolicy);
        assert.equal(policy.rotationRequiredPolicy.name, "cognito-password-reset-rotation");
    });

    it("GIVEN a TypeScript program on moduleResolution 'node' (which ignores exports) WHEN it imports ./policy THEN typesVersions gives it the types", () => {
        assert.deepEqual(PACKAGE.typesVersions, { "*": { policy: ["dist/policy/index.d.ts"] } });
    });
});
