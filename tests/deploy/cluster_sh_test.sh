#!/usr/bin/env bash
# deploy/cluster.sh on a private directory: `up` makes three masters and three replicas whose
# slots follow the partitions (6/5/5, cut between their slots), the services' user writes through
# the cluster and WAIT sees the replica; `status` reports it healthy; a master that stops is
# failed over and `up` brings it back as a replica; `down` stops all six and `up` brings the
# same data back; a port held by a stranger makes `up` fail before it starts anything.
#
#   tests/deploy/cluster_sh_test.sh    (GONGKAI_CLUSTER_PORT moves the nodes: 7491..7496 and
#                                       their bus ports 17491..17496)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER="$ROOT/deploy/cluster.sh"
PORT="${GONGKAI_CLUSTER_PORT:-7491}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-cluster.XXXXXX")
DIR="$WORK/cluster"
export GONGKAI_CLUSTER_DIR="$DIR" GONGKAI_CLUSTER_PORT="$PORT"
unset GONGKAI_CLUSTER_PASSWORDS
PARTITIONS=(p00 p01 p02 p03 p04 p05 p06 p07 p08 p09 p10 p11 p12 p13 p14 p15)
TAGS=("${PARTITIONS[@]}" seq auth config report notices)
FAILURES=0
STRANGER=""

pass() { echo "PASS: $*"; }
fail() {
  echo "FAIL: $*"
  FAILURES=$((FAILURES + 1))
}
# check DESCRIPTION COMMAND...: PASS if the command succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
# abort DESCRIPTION: a failure after which the rest cannot run.
abort() {
  fail "$*"
  for f in "$WORK"/*.err "$DIR"/node-*/redis.log; do
    [ -f "$f" ] && { echo "--- $f (tail)"; tail -15 "$f"; }
  done
  echo "FAIL: cluster_sh_test ($FAILURES failures)"
  exit 1
}

# alive PID (a daemon's zombie, waiting for init to reap it, is not).
# shellcheck source=deploy/lib/processes.sh
. "$ROOT/deploy/lib/processes.sh"

# The live redis-servers working in the cluster's node directories, found without the script.
node_pids() {
  local proc
  for proc in /proc/[0-9]*; do
    case "$(readlink "$proc/cwd" 2>/dev/null)" in
      "$DIR"/node-*) ! alive "${proc#/proc/}" || echo "${proc#/proc/}" ;;
    esac
  done
  return 0
}

