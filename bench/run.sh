#!/usr/bin/env bash
# Runs the data-channel benchmark isolated from the machine's real network: inside a fresh network
# namespace (unshare -n) holding only `lo` and one private interface, nlwbench0 = 10.99.0.1/24, so
# implementations that ignore loopback (libwebrtc, libjuice, werift) still find a host candidate.
# All traffic stays inside the namespace. Without root or unshare it runs on the host network and
# says so.
#
#   bash bench/run.sh [--only name1,name2] [--quick] [--write] [--timeout SECONDS]
#   bash bench/run.sh --media [--write] [--seconds N] [--rounds N]   (default 10 s, 5 rounds: median per row)
#
# The interface is a dummy device where the kernel has one, else a veth pair (nlwbench0/nlwbench1).
# Set NLW_BENCH_NO_NETNS=1 to skip the namespace. NLW_BENCH_NICE=1 runs it under `nice -n 19` (while developing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [[ ! -d node_modules ]]; then
  echo "bench/run.sh: installing bench dependencies (npm install in bench/)" >&2
  npm install --no-audit --no-fund >&2
fi

node_bin="$(command -v node)"
# --media runs the media benchmark (media.mjs) instead of the data-channel one.
script="$here/datachannel.mjs"
if [ "${1:-}" = "--media" ]; then shift; script="$here/media.mjs"; fi
bench=("$node_bin" "$script" "$@")
export NLW_BENCH_VIA_RUN_SH=1

# Executed inside the new namespace: bring up lo and the private interface, then exec the benchmark.
inner='
set -e
ip link set lo up
kind=dummy
if ! ip link add nlwbench0 type dummy 2>/dev/null; then
  kind=veth
  ip link add nlwbench0 type veth peer name nlwbench1
  ip link set nlwbench1 up
fi
ip addr add 10.99.0.1/24 dev nlwbench0
ip link set nlwbench0 up
export NLW_BENCH_NETWORK="isolated network namespace: lo + nlwbench0 ($kind) 10.99.0.1/24"
echo "bench/run.sh: $NLW_BENCH_NETWORK" >&2
if [ -n "${NLW_BENCH_NICE:-}" ]; then exec nice -n 19 "$@"; else exec "$@"; fi
'

reason=""
if [[ "${NLW_BENCH_NO_NETNS:-}" == 1 ]]; then
  reason="NLW_BENCH_NO_NETNS=1"
elif [[ "$(id -u)" != 0 ]]; then
  reason="not root"
elif ! command -v unshare >/dev/null || ! command -v ip >/dev/null; then
  reason="unshare or ip (iproute2) not installed"
elif ! unshare -n true 2>/dev/null; then
  reason="unshare -n not permitted here"
fi

if [[ -z "$reason" ]]; then
  exec unshare -n bash -c "$inner" bench-netns "${bench[@]}"
fi

echo "bench/run.sh: NOT isolated ($reason): running on the host network" >&2
export NLW_BENCH_NETWORK="host network, not isolated ($reason)"
if [ -n "${NLW_BENCH_NICE:-}" ]; then exec nice -n 19 "${bench[@]}"; else exec "${bench[@]}"; fi
