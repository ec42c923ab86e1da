#!/usr/bin/env bash
# Benchmark: a 30-slide deck (every layout, live KPIs, charts, a quote) in the
# example site. The deck's cost is the build with it minus the build without
# it (case-study PDFs cached in both), over alternating runs on tmpfs.
# Usage: bench/deck.sh [runs] [slides]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
slides=${2:-30}
cargo build --release -q
work=$(mktemp -d /dev/shm/traction-deck.XXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site"
cp -r site.yaml content data "$work/site/"
rm -f "$work/site/content/investors/deck.md"
python3 - "$work/deck.md" "$slides" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
kinds = [
    ("section", "## Part {k}\n\nWhere we are and what comes next."),
    ("bullets", "## Problem {k}\n\n" + "".join(f"- Point {j} of a slide with a few bullets that wrap onto a second line at 24 pt\n" for j in range(5))),
    ("big-numbers", "## Traction {k}\n\n- **{{{{ kpis.arr | money }}}}** ARR\n- **{{{{ kpis.customers }}}}** customers\n- **{{{{ kpis.nps | number }}}}** NPS\n- **{{{{ kpis.ltv_cac | number }}}}:1** LTV:CAC"),
    ("chart", "<!-- chart: arr_by_customer -->\n## Customers {k}\n\n- Average contract {{{{ kpis.avg_acv | money }}}}"),
    ("chart", "<!-- chart: pipeline -->\n## Pipeline {k}"),
    ("quote", "<!-- quote: northwind-logistics -->\n## In their words {k}"),
    ("two-columns", "## Two sides {k}\n\nLeft column text that wraps over lines.\n\n<!-- column -->\n\n- Right\n- Column"),
    ("table", "## Customers table {k}\n\n| Customer | ACV | Stage |\n|---|---:|---|\n{{% for c in data.customers %}}| {{{{ c.name }}}} | {{{{ c.acv | money }}}} | {{{{ c.stage }}}} |\n{{% endfor %}}"),
]
parts = ["# Benchmark deck\n\nThirty slides of every layout.\n\n<!-- notes: open -->"]
for k in range(1, n - 1):
    layout, body = kinds[(k - 1) % len(kinds)]
    parts.append(f"<!-- layout: {layout} -->\n" + body.format(k=k) + f"\n\n<!-- notes: slide {k} -->")
parts.append("<!-- layout: closing -->\n## Thank you\n\n[Contact](https://example.com)")
front = "---\ntitle: Benchmark deck\nkind: deck\nvisibility: investor\n---\n\n"
open(out, "w").write(front + "\n\n---\n\n".join(parts) + "\n")
PY
bin=$PWD/target/release/traction
site=$work/site
b() { "$bin" --root "$site" build --profile investors --out "$work/out" -q "$@"; }
b # warm the case-study PDF cache
time_of() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
with=(); without=()
for i in $(seq "$runs"); do
  cp "$work/deck.md" "$site/content/investors/deck.md"
  with+=("$(time_of b)")
  rm "$site/content/investors/deck.md"
  without+=("$(time_of b)")
done
cp "$work/deck.md" "$site/content/investors/deck.md"
b
pages=$(pdfinfo "$work/out/investors/investors/deck.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
w=$(median "${with[@]}"); n=$(median "${without[@]}")
printf 'traction: build with a %s-slide deck %.1f ms, without %.1f ms (medians of %d runs, %s cores)\n' \
  "${pages:-$slides}" "$(echo "$w / 1000" | bc -l)" "$(echo "$n / 1000" | bc -l)" "$runs" "$(nproc)"
printf 'traction: the deck (HTML slide view + 16:9 PDF) costs %.1f ms\n' "$(echo "($w - $n) / 1000" | bc -l)"
