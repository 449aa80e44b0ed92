//! How much the sentence encoder (`bitext::embed`) tells translations apart,
//! measured on a development set in vecalign's layout, without touching the
//! aligner: for the design of a scorer that combines it with the others.
//!
//! ```sh
//! cargo run --release --example embed_probe [-- DATA_DIR]   # default ../shared/data/mac-dev
//! ```
//!
//! `DATA_DIR` holds `src/NNN` (Chinese, one sentence a line), `tgt/NNN`
//! (English) and `gold/NNN.align` (beads such as `[0, 1]:[0]`). It reports
//! load time and throughput, then the cosine of
//!
//! - gold 1-1 beads, against random Chinese–English pairs of the same
//!   document and against near misses (the gold partner's neighbours, the
//!   pairs an aligner actually confuses);
//! - gold many-to-one beads, the several sentences of a side embedded as one
//!   text (joined without a space on the Chinese side, with one on the
//!   English side), as the sum of their vectors, and the best single
//!   sentence of that side;
//!
//! with the separation of gold from random and from near misses (ROC AUC) and
//! how often the gold partner is the closest of all English sentences.

use bitext::embed::{Encoder, cosine};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Doc {
    name: String,
    zh: Vec<String>,
    en: Vec<String>,
    beads: Vec<(Vec<usize>, Vec<usize>)>,
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn parse_side(s: &str) -> Vec<usize> {
    s.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a sentence number"))
        .collect()
}

fn read_docs(dir: &Path) -> Vec<Doc> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("src"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("src").display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let beads = read_lines(&dir.join("gold").join(format!("{name}.align")))
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let mut parts = l.split(':');
                    let src = parse_side(parts.next().unwrap());
                    let tgt = parse_side(parts.next().expect("a bead has two sides"));
                    (src, tgt)
                })
                .collect();
            Doc {
                zh: read_lines(&dir.join("src").join(&name)),
                en: read_lines(&dir.join("tgt").join(&name)),
                name,
                beads,
            }
        })
        .collect()
}

/// A small deterministic generator (SplitMix64), so that runs agree.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

struct Stats {
    n: usize,
    mean: f32,
    sd: f32,
}

fn stats(v: &[f32]) -> Stats {
    let n = v.len();
    let mean = v.iter().sum::<f32>() / n.max(1) as f32;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n.max(1) as f32;
    Stats {
        n,
        mean,
        sd: var.sqrt(),
    }
}

/// Probability that a random positive scores above a random negative.
fn auc(pos: &[f32], neg: &[f32]) -> f64 {
    let mut neg = neg.to_vec();
    neg.sort_by(f32::total_cmp);
    let mut wins = 0f64;
    for &p in pos {
        let below = neg.partition_point(|&x| x < p);
        let equal = neg[below..].partition_point(|&x| x <= p);
        wins += below as f64 + 0.5 * equal as f64;
    }
    wins / (pos.len() as f64 * neg.len() as f64)
}

