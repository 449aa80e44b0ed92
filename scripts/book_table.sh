#!/usr/bin/env bash
# How bitext copes with whole books: makes hard synthetic books with exact
# gold (scripts/synth.py --book: chapter headings, one-sided front and back
# matter, untranslated passages, over-split stretches, drifting perturbation
# rates), aligns each in one piece under GNU time, and again cut at its true
# chapter boundaries (one batch run over the chapters), and prints a
# markdown table: size (source / target sentences), case, lax and strict F1,
# expected calibration error, the share of exact beads among those with
# confidence >= 0.9, wall time, peak memory (max RSS), the chapter-cut
# strict F1 and time, and how far the gold path strays from the length
# diagonal. A whole-book strict F1 far below the chapter-cut one means the
# search lost its path.
#
#   scripts/book_table.sh                                # 20k and 100k, cases all and none
#   scripts/book_table.sh --sizes 20000 --cases "all none" --align-args "--scorer classic"
#   scripts/book_table.sh --cases "oversplit untranslated frontback headings drift"
#   scripts/book_table.sh --sizes 1000000 --timeout 1800 --align-args "--scorer classic"
#
# Cases (synth.py --disturb): all (every disturbance), none (chapters and
# the usual perturbations at a constant rate, nothing else), or one of
# oversplit, untranslated, frontback, headings, drift, or several joined by
# + (e.g. oversplit+drift): only those.
#
# Options:
#   --sizes "N ..."       source sentences per book (default "20000 100000";
#                         up to 1000000 and more)
#   --cases "C ..."       disturbance profiles (default "all none")
#   --align-args "..."    extra `bitext align` flags, e.g. "--scorer classic"
#                         or "--search exhaustive --band 400" (default none)
#   --bitext PATH         the binary to run (default: build and use
#                         target/release/bitext)
#   --no-build            use target/release/bitext as it is
#   --timeout SECONDS     limit per alignment run (default 600); a run over it
#                         shows "timeout" in the table
#   --seed N              synth.py seed (default 1)
#   --cache DIR           where books and their chapter cuts are kept between
#                         runs, one folder per size, seed, case and version of
#                         synth.py (default $TMPDIR/bitext-book or
#                         /tmp/bitext-book)
#   --keep                keep the alignments (printed at the end)
#
# Needs python3 and GNU time (/usr/bin/time; installed with apt-get when
# missing and possible). A 1M-sentence book takes about 10 s to make and
# 0.4 GB of disk (its chapter cut included).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="20000 100000"
cases="all none"
align_args=""
given_bin=""
build=1
limit=600
seed=1
cache="${TMPDIR:-/tmp}/bitext-book"
keep=0

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --cases) cases="$2"; shift 2 ;;
        --align-args) align_args="$2"; shift 2 ;;
        --bitext) given_bin="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --timeout) limit="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "book_table.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

for n in $sizes; do
    case "$n" in ''|*[!0-9]*) say "--sizes: $n is not a number"; exit 2 ;; esac
done
case "$limit" in ''|*[!0-9]*|0) say "--timeout needs a positive number of seconds"; exit 2 ;; esac
for c in $cases; do
    for part in ${c//+/ }; do
        case "$part" in
            all|none|oversplit|untranslated|frontback|headings|drift) ;;
            *) say "--cases: unknown case $part (all, none, oversplit, untranslated, frontback, headings, drift)"; exit 2 ;;
        esac
    done
done

need_gnu_time
command -v timeout >/dev/null 2>&1 || { say "needs timeout (coreutils)"; exit 1; }
cd "$root"
if [ -n "$given_bin" ]; then
    bin="$given_bin"
    [ -x "$bin" ] || { say "--bitext $bin: not an executable"; exit 1; }
else
    release_binary "$build"
fi

