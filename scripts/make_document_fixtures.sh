#!/usr/bin/env bash
# Regenerates tests/fixtures/documents/ from the shipped corpus
# (corpus/altman-baai-2023): the first 12 paragraphs of the English
# rendering (up to the heading "How the AI alignment problem can be
# solved") after a title, as plain text and as Markdown with the title and
# two headings marked,
# converted to DOCX, HTML and EPUB by pandoc and to DOCX by LibreOffice;
# the Chinese source cut at the same place, also as Markdown and (pandoc)
# DOCX. Needs pandoc, soffice and
# python3.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=corpus/altman-baai-2023
out=tests/fixtures/documents
mkdir -p "$out"

python3 - "$corpus" "$out" <<'PY'
import sys
corpus, out = sys.argv[1], sys.argv[2]
paras = [l.strip() for l in open(f"{corpus}/en.txt", encoding="utf-8") if l.strip()][:12]
title = "Sam Altman at BAAI 2023"
open(f"{out}/en.txt", "w", encoding="utf-8").write("\n\n".join([title] + paras) + "\n")
headings = {"In the next ten years we will have very powerful AI systems",
            "Global cooperation to set safety standards and a framework for AI"}
md = ["# " + title]
for p in paras:
    md.append(("## " + p) if p in headings else p.replace("*", r"\*"))
open(f"{out}/en.md", "w", encoding="utf-8").write("\n\n".join(md) + "\n")
zh = open(f"{corpus}/zh.txt", encoding="utf-8").read()
cut = zh.index("人工智能的对齐问题如何解决")
open(f"{out}/zh.txt", "w", encoding="utf-8").write(zh[:cut].rstrip() + "\n")
# The Chinese as Markdown: one paragraph per space-separated run, the two
# headings marked (for a DOCX source).
zh_headings = {"未来十年我们会有非常强大的AI系统", "全球合作为AI提出安全标准和框架"}
zh_paras = zh[:cut].split()
zh_md = [("## " + p) if p in zh_headings else p for p in zh_paras]
open(f"{out}/zh.md", "w", encoding="utf-8").write("\n\n".join(zh_md) + "\n")
PY

# Straight quotes kept (-smart), as in the plain text. The EPUB's title
# page repeats the title (the reader leaves title pages out).
pandoc "$out/en.md" -f markdown-smart -t docx -o "$out/en.docx"
pandoc "$out/zh.md" -f markdown-smart -t docx -o "$out/zh.docx"
pandoc "$out/en.md" -f markdown-smart -t html5 -s --metadata pagetitle="Sam Altman at BAAI 2023" \
    -o "$out/en.html"
pandoc "$out/en.md" -f markdown-smart -t epub3 --metadata title="Sam Altman at BAAI 2023" \
    -o "$out/en.epub"
# LibreOffice's DOCX, from pandoc's HTML.
tmp=$(mktemp -d)
cp "$out/en.html" "$tmp/en-lo.html"
soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "$tmp/en-lo.html" >/dev/null
cp "$tmp/en-lo.docx" "$out/en-lo.docx"
rm -rf "$tmp"

# Broken files: a DOCX cut in half, a DOCX whose document.xml is malformed
# XML, an HTML-less EPUB package with malformed OPF.
head -c 3000 "$out/en.docx" > "$out/truncated.docx"
python3 - "$out" <<'PY'
import sys, zipfile
out = sys.argv[1]
src = zipfile.ZipFile(f"{out}/en.docx")
with zipfile.ZipFile(f"{out}/malformed.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "word/document.xml":
            data = data.replace(b"</w:t>", b"</w:x>", 1)
        z.writestr(item, data)
src = zipfile.ZipFile(f"{out}/en.epub")
with zipfile.ZipFile(f"{out}/malformed.epub", "w", zipfile.ZIP_DEFLATED) as z:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename.endswith(".opf"):
            data = data.replace(b"</manifest>", b"</manifesto>", 1)
        z.writestr(item, data, compress_type=item.compress_type)
PY
ls -la "$out"

# Hard-wrapped copies of the plain text: English wrapped at 60 characters,
# Chinese at 30, paragraphs run together with no blank line between them.
python3 - "$out" <<'PY'
import sys, textwrap
out = sys.argv[1]
for lang, width in (("en", 60), ("zh", 30)):
    text = open(f"{out}/{lang}.txt", encoding="utf-8").read()
    paras = [p.strip() for p in (text.split("\n\n") if "\n\n" in text else text.splitlines()) if p.strip()]
    lines = []
    for p in paras:
        p = " ".join(l.strip() for l in p.splitlines())
        if lang == "zh":
            lines += [p[i:i + width] for i in range(0, len(p), width)]
        else:
            lines += textwrap.wrap(p, width, break_long_words=False, break_on_hyphens=False)
    open(f"{out}/{lang}-wrapped.txt", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
