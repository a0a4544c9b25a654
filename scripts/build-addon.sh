#!/usr/bin/env bash
# Builds the native addon (cmake-js + CMakeLists.txt, the one build) against the engine prefix.
#   scripts/build-addon.sh            -> build/Release/node_libwebrtc.node
#   scripts/build-addon.sh --gyp      -> the same, for node-gyp (binding.gyp delegates here)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PREFIX="$(bash scripts/engine.sh --print-prefix)"
if [ ! -f "$PREFIX/.complete" ]; then
  echo "[node-libwebrtc] the engine is not built yet ($PREFIX). Run: npm run setup" >&2
  exit 1
fi
OUT=build
if [ "${1:-}" = "--gyp" ]; then OUT=build/cmake; fi
# A new engine patch set is a new prefix; find_package() caches the old one, so configure afresh.
if [ -f "$OUT/CMakeCache.txt" ] && ! grep -qF "tg_owt_DIR:PATH=$PREFIX/" "$OUT/CMakeCache.txt"; then
  echo "[node-libwebrtc] the engine changed: reconfiguring the addon build" >&2
  rm -f "$OUT/CMakeCache.txt"
fi
npx --no-install cmake-js compile --out "$OUT" --CDCMAKE_PREFIX_PATH="$PREFIX"
if [ "$OUT" != build ]; then
  mkdir -p build/Release
  cp "$OUT/Release/node_libwebrtc.node" build/Release/node_libwebrtc.node
fi
