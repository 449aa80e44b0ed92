#!/usr/bin/env bash
# Renders the bilingual documents bitext writes to PNG pages, for a look:
# the corpus fixtures' DOCX pair (tests/fixtures/documents/en.docx as the
# source, zh.docx as the target) as the publication-style bilingual DOCX
# in both layouts, and the review-style DOCX table of the shipped corpus.
# LibreOffice turns each into PDF, pdftoppm (poppler-utils) the first
# pages into PNG. The corpus as an EPUB book in both layouts: its contents
# page and second chapter shot by headless chromium (EPUB readers render
# XHTML as a browser does).
#
#   scripts/render_outputs.sh [OUT_DIR]     # default /tmp/bitext-render
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/bitext-render}"
mkdir -p "$out"
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install libreoffice-writer poppler-utils)" >&2; exit 1; }
done
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bitext="$root/target/release/bitext"
docs="$root/tests/fixtures/documents"
for layout in interleaved columns; do
    "$bitext" align -q --source-lang en --target-lang zh-CN --style publication --layout "$layout" \
        -f docx -o "$out/bilingual-$layout.docx" "$docs/en.docx" "$docs/zh.docx"
done
"$bitext" align -q -f docx --out-dir "$out" "$root/corpus/altman-baai-2023"
profile="$(mktemp -d)"
for docx in "$out"/*.docx; do
    soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null 2>&1
    pdftoppm -png -r 70 -f 1 -l 2 "${docx%.docx}.pdf" "${docx%.docx}"
done
rm -rf "$profile"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
    for layout in interleaved columns; do
        book="$out/epub-$layout"
        rm -rf "$book" && mkdir -p "$book"
        "$bitext" align -q -f epub --layout "$layout" --out-dir "$book" "$root/corpus/altman-baai-2023"
        (cd "$book" && unzip -q -o altman-baai-2023.en.epub)
        for page in nav chapter-002; do
            "$browser" --headless --no-sandbox --disable-dev-shm-usage --hide-scrollbars \
                --window-size=900,1200 --screenshot="$out/epub-$layout-$page.png" \
                "file://$book/OEBPS/$page.xhtml" >/dev/null 2>&1
        done
    done
else
    echo "no chromium: the EPUB pages are not rendered" >&2
fi
ls "$out"/*.png
