#!/usr/bin/env python3
"""Makes a synthetic Chinese-English parallel corpus with a known gold alignment.

The units are the gold beads of real aligned texts: the shipped transcript
(corpus/altman-baai-2023, zh.txt and en.txt segmented by `bitext segment`,
gold en.align) and, when it is there, ../shared/data/mac-dev (src/NNN,
tgt/NNN, gold/NNN.align, one sentence per line). Blocks of consecutive beads
(so that local context stays realistic) are drawn at random, in a random
order, until the source side has N sentences; then target-side perturbations
with a known effect on the gold are applied:

  merge   two consecutive target sentences become one (the beads that held
          them become one bead when they were two);
  split   a target sentence is cut at a comma (its bead gains a sentence);
  delete  a target sentence is dropped (its bead loses it: a 1-1 becomes 1-0);
  insert  a target sentence from elsewhere is put in (a new 0-1 bead).

With --untranslated K, a passage of K source sentences in the middle loses
its target side (as in an abridged translation): each of its sentences
becomes a 1-0 bead.

Writes OUT/src.txt and OUT/tgt.txt (one sentence per line), OUT/gold.align
(one bead per line, vecalign's format `[0, 1]:[0]`, 0-based) and
OUT/meta.json (counts, and `max_drift`: how many target sentences the gold
path strays at most from the length diagonal, the search band it needs).
Deterministic for a given --seed and inputs.

    python3 scripts/synth.py --sentences 1000000 --seed 1 --out /tmp/synth-1m

Book mode (--book) makes a long document of N source sentences (100 to
5M; 20k-1M is the intended range) from the same beads, with what derails a
search on whole books, every part with exact gold and on by default
(--disturb LIST or --no-oversplit, --no-untranslated, --no-front-back,
--no-headings, --no-drift switch them off):

  headings      chapters of --chapter-beads (150-600) beads, each opening
                with a heading bead 1-1 (第十二章 / 第12章 / 第十二回 / 十二 ↔
                Chapter 12 / CHAPTER XII / Chapter Twelve / XII / 12; one
                style a side per book, another now and then), a share
                (--one-sided-headings, 0.08) on one side only (1-0 or 0-1);
  frontback     a preface before the first chapter and notes or an index
                after the last, each on a random side only (1-0 or 0-1 beads);
  untranslated  --passages (5) per 100k sentences, at least 2 (one a side),
                of --passage-sentences (50-3000, at most N/10) sentences
                without counterpart: a source passage keeps its text in
                context and loses the translation (1-0 beads), a target
                passage is consecutive English from elsewhere (0-1 beads);
  oversplit     --stretches (5) per 100k sentences, at least 2, of
                --stretch-beads (200-2000, at most N/20) beads where one side
                (random per stretch) has each sentence cut at clause marks
                (，、；： — and ASCII ,;: before a space) into 2-6 pieces,
                at most --max-side pieces a bead side;
  drift         the perturbation rate and the balance of deletions against
                insertions swing slowly (1-4 periods a book, --drift 0.8) so
                that the length ratio drifts.

The events are spread over equal slots of the text; a passage stays in one
chapter (that chapter grows). meta.json adds "chapters" ([first bead, end
bead, first source id, first target id], front matter in the first chapter
and back matter in the last, so the text can be cut at its true chapter
boundaries), "regions" (each disturbance: kind, side, and its [first, end)
ranges of beads, source and target sentences) and "disturbance_counts".
A small book for tests takes about 0.3 s (segmenting the corpus included):

    python3 scripts/synth.py --book --sentences 3000 --seed 1 --out /tmp/book-3k
    python3 scripts/check_gold.py /tmp/book-3k      # gold covers each sentence once, in order
    python3 scripts/synth.py --book -n 1000000 --out /tmp/book-1m   # about 9 s, 0.8 GB
"""

import argparse
import bisect
import json
import math
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEAD = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]")
# A comma inside a sentence where it may be cut: ASCII or full-width, with
# text on both sides.
COMMA = re.compile(r"[,，、;；]")


def ids(field):
    field = field.strip()
    return [int(x) for x in field.split(",")] if field else []


