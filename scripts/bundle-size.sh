#!/usr/bin/env bash
# Prints the release console bundle's size (raw, gzip -9, brotli q11) per file and in total.
# Builds dist/ first when it is missing. Usage: scripts/bundle-size.sh [--ratchet]
# With --ratchet, fails when the brotli total is above the figure recorded in
# bundle-ratchet.txt (bytes), so no view grows the bundle unnoticed; when the bundle is smaller
# by more than 1 KiB, it says what to lower the figure to (commit that with the change). Take
# the figure from a build whose build script ran anew (`touch build.rs`), as on a fresh clone:
# an incremental build has measured up to ~200 bytes less.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ -f dist/index.html ] || { ensure_wasm_toolchain; build_console; }
VENV="$WAYBILL_CACHE/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import brotli" 2>/dev/null || "$VENV/bin/pip" install --quiet brotli
"$VENV/bin/python" - dist "${1:-}" "$ROOT/bundle-ratchet.txt" <<'PY'
import brotli, gzip, pathlib, sys
rows, total = [], [0, 0, 0]
for f in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    if not f.is_file() or f.suffix in (".br", ".gz"):
        continue
    data = f.read_bytes()
    sizes = [len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))]
    total = [a + b for a, b in zip(total, sizes)]
    name = f.name.split("-")[0] + f.suffix if "-" in f.name else f.name
    rows.append((name, sizes))
print(f"{'file':24} {'raw KiB':>9} {'gzip KiB':>9} {'brotli KiB':>11}")
for name, (r, g, b) in rows + [("total", total)]:
    print(f"{name:24} {r/1024:9.1f} {g/1024:9.1f} {b/1024:11.1f}")
if sys.argv[2] == "--ratchet":
    limit = int(pathlib.Path(sys.argv[3]).read_text().split()[0])
    now = total[2]
    print(f"ratchet: {now} bytes brotli against {limit} recorded in bundle-ratchet.txt")
    if now > limit:
        print(f"ratchet: FAILED, the bundle grew by {now - limit} bytes; make it smaller, or raise "
              "the figure in bundle-ratchet.txt in a commit that says why")
        sys.exit(1)
    if now < limit - 1024:
        print(f"ratchet: the bundle is {limit - now} bytes smaller: lower bundle-ratchet.txt to {now}")
PY