read -r -a extra <<<"$align_args"
version="$(sha1sum "$root/scripts/synth.py" | cut -c1-8)"
mkdir -p "$cache"
work="$(mktemp -d "${TMPDIR:-/tmp}/bitext-book-run.XXXXXX")"
if [ "$keep" = 0 ]; then trap 'rm -rf "$work"' EXIT; fi

# Human-readable count: 20000 → 20k, 1000000 → 1M.
short() {
    local n="$1"
    if [ $((n % 1000000)) = 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) = 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

# Cuts a book at its chapter boundaries (meta.json "chapters") into
# DIR/chapters/{src,tgt,gold}/NNNN, gold ids re-based to 0. A chapter with
# one side empty cannot be aligned (and has one possible alignment): its
# beads go to DIR/chapters/trivial/NNNN.beads instead.
cut_chapters() {
    python3 - "$1" <<'EOF'
import json, os, re, shutil, sys
book = sys.argv[1]
meta = json.load(open(os.path.join(book, "meta.json"), encoding="utf-8"))
def lines(name):
    with open(os.path.join(book, name), encoding="utf-8") as f:
        return f.read().split("\n")[:-1]
src, tgt, gold = lines("src.txt"), lines("tgt.txt"), lines("gold.align")
bead = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]")
def ids(field):
    return [int(x) for x in field.split(",")] if field.strip() else []
out = os.path.join(book, "chapters.part")
shutil.rmtree(out, ignore_errors=True)
for sub in ("src", "tgt", "gold", "trivial"):
    os.makedirs(os.path.join(out, sub))
chapters = meta["chapters"]
width = max(4, len(str(len(chapters))))
for k, (first, end, s0, t0) in enumerate(chapters):
    name = str(k + 1).zfill(width)
    beads = []
    s1, t1 = s0, t0
    for line in gold[first:end]:
        m = bead.match(line)
        s, t = ids(m.group(1)), ids(m.group(2))
        s1, t1 = s1 + len(s), t1 + len(t)
        beads.append("[%s]:[%s]" % (", ".join(str(i - s0) for i in s),
                                    ", ".join(str(j - t0) for j in t)))
    text = "\n".join(beads) + "\n"
    with open(os.path.join(out, "gold", name + ".align"), "w", encoding="utf-8") as f:
        f.write(text)
    if s1 == s0 or t1 == t0:
        with open(os.path.join(out, "trivial", name + ".beads"), "w", encoding="utf-8") as f:
            f.write("\n".join(b + ":1.000" for b in beads) + "\n")
        continue
    for sub, part in (("src", src[s0:s1]), ("tgt", tgt[t0:t1])):
        with open(os.path.join(out, sub, name), "w", encoding="utf-8") as f:
            f.write("\n".join(part) + "\n")
shutil.rmtree(os.path.join(book, "chapters"), ignore_errors=True)
os.replace(out, os.path.join(book, "chapters"))
EOF
}

# Runs "$@" under GNU time and the limit; sets status, seconds and rss_mib.
timed() {
    local log="$1"
    shift
    set +e
    /usr/bin/time -v -o "$log" timeout --kill-after=10 "$limit" "$@"
    status=$?
    set -e
    local wall rss_kb
    wall="$(grep -F 'Elapsed (wall clock) time' "$log" | awk '{print $NF}')"
    rss_kb="$(grep -F 'Maximum resident set size' "$log" | awk '{print $NF}')"
    seconds="$(echo "${wall:-0}" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')"
    rss_mib="$(awk -v k="${rss_kb:-0}" 'BEGIN { printf "%.0f", k / 1024 }')"
}

