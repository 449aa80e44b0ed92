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

# Subtitles made from the plain text with invented timings: each paragraph
# cut into cues of at most two lines (English 42 characters a line, Chinese
# 16), cut at a word (English) and preferably after punctuation, so that
# sentences run over cues and cues hold several sentences; 15 characters a
# second in English, 5 in Chinese, 100 ms between cues and 2.5 s between
# paragraphs. en.srt and zh.srt; en.vtt with a header, a NOTE, cue
# identifiers, settings and some <i> markup.
python3 - "$out" <<'PY'
import sys, textwrap
out = sys.argv[1]

def clock(ms, sep):
    return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02}{sep}{ms % 1000:03}"

def cues(paras, lang):
    line = 42 if lang == "en" else 16
    t, result = 1000, []
    for p in paras:
        rest = p
        while rest:
            if lang == "en":
                lines = textwrap.wrap(rest, line, break_long_words=False)[:2]
                take = len(" ".join(lines))
                # End the cue after punctuation when there is some in its
                # second half.
                text = rest[:take]
                cut = max(text.rfind(", "), text.rfind(". "))
                if cut > take // 2 and take < len(rest):
                    take = cut + 1
                text = rest[:take].strip()
                rest = rest[take:].strip()
                lines = textwrap.wrap(text, line, break_long_words=False)
            else:
                text = rest[: 2 * line]
                cut = max(text.rfind("，"), text.rfind("。"))
                if cut > line and len(rest) > 2 * line:
                    text = rest[: cut + 1]
                # Never inside a Latin word or a number.
                while len(text) < len(rest) and text[-1:].isascii() and text[-1:].isalnum() \
                        and rest[len(text)].isascii() and rest[len(text)].isalnum():
                    text = text[:-1]
                rest = rest[len(text):]
                lines, k = [], 0
                while k < len(text):
                    j = min(k + line, len(text))
                    while j < len(text) and j > k + 1 and text[j - 1].isascii() and text[j - 1].isalnum() \
                            and text[j].isascii() and text[j].isalnum():
                        j -= 1
                    lines.append(text[k:j])
                    k = j
            length = max(1000, len(text) * (1000 // (15 if lang == "en" else 5)))
            result.append((t, t + length, lines))
            t += length + 100
        t += 2500
    return result

for lang in ("en", "zh"):
    src = open(f"{out}/{lang}.md" if lang == "zh" else f"{out}/{lang}.txt", encoding="utf-8").read()
    paras = [p.strip().lstrip("#").strip() for p in src.split("\n\n") if p.strip()]
    cs = cues(paras, lang)
    with open(f"{out}/{lang}.srt", "w", encoding="utf-8") as f:
        for i, (a, b, lines) in enumerate(cs, 1):
            f.write(f"{i}\n{clock(a, ',')} --> {clock(b, ',')}\n" + "\n".join(lines) + "\n\n")
    if lang == "en":
        with open(f"{out}/en.vtt", "w", encoding="utf-8") as f:
            f.write("WEBVTT - Sam Altman at BAAI 2023\n\nNOTE invented timings, made from en.txt\n\n")
            for i, (a, b, lines) in enumerate(cs, 1):
                if i == 3:
                    lines = ["<i>" + lines[0] + "</i>"] + lines[1:]
                f.write(f"cue-{i}\n{clock(a, '.')} --> {clock(b, '.')} line:90%\n" + "\n".join(lines) + "\n\n")
PY
