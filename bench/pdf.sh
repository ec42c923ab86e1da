#!/usr/bin/env bash
# Benchmark: 200 case studies built with and without PDFs (wall time per PDF),
# and the same case study's HTML page printed by wkhtmltopdf as the peer.
# Share images are left out (--no-images): bench/images.sh measures them.
# Usage: bench/pdf.sh [runs] [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cases=${2:-200}
cargo build --release -q
work=$(mktemp -d /dev/shm/traction-pdf.XXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_cases.py "$work/site" "$cases" >/dev/null
bin=$PWD/target/release/traction
time_of() { /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }
with=(); without=()
for i in $(seq "$runs"); do
  rm -rf "$work/site/.traction-cache"   # cold: every PDF is laid out and written
  with+=("$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-images)")
  without+=("$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf --no-images)")
done
warm=$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-images)
mean() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.3f", s / NR }'; }
w=$(mean "${with[@]}"); n=$(mean "${without[@]}")
per=$(echo "($w - $n) * 1000 / $cases" | bc -l)
printf 'traction: %d case studies, build with PDFs %.2f s, without %.2f s (means of %d cold runs)\n' "$cases" "$w" "$n" "$runs"
printf 'traction: %.2f ms of wall time per PDF; warm rebuild (all cached) %.2f s\n' "$per" "$warm"
if command -v wkhtmltopdf >/dev/null; then
  page="$work/out/cases/customer-0/index.html"
  peer=()
  for i in $(seq "$runs"); do
    peer+=("$(time_of wkhtmltopdf --quiet --enable-local-file-access "$page" "$work/peer.pdf")")
  done
  p=$(mean "${peer[@]}")
  printf 'wkhtmltopdf: %.1f ms per PDF of the same case study (mean of %d); traction is %.0fx faster\n' \
    "$(echo "$p * 1000" | bc -l)" "$runs" "$(echo "$p * 1000 / $per" | bc -l)"
else
  echo "wkhtmltopdf not installed (apt-get install wkhtmltopdf): peer skipped"
fi
