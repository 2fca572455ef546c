#!/usr/bin/env bash
# Gongkai on one machine: installs what is missing, builds, and runs Redis, the five services and
# the staff's web console on loopback.
#
#   deploy/local.sh demo    set up, play a day at the service window, stop everything
#   deploy/local.sh test    set up, run every test through CTest
#   deploy/local.sh up      set up and leave Redis, the services and the console running; prints
#                           the console's address and the accounts to sign in with;
#                           `up --tls` serves everything over TLS with a local CA;
#                           `up --cluster` runs on a local Redis Cluster (3 masters, 3 replicas)
#                           with two copies of every service
#   deploy/local.sh down    stop exactly what `up` (or `up --cluster`) started
#   deploy/local.sh build   install and build only
#   deploy/local.sh bench             the pipeline's throughput and latency against the machine's
#                                     bound, with appendfsync everysec and always
#   deploy/local.sh bench-cluster     the same load on one Redis node and on a Redis Cluster of
#                                     3 masters and 3 replicas (with and without WAIT), side by side
#   deploy/local.sh bench-deadlines   load a million open cases, measure the managers' views;
#                                     close a million more, measure the annual report
#   deploy/local.sh bench-console     the console gateway's added latency (50 staff at once) and
#                                     the department queue page with 1,000 cases, in Chromium
#   deploy/local.sh bench-county      the county overview and 通报 over 113 agencies, 1,000,000 cases
#   deploy/local.sh bench-steps       the services' own CPU a pipeline step (the domain logic and
#                                     the transition call it builds), without Redis or gRPC
#   deploy/local.sh bench-scripts     what each pipeline step's scripts cost Redis, with a
#                                     private Redis alone on the machine
#
# Ports (override by environment): Redis GONGKAI_REDIS_PORT (7379); intake, routing, review,
# reply and tracker GONGKAI_INTAKE_PORT ... (7101-7105); the web console GONGKAI_CONSOLE_PORT
# (7180). State lives in .run/ (override: GONGKAI_RUN_DIR). The single-node stack's services
# also serve on unix sockets in $RUN_DIR/sockets, which its console and benchmark use
# (GONGKAI_SERVICE_SOCKETS=0: TCP alone).
# GONGKAI_BUILD_DIR (build/) is where the binaries are built and run from; GONGKAI_SKIP_BUILD=1
# skips installing and building (up, demo, bench*, test) and uses the binaries already there.
#
# A stack is its run directory: its Redis is the redis-server working in $RUN_DIR/redis, its
# services are the gongkai-* processes started with $RUN_DIR's Redis password file. Pid files are
# only written for people; `up` and `down` find the processes themselves (in /proc, ports by `ss`).
# `up` over a stack that is partly running (after a crash, or run twice) completes it: it keeps
# this stack's Redis if it answers, else starts it on the same data; it keeps a service that is
# the only one of its kind, listens on its port, runs this build's binary (not rebuilt since the
# process started) with the same command line, and turns SERVING once Redis answers (within 10 s,
# else it is restarted); any other service process of the stack is stopped and the service
# started afresh. A port held by anything not of this stack makes `up` fail before it starts
# anything, naming the port and the variable that moves it. `down` stops every process of the
# stack, whatever the pid files say, and never a process that is not of it; the data stays.
#
# `up --cluster`: the stack's Redis is a cluster made by deploy/cluster.sh in $RUN_DIR/cluster
# (nodes on GONGKAI_CLUSTER_PORT (7391) to +5), and every service runs twice: copy 1 on the usual
# port, copy 2 GONGKAI_SECOND_COPY_OFFSET (10) above it (7111-7115), each change waiting for a
# replica (--redis_wait_replicas=1), routing and reply reading their streams under a consumer name
# per copy. One console is given both copies of each service as a gRPC address list, as the CLI
# can be (`up` prints the exports). The cluster stack's accounts and tokens are its own, in
# $RUN_DIR/cluster. Not over TLS: an address list fails the certificate check. Simpler than `up`:
# it stops every service and console of the run directory (and its single Redis) and starts them
# afresh; deploy/cluster.sh keeps a running healthy cluster and starts stopped nodes on their
# data. A plain `up` refuses while the cluster stack's services run; `down` stops either stack,
# the cluster's nodes included (cluster.sh down), and keeps the data.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR="${GONGKAI_BUILD_DIR:-$ROOT/build}"
RUN_DIR="${GONGKAI_RUN_DIR:-$ROOT/.run}"
# Absolute: the run directory's paths in the services' command lines identify the stack.
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$PWD/$RUN_DIR" ;; esac
BIN="$BUILD_DIR/bin"
REDIS_PORT="${GONGKAI_REDIS_PORT:-7379}"
# The single-node stack's Redis listens on a unix socket in its directory as well, and the services
# (and the pipeline benchmark, whose bound then measures Redis as they reach it) use it: cheaper
# than loopback TCP for both sides (docs/performance.md, "The third round"). redis-cli and the
# other benchmarks keep the port. A socket path must fit in 100 bytes; a longer run directory
# uses TCP alone. (A function: the benchmarks move RUN_DIR from stack to stack.)
redis_socket() { echo "$RUN_DIR/redis/redis.sock"; }
declare -A SERVICE_PORTS=(
  [intake]="${GONGKAI_INTAKE_PORT:-7101}"
  [routing]="${GONGKAI_ROUTING_PORT:-7102}"
  [review]="${GONGKAI_REVIEW_PORT:-7103}"
  [reply]="${GONGKAI_REPLY_PORT:-7104}"
  [tracker]="${GONGKAI_TRACKER_PORT:-7105}"
)
SERVICES=(intake routing review reply tracker)
# The staff's web console (工作台), an HTTP server in front of the five services.
CONSOLE_PORT="${GONGKAI_CONSOLE_PORT:-7180}"
# The county's agencies (docs/agencies.md): each case's letters, units and report are its agency's.
AGENCIES="${GONGKAI_AGENCIES:-$ROOT/deploy/agencies.conf}"
# `up --cluster`: the services' second copies are this far above the first ones.
SECOND_COPY_OFFSET="${GONGKAI_SECOND_COPY_OFFSET:-10}"

log() { echo "local.sh: $*" >&2; }
# alive, describe_pid, port_listeners
# shellcheck source=deploy/lib/processes.sh
. "$ROOT/deploy/lib/processes.sh"

install_deps() { "$ROOT/deploy/install-deps.sh"; }

