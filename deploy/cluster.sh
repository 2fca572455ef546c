#!/usr/bin/env bash
# A local Redis Cluster for Gongkai: three masters and three replicas on loopback.
#
#   deploy/cluster.sh up      start the cluster (create it on first use); the last line on stdout
#                             is the seed address 127.0.0.1:<base port>, also written to $DIR/seed
#   deploy/cluster.sh status  each node: role, master, slots, partitions and tags, link, keys;
#                             exits 1 if the cluster is not healthy
#   deploy/cluster.sh down    stop every node of the cluster directory; the data stays
#
# Environment: GONGKAI_CLUSTER_DIR (default $GONGKAI_RUN_DIR/cluster, GONGKAI_RUN_DIR defaulting
# to .run/), GONGKAI_CLUSTER_PORT (7391: nodes on 127.0.0.1 base..base+5, cluster bus on +10000),
# GONGKAI_CLUSTER_NODE_TIMEOUT (ms, 3000), GONGKAI_CLUSTER_APPENDFSYNC (everysec),
# GONGKAI_CLUSTER_PASSWORDS=test (fixed passwords service-pw-test, operator-pw-test,
# replica-pw-test instead of random ones), GONGKAI_CLUSTER_WAIT_SECONDS (30: how long `up` waits
# for the nodes to answer and for the cluster to become healthy).
#
# The services sign in with --redis_user=gongkai --redis_password_file=$DIR/service.password;
# people and tools as `operator` ($DIR/operator.password). The replicas replicate as `replica`,
# a user that may run only what replication needs.
#
# Slots follow Gongkai's hash tags, not the even thirds of `redis-cli --cluster create`: the 16
# partitions {p00}..{p15} are spread 6/5/5 over the masters by cutting the slot space halfway
# between the partitions' sorted slots. The other tags ({seq} {auth} {config} {report}
# {notices}) land where their slots fall.
#
# A cluster is its directory: its nodes are the redis-servers working in $DIR/node-<port>.
# `up` keeps a running healthy cluster, starts stopped nodes again on their data (they rejoin
# from nodes.conf), and fails before starting anything if a node's port or bus port is held by
# anything else. Settings given to a running node take effect when it is next started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR="${GONGKAI_RUN_DIR:-$ROOT/.run}"
DIR="${GONGKAI_CLUSTER_DIR:-$RUN_DIR/cluster}"
# Absolute: the nodes' working directories identify the cluster.
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
BASE_PORT="${GONGKAI_CLUSTER_PORT:-7391}"
NODE_TIMEOUT="${GONGKAI_CLUSTER_NODE_TIMEOUT:-3000}"
APPENDFSYNC="${GONGKAI_CLUSTER_APPENDFSYNC:-everysec}"
PASSWORDS="${GONGKAI_CLUSTER_PASSWORDS:-}"
WAIT_SECONDS="${GONGKAI_CLUSTER_WAIT_SECONDS:-30}"

PARTITIONS=()
for i in $(seq 0 15); do PARTITIONS+=("$(printf 'p%02d' "$i")"); done
OTHER_TAGS=(seq auth config report notices)

log() { echo "cluster.sh: $*" >&2; }
# alive, describe_pid, port_listeners
# shellcheck source=deploy/lib/processes.sh
. "$ROOT/deploy/lib/processes.sh"
die() {
  log "$*"
  exit 1
}

check_settings() {
  if ! [[ "$BASE_PORT" =~ ^[0-9]+$ ]] || [ "$BASE_PORT" -lt 1024 ] || [ "$BASE_PORT" -gt 55530 ]; then
    die "GONGKAI_CLUSTER_PORT=$BASE_PORT: a port from 1024 to 55530 (the bus ports are +10000)"
  fi
  if ! [[ "$NODE_TIMEOUT" =~ ^[1-9][0-9]*$ ]]; then
    die "GONGKAI_CLUSTER_NODE_TIMEOUT=$NODE_TIMEOUT: milliseconds, a positive number"
  fi
  case "$APPENDFSYNC" in always | everysec | no) ;;
    *) die "GONGKAI_CLUSTER_APPENDFSYNC=$APPENDFSYNC: always, everysec or no" ;;
  esac
  case "$PASSWORDS" in "" | random | test) ;;
    *) die "GONGKAI_CLUSTER_PASSWORDS=$PASSWORDS: test (fixed test passwords) or unset (random)" ;;
  esac
  if ! [[ "$WAIT_SECONDS" =~ ^[1-9][0-9]*$ ]]; then
    die "GONGKAI_CLUSTER_WAIT_SECONDS=$WAIT_SECONDS: seconds, a positive number"
  fi
  # The node configuration files quote the paths.
  case "$DIR" in *[\"\\$'\n']*) die "GONGKAI_CLUSTER_DIR may not contain quotes, backslashes or newlines" ;; esac
  local tool
  for tool in redis-server redis-cli ss timeout; do
    command -v "$tool" >/dev/null ||
      die "$tool is missing (Debian: apt-get install -y redis-server redis-tools iproute2 coreutils)"
  done
}

