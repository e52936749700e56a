/**
 * The pipelines of examples/scheduled-rotation, checked as their CI services
 * would check them: the GitHub workflow by actionlint, the GitLab pipeline by
 * GitLab's CI schema (check-jsonschema's vendored copy); both tools are pinned
 * and installed by dev/toolchain/toolchain.sh. Each linter is also given a broken
 * copy, so that a linter that accepts anything cannot pass this test.
 *
 * The rules the recipe keeps that no linter checks (actions pinned to a
 * commit, images to a version, a timeout on every job, one run per stack at a
 * time, no stored AWS keys or passphrase) are written as JSON schemas below
 * and checked with the same tool.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "../support/engine";

const EXAMPLE = path.join(REPO, "examples", "scheduled-rotation");
const WORKFLOW = path.join(EXAMPLE, ".github", "workflows", "rotate-passwords.yml");
const GITLAB = path.join(EXAMPLE, ".gitlab-ci.yml");
const RELEASE = path.join(REPO, ".github", "workflows", "release.yml");

interface Run {
    status: number | null;
    output: string;
}

/** Runs a tool from PATH (the toolchain's environment), with its output as one string. */
function run(tool: string, args: string[], cwd: string): Run {
    const r = spawnSync(tool, args, { cwd, encoding: "utf8", timeout: 60_000 });
    if (r.error) {
        throw new Error(
            `could not run ${tool} (run the tests with dev/toolchain/with-toolchain.sh): ${r.error.message}`,
        );
    }
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const actionlint = (file: string): Run => run("actionlint", ["-no-color", path.basename(file)], path.dirname(file));
const gitlabSchema = (file: string): Run =>
    run("check-jsonschema", ["--builtin-schema", "vendor.gitlab-ci", file], path.dirname(file));
const policy = (schema: string, file: string): Run =>
    run("check-jsonschema", ["--schemafile", schema, file], path.dirname(file));

/** `text` with `from` replaced by `to`; fails if `from` is not in it (the file changed under the test). */
function broken(text: string, from: string, to: string): string {
    assert.ok(text.includes(from), `the file no longer contains ${JSON.stringify(from)}: update this test`);
    return text.replace(from, to);
}

/** An action reference pinned to a full commit. */
const PINNED_ACTION = "^[\\w.-]+/[\\w./-]+@[0-9a-f]{40}$";
/** A runner or image name with a version, not a moving label such as `latest`. */
const NOT_MOVING = { type: "string", pattern: "\\d", not: { pattern: "latest" } };

/** The recipe's rules for the GitHub workflow. */
const WORKFLOW_POLICY = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["concurrency", "permissions", "jobs"],
    properties: {
        concurrency: {
            type: "object",
            required: ["group", "cancel-in-progress"],
        },
        jobs: {
            type: "object",
            additionalProperties: {
                type: "object",
                required: ["runs-on", "timeout-minutes"],
                properties: {
                    "runs-on": NOT_MOVING,
                    steps: {
                        type: "array",
                        items: { type: "object", properties: { uses: { type: "string", pattern: PINNED_ACTION } } },
                    },
                },
            },
        },
    },
};

/**
 * The release workflow's rules, beyond the recipe's: it runs on a version tag,
 * reads by default, and each job may write only what it publishes.
 */
const RELEASE_POLICY = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["on", "permissions", "jobs"],
    properties: {
        on: {
            type: "object",
            required: ["push"],
            additionalProperties: false,
            properties: {
                push: {
                    type: "object",
                    required: ["tags"],
                    additionalProperties: false,
                    properties: { tags: { type: "array", items: { type: "string", pattern: "^v" } } },
                },
            },
        },
        permissions: { const: { contents: "read" } },
        jobs: {
            type: "object",
            required: ["test", "build", "github-release", "npm", "pypi", "go"],
            properties: {
                test: { not: { required: ["permissions"] } },
                build: {
                    required: ["needs"],
                    properties: { needs: { const: "test" } },
                    not: { required: ["permissions"] },
                },
                "github-release": { properties: { permissions: { const: { contents: "write" } } } },
                npm: { properties: { permissions: { const: { contents: "read", "id-token": "write" } } } },
                pypi: { properties: { permissions: { const: { "id-token": "write" } } } },
                go: { properties: { permissions: { const: { contents: "write" } } } },
            },
        },
    },
};

