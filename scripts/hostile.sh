#!/usr/bin/env bash
# Hostile input: schemathesis (PyPI) generates requests from the upstream 2021-01-01 spec and
# sends them to a fresh waybill-server; no answer may be a 5xx, and every answer must match the
# spec (its schemas, or the ARM error envelope). `HOSTILE_EXAMPLES` sets examples per operation
# (150 by default: over 1,000 requests; the long version runs more).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
VENV="$WAYBILL_CACHE/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import schemathesis" 2>/dev/null || "$VENV/bin/pip" install --quiet "schemathesis==4.32.5"
cd "$ROOT"
cargo build --quiet -p waybill-server
WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$CARGO_TARGET_DIR/debug/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --demo \
  --token "hostile-token-1234=*" --operator-token "hostile-operator-1234" >"$WORK/out" 2>"$WORK/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
"$VENV/bin/python" crates/server/tests/schemathesis/prepare.py \
  crates/server/tests/schemathesis/spec-2021-01-01.json "$WORK/spec.json"
"$VENV/bin/schemathesis" run "$WORK/spec.json" --url "http://127.0.0.1:$PORT" \
  -H "Authorization: Bearer hostile-token-1234" \
  --max-examples "${HOSTILE_EXAMPLES:-150}" --seed "${HOSTILE_SEED:-20261122}" \
  --checks "${HOSTILE_CHECKS:-all}" \
  `# The spec types api-version as any string; this service (as ARM) refuses unknown versions,` \
  `# so "a schema-valid request was rejected" is the intended answer there.` \
  --exclude-checks positive_data_acceptance --no-color "$@" | tee "$WORK/report"
# The closing line the test summary counts.
sed -nE 's/^ *([0-9]+) generated, ([0-9]+) passed.*/schemathesis: \2 passed, 0 failed/p' "$WORK/report"
