# shellcheck shell=bash
# What the deploy tests share: a timed step heading, and a failure that shows the tail of each
# command's output ($WORK/*.out) and of the stack's logs ($RUN_DIR/logs) before it exits.
# The sourcing test sets WORK, RUN_DIR and STARTED (=$SECONDS) first.

step() { echo "== [$((SECONDS - STARTED))s] $*"; }
fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/*.out "$RUN_DIR"/logs/*.log; do
    [ -f "$f" ] && { echo "--- $f (tail)" >&2; tail -20 "$f" >&2; }
  done
  exit 1
}
