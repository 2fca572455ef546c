#!/usr/bin/env bash
# Gongkai on one machine: installs what is missing, builds, and runs Redis and the five services
# on loopback.
#
#   deploy/local.sh demo    set up, play a day at the service window, stop everything
#   deploy/local.sh test    set up, run every test through CTest
#   deploy/local.sh up      set up and leave Redis and the services running (for the CLI);
#                           `up --tls` serves every service over TLS with a local CA
#   deploy/local.sh down    stop exactly what `up` started
#   deploy/local.sh build   install and build only
#   deploy/local.sh bench             the pipeline's throughput and latency against the machine's
#                                     bound, with appendfsync everysec and always
#   deploy/local.sh bench-deadlines   load a million open cases, measure the managers' views;
#                                     close a million more, measure the annual report
#
# Ports (override by environment): Redis GONGKAI_REDIS_PORT (7379); intake, routing, review,
# reply and tracker GONGKAI_INTAKE_PORT ... (7101-7105). State lives in .run/ (override: GONGKAI_RUN_DIR).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR="${GONGKAI_BUILD_DIR:-$ROOT/build}"
RUN_DIR="${GONGKAI_RUN_DIR:-$ROOT/.run}"
BIN="$BUILD_DIR/bin"
REDIS_PORT="${GONGKAI_REDIS_PORT:-7379}"
declare -A SERVICE_PORTS=(
  [intake]="${GONGKAI_INTAKE_PORT:-7101}"
  [routing]="${GONGKAI_ROUTING_PORT:-7102}"
  [review]="${GONGKAI_REVIEW_PORT:-7103}"
  [reply]="${GONGKAI_REPLY_PORT:-7104}"
  [tracker]="${GONGKAI_TRACKER_PORT:-7105}"
)
SERVICES=(intake routing review reply tracker)
AGENCY="${GONGKAI_AGENCY:-舒城县人民政府办公室}"

log() { echo "local.sh: $*" >&2; }

install_deps() { "$ROOT/deploy/install-deps.sh"; }

build() {
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" -j2
}

