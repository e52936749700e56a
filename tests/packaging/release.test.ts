/**
 * Packaging tier: what a release publishes, as .github/workflows/release.yml
 * builds it (`npm run release -- OWNER/NAME vX.Y.Z`), run on a copy of this
 * checkout for a made-up repository. Nothing is published: the test reads the
 * artifacts the publishing jobs would send.
 *
 * | run                                     | expected                                                    |
 * |-----------------------------------------|-------------------------------------------------------------|
 * | a tag that is not package.json's version | fails naming both, builds nothing                          |
 * | the version's tag                       | every artifact at that version, naming the repository:      |
 * |                                         | npm package (repository), plugin tarballs (4 platforms),    |
 * |                                         | schema (Go module, download URL), SDKs, notes = CHANGELOG's |
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "../support/engine";

const REPOSITORY = "acme-org/cognito-password-reset";
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;

/** The files of this checkout that git would commit (tracked and new), copied to `dir`, with its node_modules linked. */
function copyCheckout(dir: string): void {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
        cwd: REPO,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(REPO, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
        fs.chmodSync(path.join(dir, f), fs.statSync(path.join(REPO, f)).mode);
    }
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** A file of a gzipped tarball, as text. */
function fromTarball(tarball: string, file: string): string {
    return execFileSync("tar", ["-xzOf", tarball, file], { encoding: "utf8" });
}

describe("packaging: a release's artifacts", function () {
    this.timeout(600_000);
    let dir: string;
    const release = (tag: string) =>
        spawnSync(path.join(dir, "scripts", "release.sh"), [REPOSITORY, tag], { cwd: dir, encoding: "utf8" });

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcpr-release-"));
        copyCheckout(dir);
    });
    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("GIVEN a tag that is not the package's version WHEN released THEN it fails naming both, and builds nothing", () => {
        const r = release("v99.0.0");
        assert.equal(r.status, 1);
        assert.match(
            r.stderr,
            new RegExp(`the tag 'v99\\.0\\.0' is not the package's version: package.json says ${VERSION}`),
        );
        assert.equal(fs.existsSync(path.join(dir, "dist-release")), false);
    });

    it("GIVEN the version's tag WHEN released THEN every artifact has the version and names the repository, and the notes are the CHANGELOG's section", () => {
        const r = release(`v${VERSION}`);
        assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
        const out = path.join(dir, "dist-release");
        const url = `https://github.com/${REPOSITORY}`;

        const pkg = JSON.parse(
            fromTarball(path.join(out, `pulumi-cognito-password-reset-${VERSION}.tgz`), "package/package.json"),
        );
        assert.equal(pkg.version, VERSION);
        assert.equal(pkg.repository.url, `git+${url}.git`, "npm's provenance needs the repository");

        const platforms = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64"];
        for (const p of platforms) {
            const tarball = path.join(out, "plugin", `pulumi-resource-cognito-password-reset-v${VERSION}-${p}.tar.gz`);
            assert.ok(fs.existsSync(tarball), `no plugin tarball for ${p}`);
        }
        const plugin = JSON.parse(
            fromTarball(
                path.join(out, "plugin", `pulumi-resource-cognito-password-reset-v${VERSION}-linux-amd64.tar.gz`),
                "./package.json",
            ),
        );
        assert.equal(plugin.version, VERSION);
        assert.equal(plugin.repository.url, `git+${url}.git`, "the plugin serves the schema of the release");

        const schema = JSON.parse(fs.readFileSync(path.join(dir, "plugin", "schema.json"), "utf8"));
        assert.equal(schema.version, VERSION);
        assert.equal(schema.repository, url);
        assert.equal(schema.pluginDownloadURL, `github://api.github.com/${REPOSITORY}`);

        assert.match(
            fs.readFileSync(path.join(dir, "sdk", "go", "go.mod"), "utf8"),
            new RegExp(`^module github\\.com/${REPOSITORY}/sdk/go$`, "m"),
        );
        const nodeSdk = JSON.parse(
            fromTarball(
                path.join(out, "sdk-nodejs", `pulumi-cognito-password-reset-sdk-${VERSION}.tgz`),
                "package/package.json",
            ),
        );
        assert.equal(nodeSdk.version, VERSION);
        assert.equal(nodeSdk.pulumi.version, VERSION);
        assert.equal(nodeSdk.repository, url);
        assert.ok(
            fs.existsSync(path.join(out, "python", `pulumi_cognito_password_reset-${VERSION}-py3-none-any.whl`)),
            "no wheel",
        );

        const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
        const notes = fs.readFileSync(path.join(out, "notes.md"), "utf8").trim();
        assert.ok(notes.length > 0);
        assert.ok(changelog.includes(`## ${VERSION}\n\n${notes}`), "the notes are the version's section");
        assert.ok(!notes.includes("\n## "), "the notes stop at the next section");
    });
});
