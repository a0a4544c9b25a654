#!/usr/bin/env bash
# Builds the engine (libwebrtc as Debian packages it: libtgowt, Telegram's tg_owt fork) from Debian's
# *source* package, position-independent and Release, and installs it into a versioned cache prefix.
# Idempotent: with the prefix present it only prints where it is. Usage: scripts/engine.sh [--print-prefix]
set -euo pipefail

ENGINE_SOURCE_PACKAGE=libtgowt
ENGINE_VERSION='0~git20230105.5098730+dfsg-2'   # bookworm's; pinned so every machine builds the same engine
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATCH_DIR="$HERE/engine-patches"

# How the engine is configured: Release (NDEBUG — the addon must match), position-independent (it is linked
# into a shared object), real audio device backends, X11 and PipeWire capture.
CMAKE_FLAGS=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DTG_OWT_BUILD_AUDIO_BACKENDS=ON
  -DTG_OWT_USE_PROTOBUF=ON -DTG_OWT_USE_X11=ON -DTG_OWT_USE_PIPEWIRE=ON -DTG_OWT_DLOPEN_PIPEWIRE=ON)

# SRTP: libsrtp2 from Debian's source package too, but with OpenSSL's ciphers and linked statically (Debian's
# binary uses NSS: AES-128-CM + HMAC-SHA1-80 runs ~3x slower per packet, and NSS is loaded at run time).
SRTP_SOURCE_PACKAGE=libsrtp2
SRTP_VERSION='2.5.0-3'   # bookworm's, as the engine's headers (libsrtp2-dev)
SRTP_CONFIGURE=(--enable-openssl --disable-stdout --disable-debug)

# Cache layout (NODE_LIBWEBRTC_ENGINE_CACHE, default ~/.cache/node-libwebrtc):
#   tgowt-<version>-release-<hash of version+flags>/     the work tree: src/ (Debian's source), build/ (ninja)
#       prefix-<hash of patches and SRTP settings>/      one installed engine per set of project patches
#       srtp/                                              libsrtp2's source
# A changed patch set reuses the work tree: the old patches are reversed, the new ones applied, and ninja
# recompiles only what they touch (minutes, not the 20 of a first build). The work tree never moves:
# CMake and ninja record absolute paths.
tree_hash() { printf '%s\n' "$ENGINE_VERSION" "${CMAKE_FLAGS[@]}" | sha256sum | cut -c1-12; }
patches() { if [ -d "$PATCH_DIR" ]; then find "$PATCH_DIR" -maxdepth 1 -name '*.patch' | sort; fi; }
patch_hash() {
  { printf '%s\n' "$ENGINE_VERSION" "${CMAKE_FLAGS[@]}" "$SRTP_VERSION" "${SRTP_CONFIGURE[@]}"
    patches | while read -r p; do cat "$p"; done; } | sha256sum | cut -c1-12
}
CACHE_ROOT="${NODE_LIBWEBRTC_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/node-libwebrtc}"
WORK="$CACHE_ROOT/tgowt-${ENGINE_VERSION//[~+]/_}-release-$(tree_hash)"
PREFIX_NAME="prefix-$(patch_hash)"
# NODE_LIBWEBRTC_ENGINE_DIR: a ready engine (a directory with prefix/.complete in it), built elsewhere.
if [ -n "${NODE_LIBWEBRTC_ENGINE_DIR:-}" ]; then PREFIX="$NODE_LIBWEBRTC_ENGINE_DIR/prefix"; else PREFIX="$WORK/$PREFIX_NAME"; fi
STAMP="$PREFIX/.complete"

if [ "${1:-}" = "--print-prefix" ]; then echo "$PREFIX"; exit 0; fi

