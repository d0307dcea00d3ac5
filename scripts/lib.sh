# Shared by scripts/run.sh and scripts/test.sh: paths, and installing whatever is missing.
# Everything here is idempotent; a second run finds the tools and returns at once.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WAYBILL_CACHE="${WAYBILL_CACHE:-$HOME/.cache/waybill}"
# One cargo target folder outside the clone, so a fresh clone (CI) reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$WAYBILL_CACHE/target}"
export PATH="$HOME/.cargo/bin:$WAYBILL_CACHE/binaryen/node_modules/.bin:$PATH"
mkdir -p "$WAYBILL_CACHE"

TRUNK_VERSION="0.21.14"
LEPTOSFMT_VERSION="0.1.33"
BINARYEN_VERSION="132.0.0"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# A free TCP port on loopback.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# For the benchmarks: WORK, a folder removed at exit (the service in SERVER stopped first),
# and core_server / core_load, the service and the load generator pinned to separate cores
# where there are two.
bench_setup() {
  WORK="$(mktemp -d)"
  SERVER=""
  trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
  core_server=(); core_load=()
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then core_server=(taskset -c 0); core_load=(taskset -c 1); fi
}

# For the console benchmarks: the release console (dist/, built when missing), the release
# service and waybill-load, Chromium and playwright-core; a work folder and the services
# stopped on exit.
console_bench_setup() {
  ensure_chromium
  cd "$ROOT"
  [ -f dist/index.html ] || { ensure_wasm_toolchain; build_console; }
  cargo build --quiet --release -p waybill-server -p waybill-load
  [ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
  bin="$CARGO_TARGET_DIR/release"
  WORK="$(mktemp -d)"
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
}

# `seeded_service NAME JOBS [ARGS...]` seeds a database of JOBS jobs
# in $BENCH_SUB (waybill-load seed) and serves it with the release console (dist/) and the token
# $BENCH_TOKEN; sets SERVED to its URL. Needs WORK and bin; the service is stopped on exit (PIDS).
BENCH_SUB="10ad0000-0000-4000-8000-000000000001"
BENCH_TOKEN="bench-console-token"
PIDS=()
seeded_service() {
  local name="$1" jobs="$2" port
  shift 2
  "$bin/waybill-load" seed --database "sqlite://$WORK/$name/waybill.db" --subscription "$BENCH_SUB" --jobs "$jobs" >/dev/null
  port="$(free_port)"
  "$bin/waybill-server" --listen "127.0.0.1:$port" --data-dir "$WORK/$name" --token "$BENCH_TOKEN=$BENCH_SUB" \
    --ui "$ROOT/dist" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q listening "$WORK/$name.out" 2>/dev/null && break; sleep 0.1; done
  SERVED="http://127.0.0.1:$port"
}

# The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_toolchain() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ ! -f "$ROOT/Cargo.lock" ]; then
    (cd "$ROOT" && cargo generate-lockfile)
  fi
  (cd "$ROOT" && cargo fetch --quiet)
  if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
    say "Installing Trunk $TRUNK_VERSION (takes about 8 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg
  wbg="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "Installing wasm-bindgen-cli $wbg (about 4 minutes, once)"
    # Not --locked: its packaged lock file pins a crate the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    say "Installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
    mkdir -p "$WAYBILL_CACHE/binaryen"
    (cd "$WAYBILL_CACHE/binaryen" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
  fi
}

# leptosfmt formats the console's view! macros (the test command checks them, as cargo fmt
# checks the rest).
ensure_leptosfmt() {
  if [ "$(leptosfmt --version 2>/dev/null || true)" != "leptosfmt $LEPTOSFMT_VERSION" ]; then
    say "Installing leptosfmt $LEPTOSFMT_VERSION (about 2 minutes, once)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "Installing Chromium and ChromeDriver (Debian packages)"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
}

# Builds the console in release mode (wasm-opt -Oz) into $ROOT/dist.
build_console() {
  say "Building the console (release, wasm-opt)"
  # Each command's failure ends the function: called as a test step (inside an `if`, where
  # bash ignores `set -e`), a failed build must not be followed by precompressing the old dist/.
  (cd "$ROOT" && trunk build --release --offline) || return 1
  node "$ROOT/scripts/precompress.mjs" "$ROOT/dist" || return 1
}
