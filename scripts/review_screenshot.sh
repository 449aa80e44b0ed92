#!/usr/bin/env bash
# Takes docs/images/review.png, the README's picture of the review page:
# `bitext review` on the shipped corpus, a few beads approved through the
# page's API, photographed by headless chromium. Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cp -r corpus/altman-baai-2023 "$work/"
rm -f "$work"/altman-baai-2023/*.review.json
target/release/bitext review "$work/altman-baai-2023" --scorer classic --no-open -q >"$work/url" &
pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.2; done
url=$(head -n 1 "$work/url")
host=${url#http://}; host=${host%%/*}
token=${url##*token=}
api() {
    curl -fsS -b "bitext_token=$token" -H "Content-Type: application/json" \
        -H "Origin: http://$host" -X POST "http://$host$1" -d "$2" >/dev/null
}
# The first ten beads approved, the twelfth rejected with a note.
for bead in $(seq 0 9); do
    api /api/edit "{\"revision\": $bead, \"edit\": {\"op\": \"status\", \"rendering\": 0, \"bead\": $bead, \"status\": \"approved\"}}"
done
api /api/edit '{"revision": 10, "edit": {"op": "status", "rendering": 0, "bead": 11, "status": "rejected"}}'
api /api/edit '{"revision": 11, "edit": {"op": "note", "rendering": 0, "bead": 11, "note": "the English adds a sentence"}}'
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1500,950 --virtual-time-budget=5000 \
    --screenshot="$PWD/docs/images/review.png" "$url" 2>/dev/null
echo "wrote docs/images/review.png"
