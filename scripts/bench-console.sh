#!/usr/bin/env bash
# Console benchmarks in headless Chromium: time to an interactive list of 100 jobs; first
# render and scroll steps of 10,000 jobs; the rules over 10,000 jobs in wasm; and the baseline,
# plain JavaScript rendering the same 10,000 rows in the same browser. Uses the release console
# (dist/) and the release service.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
console_bench_setup
seeded_service small 100; SMALL_URL="$SERVED"
seeded_service large 10000; LARGE_URL="$SERVED"
SMALL_URL="$SMALL_URL" LARGE_URL="$LARGE_URL" TOKEN="$BENCH_TOKEN" CHROMIUM="$(command -v chromium)" \
  node tests/e2e/bench-console.mjs
