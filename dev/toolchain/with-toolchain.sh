#!/usr/bin/env bash
# Runs a command with the toolchain (Node.js 22+, Pulumi CLI, moto) first on PATH,
# setting it up first when needed (see dev/toolchain/toolchain.sh).
set -euo pipefail
env_file=$("$(dirname "$0")/toolchain.sh")
# shellcheck disable=SC1090
. "$env_file"
exec "$@"
