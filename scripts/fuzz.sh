#!/usr/bin/env bash
# Fuzzes the rules' parsing and decisions (policy files, update bodies, job documents) with
# cargo-fuzz (libFuzzer, nightly). `FUZZ_SECONDS` per target: 20 in the test command; the long
# run is e.g. `FUZZ_SECONDS=600 scripts/fuzz.sh`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzzing needs the nightly toolchain (rustup toolchain install nightly)"; exit 1
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
cd "$ROOT/fuzz"
seconds="${FUZZ_SECONDS:-20}"
runs=0
# Seeds, so a short run starts from valid inputs: the upstream examples' job documents and
# update bodies (behind the selector byte the update target reads first), and policy files.
python3 - "$CARGO_TARGET_DIR/fuzz-corpus" "$ROOT/crates/rules/tests/fixtures" <<'PY'
import json, pathlib, sys
corpus, fixtures = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def seed(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)
for path in sorted(fixtures.glob("*.json")):
    example = json.loads(path.read_text())
    for status, answer in example.get("responses", {}).items():
        body = answer.get("body") if isinstance(answer, dict) else None
        for i, job in enumerate(body.get("value", [body]) if isinstance(body, dict) else []):
            if isinstance(job, dict) and "properties" in job:
                seed("job", f"{path.stem}-{status}-{i}", json.dumps(job).encode())
    params = example.get("parameters", {})
    for key in ("body", "jobProperties", "parameters"):
        if isinstance(params.get(key), dict) and path.stem.startswith("Update"):
            for selector in (0x00, 0x03, 0x63, 0xE3):
                seed("update_request", f"{path.stem}-{selector:02x}", bytes([selector]) + json.dumps(params[key]).encode())
seed("policy", "default", b"{}")
seed("policy", "thirty-days", json.dumps({"retentionDays": 30, "deletableStates": ["Creating", "Completed", "Closed"]}).encode())
seed("policy", "every-field", json.dumps({"cancellableStates": ["Creating"], "deletableStates": ["Completed"],
    "shippableStates": ["Creating"], "shippingRequiresReturnAddress": False, "shippingRequiresDeliveryPackage": True,
    "editableStates": ["Creating"], "deliveryPackageEditableStates": ["Creating"], "driveListEditableStates": ["Creating"],
    "replaceableStates": ["Creating"], "retentionDays": 7, "retentionStates": ["Closed"], "unshippedExpiryDays": 3,
    "maxDrives": 4}).encode())
PY
for target in policy update_request job; do
  mkdir -p "$CARGO_TARGET_DIR/fuzz-corpus/$target"
  say "fuzzing $target for ${seconds}s"
  log="$(mktemp)"
  # The fuzzer's own exit status decides (a crash, a leak or a build failure is non-zero);
  # its summary lines are picked from the log afterwards.
  status=0
  cargo +nightly fuzz run --target-dir "$CARGO_TARGET_DIR/fuzz" "$target" "$CARGO_TARGET_DIR/fuzz-corpus/$target" \
    -- -max_total_time="$seconds" -max_len=4096 -dict="$ROOT/fuzz/json.dict" >"$log" 2>&1 || status=$?
  grep -E "^(Done|INFO: -max_total_time|==|SUMMARY)" "$log" || true
  [ "$status" = 0 ] || { tail -40 "$log"; echo "$target: the fuzzer failed (exit $status)"; exit 1; }
  n="$(grep -oE "^Done [0-9]+ runs" "$log" | awk '{print $2}')"
  echo "$target: ${n:-0} inputs, no failure"
  runs=$((runs + ${n:-0}))
done
echo "fuzz: $runs inputs in 3 targets"
echo "fuzz: 3 passed, 0 failed"
