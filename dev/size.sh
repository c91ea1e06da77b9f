#!/usr/bin/env bash
# Prints raw, gzip and brotli bytes of what a first visit downloads from dist/ (after
# `trunk build --release`), and fails above the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_BROTLI=${BUDGET_BROTLI:-250000}   # 250 KB (decimal, the stricter reading), issue #2
shopt -s nullglob
files=(dist/*.wasm dist/*.js dist/*.css)
[ ${#files[@]} -gt 0 ] || { echo "dist/ is empty: run trunk build --release first" >&2; exit 1; }
total_raw=0 total_gz=0 total_br=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-44s %10d %10d %10d\n' "${f#dist/}" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-44s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
headroom=$((BUDGET_BROTLI - total_br))
echo "budget: $total_br of $BUDGET_BROTLI brotli bytes ($((100 * total_br / BUDGET_BROTLI))%), headroom $headroom bytes"
[ "$headroom" -ge 0 ] || { echo "over the size budget" >&2; exit 1; }
