#!/usr/bin/env python3
"""Checks a synth.py output folder (or any folder with src.txt, tgt.txt and
gold.align): the gold covers every source and every target sentence exactly
once and in order (bead k's ids follow bead k-1's), and no bead is empty.
For a book (meta.json with "chapters") also that the chapters tile the
beads and that their first source and target ids agree with the gold, and
that the regions' ranges lie inside the text. Exits 1 with the first
problem found.

    python3 scripts/check_gold.py /tmp/x
"""

import json
import os
import re
import sys

BEAD = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]")


def ids(field):
    field = field.strip()
    return [int(x) for x in field.split(",")] if field else []


def count_lines(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


def check(folder):
    n = count_lines(os.path.join(folder, "src.txt"))
    m = count_lines(os.path.join(folder, "tgt.txt"))
    starts = []
    i = j = 0
    with open(os.path.join(folder, "gold.align"), encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            b = BEAD.match(line)
            if not b:
                return f"gold.align:{line_no}: not a bead: {line.strip()!r}"
            s, t = ids(b.group(1)), ids(b.group(2))
            if not s and not t:
                return f"gold.align:{line_no}: empty bead"
            if s != list(range(i, i + len(s))) or t != list(range(j, j + len(t))):
                return (f"gold.align:{line_no}: expected source from {i} and target from {j}, "
                        f"got {s}:{t}")
            starts.append((i, j))
            i += len(s)
            j += len(t)
    if (i, j) != (n, m):
        return f"gold covers {i} source and {j} target sentences; the text has {n} and {m}"
    meta_path = os.path.join(folder, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        if (meta.get("source_sentences"), meta.get("target_sentences")) != (n, m):
            return "meta.json's sentence counts differ from the text"
        chapters = meta.get("chapters")
        if chapters is not None:
            end = 0
            for k, (first, last, src, tgt) in enumerate(chapters):
                if first != end or last <= first:
                    return f"chapter {k}: beads [{first}, {last}) after {end}"
                if (src, tgt) != starts[first]:
                    return f"chapter {k}: starts at {src}/{tgt}, the gold at {starts[first]}"
                end = last
            if end != len(starts):
                return f"the chapters end at bead {end} of {len(starts)}"
            for r in meta.get("regions", []):
                (b0, b1), (s0, s1), (t0, t1) = r["beads"], r["source"], r["target"]
                if not (0 <= b0 < b1 <= len(starts) and starts[b0] == (s0, t0)
                        and 0 <= s0 <= s1 <= n and 0 <= t0 <= t1 <= m):
                    return f"region {r}: ranges do not fit the gold"
    return None


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    problem = check(sys.argv[1])
    if problem:
        print(f"check_gold.py: {sys.argv[1]}: {problem}", file=sys.stderr)
        sys.exit(1)
    print(f"check_gold.py: {sys.argv[1]}: ok")


if __name__ == "__main__":
    main()
