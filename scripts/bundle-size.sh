#!/usr/bin/env bash
# Prints the release console bundle's size (raw, gzip -9, brotli q11) per file and in total.
# Builds dist/ first when it is missing. Usage: scripts/bundle-size.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[ -f dist/index.html ] || { ensure_wasm_toolchain; build_console; }
VENV="$WAYBILL_CACHE/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import brotli" 2>/dev/null || "$VENV/bin/pip" install --quiet brotli
"$VENV/bin/python" - dist <<'PY'
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
PY
