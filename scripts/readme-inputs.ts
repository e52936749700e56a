/**
 * The README's input tables, generated from the input schema
 * (provider/core/inputs.ts). `npm run readme` rewrites them in README.md; the unit
 * test tests/unit/readme.test.ts fails when the README differs from what this
 * would write.
 *
 * Each table stands between two markers:
 *   <!-- inputs: reset -->  ...  <!-- end of inputs -->
 *   <!-- inputs: pool -->   ...  <!-- end of inputs -->
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { INPUT_SPECS, InputOf, typeScriptType } from "../provider/core/inputs";

export const README = path.resolve(__dirname, "..", "README.md");

const END = "<!-- end of inputs -->";
const begin = (of: InputOf) => `<!-- inputs: ${of} -->`;

/** A Markdown table cell: pipes escaped, so a union type keeps its column. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** The table of the inputs that users give to `UserPasswordReset` (`reset`) or `UserPasswordResets` (`pool`). */
export function inputsTable(of: InputOf): string {
    const rows = INPUT_SPECS.filter((s) => s.of.includes(of)).map((s) => {
        const type = s.output && !s.plainIn?.includes(of) ? `Input<${typeScriptType(s)}>` : typeScriptType(s);
        const doc = (of === "pool" && s.poolDoc) || s.doc;
        const dflt = s.required ? "(required)" : (s.default ?? "none");
        return `| \`${s.name}\` | \`${cell(type)}\` | ${cell(dflt)} | ${cell(doc)} |`;
    });
    return ["| input | type | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

/** `readme` with each marked table replaced by the generated one. Throws when a marker is missing. */
export function withInputTables(readme: string): string {
    let out = readme;
    for (const of of ["reset", "pool"] as const) {
        const start = out.indexOf(begin(of));
        const end = out.indexOf(END, start);
        if (start < 0 || end < 0) throw new Error(`README.md: the markers '${begin(of)}' ... '${END}' are missing`);
        out = out.slice(0, start) + `${begin(of)}\n${inputsTable(of)}\n` + out.slice(end);
    }
    return out;
}

if (require.main === module) {
    const text = fs.readFileSync(README, "utf8");
    const next = withInputTables(text);
    if (next !== text) fs.writeFileSync(README, next);
    console.log(next === text ? "README.md: input tables up to date" : "README.md: input tables rewritten");
}
