#!/usr/bin/env bash
# Generates the provider plugin's SDKs for Node.js, Python and Go from its
# package schema (plugin/schema.json), with Pulumi's own code generators (the
# toolchain's pulumi-cognito-password-reset-sdkgen):
#   npm run sdks [-- OUTDIR]          (default sdk/: OUTDIR/nodejs, OUTDIR/python, OUTDIR/go)
# The Go SDK's module is pulumi-cognito-password-reset/sdk/go; point a program's
# go.mod at OUTDIR/go with a replace directive (see examples/go). .NET and Java
# SDKs are not generated here: their generators are not in the Go module proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-sdk}
for language in nodejs python go; do
  rm -rf "${out:?}/$language"
  pulumi-cognito-password-reset-sdkgen plugin/schema.json "$language" "$out/$language"
done
echo "$out"
