#!/usr/bin/env bash
# Mutation testing of the rules crate: cargo-mutants changes the rules one way at a time (an
# operator, a condition, a return value) and runs the rules' tests against each change; a change
# no test notices is a "missed" mutant. Prints the counts and the missed ones (RELIABILITY.md
# lists each with its reason). Takes about an hour on 2 cores; not part of the test command.
# Usage: scripts/mutants.sh [extra cargo-mutants arguments]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MUTANTS_VERSION="27.1.0"
if [ "$(cargo mutants --version 2>/dev/null || true)" != "cargo-mutants $MUTANTS_VERSION" ]; then
  say "Installing cargo-mutants $MUTANTS_VERSION (about 3 minutes, once)"
  cargo install cargo-mutants --version "$MUTANTS_VERSION" --locked
fi
OUT="$CARGO_TARGET_DIR/mutants"
mkdir -p "$OUT"
cd "$ROOT"
# cargo-mutants exits non-zero when a mutant is missed: the summary below says which.
# Its own copy of the tree builds in its own target folder (not the shared one).
env -u CARGO_TARGET_DIR cargo mutants --package waybill-rules --no-shuffle --output "$OUT" "$@" || true
dir="$OUT/mutants.out"
count() { [ -f "$dir/$1.txt" ] && wc -l < "$dir/$1.txt" || echo 0; }
caught=$(count caught); missed=$(count missed); timeout=$(count timeout); unviable=$(count unviable)
viable=$((caught + missed + timeout))
echo
echo "mutants: $caught caught, $timeout timed out (caught), $missed missed, $unviable unviable"
if [ "$viable" -gt 0 ]; then
  awk -v c="$((caught + timeout))" -v v="$viable" 'BEGIN { printf "caught: %.1f %% of %d viable mutants\n", 100 * c / v, v }'
fi
[ "$missed" = 0 ] || { echo "missed:"; cat "$dir/missed.txt"; }
