/**
 * Unit tier: the input schema (provider/core/inputs.ts) is the one source of the
 * inputs. The README's input tables are generated from it (`npm run readme`),
 * and the program's argument interfaces must list the same inputs, with the
 * same optionality and the same Input<> wrapping.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { INPUT_SPECS, InputOf } from "../../provider/core/inputs";
import { README, withInputTables } from "../../scripts/readme-inputs";
import { resetPolicyDocument } from "../../provider/core/iam";
import { REGISTRY_PAGES, withDocsCode } from "../../scripts/registry-docs";

const SRC = path.resolve(__dirname, "..", "..", "provider");

/** The first line where two texts differ, for a short failure message. */
function firstDifference(actual: string, expected: string): string {
    const a = actual.split("\n");
    const e = expected.split("\n");
    const i = a.findIndex((line, k) => line !== e[k]);
    return i < 0 ? "(none)" : `line ${i + 1}: README has\n  ${a[i]}\nthe schema gives\n  ${e[i]}`;
}

/** The members of an exported interface, read from its source with the TypeScript parser. */
function interfaceMembers(file: string, name: string): { name: string; optional: boolean; type: string }[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const decl = source.statements.find(
        (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
    );
    assert.ok(decl, `${name} is declared in ${file}`);
    return decl.members.filter(ts.isPropertySignature).map((m) => ({
        name: m.name.getText(source),
        optional: m.questionToken !== undefined,
        type: m.type!.getText(source),
    }));
}

describe("input schema: the README's tables", () => {
    it("GIVEN README.md WHEN its input tables are generated again THEN nothing changes (run `npm run readme` after editing provider/core/inputs.ts)", () => {
        const readme = fs.readFileSync(README, "utf8");
        const generated = withInputTables(readme);
        assert.ok(generated === readme, `the README's input tables differ: ${firstDifference(readme, generated)}`);
    });

    it("GIVEN a README whose table was edited by hand WHEN generated again THEN the edit is undone, so the check above fails on drift", () => {
        const readme = fs.readFileSync(README, "utf8");
        const edited = readme.replace(
            "| `maxResetsPerRun` | `number` | no limit |",
            "| `maxResetsPerRun` | `number` | 50 |",
        );
        assert.notEqual(edited, readme, "the row to edit is in the README");
        const generated = withInputTables(edited);
        assert.ok(generated === readme, firstDifference(generated, readme));
    });

    it("GIVEN a README without the markers WHEN generated THEN it fails naming them", () => {
        assert.throws(() => withInputTables("# no tables"), /<!-- inputs: reset -->/);
    });
});

describe("input schema: the program's argument interfaces", () => {
    const cases: [InputOf, string, string][] = [
        ["reset", "program/resource.ts", "UserPasswordResetArgs"],
        ["pool", "program/batch.ts", "UserPasswordResetsArgs"],
    ];
    for (const [of, file, name] of cases) {
        it(`GIVEN ${name} WHEN its members are read THEN they are the schema's inputs of '${of}', in order, required and Input<> alike`, () => {
            const members = interfaceMembers(path.join(SRC, file), name);
            const specs = INPUT_SPECS.filter((s) => s.of.includes(of));
            assert.deepEqual(
                members.map((m) => m.name),
                specs.map((s) => s.name),
            );
            for (const s of specs) {
                const m = members.find((x) => x.name === s.name)!;
                assert.equal(m.optional, !s.required, `${name}.${s.name}: optional`);
                const wrapped = s.output && !s.plainIn?.includes(of);
                assert.equal(m.type.startsWith("pulumi.Input<"), wrapped, `${name}.${s.name}: ${m.type}`);
            }
        });
    }
});

describe("the README's IAM policy", () => {
    it("GIVEN the README's policy JSON WHEN compared with passwordResetPolicy's document for its ARN THEN they are the same", () => {
        const readme = fs.readFileSync(README, "utf8");
        const block = /<!-- iam-policy -->\n```json\n([\s\S]*?)\n```/.exec(readme);
        assert.ok(block, "the README has no IAM policy block");
        const shown = JSON.parse(block[1]);
        assert.deepEqual(shown, resetPolicyDocument({ userPoolArn: shown.Statement[0].Resource }));
    });
});

describe("the Registry docs", () => {
    for (const page of REGISTRY_PAGES) {
        it(`GIVEN docs/${path.basename(page)} WHEN its code blocks are filled again from the examples and the IAM policy THEN nothing changes (run \`npm run registry-docs\`)`, () => {
            const text = fs.readFileSync(page, "utf8");
            const generated = withDocsCode(text);
            assert.ok(generated === text, firstDifference(text, generated));
        });
    }
});
