#!/usr/bin/env bash
# Service benchmarks, each as a ratio to a baseline measured in the same run on this machine:
#   GET one job      vs the same server answering the same-size job from memory
#                    (one job, 1,000 jobs in turn, and with the read cache off)
#   list 100 jobs    vs the same server answering the same 100-job page from memory
#                    (and with the read cache off)
#   cancel / delete / create (8 connections; job writes share commits: group commit)
#                    vs raw SQLite single-row update transactions (WAL, synchronous=FULL)
#   list with 1,000,000 jobs vs with 1,000 (first page, a deep page, filtered; read cache
#                    off, so every request pages through SQLite's indexes)
#   start-up to first answered request with 1,000,000 jobs stored; database size per million
# Server and load generator are pinned to separate cores. `BENCH_SECONDS` (10) per throughput
# run, `BENCH_BIG_JOBS` (1000000). Prints `key=value` lines and a summary table.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
cargo build --quiet --release -p waybill-server -p waybill-load --features waybill-server/bench-baselines
bin="$CARGO_TARGET_DIR/release"
secs="${BENCH_SECONDS:-10}"
big="${BENCH_BIG_JOBS:-1000000}"
SUB="10ad0000-0000-4000-8000-000000000001"
TOKEN="bench-token-1234"
bench_setup
load() { "${core_load[@]}" "$bin/waybill-load" "$@"; }
serve() { # serve DIR [extra args]: starts the service on a fresh port, sets PORT and SERVER
  PORT="$(free_port)"
  # Cancellations are not carried out during the run (they would empty the filtered pages).
  "${core_server[@]}" "$bin/waybill-server" --listen "127.0.0.1:$PORT" --data-dir "$1" --token "$TOKEN=$SUB" \
    --operator-token bench-operator-1234 --cancel-after 86400 "${@:2}" >"$WORK/out" 2>"$WORK/err" &
  SERVER=$!
  for _ in $(seq 1 600); do grep -q listening "$WORK/out" 2>/dev/null && return; sleep 0.1; done
  echo "the service did not start"; cat "$WORK/err"; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
warm() { load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds 2 --connections 1 --label warm-up --path "$LIST&%24top=100" >/dev/null; }
V="api-version=2021-01-01"
LIST="/subscriptions/$SUB/providers/Microsoft.ImportExport/jobs?$V"
out="$WORK/figures"
record() { tee -a "$out"; }

say "Small database: 1,000 jobs in Transferring, 2,000 in Creating"
load seed --database "sqlite://$WORK/small/waybill.db" --subscription "$SUB" --jobs 1000 | record
load seed --database "sqlite://$WORK/small/waybill.db" --subscription "$SUB" --resource-group benchdel --jobs 2000 --creating | record
serve "$WORK/small" --bench-baselines
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --label get_job \
  --path "/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.ImportExport/jobs/bench-0000500?$V" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --label get_job_spread --spread 1000 \
  --path "/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.ImportExport/jobs/bench-{n}?$V" | record
load get --target "127.0.0.1:$PORT" --seconds "$secs" --label baseline_job --path /_bench/baseline/job | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --label list_page \
  --path "/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.ImportExport/jobs?$V&%24top=100" | record
load get --target "127.0.0.1:$PORT" --seconds "$secs" --label baseline_page --path /_bench/baseline/page | record
load writes --target "127.0.0.1:$PORT" --token "$TOKEN" --subscription "$SUB" --action cancel --jobs 1000 | record
load writes --target "127.0.0.1:$PORT" --token "$TOKEN" --subscription "$SUB" --resource-group benchdel --action delete --jobs 2000 | record
load writes --target "127.0.0.1:$PORT" --token "$TOKEN" --subscription "$SUB" --action create --jobs 2000 | record
stop
serve "$WORK/small" --read-cache-mib 0
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --label get_job_uncached --spread 1000 \
  --path "/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.ImportExport/jobs/bench-{n}?$V" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --label list_page_uncached \
  --path "/subscriptions/$SUB/resourceGroups/bench/providers/Microsoft.ImportExport/jobs?$V&%24top=100" | record
stop
# The scale runs: a fresh service with the read cache off, the same warm-up for both sizes.
serve "$WORK/small" --read-cache-mib 0
warm
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label small_first_page --path "$LIST&%24top=100" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label small_deep_page --path "$LIST&%24top=100&%24skiptoken=500" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label small_filtered \
  --path "$LIST&%24top=100&%24filter=state%20eq%20%27Transferring%27" | record
stop
"${core_server[@]}" "$bin/waybill-load" sqlite --dir "$WORK" --seconds "$secs" | record

say "Large database: $big jobs"
load seed --database "sqlite://$WORK/big/waybill.db" --subscription "$SUB" --jobs "$big" | record
sync
size=$(du -cb "$WORK"/big/waybill.db* | tail -1 | cut -f1)
echo "db_size: bytes=$size jobs=$big" | record
STARTUP_PORT="$(free_port)"
"${core_server[@]}" "$bin/waybill-load" startup --server "$bin/waybill-server" --port "$STARTUP_PORT" --token "$TOKEN" \
  --path "$LIST&%24top=100" -- --data-dir "$WORK/big" --token "$TOKEN=$SUB" --operator-token bench-operator-1234 | record
serve "$WORK/big" --read-cache-mib 0
warm
deep=$((big / 2))
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label big_first_page --path "$LIST&%24top=100" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label big_deep_page --path "$LIST&%24top=100&%24skiptoken=$deep" | record
load get --target "127.0.0.1:$PORT" --token "$TOKEN" --seconds "$secs" --connections 1 --label big_filtered \
  --path "$LIST&%24top=100&%24filter=state%20eq%20%27Transferring%27" | record
stop

python3 - "$out" <<'PY'
import re, sys
f = {}
for line in open(sys.argv[1]):
    label, _, rest = line.partition(": ")
    f[label] = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
num = lambda label, key: float(re.sub(r"[^0-9.]", "", f[label][key]))
rows = [
    ("GET one job (req/s)", num("get_job", "rate"), num("baseline_job", "rate"), "≥ 0.5"),
    ("GET 1,000 jobs in turn (req/s)", num("get_job_spread", "rate"), num("baseline_job", "rate"), "≥ 0.5"),
    ("GET 1,000 jobs, read cache off (req/s)", num("get_job_uncached", "rate"), num("baseline_job", "rate"), "(cold path)"),
    ("list 100 jobs (req/s)", num("list_page", "rate"), num("baseline_page", "rate"), "≥ 0.5"),
    ("list 100 jobs, read cache off (req/s)", num("list_page_uncached", "rate"), num("baseline_page", "rate"), "(cold path)"),
    ("cancel (writes/s)", num("cancel", "rate"), num("sqlite", "rate"), "≥ 0.5"),
    ("delete (writes/s)", num("delete", "rate"), num("sqlite", "rate"), "≥ 0.5"),
    ("create (writes/s)", num("create", "rate"), num("sqlite", "rate"), "≥ 0.5"),
    ("first page p50 (ms), 1M vs 1k jobs", num("big_first_page", "p50"), num("small_first_page", "p50"), "≤ 1.5"),
    ("deep page p50 (ms), 1M vs 1k jobs", num("big_deep_page", "p50"), num("small_deep_page", "p50"), "≤ 1.5"),
    ("filtered page p50 (ms), 1M vs 1k jobs", num("big_filtered", "p50"), num("small_filtered", "p50"), "≤ 1.5"),
]
print("\n| measure | Waybill | baseline | ratio | target |\n|---|---:|---:|---:|---|")
for name, ours, base, target in rows:
    print(f"| {name} | {ours:,.2f} | {base:,.2f} | {ours / base:.2f} | {target} |")
for label in ("get_job", "get_job_spread", "get_job_uncached", "baseline_job", "list_page", "list_page_uncached", "baseline_page"):
    print(f"| {label} latency p50 / p99 (ms), body | {f[label]['p50']} / {f[label]['p99']} | | | {f[label].get('body', '')} |")
print(f"| cancel latency p50 / p99 (ms) | {f['cancel']['p50']} / {f['cancel']['p99']} | sqlite txn {f['sqlite']['p50']} / {f['sqlite']['p99']} | | |")
mb = int(f["db_size"]["bytes"]) / 1048576 / (int(f["db_size"]["jobs"]) / 1e6)
print(f"\nDatabase size: {mb:,.0f} MiB per million jobs; seeding {f['db_size']['jobs']} jobs took "
      f"{[v for k, v in f.items() if k == 'seed'][-1]['seconds']} s.")
print(f"Start-up to first answered list request with {f['db_size']['jobs']} jobs: {f['startup']['first_answer_ms']} ms (target < 1000).")
PY
