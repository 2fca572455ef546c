#!/usr/bin/env bash
# deploy/local.sh up --cluster on a private run directory and private ports: a Redis Cluster of six
# nodes and two copies of each of the five services, one console; the CLI, given both intake
# copies as one address list, registers a request, goes on registering (the next number) after
# the first intake copy is killed, and the first request reaches a department's queue (routed by
# either routing copy). `down` then leaves no service, console or node of the run directory.
#
#   GONGKAI_BUILD_DIR=build tests/deploy/cluster_up_test.sh    (CTest: labels deploy, cluster)
#
# The build must be ready: local.sh runs with GONGKAI_SKIP_BUILD=1 and never runs cmake.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="$ROOT/deploy/local.sh"
: "${GONGKAI_BUILD_DIR:?GONGKAI_BUILD_DIR: the build directory whose bin/ is tested}"
export GONGKAI_BUILD_DIR GONGKAI_SKIP_BUILD=1
BIN="$GONGKAI_BUILD_DIR/bin"
SERVICES=(intake routing review reply tracker)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cluster-up.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
export GONGKAI_RUN_DIR="$WORK/run"
RUN_DIR="$GONGKAI_RUN_DIR"
STARTED=$SECONDS

# step, fail
# shellcheck source=tests/support/deploy_test_steps.sh
. "$ROOT/tests/support/deploy_test_steps.sh"

# --- Ports -----------------------------------------------------------------------------------------

# Below the kernel's ephemeral range (which starts at 32768 here, or wherever it is set), so that
# no outgoing connection takes one meanwhile; each probed free.
read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range
PORT_CEILING=$((EPHEMERAL_LOW < 32768 ? EPHEMERAL_LOW : 32768))
free_port() { [ -z "$(ss -Htan "sport = :$1")" ]; }
# pick_base SPAN OFFSETS...: a random base from 10000 up such that base+SPAN stays below the
# ceiling and base+each offset is free.
pick_base() {
  local span=$1 base offset tries=0 ok
  shift
  while true; do
    [ $((tries += 1)) -lt 500 ] || fail "no free ports found below $PORT_CEILING"
    base=$((10000 + RANDOM % (PORT_CEILING - 10000 - span)))
    ok=1
    for offset in "$@"; do free_port $((base + offset)) || { ok=0; break; }; done
    [ "$ok" = 1 ] && { echo "$base"; return 0; }
  done
}
# The services' first copies on base..base+4, their second copies GONGKAI_SECOND_COPY_OFFSET
# (20 here, not the default, to see it followed) above, the console on base+40.
COPY_OFFSET=20
SERVICE_BASE=$(pick_base 41 0 1 2 3 4 20 21 22 23 24 40)
# The cluster: six nodes from its base, their bus ports 10000 above; none among the services'.
while true; do
  CLUSTER_PORT=$(pick_base 10006 0 1 2 3 4 5 10000 10001 10002 10003 10004 10005)
  overlap=0
  for p in $(seq "$CLUSTER_PORT" $((CLUSTER_PORT + 5))) $(seq $((CLUSTER_PORT + 10000)) $((CLUSTER_PORT + 10005))); do
    [ "$p" -lt "$SERVICE_BASE" ] || [ "$p" -gt $((SERVICE_BASE + 41)) ] || overlap=1
  done
  [ "$overlap" = 1 ] || break
done
declare -A PORT=()
for i in "${!SERVICES[@]}"; do
  PORT[${SERVICES[$i]}]=$((SERVICE_BASE + i))
  export "GONGKAI_${SERVICES[$i]^^}_PORT=${PORT[${SERVICES[$i]}]}"
done
PORT[console]=$((SERVICE_BASE + 40))
export GONGKAI_CONSOLE_PORT=${PORT[console]} GONGKAI_SECOND_COPY_OFFSET=$COPY_OFFSET
export GONGKAI_CLUSTER_PORT=$CLUSTER_PORT
# The single-node Redis is never started by this test; its port is moved off the default anyway.
export GONGKAI_REDIS_PORT=$((SERVICE_BASE + 41))
unset GONGKAI_CLUSTER_DIR GONGKAI_CLUSTER_PASSWORDS

# --- What runs -------------------------------------------------------------------------------------

alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}
# The live redis-servers working in the run directory (the cluster's node directories or any
# other), found without the scripts. Debian installs redis-server as a link to one binary with
# other names (redis-check-rdb): the binary and the first word of the title tell a server.
REDIS_BINARY=$(readlink -f "$(command -v redis-server)")
redis_processes() {
  local proc title
  for proc in /proc/[0-9]*; do
    case "$(readlink "$proc/cwd" 2>/dev/null)" in
      "$RUN_DIR"/*) ;;
      *) continue ;;
    esac
    [ "$proc/exe" -ef "$REDIS_BINARY" ] 2>/dev/null || continue
    title=$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null) || continue
    title=${title%% *}
    [ "${title##*/}" = redis-server ] && alive "${proc#/proc/}" && echo "${proc#/proc/}"
  done
  return 0
}
# Every gongkai-* process naming the run directory in its command line (services, console).
gongkai_processes() {
  local pid exe
  # shellcheck disable=SC2001  # a regular expression matching the path literally
  for pid in $(pgrep -f -- "$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$RUN_DIR")" || true); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    exe=${exe% (deleted)}
    [[ "${exe##*/}" == gongkai* ]] && alive "$pid" && echo "$pid"
  done
  return 0
}
# The pids of gongkai-NAME processes of the run directory, one a line.
processes_of() {
  local pid exe
  for pid in $(gongkai_processes); do
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    exe=${exe% (deleted)}
    [ "${exe##*/}" = "gongkai-$1" ] && echo "$pid"
  done
  return 0
}
listener() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }
# has_arg PID ARG: the process was started with ARG.
has_arg() { tr '\0' '\n' <"/proc/$1/cmdline" | grep -qxF -- "$2"; }

