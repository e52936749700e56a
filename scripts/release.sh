#!/usr/bin/env bash
# Builds everything a release publishes, from a version tag
# (`npm run release -- OWNER/NAME vX.Y.Z`, as .github/workflows/release.yml
# runs it with github.repository and the tag):
#   - sets package.json's `repository` to https://github.com/OWNER/NAME, which
#     npm's provenance needs, and writes the plugin's schema again: the Go
#     module becomes github.com/OWNER/NAME/sdk/go and the plugin's download
#     URL the repository's releases;
#   - dist-release/: the npm package (npm pack), the plugin's tarballs
#     (plugin/), the Node.js SDK built and packed (sdk-nodejs/), the Python
#     SDK's wheel (python/), and the release notes (notes.md, the
#     CHANGELOG's section for the version);
#   - sdk/: the generated SDKs (the Go SDK is tagged from there).
# Stops, naming both, when the tag is not v<package.json's version>, and when
# the CHANGELOG has no section for that version. Nothing is published here.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "release: $1" >&2; exit 1; }
[ $# -eq 2 ] || fail "usage: npm run release -- OWNER/NAME vX.Y.Z"
repository=$1
tag=$2
version=$(node -p 'require("./package.json").version')
[ "$tag" = "v$version" ] || fail "the tag '$tag' is not the package's version: package.json says $version, so tag v$version"
[[ "$repository" =~ ^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$ ]] ||
  fail "expected the repository as OWNER/NAME (github.repository), got '$repository'"
out=dist-release
rm -rf "$out" && mkdir -p "$out/plugin" "$out/sdk-nodejs" "$out/python"

# The release notes: the CHANGELOG's section "## <version>", up to the next section.
awk -v v="## $version" '$0 == v { on = 1; next } /^## / { on = 0 } on' CHANGELOG.md > "$out/notes.md"
grep -q '[^[:space:]]' "$out/notes.md" || fail "CHANGELOG.md has no section '## $version': add one before tagging"

npm pkg set repository.type=git "repository.url=git+https://github.com/$repository.git"
npm run --silent schema
scripts/plugin.sh "$out/plugin" > /dev/null
npm pack --silent --pack-destination "$out" > /dev/null

scripts/sdks.sh sdk > /dev/null
# The SDKs carry the schema's repository (sdk/nodejs/package.json's `repository`).
(cd sdk/nodejs &&
  npm install --no-audit --no-fund --loglevel=error > /dev/null && npm run --silent build && cp package.json ../../LICENSE bin/)
npm pack --silent ./sdk/nodejs/bin --pack-destination "$out/sdk-nodejs" > /dev/null
python3 -m pip wheel --quiet --no-deps --wheel-dir "$out/python" ./sdk/python
ls -R "$out"