fn quantiles(v: &[f32]) -> String {
    let mut v = v.to_vec();
    v.sort_by(f32::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    format!("p10 {:.3}  p50 {:.3}  p90 {:.3}", q(0.1), q(0.5), q(0.9))
}

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mac-dev"),
        PathBuf::from,
    );
    let docs = read_docs(&dir);

    let t = Instant::now();
    let encoder = Encoder::load_default().unwrap_or_else(|e| panic!("{e}"));
    println!("model loaded in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);

    // Throughput on every sentence of the set, tokenizing and embedding apart.
    let all: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.zh.iter().chain(&d.en).map(String::as_str))
        .collect();
    let _ = encoder.embed_all(&all[..all.len().min(256)]); // warm up the pool
    // Best of three runs each: the machine may be shared.
    let best_of_3 = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let ids: Vec<Vec<u32>> = all.iter().map(|s| encoder.tokenize(s)).collect();
    let tokenize = best_of_3(&|| {
        let _: usize = all.iter().map(|s| encoder.tokenize(s).len()).sum();
    });
    let model = best_of_3(&|| {
        let _ = encoder.embed_ids(&ids);
    });
    let both = best_of_3(&|| {
        let _ = encoder.embed_all(&all);
    });
    let tokens: usize = ids.iter().map(Vec::len).sum();
    println!(
        "{} sentences, {:.1} tokens each (with <s> </s>), {} threads:",
        all.len(),
        tokens as f64 / all.len() as f64,
        rayon::current_num_threads()
    );
    println!(
        "  tokenize (1 thread) {:.1} ms ({:.0} sentences/s), model {:.1} ms ({:.0} sentences/s), \
         embed_all {:.1} ms ({:.0} sentences/s)",
        tokenize * 1e3,
        all.len() as f64 / tokenize,
        model * 1e3,
        all.len() as f64 / model,
        both * 1e3,
        all.len() as f64 / both
    );

    let mut gold = Vec::new();
    let mut random = Vec::new();
    let mut near = Vec::new();
    let mut top1 = 0usize;
    let mut multi_joined = Vec::new();
    let mut multi_best_single = Vec::new();
    let mut multi_summed = Vec::new();
    let mut rng = Rng(2024);
    for doc in &docs {
        let zh = encoder.embed_all(&doc.zh);
        let en = encoder.embed_all(&doc.en);
        let ones: Vec<(usize, usize)> = doc
            .beads
            .iter()
            .filter(|(s, t)| s.len() == 1 && t.len() == 1)
            .map(|(s, t)| (s[0], t[0]))
            .collect();
        let partner = |i: usize| ones.iter().find(|(s, _)| *s == i).map(|&(_, t)| t);
        for &(i, j) in &ones {
            let c = cosine(zh.row(i), en.row(j));
            gold.push(c);
            let best = (0..en.len())
                .max_by(|&a, &b| {
                    cosine(zh.row(i), en.row(a)).total_cmp(&cosine(zh.row(i), en.row(b)))
                })
                .unwrap();
            top1 += usize::from(best == j);
            for jj in [j.wrapping_sub(1), j + 1] {
                if jj < en.len() {
                    near.push(cosine(zh.row(i), en.row(jj)));
                }
            }
            // Five random pairs per gold bead, never a gold 1-1 pair.
            let mut drawn = 0;
            while drawn < 5 {
                let (a, b) = (rng.below(zh.len()), rng.below(en.len()));
                if partner(a) != Some(b) {
                    random.push(cosine(zh.row(a), en.row(b)));
                    drawn += 1;
                }
            }
        }
        // Many-to-one beads: the long side joined into one text.
        for (s, t) in &doc.beads {
            let (joined, single, many) = match (s.len(), t.len()) {
                (1, n) if n > 1 => {
                    let text: Vec<&str> = t.iter().map(|&j| doc.en[j].as_str()).collect();
                    (
                        text.join(" "),
                        zh.row(s[0]).to_vec(),
                        t.iter().map(|&j| en.row(j)).collect::<Vec<_>>(),
                    )
                }
                (n, 1) if n > 1 => {
                    let text: Vec<&str> = s.iter().map(|&i| doc.zh[i].as_str()).collect();
                    (
                        text.concat(),
                        en.row(t[0]).to_vec(),
                        s.iter().map(|&i| zh.row(i)).collect::<Vec<_>>(),
                    )
                }
                _ => continue,
            };
            let v = &encoder.embed(&[joined])[0];
            multi_joined.push(cosine(v, &single));
            let best = many
                .iter()
                .map(|m| cosine(m, &single))
                .fold(f32::MIN, f32::max);
            multi_best_single.push(best);
            let mut sum = vec![0f32; single.len()];
            for m in &many {
                for (s, v) in sum.iter_mut().zip(m.iter()) {
                    *s += v;
                }
            }
            multi_summed.push(cosine(&sum, &single));
        }
        println!(
            "  {}: {} zh, {} en sentences, {} beads ({} 1-1)",
            doc.name,
            doc.zh.len(),
            doc.en.len(),
            doc.beads.len(),
            ones.len()
        );
    }

    let show = |name: &str, v: &[f32]| {
        let s = stats(v);
        println!(
            "{name:<34} n {:>5}  mean {:.3}  sd {:.3}  {}",
            s.n,
            s.mean,
            s.sd,
            quantiles(v)
        );
    };
    println!("cosine of");
    show("  gold 1-1 beads", &gold);
    show("  random zh-en pairs", &random);
    show("  near misses (gold partner ±1)", &near);
    show("  many-to-1 beads, side joined", &multi_joined);
    show("  many-to-1 beads, vectors summed", &multi_summed);
    show("  many-to-1 beads, best single", &multi_best_single);
    println!(
        "AUC gold vs random {:.3}, gold vs near misses {:.3}",
        auc(&gold, &random),
        auc(&gold, &near)
    );
    println!(
        "gold partner is the closest English sentence of its document for {}/{} ({:.1}%)",
        top1,
        gold.len(),
        100.0 * top1 as f64 / gold.len() as f64
    );
}
