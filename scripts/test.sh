#!/usr/bin/env bash
# The test command (`npm test`): build the package, type-check everything
# (package, tests, examples, demo, bench), lint (ESLint with type-aware rules)
# and check the format (Prettier), build the API reference (TypeDoc, warnings
# fail), then run every test tier with mocha. Ends with the line
# "tests: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
fail_early() { echo "$1" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
npm run --silent build || fail_early "build failed"
# The type check, the lint and the API reference only read the sources: they
# run side by side, each into a log of its own, printed in order.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
npx tsc -p tsconfig.json --noEmit > "$logs/types" 2>&1 & types=$!
npm run --silent lint > "$logs/lint" 2>&1 & lint=$!
npm run --silent docs -- --logLevel Warn > "$logs/docs" 2>&1 & docs=$!
wait "$types"; types=$?
wait "$lint"; lint=$?
wait "$docs"; docs=$?
cat "$logs/types" "$logs/lint" "$logs/docs"
[ "$types" -eq 0 ] || fail_early "type check failed"
[ "$lint" -eq 0 ] || fail_early "lint or format check failed (npm run format fixes the format)"
[ "$docs" -eq 0 ] || fail_early "API reference failed: TypeDoc warnings are errors (npm run docs shows them)"
# With no arguments every tier runs; give files (e.g. tests/unit/*.test.ts) to run fewer.
# Mocha runs the files in two parallel workers (.mocharc.json). The files that
# run alone (their suite calls runAlone, tests/support/hooks.ts) go first: the
# other worker then waits for them at the start, and not for whichever long
# file it happens to be running when their turn comes.
if [ $# -eq 0 ]; then
  alone=$(grep -rl --include='*.test.ts' --exclude-dir=node_modules 'runAlone(this)' tests | sort)
  # shellcheck disable=SC2046 # one path a word: test file names have no spaces
  set -- $alone $(find tests -name node_modules -prune -o -name '*.test.ts' -print | sort | grep -vxF "$alone")
fi
npx mocha "$@"
