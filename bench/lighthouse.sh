#!/usr/bin/env bash
# Lighthouse (from npm) with Debian's Chromium on the residents' pages of a
# running portal with the demo data (`make run`). Prints the four scores per
# page and keeps the JSON reports in bench/lighthouse/.
#
#   bench/lighthouse.sh [BASE_URL]      # default http://127.0.0.1:8000
set -euo pipefail
BASE=${1:-http://127.0.0.1:8000}
OUT=$(dirname "$0")/lighthouse
LIGHTHOUSE=${LIGHTHOUSE:-lighthouse@12.8.2}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
mkdir -p "$OUT"
PAGES=(
  "start /"
  "municipality /kommun/botkyrka/"
  "tip-form /kommun/botkyrka/tipsa/"
  "follow-up /tips/uppfoljning/"
)
for entry in "${PAGES[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  npx -y "$LIGHTHOUSE" "$BASE$path" --quiet --output=json --output-path="$OUT/$name.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const s = Object.values(r.categories).map(c => `${c.title}: ${Math.round(c.score * 100)}`).join(", ");
    console.log(`${process.argv[2].padEnd(13)} ${s}`);
  ' "$(realpath "$OUT/$name.json")" "$name"
done
