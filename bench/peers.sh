#!/usr/bin/env bash
# Benchmark against the peers: the same generated site built by traction, Hugo
# and Zola (and optionally an older traction), output on tmpfs, the tools
# alternating run by run so that a busy machine slows them alike. Prints each
# tool's median wall time, CPU time and peak RSS, and traction's ratios.
# Usage: bench/peers.sh [runs] [pages]
#   ZOLA=path     Zola binary (default: `zola` on PATH; skipped when absent)
#   BASE=path     an older traction binary to compare with (e.g. a worktree build)
#   NO_HUGO=1     skip Hugo
#   TRACTION=path a traction binary built already (default: build this checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
pages=${2:-10000}
if [ -z "${TRACTION:-}" ]; then nice -n 5 cargo build --release -q; fi
work=$(mktemp -d /dev/shm/traction-peers.XXXX)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_site.py "$work" "$pages" >/dev/null
bin=${TRACTION:-$PWD/target/release/traction}
zola=${ZOLA:-$(command -v zola || true)}
hugo=; [ -z "${NO_HUGO:-}" ] && hugo=$(command -v hugo || true)
echo "pages: $pages, runs: $runs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # label command...
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>&1
  read -r secs kb user sys < "$work/time"
  echo "$label $secs $kb $(echo "$user + $sys" | bc -l)" >> "$work/results"
}
for i in $(seq "$runs"); do
  measure traction "$bin" --root "$work/traction" build --out "$work/out-traction" -q
  if [ -n "${BASE:-}" ]; then
    measure baseline "$BASE" --root "$work/traction" build --out "$work/out-base" -q
  fi
  if [ -n "$zola" ]; then
    measure zola "$zola" --root "$work/zola" build -o "$work/out-zola" --force
  fi
  if [ -n "$hugo" ]; then
    measure hugo "$hugo" --quiet -s "$work/hugo" -d "$work/out-hugo"
  fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, wall, kb, cpu = line.split()
    runs.setdefault(label, []).append((float(wall), int(kb), float(cpu)))
med = {k: statistics.median(w for w, _, _ in v) for k, v in runs.items()}
for k, v in runs.items():
    print(f"{k:9} median wall {med[k]:6.3f} s   median cpu {statistics.median(c for _, _, c in v):6.3f} s"
          f"   max peak RSS {max(m for _, m, _ in v) / 1024:7.1f} MiB   ({len(v)} runs)")
for peer in ("baseline", "zola", "hugo"):
    if peer in med:
        print(f"traction / {peer}: {med['traction'] / med[peer]:.3f}x median wall")
PY
