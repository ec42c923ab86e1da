#!/usr/bin/env bash
# Screenshots of the example site in headless Debian chromium, desktop and phone
# widths, into docs/screenshots/. Usage: scripts/screenshots.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-8791}
SOURCE_DATE_EPOCH=1769472000 cargo run -q --release -- build -q
( cd output/internal && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 ) &
server=$!
trap 'kill $server' EXIT
sleep 1
mkdir -p docs/screenshots
shot() { # name url width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$(mktemp -d)" --window-size="$3,$4" \
    --screenshot="docs/screenshots/$1.png" "http://127.0.0.1:$port$2" >/dev/null 2>&1
}
for page in "home /" "case-study /case-studies/northwind-logistics/" "week /plans/week-11/" "roles /roles/"; do
  set -- $page
  shot "$1-desktop" "$2" 1280 1800
  shot "$1-phone" "$2" 390 1600
done
echo "screenshots in docs/screenshots/"
