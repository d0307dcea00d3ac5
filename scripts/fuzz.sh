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
for target in policy update_request job; do
  mkdir -p "$CARGO_TARGET_DIR/fuzz-corpus/$target"
  say "fuzzing $target for ${seconds}s"
  log="$(mktemp)"
  # The fuzzer's own exit status decides (a crash, a leak or a build failure is non-zero);
  # its summary lines are picked from the log afterwards.
  status=0
  cargo +nightly fuzz run --target-dir "$CARGO_TARGET_DIR/fuzz" "$target" "$CARGO_TARGET_DIR/fuzz-corpus/$target" \
    -- -max_total_time="$seconds" -max_len=4096 >"$log" 2>&1 || status=$?
  grep -E "^(Done|INFO: -max_total_time|==|SUMMARY)" "$log" || true
  [ "$status" = 0 ] || { tail -40 "$log"; echo "$target: the fuzzer failed (exit $status)"; exit 1; }
  n="$(grep -oE "^Done [0-9]+ runs" "$log" | awk '{print $2}')"
  echo "$target: ${n:-0} inputs, no failure"
  runs=$((runs + ${n:-0}))
done
echo "fuzz: $runs inputs in 3 targets"
echo "fuzz: 3 passed, 0 failed"
