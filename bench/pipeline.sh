#!/usr/bin/env bash
# Benchmark: what a 5,000-row CRM export (data/pipeline.csv) adds to a release
# build of the example site (all three profiles, PDFs from the cache), output
# on tmpfs, runs with and without the export alternating in one session.
# Usage: bench/pipeline.sh [runs] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
rows=${2:-5000}
cargo build --release -q
work=$(mktemp -d /dev/shm/traction-pipeline.XXXX)
trap 'rm -rf "$work"' EXIT
for v in without with; do
  mkdir -p "$work/$v"
  cp -r site.yaml content data themes archetypes "$work/$v/"
done
rm "$work/without/data/pipeline.csv"
python3 - "$work/with/data/pipeline.csv" "$rows" <<'PY'
import csv, random, sys
random.seed(14)
stages = ["Prospecting", "Qualification", "Needs Analysis", "POC", "Proposal/Price Quote",
          "Negotiation/Review", "Closed Won", "Closed Lost"]
owners = ["Maya Chen", "Sam Ortiz", "Priya Rao", "Lee Park"]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL)
    w.writerow(["Opportunity Name", "Account Name", "Stage", "Amount", "Probability (%)",
                "Close Date", "Opportunity Owner", "Next Step"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"Prospect {i} - Inventory rollout", f"Prospect {i} Holdings",
                    random.choice(stages), f"${random.randrange(5, 250) * 1000:,}",
                    random.choice([10, 20, 40, 60, 80]),
                    f"{random.randint(1, 12)}/{random.randint(1, 28)}/2026",
                    random.choice(owners), "Follow up"])
PY
# economics.pipeline now disagrees with the export: a warning, as in real use.
bin=$PWD/target/release/traction
for v in without with; do # warm the PDF cache
  SOURCE_DATE_EPOCH=1769472000 "$bin" --root "$work/$v" build --out "$work/out-$v" -q
done
for i in $(seq "$runs"); do
  for v in without with; do
    SOURCE_DATE_EPOCH=1769472000 /usr/bin/time -f "%e %U %S" -o "$work/time" \
      "$bin" --root "$work/$v" build --out "$work/out-$v" -q
    read -r wall user sys < "$work/time"
    echo "$v $wall $user $sys" >> "$work/results"
  done
done
# CPU time (user + system) is the steadier figure on a shared machine.
awk '{ n[$1]++; w[$1]+=$2; c[$1]+=$3+$4 } END {
  for (k in n) printf "%-8s mean wall %.0f ms, mean CPU %.0f ms over %d runs\n", k, w[k]/n[k]*1000, c[k]/n[k]*1000, n[k];
  printf "the export adds %.0f ms wall, %.0f ms CPU\n", (w["with"]/n["with"] - w["without"]/n["without"])*1000,
    (c["with"]/n["with"] - c["without"]/n["without"])*1000 }' "$work/results"
