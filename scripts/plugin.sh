#!/usr/bin/env bash
# Builds the provider plugin's tarball (`npm run plugin [-- OUTDIR]`, default
# dist-plugin/): the executable (plugin/pulumi-resource-cognito-password-reset),
# the built code it runs (dist/core, dist/host, dist/plugin), package.json,
# and its production dependencies (the AWS SDK's Cognito and STS clients, its
# credential providers and @pulumi/pulumi, at the versions this repository is tested with), installed
# from the npm registry. Install it with
#   pulumi plugin install resource cognito-password-reset <version> --file <tarball>
# The plugin is JavaScript: one tarball serves every OS and architecture that
# has Node.js 22+, so the same file is written under the name of each platform
# that `pluginDownloadURL` asks for. Prints the tarballs' paths.
# PLUGIN_PREBUILT=1 uses dist/ as it is, without `npm run build` (the tests
# build once before any test, and other tests read dist/ while this runs).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-dist-plugin}" && cd "${1:-dist-plugin}" && pwd)
version=$(node -p 'require("./package.json").version')
# In a release, package.json names the repository: the plugin's schema follows it (the Go module, the download URL).
repository=$(node -p 'JSON.stringify(require("./package.json").repository ?? null)')
installed() { node -p "require('./node_modules/$1/package.json').version"; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

[ -n "${PLUGIN_PREBUILT:-}" ] || npm run --silent build >&2
mkdir -p "$stage/dist"
cp -r dist/core dist/host dist/plugin "$stage/dist/"
find "$stage/dist" -name '*.d.ts' -delete
cp plugin/pulumi-resource-cognito-password-reset LICENSE "$stage/"
cat > "$stage/package.json" <<JSON
{
  "name": "pulumi-resource-cognito-password-reset",
  "version": "$version",
  "description": "The cognito-password-reset Pulumi provider plugin",
  "license": "Apache-2.0",
  "private": true,
  "repository": $repository,
  "dependencies": {
    "@aws-sdk/client-cognito-identity-provider": "$(installed @aws-sdk/client-cognito-identity-provider)",
    "@aws-sdk/client-sts": "$(installed @aws-sdk/client-sts)",
    "@aws-sdk/credential-providers": "$(installed @aws-sdk/credential-providers)",
    "@pulumi/pulumi": "$(installed @pulumi/pulumi)"
  }
}
JSON
(cd "$stage" && npm install --omit=dev --omit=optional --no-audit --no-fund --ignore-scripts --no-package-lock --loglevel=error >&2)
base=pulumi-resource-cognito-password-reset-v$version
tar -czf "$out/$base-linux-amd64.tar.gz" -C "$stage" .
for platform in linux-arm64 darwin-amd64 darwin-arm64; do cp "$out/$base-linux-amd64.tar.gz" "$out/$base-$platform.tar.gz"; done
ls "$out"/$base-*.tar.gz
