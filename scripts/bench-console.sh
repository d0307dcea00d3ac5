#!/usr/bin/env bash
# Console benchmarks in headless Chromium: time to an interactive list of 100 jobs; first
# render and scroll steps of 10,000 jobs; the rules over 10,000 jobs in wasm; and the baseline,
# plain JavaScript rendering the same 10,000 rows in the same browser. Uses the release console
# (dist/) and the release service.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_chromium
cd "$ROOT"
[ -f dist/index.html ] || { ensure_wasm_toolchain; build_console; }
cargo build --quiet --release -p waybill-server -p waybill-load
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
bin="$CARGO_TARGET_DIR/release"
SUB="10ad0000-0000-4000-8000-000000000001"
TOKEN="bench-console-token"
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"' EXIT
start() { # start NAME JOBS: seeds and serves, echoes the URL
  "$bin/waybill-load" seed --database "sqlite://$WORK/$1/waybill.db" --subscription "$SUB" --jobs "$2" >/dev/null
  local port
  port="$(free_port)"
  "$bin/waybill-server" --listen "127.0.0.1:$port" --data-dir "$WORK/$1" --token "$TOKEN=$SUB" --ui "$ROOT/dist" \
    >"$WORK/$1.out" 2>"$WORK/$1.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q listening "$WORK/$1.out" 2>/dev/null && break; sleep 0.1; done
  SERVED="http://127.0.0.1:$port"
}
start small 100; SMALL_URL="$SERVED"
start large 10000; LARGE_URL="$SERVED"
SMALL_URL="$SMALL_URL" LARGE_URL="$LARGE_URL" TOKEN="$TOKEN" CHROMIUM="$(command -v chromium)" \
  node tests/e2e/bench-console.mjs
