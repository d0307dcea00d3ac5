#!/usr/bin/env bash
# Soak: a mixed load (create, get, list, ship, advance, cancel, delete) on loopback against a
# fresh release waybill-server, reporting errors (must be 0), latency percentiles every
# interval, and the server's memory at start and end. `SOAK_SECONDS` (600 for the documented
# 10-minute soak; 20 in the test command).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
seconds="${SOAK_SECONDS:-600}"
profile="${SOAK_PROFILE:-release}"
flag=(); [ "$profile" = release ] && flag=(--release)
cargo build --quiet "${flag[@]}" -p waybill-server -p waybill-load
bin="$CARGO_TARGET_DIR/$profile"
WORK="$(mktemp -d)"
PORT="$(free_port)"
SUB="10ad0000-0000-4000-8000-000000000001"
"$bin/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$WORK" --token "soak-token-1234=$SUB" \
  --operator-token soak-operator-1234 >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
interval=$(( seconds >= 60 ? 60 : 5 ))
"$bin/waybill-load" mixed --target "127.0.0.1:$PORT" --token soak-token-1234 --operator-token soak-operator-1234 \
  --subscription "$SUB" --seconds "$seconds" --connections "${SOAK_CONNECTIONS:-8}" --interval "$interval" --server-pid "$SERVER"
if grep -qi "panicked\|ERROR" "$WORK/err"; then echo "the server logged errors:"; grep -i "panicked\|ERROR" "$WORK/err" | head; exit 1; fi