rows=()
for n in $sizes; do
    for c in $cases; do
        dir="$cache/book-$n-seed$seed-${c//+/-}-synth$version"
        if [ ! -s "$dir/gold.align" ] || ! grep -q '"chapters"' "$dir/meta.json" 2>/dev/null \
            || [ ! -d "$dir/chapters" ]; then
            say "making a $(short "$n")-sentence book ($c) in $dir"
            python3 "$root/scripts/synth.py" --book --sentences "$n" --seed "$seed" \
                --disturb "${c//+/,}" --out "$dir" --bitext "$bin"
            cut_chapters "$dir"
        fi
        read -r src_n tgt_n drift chapters < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["source_sentences"], m["target_sentences"], m["max_drift"], len(m["chapters"]))' "$dir/meta.json")
        tag="$n-${c//+/-}"
        size="$(short "$n") ($src_n / $tgt_n)"

        # The whole book in one piece.
        out="$work/$tag.beads"
        say "aligning the $(short "$n") book, case $c ($src_n/$tgt_n sentences, limit ${limit}s)"
        timed "$work/time-$tag.txt" "$bin" align --presplit -q ${extra[@]+"${extra[@]}"} \
            -f beads -o "$out" "$dir/src.txt" "$dir/tgt.txt" 2>"$work/err-$tag.txt"
        if [ "$status" = 124 ] || [ "$status" = 137 ]; then
            whole="| – | – | – | – | timeout (>${limit}) | $rss_mib |"
        elif [ "$status" != 0 ]; then
            say "run failed (exit $status): $(tail -n 3 "$work/err-$tag.txt")"
            whole="| – | – | – | – | failed (exit $status) | $rss_mib |"
        else
            scores="$("$bin" eval "$dir/gold.align" "$out" --json --calibration | python3 -c '
import json, sys
d = json.load(sys.stdin)
t, c = d["total"], d.get("calibration") or {}
share = c.get("confident_share")
conf = "%.3f (%d)" % (share, c["confident_beads"]) if share is not None else "–"
ece = "%.3f" % c["ece"] if "ece" in c else "–"
print("| %.3f | %.3f | %s | %s |" % (t["f1_lax"], t["f1_strict"], ece, conf))')"
            whole="$scores $seconds | $rss_mib |"
        fi

        # The same text cut at its true chapter boundaries, one batch run.
        cut_out="$work/$tag.chapters"
        rm -rf "$cut_out"
        mkdir -p "$cut_out"
        if [ -n "$(ls -A "$dir/chapters/src")" ]; then
            say "aligning its $chapters chapters in one batch"
            timed "$work/time-$tag-cut.txt" "$bin" align --presplit -q ${extra[@]+"${extra[@]}"} \
                "$dir/chapters/src" "$dir/chapters/tgt" -f beads --out-dir "$cut_out" \
                2>"$work/err-$tag-cut.txt"
        else
            status=0 seconds=0.0
        fi
        cp "$dir/chapters/trivial/"* "$cut_out/" 2>/dev/null || true
        if [ "$status" = 124 ] || [ "$status" = 137 ]; then
            cut="– | timeout (>${limit}) |"
        elif [ "$status" != 0 ]; then
            say "chapter run failed (exit $status): $(tail -n 3 "$work/err-$tag-cut.txt")"
            cut="– | failed (exit $status) |"
        else
            f1="$("$bin" eval "$dir/chapters/gold" "$cut_out" --json | python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["total"]["f1_strict"])')"
            cut="$f1 | $seconds |"
        fi
        rows+=("| $size | $c $whole $cut $drift |")
    done
done

echo
echo "bitext $("$bin" --version | awk '{print $2}'), align args: ${align_args:-(none)}, seed $seed, $(nproc) cores, limit ${limit} s per run"
echo
echo "| size (source / target) | case | lax F1 | strict F1 | ECE | exact among conf ≥ 0.9 (beads) | time (s) | peak memory (MiB) | chapter-cut strict F1 | chapter-cut time (s) | gold drift |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do echo "$row"; done
echo
echo "chapter-cut: the same text cut at its true chapter boundaries and aligned in one"
echo "batch run (gold per chapter). gold drift: the most target sentences the gold path"
echo "strays from the length diagonal (synth.py's max_drift)."
if [ "$keep" = 1 ]; then echo; echo "alignments kept in $work"; fi
