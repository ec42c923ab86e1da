#!/usr/bin/env bash
# Benchmark: share images of 200 case studies (an Open Graph PNG each, and a
# quote card as PNG and SVG), built with and without images from a cold cache
# (wall time per image), then without quotes (Open Graph PNGs only:
# wall time per PNG card). PDFs are left out (--no-pdf): bench/pdf.sh measures them.
# Usage: bench/images.sh [runs] [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cases=${2:-200}
cargo build --release -q
work=$(mktemp -d /dev/shm/traction-images.XXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_cases.py "$work/site" "$cases" >/dev/null
bin=$PWD/target/release/traction
time_of() { /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }
# CPU seconds (user + system) of a run: unlike wall time, not inflated by other load.
cpu_of() { /usr/bin/time -f "%U %S" -o "$work/c" "$@" >/dev/null 2>&1; awk '{ print $1 + $2 }' "$work/c"; }
mean() { printf '%s\n' "$@" | awk '{ s += $1 } END { printf "%.3f", s / NR }'; }
measure() { # prints mean wall seconds with and without images, then the mean extra CPU seconds
  local with=() without=() cpu=()
  for i in $(seq "$runs"); do
    rm -rf "$work/site/.traction-cache"   # cold: every image is laid out and drawn
    with+=("$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf)")
    without+=("$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf --no-images)")
    rm -rf "$work/site/.traction-cache"
    a=$(cpu_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf)
    b=$(cpu_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf --no-images)
    cpu+=("$(echo "$a - $b" | bc -l)")
  done
  echo "$(mean "${with[@]}") $(mean "${without[@]}") $(mean "${cpu[@]}")"
}
read -r w n c < <(measure)
warm=$(time_of "$bin" --root "$work/site" build --out "$work/out" -q --no-pdf)
images=$(find "$work/out" \( -name og.png -o -name 'quote.png' -o -name 'quote.svg' \) | wc -l)
printf 'traction: %d images of %d case studies, build with images %.2f s, without %.2f s (means of %d cold runs)\n' \
  "$images" "$cases" "$w" "$n" "$runs"
printf 'traction: %.2f ms of wall time, %.2f ms of CPU time per image (PNG and SVG); warm rebuild (all cached) %.2f s\n' \
  "$(echo "($w - $n) * 1000 / $images" | bc -l)" "$(echo "$c * 1000 / $images" | bc -l)" "$warm"
# Without quotes there is no quote card: what is left is one PNG card per page.
find "$work/site/content" -name '*.md' -exec sed -i '/^quote: /d' {} +
read -r w n c < <(measure)
"$bin" --root "$work/site" build --out "$work/out" -q --no-pdf >/dev/null 2>&1
pngs=$(find "$work/out" -name og.png | wc -l)
printf 'traction: %d Open Graph PNGs, %.2f ms of wall time per PNG card (target <= 10 ms), %.2f ms of CPU time\n' \
  "$pngs" "$(echo "($w - $n) * 1000 / $pngs" | bc -l)" "$(echo "$c * 1000 / $pngs" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
