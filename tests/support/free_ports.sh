# Sourced by the shell tests that start whole stacks with deploy/local.sh (tests/deploy,
# tests/browser). pick_ports N sets PORTS to N free ports, probed: outside the kernel's
# ephemeral range (which the integration tests' port 0 draws from), distinct, with no socket on
# them now. Needs the caller's `fail` function.
pick_ports() {
  local count=$1 low high base span port tries=0
  read -r low high </proc/sys/net/ipv4/ip_local_port_range
  if [ "$low" -gt 12000 ]; then base=10000 span=$((low - 10000)); else base=$((high + 1)) span=$((65535 - high)); fi
  PORTS=()
  while [ ${#PORTS[@]} -lt "$count" ]; do
    [ $((tries += 1)) -lt 1000 ] || fail "no free ports found"
    port=$((base + (RANDOM * 32768 + RANDOM) % span))
    [[ " ${PORTS[*]} " == *" $port "* ]] && continue
    [ -z "$(ss -Htan "sport = :$port")" ] || continue
    PORTS+=("$port")
  done
}
