#!/usr/bin/env bash
# deploy/local.sh up and down over a stack that is partly running: a private stack (its own run
# directory and free ports) is started, then Redis is killed under the running services, a service
# is killed, a pid file is made to name an unrelated process, a port is taken by a stranger; after
# each, `up` must complete the stack with exactly one process per service, all SERVING, pid files
# naming the serving processes; `down` must leave no process of the stack, no stranger harmed, and
# the data in place.
#
#   GONGKAI_BUILD_DIR=build tests/deploy/up_down_test.sh    (CTest: label deploy)
#
# The build must be ready: local.sh runs with GONGKAI_SKIP_BUILD=1 and never runs cmake.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="$ROOT/deploy/local.sh"
: "${GONGKAI_BUILD_DIR:?GONGKAI_BUILD_DIR: the build directory whose bin/ is tested}"
export GONGKAI_BUILD_DIR GONGKAI_SKIP_BUILD=1
BIN="$GONGKAI_BUILD_DIR/bin"
SERVICES=(intake routing review reply tracker)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-up-down.XXXXXX")
export GONGKAI_RUN_DIR="$WORK/run"
RUN_DIR="$GONGKAI_RUN_DIR"
STARTED=$SECONDS

# step, fail
# shellcheck source=tests/support/deploy_test_steps.sh
. "$ROOT/tests/support/deploy_test_steps.sh"

# shellcheck source=tests/support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
pick_ports 7
declare -A PORT=([redis]=${PORTS[0]} [intake]=${PORTS[1]} [routing]=${PORTS[2]}
  [review]=${PORTS[3]} [reply]=${PORTS[4]} [tracker]=${PORTS[5]} [console]=${PORTS[6]})
export GONGKAI_REDIS_PORT=${PORT[redis]} GONGKAI_CONSOLE_PORT=${PORT[console]}
for s in "${SERVICES[@]}"; do
  export "GONGKAI_${s^^}_PORT=${PORT[$s]}" "GONGKAI_${s^^}=127.0.0.1:${PORT[$s]}"
done

# An unrelated process, whose pid is written into pid files: nothing may kill it.
sleep 600 &
DECOY=$!
STRANGER_PID=""

# Every process this test could have caused, whatever local.sh does: services with this run
# directory in their command line, redis-servers working in it, the decoy and the stranger.
stack_leftovers() {
  local dir
  # shellcheck disable=SC2001  # a regular expression matching the path literally
  pgrep -f -- "$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$RUN_DIR")" || true
  for dir in /proc/[0-9]*; do
    [ "$dir/cwd" -ef "$RUN_DIR/redis" ] 2>/dev/null && echo "${dir#/proc/}"
  done
  return 0
}
cleanup() {
  local status=$? left
  "$LOCAL" down >"$WORK/cleanup-down.out" 2>&1 || true
  left=$(stack_leftovers)
  # shellcheck disable=SC2086  # a list of pids
  [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
  kill -KILL "$DECOY" ${STRANGER_PID:+"$STRANGER_PID"} 2>/dev/null || true
  wait 2>/dev/null || true
  if [ $status -eq 0 ]; then rm -rf "$WORK"; else echo "kept for inspection: $WORK" >&2; fi
}
trap cleanup EXIT

# run_up NAME: `local.sh up`, its output in $WORK/NAME.out; fails the test if up fails.
run_up() {
  "$LOCAL" up >"$WORK/$1.out" 2>&1 || fail "$1: local.sh up failed"
}

# The pids running SERVICE on this stack's port: a gongkai-SERVICE binary with --listen=…:PORT.
service_processes() {
  local service=$1 pid exe
  for pid in $(pgrep -f -- "--listen=127\.0\.0\.1:${PORT[$service]}( |$)" || true); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    exe=${exe% (deleted)}
    [ "${exe##*/}" = "gongkai-$service" ] && echo "$pid"
  done
  return 0
}
# Every gongkai-SERVICE process of this stack, on whatever port: signed in with its password file.
stack_service_processes() {
  local service=$1 pid exe
  for pid in $(pgrep -f -- "--redis_password_file=$RUN_DIR/redis/service\.password" || true); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    exe=${exe% (deleted)}
    [ "${exe##*/}" = "gongkai-$service" ] && echo "$pid"
  done
  return 0
}
# The redis-server processes of this stack: on its port or working in its directory.
redis_processes() {
  local dir
  for dir in /proc/[0-9]*; do
    [ "$(readlink "$dir/exe" 2>/dev/null)" = "$(readlink -f "$(command -v redis-server)")" ] || continue
    if [ "$dir/cwd" -ef "$RUN_DIR/redis" ] 2>/dev/null ||
      tr '\0' ' ' <"$dir/cmdline" 2>/dev/null | grep -q ":${PORT[redis]}\b"; then
      echo "${dir#/proc/}"
    fi
  done
  return 0
}
listener() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }

# The stack is whole: one process per service, listening on its port, named by its pid file,
# all SERVING; one Redis, named by its pid file, answering.
check_stack() {
  local s pids through_sockets=()
  "$BIN/gongkai" health >"$WORK/health.out" 2>&1 || fail "$1: not every service is SERVING"
  # The same through the services' unix sockets, which the console is given.
  for s in "${SERVICES[@]}"; do through_sockets+=("GONGKAI_${s^^}=unix:$RUN_DIR/sockets/$s.sock"); done
  env "${through_sockets[@]}" "$BIN/gongkai" health >"$WORK/health-sockets.out" 2>&1 ||
    fail "$1: not every service is SERVING on its socket"
  for s in "${SERVICES[@]}"; do
    pids=$(service_processes "$s")
    [ "$(wc -w <<<"$pids")" -eq 1 ] || fail "$1: $s runs as [$pids], not one process"
    [ "$(listener "${PORT[$s]}")" = "$pids" ] || fail "$1: $s's port is held by [$(listener "${PORT[$s]}")], not $pids"
    [ "$(cat "$RUN_DIR/pids/$s.pid")" = "$pids" ] || fail "$1: $s.pid says $(cat "$RUN_DIR/pids/$s.pid"), the service is $pids"
    # Redis's unix socket in the run directory, not its port.
    tr '\0' '\n' <"/proc/$pids/cmdline" | grep -qxF -- "--redis=unix:$RUN_DIR/redis/redis.sock" ||
      fail "$1: $s does not reach Redis by $RUN_DIR/redis/redis.sock"
    tr '\0' '\n' <"/proc/$pids/cmdline" | grep -qxF -- "--listen_socket=$RUN_DIR/sockets/$s.sock" ||
      fail "$1: $s does not serve on $RUN_DIR/sockets/$s.sock"
    [ -S "$RUN_DIR/sockets/$s.sock" ] || fail "$1: $RUN_DIR/sockets/$s.sock is not a socket"
    tr '\0' '\n' <"/proc/$(cat "$RUN_DIR/pids/console.pid")/cmdline" |
      grep -qxF -- "--$s=unix:$RUN_DIR/sockets/$s.sock" ||
      fail "$1: the console does not reach $s by its socket"
    PID[$s]=$pids
  done
  pids=$(redis_processes)
  [ "$(wc -w <<<"$pids")" -eq 1 ] || fail "$1: Redis runs as [$pids], not one process"
  [ "$(listener "${PORT[redis]}")" = "$pids" ] || fail "$1: Redis's port is held by [$(listener "${PORT[redis]}")]"
  [ "$(cat "$RUN_DIR/redis/redis.pid")" = "$pids" ] || fail "$1: redis.pid says $(cat "$RUN_DIR/redis/redis.pid"), Redis is $pids"
  PID[redis]=$pids
  # The console, started afresh by every up, answers on its port.
  curl -fsS "http://127.0.0.1:${PORT[console]}/api/health" >/dev/null ||
    fail "$1: the console does not answer on port ${PORT[console]}"
  [ "$(listener "${PORT[console]}")" = "$(cat "$RUN_DIR/pids/console.pid")" ] ||
    fail "$1: the console's port is held by [$(listener "${PORT[console]}")], not its pid file's"
}
declare -A PID=()
# snapshot: remembers the pids of the last check_stack; assert_kept / assert_restarted WHAT
# NAMES... compare the current ones with them.
snapshot() { declare -gA BEFORE=(); for k in "${!PID[@]}"; do BEFORE[$k]=${PID[$k]}; done; }
assert_kept() {
  local what=$1 k
  shift
  for k in "$@"; do [ "${PID[$k]}" = "${BEFORE[$k]}" ] || fail "$what: $k was restarted (${BEFORE[$k]} -> ${PID[$k]})"; done
}
assert_restarted() {
  local what=$1 k
  shift
  for k in "$@"; do [ "${PID[$k]}" != "${BEFORE[$k]}" ] || fail "$what: $k was not restarted (still ${PID[$k]})"; done
}
wait_gone() {
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
  fail "pid $1 did not die"
}

step "1. up on an empty run directory ($RUN_DIR, ports ${PORTS[*]})"
run_up up1
check_stack "first up"
snapshot

step "2. up again at once: nothing restarted"
run_up up2
check_stack "second up"
assert_kept "second up" redis "${SERVICES[@]}"

step "3. Redis killed (-9) under the running services"
kill -KILL "${PID[redis]}"
wait_gone "${PID[redis]}"
for _ in $(seq 40); do
  [ "$("$BIN/gongkai" --json health 2>/dev/null | jq '[.[]] | any')" = false ] && break
  sleep 0.1
done
[ "$("$BIN/gongkai" --json health 2>/dev/null | jq -c '[.[]] | unique')" = "[false]" ] ||
  fail "with Redis dead, the services should all be NOT_SERVING"
run_up up3
check_stack "up after Redis died"
assert_restarted "up after Redis died" redis
assert_kept "up after Redis died" "${SERVICES[@]}"
grep -q "kept" "$WORK/up3.out" || fail "up after Redis died did not say it kept the services"
snapshot