cleanup() {
  local status=$? left
  timeout 180 "$LOCAL" down >"$WORK/cleanup-down.out" 2>&1 || true
  left=$(gongkai_processes)
  # shellcheck disable=SC2086  # a list of pids
  [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
  left=$(redis_processes)
  # A node is never killed: SIGTERM writes its AOF and ends it.
  # shellcheck disable=SC2086
  [ -z "$left" ] || { kill -TERM $left 2>/dev/null || true; sleep 2; }
  if [ $status -eq 0 ]; then rm -rf "$WORK"; else echo "kept for inspection: $WORK" >&2; fi
}
trap cleanup EXIT

# --- The test ----------------------------------------------------------------------------------------

step "1. up --cluster ($RUN_DIR; services ${PORT[intake]}-${PORT[tracker]} and +$COPY_OFFSET," \
  "console ${PORT[console]}, cluster $CLUSTER_PORT)"
"$LOCAL" up --cluster >"$WORK/up.out" 2>"$WORK/up.err" || fail "local.sh up --cluster failed"
cp "$WORK/up.err" "$WORK/up-log.out"
SEED=$(tail -1 "$WORK/up.out")
[ "$SEED" = "127.0.0.1:$CLUSTER_PORT" ] || fail "up's last line is [$SEED], not the seed 127.0.0.1:$CLUSTER_PORT"
grep -q "seed.*127.0.0.1:$CLUSTER_PORT" "$WORK/up.err" || fail "up does not print the cluster's seed"
grep -q "http://127.0.0.1:${PORT[console]}/" "$WORK/up.err" || fail "up does not print the console's address"
grep -q "chuangkou01" "$WORK/up.err" || fail "up does not print the accounts"

step "2. six nodes, two copies of every service, one console"
nodes=$(redis_processes)
[ "$(wc -w <<<"$nodes")" -eq 6 ] || fail "the run directory has [$nodes] redis-servers, not 6"
for i in 0 1 2 3 4 5; do
  [ -n "$(listener $((CLUSTER_PORT + i)))" ] || fail "no node listens on port $((CLUSTER_PORT + i))"
done
OPERATOR_PASSWORD=$(cat "$RUN_DIR/cluster/operator.password")
REDISCLI_AUTH=$OPERATOR_PASSWORD redis-cli --user operator -p "$CLUSTER_PORT" cluster info |
  tr -d '\r' | grep -qx "cluster_state:ok" || fail "the cluster is not ok"
declare -A COPY_PID=()
for s in "${SERVICES[@]}"; do
  pids=$(processes_of "$s")
  [ "$(wc -w <<<"$pids")" -eq 2 ] || fail "$s runs as [$pids], not two processes"
  for copy in 1 2; do
    port=$((PORT[$s] + (copy - 1) * COPY_OFFSET))
    pid=$(listener "$port")
    if [ -z "$pid" ] || ! grep -qx "$pid" <<<"$pids"; then
      fail "$s copy $copy: port $port is held by [$pid], not by a copy"
    fi
    has_arg "$pid" "--redis=127.0.0.1:$CLUSTER_PORT" || fail "$s copy $copy is not given the cluster's seed"
    has_arg "$pid" "--redis_wait_replicas=1" || fail "$s copy $copy does not wait for a replica"
    # The console fails over between the copies by TCP: no copy serves on a unix socket.
    if tr '\0' '\n' <"/proc/$pid/cmdline" | grep -q -- '^--listen_socket='; then
      fail "$s copy $copy is given a unix socket"
    fi
    [ "$(cat "$RUN_DIR/pids/$s-$copy.pid")" = "$pid" ] || fail "$s-$copy.pid does not name $pid"
    COPY_PID[$s-$copy]=$pid
  done
done
for s in routing reply; do
  c1=$(tr '\0' '\n' <"/proc/${COPY_PID[$s-1]}/cmdline" | grep -- '^--consumer=') || fail "$s copy 1 has no --consumer"
  c2=$(tr '\0' '\n' <"/proc/${COPY_PID[$s-2]}/cmdline" | grep -- '^--consumer=') || fail "$s copy 2 has no --consumer"
  [ "$c1" != "$c2" ] || fail "$s's copies share the consumer name $c1"
done
console=$(processes_of console)
[ "$(wc -w <<<"$console")" -eq 1 ] || fail "the console runs as [$console], not one process"
intake_list="ipv4:127.0.0.1:${PORT[intake]},127.0.0.1:$((PORT[intake] + COPY_OFFSET))"
has_arg "$console" "--intake=$intake_list" || fail "the console is not given both intake copies"
curl -fsS "http://127.0.0.1:${PORT[console]}/api/health" >/dev/null || fail "the console does not answer"

step "3. register through both intake copies, kill the first, register again"
for s in "${SERVICES[@]}"; do
  export "GONGKAI_${s^^}=ipv4:127.0.0.1:${PORT[$s]},127.0.0.1:$((PORT[$s] + COPY_OFFSET))"
done
TOKENS="$RUN_DIR/cluster/tokens"
[ -s "$TOKENS/chuangkou01" ] || fail "no token for the window clerk in $TOKENS"
# register NAME DESCRIPTION: the case number.
register() {
  "$BIN/gongkai" --token_file="$TOKENS/chuangkou01" --json register --name="$1" \
    --id_type=resident_id_card --id_number=11010519491231002X --phone=05513350000 \
    --description="$2" --channel=in_person --delivery=pickup \
    --request_id="cluster-up-$(date +%s%N)" | jq -er '.case.case_number'
}
FIRST=$(register 张三 "2025年县级财政预算、决算及三公经费公开情况") || fail "the first registration failed"
REGISTERED=$SECONDS
echo "registered $FIRST"
kill -KILL "${COPY_PID[intake-1]}"
for _ in $(seq 100); do alive "${COPY_PID[intake-1]}" || break; sleep 0.05; done
! alive "${COPY_PID[intake-1]}" || fail "intake copy 1 (pid ${COPY_PID[intake-1]}) did not die"
[ -z "$(listener "${PORT[intake]}")" ] || fail "port ${PORT[intake]} still listened on after the kill"
SECOND=$(register 李四 "本人2024年度养老保险缴费记录及核定依据") ||
  fail "registering with the first intake copy dead failed"
echo "registered $SECOND"
if [ "${FIRST%-*}" != "${SECOND%-*}" ] || [ $((10#${SECOND#*-})) -ne $((10#${FIRST#*-} + 1)) ]; then
  fail "the second case is $SECOND, not the one after $FIRST"
fi

step "4. the first case reaches a department's queue within 20 s"
dispatcher() { "$BIN/gongkai" --token_file="$TOKENS/diaodu01" --json "$@"; }
DEPT=""
while [ $((SECONDS - REGISTERED)) -lt 20 ]; do
  DEPT=$(dispatcher show "$FIRST" 2>/dev/null | jq -r 'select(.state == "CASE_STATE_ASSIGNED") | .department') || true
  if [ -n "$DEPT" ] && dispatcher queue --dept="$DEPT" 2>/dev/null |
    jq -e --arg c "$FIRST" 'any(.cases[]?; .case_number == $c)' >/dev/null; then
    break
  fi
  DEPT=""
  sleep 0.5
done
[ -n "$DEPT" ] || fail "$FIRST is in no department's queue $((SECONDS - REGISTERED)) s after it was registered: $(dispatcher show "$FIRST" | jq -c '{state, department}')"
echo "$FIRST is in the queue of $DEPT"

step "5. down stops every copy, the console and the cluster; the data stays"
"$LOCAL" down >"$WORK/down.out" 2>&1 || fail "local.sh down failed"
left=$(gongkai_processes)
[ -z "$left" ] || fail "down left gongkai processes of the run directory: $left"
left=$(redis_processes)
[ -z "$left" ] || fail "down left redis-servers of the run directory: $left"
for s in "${SERVICES[@]}"; do
  for port in "${PORT[$s]}" $((PORT[$s] + COPY_OFFSET)); do
    [ -z "$(ss -Hltn "sport = :$port")" ] || fail "port $port still listened on after down"
  done
done
aof=$(find "$RUN_DIR/cluster" -path '*/node-*' -name '*.aof*' -size +0 | head -1)
[ -n "$aof" ] || fail "the nodes' AOF files are gone after down"
ls "$RUN_DIR"/pids/*-[12].pid >/dev/null 2>&1 && fail "down left the copies' pid files"

step "passed in $((SECONDS - STARTED)) s"
