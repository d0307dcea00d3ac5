#!/usr/bin/env bash
# The list at scale in headless Chromium (tests/e2e/bench-list.mjs): time to first rows and to
# the whole list with 100, 1,000 and 10,000 jobs; an idle tab's list requests and bytes a minute
# with 10,000 jobs, with and without the live stream, against reading every page every 5 s;
# the first load against a service answering 429 now and then. Takes about 5 minutes
# (IDLE_SECONDS=60 per idle measure). Uses the release console (dist/) and the release service.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
console_bench_setup
seeded_service s100 100; URL_100="$SERVED"
seeded_service s1000 1000; URL_1000="$SERVED"
seeded_service s10000 10000; URL_10000="$SERVED"
URL_100="$URL_100" URL_1000="$URL_1000" URL_10000="$URL_10000" TOKEN="$BENCH_TOKEN" SUB="$BENCH_SUB" \
  CHROMIUM="$(command -v chromium)" node tests/e2e/bench-list.mjs
