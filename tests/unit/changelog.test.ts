/**
 * Unit tier: CHANGELOG.md, whose sections are a release's notes
 * (scripts/release.sh takes the section of the tagged version).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
const headings = fs
    .readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("## "))
    .map((l) => l.slice(3));

describe("CHANGELOG.md", () => {
    it("GIVEN its sections WHEN read THEN 'Unreleased' comes first, then one section per version, newest first", () => {
        assert.equal(headings[0], "Unreleased");
        const versions = headings.slice(1);
        for (const v of versions) assert.match(v, /^\d+\.\d+\.\d+$/, `a section named '${v}'`);
        assert.equal(new Set(versions).size, versions.length, `a version with two sections: ${versions.join(", ")}`);
        const key = (v: string) => v.split(".").map(Number);
        const newestFirst = [...versions].sort((a, b) => {
            const [x, y] = [key(a), key(b)];
            return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
        });
        assert.deepEqual(versions, newestFirst);
    });

    it("GIVEN package.json's version WHEN a tag of it is released THEN the CHANGELOG has its section", () => {
        assert.ok(headings.includes(VERSION), `no section '## ${VERSION}'`);
    });
});
