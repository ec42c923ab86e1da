#!/usr/bin/env bash
# Screenshots of the example site in headless Debian chromium, desktop and phone
# widths, into docs/screenshots/. Usage: scripts/screenshots.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8791}
SOURCE_DATE_EPOCH=1769472000 cargo run -q --release -- build -q
server=""
trap '[ -n "$server" ] && kill $server' EXIT
edition() { # profile: serve output/<profile> at the root (pages link from /)
  [ -n "$server" ] && { kill $server; wait $server 2>/dev/null || true; }
  ( cd "output/$1" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 ) &
  server=$!
  sleep 1
}
mkdir -p docs/screenshots
shot() { # name url width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$(mktemp -d)" --window-size="$3,$4" \
    --screenshot="docs/screenshots/$1.png" "http://127.0.0.1:$port$2" >/dev/null 2>&1
}
edition internal
for page in "home /" "case-study /case-studies/northwind-logistics/" "week /plans/week-11/" \
    "roles /roles/" "case-study-pending /case-studies/cascade-provisions/" \
    "pipeline /pipeline/" "customers-dashboard /customer-health/" \
    "week-review /plans/week-11/review/" "kpi-dashboard /investors/financial-model/"; do
  set -- $page
  shot "$1-desktop" "$2" 1280 1800
  shot "$1-phone" "$2" 390 1600
done
for page in "home /" "week /plans/week-11/" "case-study /case-studies/northwind-logistics/"; do
  set -- $page
  shot "$1-phone-360" "$2" 360 1600
done
shot case-study-share-desktop /case-studies/harbor-and-pine/ 1280 2600
edition investors
shot investors-home-desktop / 1280 1200
shot deck-html-desktop /investors/deck/ 1280 800
shot deck-html-phone /investors/deck/ 390 900
edition public
shot public-home-desktop / 1280 1400
shot public-case-study-anonymised-desktop /case-studies/a-multi-channel-specialty-food-distributor/ 1280 1800
# First pages of the one-pagers (pdftoppm names them <prefix>-1.png).
for pdf in internal/case-studies/northwind-logistics internal/case-studies/harbor-and-pine \
    investors/case-studies/cascade-provisions; do
  pdftoppm -png -r 80 -f 1 -l 1 "output/$pdf.pdf" "docs/screenshots/pdf-$(basename "$pdf")"
done
pdftoppm -png -r 80 -f 1 -l 1 \
  output/public/case-studies/a-multi-channel-specialty-food-distributor.pdf \
  docs/screenshots/pdf-public-anonymised
# Share images as they are published, and the decks at a glance.
cp output/public/case-studies/northwind-logistics/og.png docs/screenshots/og-northwind-logistics.png
cp output/public/case-studies/northwind-logistics/quote.png docs/screenshots/quote-northwind-logistics.png
python3 scripts/contact-sheet.py output/investors/investors/deck.pdf docs/screenshots/deck-contact-sheet.png
python3 scripts/contact-sheet.py output/investors/investors/board-update.pdf \
  docs/screenshots/board-update-contact-sheet.png
echo "screenshots in docs/screenshots/"
