#!/usr/bin/env bash
# The web console's browser tests: starts a private stack (its own run directory, seven free
# ports) with deploy/local.sh, runs the tests in headless Chromium against it with Node's own
# test runner, and always stops that stack again.
#
#   GONGKAI_BUILD_DIR=build tests/browser/run.sh [test files...]
#
# Needs: the build's binaries (local.sh runs with GONGKAI_SKIP_BUILD=1 and never builds),
# node >= 18, tests/browser/node_modules (`npm ci` in tests/browser), and Chromium
# (/usr/bin/chromium, or GONGKAI_CHROMIUM=<path>).
# Screenshots and the receipt's PDF go to ${GONGKAI_SCREENSHOT_DIR:-<build dir>/console-screenshots}.
# The run directory (logs, accounts) is kept when a test fails, removed when all pass
# (GONGKAI_KEEP_RUN_DIR=1 keeps it always).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOCAL="$ROOT/deploy/local.sh"

fail() {
  echo "tests/browser/run.sh: $*" >&2
  exit 1
}

command -v node >/dev/null || fail "node is not installed (Debian: apt-get install nodejs npm)"
[ -f "$HERE/node_modules/playwright-core/package.json" ] ||
  fail "tests/browser/node_modules is missing: run \`npm ci\` in $HERE first"
CHROMIUM="${GONGKAI_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || fail "Chromium not found at $CHROMIUM (apt-get install chromium, or set GONGKAI_CHROMIUM)"

BUILD_DIR="${GONGKAI_BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
[ -x "$BUILD_DIR/bin/gongkai-console" ] || fail "$BUILD_DIR/bin/gongkai-console is missing: build first (GONGKAI_BUILD_DIR names the build)"
SHOTS="${GONGKAI_SCREENSHOT_DIR:-$BUILD_DIR/console-screenshots}"
case "$SHOTS" in /*) ;; *) SHOTS="$PWD/$SHOTS" ;; esac
mkdir -p "$SHOTS"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-browser.XXXXXX")
RUN_DIR="$WORK/run"

# shellcheck source=tests/support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
pick_ports 7

# Everything local.sh needs to find this stack, for `up` and for `down`.
STACK_ENV=(
  GONGKAI_RUN_DIR="$RUN_DIR" GONGKAI_SKIP_BUILD=1 GONGKAI_BUILD_DIR="$BUILD_DIR"
  GONGKAI_REDIS_PORT="${PORTS[0]}" GONGKAI_INTAKE_PORT="${PORTS[1]}"
  GONGKAI_ROUTING_PORT="${PORTS[2]}" GONGKAI_REVIEW_PORT="${PORTS[3]}"
  GONGKAI_REPLY_PORT="${PORTS[4]}" GONGKAI_TRACKER_PORT="${PORTS[5]}"
  GONGKAI_CONSOLE_PORT="${PORTS[6]}"
)

# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  local status=$?
  if ! env "${STACK_ENV[@]}" "$LOCAL" down >"$WORK/down.out" 2>&1; then
    echo "tests/browser/run.sh: deploy/local.sh down failed:" >&2
    tail -20 "$WORK/down.out" >&2
    [ "$status" -ne 0 ] || status=1
  fi
  if [ "$status" -eq 0 ] && [ "${GONGKAI_KEEP_RUN_DIR:-0}" != 1 ]; then
    rm -rf "$WORK"
  else
    echo "tests/browser/run.sh: the stack's logs and accounts are kept in $RUN_DIR" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== starting a private stack in $RUN_DIR (console port ${PORTS[6]})"
if ! env "${STACK_ENV[@]}" "$LOCAL" up >"$WORK/up.out" 2>&1; then
  echo "tests/browser/run.sh: deploy/local.sh up failed:" >&2
  tail -30 "$WORK/up.out" >&2
  for f in "$RUN_DIR"/logs/*.log; do
    [ -f "$f" ] && { echo "--- $f (tail)" >&2; tail -10 "$f" >&2; }
  done
  exit 1
fi

ACCOUNTS="$RUN_DIR/accounts.txt"
[ -s "$ACCOUNTS" ] || fail "$ACCOUNTS is missing or empty"
for user in admin chuangkou01 diaodu01 baomi01 zhuren01 manager01 gongkai01 czj-officer jyj-officer; do
  grep -q "^$user " "$ACCOUNTS" || fail "$ACCOUNTS has no account $user"
done

if [ $# -gt 0 ]; then
  TESTS=("$@")
else
  TESTS=("$HERE"/*.test.mjs)
fi

echo "== running ${#TESTS[@]} test file(s) against http://127.0.0.1:${PORTS[6]}/; screenshots in $SHOTS"
set +e
# One file at a time: the files share the stack, and each signs in its own people.
GONGKAI_CONSOLE_URL="http://127.0.0.1:${PORTS[6]}/" \
  GONGKAI_ACCOUNTS="$ACCOUNTS" \
  GONGKAI_SCREENSHOT_DIR="$SHOTS" \
  GONGKAI_CHROMIUM="$CHROMIUM" \
  node --test --test-concurrency=1 "${TESTS[@]}"
STATUS=$?
set -e
if [ "$STATUS" -ne 0 ]; then
  echo "tests/browser/run.sh: tests failed (exit $STATUS); console log: $RUN_DIR/logs/console.log" >&2
fi
exit "$STATUS"