# Exports the CLI's addresses so that `gongkai` reaches this stack.
export_addresses() {
  export GONGKAI_INTAKE="127.0.0.1:${SERVICE_PORTS[intake]}"
  export GONGKAI_ROUTING="127.0.0.1:${SERVICE_PORTS[routing]}"
  export GONGKAI_REVIEW="127.0.0.1:${SERVICE_PORTS[review]}"
  export GONGKAI_REPLY="127.0.0.1:${SERVICE_PORTS[reply]}"
  export GONGKAI_TRACKER="127.0.0.1:${SERVICE_PORTS[tracker]}"
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

start_redis() {
  mkdir -p "$RUN_DIR/redis"
  if redis-cli -p "$REDIS_PORT" ping 2>&1 | grep -q -e PONG -e NOAUTH; then
    log "something already answers on Redis port $REDIS_PORT; run 'deploy/local.sh down' or set GONGKAI_REDIS_PORT"
    return 1
  fi
  # Private server: loopback only, its own directory, AOF on (the system of record), no RDB.
  write_redis_users
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR/redis" \
    --aclfile "$RUN_DIR/redis/users.acl" \
    --appendonly yes --appendfsync "${GONGKAI_APPENDFSYNC:-everysec}" --save "" \
    --daemonize yes --pidfile "$RUN_DIR/redis/redis.pid" --logfile "$RUN_DIR/redis/redis.log"
  for _ in $(seq 100); do
    operator_cli ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  log "redis-server did not start; see $RUN_DIR/redis/redis.log"
  return 1
}

# The key pair of this stack's session tokens: the tracker signs with the secret half, every
# service checks with the public half. Made once per run directory.
ensure_keys() {
  KEYS_DIR="$RUN_DIR/keys"
  [ -f "$KEYS_DIR/token-signing.key" ] || "$BIN/gongkai" admin keygen --dir="$KEYS_DIR" >/dev/null
}

# start_services [SERVICE...]: all five unless named.
start_services() {
  local services=("$@")
  [ ${#services[@]} -gt 0 ] || services=("${SERVICES[@]}")
  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
  ensure_keys
  local tls=()
  if [ "${TLS:-0}" = 1 ]; then
    "$ROOT/deploy/make-tls.sh" "$RUN_DIR/tls"
    tls=(--tls_cert="$RUN_DIR/tls/server.crt" --tls_key="$RUN_DIR/tls/server.key")
    export GONGKAI_TLS_CA="$RUN_DIR/tls/ca.crt"
  fi
  for service in "${services[@]}"; do
    local extra=(--token_verify_key="$KEYS_DIR/token-verify.pub" "${tls[@]}")
    case "$service" in
      routing) extra+=(--catalogue="$ROOT/deploy/departments.conf") ;;
      tracker) extra+=(--catalogue="$ROOT/deploy/departments.conf"
        --token_signing_key="$KEYS_DIR/token-signing.key") ;;
      review) extra+=(--sensitive_terms="$ROOT/deploy/sensitive-terms.conf") ;;
    esac
    "$BIN/gongkai-$service" --listen="127.0.0.1:${SERVICE_PORTS[$service]}" \
      --redis="127.0.0.1:$REDIS_PORT" --redis_user=gongkai \
      --redis_password_file="$RUN_DIR/redis/service.password" \
      --agency="$AGENCY" --calendar="$ROOT/deploy/calendar" \
      "${extra[@]}" ${GONGKAI_SERVICE_FLAGS:-} \
      >>"$RUN_DIR/logs/$service.log" 2>&1 &
    echo $! >"$RUN_DIR/pids/$service.pid"
  done
  export_addresses
  [ ${#services[@]} -eq ${#SERVICES[@]} ] || { sleep 1; return 0; }
  for _ in $(seq 150); do
    if "$BIN/gongkai" health >/dev/null 2>&1; then
      "$BIN/gongkai" health
      return 0
    fi
    sleep 0.2
  done
  "$BIN/gongkai" health || true
  log "the services did not all become healthy; logs are in $RUN_DIR/logs"
  return 1
}

# The office's staff, one account per role (an officer per department of the catalogue):
# user id, roles, department, name.
staff_accounts() {
  echo "admin admin - 系统管理员"
  echo "chuangkou01 clerk - 窗口受理员"
  echo "diaodu01 dispatcher - 分办员"
  echo "baomi01 reviewer - 保密审查员"
  echo "zhuren01 head - 办公室主任"
  echo "manager01 manager - 政务公开科"
  grep -v '^#' "$ROOT/deploy/departments.conf" | awk -F'|' 'NF > 1 {
    gsub(/ /, "", $1); gsub(/ /, "", $2); printf "%s-officer officer %s %s经办人\n", $1, $1, $2 }'
}

# Creates the staff accounts once per run directory (the first, the administrator, with no token:
# the set-up of a new office), with random passwords kept in accounts.txt (mode 600), and signs
# each in: $RUN_DIR/tokens/<user id> is a token file for `gongkai --token_file`.
create_accounts() {
  local accounts="$RUN_DIR/accounts.txt" tokens="$RUN_DIR/tokens"
  mkdir -p "$tokens"
  if [ ! -f "$accounts" ]; then
    (umask 077 && : >"$accounts")
    while read -r user roles dept name; do
      local password
      password=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
      local dept_flag=()
      [ "$dept" = - ] || dept_flag=(--dept="$dept")
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
  install_deps
  build
  start_redis
  start_services
  create_accounts
  log "up: Redis on 127.0.0.1:$REDIS_PORT (data in $RUN_DIR/redis), services on ports" \
    "${SERVICE_PORTS[intake]}-${SERVICE_PORTS[tracker]}; logs in $RUN_DIR/logs"
  log "staff accounts (user, role, department, password) are in $RUN_DIR/accounts.txt; each is"
  log "signed in already, its token in $RUN_DIR/tokens/<user>. As the window clerk, for example:"
  log "  GONGKAI_TOKEN_FILE=$RUN_DIR/tokens/chuangkou01 $BIN/gongkai reply-queue"
  log "or sign in yourself: $BIN/gongkai login --user=diaodu01 (password from accounts.txt)"
  if [ "${TLS:-0}" = 1 ]; then
    log "over TLS: the client trusts the local CA with GONGKAI_TLS_CA=$RUN_DIR/tls/ca.crt"
  fi
  while read -r user roles dept _; do log "  $user  $roles  $dept"; done <"$RUN_DIR/accounts.txt"
}

down() {
  for service in "${SERVICES[@]}"; do
    local pid_file="$RUN_DIR/pids/$service.pid"
    [ -f "$pid_file" ] || continue
    local pid
    pid=$(cat "$pid_file")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pid_file"
  done
  if [ -f "$RUN_DIR/redis/redis.pid" ]; then
    # SHUTDOWN flushes the AOF before exiting.
    operator_cli shutdown >/dev/null 2>&1 || true
    rm -f "$RUN_DIR/redis/redis.pid"
  fi
}

demo() {
  # A demo starts from an empty office: a fresh data directory of its own.
  RUN_DIR="$RUN_DIR/demo"
  rm -rf "$RUN_DIR"
  trap down EXIT
  up
  GONGKAI_BIN="$BIN" GONGKAI_DOCUMENTS="$RUN_DIR/documents" GONGKAI_TOKENS="$RUN_DIR/tokens" \
    "$ROOT/deploy/demo.sh"
}

# The deadline benchmark: a fresh stack, GONGKAI_BENCH_CASES open cases (default 1,000,000)
# loaded into it, the managers' views and the sweeper measured; then as many cases answered and
# closed, and the annual report measured. Figures: docs/performance.md.
bench_deadlines() {
  RUN_DIR="$RUN_DIR/bench"
  rm -rf "$RUN_DIR"
  install_deps
  build
  start_redis
  # The cases are loaded straight into Redis as routed: only the tracker serves.
  start_services tracker
  trap down EXIT
  "$BIN/gongkai-bench-deadlines" --redis="127.0.0.1:$REDIS_PORT" --redis_user=operator \
    --redis_password_file="$RUN_DIR/redis/operator.password" \
    --tracker="127.0.0.1:${SERVICE_PORTS[tracker]}" --cases="${GONGKAI_BENCH_CASES:-1000000}" \
    --closed_cases="${GONGKAI_BENCH_CASES:-1000000}" \
    --token_signing_key="$KEYS_DIR/token-signing.key" --calendar="$ROOT/deploy/calendar" --catalogue="$ROOT/deploy/departments.conf"
}

# The pipeline benchmark: for appendfsync everysec and then always, a fresh stack, the machine's
# bound (redis-benchmark, a no-op gRPC pair), a closed-loop and an open-loop load through the
# public API. GONGKAI_BENCH_CASES (default 3000) and GONGKAI_BENCH_CONCURRENCY (64) tune the
# closed loop. The last line is one JSON object: the everysec figures, and the always run's
# under "always". Figures: docs/performance.md.
bench_pipeline() {
  install_deps
  build
  local base="$RUN_DIR" results=()
  for fsync in everysec always; do
    RUN_DIR="$base/bench-pipeline-$fsync"
    rm -rf "$RUN_DIR"
    GONGKAI_APPENDFSYNC=$fsync start_redis
    trap down EXIT
    start_services >/dev/null
    local pids=""
    for service in "${SERVICES[@]}"; do pids+="$service=$(cat "$RUN_DIR/pids/$service.pid"),"; done
    "$BIN/gongkai-bench-pipeline" --redis="127.0.0.1:$REDIS_PORT" --redis_user=operator \
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

run_tests() {
  install_deps
  build
  # The integration tests start their own private redis-server and service processes on free
  # ports, so they run beside a stack started by `up`.
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j2
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  up)
    [ "${2:-}" != --tls ] || TLS=1
    up
    ;;
  down) down ;;
  build) install_deps && build ;;
  bench-deadlines) bench_deadlines ;;
  bench) bench_pipeline ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
