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
"""

import argparse
import bisect
import json
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
        if kind == "merge":
            if len(t) >= 2:
                j = rng.randrange(len(t) - 1)
                t = t[:j] + [join_target(t[j], t[j + 1])] + t[j + 2:]
                counts["merge"] += 1
            elif (len(t) == 1 and k < n and beads[k][1]
                  and len(s) + len(beads[k][0]) <= max_side):
                # The last target sentence of this bead and the first of the
                # next become one: the two beads become one.
                s2, t2 = beads[k]
                k += 1
                s = s + s2
                t = [join_target(t[0], t2[0])] + t2[1:]
                counts["merge"] += 1
            out.append((s, t))
        elif kind == "split":
            if t and len(t) < max_side:
                j = rng.randrange(len(t))
                parts = split_at_comma(t[j], rng)
                if parts:
                    t = t[:j] + list(parts) + t[j + 1:]
                    counts["split"] += 1
            out.append((s, t))
        elif kind == "delete":
            if t and s:
                j = rng.randrange(len(t))
                t = t[:j] + t[j + 1:]
                counts["delete"] += 1
            out.append((s, t))
        else:
            out.append((s, t))
            out.append(([], [rng.choice(pool)]))
            counts["insert"] += 1
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
                   "a translation (default 0)")
    p.add_argument("--mac-dev", default=os.path.join(ROOT, "..", "shared", "data", "mac-dev"),
                   help="mac-dev folder (default ../shared/data/mac-dev; skipped if absent)")
    p.add_argument("--no-corpus", action="store_true",
                   help="leave out the shipped corpus")
    p.add_argument("--bitext", help="the bitext binary that segments the corpus "
                   "(default target/release/bitext, else cargo run --release)")
    args = p.parse_args()
    if args.sentences < 1:
        p.error("--sentences must be at least 1")
    if not 0.0 <= args.perturb <= 1.0:
        p.error("--perturb must be between 0 and 1")
    if args.untranslated < 0:
        p.error("--untranslated must not be negative")
    if not 1 <= args.min_block <= args.max_block:
        p.error("need 1 <= --min-block <= --max-block")
    start = time.time()
    rng = random.Random(args.seed)
    docs = load_documents(args)
    pool = [x for _, units in docs for _, t in units for x in t]
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
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"synth.py: {n} source and {m} target sentences in {len(beads)} beads "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())}) → {args.out} "
          f"in {time.time() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