PORTS=()
set_ports() {
  local i
  PORTS=()
  for i in 0 1 2 3 4 5; do PORTS+=($((BASE_PORT + i))); done
  # At creation the first three are the masters, the others their replicas in the same order;
  # failovers may swap them later, so everything after creation asks the nodes for their roles.
  SEED="127.0.0.1:$BASE_PORT"
  MASTERS=("${PORTS[@]:0:3}")
  REPLICAS=("${PORTS[@]:3:3}")
}

node_dir() { echo "$DIR/node-$1"; }
node_log() { echo "$DIR/node-$1/redis.log"; }

# --- The cluster's processes ----------------------------------------------------------------------

# "PORT PID" for each live redis-server working in a node directory of this cluster, whatever
# its port. Debian's redis-check-aof is the same binary: its first word tells them apart.
node_processes() {
  [ -d "$DIR" ] || return 0
  local exe real proc cwd port name
  exe=$(readlink -f "$(command -v redis-server)") || return 0
  real=$(cd "$DIR" && pwd -P)
  for proc in /proc/[0-9]*; do
    [ "$proc/exe" -ef "$exe" ] || continue
    cwd=$(readlink "$proc/cwd") || continue
    case "$cwd" in "$real"/node-*) ;; *) continue ;; esac
    port=${cwd#"$real"/node-}
    [[ "$port" =~ ^[0-9]+$ ]] || continue
    name=$(tr '\0' ' ' <"$proc/cmdline")
    name=${name%% *}
    [ "${name##*/}" = redis-server ] || continue
    alive "${proc#/proc/}" && echo "$port ${proc#/proc/}"
  done 2>/dev/null
  return 0
}

# Fills NODE_PID (port -> pid) with the running nodes of this cluster.
declare -A NODE_PID=()
find_nodes() {
  local port pid
  NODE_PID=()
  while read -r port pid; do NODE_PID[$port]=$pid; done < <(node_processes)
}


# Fails, naming the port and GONGKAI_CLUSTER_PORT, if a node's port or bus port is held by
# anything but that node of this cluster.
check_ports_free() {
  local port bus listener
  for port in "${PORTS[@]}"; do
    for bus in "$port" $((port + 10000)); do
      for listener in $(port_listeners "$bus"); do
        [ "$listener" = "${NODE_PID[$port]:-}" ] && continue
        if [ "$listener" = "?" ]; then
          log "port $bus is taken by a process this user cannot see"
        else
          log "port $bus is taken by $(describe_pid "$listener"), which is not a node of this cluster ($DIR)"
        fi
        log "the cluster's nodes use ports $BASE_PORT-$((BASE_PORT + 5)) and their bus ports" \
          "$((BASE_PORT + 10000))-$((BASE_PORT + 10005)) (GONGKAI_CLUSTER_PORT=$BASE_PORT)"
        die "stop it, or move the cluster: GONGKAI_CLUSTER_PORT=<free base port> deploy/cluster.sh up"
      done
    done
  done
}

# A directory holds one cluster on one set of ports (nodes.conf records them): nodes of other
# ports mean it was made with another GONGKAI_CLUSTER_PORT.
check_dir_ports() {
  local dir port
  for dir in "$DIR"/node-*; do
    [ -f "$dir/nodes.conf" ] || continue
    port=${dir##*/node-}
    [[ " ${PORTS[*]} " == *" $port "* ]] && continue
    die "$DIR holds a cluster on other ports ($dir); use the GONGKAI_CLUSTER_PORT it was made" \
      "with, or another GONGKAI_CLUSTER_DIR"
  done
}

# --- Users -----------------------------------------------------------------------------------------

random_password() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }

