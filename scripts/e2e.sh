#!/usr/bin/env bash
# End-to-end: the real waybill-server with the release-built console (dist/), a fresh
# database, demo data and known tokens, driven by headless Chromium. Expects dist/ built.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_chromium

cd "$ROOT"
cargo build --quiet -p waybill-server
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$CARGO_TARGET_DIR/debug/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" \
  --ui "$ROOT/dist" --demo >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  grep -q "Open the console" "$WORK/server.out" 2>/dev/null && break
  sleep 0.1
done
URL="$(grep -o 'http://[^ ]*#token=[0-9a-f]*' "$WORK/server.out")"
[ -n "$URL" ] || { echo "the service printed no console URL"; cat "$WORK/server.err"; exit 1; }

chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$WORK/profile" \
  --virtual-time-budget=5000 --dump-dom "$URL" >"$WORK/dom.html" 2>/dev/null
if grep -q 'class="brand"[^>]*>Waybill<' "$WORK/dom.html"; then
  echo "test result: ok. 1 passed; 0 failed; the console shell rendered from the service"
else
  echo "test result: FAILED. 0 passed; 1 failed; the page did not show the console shell"
  head -c 2000 "$WORK/dom.html"
  exit 1
fi
