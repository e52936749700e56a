/**
 * Every code block of the Registry docs (docs/*.md) is checked in its
 * language, as far as this machine can: TypeScript type-checked strictly
 * against the package, Python and Go parsed by their own tools (their SDKs'
 * programs are built by tests/packaging/sdks.test.ts), YAML and JSON parsed,
 * shell checked by `bash -n`. A broken block shows that each check can fail.
 *
 * | language   | check                                   |
 * |------------|-----------------------------------------|
 * | typescript | tsc --strict, resolving the package     |
 * | python     | python3: ast.parse                      |
 * | go         | gofmt -e                                |
 * | yaml, json | the yaml package, JSON.parse            |
 * | sh         | bash -n                                 |
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { REPO, typeCheckStrict } from "../support/engine";
import { REGISTRY_PAGES } from "../../scripts/registry-docs";

/** The fenced code blocks of a Markdown text, with their language. */
function codeBlocks(text: string): { language: string; code: string }[] {
    return [...text.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)].map((m) => ({
        language: m[2],
        code: m[3].replace(new RegExp(`^${m[1]}`, "gm"), ""),
    }));
}

/** Runs a checker on `code` (its standard input); throws with what it said when it refuses it. */
function tool(command: string, args: string[], code: string): void {
    const r = spawnSync(command, args, { input: code, encoding: "utf8", timeout: 60_000 });
    if (r.error) throw new Error(`could not run ${command}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`${command} refused the block:\n${r.stdout}${r.stderr}`);
}

/** Checks one block in its language; throws when it does not check. */
function check(language: string, code: string): void {
    switch (language) {
        case "typescript": {
            const dir = fs.mkdtempSync(path.join(REPO, ".docs-check-"));
            try {
                fs.writeFileSync(path.join(dir, "index.ts"), code);
                typeCheckStrict(path.join(dir, "index.ts"), REPO, ["--types", "node"]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
            return;
        }
        case "python":
            return tool("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], code);
        case "go":
            return tool("gofmt", ["-e"], code);
        case "yaml":
            parseYaml(code);
            return;
        case "json":
            JSON.parse(code);
            return;
        case "sh":
            return tool("bash", ["-n"], code);
    }
    throw new Error(`a code block in ${language}, which this test cannot check`);
}

describe("packaging: the Registry docs' code blocks", function () {
    this.timeout(120_000);

    for (const page of REGISTRY_PAGES) {
        const blocks = codeBlocks(fs.readFileSync(page, "utf8"));
        it(`GIVEN docs/${path.basename(page)} (${blocks.map((b) => b.language).join(", ")}) WHEN each block is checked in its language THEN every one checks`, () => {
            assert.ok(blocks.length > 0, "the page has no code block");
            for (const b of blocks) assert.doesNotThrow(() => check(b.language, b.code), `a ${b.language} block`);
        });
    }

    // | broken block                       | expected            |
    // |------------------------------------|---------------------|
    // | TypeScript with a misspelt input    | tsc names it        |
    // | Python with an unclosed paren      | ast refuses it      |
    // | Go with a missing brace            | gofmt refuses it    |
    // | YAML with a bad indent             | the parser refuses  |
    const broken: [string, string][] = [
        [
            "typescript",
            'import { UserPasswordReset } from "pulumi-cognito-password-reset";\nnew UserPasswordReset("r", { userPoolId: "p", usrname: "a" });\n',
        ],
        ["python", "import pulumi\npulumi.export('x', (1\n"],
        ["go", "package main\nfunc main() {\n"],
        ["yaml", "resources:\n  a:\n    type: x\n   properties: {}\n"],
    ];
    for (const [language, code] of broken) {
        it(`GIVEN a broken ${language} block WHEN checked THEN it is refused`, () => {
            assert.throws(() => check(language, code));
        });
    }
});