# The password files (mode 600, made once per directory) and users.acl: the deployment's users
# (deploy/redis-users.acl.in) and `replica`. Sets USERS_CHANGED=1 if users.acl was (re)written.
USERS_CHANGED=0
write_users() {
  local who file acl
  (
    umask 077
    for who in service operator replica; do
      file="$DIR/$who.password"
      if [ "$PASSWORDS" = test ]; then
        if [ -f "$file" ] && [ "$(cat "$file")" != "$who-pw-test" ]; then
          die "$DIR was made with random passwords; GONGKAI_CLUSTER_PASSWORDS=test needs another" \
            "GONGKAI_CLUSTER_DIR (or remove this one)"
        fi
        echo "$who-pw-test" >"$file"
      elif [ ! -f "$file" ]; then
        random_password >"$file"
      fi
    done
  )
  acl=$(
    grep -v -e '^#' -e '^$' "$ROOT/deploy/redis-users.acl.in" |
      sed -e "s/@SERVICE_PASSWORD@/$(cat "$DIR/service.password")/" \
        -e "s/@OPERATOR_PASSWORD@/$(cat "$DIR/operator.password")/"
    # What a replica sends its master: AUTH (always allowed), PING, REPLCONF and PSYNC.
    echo "user replica on >$(cat "$DIR/replica.password") resetkeys resetchannels -@all +psync +replconf +ping"
  )
  if [ ! -f "$DIR/users.acl" ] || [ "$acl" != "$(cat "$DIR/users.acl")" ]; then
    (umask 077 && echo "$acl" >"$DIR/users.acl.new")
    mv "$DIR/users.acl.new" "$DIR/users.acl"
    USERS_CHANGED=1
  fi
}

# redis-cli as `operator` on node PORT; never hangs (5 s, or the seconds in CLI_TIMEOUT).
cli() {
  local port=$1
  shift
  REDISCLI_AUTH="$(cat "$DIR/operator.password")" timeout "${CLI_TIMEOUT:-5}" \
    redis-cli --user operator -h 127.0.0.1 -p "$port" "$@" | tr -d '\r'
}

# field NAME: the value of NAME: in the INFO-style text on stdin.
field() { sed -n "s/^$1:\(.*\)/\1/p"; }

# --- Nodes ---------------------------------------------------------------------------------------

# The node's configuration, written at each `up`: private (it holds masterauth, which would show
# in ps on a command line). cluster-require-full-coverage no: a shard that has lost its master and
# its replica stalls its own partitions only; the other masters go on serving theirs (and the
# managers' views name the missing partitions) instead of the whole cluster refusing.
write_node_conf() {
  local port=$1 dir
  dir=$(node_dir "$port")
  mkdir -p "$dir"
  (
    umask 077
    cat >"$dir/redis.conf.new" <<EOF
# Written by deploy/cluster.sh at each \`up\`: edits are overwritten.
dir "$dir"
port $port
bind 127.0.0.1
daemonize yes
pidfile "$dir/redis.pid"
logfile "$dir/redis.log"
aclfile "$DIR/users.acl"
appendonly yes
appendfsync $APPENDFSYNC
save ""
cluster-enabled yes
cluster-config-file nodes.conf
cluster-node-timeout $NODE_TIMEOUT
cluster-replica-validity-factor 0
cluster-require-full-coverage no
masteruser replica
masterauth "$(cat "$DIR/replica.password")"
min-replicas-to-write 1
min-replicas-max-lag 10
repl-diskless-sync-delay 0
EOF
  )
  mv "$dir/redis.conf.new" "$dir/redis.conf"
}

start_node() {
  local port=$1
  write_node_conf "$port"
  redis-server "$(node_dir "$port")/redis.conf" >&2 ||
    die "redis-server on port $port did not start; see $(node_log "$port")"
}

