#!/usr/bin/env bash
# How bitext copes with huge and hostile inputs: makes them (from the
# shipped transcript), runs them through `bitext align` / `bitext import`
# under GNU time and prints a markdown table: input size, wall time, peak
# memory (max RSS), peak memory over input size, exit status and output
# rows.
#
#   scripts/hostile_table.sh                       # every case
#   scripts/hostile_table.sh --cases "1m-lines tmx-1g"
#
# Cases:
#   oneline-nopunct  a 100 MB Chinese line without any punctuation against
#                    a one-sentence English file
#   oneline-text     the transcript repeated into one 100 MB line a side
#                    (Chinese and English), sentences intact
#   1m-lines         1 million very short lines a side
#   tmx-1g           a 1 GB TMX (about 3.6 million units) imported to TSV
#
# Options:
#   --cases "C ..."   which cases (default: all four)
#   --cache DIR       where the inputs are kept between runs
#                     (default $TMPDIR/bitext-hostile or /tmp/bitext-hostile)
#   --timeout S       limit per run in seconds (default 900)
#   --no-build        use target/release/bitext as it is
#
# Needs python3 and GNU time (/usr/bin/time; installed with apt-get when
# missing and possible). The inputs take about 1.5 GB of disk.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cases="oneline-nopunct oneline-text 1m-lines tmx-1g"
cache="${TMPDIR:-/tmp}/bitext-hostile"
limit=900
build=1

while [ $# -gt 0 ]; do
    case "$1" in
        --cases) cases="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --timeout) limit="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "hostile_table.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
need_gnu_time
release_binary "$build"
mkdir -p "$cache"

# Makes the inputs a case needs, once.
make_inputs() {
    python3 - "$root/corpus/altman-baai-2023" "$cache" "$1" <<'EOF'
import os, random, sys
corpus, cache, case = sys.argv[1:4]
zh = open(os.path.join(corpus, "zh.txt"), encoding="utf-8").read()
en = open(os.path.join(corpus, "en.txt"), encoding="utf-8").read()
def path(name):
    return os.path.join(cache, name)
def fill(text, size):
    data = (text * (size // len(text.encode()) + 1)).encode()[:size]
    return data.decode("utf-8", "ignore")
def write(name, text):
    if not os.path.exists(path(name)):
        with open(path(name) + ".part", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path(name) + ".part", path(name))
if case == "oneline-nopunct":
    han = "".join(c for c in zh if "\u4e00" <= c <= "\u9fff")
    write("zh-nopunct.txt", fill(han, 100_000_000))
    write("en-one.txt", "Hello.\n")
elif case == "oneline-text":
    write("zh-oneline.txt", fill(zh.replace("\n", ""), 100_000_000))
    write("en-oneline.txt", fill(en.replace("\n", " "), 100_000_000))
elif case == "1m-lines":
    rng = random.Random(1)
    write("zh-1m.txt", "".join(rng.choice(["好。", "是。", "对。", "嗯。", "不。"]) + "\n"
                               for _ in range(1_000_000)))
    write("en-1m.txt", "".join(rng.choice(["Yes.", "No.", "OK.", "Hm.", "Good."]) + "\n"
                               for _ in range(1_000_000)))
elif case == "tmx-1g" and not os.path.exists(path("big.tmx")):
    from xml.sax.saxutils import escape
    zs = [l for l in zh.splitlines() if l.strip()]
    es = [l for l in en.splitlines() if l.strip()]
    pairs = list(zip(zs, es))
    with open(path("big.tmx.part"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                '<header creationtool="hostile_table" srclang="zh-CN" datatype="plaintext" '
                'segtype="sentence" adminlang="en" o-tmf="x" creationtoolversion="1"/>\n<body>\n')
        size, k = 0, 0
        while size < 1_000_000_000:
            z, e = pairs[k % len(pairs)]
            unit = ('<tu tuid="%d"><tuv xml:lang="zh-CN"><seg>%s</seg></tuv>'
                    '<tuv xml:lang="en-US"><seg>%s</seg></tuv></tu>\n'
                    % (k + 1, escape(z[:300]), escape(e[:600])))
            f.write(unit)
            size += len(unit.encode())
            k += 1
        f.write("</body>\n</tmx>\n")
    os.replace(path("big.tmx.part"), path("big.tmx"))
EOF
}

# Runs one case: prints its table row.
run_case() {
    local case="$1" inputs out args
    case "$case" in
        oneline-nopunct) inputs="zh-nopunct.txt en-one.txt"; args=(align zh-nopunct.txt en-one.txt) ;;
        oneline-text) inputs="zh-oneline.txt en-oneline.txt"; args=(align zh-oneline.txt en-oneline.txt) ;;
        1m-lines) inputs="zh-1m.txt en-1m.txt"; args=(align zh-1m.txt en-1m.txt) ;;
        tmx-1g) inputs="big.tmx"; args=(import big.tmx) ;;
        *) echo "hostile_table.sh: unknown case $case" >&2; return 1 ;;
    esac
    make_inputs "$case"
    out="$cache/$case.tsv"
    rm -f "$out"
    local bytes=0 f
    for f in $inputs; do bytes=$((bytes + $(stat -c %s "$cache/$f"))); done
    local status=0
    (cd "$cache" && timeout "$limit" /usr/bin/time -v "$bin" -q "${args[@]}" -f tsv -o "$out" \
        2>"$cache/$case.time") || status=$?
    local wall rss rows
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$cache/$case.time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$cache/$case.time")
    rows=$( [ -f "$out" ] && wc -l <"$out" || echo 0)
    [ "$status" = 124 ] && wall="timeout (${limit} s)"
    awk -v c="$case" -v b="$bytes" -v w="${wall:-?}" -v r="${rss:-0}" -v s="$status" -v n="$rows" \
        'BEGIN { printf "| %s | %.0f MB | %s | %.0f MiB | %.1fx | %s | %d |\n",
                 c, b / 1e6, w, r / 1024, (r * 1024) / (b > 0 ? b : 1), s, n }'
    if [ "$status" != 0 ] && [ "$status" != 124 ]; then
        grep -v '^\s' "$cache/$case.time" | head -3 | sed 's/^/    /' >&2
    fi
}

echo "| case | input | wall | peak memory | memory / input | exit | output rows |"
echo "|---|---|---|---|---|---|---|"
for c in $cases; do
    run_case "$c"
done
