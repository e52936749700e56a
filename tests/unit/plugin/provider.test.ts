/**
 * Unit tier: the provider plugin's methods (provider/plugin) with a fake Cognito
 * and a fixed clock, called as the engine calls them: URNs, secret envelopes,
 * the unknown value of a preview. No engine, no moto. The same hosts as the
 * dynamic resource do the work; these tests check what the plugin adds: the
 * periods computed in check, secrets unwrapped and kept secret, one pool as
 * one batch with its summary, and its schema.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { INPUT_SPECS } from "../../../provider/core/inputs";
import { rotationPeriod } from "../../../provider/core/rotation";
import { ResetInputs } from "../../../provider/core/types";
import { ListedUser } from "../../../provider/core/select";
import { UNKNOWN } from "../../../provider/core/validation";
import { CognitoApi } from "../../../provider/host/cognito-client";
import { unwrapSecrets } from "../../../provider/plugin/envelope";
import {
    packageSchema,
    PLUGIN_POOL_TYPE,
    PLUGIN_RESET_TYPE,
    releaseHome,
} from "../../../provider/plugin/package-schema";
import { createPluginProvider } from "../../../provider/plugin/provider";
import { Run } from "../../../provider/host/pool-run";

const POOL = "eu-west-1_AbC123";
const NOW = new Date("2026-05-01T02:00:00.000Z");
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });
const urn = (type: string, name: string) => `urn:pulumi:dev::yaml-program::${type}::${name}`;
const RESET = urn(PLUGIN_RESET_TYPE, "alice");
const POOL_URN = urn(PLUGIN_POOL_TYPE, "staff");
const REPO = path.resolve(__dirname, "..", "..", "..");

class FakeCognito implements CognitoApi {
    calls: ResetInputs[] = [];
    async listUsers(): Promise<ListedUser[]> {
        const user = (username: string, sub: string, enabled = true) => ({
            username,
            sub,
            enabled,
            status: "CONFIRMED",
            emailVerified: true,
            phoneVerified: false,
        });
        return [user("ann", "00000000-1"), user("bob", "80000000-2"), user("dis", "40000000-3", false)];
    }
    async resetPassword(inputs: ResetInputs): Promise<void> {
        this.calls.push(inputs);
    }
    async getUserStatus(): Promise<string | undefined> {
        return "CONFIRMED";
    }
}

function setup() {
    const cognito = new FakeCognito();
    const p = createPluginProvider("0.1.0", { cognito, now: () => NOW, run: new Run() });
    return { cognito, p };
}

describe("plugin: a single reset", () => {
    it("GIVEN a rotation policy WHEN checked THEN the plugin computes the period from the clock, as the program side does", async () => {
        const { p } = setup();
        const rotation = { every: "90d", anchor: "2026-01-01" };
        const r = await p.check!(RESET, {}, { userPoolId: POOL, username: "alice", rotation });
        assert.deepEqual(r.failures, []);
        const expected = rotationPeriod(rotation, NOW, { userPoolId: POOL, username: "alice" }).label;
        assert.equal(r.inputs.rotationPeriod, expected);
    });

    it("GIVEN a pool id not known yet (preview) WHEN checked THEN the period is unknown too, and nothing fails", async () => {
        const { p } = setup();
        const r = await p.check!(RESET, {}, { userPoolId: UNKNOWN, username: "alice", rotation: { every: "30d" } });
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs.rotationPeriod, UNKNOWN);
    });

    it("GIVEN bad inputs WHEN checked THEN the failures name the fields, as for the dynamic resource", async () => {
        const { p } = setup();
        const r = await p.check!(RESET, {}, { userPoolId: "nope", username: "has space", bogus: 1 });
        assert.deepEqual(r.failures!.map((f) => f.property).sort(), ["bogus", "userPoolId", "username"]);
    });

    it("GIVEN clientMetadata in a secret envelope WHEN checked, created and rerun THEN it is sent plain, recorded as a secret digest, and the rerun is no change", async () => {
        const { p, cognito } = setup();
        const news = { userPoolId: POOL, username: "alice", clientMetadata: secret({ campaign: "spring-2026" }) };
        const checked = await p.check!(RESET, {}, news);
        const digest = (checked.inputs.clientMetadata as { value: { campaign: string } }).value.campaign;
        assert.match(digest, /^digest:scrypt:[A-Za-z0-9_-]{43}$/);
        assert.deepEqual(checked.inputs.clientMetadata, secret({ campaign: digest }));
        const created = await p.create!(RESET, checked.inputs);
        assert.equal(created.id, `${POOL}/alice`);
        assert.deepEqual(cognito.calls[0].clientMetadata, { campaign: "spring-2026" });
        assert.deepEqual(created.outs.clientMetadata, secret({ campaign: digest }));
        assert.equal(created.outs.resetCount, 1);
        const again = await p.check!(RESET, created.outs, news);
        const d = await p.diff!(created.id, RESET, created.outs, again.inputs);
        assert.equal(d.changes, false);
        assert.equal(cognito.calls.length, 1);
    });

    it("GIVEN a new rotation key WHEN diffed and updated THEN one more reset, in place", async () => {
        const { p, cognito } = setup();
        const created = await p.create!(RESET, { userPoolId: POOL, username: "alice", rotationKey: "k1" });
        const news = (await p.check!(RESET, created.outs, { userPoolId: POOL, username: "alice", rotationKey: "k2" }))
            .inputs;
        const d = await p.diff!(created.id, RESET, created.outs, news);
        assert.equal(d.changes, true);
        assert.deepEqual(d.replaces, []);
        const u = await p.update!(created.id, RESET, created.outs, news);
        assert.equal(u.outs.resetCount, 2);
        assert.equal(cognito.calls.length, 2);
    });

    it("GIVEN initialReset scheduled WHEN created THEN no call: the adoption is recorded", async () => {
        const { p, cognito } = setup();
        const r = await p.create!(RESET, { userPoolId: POOL, username: "alice", initialReset: "scheduled" });
        assert.equal(cognito.calls.length, 0);
        assert.equal(r.outs.resetCount, 0);
        assert.equal(r.outs.adoptedAt, NOW.toISOString());
    });

    it("GIVEN a refresh WHEN read THEN the user's status is read and the secret stays wrapped", async () => {
        const { p } = setup();
        const created = await p.create!(RESET, { userPoolId: POOL, username: "alice", clientMetadata: { a: "bbbb" } });
        const r = await p.read!(created.id, RESET, created.outs);
        assert.equal(r.props.userStatus, "CONFIRMED");
        assert.deepEqual(r.props.clientMetadata, created.outs.clientMetadata);
        assert.ok(SIG in (r.props.clientMetadata as object), "the digest stays wrapped as a secret");
        assert.ok(!JSON.stringify(r.props).includes("bbbb"), "the value is recorded");
    });

    it("GIVEN a type the plugin does not serve WHEN called THEN it fails naming the type", async () => {
        const { p } = setup();
        await assert.rejects(
            p.check!(urn("cognito-password-reset:index:Nope", "x"), {}, {}),
            /unknown resource type cognito-password-reset:index:Nope/,
        );
    });
});

describe("plugin: a whole pool", () => {
    it("GIVEN 3 users with a staggered rotation WHEN checked and created THEN one batch holds them, each reset once, and the summary counts them", async () => {
        const { p, cognito } = setup();
        const usernames = ["ann", "bob", "cyd"];
        const rotation = { every: "30d", stagger: true };
        const checked = await p.check!(POOL_URN, {}, { userPoolId: POOL, usernames, rotation });
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.batchCount, 1);
        assert.equal(checked.inputs.rotationPeriods, undefined, "the batch host works out each user's period");
        const created = await p.create!(POOL_URN, checked.inputs);
        assert.equal(cognito.calls.length, 3);
        const summary = created.outs.summary as { users: number; upToDate: number; due: number };
        assert.deepEqual([summary.users, summary.upToDate, summary.due], [3, 3, 0]);
        const again = await p.check!(POOL_URN, created.outs, { userPoolId: POOL, usernames, rotation });
        assert.equal((await p.diff!(created.id, POOL_URN, created.outs, again.inputs)).changes, false);
    });

    it("GIVEN select { all: true } WHEN checked and created THEN the one batch counts every eligible user, names none in its state, and the summary counts the one left out", async () => {
        const { p, cognito } = setup();
        const rotation = { every: "30d", anchor: "2026-04-01", stagger: true };
        const checked = await p.check!(POOL_URN, {}, { userPoolId: POOL, select: { all: true }, rotation });
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.selected, 2);
        assert.equal(checked.inputs.usernames, undefined);
        assert.equal(checked.inputs.rotationPeriods, undefined);
        const created = await p.create!(POOL_URN, checked.inputs);
        assert.deepEqual(cognito.calls.map((c) => c.username).sort(), ["ann", "bob"]);
        const summary = created.outs.summary as { users: number; upToDate: number; due: number; excluded: object };
        assert.deepEqual([summary.users, summary.upToDate, summary.due], [2, 2, 0]);
        assert.deepEqual(summary.excluded, { USER_DISABLED: 1 });
        assert.ok(!JSON.stringify(created.outs).includes('"ann"'), "the state names a user that is up to date");
    });

    it("GIVEN a selection or a pool id not known yet (preview) WHEN checked THEN nothing is listed, and nothing fails", async () => {
        const { p, cognito } = setup();
        let listed = 0;
        cognito.listUsers = async () => {
            listed++;
            return [];
        };
        for (const news of [
            { userPoolId: UNKNOWN, select: { all: true } },
            { userPoolId: POOL, select: UNKNOWN },
        ]) {
            const r = await p.check!(POOL_URN, {}, news);
            assert.deepEqual(r.failures, []);
            assert.equal(r.inputs.usernames, undefined);
        }
        assert.equal(listed, 0);
    });

    it("GIVEN batchCount given by the program WHEN checked THEN the plugin's own value replaces it; GIVEN rotationPeriods (an input of 0.1.0) THEN the check fails naming it", async () => {
        const { p } = setup();
        const r = await p.check!(POOL_URN, {}, { userPoolId: POOL, usernames: ["a"], batchCount: 7 });
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs.batchCount, 1);
        const old = await p.check!(POOL_URN, {}, { userPoolId: POOL, usernames: ["a"], rotationPeriods: { a: "x" } });
        assert.deepEqual(
            (old.failures ?? []).map((f) => f.property),
            ["rotationPeriods"],
        );
    });
});

describe("plugin: its package schema", () => {
    const schema = packageSchema("0.1.0") as {
        resources: Record<string, { inputProperties: Record<string, { secret?: boolean }>; requiredInputs: string[] }>;
    };

    it("GIVEN the input schema WHEN the package schema is built THEN each resource takes exactly the users' inputs, required and secret alike", () => {
        for (const [type, of] of [
            [PLUGIN_RESET_TYPE, "reset"],
            [PLUGIN_POOL_TYPE, "pool"],
        ] as const) {
            const specs = INPUT_SPECS.filter((s) => s.of.includes(of) && s.name !== "batches");
            const r = schema.resources[type];
            assert.deepEqual(
                Object.keys(r.inputProperties),
                specs.map((s) => s.name),
            );
            assert.deepEqual(
                r.requiredInputs,
                specs.filter((s) => s.required).map((s) => s.name),
            );
            assert.equal(r.inputProperties.clientMetadata.secret, true);
        }
    });

    it("GIVEN schema.json WHEN compared with the schema the plugin serves THEN they are the same (run `npm run schema` after a change)", () => {
        const version = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
        const committed = JSON.parse(fs.readFileSync(path.join(REPO, "plugin", "schema.json"), "utf8"));
        assert.deepEqual(committed, packageSchema(version));
    });

    it("GIVEN the repository a release runs in WHEN the schema is built for it THEN the Go module, the repository and the plugin's download URL name it; GIVEN none THEN the local module, and nothing else", () => {
        const go = (schema: Record<string, unknown>) =>
            (schema.language as { go: { importBasePath: string } }).go.importBasePath;
        for (const url of [
            "git+https://github.com/acme-org/cognito-password-reset.git",
            "https://github.com/acme-org/cognito-password-reset",
        ]) {
            const schema = packageSchema("0.2.0", url);
            assert.equal(schema.version, "0.2.0");
            assert.equal(schema.repository, "https://github.com/acme-org/cognito-password-reset");
            assert.equal(schema.pluginDownloadURL, "github://api.github.com/acme-org/cognito-password-reset");
            assert.equal(go(schema), "github.com/acme-org/cognito-password-reset/sdk/go/cognitopasswordreset");
        }
        const local = packageSchema("0.2.0");
        assert.equal(go(local), "pulumi-cognito-password-reset/sdk/go/cognitopasswordreset");
        assert.equal("repository" in local || "pluginDownloadURL" in local, false);
    });

    for (const url of [
        "https://gitlab.com/acme/cpr",
        "git@github.com:acme/cpr.git",
        "https://github.com/acme",
        "https://github.com/-acme/cpr",
        "https://github.com/acme/cpr/tree/main",
    ]) {
        it(`GIVEN the repository '${url}' WHEN the schema is built for it THEN it fails naming the URL`, () => {
            assert.throws(
                () => releaseHome(url),
                (e: Error) =>
                    e.message.startsWith("repository: expected a GitHub repository URL") &&
                    e.message.includes(`'${url}'`),
            );
        });
    }

    it("GIVEN nested secret envelopes WHEN unwrapped THEN every level is plain", () => {
        assert.deepEqual(unwrapSecrets({ a: secret({ b: secret("c") }), d: [secret(1)] }), { a: { b: "c" }, d: [1] });
    });
});