cleanup() {
  timeout 120 "$CLUSTER" down >/dev/null 2>&1
  local pids
  mapfile -t pids < <(node_pids)
  if [ ${#pids[@]} -gt 0 ]; then
    echo "cleanup: nodes left running, SIGTERM: ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null
    sleep 1
  fi
  [ -z "$STRANGER" ] || kill "$STRANGER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

ocli() {
  local port=$1
  shift
  REDISCLI_AUTH="$(cat "$DIR/operator.password")" timeout 10 redis-cli --user operator \
    -p "$port" "$@" | tr -d '\r'
}
# The services' user through the cluster from the seed, commands one a line on stdin; the
# redirect notices left out.
service_cli() {
  REDISCLI_AUTH="$(cat "$DIR/service.password")" timeout 10 redis-cli -c --user gongkai \
    -p "$PORT" | tr -d '\r' | grep -v '^-> Redirected'
}

# run NAME ARGS...: deploy/cluster.sh ARGS with stdout in $WORK/NAME.out, stderr in NAME.err.
run() {
  local name=$1
  shift
  timeout 180 "$CLUSTER" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
}

# up_ok NAME: `up` succeeded and its stdout is the seed address alone, also in $DIR/seed.
up_ok() {
  run "$1" up || abort "$1: deploy/cluster.sh up exited $? ($(tail -3 "$WORK/$1.err" | tr '\n' ' '))"
  check "$1: stdout is the seed address alone" [ "$(cat "$WORK/$1.out")" = "127.0.0.1:$PORT" ]
  check "$1: $DIR/seed names it" [ "$(cat "$DIR/seed")" = "127.0.0.1:$PORT" ]
}

# The six nodes: six processes, three masters and three replicas in the seed's view, none failing.
check_shape() {
  local nodes
  check "$1: six node processes" [ "$(node_pids | wc -l)" = 6 ]
  nodes=$(ocli "$PORT" cluster nodes)
  check "$1: six nodes in CLUSTER NODES" [ "$(wc -l <<<"$nodes")" = 6 ]
  check "$1: three masters" [ "$(awk '$3 ~ /master/' <<<"$nodes" | wc -l)" = 3 ]
  check "$1: three replicas" [ "$(awk '$3 ~ /slave/' <<<"$nodes" | wc -l)" = 3 ]
  check "$1: no node failing" [ -z "$(awk '$3 ~ /fail/' <<<"$nodes")" ]
}

# owner SLOT: the address of the master serving SLOT in the seed's view.
owner() {
  ocli "$PORT" cluster nodes | awk -v slot="$1" '$3 ~ /master/ && $3 !~ /fail/ {
    for (i = 9; i <= NF; i++) { n = split($i, r, "-"); if (n == 1) r[2] = r[1]
      if (slot >= r[1] && slot <= r[2]) { split($2, a, "@"); print a[1] } } }'
}

# Every tag served by a master; the partitions spread 6/5/5 on the ranges cut halfway between
# the sorted partition slots.
check_slots() {
  local tag slot addr sorted cut1 cut2 missing=() ranges
  declare -A per_master=()
  for tag in "${TAGS[@]}"; do
    slot=$(ocli "$PORT" cluster keyslot "{$tag}")
    addr=$(owner "$slot")
    if [ -z "$addr" ]; then missing+=("{$tag}"); continue; fi
    [[ " ${PARTITIONS[*]} " != *" $tag "* ]] || per_master[$addr]=$((${per_master[$addr]:-0} + 1))
  done
  check "$1: every tag served by a master (unserved: ${missing[*]:-none})" [ ${#missing[@]} = 0 ]
  check "$1: partitions per master 6/5/5 (${per_master[*]})" \
    [ "$(printf '%s\n' "${per_master[@]}" | sort -n | tr '\n' ' ')" = "5 5 6 " ]
  mapfile -t sorted < <(for tag in "${PARTITIONS[@]}"; do ocli "$PORT" cluster keyslot "{$tag}"; done | sort -n)
  cut1=$(((sorted[5] + sorted[6]) / 2)) cut2=$(((sorted[10] + sorted[11]) / 2))
  ranges=$(ocli "$PORT" cluster nodes | awk '$3 ~ /master/ { print $9 }' | sort -n | tr '\n' ' ')
  check "$1: master ranges 0-$cut1 $((cut1 + 1))-$cut2 $((cut2 + 1))-16383 (got $ranges)" \
    [ "$ranges" = "0-$cut1 $((cut1 + 1))-$cut2 $((cut2 + 1))-16383 " ]
}

# write_and_wait NAME KEY VALUE: the services' user writes KEY, WAIT 1 1000 answers 1.
write_and_wait() {
  local answer
  answer=$(printf 'SET %s %s\nWAIT 1 1000\n' "$2" "$3" | service_cli | tr '\n' ' ')
  check "$1: gongkai SET $2 and WAIT 1 1000 (answered: $answer)" [ "$answer" = "OK 1 " ]
}

read_key() { echo "GET $1" | service_cli; }

# --- Preconditions -------------------------------------------------------------------------------
for p in $(seq "$PORT" $((PORT + 5))) $(seq $((PORT + 10000)) $((PORT + 10005))); do
  [ -z "$(ss -Hltn "sport = :$p")" ] ||
    abort "port $p is in use: move the test with GONGKAI_CLUSTER_PORT=<free base port>"
done

# --- First up ------------------------------------------------------------------------------------
up_ok up1
check_shape up1
check_slots up1
check "up1: the password files are private" \
  [ "$(stat -c %a "$DIR/service.password" "$DIR/operator.password" "$DIR/replica.password" | sort -u)" = 600 ]
check "up1: the replica user reads no keys" \
  bash -c "! REDISCLI_AUTH=\$(cat '$DIR/operator.password') redis-cli --user operator -p $PORT acl dryrun replica get gk:x | grep -qx OK"
for p in $(seq "$PORT" $((PORT + 5))); do
  [ "$(ocli "$p" config get min-replicas-to-write | tail -1)" = 1 ] || fail "node $p: min-replicas-to-write is not 1"
done
write_and_wait up1 'gk:{p03}:x' hello
check "up1: the key reads back" [ "$(read_key 'gk:{p03}:x')" = hello ]
run status1 status
check "status exits 0 on a healthy cluster" [ $? = 0 ]
check "status names six nodes" [ "$(grep -c '^127.0.0.1:' "$WORK/status1.out")" = 6 ]
grep -q 'holds.*p03' "$WORK/status1.out" || fail "status does not say which node holds p03"

# --- up over a running cluster -------------------------------------------------------------------
up_ok up2
check "up2: says the cluster is already running" grep -q 'already running and healthy' "$WORK/up2.err"

# --- A master stops: its replica takes over; up brings the master back as a replica ----------------
master=$(owner "$(ocli "$PORT" cluster keyslot '{p03}')")
master_port=${master#*:}
replica_port=$(ocli "$master_port" info replication | tr -d '\r' | sed -n 's/^slave0:.*port=\([0-9]*\).*/\1/p')
[ -n "$replica_port" ] || abort "the master of {p03} ($master) has no replica"
ocli "$master_port" shutdown >/dev/null 2>&1
promoted=0
for _ in $(seq 150); do
  [ "$(ocli "$replica_port" role 2>/dev/null | head -1)" = master ] && promoted=1 && break
  sleep 0.2
done
check "failover: the replica on $replica_port took over from $master" [ "$promoted" = 1 ]
run status2 status
check "status exits 1 with a node stopped" [ $? = 1 ]
up_ok up3
check "up3: the old master $master_port rejoined as a replica" \
  [ "$(ocli "$master_port" role | head -1)" = slave ]
check "up3: the promoted master keeps min-replicas-to-write 1" \
  [ "$(ocli "$replica_port" config get min-replicas-to-write | tail -1)" = 1 ]
check_shape up3
write_and_wait up3 'gk:{p03}:y' after-failover
check "up3: the key written before the failover is there" [ "$(read_key 'gk:{p03}:x')" = hello ]

# --- down, and up on the same data ------------------------------------------------------------------
mapfile -t pids < <(node_pids)
run down1 down
check "down exits 0" [ $? = 0 ]
left=()
for pid in "${pids[@]}"; do ! alive "$pid" || left+=("$pid"); done
check "down: there were six processes" [ ${#pids[@]} = 6 ]
check "down stopped all six processes (left: ${left[*]:-none})" [ ${#left[@]} = 0 ]
run status3 status
check "status exits 1 when the cluster is down" [ $? = 1 ]
run down2 down
check "down with nothing running exits 0" [ $? = 0 ]
up_ok up4
check "up4: restarted from the data, not created" grep -q 'rejoin from their nodes.conf' "$WORK/up4.err"
check_shape up4
check_slots up4
check "up4: the keys are still there" \
  [ "$(read_key 'gk:{p03}:x') $(read_key 'gk:{p03}:y')" = "hello after-failover" ]
write_and_wait up4 'gk:{p11}:z' again
run status4 status
check "status exits 0 after the restart" [ $? = 0 ]
run down3 down
check "down exits 0 again" [ $? = 0 ]
check "down left no node running" [ "$(node_pids | wc -l)" = 0 ]

# --- A stranger on a node's port ---------------------------------------------------------------------
mkdir -p "$WORK/stranger"
redis-server --port $((PORT + 4)) --bind 127.0.0.1 --save "" --dir "$WORK/stranger" \
  --logfile "$WORK/stranger/redis.log" &
STRANGER=$!
for _ in $(seq 50); do
  [ -n "$(ss -Hltn "sport = :$((PORT + 4))")" ] && break
  sleep 0.1
done
run up5 up
check "up5: fails with port $((PORT + 4)) taken" [ $? != 0 ]
check "up5: names the port and GONGKAI_CLUSTER_PORT" \
  bash -c "grep -q 'port $((PORT + 4)) ' '$WORK/up5.err' && grep -q GONGKAI_CLUSTER_PORT '$WORK/up5.err'"
check "up5: started no node" [ "$(node_pids | wc -l)" = 0 ]
check "up5: left the stranger alone" kill -0 "$STRANGER"

if [ "$FAILURES" -gt 0 ]; then
  echo "FAIL: cluster_sh_test ($FAILURES failures)"
  exit 1
fi
echo "PASS: cluster_sh_test"
