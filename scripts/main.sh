#!/usr/bin/env bash
# The README's commands. Each run does the whole set-up, skipping what is already done:
#   bash scripts/main.sh setup   apt packages, the engine, npm packages, the addon, the TypeScript build
#   bash scripts/main.sh test    set-up, test packages, then the test suite in a loopback-only network namespace
#   bash scripts/main.sh demo    set-up, then the demo call
set -euo pipefail
MODE="${1:-setup}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive
START=$(date +%s)

say() { printf '[node-libwebrtc] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
elapsed() { echo "$(( $(date +%s) - START ))s"; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt: installing ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -q >/dev/null; APT_UPDATED=1; fi
  as_root apt-get -y -q install --no-install-recommends "${missing[@]}" >/dev/null
}

# Newest modification time under the given paths (0 when none exist).
newest() { find "$@" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1 | cut -d. -f1; }

setup() {
  say "1/5 system packages"
  apt_install build-essential python3 ca-certificates util-linux iproute2
  say "2/5 engine (libwebrtc from Debian's libtgowt source; 10-20 min the first time)"
  bash scripts/engine.sh
  ENGINE_PREFIX="$(bash scripts/engine.sh --print-prefix)"
  say "3/5 npm packages"
  if [ ! -d node_modules/.bin ] || [ "$(newest package.json)" -gt "$(newest node_modules/.package-lock.json)" ]; then
    npm install --no-audit --no-fund --loglevel=error
  fi
  say "4/5 native addon"
  local addon=build/Release/node_libwebrtc.node
  if [ ! -f "$addon" ] || [ "$(newest native CMakeLists.txt)" -gt "$(newest "$addon")" ] || ! grep -qs "$ENGINE_PREFIX" build/CMakeCache.txt; then
    if ! bash scripts/build-addon.sh > build-addon.log 2>&1; then
      grep -E 'error|Error' build-addon.log | head -40 >&2
      echo "[node-libwebrtc] FAILED at step: native addon (full log: build-addon.log)" >&2
      exit 1
    fi
    touch "$addon"
  fi
  say "5/5 TypeScript"
  if [ ! -f dist/esm/index.mjs ] || [ "$(newest lib tsconfig.json)" -gt "$(newest dist)" ]; then
    npx tsc -p tsconfig.json
    node scripts/esm-entry.mjs
  fi
  say "set-up done ($(elapsed))"
}

test_packages() {
  # coturn: the TURN/STUN server of the TURN tests (the suite starts and stops its own instance, behind a
  # NAT made with iptables in network namespaces); iproute2 for the namespaces and tc netem.
  apt_install coturn iptables iproute2
  # Debian's Chromium for the browser interop suite (never a downloaded browser).
  apt_install chromium
  # Software devices for the capture tests: an X server to capture, a sound server with a null sink.
  apt_install xvfb x11-xserver-utils pulseaudio pulseaudio-utils
  if systemctl is-enabled coturn >/dev/null 2>&1; then as_root systemctl disable --now coturn >/dev/null 2>&1 || true; fi
}

run_tests() {
  rm -rf build/test  # only what this tsc run writes may be run
  npx tsc -p test/tsconfig.json
  local mocha=(npx mocha --config test/.mocharc.json)
  if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
    # Only loopback exists in here: no test can reach (or even gather) the machine's other addresses.
    say "running the tests in a private network namespace (loopback only)"
    unshare -n bash -c 'ip link set lo up && exec "$@"' _ "${mocha[@]}" "$@"
  else
    say "WARNING: not root or no unshare: running the tests in the machine's own network namespace"
    "${mocha[@]}" "$@"
  fi
}

case "$MODE" in
  setup) setup ;;
  test) shift; setup; test_packages; run_tests "$@" ;;
  demo) setup; node examples/demo.mjs ;;
  *) echo "usage: scripts/main.sh setup|test|demo" >&2; exit 2 ;;
esac
