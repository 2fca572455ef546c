#!/usr/bin/env bash
# deploy/systemd: what can be checked of the unit files without a running systemd.
#   1. `systemd-analyze verify` of every unit (copy 1 and 2 of each template), with the
#      executables pointed at this build and deploy/backup.sh, prints nothing: every section,
#      key and value is one systemd knows, and the commands exist.
#   2. Every ${VARIABLE} a unit reads is set in deploy/systemd/gongkai.env, for both copies.
#   3. Every --flag on a service's command line is a flag that binary accepts (its --helpfull).
#
#   GONGKAI_BUILD_DIR=build tests/deploy/systemd_units_test.sh    (CTest: label deploy)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
UNITS="$ROOT/deploy/systemd"
BUILD_DIR="${GONGKAI_BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
BIN="$BUILD_DIR/bin"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-systemd-test.XXXXXX")
RUN_DIR="$WORK"  # no stack: deploy_test_steps.sh shows $WORK/*.out on failure
STARTED=$SECONDS
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=../support/deploy_test_steps.sh
source "$ROOT/tests/support/deploy_test_steps.sh"

command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (Debian: apt-get install systemd)"
SERVICES=(intake routing review reply tracker console)
for service in "${SERVICES[@]}"; do
  [ -x "$BIN/gongkai-$service" ] || fail "$BIN/gongkai-$service is missing: build first"
done

step "systemd-analyze verify, copies 1 and 2 of each service"
mkdir -p "$WORK/units"
for unit in "$UNITS"/*.service "$UNITS"/*.timer "$UNITS"/*.target; do
  sed -e "s|/usr/local/bin/gongkai-|$BIN/gongkai-|g" \
    -e "s|/usr/local/sbin/gongkai-backup|$ROOT/deploy/backup.sh|g" \
    "$unit" >"$WORK/units/$(basename "$unit")"
done
verified=()
for service in "${SERVICES[@]}"; do
  for copy in 1 2; do
    ln -s "gongkai-$service@.service" "$WORK/units/gongkai-$service@$copy.service"
    verified+=("$WORK/units/gongkai-$service@$copy.service")
  done
done
verified+=("$WORK/units/gongkai-backup.service" "$WORK/units/gongkai-backup.timer"
  "$WORK/units/gongkai.target")
(cd "$WORK/units" && systemd-analyze verify --man=no "${verified[@]}") >"$WORK/verify.out" 2>&1 ||
  fail "systemd-analyze verify failed"
[ ! -s "$WORK/verify.out" ] || fail "systemd-analyze verify found problems"
echo "   ${#verified[@]} units verified"

step "every variable a unit reads is set in gongkai.env"
# VAR=value lines; systemd's EnvironmentFile takes no shell expansion, so a plain read is right.
declare -A defined=()
while IFS='=' read -r name _; do
  [[ "$name" =~ ^[A-Z_][A-Z0-9_]*$ ]] && defined[$name]=1
done <"$UNITS/gongkai.env"
checked=0
for unit in "$UNITS"/*.service; do
  for copy in 1 2; do
    # ${NAME} and $NAME, with the instance (%i) filled in.
    while read -r name; do
      checked=$((checked + 1))
      [ -n "${defined[$name]:-}" ] || fail "$(basename "$unit") (copy $copy) reads \$$name, which gongkai.env does not set"
    done < <(sed "s/%i/$copy/g" "$unit" | grep -v '^#' |
      grep -oE '\$\{[A-Z_][A-Z0-9_]*\}|\$[A-Z_][A-Z0-9_]*' | tr -d '${}' | sort -u)
  done
done
[ "$checked" -gt 0 ] || fail "no variable found in the units: the check read nothing"
echo "   $checked references found in gongkai.env"

step "every flag on a service's command line is one its binary accepts"
flags=0
for service in "${SERVICES[@]}"; do
  "$BIN/gongkai-$service" --helpfull >"$WORK/help-$service.out" 2>&1 || true
  # The ExecStart= line and its continuation lines.
  while read -r flag; do
    flags=$((flags + 1))
    grep -qE -- "^ +$flag( |$)" "$WORK/help-$service.out" ||
      fail "gongkai-$service@.service passes $flag, which gongkai-$service does not know"
  done < <(awk '/^ExecStart=/{on=1} on{print} on && !/\\$/{on=0}' "$UNITS/gongkai-$service@.service" |
    grep -oE -- '--[a-z0-9_]+' | sort -u)
done
[ "$flags" -gt 0 ] || fail "no flag found on the units' command lines: the check read nothing"
echo "   $flags flags known to their binaries"
step "OK"
