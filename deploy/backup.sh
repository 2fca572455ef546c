#!/usr/bin/env bash
# Backs up Gongkai's Redis: a fresh RDB snapshot of every master, each copy verified by loading it.
#
#   deploy/backup.sh DEST            snapshot every master into DEST/<UTC time>/<host>-<port>.rdb,
#                                    verify each copy, write DEST/<UTC time>/MANIFEST
#   deploy/backup.sh --verify FILE   verify one copy again (before a restore, say); checked against
#                                    its line in the MANIFEST beside it, if there is one
#
# Environment: GONGKAI_REDIS, the Redis (host:port or unix:/path/to/redis.sock) or any node of a
# cluster (127.0.0.1:7379); GONGKAI_REDIS_USER (operator) and GONGKAI_REDIS_PASSWORD_FILE, its
# password (as deploy/local.sh makes it: .run/redis/operator.password); GONGKAI_BACKUP_TIMEOUT,
# the seconds one master's snapshot may take (3600).
#
# The masters: every master of CLUSTER SHARDS when the node says cluster_enabled:1, else the node
# itself. Each is copied with `redis-cli --rdb` (the master forks a fresh snapshot and sends it as
# to a replica: the user needs SYNC and REPLCONF, which `operator` has), its key count read just
# before and after. A copy is verified when redis-check-rdb passes it, a throwaway redis-server
# (no TCP port, cluster off, no AOF) loads it with the keys the file holds, the master that owns
# the slot of gk:{config}:layout has that key in its copy, and, if nothing changed on the master
# during the copy, the copy holds exactly the master's key count.
#
# Prints a line per master and a summary; exit status 0 when every copy is verified, 1 when a
# master could not be copied or its copy failed (named on standard error), 2 on bad usage.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REDIS_ADDRESS=${GONGKAI_REDIS:-127.0.0.1:7379}
REDIS_USER=${GONGKAI_REDIS_USER:-operator}
PASSWORD_FILE=${GONGKAI_REDIS_PASSWORD_FILE:-${GONGKAI_RUN_DIR:-$ROOT/.run}/redis/operator.password}
SNAPSHOT_TIMEOUT=${GONGKAI_BACKUP_TIMEOUT:-3600}
LAYOUT_KEY='gk:{config}:layout'

log() { echo "backup.sh: $*" >&2; }
usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# --- Talking to Redis ---------------------------------------------------------------------------

# connect_to ADDRESS: the redis-cli flags that reach ADDRESS (host:port, or unix:/path), in CONNECT.
connect_to() {
  case "$1" in
    unix:*) CONNECT=(-s "${1#unix:}") ;;
    *:*) CONNECT=(-h "${1%:*}" -p "${1##*:}") ;;
    *)
      log "a Redis address is host:port or unix:/path, not '$1'"
      return 1
      ;;
  esac
}

# redis-cli as the operator, to the node CONNECT names. The password goes through the
# environment, never the command line, where `ps` would show it.
# A node that stopped answering fails the call after 30 s instead of holding the backup.
cli() {
  REDISCLI_AUTH="$PASSWORD" timeout 30 redis-cli --user "$REDIS_USER" "${CONNECT[@]}" -e "$@"
}

# Fails unless the node CONNECT names answers and signs us in as the operator: redis-cli carries
# on as the default user when AUTH fails.
check_access() {
  local who
  who=$(cli ACL WHOAMI 2>&1 | tr -d '\r') || true
  if [ "$who" != "$REDIS_USER" ]; then
    log "cannot sign in to Redis at $1 as $REDIS_USER (password from $PASSWORD_FILE):" \
      "$(paste -sd ';' <<<"${who:-no answer within 30 s}" | sed 's/;/; /g')"
    return 1
  fi
}

# What the node CONNECT names holds now: "KEYS CHANGES LAST_SAVE EXPIRED EVICTED", its keys in
# every database, the writes since its last save to disk and when that was, its expired and
# evicted keys.
node_state() {
  cli INFO keyspace persistence stats | tr -d '\r' | awk -F: '
    /^db[0-9]+:/ { split($2, field, ","); sub("keys=", "", field[1]); keys += field[1] }
    $1 == "rdb_changes_since_last_save" { changes = $2 }
    $1 == "rdb_last_save_time" { last_save = $2 }
    $1 == "expired_keys" { expired = $2 }
    $1 == "evicted_keys" { evicted = $2 }
    END { print keys + 0, changes + 0, last_save + 0, expired + 0, evicted + 0 }'
}