/** The recipe's rules for the GitLab pipeline: a pinned image, and a timeout on every job. */
const GITLAB_POLICY = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["default", "preview", "apply"],
    // GitLab's own keys; every other key is a job
    properties: {
        workflow: true,
        stages: true,
        variables: true,
        default: { type: "object", required: ["image", "id_tokens"], properties: { image: NOT_MOVING } },
    },
    additionalProperties: { type: "object", required: ["timeout"], properties: { image: NOT_MOVING } },
    allOf: [{ properties: { apply: { required: ["needs", "resource_group"] } } }],
};

describe("packaging: the scheduled-rotation pipelines", function () {
    this.timeout(120_000);
    let dir: string;
    let workflowPolicy: string;
    let gitlabPolicy: string;
    let releasePolicy: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-pipelines-"));
        workflowPolicy = path.join(dir, "workflow-policy.json");
        gitlabPolicy = path.join(dir, "gitlab-policy.json");
        fs.writeFileSync(workflowPolicy, JSON.stringify(WORKFLOW_POLICY));
        fs.writeFileSync(gitlabPolicy, JSON.stringify(GITLAB_POLICY));
        releasePolicy = path.join(dir, "release-policy.json");
        fs.writeFileSync(releasePolicy, JSON.stringify(RELEASE_POLICY));
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Writes `text` to a new file of the temporary folder and returns its path. */
    function copy(name: string, text: string): string {
        const file = path.join(fs.mkdtempSync(path.join(dir, "case-")), name);
        fs.writeFileSync(file, text);
        return file;
    }

    describe("the GitHub workflow", () => {
        it("GIVEN the example's workflow WHEN actionlint checks it THEN it reports nothing", () => {
            const r = actionlint(WORKFLOW);
            assert.equal(r.output, "");
            assert.equal(r.status, 0);
        });

        // | broken copy                             | actionlint's rule |
        // |-----------------------------------------|-------------------|
        // | `up` needs a job that does not exist    | job-needs         |
        // | a permission with a misspelt value      | permissions       |
        // | an expression naming an unknown context | expression        |
        const cases = [
            {
                what: "`up` needing a job that does not exist",
                from: "needs: preview",
                to: "needs: previw",
                rule: "job-needs",
            },
            { what: "a misspelt permission", from: "id-token: write", to: "id-token: writ", rule: "permissions" },
            {
                what: "an unknown context property",
                from: "github.event_name != 'pull_request' && github.ref",
                to: "github.event_nam != 'pull_request' && github.ref",
                rule: "expression",
            },
        ];
        for (const c of cases) {
            it(`GIVEN a copy with ${c.what} WHEN actionlint checks it THEN it fails naming the ${c.rule} rule`, () => {
                const file = copy("rotate-passwords.yml", broken(fs.readFileSync(WORKFLOW, "utf8"), c.from, c.to));
                const r = actionlint(file);
                assert.equal(r.status, 1, r.output);
                assert.match(r.output, new RegExp(`\\[${c.rule}\\]`));
            });
        }

        it("GIVEN the example's workflow WHEN checked against the recipe's rules THEN every job has a pinned runner and a timeout, every action a commit", () => {
            const r = policy(workflowPolicy, WORKFLOW);
            assert.equal(r.status, 0, r.output);
            const uses = fs
                .readFileSync(WORKFLOW, "utf8")
                .split("\n")
                .filter((l) => /^\s*(- )?uses:/.test(l));
            assert.ok(uses.length >= 5, "the workflow uses actions");
            for (const line of uses) assert.match(line, /@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, "the version in a comment");
        });

        // | broken copy                 | rule broken                       |
        // |-----------------------------|-----------------------------------|
        // | an action at a moving tag   | actions pinned to a full commit   |
        // | a job without timeout       | a timeout on every job            |
        // | ubuntu-latest               | a runner image with a version     |
        const policyCases = [
            {
                what: "an action at a moving tag",
                from: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
                to: "actions/checkout@v7",
            },
            { what: "a job without a timeout", from: "    timeout-minutes: 30\n", to: "" },
            { what: "a runner at `latest`", from: "runs-on: ubuntu-24.04", to: "runs-on: ubuntu-latest" },
        ];
        for (const c of policyCases) {
            it(`GIVEN a copy with ${c.what} WHEN checked against the recipe's rules THEN it is rejected`, () => {
                const file = copy("rotate-passwords.yml", broken(fs.readFileSync(WORKFLOW, "utf8"), c.from, c.to));
                const r = policy(workflowPolicy, file);
                assert.equal(r.status, 1, r.output);
                assert.match(r.output, /Schema validation errors/);
            });
        }
    });

    describe("the GitLab pipeline", () => {
        it("GIVEN the example's .gitlab-ci.yml WHEN checked against GitLab's CI schema THEN it is valid", () => {
            const r = gitlabSchema(GITLAB);
            assert.equal(r.status, 0, r.output);
            assert.match(r.output, /ok -- validation done/);
        });

        // | broken copy                          | what the schema says           |
        // |--------------------------------------|--------------------------------|
        // | `needs: preview` (not a list)        | $.apply.needs is not an array  |
        // | `scripts:` for `script:`             | 'scripts' was unexpected       |
        // | an id token without its audience     | 'aud' is a required property   |
        const cases = [
            {
                what: "needs that is not a list",
                from: "needs: [preview]",
                to: "needs: preview",
                says: /\$\.apply\.needs: 'preview' is not of type 'array'/,
            },
            { what: "a misspelt key", from: "  script:", to: "  scripts:", says: /'scripts' was unexpected/ },
            {
                what: "an id token without its audience",
                from: "aud: sts.amazonaws.com",
                to: "audience: sts.amazonaws.com",
                says: /'aud' is a required property/,
            },
        ];
        for (const c of cases) {
            it(`GIVEN a copy with ${c.what} WHEN checked against GitLab's CI schema THEN it is rejected`, () => {
                const file = copy(".gitlab-ci.yml", broken(fs.readFileSync(GITLAB, "utf8"), c.from, c.to));
                const r = gitlabSchema(file);
                assert.equal(r.status, 1, r.output);
                assert.match(r.output, c.says);
            });
        }

        it("GIVEN the example's .gitlab-ci.yml WHEN checked against the recipe's rules THEN its image is pinned and every job has a timeout", () => {
            const r = policy(gitlabPolicy, GITLAB);
            assert.equal(r.status, 0, r.output);
        });

        // | broken copy             | rule broken                     |
        // |-------------------------|---------------------------------|
        // | image at `latest`       | an image with a version         |
        // | a job without timeout   | a timeout on every job          |
        // | apply without `needs`   | apply gated on the preview      |
        const policyCases = [
            {
                what: "the image at latest",
                from: "pulumi/pulumi-nodejs-22:3.274.1",
                to: "pulumi/pulumi-nodejs-22:latest",
            },
            { what: "a job without a timeout", from: "  timeout: 30 minutes\n", to: "" },
            { what: "apply not gated on the preview", from: "  needs: [preview]", to: "  dependencies: [preview]" },
        ];
        for (const c of policyCases) {
            it(`GIVEN a copy with ${c.what} WHEN checked against the recipe's rules THEN it is rejected`, () => {
                const file = copy(".gitlab-ci.yml", broken(fs.readFileSync(GITLAB, "utf8"), c.from, c.to));
                const r = policy(gitlabPolicy, file);
                assert.equal(r.status, 1, r.output);
                assert.match(r.output, /Schema validation errors/);
            });
        }
    });

    describe("the release workflow", () => {
        it("GIVEN .github/workflows/release.yml WHEN actionlint checks it THEN it reports nothing", () => {
            const r = actionlint(RELEASE);
            assert.equal(r.output, "");
            assert.equal(r.status, 0);
        });

        it("GIVEN the release workflow WHEN checked against the recipe's rules and its own THEN every job has a pinned runner and a timeout, every action a commit, and each job writes only what it publishes", () => {
            for (const schema of [workflowPolicy, releasePolicy]) {
                const r = policy(schema, RELEASE);
                assert.equal(r.status, 0, r.output);
            }
            const text = fs.readFileSync(RELEASE, "utf8");
            const uses = text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
            assert.ok(uses.length >= 5, "the workflow uses actions");
            for (const line of uses) assert.match(line, /@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, "the version in a comment");
            // The public address comes from the repository the job runs in, and the version from the tag.
            assert.match(text, /npm run release -- "\$GITHUB_REPOSITORY" "\$GITHUB_REF_NAME"/);
            assert.match(text, /npm publish [^\n]*--provenance/);
            assert.match(text, /git tag "sdk\/go\/\$GITHUB_REF_NAME"/);
        });

        // | broken copy                          | rule broken                          |
        // |--------------------------------------|--------------------------------------|
        // | write permission for the whole run   | reads by default                     |
        // | the npm job may write the repository | each job writes only what it publishes |
        // | released from every push to main     | runs on a version tag                |
        const cases = [
            {
                what: "write permission for the whole run",
                from: "permissions:\n  contents: read\n\nconcurrency",
                to: "permissions:\n  contents: write\n\nconcurrency",
            },
            {
                what: "an npm job that may write the repository",
                from: "      contents: read\n      id-token: write # npm provenance",
                to: "      contents: write\n      id-token: write # npm provenance",
            },
            {
                what: "a release from every push to main",
                from: '    tags: ["v[0-9]+.[0-9]+.[0-9]+"]',
                to: "    branches: [main]",
            },
        ];
        for (const c of cases) {
            it(`GIVEN a copy with ${c.what} WHEN checked against the release's rules THEN it is rejected`, () => {
                const file = copy("release.yml", broken(fs.readFileSync(RELEASE, "utf8"), c.from, c.to));
                const r = policy(releasePolicy, file);
                assert.equal(r.status, 1, r.output);
                assert.match(r.output, /Schema validation errors/);
            });
        }
    });

    it("GIVEN both pipelines WHEN read THEN the planned preview and its up are the recipe's script, and the preview's instant travels with the plan", () => {
        for (const file of [WORKFLOW, GITLAB]) {
            const text = fs.readFileSync(file, "utf8");
            assert.match(text, /\.\/rotate\.sh preview/, file);
            assert.match(text, /\.\/rotate\.sh up/, file);
            assert.doesNotMatch(text, /--save-plan|--plan /, `${file} plans or applies without the script`);
            assert.match(text, /plan\.json[\s\S]{0,40}plan-instant\.txt/, `${file} does not carry the instant`);
        }
        const script = fs.readFileSync(path.join(EXAMPLE, "rotate.sh"), "utf8");
        assert.match(script, /--save-plan "\$plan"/);
        assert.match(script, /--plan "\$plan"/);
        assert.ok((fs.statSync(path.join(EXAMPLE, "rotate.sh")).mode & 0o111) !== 0, "rotate.sh is not executable");
    });

    it("GIVEN both pipelines WHEN read THEN AWS credentials come from OIDC role assumption, with no stored keys or passphrase", () => {
        for (const file of [WORKFLOW, GITLAB]) {
            const text = fs.readFileSync(file, "utf8");
            assert.doesNotMatch(text, /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|PULUMI_CONFIG_PASSPHRASE/, file);
        }
        const workflow = fs.readFileSync(WORKFLOW, "utf8");
        assert.match(workflow, /id-token: write/);
        assert.match(workflow, /role-to-assume:/);
        const gitlab = fs.readFileSync(GITLAB, "utf8");
        assert.match(gitlab, /id_tokens:/);
        assert.match(gitlab, /AWS_WEB_IDENTITY_TOKEN_FILE/);
    });
});