# Waits until every node answers PING (a node loading its AOF answers LOADING); fails naming the
# log of a node that does not, or that ended.
wait_answering() {
  local deadline=$((SECONDS + WAIT_SECONDS)) port pending
  while true; do
    pending=()
    for port in "${PORTS[@]}"; do
      [ "$(cli "$port" ping 2>/dev/null)" = PONG ] || pending+=("$port")
    done
    [ ${#pending[@]} -gt 0 ] || return 0
    if [ $SECONDS -ge $deadline ]; then
      die "node ${pending[0]} does not answer within ${WAIT_SECONDS}s; see $(node_log "${pending[0]}")"
    fi
    find_nodes
    for port in "${pending[@]}"; do
      # The daemon may take a moment to appear after redis-server returns.
      if [ -z "${NODE_PID[$port]:-}" ] && [ $((SECONDS + WAIT_SECONDS - deadline)) -ge 3 ]; then
        die "node $port is not running; see $(node_log "$port")"
      fi
    done
    sleep 0.2
  done
}

# --- Slots and tags ------------------------------------------------------------------------------

# Fills TAG_SLOT (tag -> slot) for the partitions and the other tags, asking node PORT.
declare -A TAG_SLOT=()
tag_slots() {
  local port=$1 tags=("${PARTITIONS[@]}" "${OTHER_TAGS[@]}") slots i
  mapfile -t slots < <(printf 'cluster keyslot {%s}\n' "${tags[@]}" | cli "$port")
  [ ${#slots[@]} -eq ${#tags[@]} ] || die "CLUSTER KEYSLOT on port $port failed: ${slots[*]}"
  for i in "${!tags[@]}"; do
    [[ "${slots[$i]}" =~ ^[0-9]+$ ]] || die "CLUSTER KEYSLOT {${tags[$i]}} on port $port: ${slots[$i]}"
    TAG_SLOT[${tags[$i]}]=${slots[$i]}
  done
}

# The three masters' ranges "first last", one a line: 6, 5 and 5 of the partitions, cut halfway
# between the sorted partition slots.
slot_ranges() {
  local sorted p
  mapfile -t sorted < <(for p in "${PARTITIONS[@]}"; do echo "${TAG_SLOT[$p]}"; done | sort -n)
  if [ "${sorted[5]}" -ge "${sorted[6]}" ] || [ "${sorted[10]}" -ge "${sorted[11]}" ]; then
    die "two partitions share a slot at a cut: ${sorted[*]}"
  fi
  local cut1=$(((sorted[5] + sorted[6]) / 2)) cut2=$(((sorted[10] + sorted[11]) / 2))
  echo "0 $cut1"
  echo "$((cut1 + 1)) $cut2"
  echo "$((cut2 + 1)) 16383"
}

# tags_in RANGES...: the partitions, then the other tags in {braces}, whose slots fall in the
# ranges ("a-b" or "a"), space-separated.
tags_in() {
  local tag range first last out=()
  for tag in "${PARTITIONS[@]}" "${OTHER_TAGS[@]}"; do
    for range in "$@"; do
      first=${range%-*} last=${range#*-}
      if [ "${TAG_SLOT[$tag]}" -ge "$first" ] && [ "${TAG_SLOT[$tag]}" -le "$last" ]; then
        if [[ " ${PARTITIONS[*]} " == *" $tag "* ]]; then out+=("$tag"); else out+=("{$tag}"); fi
      fi
    done
  done
  echo "${out[*]}"
}

# The slot ranges of node ID in CLUSTER NODES text on stdin, space-separated (slots being
# migrated, in brackets, left out).
slots_of() {
  awk -v id="$1" '$1 == id { for (i = 9; i <= NF; i++) if ($i !~ /^\[/) s = s (s ? " " : "") $i; print s }'
}

# --- Health ----------------------------------------------------------------------------------------

# What keeps the cluster from being healthy, one problem a line; nothing when it is healthy: every
# node answers, sees cluster_state:ok, all 16384 slots and six nodes, none failing or in
# handshake, three of them masters; three masters with slots, each with a replica online; three
# replicas, links up.
health_problems() {
  local port info nodes repl role masters=0 replicas=0
  for port in "${PORTS[@]}"; do
    if ! info=$(cli "$port" cluster info 2>/dev/null) || [[ "$info" != *cluster_state:* ]]; then
      echo "127.0.0.1:$port does not answer (log: $(node_log "$port"))"
      continue
    fi
    [ "$(field cluster_state <<<"$info")" = ok ] ||
      echo "127.0.0.1:$port: cluster_state:$(field cluster_state <<<"$info")"
    [ "$(field cluster_known_nodes <<<"$info")" = 6 ] ||
      echo "127.0.0.1:$port sees $(field cluster_known_nodes <<<"$info") nodes, not 6"
    [ "$(field cluster_slots_assigned <<<"$info")" = 16384 ] ||
      echo "127.0.0.1:$port sees $(field cluster_slots_assigned <<<"$info") of 16384 slots assigned"
    nodes=$(cli "$port" cluster nodes 2>/dev/null) || true
    awk -v me="$port" '$3 ~ /fail|handshake|noaddr/ {
      split($2, a, "@"); printf "127.0.0.1:%s sees %s as %s\n", me, a[1], $3 }' <<<"$nodes"
    # Each node's own view of the roles too: a node made a replica is for a moment still listed
    # as a master (without slots) by the others, until the news has gone round.
    awk -v me="$port" '$3 ~ /master/ { n++ } END { if (n != 3) printf "127.0.0.1:%s sees %d masters, not 3\n", me, n }' <<<"$nodes"
    repl=$(cli "$port" info replication 2>/dev/null) || true
    role=$(field role <<<"$repl")
    if [ "$role" = master ]; then
      masters=$((masters + 1))
      [ -n "$(awk '$3 ~ /myself/' <<<"$nodes" | awk '{ print $9 }')" ] ||
        echo "127.0.0.1:$port is a master without slots"
      grep -q '^slave[0-9]*:.*state=online' <<<"$repl" ||
        echo "127.0.0.1:$port is a master without a replica online (writes need one)"
    elif [ "$role" = slave ]; then
      replicas=$((replicas + 1))
      [ "$(field master_link_status <<<"$repl")" = up ] ||
        echo "127.0.0.1:$port: link to its master $(field master_host <<<"$repl"):$(field master_port <<<"$repl") is $(field master_link_status <<<"$repl")"
    else
      echo "127.0.0.1:$port: role unknown"
    fi
  done
  [ "$masters" -eq 3 ] || echo "$masters masters answer, not 3"
  [ "$replicas" -eq 3 ] || echo "$replicas replicas answer, not 3"
}

# wait_for WHAT CHECK: runs the function CHECK (it prints problems, nothing when done) until it
# prints nothing; fails after GONGKAI_CLUSTER_WAIT_SECONDS, naming what is left and the logs.
wait_for() {
  local what=$1 check=$2 deadline=$((SECONDS + WAIT_SECONDS)) problems line
  while true; do
    problems=$("$check")
    [ -n "$problems" ] || return 0
    [ $SECONDS -lt $deadline ] || break
    sleep 0.3
  done
  log "$what: not within ${WAIT_SECONDS}s:"
  while read -r line; do log "  $line"; done <<<"$problems"
  die "the nodes' logs: $DIR/node-<port>/redis.log"
}

# Until every node knows the six and sees every slot assigned (after CLUSTER MEET).
agreement_problems() {
  local port info
  for port in "${PORTS[@]}"; do
    info=$(cli "$port" cluster info 2>/dev/null) || true
    [ "$(field cluster_known_nodes <<<"$info")" = 6 ] && [ "$(field cluster_slots_assigned <<<"$info")" = 16384 ] &&
      ! cli "$port" cluster nodes 2>/dev/null | grep -q handshake ||
      echo "127.0.0.1:$port knows $(field cluster_known_nodes <<<"$info") nodes and $(field cluster_slots_assigned <<<"$info") slots"
  done
}

# --- Creation --------------------------------------------------------------------------------------

# ok PORT COMMAND...: runs the command on node PORT, fails unless it answers OK.
ok() {
  local port=$1 answer
  shift
  answer=$(cli "$port" "$@" 2>&1) || true
  [ "$answer" = OK ] || die "127.0.0.1:$port: $* answered: ${answer:-nothing}; see $(node_log "$port")"
}

# Whether every node is a fresh single node: it knows only itself, has no slots and no keys.
all_fresh() {
  local port info
  for port in "${PORTS[@]}"; do
    info=$(cli "$port" cluster info) || return 1
    [ "$(field cluster_known_nodes <<<"$info")" = 1 ] && [ "$(field cluster_slots_assigned <<<"$info")" = 0 ] &&
      [ "$(cli "$port" dbsize)" = 0 ] || return 1
  done
}

all_empty() {
  local port
  for port in "${PORTS[@]}"; do [ "$(cli "$port" dbsize)" = 0 ] || return 1; done
}

create_cluster() {
  local port i first last ranges master_id
  if ! all_fresh; then
    # A creation interrupted before: nothing was stored yet, so the nodes start over.
    log "an earlier creation in $DIR did not finish and no data was stored: starting it over"
    for port in "${PORTS[@]}"; do ok "$port" cluster reset hard; done
  fi
  tag_slots "${PORTS[0]}"
  mapfile -t ranges < <(slot_ranges)
  for i in 0 1 2; do
    read -r first last <<<"${ranges[$i]}"
    # Distinct epochs from the start, so that no collision has to be settled when they meet.
    ok "${MASTERS[$i]}" cluster set-config-epoch $((i + 1))
    ok "${MASTERS[$i]}" cluster addslotsrange "$first" "$last"
  done
  for port in "${PORTS[@]:1}"; do ok "${PORTS[0]}" cluster meet 127.0.0.1 "$port"; done
  wait_for "the six nodes to know each other and every slot" agreement_problems
  for i in 0 1 2; do
    master_id=$(cli "${MASTERS[$i]}" cluster myid)
    ok "${REPLICAS[$i]}" cluster replicate "$master_id"
  done
  log "created: masters on ${MASTERS[*]}, their replicas on ${REPLICAS[*]}"
}

# Logs which slots, partitions and tags each master holds.
log_assignment() {
  local port nodes id addr slots
  tag_slots "$BASE_PORT"
  nodes=$(cli "$BASE_PORT" cluster nodes)
  while read -r id addr; do
    # shellcheck disable=SC2086  # the ranges are words
    slots=$(slots_of "$id" <<<"$nodes")
    # shellcheck disable=SC2086
    log "master ${addr%@*} holds slots $slots: $(tags_in $slots)"
  done < <(awk '$3 ~ /master/ && $9 != "" { print $1, $2 }' <<<"$nodes" | sort -k2)
}

# --- Commands --------------------------------------------------------------------------------------

up() {
  check_dir_ports
  mkdir -p "$DIR"
  write_users
  find_nodes
  check_ports_free
  local port running=0 had_data=0
  for port in "${PORTS[@]}"; do
    [ -z "${NODE_PID[$port]:-}" ] || running=$((running + 1))
    [ ! -f "$(node_dir "$port")/nodes.conf" ] || had_data=1
  done
  if [ "$running" -gt 0 ] && [ "$USERS_CHANGED" = 1 ]; then
    # The running nodes take the new users now (ACL LOAD drops the connections of the users it
    # replaces: replicas and services reconnect); the others read them as they start.
    for port in "${!NODE_PID[@]}"; do
      [ "${NODE_PID[$port]}" ] && ok "$port" acl load
    done
    log "users.acl changed: loaded into the running nodes"
  fi
  if [ "$running" -eq 6 ] && [ -z "$(health_problems)" ]; then
    log "the cluster in $DIR is already running and healthy"
    finish_up
    return 0
  fi
  for port in "${PORTS[@]}"; do
    if [ -n "${NODE_PID[$port]:-}" ]; then
      log "node $port: kept (pid ${NODE_PID[$port]})"
    else
      start_node "$port"
    fi
  done
  wait_answering
  find_nodes
  for port in "${PORTS[@]}"; do
    log "node $port: running (pid ${NODE_PID[$port]:-?}), data in $(node_dir "$port")"
  done
  # The seed file is written once the cluster was healthy: a directory without it holds a
  # cluster being created, started over as long as it stores nothing.
  if [ "$had_data" = 0 ] || { [ ! -f "$DIR/seed" ] && all_empty; }; then
    create_cluster
  else
    log "the nodes rejoin from their nodes.conf"
  fi
  wait_for "the cluster to become healthy" health_problems
  finish_up
}

finish_up() {
  log_assignment
  log "services: --redis=$SEED --redis_user=gongkai --redis_password_file=$DIR/service.password"
  log "operator: REDISCLI_AUTH=\$(cat $DIR/operator.password) redis-cli -c --user operator -p $BASE_PORT"
  echo "$SEED" >"$DIR/seed"
  echo "$SEED"
}

status() {
  [ -f "$DIR/operator.password" ] || die "no cluster in $DIR"
  find_nodes
  local port answer_port="" nodes info repl role id master_id master slots link keys held
  for port in "${PORTS[@]}"; do
    [ "$(cli "$port" ping 2>/dev/null)" = PONG ] && answer_port=$port && break
  done
  if [ -n "$answer_port" ]; then tag_slots "$answer_port"; fi
  echo "cluster in $DIR, seed $SEED"
  for port in "${PORTS[@]}"; do
    if [ "$(cli "$port" ping 2>/dev/null)" != PONG ]; then
      if [ -n "${NODE_PID[$port]:-}" ]; then
        echo "127.0.0.1:$port  not answering (pid ${NODE_PID[$port]}; log $(node_log "$port"))"
      else
        echo "127.0.0.1:$port  stopped (log $(node_log "$port"))"
      fi
      continue
    fi
    nodes=$(cli "$port" cluster nodes)
    repl=$(cli "$port" info replication)
    keys=$(cli "$port" dbsize)
    id=$(awk '$3 ~ /myself/ { print $1 }' <<<"$nodes")
    role=$(field role <<<"$repl")
    if [ "$role" = slave ]; then
      master_id=$(awk '$3 ~ /myself/ { print $4 }' <<<"$nodes")
      master="$(field master_host <<<"$repl"):$(field master_port <<<"$repl")"
      slots=$(slots_of "$master_id" <<<"$nodes")
      link="link to master $(field master_link_status <<<"$repl")"
      role="replica of $master"
    else
      slots=$(slots_of "$id" <<<"$nodes")
      link="replicas online $(grep -c '^slave[0-9]*:.*state=online' <<<"$repl" || true)"
    fi
    # shellcheck disable=SC2086  # the ranges are words
    held=$(tags_in $slots)
    echo "127.0.0.1:$port  $role  (pid ${NODE_PID[$port]:-?})  slots ${slots:-none}  $link  keys $keys"
    echo "    holds ${held:-no tags}"
  done
  local problems line
  problems=$(health_problems)
  if [ -n "$problems" ]; then
    echo "NOT healthy:"
    while read -r line; do echo "  $line"; done <<<"$problems"
    return 1
  fi
  echo "healthy: 3 masters, 3 replicas, cluster_state ok on every node"
}

# stop_node PORT PID: SHUTDOWN as operator (with AOF on it writes and fsyncs the AOF; NOSAVE would
# not matter but says the wrong thing), else SIGTERM, which shuts down the same way. Never killed:
# that could lose the last writes.
stop_node() {
  local port=$1 pid=$2 pid_file
  [ ! -f "$DIR/operator.password" ] || CLI_TIMEOUT=15 cli "$port" shutdown >/dev/null 2>&1 || true
  for _ in $(seq 50); do
    alive "$pid" || return 0
    sleep 0.1
  done
  pid_file="$(node_dir "$port")/redis.pid"
  if [ -f "$pid_file" ] && [ "$(cat "$pid_file")" != "$pid" ]; then
    log "$pid_file names $(cat "$pid_file"), not node $port's process $pid: signalling $pid"
  fi
  log "node $port did not stop on SHUTDOWN: SIGTERM to pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
}

down() {
  find_nodes
  [ ${#NODE_PID[@]} -gt 0 ] || {
    log "no node of $DIR is running"
    return 0
  }
  # Replicas first: with them gone no master can be failed over while the others stop.
  local port role first=() last=() left
  for port in "${!NODE_PID[@]}"; do
    role=""
    [ ! -f "$DIR/operator.password" ] || role=$(cli "$port" role 2>/dev/null | head -1) || true
    if [ "$role" = slave ]; then first+=("$port"); else last+=("$port"); fi
  done
  for port in "${first[@]}"; do stop_node "$port" "${NODE_PID[$port]}" & done
  wait
  for port in "${last[@]}"; do stop_node "$port" "${NODE_PID[$port]}" & done
  wait
  for _ in $(seq 600); do
    left=()
    for port in "${!NODE_PID[@]}"; do alive "${NODE_PID[$port]}" && left+=("$port"); done
    [ ${#left[@]} -gt 0 ] || break
    sleep 0.1
  done
  if [ ${#left[@]} -gt 0 ]; then
    for port in "${left[@]}"; do log "node $port (pid ${NODE_PID[$port]}) still runs; see $(node_log "$port")"; done
    die "nodes did not stop within a minute"
  fi
  log "stopped ${#NODE_PID[@]} nodes of $DIR (data kept)"
}

case "${1:-}" in
  up | status | down)
    check_settings
    set_ports
    "$1"
    ;;
  *)
    sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