# quiet BEFORE AFTER: whether nothing was written, expired or evicted on the node between two
# node_state lines. A save to disk meanwhile (a master without diskless replication saves one
# for the copy) restarts the count of writes: then none may have come after it.
quiet() {
  local before after
  read -r -a before <<<"$1"
  read -r -a after <<<"$2"
  [ "${before[0]}" = "${after[0]}" ] && [ "${before[3]}" = "${after[3]}" ] &&
    [ "${before[4]}" = "${after[4]}" ] || return 1
  if [ "${before[2]}" = "${after[2]}" ]; then
    [ "${before[1]}" = "${after[1]}" ]
  else
    [ "${after[1]}" = 0 ]
  fi
}

# Sets MASTERS (addresses) and SLOTS (each master's slot ranges, "all" alone), CLUSTER (yes, no)
# and CONFIG_SLOT (the slot of the layout key; "-" without a cluster). A shard holding slots but
# no master online is a master named "-": it cannot be copied, and the backup fails.
find_masters() {
  local enabled shards master slots
  connect_to "$REDIS_ADDRESS" || return 1
  check_access "$REDIS_ADDRESS" || return 1
  MASTERS=() SLOTS=()
  enabled=$(cli INFO cluster | tr -d '\r' | sed -n 's/^cluster_enabled://p') || return 1
  if [ "$enabled" != 1 ]; then
    CLUSTER=no CONFIG_SLOT=-
    MASTERS=("$REDIS_ADDRESS")
    SLOTS=(all)
    return 0
  fi
  CLUSTER=yes
  CONFIG_SLOT=$(cli CLUSTER KEYSLOT "$LAYOUT_KEY" | tr -d '\r') || return 1
  if ! shards=$(cli --json CLUSTER SHARDS); then
    log "CLUSTER SHARDS failed at $REDIS_ADDRESS"
    return 1
  fi
  # CLUSTER SHARDS (Redis 7): each shard's slots as [first, last, first, last...] and its nodes;
  # a node's address is its "endpoint" (what clients are told to use) unless that is empty or
  # "?", then its "ip", with its plain TCP "port".
  while IFS=$'\t' read -r master slots; do
    MASTERS+=("$master")
    SLOTS+=("$slots")
  done < <(jq -r '
    map(select((.slots | length) > 0)) | sort_by(.slots[0]) | .[]
    | [ (first(.nodes[] | select(.role == "master" and .health == "online")
          | (if (.endpoint // "") != "" and .endpoint != "?" then .endpoint else .ip end)
            + ":" + (.port | tostring)) // "-"),
        ([range(0; .slots | length; 2) as $i
          | if .slots[$i] == .slots[$i + 1] then "\(.slots[$i])"
            else "\(.slots[$i])-\(.slots[$i + 1])" end] | join(",")) ]
    | @tsv' <<<"$shards")
  if [ ${#MASTERS[@]} -eq 0 ]; then
    log "the cluster at $REDIS_ADDRESS has no slots assigned: nothing to back up"
    return 1
  fi
}

# holds_slot RANGES SLOT: whether SLOT lies in RANGES ("all", or "0-5460,6000").
holds_slot() {
  local range
  [ "$1" = all ] && return 0
  IFS=, read -ra ranges <<<"$1"
  for range in "${ranges[@]}"; do
    if [ "$2" -ge "${range%-*}" ] && [ "$2" -le "${range#*-}" ]; then return 0; fi
  done
  return 1
}

# --- Verifying a copy ---------------------------------------------------------------------------

# load_copy FILE: loads FILE into a throwaway redis-server listening on a unix socket in a private
# directory only, then sets LOADED (its keys) and LAYOUT (the layout key's value, "absent").
# The server sees the copy through a symbolic link and never saves: the copy stays as it is.
load_copy() {
  local sock reply
  LOADER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-verify.XXXXXX")
  ln -s "$(readlink -f "$1")" "$LOADER_DIR/copy.rdb"
  sock="$LOADER_DIR/redis.sock"
  redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$LOADER_DIR" \
    --dbfilename copy.rdb --appendonly no --save "" --cluster-enabled no --daemonize no \
    --logfile "$LOADER_DIR/redis.log" &
  LOADER_PID=$!
  # PING answers LOADING until the whole file is in; a file it cannot load ends the server.
  while :; do
    if ! kill -0 "$LOADER_PID" 2>/dev/null; then
      PROBLEM="redis-server could not load it: $(grep -v ' \* ' "$LOADER_DIR/redis.log" | tail -1 |
        sed 's/^[0-9]*:[A-Z] [^#]*# //')"
      stop_loader
      return 1
    fi
    reply=$(redis-cli -s "$sock" PING 2>/dev/null) || true
    [ "$reply" = PONG ] && break
    sleep 0.1
  done
  LOADED=$(redis-cli -s "$sock" INFO keyspace | tr -d '\r' | awk -F: '
    /^db[0-9]+:/ { split($2, field, ","); sub("keys=", "", field[1]); keys += field[1] }
    END { print keys + 0 }')
  LAYOUT=$(redis-cli -s "$sock" GET "$LAYOUT_KEY" | tr -d '\r')
  LAYOUT=${LAYOUT:-absent}
  stop_loader
}

stop_loader() {
  if [ -n "${LOADER_PID:-}" ]; then
    redis-cli -s "$LOADER_DIR/redis.sock" SHUTDOWN NOSAVE >/dev/null 2>&1 ||
      kill "$LOADER_PID" 2>/dev/null || true
    wait "$LOADER_PID" 2>/dev/null || true
  fi
  [ -z "${LOADER_DIR:-}" ] || rm -rf "$LOADER_DIR"
  LOADER_PID="" LOADER_DIR=""
}

# verify_copy FILE NEEDS_LAYOUT(yes|no) [EXPECTED_KEYS WHOSE]: sets KEYS and EXPIRES (what the
# file holds, by redis-check-rdb), LOADED and LAYOUT; fails with PROBLEM saying why. WHOSE says
# where EXPECTED_KEYS comes from ("the MANIFEST records").
verify_copy() {
  local file=$1 needs_layout=$2 expected=${3:-} whose=${4:-} check
  KEYS="" EXPIRES="" LOADED="" LAYOUT="" PROBLEM=""
  if ! check=$(redis-check-rdb "$file" 2>&1); then
    PROBLEM="redis-check-rdb: $(grep -A1 'RDB ERROR DETECTED' <<<"$check" | tail -1 |
      sed 's/^\[offset \([0-9]*\)\] /at byte \1: /')"
    return 1
  fi
  KEYS=$(sed -n 's/^\[info\] \([0-9]*\) keys read$/\1/p' <<<"$check")
  EXPIRES=$(sed -n 's/^\[info\] \([0-9]*\) expires$/\1/p' <<<"$check")
  if [ -z "$KEYS" ] || [ -z "$EXPIRES" ]; then
    PROBLEM="redis-check-rdb passed it but did not say how many keys it read"
    return 1
  fi
  load_copy "$file" || return 1
  # Keys with a time to live may have lapsed between the snapshot and the load, no others.
  if [ "$LOADED" -gt "$KEYS" ] || [ "$LOADED" -lt $((KEYS - EXPIRES)) ]; then
    PROBLEM="redis-server loaded $LOADED keys of the $KEYS the file holds"
    return 1
  fi
  if [ "$needs_layout" = yes ] && [ "$LAYOUT" = absent ]; then
    PROBLEM="$LAYOUT_KEY is missing from the copy"
    [ "$CONFIG_SLOT" = - ] || PROBLEM+=" (this master holds its slot $CONFIG_SLOT)"
    return 1
  fi
  if [ -n "$expected" ] && [ "$KEYS" != "$expected" ]; then
    PROBLEM="the copy holds $KEYS keys where $whose $expected"
    return 1
  fi
}

# --- Backing up ---------------------------------------------------------------------------------

# The copy's file name: host-port, or unix-<socket file name>.
copy_name() {
  case "$1" in
    unix:*) echo "unix-$(basename "${1#unix:}")" ;;
    *) echo "${1%:*}-${1##*:}" ;;
  esac
}

# backup_master ADDRESS SLOTS: copies and verifies one master; appends its MANIFEST line to
# COPIES, prints how it went; fails if it could not be copied or verified.
backup_master() {
  local address=$1 slots=$2 name file before after needs_layout=no line expected="" quiet=no
  if [ "$address" = - ]; then
    PROBLEM="no master of the slots $slots is online"
    COPIES+=("copy master=- slots=$slots verified=no problem=\"$PROBLEM\"")
    return 1
  fi
  name=$(copy_name "$address")
  file="$DIR/$name.rdb"
  line="copy file=$name.rdb master=$address slots=$slots"
  if [ "$CLUSTER" = no ] || holds_slot "$slots" "$CONFIG_SLOT"; then needs_layout=yes; fi
  PROBLEM=""
  if ! { connect_to "$address" && check_access "$address"; } 2>"$WORK/access.err"; then
    PROBLEM=$(sed 's/^backup.sh: //' "$WORK/access.err")
  elif ! before=$(node_state); then
    PROBLEM="INFO failed"
  elif ! timeout "$SNAPSHOT_TIMEOUT" env REDISCLI_AUTH="$PASSWORD" redis-cli --user "$REDIS_USER" \
    "${CONNECT[@]}" --rdb "$file.partial" >"$WORK/$name.rdb.log" 2>&1; then
    PROBLEM="redis-cli --rdb failed: $(tail -1 "$WORK/$name.rdb.log")"
  elif ! after=$(node_state); then
    PROBLEM="INFO failed after the snapshot"
  fi
  if [ -n "$PROBLEM" ]; then
    rm -f "$file.partial"
    COPIES+=("$line verified=no problem=\"${PROBLEM//\"/\'}\"")
    return 1
  fi
  mv "$file.partial" "$file"
  local size sha256 keys_before=${before%% *} keys_after=${after%% *}
  # With nothing changed on the master during the copy, the copy holds exactly its keys.
  if quiet "$before" "$after"; then
    quiet=yes
    expected=$keys_before
  fi
  size=$(stat -c %s "$file")
  sha256=$(sha256sum "$file" | cut -d' ' -f1)
  line+=" snapshot_at=$SNAPSHOT_AT size=$size sha256=$sha256"
  if ! verify_copy "$file" "$needs_layout" "$expected" \
    "the master, unchanged during the copy, had"; then
    line+=" keys=${KEYS:--} loaded=${LOADED:--} master_keys=$keys_before"
    line+=" master_keys_after=$keys_after master_quiet=$quiet needs_layout=$needs_layout"
    COPIES+=("$line verified=no problem=\"${PROBLEM//\"/\'}\"")
    return 1
  fi
  line+=" keys=$KEYS expires=$EXPIRES loaded=$LOADED master_keys=$keys_before"
  line+=" master_keys_after=$keys_after master_quiet=$quiet needs_layout=$needs_layout"
  COPIES+=("$line layout=$LAYOUT verified=yes")
  echo "$address (slots $slots): verified: $KEYS keys copied, $LOADED loaded; the master had" \
    "$keys_before before and $keys_after after$([ $quiet = yes ] || echo ' (written meanwhile)');" \
    "layout $LAYOUT; $size bytes"
}

backup() {
  local dest=$1 started stamp i failed=()
  for tool in redis-cli redis-server redis-check-rdb jq sha256sum timeout; do
    command -v "$tool" >/dev/null || {
      log "$tool is missing (deploy/install-deps.sh installs it)"
      exit 1
    }
  done
  if [ ! -r "$PASSWORD_FILE" ]; then
    log "cannot read the password of $REDIS_USER: $PASSWORD_FILE (set GONGKAI_REDIS_PASSWORD_FILE)"
    exit 1
  fi
  PASSWORD=$(head -n 1 "$PASSWORD_FILE")
  find_masters || exit 1
  # The copies hold applicants' personal data: readable by this user alone.
  umask 077
  started=$(date -u +%FT%TZ)
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$dest"
  DIR="$dest/$stamp"
  if ! mkdir "$DIR"; then
    log "$DIR exists already: one backup a second"
    exit 1
  fi
  echo "backup of $REDIS_ADDRESS (cluster: $CLUSTER, ${#MASTERS[@]} master(s)) into $DIR"
  COPIES=()
  for i in "${!MASTERS[@]}"; do
    SNAPSHOT_AT=$(date -u +%FT%TZ)
    if ! backup_master "${MASTERS[$i]}" "${SLOTS[$i]}"; then
      if [ "${MASTERS[$i]}" = - ]; then
        failed+=("the master of slots ${SLOTS[$i]}")
        log "slots ${SLOTS[$i]}: NOT copied: $PROBLEM"
      else
        failed+=("${MASTERS[$i]}")
        log "${MASTERS[$i]} (slots ${SLOTS[$i]}): NOT verified: $PROBLEM"
      fi
    fi
  done
  {
    echo "# Gongkai Redis backup (deploy/backup.sh): one copy line per master; docs/operations.md"
    echo "backup started=$started finished=$(date -u +%FT%TZ) seed=$REDIS_ADDRESS" \
      "cluster=$CLUSTER config_slot=$CONFIG_SLOT masters=${#MASTERS[@]}" \
      "verified=$([ ${#failed[@]} -eq 0 ] && echo yes || echo no)"
    printf '%s\n' "${COPIES[@]}"
  } >"$DIR/MANIFEST.tmp"
  mv "$DIR/MANIFEST.tmp" "$DIR/MANIFEST"
  if [ ${#failed[@]} -gt 0 ]; then
    log "FAILED: ${#failed[@]} of ${#MASTERS[@]} master(s) not verified:" \
      "$(printf '%s, ' "${failed[@]}" | sed 's/, $//'); see $DIR/MANIFEST"
    exit 1
  fi
  echo "backup: all ${#MASTERS[@]} master(s) verified: $DIR/MANIFEST"
}

# --- Verifying a copy again ---------------------------------------------------------------------

# manifest_field LINE FIELD: the value of FIELD in a MANIFEST line.
manifest_field() { grep -o " $2=[^ ]*" <<<" $1" | head -1 | cut -d= -f2-; }

verify_again() {
  local file=$1 manifest line needs_layout=no expected=""
  [ -f "$file" ] || {
    log "no such file: $file"
    exit 2
  }
  manifest="$(dirname "$file")/MANIFEST"
  CONFIG_SLOT=-
  line=""
  if [ -f "$manifest" ]; then
    line=$(grep -F " file=$(basename "$file") " "$manifest" | head -1) || true
  fi
  if [ -n "$line" ]; then
    # The copy as the backup recorded it: the same bytes, keys and layout key.
    expected=$(manifest_field "$line" keys)
    [[ "$expected" =~ ^[0-9]+$ ]] || expected=""
    needs_layout=$(manifest_field "$line" needs_layout)
    if [ "$(sha256sum "$file" | cut -d' ' -f1)" != "$(manifest_field "$line" sha256)" ]; then
      log "$file: NOT verified: its sha256 differs from the one in $manifest"
      exit 1
    fi
  fi
  if ! verify_copy "$file" "$needs_layout" "$expected" "its MANIFEST line records"; then
    log "$file: NOT verified: $PROBLEM"
    exit 1
  fi
  echo "$file: verified: $KEYS keys, $LOADED loaded; layout $LAYOUT;" \
    "$([ -n "$line" ] && echo "as recorded in $manifest" || echo "no MANIFEST line to compare with")"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-backup.XXXXXX")
LOADER_PID="" LOADER_DIR=""
cleanup() {
  stop_loader
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

case "${1:-}" in
  --verify)
    [ $# -eq 2 ] || usage
    verify_again "$2"
    ;;
  -* | "") usage ;;
  *)
    [ $# -eq 1 ] || usage
    backup "$1"
    ;;
esac
