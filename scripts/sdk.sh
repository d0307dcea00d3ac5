#!/usr/bin/env bash
# Real clients: Azure's Python SDKs (azure-mgmt-storageimportexport 0.1.0 for the jobs, then
# azure-mgmt-monitor 7.0.0 reading the activity log they left, then azure-eventgrid 4.20.0
# reading the webhooks' deliveries; installed into a virtualenv in the cache folder) against a
# fresh waybill-server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VENV="$WAYBILL_CACHE/venv"
if ! "$VENV/bin/python" -c "import azure.mgmt.storageimportexport" 2>/dev/null; then
  say "Installing azure-mgmt-storageimportexport into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "azure-mgmt-storageimportexport==0.1.0"
fi
if ! "$VENV/bin/python" -c "import azure.mgmt.monitor" 2>/dev/null; then
  say "Installing azure-mgmt-monitor into $VENV"
  "$VENV/bin/pip" install --quiet "azure-mgmt-monitor==7.0.0"
fi
if ! "$VENV/bin/python" -c "import azure.eventgrid" 2>/dev/null; then
  say "Installing azure-eventgrid into $VENV"
  "$VENV/bin/pip" install --quiet "azure-eventgrid==4.20.0"
fi
cd "$ROOT"
cargo build --quiet -p waybill-server
WORK="$(mktemp -d)"
PORT="$(free_port)"
SUB="0b6c6f2e-0000-4000-8000-5d4b000000aa"
"$CARGO_TARGET_DIR/debug/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$WORK" \
  --token "sdk-token-123456=$SUB" --allow-private-webhooks >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
"$VENV/bin/python" "$ROOT/crates/server/tests/sdk/sdk_client.py" "http://127.0.0.1:$PORT" sdk-token-123456 "$SUB"
"$VENV/bin/python" "$ROOT/crates/server/tests/sdk/monitor_client.py" "http://127.0.0.1:$PORT" sdk-token-123456 "$SUB"
"$VENV/bin/python" "$ROOT/crates/server/tests/sdk/eventgrid_consumer.py" "http://127.0.0.1:$PORT" sdk-token-123456 "$SUB"