step "4. routing killed (-9), its pid file naming an unrelated process"
kill -KILL "${PID[routing]}"
wait_gone "${PID[routing]}"
echo "$DECOY" >"$RUN_DIR/pids/routing.pid"
run_up up4
check_stack "up after routing died"
assert_restarted "up after routing died" routing
assert_kept "up after routing died" redis intake review reply tracker
kill -0 "$DECOY" || fail "up killed the unrelated process named by a stale pid file"
snapshot

step "5. tracker's port taken by a stranger while tracker is down"
kill -KILL "${PID[tracker]}"
wait_gone "${PID[tracker]}"
mkdir -p "$WORK/stranger"
redis-server --port "${PORT[tracker]}" --bind 127.0.0.1 --dir "$WORK/stranger" --save "" \
  --appendonly no --daemonize no --logfile "$WORK/stranger/redis.log" &
STRANGER_PID=$!
for _ in $(seq 100); do [ -n "$(listener "${PORT[tracker]}")" ] && break; sleep 0.05; done
if "$LOCAL" up >"$WORK/up5.out" 2>&1; then fail "up succeeded with tracker's port taken by a stranger"; fi
grep -q "port ${PORT[tracker]} (GONGKAI_TRACKER_PORT)" "$WORK/up5.out" ||
  fail "up's refusal does not name port ${PORT[tracker]} and GONGKAI_TRACKER_PORT"
kill -0 "$STRANGER_PID" || fail "up killed the stranger on tracker's port"
[ -z "$(service_processes tracker)" ] || fail "up started a tracker beside the stranger"
kill -TERM "$STRANGER_PID"
wait "$STRANGER_PID" || true
STRANGER_PID=""
run_up up5b
check_stack "up after the stranger left"
assert_restarted "up after the stranger left" tracker
assert_kept "up after the stranger left" redis intake routing review reply
snapshot

step "6. a second copy of a service: refused on its port; a stray one elsewhere is ended by up"
mapfile -d '' -t ROUTING_ARGS <"/proc/${PID[routing]}/cmdline"
# On the same port: the copy cannot bind (SO_REUSEPORT is off) and exits; the first serves on.
set +e
timeout 20 "${ROUTING_ARGS[@]}" >>"$WORK/second-routing.log" 2>&1
second_status=$?
set -e
[ "$second_status" -ne 0 ] && [ "$second_status" -ne 124 ] ||
  fail "a second routing on the same port did not fail to start (status $second_status)"
grep -q "event=listen_failed" "$WORK/second-routing.log" || fail "the second routing did not say why it stopped"
[ "$(service_processes routing | wc -w)" -eq 1 ] || fail "two routings after the refused copy"
# A stray copy of this stack's routing on another port (as a hand-started one would be).
STRAY_ARGS=()
for arg in "${ROUTING_ARGS[@]}"; do
  case "$arg" in --listen=*) STRAY_ARGS+=(--listen=127.0.0.1:0) ;; *) STRAY_ARGS+=("$arg") ;; esac
done
"${STRAY_ARGS[@]}" >>"$WORK/stray-routing.log" 2>&1 &
for _ in $(seq 50); do [ "$(stack_service_processes routing | wc -w)" -ge 2 ] && break; sleep 0.1; done
[ "$(stack_service_processes routing | wc -w)" -ge 2 ] || fail "could not start a stray routing"
run_up up6
check_stack "up over two routings"
[ "$(stack_service_processes routing | wc -w)" -eq 1 ] || fail "up left a stray routing running"
assert_restarted "up over two routings" routing
assert_kept "up over two routings" redis intake review reply tracker

step "7. down, with stale pid files (an unrelated pid for intake and Redis, none for review)"
echo "$DECOY" >"$RUN_DIR/pids/intake.pid"
echo "$DECOY" >"$RUN_DIR/redis/redis.pid"
rm -f "$RUN_DIR/pids/review.pid"
"$LOCAL" down >"$WORK/down.out" 2>&1 || fail "down failed"
for s in "${SERVICES[@]}"; do
  [ -z "$(service_processes "$s")" ] || fail "down left $s running: $(service_processes "$s")"
done
[ -z "$(redis_processes)" ] || fail "down left Redis running: $(redis_processes)"
for p in "${PORTS[@]}"; do [ -z "$(ss -Hltn "sport = :$p")" ] || fail "port $p still listened on after down"; done
[ -z "$(stack_leftovers)" ] || fail "down left processes of the stack: $(stack_leftovers)"
kill -0 "$DECOY" || fail "down killed the unrelated process named by a stale pid file"
aof=$(find "$RUN_DIR/redis" -name '*.aof*' -size +0 | head -1)
[ -n "$aof" ] || fail "the AOF is gone after down"
if [ -e "$RUN_DIR/pids/intake.pid" ] || [ -e "$RUN_DIR/redis/redis.pid" ]; then fail "down left pid files"; fi
"$LOCAL" down >"$WORK/down2.out" 2>&1 || fail "down on a stopped stack failed"

step "passed in $((SECONDS - STARTED)) s"