# The whole run is one function, parsed before it starts: editing this file during a build cannot break it.
main() {
  say() { printf '[engine] %s\n' "$*"; }
  fail() { printf '[engine] FAILED at step "%s": %s\n' "$CURRENT_STEP" "$*" >&2; exit 1; }
  CURRENT_STEP=start
  trap 'rc=$?; if [ $rc -ne 0 ]; then printf "[engine] FAILED at step \"%s\" (exit %s). Full log: %s\n" "$CURRENT_STEP" "$rc" "${LOG:-none}" >&2; fi' EXIT
  
  # What the engine's build and the addon's link need: Debian's Build-Depends-Arch of libtgowt, plus the
  # backends the project turns on. Checked on every run (the addon links against these libraries even when the
  # engine itself comes from the cache).
  ENGINE_PACKAGES=(cmake ninja-build pkg-config yasm dpkg-dev patch protobuf-compiler python3
    libabsl-dev libasound2-dev libavcodec-dev libavformat-dev libavutil-dev libdrm-dev libegl-dev libgbm-dev
    libgl-dev libglib2.0-dev libjpeg-dev libopus-dev libpipewire-0.3-dev libprotobuf-dev libpulse-dev
    libsrtp2-dev libssl-dev libswresample-dev libswscale-dev libvpx-dev libxcomposite-dev libxdamage-dev
    libxext-dev libxfixes-dev libxrandr-dev libxrender-dev libxtst-dev libx11-dev libepoxy-dev libopenh264-dev)
  
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  export DEBIAN_FRONTEND=noninteractive
  
  ensure_packages() {
    local missing=()
    for p in "${ENGINE_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${#missing[@]} build packages: ${missing[*]}"
    as_root apt-get update -q >>"$1" 2>&1 || fail "apt-get update failed (see $1)"
    as_root apt-get -y -q install --no-install-recommends "${missing[@]}" >>"$1" 2>&1 || fail "apt-get install failed (see $1)"
  }
  
  # A deb-src entry beside the machine's own sources (same mirror and suite), never editing them, and the
  # apt lists that offer source package $1 at version $2.
  ensure_source() {
    apt-cache showsrc "$1" 2>/dev/null | grep -qx "Version: $2" && return 0
    . /etc/os-release
    SUITE="${VERSION_CODENAME:-}"
    [ -n "$SUITE" ] || fail "cannot tell the Debian suite from /etc/os-release"
    SRC_LIST=/etc/apt/sources.list.d/node-libwebrtc-deb-src.sources
    if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
      [ -n "$mirror" ] || mirror=$(grep -hE '^deb [^ ]*debian/? ' /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}')
      [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
      printf '%s\n' "# Added by node-libwebrtc's scripts/engine.sh: source packages, to build libwebrtc (libtgowt, libsrtp2)." \
        "Types: deb-src" "URIs: $mirror" "Suites: $SUITE $SUITE-updates" "Components: main" \
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" | as_root tee "$SRC_LIST" >/dev/null
      say "added $SRC_LIST ($mirror $SUITE)"
    fi
    as_root apt-get update -q >>"$LOG" 2>&1 || fail "apt-get update failed (see $LOG)"
    if ! apt-cache showsrc "$1" 2>/dev/null | grep -qx "Version: $2"; then
      fail "this machine's Debian suite ($SUITE) does not offer source package $1 $2.
      node-libwebrtc pins that version (Debian 12 bookworm's) so every machine builds the same engine.
      Use Debian 12 (bookworm), or add a bookworm deb-src entry to apt, or point NODE_LIBWEBRTC_ENGINE_DIR at a
      directory with a complete engine built elsewhere by this script (prefix/.complete)."
    fi
  }
  
  if [ -f "$STAMP" ]; then
    CURRENT_STEP="build packages"
    ensure_packages /dev/stderr
    say "cached: $PREFIX"
    exit 0
  fi
  [ -z "${NODE_LIBWEBRTC_ENGINE_DIR:-}" ] || fail "NODE_LIBWEBRTC_ENGINE_DIR=$NODE_LIBWEBRTC_ENGINE_DIR has no complete engine (prefix/.complete)"
  
  TOTAL_STEPS=8
  step() { CURRENT_STEP="$2"; say "step $1/$TOTAL_STEPS: $2"; }
  mkdir -p "$WORK"
  LOG="$WORK/build.log"
  : > "$LOG"
  START=$(date +%s)
  
  # --- 1. build packages.
  step 1 "build packages (apt)"
  ensure_packages "$LOG"
  
  SRC=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name "${ENGINE_SOURCE_PACKAGE}-*" 2>/dev/null | head -1 || true)
  BUILD="$WORK/build"
  INCREMENTAL=0
  if [ -n "$SRC" ] && [ -f "$BUILD/build.ninja" ] && [ -d "$WORK/applied" ]; then
    # --- 2+3. reuse the work tree: take the previously applied project patches back out.
    step 2 "reuse the work tree in $WORK"
    step 3 "reverse the previous project patches"
    INCREMENTAL=1
    for p in $(find "$WORK/applied" -maxdepth 1 -name '*.patch' | sort -r); do
      if ! patch -d "$SRC" -p1 -R --force < "$p" >>"$LOG" 2>&1; then INCREMENTAL=0; break; fi
      rm -f "$p"
    done
    if [ "$INCREMENTAL" = 0 ] && [ -d "$WORK/pristine" ]; then
      # The tree was changed by hand: put back the pristine copy of each file that differs, so that
      # ninja still rebuilds only what changed.
      say "could not reverse $(basename "$p"); restoring changed files from the pristine copy"
      (cd "$WORK/pristine" && find . -type f) | while read -r f; do
        cmp -s "$WORK/pristine/$f" "$SRC/$f" || cp -p "$WORK/pristine/$f" "$SRC/$f"
      done
      find "$SRC" \( -name '*.rej' -o -name '*.orig' \) -delete
      rm -f "$WORK"/applied/*.patch
      INCREMENTAL=1
    fi
    [ "$INCREMENTAL" = 1 ] || say "could not reverse $(basename "$p"); building from a fresh source tree"
  fi
  if [ "$INCREMENTAL" = 0 ]; then
    # --- 2. the engine's source package known to apt (ensure_source).
    step 2 "apt source entries"
    ensure_source "$ENGINE_SOURCE_PACKAGE" "$ENGINE_VERSION"

    # --- 3. the source, with Debian's patches applied.
    step 3 "source package $ENGINE_SOURCE_PACKAGE $ENGINE_VERSION"
    rm -rf "$WORK/src" "$WORK/applied" "$WORK/pristine" "$BUILD"; mkdir -p "$WORK/src"
    (cd "$WORK/src" && apt-get source -q "$ENGINE_SOURCE_PACKAGE=$ENGINE_VERSION") >>"$LOG" 2>&1 || fail "apt-get source failed (see $LOG)"
    SRC=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name "${ENGINE_SOURCE_PACKAGE}-*" | head -1)
    [ -n "$SRC" ] || fail "apt-get source produced no source tree in $WORK/src"
    rm -rf "$WORK/pristine"
    cp -a "$SRC" "$WORK/pristine"  # what later patch sets start from
  fi

  # --- 4. the project's own engine patches (documented in scripts/engine-patches/README.md).
  step 4 "project patches"
  mkdir -p "$WORK/applied"
  for p in $(patches); do
    patch -d "$SRC" -p1 --forward < "$p" >>"$LOG" 2>&1 || fail "patch $(basename "$p") does not apply (see $LOG)"
    cp "$p" "$WORK/applied/"
    say "applied $(basename "$p")"
  done

  # --- 5. configure (the install prefix is the only thing that differs between patch sets).
  step 5 "configure (cmake)"
  cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_INSTALL_PREFIX="$PREFIX" "${CMAKE_FLAGS[@]}" >>"$LOG" 2>&1 || fail "cmake configure failed (see $LOG)"

  # --- 6. compile, printing progress instead of compiler lines.
  if [ "$INCREMENTAL" = 1 ]; then step 6 "compile (only what the patches touch)"; else step 6 "compile (10 to 20 minutes on 2 cores)"; fi
  NINJA_STATUS='[%f/%t] ' ninja -C "$BUILD" -j "${NODE_LIBWEBRTC_JOBS:-$(nproc)}" >>"$LOG" 2>&1 &
  NINJA_PID=$!
  STEP_START=$(date +%s)
  last_print=0
  fmt() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
  while kill -0 "$NINJA_PID" 2>/dev/null; do
    sleep 5
    now=$(date +%s)
    if [ $((now - last_print)) -ge "${NODE_LIBWEBRTC_PROGRESS_EVERY:-30}" ]; then
      last_print=$now
      status=$(grep -oE '^\[[0-9]+/[0-9]+\]' "$LOG" | tail -1 | tr -d '[]' || true)
      if [ -n "$status" ]; then
        done_steps=${status%/*}; total=${status#*/}; elapsed=$((now - STEP_START))
        eta=$(( done_steps > 0 ? elapsed * (total - done_steps) / done_steps : 0 ))
        say "compile: $done_steps/$total steps ($((100 * done_steps / total))%), elapsed $(fmt $elapsed), about $(fmt $eta) left"
      fi
    fi
  done
  wait "$NINJA_PID" || { tail -n 30 "$LOG" >&2; fail "compilation failed (last lines above; full log $LOG)"; }
  
  # --- 7. install into this patch set's prefix; the work tree stays for the next patch set.
  step 7 "install"
  ninja -C "$BUILD" install >>"$LOG" 2>&1 || fail "ninja install failed (see $LOG)"
  [ -f "$PREFIX/lib/cmake/tg_owt/tg_owtConfig.cmake" ] || fail "install produced no tg_owtConfig.cmake"

  # --- 8. libsrtp2 with OpenSSL's ciphers, as a static library beside the engine's (CMakeLists.txt links it
  # in place of Debian's shared libsrtp2). Same source and Debian patches; only the crypto backend differs.
  step 8 "SRTP: $SRTP_SOURCE_PACKAGE $SRTP_VERSION with OpenSSL"
  SRTP_SRC=$(find "$WORK/srtp" -mindepth 1 -maxdepth 1 -type d -name "${SRTP_SOURCE_PACKAGE}-*" 2>/dev/null | head -1 || true)
  if [ -z "$SRTP_SRC" ] || [ ! -f "$WORK/srtp/.version-$SRTP_VERSION" ]; then
    ensure_source "$SRTP_SOURCE_PACKAGE" "$SRTP_VERSION"
    rm -rf "$WORK/srtp"; mkdir -p "$WORK/srtp"
    (cd "$WORK/srtp" && apt-get source -q "$SRTP_SOURCE_PACKAGE=$SRTP_VERSION") >>"$LOG" 2>&1 || fail "apt-get source $SRTP_SOURCE_PACKAGE failed (see $LOG)"
    SRTP_SRC=$(find "$WORK/srtp" -mindepth 1 -maxdepth 1 -type d -name "${SRTP_SOURCE_PACKAGE}-*" | head -1)
    [ -n "$SRTP_SRC" ] || fail "apt-get source produced no $SRTP_SOURCE_PACKAGE tree in $WORK/srtp"
    touch "$WORK/srtp/.version-$SRTP_VERSION"
  fi
  SRTP_BUILD="$BUILD/srtp"
  rm -rf "$SRTP_BUILD"; cp -a "$SRTP_SRC" "$SRTP_BUILD"
  # Debian's own compiler flags (and its -D_REENTRANT), position-independent for the shared addon.
  (cd "$SRTP_BUILD" && ./configure "${SRTP_CONFIGURE[@]}" CFLAGS="$(dpkg-buildflags --get CFLAGS) -D_REENTRANT -fPIC" \
     CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" && make -j "${NODE_LIBWEBRTC_JOBS:-$(nproc)}" libsrtp2.a) >>"$LOG" 2>&1 \
    || fail "libsrtp2 build failed (see $LOG)"
  grep -q '^#define OPENSSL 1' "$SRTP_BUILD/crypto/include/config.h" || fail "libsrtp2 was configured without OpenSSL (see $LOG)"
  cp "$SRTP_BUILD/libsrtp2.a" "$PREFIX/lib/libsrtp2-openssl.a"
  printf '%s\n' "$ENGINE_VERSION" > "$STAMP"
  say "done in $(fmt $(( $(date +%s) - START ))): $PREFIX"
}

main "$@"; exit $?  # one line: bash has read it all before main runs, whatever edits follow
