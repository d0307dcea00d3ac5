#!/usr/bin/env bash
# End-to-end: the real waybill-server with the release-built console (dist/), a fresh data
# folder, demo data and known tokens, driven by Debian's headless Chromium through
# playwright-core (tests/e2e). Screenshots go to target/e2e/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_chromium
cd "$ROOT"
[ -f dist/index.html ] || build_console
cargo build --quiet -p waybill-server
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then
  say "Installing playwright-core and axe-core (npm)"
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
fi
export WAYBILL_SERVER="$CARGO_TARGET_DIR/debug/waybill-server" WAYBILL_DIST="$ROOT/dist"
export E2E_OUT="$ROOT/target/e2e" CHROMIUM="$(command -v chromium)"
mkdir -p "$E2E_OUT"
cd tests/e2e
exec node --test --test-concurrency=1 --test-reporter=spec console.test.mjs fidelity.test.mjs demanding.test.mjs lifecycle.test.mjs webhooks.test.mjs budget.test.mjs