def read_beads(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = BEAD.match(line)
            if m:
                beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def clean(line):
    return " ".join(line.replace("\r", " ").replace("\t", " ").split())


def read_lines(path):
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    if text.endswith("\n"):
        text = text[:-1]
    return [clean(x) for x in text.split("\n")] if text else []


def bitext_command(explicit):
    if explicit:
        return [explicit]
    binary = os.path.join(ROOT, "target", "release", "bitext")
    if os.path.exists(binary):
        return [binary]
    return ["cargo", "run", "--quiet", "--release", "--manifest-path",
            os.path.join(ROOT, "Cargo.toml"), "--"]


def segment(command, path, lang):
    out = subprocess.run(command + ["segment", path, "--lang", lang],
                         check=True, capture_output=True, text=True).stdout
    if out.endswith("\n"):
        out = out[:-1]
    return [clean(x) for x in out.split("\n")] if out else []


def to_units(name, src, tgt, beads):
    """Beads as (source sentences, target sentences) tuples; checks the ids."""
    units = []
    for s, t in beads:
        if any(i >= len(src) for i in s) or any(j >= len(tgt) for j in t):
            raise SystemExit(f"synth.py: {name}: a gold bead points past the text "
                             f"({len(src)} source, {len(tgt)} target sentences)")
        units.append(([src[i] for i in s], [tgt[j] for j in t]))
    return units


def load_documents(args):
    docs = []
    if not args.no_corpus:
        corpus = os.path.join(ROOT, "corpus", "altman-baai-2023")
        command = bitext_command(args.bitext)
        src = segment(command, os.path.join(corpus, "zh.txt"), "zh")
        tgt = segment(command, os.path.join(corpus, "en.txt"), "en")
        docs.append(("altman-baai-2023", to_units(
            "altman-baai-2023", src, tgt, read_beads(os.path.join(corpus, "en.align")))))
    mac = args.mac_dev
    if mac and os.path.isdir(os.path.join(mac, "gold")):
        for gold in sorted(os.listdir(os.path.join(mac, "gold"))):
            stem = gold.split(".")[0]
            src = read_lines(os.path.join(mac, "src", stem))
            tgt = read_lines(os.path.join(mac, "tgt", stem))
            beads = read_beads(os.path.join(mac, "gold", gold))
            docs.append((f"mac-dev/{stem}", to_units(f"mac-dev/{stem}", src, tgt, beads)))
    docs = [(name, units) for name, units in docs if units]
    if not docs:
        raise SystemExit("synth.py: no gold-aligned input found (corpus or --mac-dev)")
    return docs


def draw_blocks(docs, sentences, rng, min_block, max_block):
    """Blocks of consecutive beads from random documents until the source
    side reaches `sentences` sentences (the last block is cut to fit)."""
    weights = [sum(len(s) for s, _ in units) for _, units in docs]
    total_weight = sum(weights)
    cumulative = []
    acc = 0
    for w in weights:
        acc += w
        cumulative.append(acc)
    beads = []
    count = 0
    while count < sentences:
        x = rng.random() * total_weight
        k = next(i for i, c in enumerate(cumulative) if c > x)
        units = docs[k][1]
        size = rng.randint(min_block, max_block)
        start = rng.randrange(len(units))
        for unit in units[start:start + size]:
            if count >= sentences:
                break
            s, t = unit
            if count + len(s) > sentences:
                s = s[: sentences - count]
                # A bead cut short on the source keeps its target: still a
                # correct bead of the synthetic pair.
            beads.append((list(s), list(t)))
            count += len(s)
    return beads


def join_target(a, b):
    # Chinese targets (a swapped corpus) join without a space.
    if a and b and ord(a[-1]) > 0x2E80 and ord(b[0]) > 0x2E80:
        return a + b
    return a + " " + b


def split_at_comma(sentence, rng):
    cuts = [m.end() for m in COMMA.finditer(sentence)
            if 3 <= m.end() <= len(sentence) - 3]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    first, second = sentence[:cut].strip(), sentence[cut:].strip()
    if not first or not second:
        return None
    return first, second


def perturb_bead(kind, s, t, nxt, rng, max_side, pool, counts):
    """One perturbation of bead (s, t); `nxt` is the next bead's (s, t) when
    a merge may take it in. Returns the new (s, t), whether the next bead
    was taken in, and the inserted target sentence (for "insert")."""
    took = False
    inserted = None
    if kind == "merge":
        if len(t) >= 2:
            j = rng.randrange(len(t) - 1)
            t = t[:j] + [join_target(t[j], t[j + 1])] + t[j + 2:]
            counts["merge"] += 1
        elif len(t) == 1 and nxt and nxt[1] and len(s) + len(nxt[0]) <= max_side:
            # The last target sentence of this bead and the first of the
            # next become one: the two beads become one.
            s2, t2 = nxt
            took = True
            s = s + s2
            t = [join_target(t[0], t2[0])] + t2[1:]
            counts["merge"] += 1
    elif kind == "split":
        if t and len(t) < max_side:
            j = rng.randrange(len(t))
            parts = split_at_comma(t[j], rng)
            if parts:
                t = t[:j] + list(parts) + t[j + 1:]
                counts["split"] += 1
    elif kind == "delete":
        if t and s:
            j = rng.randrange(len(t))
            t = t[:j] + t[j + 1:]
            counts["delete"] += 1
    else:
        inserted = rng.choice(pool)
        counts["insert"] += 1
    return s, t, took, inserted


def perturb(beads, rng, rate, max_side, pool):
    """Applies target-side perturbations to about `rate` of the beads;
    returns the new bead list and the counts of each kind."""
    counts = {"merge": 0, "split": 0, "delete": 0, "insert": 0}
    kinds = ("merge", "split", "delete", "insert")
    out = []
    k = 0
    n = len(beads)
    while k < n:
        s, t = beads[k]
        k += 1
        if rng.random() >= rate:
            out.append((s, t))
            continue
        kind = kinds[rng.randrange(4)]
        nxt = beads[k] if k < n else None
        s, t, took, inserted = perturb_bead(kind, s, t, nxt, rng, max_side, pool, counts)
        k += took
        out.append((s, t))
        if inserted is not None:
            out.append(([], [inserted]))
    return out, counts


def leave_untranslated(beads, sentences):
    """Drops the target side of whole beads from the middle of the text
    until `sentences` source sentences have none; each becomes a 1-0 bead."""
    total = sum(len(s) for s, _ in beads)
    out = []
    count = seen = 0
    for s, t in beads:
        if seen >= (total - sentences) // 2 and count < sentences and s and t:
            out.extend(([x], []) for x in s)
            count += len(s)
        else:
            out.append((s, t))
        seen += len(s)
    return out, count


def write(out_dir, beads):
    os.makedirs(out_dir, exist_ok=True)
    src_lines, tgt_lines, gold_lines = [], [], []
    i = j = 0
    for s, t in beads:
        src_ids = ", ".join(str(x) for x in range(i, i + len(s)))
        tgt_ids = ", ".join(str(x) for x in range(j, j + len(t)))
        gold_lines.append(f"[{src_ids}]:[{tgt_ids}]")
        src_lines.extend(s)
        tgt_lines.extend(t)
        i += len(s)
        j += len(t)
    for name, lines in (("src.txt", src_lines), ("tgt.txt", tgt_lines),
                        ("gold.align", gold_lines)):
        tmp = os.path.join(out_dir, name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
            if lines:
                f.write("\n")
        os.replace(tmp, os.path.join(out_dir, name))
    return i, j


def max_drift(beads):
    """How far the gold path strays from the length diagonal: the largest
    distance, in target sentences, between a bead's end and the target
    position whose cumulative length (characters) is in the same ratio as
    the source's. A search band narrower than this cannot follow the gold."""
    src_cum, tgt_cum = [0], [0]
    ends = []
    for s, t in beads:
        for x in s:
            src_cum.append(src_cum[-1] + len(x))
        for x in t:
            tgt_cum.append(tgt_cum[-1] + len(x))
        if s and t:
            ends.append((len(src_cum) - 1, len(tgt_cum) - 1))
    if not ends or src_cum[-1] == 0:
        return 0
    ratio = tgt_cum[-1] / src_cum[-1]
    return max(abs(j - bisect.bisect_left(tgt_cum, src_cum[i] * ratio)) for i, j in ends)

# ---------------------------------------------------------------- book mode

# Clause marks where an over-split side is cut (the mark stays with the left
# piece): full-width ones anywhere, dashes, and ASCII ones followed by a
# space (so that 1,000 and 10:30 stay whole).
CLAUSE = re.compile(r"[，、；：]|——|—|[,;:](?=\s)")
WORD = re.compile(r"\w")
DISTURBANCES = ("oversplit", "untranslated", "frontback", "headings", "drift")

ZH_DIGITS = "零一二三四五六七八九"


def zh_small(n, leading_ten):
    """1..9999 in Chinese numerals; `leading_ten` writes 10-19 as 一十…"""
    out = ""
    zero = started = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
                zero = False
            if not (value == 10 and digit == 1 and not started and not leading_ten):
                out += ZH_DIGITS[digit]
            out += name
            started = True
        elif started and n:
            zero = True
    if n:
        out += ("零" if zero else "") + ZH_DIGITS[n]
    return out


def zh_number(n):
    """A positive integer in Chinese numerals: 12 → 十二, 101 → 一百零一."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        text = zh_number(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + zh_small(low, True)
        return text
    return zh_small(n, False)


EN_ONES = ("Zero One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve "
           "Thirteen Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen").split()
EN_TENS = "_ _ Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety".split()


def en_words(n):
    """A positive integer in English words: 12 → Twelve, 121 → One Hundred Twenty-One."""
    parts = []
    if n >= 1000:
        parts.append(en_words(n // 1000) + " Thousand")
        n %= 1000
    if n >= 100:
        parts.append(EN_ONES[n // 100] + " Hundred")
        n %= 100
    if n >= 20:
        parts.append(EN_TENS[n // 10] + ("-" + EN_ONES[n % 10] if n % 10 else ""))
    elif n:
        parts.append(EN_ONES[n])
    return " ".join(parts)


def roman(n):
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


ZH_HEADINGS = (lambda n: f"第{zh_number(n)}章", lambda n: f"第{n}章",
               lambda n: f"第{zh_number(n)}回", lambda n: zh_number(n))
EN_HEADINGS = (lambda n: f"Chapter {n}", lambda n: f"CHAPTER {roman(n)}",
               lambda n: f"Chapter {en_words(n)}", lambda n: roman(n),
               lambda n: str(n), lambda n: f"Chapter {roman(n)}")


def oversplit(sentences, rng, max_side):
    """Cuts each sentence at clause marks into 2-6 pieces (fewer when it has
    fewer marks), keeping the side at most max(max_side, len(sentences))
    pieces; returns the pieces."""
    extra = max(0, max_side - len(sentences))
    out = []
    for sentence in sentences:
        want = rng.randint(2, 6) - 1
        cuts = [m.end() for m in CLAUSE.finditer(sentence)] if extra and want else []
        chosen = []
        if cuts:
            rng.shuffle(cuts)
            last = 0
            for cut in sorted(cuts[:min(want, extra)]):
                # Text (a letter or a Han character) on both sides of a cut.
                if WORD.search(sentence[last:cut]) and WORD.search(sentence[cut:]):
                    chosen.append(cut)
                    last = cut
        pieces = []
        last = 0
        for cut in chosen + [len(sentence)]:
            piece = sentence[last:cut].strip()
            if piece:
                pieces.append(piece)
            last = cut
        extra -= len(pieces) - 1
        out.extend(pieces)
    return out


def bead_stream(docs, rng, min_block, max_block):
    """Endless gold beads, in blocks of consecutive beads from random
    documents (weighted by source sentences), as draw_blocks draws them."""
    weights = [sum(len(s) for s, _ in units) for _, units in docs]
    cumulative = []
    acc = 0
    for w in weights:
        acc += w
        cumulative.append(acc)
    while True:
        k = bisect.bisect_right(cumulative, rng.random() * acc)
        units = docs[min(k, len(docs) - 1)][1]
        size = rng.randint(min_block, max_block)
        start = rng.randrange(len(units))
        yield from units[start:start + size]


def consecutive(lists, count, rng):
    """`count` consecutive sentences from random places of `lists` (one list
    of sentences per document; another place when one runs out)."""
    lists = [x for x in lists if x]
    out = []
    while len(out) < count:
        text = rng.choice(lists)
        start = rng.randrange(len(text))
        out.extend(text[start:start + count - len(out)])
    return out


def index_entries(lines, count, rng, lang):
    """`count` lines of a book index: a name or term and page numbers, made
    from words of `lines`; sorted, as an index is."""
    if lang == "zh":
        terms = [m.group(0) for x in lines for m in re.finditer(r"[\u4e00-\u9fff]{2,4}", x)]
    else:
        terms = [m.group(0) for x in lines
                 for m in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)?", x)]
    terms = sorted(set(terms)) or ["Index"]
    out = []
    for _ in range(count):
        pages = sorted(rng.sample(range(1, 900), rng.randint(1, 4)))
        sep = "，" if lang == "zh" else ", "
        out.append(rng.choice(terms) + (" " if lang == "zh" else ", ")
                   + sep.join(str(p) for p in pages))
    return sorted(out)


def log_uniform(rng, low, high):
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


def smooth_wave(rng):
    """A slow function of the position x in [0, 1] with values in [-1, 1]:
    three sines of 1 to 4 periods over the document."""
    parts = [(rng.uniform(1.0, 4.0), rng.uniform(0, 2 * math.pi), rng.uniform(0.5, 1.0))
             for _ in range(3)]

    def wave(x):
        return sum(w * math.sin(2 * math.pi * f * x + p) for f, p, w in parts)

    # Scaled so that the wave reaches -1 or 1 somewhere.
    top = max(abs(wave(k / 2000)) for k in range(2001)) or 1.0
    return lambda x: wave(x) / top


def balanced_sides(count, rng):
    """Sides for `count` events: source and target once each first (in a
    random order) when there are two or more, then at random."""
    sides = ["source", "target"] if count >= 2 else []
    rng.shuffle(sides)
    sides += [rng.choice(("source", "target")) for _ in range(count - len(sides))]
    return sides


def reserve_one_sided(docs):
    """Splits each document's gold beads: the first 70% for the book's
    matched text, the next 15% (its Chinese) for source-side and the last
    15% (its English) for target-side one-sided material (front and back
    matter, untranslated passages). In a real book the translation of an
    untranslated passage is nowhere else; one-sided material drawn from the
    same chapters as the book's body had its translation a few hundred
    sentences away (in a 20k book, 78 of the 239 target sentences gold puts
    beside the 158 source sentences before a target-side passage were also
    in that passage), so that either copy was right and the gold named one.
    Returns the documents the body is drawn from and the source and target
    sentence lists of the reserves (the whole documents' when the reserves
    are empty)."""
    body, src_lists, tgt_lists = [], [], []
    for name, units in docs:
        a = max(1, len(units) * 7 // 10)
        b = (a + len(units)) // 2
        body.append((name, units[:a]))
        src_lists.append([x for s, _ in units[a:b] for x in s])
        tgt_lists.append([x for _, t in units[b:] for x in t])
    if not any(src_lists) or not any(tgt_lists):
        return (docs, [[x for s, _ in units for x in s] for _, units in docs],
                [[x for _, t in units for x in t] for _, units in docs])
    return body, src_lists, tgt_lists


def build_book(docs, args, rng):
    """The book: a list of (source sentences, target sentences, chapter,
    tag) beads, tag -1 for a plain bead, -2 for a heading, else the index
    of its region in the returned region list."""
    on = args.disturbances
    n = args.sentences
    docs, src_lists, tgt_lists = reserve_one_sided(docs)
    beads, regions = [], []
    count = 0

    def region(kind, side, **extra):
        regions.append(dict(kind=kind, side=side, **extra))
        return len(regions) - 1

    # Front and back matter: a preface before the first chapter, notes or an
    # index after the last one, on one side.
    front = back = None
    if "frontback" in on:
        cap = max(5, min(400, n // 50))
        front = (rng.choice(("source", "target")), rng.randint(min(20, cap), cap), "preface")
        cap = max(5, min(1500, n // 30))
        back = (rng.choice(("source", "target")), rng.randint(min(20, cap), cap),
                rng.choice(("notes", "index")))

    def matter(spec, chapter):
        nonlocal count
        side, size, kind = spec
        r = region("front_matter" if kind == "preface" else "back_matter", side, content=kind)
        lang = "zh" if side == "source" else "en"
        lists = src_lists if side == "source" else tgt_lists
        if kind == "index":
            lines = index_entries(consecutive(lists, 300, rng), size, rng, lang)
        else:
            lines = consecutive(lists, size, rng)
        for x in lines:
            beads.append(([x], [], chapter, r) if side == "source" else ([], [x], chapter, r))
        if side == "source":
            count += len(lines)

    if front:
        matter(front, 0)
    body_start = count
    body_end = n - (back[1] if back and back[0] == "source" else 0)

    # Events (untranslated passages, over-split stretches), one in each of
    # equal slots of the body so that they do not pile up.
    scale = n / 100000
    events = []
    if "untranslated" in on:
        k = max(2, round(args.passages * scale)) if args.passages > 0 else 0
        cap = max(1, n // 10)
        for side in balanced_sides(k, rng):
            size = min(cap, log_uniform(rng, *args.passage_sentences))
            events.append(("untranslated", side, size))
    if "oversplit" in on:
        k = max(2, round(args.stretches * scale)) if args.stretches > 0 else 0
        cap = max(1, n // 20)
        for side in balanced_sides(k, rng):
            events.append(("oversplit", side, min(cap, log_uniform(rng, *args.stretch_beads))))
    rng.shuffle(events)
    width = (body_end - body_start) / max(1, len(events))
    events = [(body_start + width * (i + rng.uniform(0.1, 0.9)),) + e
              for i, e in enumerate(events)]

    zh_style = rng.randrange(len(ZH_HEADINGS))
    en_style = rng.randrange(len(EN_HEADINGS))
    headings = {"both": 0, "source_only": 0, "target_only": 0}

    def heading(chapter):
        nonlocal count
        number = chapter + 1
        zh = ZH_HEADINGS[zh_style if rng.random() >= 0.1 else rng.randrange(len(ZH_HEADINGS))]
        en = EN_HEADINGS[en_style if rng.random() >= 0.1 else rng.randrange(len(EN_HEADINGS))]
        x = rng.random()
        if x < args.one_sided_headings / 2:
            beads.append(([zh(number)], [], chapter, -2))
            headings["source_only"] += 1
        elif x < args.one_sided_headings:
            beads.append(([], [en(number)], chapter, -2))
            headings["target_only"] += 1
        else:
            beads.append(([zh(number)], [en(number)], chapter, -2))
            headings["both"] += 1
        count += len(beads[-1][0])

    # The base text has a random stream of its own, and so do the
    # perturbations (make_book), so that books of the same seed with other
    # disturbances switched on are made of the same beads.
    stream = bead_stream(docs, random.Random(f"{args.seed}:stream"),
                         args.min_block, args.max_block)
    chapter = 0
    chapter_left = rng.randint(*args.chapter_beads)
    if "headings" in on:
        heading(chapter)
    ev = 0
    stretch_left = 0
    stretch = None
    while count < body_end:
        if chapter_left <= 0 and body_end - count >= 20:
            chapter += 1
            chapter_left = rng.randint(*args.chapter_beads)
            if "headings" in on:
                heading(chapter)
                continue
        if stretch_left <= 0 and ev < len(events) and events[ev][0] <= count:
            _, kind, side, size = events[ev]
            ev += 1
            if kind == "oversplit":
                stretch_left = size
                stretch = region("oversplit", side, pieces_added=0)
                continue
            if side == "source":
                size = min(size, body_end - count)
                if size < 1:
                    continue
                r = region("untranslated", side)
                for x in consecutive(src_lists, size, rng):
                    beads.append(([x], [], chapter, r))
                count += size
            else:
                r = region("untranslated", side)
                for x in consecutive(tgt_lists, size, rng):
                    beads.append(([], [x], chapter, r))
            continue
        s, t = next(stream)
        tag = -1
        if stretch_left > 0:
            tag = stretch
            stretch_left -= 1
            if regions[stretch]["side"] == "source":
                cut = oversplit(s, rng, args.max_side)
                regions[stretch]["pieces_added"] += len(cut) - len(s)
                s = cut
            else:
                cut = oversplit(t, rng, args.max_side)
                regions[stretch]["pieces_added"] += len(cut) - len(t)
                t = cut
        if count + len(s) > body_end:
            s = s[: body_end - count]
        if not s and not t:
            continue
        beads.append((list(s), list(t), chapter, tag))
        count += len(s)
        chapter_left -= 1
    if back:
        matter(back, chapter)
    return beads, regions, headings


def perturb_book(beads, rng, args, pool):
    """perturb() for a book: only plain beads (not headings, passages,
    stretches or matter), merges within a chapter; with drift on, the rate
    (perturb × (1 ± drift)) and the balance of deletions against insertions
    swing slowly along the text, so the length ratio drifts."""
    counts = {"merge": 0, "split": 0, "delete": 0, "insert": 0}
    amplitude = args.drift if "drift" in args.disturbances else 0.0
    rate_wave, balance_wave = smooth_wave(rng), smooth_wave(rng)
    max_side = args.max_side
    out = []
    k = 0
    n = len(beads)
    while k < n:
        s, t, c, tag = beads[k]
        k += 1
        if tag != -1:
            out.append((s, t, c, tag))
            continue
        x = k / n
        if rng.random() >= args.perturb * (1 + amplitude * rate_wave(x)):
            out.append((s, t, c, tag))
            continue
        # merge 1, split 1, delete 1 + 3b, insert 1 - 3b (none below 0): where
        # b is high the target loses sentences, where it is low it gains.
        b = amplitude * balance_wave(x)
        delete, insert = max(0.0, 1 + 3 * b), max(0.0, 1 - 3 * b)
        y = rng.random() * (2 + delete + insert)
        kind = "merge" if y < 1 else "split" if y < 2 else "delete" if y < 2 + delete else "insert"
        # Merges only with a plain bead of the same chapter.
        nxt = (beads[k][0], beads[k][1]) if k < n and beads[k][3] == -1 and beads[k][2] == c else None
        s, t, took, inserted = perturb_bead(kind, s, t, nxt, rng, max_side, pool, counts)
        k += took
        out.append((s, t, c, tag))
        if inserted is not None:
            out.append(([], [inserted], c, -1))
    return out, counts


def book_meta(beads, regions, headings):
    """Chapter boundaries and where each region landed, in beads and in
    source and target sentences ([first, end) ranges)."""
    chapters = []
    spans = [None] * len(regions)
    i = j = 0
    widest = 0
    for b, (s, t, c, tag) in enumerate(beads):
        if c == len(chapters):
            chapters.append([b, None, i, j])
        if tag >= 0:
            span = spans[tag]
            if span is None:
                spans[tag] = span = [b, b, i, i, j, j]
            span[1], span[3], span[5] = b + 1, i + len(s), j + len(t)
        widest = max(widest, len(s), len(t))
        i += len(s)
        j += len(t)
    for k, chapter in enumerate(chapters):
        chapter[1] = chapters[k + 1][0] if k + 1 < len(chapters) else len(beads)
    placed = []
    for r, span in zip(regions, spans):
        if span is None:
            continue
        entry = dict(r)
        entry["beads"] = span[0:2]
        entry["source"] = span[2:4]
        entry["target"] = span[4:6]
        placed.append(entry)
    summary = {}
    for kind in ("oversplit", "untranslated", "front_matter", "back_matter"):
        mine = [r for r in placed if r["kind"] == kind]
        summary[kind] = {
            "count": len(mine),
            "source": sum(1 for r in mine if r["side"] == "source"),
            "target": sum(1 for r in mine if r["side"] == "target"),
            "sentences": sum(r[r["side"]][1] - r[r["side"]][0] for r in mine),
        }
    summary["oversplit"]["beads"] = sum(r["beads"][1] - r["beads"][0] for r in placed
                                        if r["kind"] == "oversplit")
    summary["oversplit"]["pieces_added"] = sum(r.get("pieces_added", 0) for r in placed)
    summary["headings"] = headings
    return {"chapters": chapters, "disturbance_counts": summary, "regions": placed,
            "widest_bead_side": widest}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sentences", "-n", type=int, required=True,
                   help="source sentences to make")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--perturb", type=float, default=0.05,
                   help="share of beads that get a perturbation (default 0.05)")
    p.add_argument("--min-block", type=int, default=10,
                   help="fewest consecutive gold beads in a block (default 10)")
    p.add_argument("--max-block", type=int, default=60,
                   help="most consecutive gold beads in a block (default 60)")
    p.add_argument("--max-side", type=int, default=6,
                   help="most sentences a perturbation leaves on one side of a bead")
    p.add_argument("--untranslated", type=int, default=0, metavar="K",
                   help="leave about K source sentences in the middle without "
                   "a translation (default 0; not in book mode, see --passages)")
    p.add_argument("--mac-dev", default=os.path.join(ROOT, "..", "shared", "data", "mac-dev"),
                   help="mac-dev folder (default ../shared/data/mac-dev; skipped if absent)")
    p.add_argument("--no-corpus", action="store_true",
                   help="leave out the shipped corpus")
    p.add_argument("--bitext", help="the bitext binary that segments the corpus "
                   "(default target/release/bitext, else cargo run --release)")
    book = p.add_argument_group("book mode (--book)")
    book.add_argument("--book", action="store_true",
                      help="a long book: chapters with headings, front and back matter, "
                      "untranslated passages, over-split stretches, drifting perturbation "
                      "rates (every disturbance on unless switched off)")
    book.add_argument("--disturb", default=None, metavar="LIST",
                      help="which disturbances: all (default), none, or a comma list of "
                      + ", ".join(DISTURBANCES))
    for name in DISTURBANCES:
        book.add_argument(f"--no-{name.replace('frontback', 'front-back')}", dest=f"no_{name}",
                          action="store_true", help=f"switch off {name}")
    book.add_argument("--chapter-beads", type=int, nargs=2, metavar=("MIN", "MAX"),
                      help="gold beads a chapter holds (default 150 600)")
    book.add_argument("--stretches", type=float, metavar="K",
                      help="over-split stretches per 100,000 source sentences "
                      "(default 5; at least 2 a book)")
    book.add_argument("--stretch-beads", type=int, nargs=2, metavar=("MIN", "MAX"),
                      help="beads in an over-split stretch (default 200 2000; at most "
                      "a twentieth of the sentences)")
    book.add_argument("--passages", type=float, metavar="K",
                      help="untranslated passages per 100,000 source sentences "
                      "(default 5; at least 2 a book, one a side)")
    book.add_argument("--passage-sentences", type=int, nargs=2, metavar=("MIN", "MAX"),
                      help="sentences in an untranslated passage (default 50 3000; at "
                      "most a tenth of the sentences)")
    book.add_argument("--one-sided-headings", type=float, metavar="P",
                      help="share of chapter headings on one side only (default 0.08)")
    book.add_argument("--drift", type=float, metavar="A",
                      help="how far the perturbation rate and the balance of deletions "
                      "and insertions swing along the text, 0 to 1 (default 0.8)")
    args = p.parse_args()
    if args.sentences < 1:
        p.error("--sentences must be at least 1")
    if not 0.0 <= args.perturb <= 1.0:
        p.error("--perturb must be between 0 and 1")
    if args.untranslated < 0:
        p.error("--untranslated must not be negative")
    if not 1 <= args.min_block <= args.max_block:
        p.error("need 1 <= --min-block <= --max-block")
    book_options = ["disturb", "chapter_beads", "stretches", "stretch_beads", "passages",
                    "passage_sentences", "one_sided_headings", "drift"]
    if not args.book:
        given = [o for o in book_options if getattr(args, o) is not None]
        given += [f"no_{d}" for d in DISTURBANCES if getattr(args, f"no_{d}")]
        if given:
            p.error(f"--{given[0].replace('_', '-')} needs --book")
    else:
        check_book_args(p, args)
    start = time.time()
    rng = random.Random(args.seed)
    docs = load_documents(args)
    pool = [x for _, units in docs for _, t in units for x in t]
    if args.book:
        meta = make_book(args, docs, pool, rng)
    else:
        beads = draw_blocks(docs, args.sentences, rng, args.min_block, args.max_block)
        beads, counts = perturb(beads, rng, args.perturb, args.max_side, pool)
        beads, untranslated = leave_untranslated(beads, args.untranslated)
        n, m = write(args.out, beads)
        meta = {
            "seed": args.seed,
            "sources": [name for name, _ in docs],
            "source_sentences": n,
            "target_sentences": m,
            "beads": len(beads),
            "perturbations": counts,
            "perturb_rate": args.perturb,
            "untranslated": untranslated,
            "max_drift": max_drift(beads),
        }
    meta_path = os.path.join(args.out, "meta.json")
    with open(meta_path + ".tmp", "w", encoding="utf-8") as f:
        if args.book:
            f.write(book_json(meta))
        else:
            json.dump(meta, f, indent=2)
        f.write("\n")
    os.replace(meta_path + ".tmp", meta_path)
    counts = meta["perturbations"]
    print(f"synth.py: {meta['source_sentences']} source and {meta['target_sentences']} target "
          f"sentences in {meta['beads']} beads "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())}) → {args.out} "
          f"in {time.time() - start:.1f} s", file=sys.stderr)


def check_book_args(p, args):
    """Fills in book-mode defaults and refuses absurd values."""
    defaults = {"chapter_beads": [150, 600], "stretches": 5.0, "stretch_beads": [200, 2000],
                "passages": 5.0, "passage_sentences": [50, 3000], "one_sided_headings": 0.08,
                "drift": 0.8}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if not 100 <= args.sentences <= 5_000_000:
        p.error("--book needs 100 <= --sentences <= 5000000")
    if args.untranslated:
        p.error("--untranslated is for the plain mode; book mode has --passages")
    if args.max_side < 1:
        p.error("--max-side must be at least 1")
    for key, limit in (("chapter_beads", 100_000), ("stretch_beads", 1_000_000),
                       ("passage_sentences", 1_000_000)):
        low, high = getattr(args, key)
        flag = "--" + key.replace("_", "-")
        if not 1 <= low <= high <= limit:
            p.error(f"{flag} needs 1 <= MIN <= MAX <= {limit}")
    for key in ("stretches", "passages"):
        value = getattr(args, key)
        if not (0 <= value <= 1000) or math.isnan(value):
            p.error(f"--{key} must be between 0 and 1000 (per 100,000 sentences)")
    for key in ("one_sided_headings", "drift"):
        value = getattr(args, key)
        if not 0 <= value <= 1:
            p.error(f"--{key.replace('_', '-')} must be between 0 and 1")
    chosen = (args.disturb or "all").replace("+", ",")
    if chosen == "all":
        on = set(DISTURBANCES)
    elif chosen == "none":
        on = set()
    else:
        on = {x.strip() for x in chosen.split(",") if x.strip()}
        unknown = sorted(on - set(DISTURBANCES))
        if unknown:
            p.error(f"--disturb: unknown {', '.join(unknown)} (all, none or "
                    f"{', '.join(DISTURBANCES)})")
    args.disturbances = {d for d in on if not getattr(args, f"no_{d}")}


def book_json(meta):
    """meta.json for a book: indented, with one line per chapter and region."""
    lines = []
    for key, value in meta.items():
        if isinstance(value, list) and value and isinstance(value[0], (list, dict)):
            items = ",\n".join("    " + json.dumps(x, ensure_ascii=False) for x in value)
            text = "[\n" + items + "\n  ]"
        else:
            text = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}"


def make_book(args, docs, pool, rng):
    beads, regions, headings = build_book(docs, args, rng)
    beads, counts = perturb_book(beads, random.Random(f"{args.seed}:perturb"), args, pool)
    plain = [(s, t) for s, t, _, _ in beads]
    n, m = write(args.out, plain)
    meta = {
        "seed": args.seed,
        "mode": "book",
        "sources": [name for name, _ in docs],
        "source_sentences": n,
        "target_sentences": m,
        "beads": len(beads),
        "disturbances": sorted(args.disturbances),
        "perturbations": counts,
        "perturb_rate": args.perturb,
        "drift": args.drift if "drift" in args.disturbances else 0.0,
        "max_drift": max_drift(plain),
    }
    meta.update(book_meta(beads, regions, headings))
    return meta


if __name__ == "__main__":
    main()
