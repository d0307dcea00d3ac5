#!/usr/bin/env bash
# Runs the product: installs what is missing, builds the console and the service in release
# mode, and starts the service with demo data, serving the console. Prints the URL to open.
# Extra arguments go to waybill-server (e.g. --listen 0.0.0.0:8080).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_wasm_toolchain
build_console
say "Building waybill-server (release)"
(cd "$ROOT" && cargo build --release --quiet -p waybill-server)
DATA_DIR="${WAYBILL_DATA:-$ROOT/.waybill}"
say "Starting waybill-server (data in $DATA_DIR)"
exec "$CARGO_TARGET_DIR/release/waybill-server" --ui "$ROOT/dist" --data-dir "$DATA_DIR" --demo --allow-private-webhooks "$@"
