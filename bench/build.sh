#!/usr/bin/env bash
# Benchmark: 10,000-page site built by traction and by Hugo, output on tmpfs,
# alternating runs in one session. Prints wall time and peak RSS of each run.
# Usage: bench/build.sh [runs] [pages]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
pages=${2:-10000}
cargo build --release -q
work=$(mktemp -d /dev/shm/traction-bench.XXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_site.py "$work" "$pages" >/dev/null
# The same site without the search index (`search: false`), to show what the index costs.
cp -r "$work/traction" "$work/traction-nosearch"
echo "search: false" >> "$work/traction-nosearch/site.yaml"
bin=$PWD/target/release/traction
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>&1
  read -r secs kb user sys < "$work/time"
  # CPU time (user + system) varies less than wall time on a shared machine.
  cpu=$(echo "$user + $sys" | bc -l)
  printf '%-9s wall %6.2f s   cpu %6.2f s   peak RSS %6.1f MiB\n' "$label" "$secs" "$cpu" "$(echo "$kb/1024" | bc -l)"
  echo "$label $secs $kb $cpu" >> "$work/results"
}
command -v hugo >/dev/null || echo "hugo not installed: apt-get install hugo (traction only)"
# NO_HUGO=1 skips Hugo (e.g. to compare traction with and without search only).
use_hugo=; command -v hugo >/dev/null && [ -z "${NO_HUGO:-}" ] && use_hugo=1
for i in $(seq "$runs"); do
  measure traction "$bin" --root "$work/traction" build --out "$work/out-traction" -q
  measure no-search "$bin" --root "$work/traction-nosearch" build --out "$work/out-nosearch" -q
  if [ -n "$use_hugo" ]; then
    measure hugo hugo --quiet -s "$work/hugo" -d "$work/out-hugo"
  fi
done
awk '{ n[$1]++; t[$1]+=$2; c[$1]+=$4; if ($3>m[$1]) m[$1]=$3 }
     END { for (k in n) printf "%-9s mean wall %.2f s, cpu %.2f s over %d runs, max peak RSS %.1f MiB\n", k, t[k]/n[k], c[k]/n[k], n[k], m[k]/1024 }' "$work/results" | sort
