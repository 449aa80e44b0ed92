#!/usr/bin/env bash
# How bitext scales: aligns synthetic parallel corpora of 10k, 100k and 1M
# source sentences (scripts/synth.py, known gold) and prints a markdown
# table: sentences (source/target), wall time, peak memory (max RSS),
# source sentences per second, strict and lax F1, and how far the gold path
# strays from the length diagonal (the band it needs); and the process start-up
# time (`bitext align` on a one-line pair, dictionary and model loading
# included).
#
#   scripts/scale_table.sh                          # 10k, 100k, 1M; default scorer
#   scripts/scale_table.sh --scorer classic --sizes "10000 100000"
#   scripts/scale_table.sh --scorer classic --sizes 3000 --untranslated 250
#   scripts/scale_table.sh --timeout 1200 --jobs-note
#
# Options:
#   --sizes "N ..."     source sentences per run (default "10000 100000 1000000")
#   --scorer S          classic | semantic | combined | default (default: default,
#                       i.e. no --scorer: combined up to 100k sentences when the
#                       model is there, classic above)
#   --timeout SECONDS   limit per alignment run (default 600); a run over it
#                       shows "timeout" in the table
#   --search S          exhaustive | fast | auto (default: auto, bitext's own)
#   --untranslated K    leave K source sentences mid-text without a
#                       translation (synth.py --untranslated; default 0)
#   --seed N            synth.py seed (default 1)
#   --cache DIR         where the synthetic corpora are kept between runs
#                       (default $TMPDIR/bitext-scale or /tmp/bitext-scale)
#   --no-build          use target/release/bitext as it is
#
# Needs python3 and GNU time (/usr/bin/time; installed with apt-get when
# missing and possible). Uses hyperfine for the start-up time when present
# (installed with apt-get when possible), else a loop of 20 runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="10000 100000 1000000"
scorer="default"
limit=600
seed=1
untranslated=0
search=""
cache="${TMPDIR:-/tmp}/bitext-scale"
build=1

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --scorer) scorer="$2"; shift 2 ;;
        --timeout) limit="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --untranslated) untranslated="$2"; shift 2 ;;
        --search) search="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "scale_table.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

need_gnu_time
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
command -v timeout >/dev/null 2>&1 || { say "needs timeout (coreutils)"; exit 1; }

cd "$root"
release_binary "$build"

scorer_args=()
if [ "$scorer" != default ]; then
    scorer_args=(--scorer "$scorer")
fi

mkdir -p "$cache"
work="$(mktemp -d "${TMPDIR:-/tmp}/bitext-scale-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Human-readable count: 10000 → 10k, 1000000 → 1M.
short() {
    local n="$1"
    if [ $((n % 1000000)) = 0 ]; then echo "$((n / 1000000))M"
    elif [ $((n % 1000)) = 0 ]; then echo "$((n / 1000))k"
    else echo "$n"; fi
}

rows=()
for n in $sizes; do
    dir="$cache/synth-$n-seed$seed"
    [ "$untranslated" = 0 ] || dir="$dir-untranslated$untranslated"
    if [ ! -s "$dir/gold.align" ] || ! grep -q '"max_drift"' "$dir/meta.json" 2>/dev/null; then
        say "making $(short "$n") synthetic sentences in $dir"
        python3 "$root/scripts/synth.py" --sentences "$n" --seed "$seed" \
            --untranslated "$untranslated" --out "$dir" --bitext "$bin"
    fi
    read -r src_n tgt_n drift < <(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["source_sentences"], m["target_sentences"], m["max_drift"])' "$dir/meta.json")
    out="$work/out-$n.beads"
    log="$work/time-$n.txt"
    say "aligning $(short "$n") ($src_n/$tgt_n sentences, limit ${limit}s)"
    set +e
    /usr/bin/time -v -o "$log" timeout --kill-after=10 "$limit" \
        "$bin" align --presplit -q ${scorer_args[@]+"${scorer_args[@]}"} \
        ${search:+--search "$search"} -f beads -o "$out" \
        "$dir/src.txt" "$dir/tgt.txt" 2>"$work/err-$n.txt"
    status=$?
    set -e
    wall="$(grep -F 'Elapsed (wall clock) time' "$log" | awk '{print $NF}')"
    rss_kb="$(grep -F 'Maximum resident set size' "$log" | awk '{print $NF}')"
    # h:mm:ss or m:ss.ss → seconds.
    seconds="$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')"
    rss="$(awk -v k="${rss_kb:-0}" 'BEGIN { printf (k >= 1048576 ? "%.2f GiB" : "%.0f MiB"), (k >= 1048576 ? k / 1048576 : k / 1024) }')"
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        rows+=("| $(short "$n") | $src_n / $tgt_n | $drift | timeout (>${limit} s) | $rss | – | – | – |")
        continue
    fi
    if [ "$status" != 0 ]; then
        say "run failed (exit $status): $(tail -n 3 "$work/err-$n.txt")"
        rows+=("| $(short "$n") | $src_n / $tgt_n | $drift | failed (exit $status) | $rss | – | – | – |")
        continue
    fi
    f1="$("$bin" eval "$dir/gold.align" "$out" --json | python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print("%.3f %.3f" % (t["f1_strict"], t["f1_lax"]))')"
    rate="$(awk -v n="$src_n" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
    rows+=("| $(short "$n") | $src_n / $tgt_n | $drift | $(printf '%.2f s' "$seconds") | $rss | $rate | ${f1% *} | ${f1#* } |")
done

# Start-up: one sentence a side; the dictionary (and, by default, the
# sentence-encoder model) load each time.
printf '一句话。\n' >"$work/one.zh"
printf 'One sentence.\n' >"$work/one.en"
startup() {
    local label="$1"
    shift
    local command=("$bin" align --presplit -q "$@" -f beads -o "$work/one.beads" "$work/one.zh" "$work/one.en")
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --warmup 2 --runs 20 --export-json "$work/startup.json" --style none \
            "$(printf '%q ' "${command[@]}")" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms ± %.1f (hyperfine, 20 runs)" % (r["mean"]*1e3, r["stddev"]*1e3))' "$work/startup.json"
    else
        "${command[@]}"
        local start end
        start="$(date +%s%N)"
        for _ in $(seq 20); do "${command[@]}"; done
        end="$(date +%s%N)"
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f ms (mean of 20 runs)\n", (b - a) / 20 / 1e6 }'
    fi
}

echo
echo "bitext $("$bin" --version | awk '{print $2}'), scorer: $scorer, search: ${search:-auto}, untranslated: $untranslated, $(nproc) cores, limit ${limit} s per run"
echo
echo "| sentences | source / target | gold drift | wall time | peak memory | source sent/s | strict F1 | lax F1 |"
echo "|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do echo "$row"; done
echo
echo "gold drift: the most target sentences the gold path strays from the length"
echo "diagonal (synth.py's max_drift); a search band narrower than it loses the path."
echo
echo "| process start (1-line pair) | time |"
echo "|---|---|"
echo "| default scorer (model loaded when present) | $(startup default) |"
echo "| --scorer classic (dictionary only) | $(startup classic --scorer classic) |"
