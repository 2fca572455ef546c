#!/usr/bin/env bash
# Installs the Debian 12 packages Gongkai needs to build, test and run.
# Idempotent: asks apt only for what is missing, so a ready machine pays nothing.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake make pkg-config ccache
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libspdlog-dev libhiredis-dev
  # Prometheus metrics: the client library and its /metrics endpoint
  prometheus-cpp-dev
  # passwords (argon2id) and token signatures (Ed25519)
  libsodium-dev
  # the memory allocator every program links
  libjemalloc-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # runtime
  redis-server redis-tools
  # used by the scripts themselves (iproute2: `ss`, who listens on a port)
  procps iproute2 jq
  # local certificates for TLS (deploy/make-tls.sh)
  openssl
  # `systemd-analyze verify` of the unit files in deploy/systemd (tests/deploy); installing it
  # does not make systemd the init of a container
  systemd
  # the web console: its HTTP server library, and `curl` for the scripts' health checks
  libcpp-httplib-dev curl
  # the console's browser tests: headless Chromium driven by playwright-core (from npm, with
  # the lockfile in tests/browser), and a CJK font, without which a fresh machine draws every
  # Chinese character as an empty box in screenshots and in print
  chromium fonts-noto-cjk
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

# Node.js and npm run the browser tests' driver. Debian's packages unless the machine has both
# commands already (a Node.js from elsewhere conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  for pkg in nodejs npm; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