# The browser tests' driver (playwright-core, pinned by tests/browser/package-lock.json) from the
# npm registry: installed again only when the lockfile changed.
browser_deps() {
  local dir="$ROOT/tests/browser"
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
    [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" -j2
}

# Installs and builds, unless GONGKAI_SKIP_BUILD=1 says the build in $BUILD_DIR is ready (CTest
# runs tests/deploy/ that way: it must not run cmake on the build it is testing).
prepare() {
  if [ "${GONGKAI_SKIP_BUILD:-0}" = 1 ]; then
    local missing=()
    for program in "$BIN/gongkai" "${SERVICES[@]/#/$BIN/gongkai-}" "$BIN/gongkai-console"; do
      [ -x "$program" ] || missing+=("$program")
    done
    for tool in redis-server redis-cli ss jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    if [ ${#missing[@]} -gt 0 ]; then
      log "GONGKAI_SKIP_BUILD=1, but these are missing: ${missing[*]}"
      return 1
    fi
    return 0
  fi
  install_deps
  build
  browser_deps
}

# --- Which processes are this stack's -----------------------------------------------------------

# port_free_for PORT VARIABLE [PID...]: fails, naming the port and the variable that moves it,
# if anything but the PIDs (this stack's processes) listens on PORT.
port_free_for() {
  local port=$1 variable=$2 listener
  shift 2
  for listener in $(port_listeners "$port"); do
    [[ " $* " == *" $listener "* ]] && continue
    if [ "$listener" = "?" ]; then
      log "port $port ($variable) is taken by a process this user cannot see"
    else
      log "port $port ($variable) is taken by $(describe_pid "$listener"), which is not part of this stack ($RUN_DIR)"
    fi
    log "stop it, or give this stack another port: ${MOVE_HINT:-$variable=<free port>} deploy/local.sh ${COMMAND:-up}"
    return 1
  done
}

service_password_file() { echo "$RUN_DIR/redis/service.password"; }

# is_stack_process PID BINARY FLAG: PID runs BINARY (of any build, even deleted since) with FLAG,
# one of this run directory's paths, as one of its arguments.
is_stack_process() {
  local exe arg
  exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [ "${exe##*/}" = "$2" ] || return 1
  while IFS= read -r -d '' arg; do
    [ "$arg" = "$3" ] && return 0
  done <"/proc/$1/cmdline"
  return 1
}

# stack_pids BINARY FLAG: the pids of the live BINARY processes started with FLAG, one a line.
stack_pids() {
  local pattern pid
  # shellcheck disable=SC2001  # a regular expression matching the flag literally
  pattern=$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$2")
  for pid in $(pgrep -f -- "$pattern" || true); do
    is_stack_process "$pid" "$1" "$2" && alive "$pid" && echo "$pid"
  done
  return 0
}

# The pids of this stack's SERVICE processes (on any port): gongkai-SERVICE started with this run
# directory's Redis password file.
service_pids() { stack_pids "gongkai-$1" "--redis_password_file=$(service_password_file)"; }

# The pids of this stack's Redis: redis-server processes working in $RUN_DIR/redis. Debian's
# redis-check-aof is the same binary under another name: a check an operator runs in that
# directory is not the server.
redis_pids() {
  local exe dir name
  exe=$(readlink -f "$(command -v redis-server)") || return 0
  for dir in /proc/[0-9]*; do
    if [ "$dir/exe" -ef "$exe" ] && [ "$dir/cwd" -ef "$RUN_DIR/redis" ] && alive "${dir#/proc/}"; then
      # Redis rewrites its title to "redis-server 127.0.0.1:7379": the first word names it.
      name=$(tr '\0' ' ' <"$dir/cmdline")
      name=${name%% *}
      [ "${name##*/}" = redis-server ] && echo "${dir#/proc/}"
    fi
  done 2>/dev/null
  return 0
}

# The start of a process in clock ticks after boot (field 22 of its stat): with the pid, it names
# one process, where a pid alone may be taken again by another once the first has ended.
start_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  # The 20th field after the command.
  awk '{ print $20 }' <<<"$stat"
}

# stop_processes GRACE_SECONDS PID...: SIGTERM, then SIGKILL what is left after the grace — only
# the processes that were sent SIGTERM, never one that took a freed pid meanwhile.
stop_processes() {
  local grace=$1 pid left
  shift
  [ $# -gt 0 ] || return 0
  local -A started=()
  for pid in "$@"; do started[$pid]=$(start_ticks "$pid") || true; done
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq $((grace * 10))); do
    left=()
    for pid in "$@"; do
      alive "$pid" && [ "$(start_ticks "$pid")" = "${started[$pid]}" ] && left+=("$pid")
    done
    [ ${#left[@]} -gt 0 ] || return 0
    sleep 0.1
  done
  log "still running ${grace}s after SIGTERM, killed: ${left[*]}"
  kill -KILL "${left[@]}" 2>/dev/null || true
}

# The single-node stack's services serve gRPC on a unix socket in its directory as well as on
# their ports, and the clients on this machine (the console, the CLI, the pipeline benchmark)
# use the sockets: as with Redis's socket, both ends are spared the kernel's TCP path
# (docs/performance.md, "The fifth round"). Not with TLS (the certificates name 127.0.0.1) and
# not on the cluster stack (its clients fail over between two copies by TCP); a run directory too
# long for the sockets' paths (100 bytes) keeps TCP alone, and so does GONGKAI_SERVICE_SOCKETS=0.
service_socket() { echo "$RUN_DIR/sockets/$1.sock"; }
services_on_sockets() {
  [ "${GONGKAI_SERVICE_SOCKETS:-1}" != 0 ] && [ "${TLS:-0}" != 1 ] && [ "${CLUSTER:-0}" != 1 ] ||
    return 1
  local longest
  longest=$(service_socket routing)  # routing and tracker: the longest names
  if [ ${#longest} -gt 100 ]; then
    # Said once a run: the benchmarks' figures then come over TCP.
    [ -n "${SOCKETS_TOO_LONG_SAID:-}" ] ||
      log "the run directory is too long for the services' sockets ($longest): TCP alone"
    SOCKETS_TOO_LONG_SAID=1
    return 1
  fi
}

# Exports the CLI's addresses so that `gongkai` reaches this stack.
export_addresses() {
  local service
  for service in "${SERVICES[@]}"; do
    if services_on_sockets; then
      export "GONGKAI_${service^^}=unix:$(service_socket "$service")"
    else
      export "GONGKAI_${service^^}=127.0.0.1:${SERVICE_PORTS[$service]}"
    fi
  done
}

# The Redis users (deploy/redis-users.acl.in): the services sign in as `gongkai`, people and
# tools as `operator`; random passwords, made once per run directory, readable by this user only.
write_redis_users() {
  local dir="$RUN_DIR/redis"
  [ -f "$dir/users.acl" ] && return 0
  random() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
  (
    umask 077
    random >"$dir/service.password"
    random >"$dir/operator.password"
    grep -v -e '^#' -e '^$' "$ROOT/deploy/redis-users.acl.in" |
      sed -e "s/@SERVICE_PASSWORD@/$(cat "$dir/service.password")/" \
        -e "s/@OPERATOR_PASSWORD@/$(cat "$dir/operator.password")/" >"$dir/users.acl"
  )
}

# redis-cli as the operator user.
operator_cli() {
  REDISCLI_AUTH="$(cat "$RUN_DIR/redis/operator.password")" redis-cli --user operator \
    -p "$REDIS_PORT" "$@"
}

# Waits until this stack's Redis answers (it may be loading its AOF); fails if it does not within
# a minute, or if no Redis of this stack runs any more.
wait_for_redis() {
  for _ in $(seq 600); do
    operator_cli ping 2>/dev/null | grep -q PONG && return 0
    [ -n "$(redis_pids)" ] || break
    sleep 0.1
  done
  log "this stack's Redis does not answer on port $REDIS_PORT; see $RUN_DIR/redis/redis.log"
  return 1
}

# Where the single-node stack's services reach its Redis, set by start_redis: its socket when the
# server listens on it (a server kept running from before may not), else its port.
SERVICES_REDIS=""
record_services_redis() {
  if [ "$(operator_cli config get unixsocket 2>/dev/null | tail -n 1)" = "$(redis_socket)" ]; then
    SERVICES_REDIS="unix:$(redis_socket)"
  else
    SERVICES_REDIS="127.0.0.1:$REDIS_PORT"
  fi
}

# Starts this stack's Redis, or keeps it if it already serves on its port; records where the
# services reach it (SERVICES_REDIS).
start_redis() {
  mkdir -p "$RUN_DIR/redis"
  write_redis_users
  local running
  mapfile -t running < <(redis_pids)
  port_free_for "$REDIS_PORT" GONGKAI_REDIS_PORT "${running[@]}" || return 1
  if [ ${#running[@]} -gt 0 ]; then
    if [ -n "$(port_listeners "$REDIS_PORT")" ]; then
      wait_for_redis || return 1
      operator_cli info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' >"$RUN_DIR/redis/redis.pid"
      log "Redis already serves on port $REDIS_PORT (pid $(cat "$RUN_DIR/redis/redis.pid")): kept"
      record_services_redis
      return 0
    fi
    # Two servers on one AOF must never be: the one on another port goes first.
    log "this run directory's Redis ($(describe_pid "${running[0]}")) is not on port $REDIS_PORT: stopping it"
    stop_redis "${running[@]}" || return 1
  fi
  # Private server: loopback only, its own directory, AOF on (the system of record), no RDB.
  local socket=() path
  path=$(redis_socket)
  [ ${#path} -le 100 ] && socket=(--unixsocket "$path" --unixsocketperm 700)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR/redis" "${socket[@]}" \
    --aclfile "$RUN_DIR/redis/users.acl" \
    --appendonly yes --appendfsync "${GONGKAI_APPENDFSYNC:-everysec}" --save "" \
    --daemonize yes --pidfile "$RUN_DIR/redis/redis.pid" --logfile "$RUN_DIR/redis/redis.log"
  wait_for_redis || return 1
  record_services_redis
  log "Redis: started on port $REDIS_PORT (pid $(cat "$RUN_DIR/redis/redis.pid"))"
}

# stop_redis PID...: SIGTERM makes Redis shut down as SHUTDOWN does, the AOF written and fsynced;
# it is never killed, which could lose the last second of writes.
stop_redis() {
  local pid left
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 600); do
    left=()
    for pid in "$@"; do alive "$pid" && left+=("$pid"); done
    [ ${#left[@]} -gt 0 ] || return 0
    sleep 0.1
  done
  log "Redis (pid ${left[*]}) did not stop within a minute of SIGTERM; see $RUN_DIR/redis/redis.log"
  return 1
}

# The key pair of this stack's session tokens: the tracker signs with the secret half, every
# service checks with the public half. Made once per run directory.
ensure_keys() {
  KEYS_DIR="$RUN_DIR/keys"
  [ -f "$KEYS_DIR/token-signing.key" ] || "$BIN/gongkai" admin keygen --dir="$KEYS_DIR" >/dev/null
}

# service_command SERVICE [COPY]: sets COMMAND_LINE to the command that runs SERVICE for this
# stack; on the cluster stack (CLUSTER=1), copy COPY (1 or 2) of it.
service_command() {
  local service=$1 copy=${2:-1}
  local extra=(--token_verify_key="$KEYS_DIR/token-verify.pub" "${TLS_FLAGS[@]}")
  case "$service" in
    tracker) extra+=(--token_signing_key="$KEYS_DIR/token-signing.key") ;;
    review) extra+=(--sensitive_terms="$ROOT/deploy/sensitive-terms.conf") ;;
  esac
  local port=${SERVICE_PORTS[$service]}
  local redis=(--redis="$SERVICES_REDIS" --redis_user=gongkai
    --redis_password_file="$(service_password_file)")
  if [ "${CLUSTER:-0}" = 1 ]; then
    port=$(copy_port "$service" "$copy")
    # A change is acknowledged once a replica has it: a master lost then loses no answered call.
    redis=(--redis="$CLUSTER_SEED" --redis_user=gongkai
      --redis_password_file="$(cluster_dir)/service.password" --redis_wait_replicas=1)
    # Two copies under one consumer name would take each other's pending entries; the name
    # stays the same across restarts, so a restarted copy first finishes what it held.
    case "$service" in routing | reply) extra+=(--consumer="$service-${HOSTNAME:-local}-$copy") ;; esac
  fi
  if services_on_sockets; then extra+=(--listen_socket="$(service_socket "$service")"); fi
  COMMAND_LINE=("$BIN/gongkai-$service" --listen="127.0.0.1:$port" "${redis[@]}"
    --agencies="$AGENCIES" --calendar="$ROOT/deploy/calendar"
    "${extra[@]}" ${GONGKAI_SERVICE_FLAGS:-})
}

# Seconds since the epoch (to 1/100) at which process PID started.
process_start() {
  local stat now uptime
  stat=$(cat "/proc/$1/stat") || return 1
  stat=${stat##*) }
  read -r uptime _ </proc/uptime
  now=$(date +%s.%N)
  # Field 22 of stat, the start in clock ticks after boot, is the 20th after the command.
  awk -v now="$now" -v up="$uptime" -v ticks="$(getconf CLK_TCK)" -v stat="$stat" \
    'BEGIN { split(stat, f, " "); printf "%.2f\n", now - up + f[20] / ticks }'
}

# restart_reason PID SERVICE: why this stack's running SERVICE process cannot be kept; nothing if
# it can: it is this build's binary, not rebuilt since it started, with the same command line,
# and it alone listens on the service's port.
restart_reason() {
  local pid=$1 service=$2 exe binary args
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || { echo "it has exited"; return; }
  binary=$(readlink -f "$BIN/gongkai-$service")
  if [[ "$exe" == *" (deleted)" ]]; then
    echo "its binary was replaced (rebuilt) after it started"
  elif [ "$exe" != "$binary" ]; then
    echo "it runs $exe, not this build's $binary"
  elif awk -v built="$(stat -c %.2Y "$binary")" -v started="$(process_start "$pid")" \
    'BEGIN { exit !(built > started) }'; then
    echo "$binary is newer than the process"
  else
    service_command "$service"
    mapfile -d '' -t args <"/proc/$pid/cmdline"
    if [ "${args[*]}" != "${COMMAND_LINE[*]}" ] || [ ${#args[@]} -ne ${#COMMAND_LINE[@]} ]; then
      echo "it was started with another command line (ports, sockets, TLS, GONGKAI_SERVICE_FLAGS)"
    elif [ "$(port_listeners "${SERVICE_PORTS[$service]}")" != "$pid" ]; then
      echo "it does not listen on port ${SERVICE_PORTS[$service]} alone"
    fi
  fi
}

# launch_service SERVICE: starts it in the background, its pid in $RUN_DIR/pids.
launch_service() {
  service_command "$1"
  "${COMMAND_LINE[@]}" >>"$RUN_DIR/logs/$1.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/$1.pid"
}

# The services among those named that do not answer SERVING, one a line.
services_not_serving() {
  local serving
  serving=$("$BIN/gongkai" --json health 2>/dev/null |
    jq -r 'to_entries[] | select(.value == true) | .key' 2>/dev/null) || true
  for service in "$@"; do
    grep -qx "$service" <<<"$serving" || echo "$service"
  done
}

# start_services [SERVICE...]: all five unless named. A service already running for this stack is
# kept if it is current (restart_reason) and turns SERVING within 10 s; otherwise every process of
# it is stopped and it is started afresh. Waits until every named service is SERVING.
start_services() {
  local services=("$@")
  [ ${#services[@]} -gt 0 ] || services=("${SERVICES[@]}")
  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
  # Only this user may connect to the services' sockets (each call is authenticated all the same).
  mkdir -p "$RUN_DIR/sockets"
  chmod 700 "$RUN_DIR/sockets"
  ensure_keys
  TLS_FLAGS=()
  if [ "${TLS:-0}" = 1 ]; then
    "$ROOT/deploy/make-tls.sh" "$RUN_DIR/tls"
    TLS_FLAGS=(--tls_cert="$RUN_DIR/tls/server.crt" --tls_key="$RUN_DIR/tls/server.key")
    export GONGKAI_TLS_CA="$RUN_DIR/tls/ca.crt"
  fi
  export_addresses
  # First every process to go is stopped, so that ports moved between services are free again.
  local service running reason kept=() launch=()
  for service in "${services[@]}"; do
    mapfile -t running < <(service_pids "$service")
    reason=""
    case ${#running[@]} in
      0) ;;
      1) reason=$(restart_reason "${running[0]}" "$service") ;;
      *) reason="${#running[@]} processes of it run (pids ${running[*]})" ;;
    esac
    if [ ${#running[@]} -eq 1 ] && [ -z "$reason" ]; then
      echo "${running[0]}" >"$RUN_DIR/pids/$service.pid"
      kept+=("$service")
      log "$service already serves on port ${SERVICE_PORTS[$service]} (pid ${running[0]}): kept"
    else
      if [ ${#running[@]} -gt 0 ]; then
        log "$service: restarting, as $reason"
        stop_processes 10 "${running[@]}"
      fi
      launch+=("$service")
    fi
  done
  for service in "${launch[@]}"; do
    port_free_for "${SERVICE_PORTS[$service]}" "GONGKAI_${service^^}_PORT" || return 1
    launch_service "$service"
    log "$service: started on port ${SERVICE_PORTS[$service]} (pid $(cat "$RUN_DIR/pids/$service.pid"))"
  done
  # A kept service reconnects to Redis by itself; one that does not serve within 10 s is restarted.
  local started=$SECONDS not_serving=()
  while true; do
    mapfile -t not_serving < <(services_not_serving "${services[@]}")
    [ ${#not_serving[@]} -gt 0 ] || break
    if [ ${#kept[@]} -gt 0 ] && [ $((SECONDS - started)) -ge 10 ]; then
      for service in "${not_serving[@]}"; do
        [[ " ${kept[*]} " == *" $service "* ]] || continue
        log "$service: kept, but not SERVING after 10 s: restarting it"
        mapfile -t running < <(service_pids "$service")
        stop_processes 10 "${running[@]}"
        port_free_for "${SERVICE_PORTS[$service]}" "GONGKAI_${service^^}_PORT" || return 1
        launch_service "$service"
        log "$service: started on port ${SERVICE_PORTS[$service]} (pid $(cat "$RUN_DIR/pids/$service.pid"))"
      done
      kept=()
    fi
    if [ $((SECONDS - started)) -ge 40 ]; then
      "$BIN/gongkai" health || true
      log "not SERVING: ${not_serving[*]}; logs are in $RUN_DIR/logs"
      return 1
    fi
    sleep 0.2
  done
  [ ${#services[@]} -ne ${#SERVICES[@]} ] || "$BIN/gongkai" health
}

# The staff: the county government's office, one account per role with an officer per unit
# (the departments that act as 承办 for it), a manager of the county's disclosure office who sees
# every agency, and the 县教育局's own staff: user id, roles, agency, department, name.
staff_accounts() {
  echo "admin admin - - 系统管理员"
  echo "chuangkou01 clerk xzf - 窗口受理员"
  echo "diaodu01 dispatcher xzf - 分办员"
  echo "baomi01 reviewer xzf - 保密审查员"
  echo "zhuren01 head xzf - 办公室主任"
  echo "manager01 manager xzf - 政务公开科"
  echo "gongkai01 manager zfb - 县政府办公室政务公开科"
  echo "jyj-chuangkou clerk jyj - 县教育局窗口受理员"
  echo "jyj-officer officer jyj jck 县教育局基础教育股经办人"
  echo "jyj-manager manager,head,reviewer jyj - 县教育局政务公开负责人"
  awk -F'|' '/^\[/ { section = $0 } section == "[xzf]" && /^unit *=/ {
    sub(/^unit *= */, "", $1); gsub(/ /, "", $1); gsub(/ /, "", $2)
    # jyj-officer is the education bureau: the county government unit jyj gets xzf-jyj-officer
    user = ($1 == "jyj") ? "xzf-jyj" : $1
    printf "%s-officer officer xzf %s %s经办人\n", user, $1, $2 }' "$AGENCIES"
}

# Creates the staff accounts once per run directory (the first, the administrator, with no token:
# the set-up of a new office), with random passwords kept in accounts.txt (mode 600), and signs
# each in: $RUN_DIR/tokens/<user id> is a token file for `gongkai --token_file`.
create_accounts() {
  local accounts tokens
  accounts="$(accounts_dir)/accounts.txt" tokens="$(accounts_dir)/tokens"
  mkdir -p "$tokens"
  if [ ! -f "$accounts" ]; then
    (umask 077 && : >"$accounts")
    while read -r user roles agency dept name; do
      local password
      password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
      local dept_flag=()
      [ "$dept" = - ] || dept_flag=(--dept="$dept")
      [ "$agency" = - ] || dept_flag+=(--agency="$agency")
      GONGKAI_PASSWORD="$password" "$BIN/gongkai" --token_file="$tokens/admin" admin user add \
        --user="$user" --roles="$roles" --display_name="$name" "${dept_flag[@]}" >/dev/null
      echo "$user $roles $dept $password" >>"$accounts"
      if [ "$user" = admin ]; then
        GONGKAI_PASSWORD="$password" "$BIN/gongkai" --token_file="$tokens/admin" login --user=admin >/dev/null
      fi
    done < <(staff_accounts)
  fi
  while read -r user _ _ password; do
    GONGKAI_PASSWORD="$password" "$BIN/gongkai" --token_file="$tokens/$user" login --user="$user" >/dev/null
  done <"$accounts"
}

up() {
  if [ "${CLUSTER:-0}" = 1 ]; then check_cluster_settings || return 1; fi
  prepare
  if [ "${CLUSTER:-0}" = 1 ]; then
    start_cluster_stack
    return
  fi
  # The cluster stack's copies hold the same ports; `up` never stops them by surprise.
  local service running=()
  for service in "${SERVICES[@]}"; do mapfile -t -O ${#running[@]} running < <(cluster_service_pids "$service"); done
  if [ ${#running[@]} -gt 0 ]; then
    log "this run directory ($RUN_DIR) runs the cluster stack (up --cluster; pids ${running[*]}):"
    log "stop it first with deploy/local.sh down, or run \`up --cluster\`"
    return 1
  fi
  start_stack
}

# The console's port file names its stack: a gongkai-console process started with this run
# directory's port file is this stack's console.
console_port_file() { echo "$RUN_DIR/pids/console.port"; }

# The pids of this stack's console, one a line.
console_pids() { stack_pids gongkai-console "--port_file=$(console_port_file)"; }

# The console keeps no state of its own, so it is always started afresh with this build (after
# the services, whose addresses and TLS it takes); waits until it answers its health check.
start_console() {
  local running scheme=http tls=()
  mapfile -t running < <(console_pids)
  stop_processes 10 "${running[@]}"
  port_free_for "$CONSOLE_PORT" GONGKAI_CONSOLE_PORT || return 1
  rm -f "$(console_port_file)"
  if [ "${TLS:-0}" = 1 ]; then
    tls=("${TLS_FLAGS[@]}" --tls_ca="$RUN_DIR/tls/ca.crt")
    scheme=https
  fi
  "$BIN/gongkai-console" --listen="127.0.0.1:$CONSOLE_PORT" --port_file="$(console_port_file)" \
    --web_root="$ROOT/services/console/web" --token_verify_key="$KEYS_DIR/token-verify.pub" \
    --intake="$GONGKAI_INTAKE" --routing="$GONGKAI_ROUTING" --review="$GONGKAI_REVIEW" \
    --reply="$GONGKAI_REPLY" --tracker="$GONGKAI_TRACKER" "${tls[@]}" \
    >>"$RUN_DIR/logs/console.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/console.pid"
  local curl_tls=()
  [ "$scheme" = http ] || curl_tls=(--cacert "$RUN_DIR/tls/ca.crt")
  for _ in $(seq 100); do
    if [ -f "$(console_port_file)" ] &&
      curl -fsS "${curl_tls[@]}" "$scheme://127.0.0.1:$CONSOLE_PORT/api/health" >/dev/null 2>&1; then
      CONSOLE_URL="$scheme://127.0.0.1:$CONSOLE_PORT/"
      log "console: started on port $CONSOLE_PORT (pid $(cat "$RUN_DIR/pids/console.pid"))"
      return 0
    fi
    sleep 0.1
  done
  log "the console did not answer within 10 s; see $RUN_DIR/logs/console.log"
  return 1
}

# Starts (or completes) this stack: Redis, the five services, the staff accounts.
start_stack() {
  # Every port is checked before anything starts: this stack's own processes may hold them.
  local service running
  mapfile -t running < <(redis_pids)
  port_free_for "$REDIS_PORT" GONGKAI_REDIS_PORT "${running[@]}"
  mapfile -t running < <(for service in "${SERVICES[@]}"; do service_pids "$service"; done)
  for service in "${SERVICES[@]}"; do
    port_free_for "${SERVICE_PORTS[$service]}" "GONGKAI_${service^^}_PORT" "${running[@]}"
  done
  mapfile -t running < <(console_pids)
  port_free_for "$CONSOLE_PORT" GONGKAI_CONSOLE_PORT "${running[@]}"
  start_redis
  start_services
  create_accounts
  start_console
  local ports=""
  for service in "${SERVICES[@]}"; do ports+="${ports:+, }$service ${SERVICE_PORTS[$service]}"; done
  if services_on_sockets; then
    ports+=" and on unix sockets in $RUN_DIR/sockets (the console's way to them; the command-line"
    ports+=" client reaches them with GONGKAI_INTAKE=unix:$(service_socket intake) and so on)"
  fi
  log "up: Redis on 127.0.0.1:$REDIS_PORT (the services use $SERVICES_REDIS; data in" \
    "$RUN_DIR/redis), services on ports: $ports; logs in $RUN_DIR/logs"
  log "staff accounts (user, role, department, password) are in $RUN_DIR/accounts.txt; each is"
  log "signed in already, its token in $RUN_DIR/tokens/<user>. As the window clerk, for example:"
  log "  GONGKAI_TOKEN_FILE=$RUN_DIR/tokens/chuangkou01 $BIN/gongkai reply-queue"
  log "or sign in yourself: $BIN/gongkai login --user=diaodu01 (password from accounts.txt)"
  if [ "${TLS:-0}" = 1 ]; then
    log "over TLS: the client trusts the local CA with GONGKAI_TLS_CA=$RUN_DIR/tls/ca.crt"
  fi
  log "the web console (工作台): $CONSOLE_URL — sign in with one of these (user, role, department,"
  log "password):"
  while read -r user roles dept password; do
    log "  $user  $roles  $dept  $password"
  done <"$RUN_DIR/accounts.txt"
}

# --- The cluster stack (up --cluster) ------------------------------------------------------------

# deploy/cluster.sh keeps the cluster's nodes, users and seed here; the cluster stack keeps its
# accounts and tokens beside them, as they are users of that cluster's data.
cluster_dir() { echo "$RUN_DIR/cluster"; }

# Where the stack's accounts.txt and tokens/ are.
accounts_dir() {
  if [ "${CLUSTER:-0}" = 1 ]; then cluster_dir; else echo "$RUN_DIR"; fi
}

# deploy/cluster.sh on this run directory's cluster (GONGKAI_CLUSTER_PORT is passed through).
cluster_sh() { GONGKAI_CLUSTER_DIR="$(cluster_dir)" "$ROOT/deploy/cluster.sh" "$@"; }

# copy_port SERVICE COPY: the port of copy COPY (1 or 2) of SERVICE.
copy_port() { echo $((SERVICE_PORTS[$1] + ($2 - 1) * SECOND_COPY_OFFSET)); }

# The pids of the cluster stack's SERVICE processes (both copies, on any port): signed in with
# the cluster's service password file.
cluster_service_pids() {
  stack_pids "gongkai-$1" "--redis_password_file=$(cluster_dir)/service.password"
}

# target_list SERVICE: both copies as one gRPC address list; a call goes to the first that
# answers.
target_list() { echo "ipv4:127.0.0.1:$(copy_port "$1" 1),127.0.0.1:$(copy_port "$1" 2)"; }

# Fails, saying why, unless the cluster stack's settings can work: no TLS, a positive offset,
# and every service copy, the console and the cluster's nodes on ports of their own.
check_cluster_settings() {
  if [ "${TLS:-0}" = 1 ]; then
    log "up --cluster --tls: not supported; the console reaches both copies of a service through"
    log "one address list, which fails the certificate check (docs/operations.md)"
    return 1
  fi
  if ! [[ "$SECOND_COPY_OFFSET" =~ ^[1-9][0-9]*$ ]]; then
    log "GONGKAI_SECOND_COPY_OFFSET=$SECOND_COPY_OFFSET: a positive number of ports"
    return 1
  fi
  local cluster_port="${GONGKAI_CLUSTER_PORT:-7391}" service copy port i
  local -A owner=()
  claim() {
    if [ "$2" -gt 65535 ]; then
      log "$1 would be on port $2, above 65535: move it (GONGKAI_*_PORT, GONGKAI_SECOND_COPY_OFFSET)"
      return 1
    fi
    if [ -n "${owner[$2]:-}" ]; then
      log "$1 and ${owner[$2]} would share port $2: move one (GONGKAI_*_PORT," \
        "GONGKAI_SECOND_COPY_OFFSET, GONGKAI_CONSOLE_PORT, GONGKAI_CLUSTER_PORT)"
      return 1
    fi
    owner[$2]=$1
  }
  for service in "${SERVICES[@]}"; do
    for copy in 1 2; do claim "$service copy $copy" "$(copy_port "$service" "$copy")" || return 1; done
  done
  claim console "$CONSOLE_PORT" || return 1
  if [[ "$cluster_port" =~ ^[0-9]+$ ]]; then
    for i in 0 1 2 3 4 5; do
      port=$((cluster_port + i))
      claim "cluster node $port" "$port" || return 1
      claim "cluster node $port's bus" $((port + 10000)) || return 1
    done
  fi
}

# The copies ("SERVICE-COPY") that do not answer SERVING, one a line: each copy asked on its port.
copies_not_serving() {
  local copy service serving addresses
  for copy in 1 2; do
    addresses=()
    for service in "${SERVICES[@]}"; do
      addresses+=("GONGKAI_${service^^}=127.0.0.1:$(copy_port "$service" "$copy")")
    done
    serving=$(env "${addresses[@]}" "$BIN/gongkai" --json health 2>/dev/null |
      jq -r 'to_entries[] | select(.value == true) | .key' 2>/dev/null) || true
    for service in "${SERVICES[@]}"; do
      grep -qx "$service" <<<"$serving" || echo "$service-$copy"
    done
  done
}

# launch_copy SERVICE COPY: starts it in the background, its pid in $RUN_DIR/pids/SERVICE-COPY.pid.
launch_copy() {
  service_command "$1" "$2"
  "${COMMAND_LINE[@]}" >>"$RUN_DIR/logs/$1-$2.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/$1-$2.pid"
  log "$1 copy $2: started on port $(copy_port "$1" "$2") (pid $!)"
}

# Starts the cluster stack: the cluster (kept if it runs healthy), then every copy and the
# console afresh, after stopping whatever service, console or single Redis of this run directory
# still runs.
start_cluster_stack() {
  local service copy running=()
  # Every port is checked before anything starts or stops: this run directory's own processes
  # may hold them (cluster.sh checks its nodes' ports itself, before it starts any).
  for service in "${SERVICES[@]}"; do
    mapfile -t -O ${#running[@]} running < <(service_pids "$service")
    mapfile -t -O ${#running[@]} running < <(cluster_service_pids "$service")
  done
  mapfile -t -O ${#running[@]} running < <(console_pids)
  for service in "${SERVICES[@]}"; do
    port_free_for "$(copy_port "$service" 1)" "GONGKAI_${service^^}_PORT" "${running[@]}" || return 1
    MOVE_HINT="GONGKAI_${service^^}_PORT=<free port> or GONGKAI_SECOND_COPY_OFFSET=<ports above>" \
      port_free_for "$(copy_port "$service" 2)" "GONGKAI_${service^^}_PORT+GONGKAI_SECOND_COPY_OFFSET" \
      "${running[@]}" || return 1
  done
  port_free_for "$CONSOLE_PORT" GONGKAI_CONSOLE_PORT "${running[@]}" || return 1

  local seed
  seed=$(cluster_sh up) || {
    log "the cluster did not come up; its nodes' logs: $(cluster_dir)/node-<port>/redis.log"
    return 1
  }
  CLUSTER_SEED=$(tail -1 <<<"$seed")

  # Afresh: every service and console process of this run directory goes, of either stack.
  mapfile -t running < <(console_pids)
  stop_processes 10 "${running[@]}"
  for service in "${SERVICES[@]}"; do
    mapfile -t running < <(service_pids "$service")
    mapfile -t -O ${#running[@]} running < <(cluster_service_pids "$service")
    [ ${#running[@]} -eq 0 ] || log "$service: stopping pids ${running[*]}, to start afresh"
    stop_processes 10 "${running[@]}"
    rm -f "$RUN_DIR/pids/$service.pid" "$RUN_DIR/pids/$service"-[12].pid
  done
  mapfile -t running < <(redis_pids)
  if [ ${#running[@]} -gt 0 ]; then
    log "this run directory's single Redis (pid ${running[*]}) is not used by the cluster stack: stopping it (data kept)"
    stop_redis "${running[@]}"
    rm -f "$RUN_DIR/redis/redis.pid"
  fi

  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
  ensure_keys
  TLS_FLAGS=()
  for service in "${SERVICES[@]}"; do
    for copy in 1 2; do launch_copy "$service" "$copy"; done
  done
  local since=$SECONDS not_serving=()
  while true; do
    mapfile -t not_serving < <(copies_not_serving)
    [ ${#not_serving[@]} -gt 0 ] || break
    if [ $((SECONDS - since)) -ge 40 ]; then
      log "not SERVING after 40 s: ${not_serving[*]}; logs are in $RUN_DIR/logs/<service>-<copy>.log"
      return 1
    fi
    sleep 0.2
  done
  log "every copy of every service is SERVING"

  # From here on the CLI (accounts) and the console reach both copies of each service.
  for service in "${SERVICES[@]}"; do export "GONGKAI_${service^^}=$(target_list "$service")"; done
  create_accounts
  start_console

  local ports="" dir
  dir=$(cluster_dir)
  for service in "${SERVICES[@]}"; do
    ports+="${ports:+, }$service $(copy_port "$service" 1) and $(copy_port "$service" 2)"
  done
  log "up --cluster: a Redis Cluster of 3 masters and 3 replicas (data in $dir; its state:"
  log "  GONGKAI_CLUSTER_DIR=$dir deploy/cluster.sh status)"
  log "two copies of each service, on ports: $ports; logs in $RUN_DIR/logs"
  log "staff accounts (user, role, department, password) are in $dir/accounts.txt; each is"
  log "signed in already, its token in $dir/tokens/<user>. The CLI reaches both copies with:"
  for service in "${SERVICES[@]}"; do log "  export GONGKAI_${service^^}=$(target_list "$service")"; done
  log "  GONGKAI_TOKEN_FILE=$dir/tokens/chuangkou01 $BIN/gongkai reply-queue"
  log "the web console (工作台), given both copies of each service: $CONSOLE_URL — sign in with"
  log "one of these (user, role, department, password):"
  while read -r user roles dept password; do
    log "  $user  $roles  $dept  $password"
  done <"$dir/accounts.txt"
  log "the cluster's seed (any node; the services find the others): $CLUSTER_SEED"
  echo "$CLUSTER_SEED"
}

# Stops every process of this stack (whatever its pid files say), never another process.
down() {
  local service pid_file pid running
  if ! command -v pgrep >/dev/null; then
    log "down needs pgrep (procps) to find this stack's services: run deploy/install-deps.sh"
    return 1
  fi
  mapfile -t running < <(console_pids)
  stop_processes 10 "${running[@]}"
  rm -f "$RUN_DIR/pids/console.pid" "$(console_port_file)"
  for service in "${SERVICES[@]}"; do
    pid_file="$RUN_DIR/pids/$service.pid"
    mapfile -t running < <(service_pids "$service")
    if [ -f "$pid_file" ]; then
      pid=$(cat "$pid_file")
      if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && [[ " ${running[*]} " != *" $pid "* ]]; then
        log "$pid_file names $(describe_pid "$pid"), which is not this stack's $service: left alone"
      fi
    fi
    stop_processes 10 "${running[@]}"
    rm -f "$pid_file"
    # The cluster stack's copies (up --cluster).
    mapfile -t running < <(cluster_service_pids "$service")
    stop_processes 10 "${running[@]}"
    rm -f "$RUN_DIR/pids/$service"-[12].pid
  done
  mapfile -t running < <(redis_pids)
  if [ -f "$RUN_DIR/redis/redis.pid" ]; then
    pid=$(cat "$RUN_DIR/redis/redis.pid")
    if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && [[ " ${running[*]} " != *" $pid "* ]]; then
      log "$RUN_DIR/redis/redis.pid names $(describe_pid "$pid"), which is not this stack's Redis: left alone"
    fi
  fi
  stop_redis "${running[@]}"
  rm -f "$RUN_DIR/redis/redis.pid"
  # The cluster stack's nodes: cluster.sh finds them by their directories and shuts them down
  # replicas first, the data written.
  if [ -d "$(cluster_dir)" ]; then cluster_sh down; fi
}

# fresh_run_dir NAME: from here on this stack is $RUN_DIR/NAME, emptied first (after stopping
# what an interrupted run may have left there), and stopped when the script exits.
fresh_run_dir() {
  RUN_DIR="$RUN_DIR/$1"
  down
  rm -rf "$RUN_DIR"
  trap down EXIT
}

demo() {
  # A demo starts from an empty office: a fresh data directory of its own.
  prepare
  fresh_run_dir demo
  start_stack
  GONGKAI_BIN="$BIN" GONGKAI_DOCUMENTS="$RUN_DIR/documents" GONGKAI_TOKENS="$RUN_DIR/tokens" \
    "$ROOT/deploy/demo.sh"
}

# The step benchmark: no stack, the binary alone (Google Benchmark; its flags pass through, e.g.
# --benchmark_filter=transition_call). Figures: docs/performance.md.
bench_steps() {
  prepare
  [ -x "$BIN/gongkai-bench-steps" ] || {
    log "bench-steps: $BIN/gongkai-bench-steps is missing (build without GONGKAI_SKIP_BUILD=1)"
    exit 1
  }
  "$BIN/gongkai-bench-steps" "$@"
}

# The script benchmark: no stack, the binary with a private redis-server of its own (its flags
# pass through, e.g. --cases=2000 --rounds=5). Figures: docs/performance.md.
bench_scripts() {
  prepare
  [ -x "$BIN/gongkai-bench-scripts" ] || {
    log "bench-scripts: $BIN/gongkai-bench-scripts is missing (build without GONGKAI_SKIP_BUILD=1)"
    exit 1
  }
  "$BIN/gongkai-bench-scripts" "$@"
}

# The deadline benchmark: a fresh stack, GONGKAI_BENCH_CASES open cases (default 1,000,000)
# loaded into it, the managers' views and the sweeper measured; then as many cases answered and
# closed, and the annual report measured. Figures: docs/performance.md.
bench_deadlines() {
  prepare
  fresh_run_dir bench
  start_redis
  # The cases are loaded straight into Redis as routed: only the tracker serves.
  start_services tracker
  "$BIN/gongkai-bench-deadlines" --redis="127.0.0.1:$REDIS_PORT" --redis_user=operator \
    --redis_password_file="$RUN_DIR/redis/operator.password" \
    --tracker="127.0.0.1:${SERVICE_PORTS[tracker]}" --cases="${GONGKAI_BENCH_CASES:-1000000}" \
    --closed_cases="${GONGKAI_BENCH_CASES:-1000000}" \
    --token_signing_key="$KEYS_DIR/token-signing.key" --calendar="$ROOT/deploy/calendar" \
    --agencies="$AGENCIES"
}

# The county benchmark: a generated catalogue of 113 agencies, a fresh stack serving it (Redis
# and the tracker), the Redis state of GONGKAI_BENCH_CASES cases over them (default 1,000,000),
# then the county overview and the 通报 measured and their figures checked. Figures:
# docs/performance.md.
bench_county() {
  prepare
  fresh_run_dir bench-county
  mkdir -p "$RUN_DIR"
  # The tracker must serve the generated catalogue: written first, named to the tracker below.
  local AGENCIES="$RUN_DIR/agencies.conf"
  "$BIN/gongkai-bench-county" --write_agencies="$AGENCIES"
  start_redis
  start_services tracker
  "$BIN/gongkai-bench-county" --redis="127.0.0.1:$REDIS_PORT" --redis_user=operator \
    --redis_password_file="$RUN_DIR/redis/operator.password" \
    --tracker="127.0.0.1:${SERVICE_PORTS[tracker]}" --cases="${GONGKAI_BENCH_CASES:-1000000}" \
    --token_signing_key="$KEYS_DIR/token-signing.key" --calendar="$ROOT/deploy/calendar" \
    --agencies="$AGENCIES" --tracker_pid="$(cat "$RUN_DIR/pids/tracker.pid")"
}

# The pipeline benchmark: for appendfsync everysec and then always, a fresh stack, the machine's
# bound (redis-benchmark, a no-op gRPC pair), a closed-loop and an open-loop load through the
# public API. GONGKAI_BENCH_CASES (default 3000) and GONGKAI_BENCH_CONCURRENCY (64) tune the
# closed loop. The last line is one JSON object: the everysec figures, and the always run's
# under "always". Figures: docs/performance.md.
bench_pipeline() {
  prepare
  local base="$RUN_DIR" results=()
  for fsync in everysec always; do
    RUN_DIR="$base"
    fresh_run_dir "bench-pipeline-$fsync"
    GONGKAI_APPENDFSYNC=$fsync start_redis
    start_services >/dev/null
    local pids=""
    for service in "${SERVICES[@]}"; do pids+="$service=$(cat "$RUN_DIR/pids/$service.pid"),"; done
    "$BIN/gongkai-bench-pipeline" --redis="$SERVICES_REDIS" --redis_user=operator \
      --redis_password_file="$RUN_DIR/redis/operator.password" --intake="$GONGKAI_INTAKE" \
      --routing="$GONGKAI_ROUTING" --review="$GONGKAI_REVIEW" --reply="$GONGKAI_REPLY" \
      --tracker="$GONGKAI_TRACKER" --pids="$pids" --calendar="$ROOT/deploy/calendar" \
      --token_signing_key="$KEYS_DIR/token-signing.key" \
      --cases="${GONGKAI_BENCH_CASES:-3000}" --concurrency="${GONGKAI_BENCH_CONCURRENCY:-64}" \
      | tee "$RUN_DIR/bench.out"
    results+=("$(tail -1 "$RUN_DIR/bench.out")")
    down
    trap - EXIT
  done
  RUN_DIR="$base"
  jq -c --argjson always "${results[1]}" '. + {always: $always}' <<<"${results[0]}"
}

# The console benchmark: a fresh stack, GONGKAI_BENCH_CASES open cases (default 1,000) in one
# department's queue, then the gateway's added latency with 50 signed-in staff, and the queue
# page in headless Chromium. Figures: docs/performance.md.
bench_console() {
  prepare
  fresh_run_dir bench-console
  start_stack >/dev/null
  "$BIN/gongkai-bench-console" --console="127.0.0.1:$CONSOLE_PORT" --intake="$GONGKAI_INTAKE" \
    --routing="$GONGKAI_ROUTING" --tracker="$GONGKAI_TRACKER" \
    --token_signing_key="$KEYS_DIR/token-signing.key" --cases="${GONGKAI_BENCH_CASES:-1000}"
  browser_deps
  GONGKAI_CONSOLE_URL="$CONSOLE_URL" GONGKAI_ACCOUNTS="$RUN_DIR/accounts.txt" \
    node "$ROOT/tests/browser/bench-queue.mjs"
}

# The pipeline benchmark on one Redis node and on a Redis Cluster (deploy/cluster.sh: 3 masters,
# 3 replicas), in one run, the same closed and open loop on a fresh stack each time:
#   node         one Redis node, one copy of each service (as `bench`, but called over TCP);
#   wait         the cluster, one copy of each service, each change waiting for a replica
#                (--redis_wait_replicas=1, as `up --cluster` runs it);
#   nowait       the same without that wait;
#   wait-2copies the cluster as `up --cluster` runs it: two copies of each service, the load
#                generator's calls spread over both (round robin).
# The bound is not measured in any of them (redis-benchmark drives one node), so all four start
# alike. GONGKAI_BENCH_CASES (3000) and GONGKAI_BENCH_CONCURRENCY (64) as for `bench`;
# GONGKAI_APPENDFSYNC (everysec) for every Redis. Ends with a table side by side and one JSON
# line. Figures: docs/scaling.md.
bench_cluster() {
  check_cluster_settings
  prepare
  local base="$RUN_DIR" run out failed=()
  local runs=(node wait nowait wait-2copies)
  local -A figures=()
  for run in "${runs[@]}"; do
    RUN_DIR="$base"
    fresh_run_dir "bench-cluster-$run"
    mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
    case "$run" in
      node) bench_start_node ;;
      wait) bench_start_cluster 1 1 ;;
      nowait) bench_start_cluster 1 0 ;;
      wait-2copies) bench_start_cluster 2 1 ;;
    esac
    echo "=== $run: $BENCH_WHAT"
    out="$RUN_DIR/bench.out"
    # A failed case fails the benchmark, which still prints its figures: the other stacks are
    # run all the same, the table counts the failed cases and the command fails at the end.
    "$BIN/gongkai-bench-pipeline" "${BENCH_REDIS[@]}" --redis_user=operator \
      --intake="${BENCH_TARGETS[intake]}" --routing="${BENCH_TARGETS[routing]}" \
      --review="${BENCH_TARGETS[review]}" --reply="${BENCH_TARGETS[reply]}" \
      --tracker="${BENCH_TARGETS[tracker]}" --pids="$BENCH_PIDS" --bound=false \
      --calendar="$ROOT/deploy/calendar" --token_signing_key="$KEYS_DIR/token-signing.key" \
      --cases="${GONGKAI_BENCH_CASES:-3000}" --concurrency="${GONGKAI_BENCH_CONCURRENCY:-64}" |
      tee "$out" || failed+=("$run")
    figures[$run]=$(tail -1 "$out" | jq -c . 2>/dev/null) || true
    [ -n "${figures[$run]}" ] || figures[$run]='{}'
    down
    trap - EXIT
    CLUSTER=0
  done
  RUN_DIR="$base"
  bench_cluster_table "${figures[node]}" "${figures[wait]}" "${figures[nowait]}" \
    "${figures[wait-2copies]}"
  if [ ${#failed[@]} -gt 0 ]; then
    log "the benchmark failed on: ${failed[*]} (their output: $base/bench-cluster-<name>/bench.out)"
    return 1
  fi
}

# One Redis node and one copy of each service, as `bench` starts them, but the calls to the
# services over TCP, as on the cluster, whose clients fail over between copies by TCP. Sets
# BENCH_WHAT, BENCH_REDIS (the benchmark's Redis flags), BENCH_TARGETS and BENCH_PIDS.
bench_start_node() {
  GONGKAI_APPENDFSYNC="${GONGKAI_APPENDFSYNC:-everysec}" start_redis
  GONGKAI_SERVICE_SOCKETS=0 start_services >/dev/null
  BENCH_WHAT="one Redis node on port $REDIS_PORT, one copy of each service"
  BENCH_REDIS=(--redis="127.0.0.1:$REDIS_PORT" --redis_password_file="$RUN_DIR/redis/operator.password")
  declare -gA BENCH_TARGETS=()
  BENCH_PIDS=""
  local service
  for service in "${SERVICES[@]}"; do
    BENCH_TARGETS[$service]="127.0.0.1:${SERVICE_PORTS[$service]}"
    BENCH_PIDS+="$service=$(cat "$RUN_DIR/pids/$service.pid"),"
  done
}

# bench_start_cluster COPIES WAIT: the cluster stack as `up --cluster` starts it (the same nodes,
# service flags and ports), with COPIES (1 or 2) copies of each service, and neither accounts nor
# console: the benchmark signs its staff in with the stack's key. WAIT 0 takes the stack's
# --redis_wait_replicas=1 back (a later flag wins). Sets what bench_start_node sets; BENCH_PIDS
# names every node (redis-node-<port>), the benchmark tells masters from replicas.
bench_start_cluster() {
  local copies=$1 wait=$2 service copy seed pid port
  local GONGKAI_SERVICE_FLAGS="${GONGKAI_SERVICE_FLAGS:-}"
  [ "$wait" = 1 ] || GONGKAI_SERVICE_FLAGS+=" --redis_wait_replicas=0"
  CLUSTER=1
  for service in "${SERVICES[@]}"; do
    for copy in $(seq "$copies"); do
      port_free_for "$(copy_port "$service" "$copy")" "GONGKAI_${service^^}_PORT" || return 1
    done
  done
  seed=$(GONGKAI_CLUSTER_APPENDFSYNC="${GONGKAI_APPENDFSYNC:-everysec}" cluster_sh up \
    2>>"$RUN_DIR/logs/cluster.log") || {
    log "the cluster did not come up: $RUN_DIR/logs/cluster.log"
    return 1
  }
  CLUSTER_SEED=$(tail -1 <<<"$seed")
  ensure_keys
  TLS_FLAGS=()
  for service in "${SERVICES[@]}"; do
    for copy in $(seq "$copies"); do launch_copy "$service" "$copy"; done
  done
  local since=$SECONDS not_serving=()
  export_addresses
  while true; do
    if [ "$copies" = 2 ]; then
      mapfile -t not_serving < <(copies_not_serving)
    else
      mapfile -t not_serving < <(services_not_serving "${SERVICES[@]}")
    fi
    [ ${#not_serving[@]} -gt 0 ] || break
    if [ $((SECONDS - since)) -ge 40 ]; then
      log "not SERVING after 40 s: ${not_serving[*]}; logs are in $RUN_DIR/logs"
      return 1
    fi
    sleep 0.2
  done
  BENCH_WHAT="a Redis Cluster of 3 masters and 3 replicas (seed $CLUSTER_SEED), $copies"
  BENCH_WHAT+=" $([ "$copies" = 1 ] && echo copy || echo copies) of each service,"
  BENCH_WHAT+=" $([ "$wait" = 1 ] && echo "each change waiting for a replica" || echo "no WAIT")"
  BENCH_REDIS=(--redis="$CLUSTER_SEED" --redis_password_file="$(cluster_dir)/operator.password")
  declare -gA BENCH_TARGETS=()
  BENCH_PIDS=""
  for service in "${SERVICES[@]}"; do
    if [ "$copies" = 2 ]; then
      BENCH_TARGETS[$service]=$(target_list "$service")
      BENCH_PIDS+="$service=$(cat "$RUN_DIR/pids/$service-1.pid")+$(cat "$RUN_DIR/pids/$service-2.pid"),"
    else
      BENCH_TARGETS[$service]="127.0.0.1:$(copy_port "$service" 1)"
      BENCH_PIDS+="$service=$(cat "$RUN_DIR/pids/$service-1.pid"),"
    fi
  done
  # Each node says its own pid; a node that does not answer is left out of the CPU figures.
  for port in $(seq "${GONGKAI_CLUSTER_PORT:-7391}" $((${GONGKAI_CLUSTER_PORT:-7391} + 5))); do
    pid=$(REDISCLI_AUTH="$(cat "$(cluster_dir)/operator.password")" redis-cli --user operator \
      -p "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p') || true
    [ -z "$pid" ] || BENCH_PIDS+="redis-node-$port=$pid,"
  done
}

# bench_cluster_table NODE WAIT NOWAIT WAIT_2COPIES: the four runs' JSON lines side by side, then
# one JSON line of all four.
bench_cluster_table() {
  local names=(node wait nowait wait-2copies) i
  local -a json=("$@")
  # row LABEL JQ_FILTER [PRINTF_FORMAT]: one figure of each run ("-" where it has none), the
  # format applied to numbers.
  row() {
    local label=$1 filter=$2 format=${3:-%s} value
    printf '%-44s' "$label"
    for i in 0 1 2 3; do
      value=$(jq -r "$filter // \"-\"" <<<"${json[$i]}" 2>/dev/null) || value="-"
      # shellcheck disable=SC2059  # the format is the caller's
      [[ ! "$value" =~ ^[0-9.]+$ ]] || value=$(printf "$format" "$value")
      printf ' %17s' "$value"
    done
    echo
  }
  echo
  printf '%-44s %17s %17s %17s %17s\n' "appendfsync ${GONGKAI_APPENDFSYNC:-everysec}," \
    "1 node" "3 masters" "3 masters" "3 masters"
  printf '%-44s %17s %17s %17s %17s\n' \
    "${GONGKAI_BENCH_CONCURRENCY:-64} staff, ${GONGKAI_BENCH_CASES:-3000} cases in the closed loop" \
    "" "WAIT 1" "no WAIT" "WAIT 1, 2 copies"
  row "closed loop, cases/s" '.cases_per_s'
  row "  relative to 1 node" \
    "if .cases_per_s then .cases_per_s / $(jq '.cases_per_s // 1' <<<"${json[0]}") else null end" %.2f
  row "  end-to-end p50 / p99, ms" 'if .e2e_p50_ms then "\(.e2e_p50_ms | round) / \(.e2e_p99_ms | round)" else null end'
  row "  Register p99 (saturated), ms" '.register_p99_ms_saturated'
  row "open loop, cases/s offered (half its own)" '.open_loop_rate'
  row "  Register p50 / p99, ms" 'if .register_p50_ms then "\(.register_p50_ms) / \(.register_p99_ms)" else null end'
  row "  end-to-end p99, ms" '.open_loop_e2e_p99_ms'
  row "Redis round trips a case (services' own)" '.redis_round_trips_per_case'
  row "Redis commands a case (every master)" '.redis_commands_per_case'
  row "CPU ms a case: intake" '.cpu_ms_per_case.intake' %.2f
  row "  routing" '.cpu_ms_per_case.routing' %.2f
  row "  review" '.cpu_ms_per_case.review' %.2f
  row "  reply" '.cpu_ms_per_case.reply' %.2f
  row "  tracker" '.cpu_ms_per_case.tracker' %.2f
  row "  redis-server / the 3 masters" '.cpu_ms_per_case["redis-server"] // .cpu_ms_per_case["redis-masters"]' %.2f
  row "  the 3 replicas" '.cpu_ms_per_case["redis-replicas"]' %.2f
  row "  load generator" '.cpu_ms_per_case["load-generator"]' %.2f
  row "  all" 'if .cpu_ms_per_case then [.cpu_ms_per_case[]] | add else null end' %.2f
  row "failed cases" '.failed_cases'
  row "AOF rewrites within the loops (masters)" '.aof_rewrites_within'
  local all='{}'
  for i in 0 1 2 3; do
    all=$(jq -c --arg name "${names[$i]}" --argjson run "${json[$i]}" '.[$name] = $run' <<<"$all" 2>/dev/null) || true
  done
  echo "$all"
}

run_tests() {
  prepare
  # The integration tests start their own private redis-server and service processes on free
  # ports, so they run beside a stack started by `up`.
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
}

COMMAND="${1:-}"
case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  up)
    for option in "${@:2}"; do
      case "$option" in
        --tls) TLS=1 ;;
        --cluster)
          CLUSTER=1
          COMMAND="up --cluster"
          ;;
        *)
          log "up: unknown option $option (--tls, --cluster)"
          exit 2
          ;;
      esac
    done
    up
    ;;
  down)
    # One `down` for either stack: --cluster is accepted and changes nothing.
    [ "${2:-}" = "" ] || [ "${2:-}" = --cluster ] || {
      log "down: unknown option $2"
      exit 2
    }
    down
    ;;
  build) install_deps && build ;;
  bench-deadlines) bench_deadlines ;;
  bench-county) bench_county ;;
  bench) bench_pipeline ;;
  bench-console) bench_console ;;
  bench-cluster) bench_cluster ;;
  bench-steps)
    shift
    bench_steps "$@"
    ;;
  bench-scripts)
    shift
    bench_scripts "$@"
    ;;
  *)
    sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
