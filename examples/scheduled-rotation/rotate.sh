#!/usr/bin/env bash
# The nightly recipe's two steps, called by both pipelines
# (.github/workflows/rotate-passwords.yml and .gitlab-ci.yml), from the folder
# of the Pulumi program:
#
#   ./rotate.sh preview   pins this run's instant, previews at it, and saves the
#                         plan (plan.json) and the instant (plan-instant.txt)
#   ./rotate.sh up        applies plan.json at the instant of plan-instant.txt
#
# Carry both files from the preview job to the up job. A plan holds what the
# preview decided: which users are due. Those decisions depend on the clock
# (a staggered user falls due at its own boundary), so the up must decide at
# the preview's instant, or a boundary that passes between the two jobs makes
# the up reset a user the preview did not name. A user whose
# boundary passes in between is reset the next night. The up refuses an
# instant over 6 hours old (a job re-run a day later): run the whole pipeline
# again instead.
#
# Environment: STACK (the stack's name). PULUMI_COGNITO_PASSWORD_RESET_NOW,
# when set, stands for the wall clock (a rehearsal of another date).
set -euo pipefail

: "${STACK:?set STACK to the name of the stack}"
plan=plan.json
instant_file=plan-instant.txt

case "${1:-}" in
  preview)
    instant=${PULUMI_COGNITO_PASSWORD_RESET_NOW:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
    echo "$instant" > "$instant_file"
    echo "rotate: previewing stack $STACK at $instant"
    PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT=$instant \
      pulumi preview --stack "$STACK" --non-interactive --diff --save-plan "$plan"
    ;;
  up)
    if [ ! -s "$plan" ] || [ ! -s "$instant_file" ]; then
      echo "rotate: $plan and $instant_file from the preview job are needed here" >&2
      exit 2
    fi
    instant=$(cat "$instant_file")
    echo "rotate: applying the plan of stack $STACK at its preview's instant, $instant"
    PULUMI_COGNITO_PASSWORD_RESET_PLANNED_AT=$instant \
      pulumi up --stack "$STACK" --non-interactive --yes --plan "$plan"
    ;;
  *)
    echo "usage: STACK=<stack> $0 preview|up" >&2
    exit 2
    ;;
esac
