#!/usr/bin/env bash
# The event side, measured (issue "Events"): with 1,000 live streams open, the time from a
# cancel's acknowledgement to its event on every stream (p50/p99) and at a webhook receiver;
# and durable cancels (8 connections) with no stream open against the same with 1,000 open,
# as a ratio. Release build; service and load generator pinned to separate cores.
# `BENCH_STREAMS` (1000), `BENCH_WRITES` (400 per throughput phase).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
cargo build --quiet --release -p waybill-server -p waybill-load
bin="$CARGO_TARGET_DIR/release"
streams="${BENCH_STREAMS:-1000}"
writes="${BENCH_WRITES:-400}"
SUB="10ad0000-0000-4000-8000-000000000002"
TOKEN="bench-token-1234"
bench_setup
ulimit -n 8192 2>/dev/null || true
PORT="$(free_port)"
jobs=$((200 + 2 * writes))
say "Seeding $jobs jobs in Transferring"
"$bin/waybill-load" seed --database "sqlite://$WORK/data/waybill.db" --subscription "$SUB" --jobs "$jobs"
"${core_server[@]}" "$bin/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --token "$TOKEN=$SUB" \
  --operator-token bench-operator-1234 --allow-private-webhooks --cancel-after 3600000 >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
for _ in $(seq 1 600); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
say "Streams and webhooks ($streams streams, $writes cancels per throughput phase)"
"${core_load[@]}" "$bin/waybill-load" events --target "127.0.0.1:$PORT" --token "$TOKEN" --subscription "$SUB" \
  --streams "$streams" --throughput-writes "$writes" --webhook | tee "$WORK/figures"
python3 - "$WORK/figures" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate = lambda label: float(re.search(label + r" cancel: requests=\d+ rate=(\d+)", text).group(1))
none, some = rate("writes_no_streams"), rate("writes_with_streams")
print(f"ratio: durable cancels with the streams open / with none = {some:.0f} / {none:.0f} = {some / none:.2f} (target >= 0.9)")
PY
