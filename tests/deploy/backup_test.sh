#!/usr/bin/env bash
# deploy/backup.sh against private redis-servers signed into as the deployment's users
# (deploy/redis-users.acl.in, passwords filled in as deploy/local.sh does): a server holding
# Gongkai-shaped keys is backed up over TCP and over its unix socket, and each copy must be
# verified with the master's exact key count and the layout key; `--verify` must pass the copy
# and refuse it truncated, with a byte changed, and changed beside its MANIFEST; a backup of a
# server without the layout key and one with a wrong password must fail, naming the master;
# a cluster of three masters and three replicas must be backed up master by master, the layout
# key found in the copy of the master holding its slot.
#
#   tests/deploy/backup_test.sh    (CTest: label deploy)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BACKUP="$ROOT/deploy/backup.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-backup-test.XXXXXX")
STARTED=$SECONDS
SERVERS=()

step() { echo "== [$((SECONDS - STARTED))s] $*"; }
fail() {
  echo "FAIL: $*" >&2
  for f in "$WORK"/*.out "$WORK"/*.err; do
    [ -f "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }
  done
  exit 1
}
cleanup() {
  local status=$? pid
  for pid in "${SERVERS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ $status -eq 0 ]; then rm -rf "$WORK"; else echo "kept for inspection: $WORK" >&2; fi
}
trap cleanup EXIT

# shellcheck source=tests/support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"

# The deployment's users with random passwords, as deploy/local.sh writes them.
mkdir -p "$WORK/users"
(
  umask 077
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$WORK/users/service.password"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$WORK/users/operator.password"
  grep -v -e '^#' -e '^$' "$ROOT/deploy/redis-users.acl.in" |
    sed -e "s/@SERVICE_PASSWORD@/$(cat "$WORK/users/service.password")/" \
      -e "s/@OPERATOR_PASSWORD@/$(cat "$WORK/users/operator.password")/" >"$WORK/users/users.acl"
)
OPERATOR_PASSWORD=$(cat "$WORK/users/operator.password")
export GONGKAI_REDIS_PASSWORD_FILE="$WORK/users/operator.password"

# redis-cli as a deployment user: operator ADDRESS-FLAGS... COMMAND...
operator() { REDISCLI_AUTH="$OPERATOR_PASSWORD" redis-cli --user operator "$@"; }
service_user() {
  REDISCLI_AUTH="$(cat "$WORK/users/service.password")" redis-cli --user gongkai "$@"
}

# start_redis NAME PORT [CONFIG LINE...]: a redis-server in $WORK/NAME on 127.0.0.1:PORT and a
# unix socket, with the deployment's users and AOF on, as the deployment runs it. Diskless
# replication starts at once instead of waiting 5 s for more replicas: the copies are the same.
start_redis() {
  local name=$1 port=$2 dir="$WORK/$1"
  shift 2
  mkdir -p "$dir"
  {
    echo "port $port"
    echo "bind 127.0.0.1"
    echo "unixsocket $dir/redis.sock"
    echo "unixsocketperm 700"
    echo "dir $dir"
    echo "aclfile $WORK/users/users.acl"
    echo "appendonly yes"
    echo "save \"\""
    echo "repl-diskless-sync-delay 0"
    echo "logfile $dir/redis.log"
    printf '%s\n' "$@"
  } >"$dir/redis.conf"
  chmod 600 "$dir/redis.conf"
  redis-server "$dir/redis.conf" &
  SERVERS+=($!)
  for _ in $(seq 100); do
    [ "$(operator -s "$dir/redis.sock" PING 2>/dev/null)" = PONG ] && return 0
    sleep 0.1
  done
  fail "$name: redis-server did not answer on port $port; see $dir/redis.log"
}

# The commands that write Gongkai-shaped keys: the layout, cases, histories, queues and a stream
# in every partition, an idempotency key with a time to live. KEYS_WRITTEN: how many keys.
gongkai_keys() {
  local p n
  echo "SET gk:{config}:layout 4"
  echo "SET gk:{config}:due_soon 5,1"
  echo "SET gk:{seq}:counter:2026 160"
  echo "SET gk:{seq}:idem:r-1 2026-000001 EX 604800"
  for n in $(seq 160); do
    p=$(printf '%02d' $((n % 16)))
    echo "HSET gk:{p$p}:case:2026-$(printf '%06d' "$n") state routed version 1"
    echo "RPUSH gk:{p$p}:events:2026-$(printf '%06d' "$n") registered"
  done
  for n in $(seq 0 15); do
    p=$(printf '%02d' "$n")
    echo "ZADD gk:{p$p}:queue:dispatch $n 2026-0000$p"
    echo "XADD gk:{p$p}:stream:routing * case 2026-0000$p version 1"
  done
}
KEYS_WRITTEN=$((4 + 160 * 2 + 16 * 2))

# field LINE FIELD: the value of FIELD in a MANIFEST line.
field() { grep -o " $2=[^ ]*" <<<" $1" | head -1 | cut -d= -f2-; }

# The one backup directory a run made under DEST (a backup a second: runs wait a second apart).
only_backup() {
  local dirs
  mapfile -t dirs < <(find "$1" -mindepth 1 -maxdepth 1 -type d)
  [ ${#dirs[@]} -eq 1 ] || fail "expected one backup directory in $1, found ${#dirs[@]}"
  echo "${dirs[0]}"
}

pick_ports 1
PORT=${PORTS[0]}
step "a Redis with the deployment's users on port $PORT, written to as the services' user"
start_redis standalone "$PORT"
gongkai_keys | service_user -s "$WORK/standalone/redis.sock" >"$WORK/fill.out" ||
  fail "writing as gongkai failed"
ANSWERED='^(OK|[0-9]+|[0-9]+-[0-9]+)$'
grep -qvE "$ANSWERED" "$WORK/fill.out" &&
  fail "a write as gongkai was refused: $(grep -vE "$ANSWERED" "$WORK/fill.out" | head -1)"
[ "$(operator -s "$WORK/standalone/redis.sock" DBSIZE)" = "$KEYS_WRITTEN" ] ||
  fail "the server holds $(operator -s "$WORK/standalone/redis.sock" DBSIZE) keys, not $KEYS_WRITTEN"

step "backup over TCP: one copy, verified, the master's exact key count and the layout"
GONGKAI_REDIS="127.0.0.1:$PORT" "$BACKUP" "$WORK/tcp" >"$WORK/tcp.out" 2>"$WORK/tcp.err" ||
  fail "backup.sh failed"
DIR=$(only_backup "$WORK/tcp")
COPY="$DIR/127.0.0.1-$PORT.rdb"
[ -f "$COPY" ] || fail "no copy $COPY"
if [ "$(stat -c %a "$COPY")" != 600 ] || [ "$(stat -c %a "$DIR")" != 700 ]; then
  fail "the copy holds personal data: mode 600 in a 700 directory," \
    "not $(stat -c %a "$COPY") in $(stat -c %a "$DIR")"
fi
grep -q '^backup .* cluster=no .*masters=1 verified=yes$' "$DIR/MANIFEST" ||
  fail "the MANIFEST's backup line: $(grep '^backup ' "$DIR/MANIFEST")"
[ "$(grep -c '^copy ' "$DIR/MANIFEST")" = 1 ] || fail "the MANIFEST should have one copy line"
LINE=$(grep '^copy ' "$DIR/MANIFEST")
for expected in "file=127.0.0.1-$PORT.rdb" "master=127.0.0.1:$PORT" slots=all \
  "keys=$KEYS_WRITTEN" "loaded=$KEYS_WRITTEN" "master_keys=$KEYS_WRITTEN" \
  "master_keys_after=$KEYS_WRITTEN" master_quiet=yes layout=4 verified=yes \
  "size=$(stat -c %s "$COPY")" "sha256=$(sha256sum "$COPY" | cut -d' ' -f1)"; do
  [[ " $LINE " == *" $expected "* ]] || fail "the copy line lacks $expected: $LINE"
done
N=$KEYS_WRITTEN
grep -q "verified: $N keys copied, $N loaded; the master had $N before and $N after; layout 4" \
  "$WORK/tcp.out" || fail "backup.sh did not print the counts"
[ -z "$(find "$WORK/tcp" -name '*.partial')" ] || fail "a partial file was left"

step "--verify passes the copy as its MANIFEST recorded it"
"$BACKUP" --verify "$COPY" >"$WORK/verify.out" 2>&1 || fail "--verify refused a good copy"
grep -q "verified: $KEYS_WRITTEN keys.*as recorded in" "$WORK/verify.out" ||
  fail "--verify did not compare with the MANIFEST"

step "--verify refuses a truncated copy, a changed byte, a copy unlike its MANIFEST"
mkdir -p "$WORK/damaged"
head -c $(($(stat -c %s "$COPY") / 2)) "$COPY" >"$WORK/damaged/truncated.rdb"
if "$BACKUP" --verify "$WORK/damaged/truncated.rdb" >"$WORK/truncated.out" 2>&1; then
  fail "--verify passed a truncated copy"
fi
# redis-check-rdb's words depend on where the cut falls: "Unexpected EOF" between two keys, a
# failed load of the value it cuts through (a stream's listpacks) otherwise.
grep -qE 'NOT verified: redis-check-rdb: .*(Unexpected EOF|loading failed)' "$WORK/truncated.out" ||
  fail "the truncation was not named: $(cat "$WORK/truncated.out")"
cp "$COPY" "$WORK/damaged/changed.rdb"
printf '\x7f' | dd of="$WORK/damaged/changed.rdb" bs=1 seek=$(($(stat -c %s "$COPY") / 2)) \
  conv=notrunc 2>/dev/null
if "$BACKUP" --verify "$WORK/damaged/changed.rdb" >"$WORK/changed.out" 2>&1; then
  fail "--verify passed a copy with a changed byte"
fi
grep -q 'NOT verified: redis-check-rdb' "$WORK/changed.out" ||
  fail "the changed byte was not found: $(cat "$WORK/changed.out")"
cp -r "$DIR" "$WORK/damaged/backup"
truncate -s -1 "$WORK/damaged/backup/127.0.0.1-$PORT.rdb"
if "$BACKUP" --verify "$WORK/damaged/backup/127.0.0.1-$PORT.rdb" >"$WORK/manifest.out" 2>&1; then
  fail "--verify passed a copy unlike its MANIFEST"
fi
grep -q 'NOT verified: its sha256 differs' "$WORK/manifest.out" ||
  fail "the MANIFEST mismatch was not named: $(cat "$WORK/manifest.out")"
cp -r "$DIR" "$WORK/damaged/count"
sed -i "s/ keys=$KEYS_WRITTEN / keys=$((KEYS_WRITTEN + 1)) /" "$WORK/damaged/count/MANIFEST"
if "$BACKUP" --verify "$WORK/damaged/count/127.0.0.1-$PORT.rdb" >"$WORK/count.out" 2>&1; then
  fail "--verify passed a copy holding fewer keys than its MANIFEST records"
fi
grep -q "the copy holds $KEYS_WRITTEN keys where its MANIFEST line records $((KEYS_WRITTEN + 1))" \
  "$WORK/count.out" || fail "the key count was not compared: $(cat "$WORK/count.out")"

step "backup over the unix socket"
GONGKAI_REDIS="unix:$WORK/standalone/redis.sock" "$BACKUP" "$WORK/unix" >"$WORK/unix.out" \
  2>"$WORK/unix.err" || fail "backup.sh over the unix socket failed"
DIR=$(only_backup "$WORK/unix")
LINE=$(grep '^copy ' "$DIR/MANIFEST")
[[ " $LINE " == *" file=unix-redis.sock.rdb "*" keys=$KEYS_WRITTEN "*" verified=yes "* ]] ||
  fail "the unix socket's copy: $LINE"

step "a copy without the layout key fails, naming its master; so does a wrong password"
operator -s "$WORK/standalone/redis.sock" DEL 'gk:{config}:layout' >/dev/null
if GONGKAI_REDIS="127.0.0.1:$PORT" "$BACKUP" "$WORK/nolayout" >"$WORK/nolayout.out" \
  2>"$WORK/nolayout.err"; then
  fail "backup.sh passed a copy without gk:{config}:layout"
fi
grep -q "127.0.0.1:$PORT (slots all): NOT verified: gk:{config}:layout is missing" \
  "$WORK/nolayout.err" || fail "the master was not named"
grep -q "FAILED: 1 of 1 master(s) not verified: 127.0.0.1:$PORT" "$WORK/nolayout.err" ||
  fail "no summary naming the master"
DIR=$(only_backup "$WORK/nolayout")
grep -q '^backup .* verified=no$' "$DIR/MANIFEST" || fail "the MANIFEST does not say the backup failed"
grep -q '^copy .* verified=no problem="gk:{config}:layout is missing' "$DIR/MANIFEST" ||
  fail "the MANIFEST does not say why the copy failed"
echo wrong >"$WORK/users/wrong.password"
if GONGKAI_REDIS="127.0.0.1:$PORT" GONGKAI_REDIS_PASSWORD_FILE="$WORK/users/wrong.password" \
  "$BACKUP" "$WORK/wrong" >"$WORK/wrong.out" 2>"$WORK/wrong.err"; then
  fail "backup.sh passed with a wrong password"
fi
grep -q "cannot sign in to Redis at 127.0.0.1:$PORT as operator" "$WORK/wrong.err" ||
  fail "the failed sign-in was not named"

# Six ports whose cluster bus ports (port + 10000) are free as well.
pick_cluster_ports() {
  local tries=0 port ok
  while :; do
    [ $((tries += 1)) -lt 50 ] || fail "no free ports for a cluster"
    pick_ports 6
    ok=1
    for port in "${PORTS[@]}"; do
      if [ $((port + 10000)) -gt 65535 ] || [ -n "$(ss -Htan "sport = :$((port + 10000))")" ]; then
        ok=0
      fi
    done
    [ $ok = 1 ] && return 0
  done
}
pick_cluster_ports
CLUSTER_PORTS=("${PORTS[@]}")
step "a cluster of three masters and three replicas on ports ${CLUSTER_PORTS[*]}"
NODES=()
for port in "${CLUSTER_PORTS[@]}"; do
  start_redis "node-$port" "$port" "cluster-enabled yes" "cluster-config-file nodes.conf" \
    "cluster-node-timeout 5000" "masteruser operator" "masterauth $OPERATOR_PASSWORD"
  NODES+=("127.0.0.1:$port")
done
operator --cluster create "${NODES[@]}" --cluster-replicas 1 --cluster-yes \
  >"$WORK/cluster-create.out" 2>&1 || fail "redis-cli --cluster create failed"
for _ in $(seq 150); do
  ready=0
  for port in "${CLUSTER_PORTS[@]}"; do
    state=$(operator -p "$port" CLUSTER INFO | tr -d '\r')
    role=$(operator -p "$port" INFO replication | tr -d '\r')
    grep -q '^cluster_state:ok' <<<"$state" || continue
    grep -q '^role:master' <<<"$role" || grep -q '^master_link_status:up' <<<"$role" || continue
    ready=$((ready + 1))
  done
  [ $ready = 6 ] && break
  sleep 0.2
done
[ "$ready" = 6 ] || fail "the cluster did not become ready"
gongkai_keys | operator -c -p "${CLUSTER_PORTS[0]}" >"$WORK/cluster-fill.out" ||
  fail "writing to the cluster failed"
CONFIG_SLOT=$(operator -p "${CLUSTER_PORTS[0]}" CLUSTER KEYSLOT 'gk:{config}:layout')
# Wait until the replicas hold every write, so that nothing moves while the masters are copied.
for _ in $(seq 100); do
  total=0
  for port in "${CLUSTER_PORTS[@]}"; do total=$((total + $(operator -p "$port" DBSIZE))); done
  [ $total = $((KEYS_WRITTEN * 2)) ] && break
  sleep 0.1
done
[ "$total" = $((KEYS_WRITTEN * 2)) ] ||
  fail "the cluster holds $total keys with its replicas, not $((KEYS_WRITTEN * 2))"

step "backup of the cluster through a replica's address: every master, none of the replicas"
REPLICA=""
for port in "${CLUSTER_PORTS[@]}"; do
  operator -p "$port" INFO replication | grep -q '^role:slave' && REPLICA=$port && break
done
[ -n "$REPLICA" ] || fail "no replica found"
GONGKAI_REDIS="127.0.0.1:$REPLICA" "$BACKUP" "$WORK/cluster" >"$WORK/cluster.out" \
  2>"$WORK/cluster.err" || fail "backup.sh of the cluster failed"
DIR=$(only_backup "$WORK/cluster")
grep -q "^backup .* cluster=yes config_slot=$CONFIG_SLOT masters=3 verified=yes$" "$DIR/MANIFEST" ||
  fail "the MANIFEST's backup line: $(grep '^backup ' "$DIR/MANIFEST")"
[ "$(find "$DIR" -name '*.rdb' | wc -l)" = 3 ] || fail "expected three copies in $DIR"
total=0 holders=0
while read -r LINE; do
  master=$(field "$LINE" master)
  port=${master##*:}
  operator -p "$port" INFO replication | grep -q '^role:master' || fail "$master is not a master"
  [ "$(field "$LINE" verified)" = yes ] || fail "not verified: $LINE"
  keys=$(field "$LINE" keys)
  if [ "$keys" != "$(operator -p "$port" DBSIZE)" ] || [ "$keys" != "$(field "$LINE" master_keys)" ]; then
    fail "key counts: $LINE"
  fi
  total=$((total + keys))
  slots=$(field "$LINE" slots)
  first=${slots%%-*} last=${slots##*-}
  if [ "$CONFIG_SLOT" -ge "$first" ] && [ "$CONFIG_SLOT" -le "$last" ]; then
    holders=$((holders + 1))
    [[ " $LINE " == *" needs_layout=yes layout=4 "* ]] || fail "the master of slot $CONFIG_SLOT: $LINE"
  else
    [[ " $LINE " == *" needs_layout=no layout=absent "* ]] ||
      fail "a master without slot $CONFIG_SLOT: $LINE"
  fi
done < <(grep '^copy ' "$DIR/MANIFEST")
[ $holders = 1 ] || fail "$holders masters hold slot $CONFIG_SLOT"
[ $total = "$KEYS_WRITTEN" ] || fail "the copies hold $total keys, the cluster $KEYS_WRITTEN"

step "passed"
