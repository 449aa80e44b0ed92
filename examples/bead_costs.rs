//! Where the combined scorer goes wrong on a development set (mac-dev
//! layout): each stretch where the aligner's beads differ from the gold is
//! costed both ways, term by term (prior, length, lexical, semantic,
//! anchors), to show which terms favour the wrong beads.
//!
//! ```text
//! cargo run --release --example bead_costs -- ../shared/data/mac-dev [-v]
//! ```

use bitext::align::{AlignOptions, ScorerKind, align_with, semantic_index};
use bitext::embed::Encoder;
use bitext::eval::dev_set::load_presplit_set;
use bitext::lexicon::Dictionary;
use bitext::score::{PairScorer, Weights};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

type Bead = (Vec<usize>, Vec<usize>);

/// Cost terms, each isolated by zeroing the other weights.
const TERMS: [&str; 5] = ["prior", "length", "lexical", "semantic", "anchors"];

fn only(w: &Weights, term: &str) -> Weights {
    let mut out = w.clone();
    let keep = |name: &str| match term {
        "prior" => name == "prior",
        "length" => name == "length" || name == "length_spread",
        "lexical" => name.starts_with("lexical"),
        "semantic" => name.starts_with("semantic"),
        _ => {
            !(name == "prior"
                || name.starts_with("length")
                || name.starts_with("lexical")
                || name.starts_with("semantic"))
        }
    };
    for (name, v) in out.params_mut() {
        if !keep(name)
            && !name.ends_with("_mean")
            && !name.ends_with("_size")
            && name != "length_spread"
        {
            *v = 0.0;
        }
    }
    out
}

fn cost(s: &PairScorer, b: &Bead) -> f64 {
    let i = b.0.first().copied().unwrap_or(0);
    let j = b.1.first().copied().unwrap_or(0);
    s.cost(i, b.0.len(), j, b.1.len())
}

/// Groups the beads of `gold` and `test` that differ into stretches that
/// cover the same sentences.
fn regions(gold: &BTreeSet<Bead>, test: &BTreeSet<Bead>) -> Vec<(Vec<Bead>, Vec<Bead>)> {
    let items: Vec<(bool, &Bead)> = gold
        .difference(test)
        .map(|b| (true, b))
        .chain(test.difference(gold).map(|b| (false, b)))
        .collect();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut x = x;
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut seen: HashMap<(bool, usize), usize> = HashMap::new();
    for (k, (_, b)) in items.iter().enumerate() {
        for key in
            b.0.iter()
                .map(|&s| (true, s))
                .chain(b.1.iter().map(|&t| (false, t)))
        {
            if let Some(&other) = seen.get(&key) {
                let (x, y) = (find(&mut parent, k), find(&mut parent, other));
                parent[x] = y;
            } else {
                seen.insert(key, k);
            }
        }
    }
    let mut groups: HashMap<usize, (Vec<Bead>, Vec<Bead>)> = HashMap::new();
    for (k, &(is_gold, b)) in items.iter().enumerate() {
        let root = find(&mut parent, k);
        let g = groups.entry(root).or_default();
        if is_gold {
            g.0.push(b.clone())
        } else {
            g.1.push(b.clone())
        }
    }
    let mut out: Vec<_> = groups.into_values().collect();
    out.sort();
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with('-'))
            .map_or("../shared/data/mac-dev", String::as_str),
    );
    let verbose = args.iter().any(|a| a == "-v");
    let options = AlignOptions::for_scorer(ScorerKind::Combined);
    let encoder = Encoder::load_default().expect("the sentence encoder");
    let set = load_presplit_set(&dir).unwrap_or_else(|e| panic!("{e}"));
    // Per term: sum of (gold − test) cost, and regions where it favours test.
    let mut delta = [0f64; 5];
    let mut against = [0usize; 5];
    let mut n_regions = 0;
    for document in &set {
        let (name, source, target) = (&document.name, &document.source, &document.target);
        let gold: BTreeSet<Bead> = document
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect();
        let index = semantic_index(&encoder, source, target, &options);
        let scorer_with = |w: Weights| {
            let mut s = PairScorer::new(source, target, Dictionary::builtin(), w);
            s.set_semantic(index.clone());
            s
        };
        let mut full = scorer_with(options.weights.clone());
        let test: BTreeSet<Bead> = align_with(&mut full, &options)
            .into_iter()
            .map(|b| (b.source, b.target))
            .collect();
        let parts: Vec<PairScorer> = TERMS
            .iter()
            .map(|t| scorer_with(only(&options.weights, t)))
            .collect();
        let contiguous = |b: &Bead| {
            b.0.windows(2)
                .chain(b.1.windows(2))
                .all(|w| w[1] == w[0] + 1)
        };
        for (g, t) in regions(&gold, &test) {
            // A gold bead with a gap has no cost of its own.
            if !g.iter().all(contiguous) {
                continue;
            }
            n_regions += 1;
            let mut line = String::new();
            for (k, s) in parts.iter().enumerate() {
                let d: f64 = g.iter().map(|b| cost(s, b)).sum::<f64>()
                    - t.iter().map(|b| cost(s, b)).sum::<f64>();
                delta[k] += d;
                against[k] += usize::from(d > 0.0);
                line += &format!(" {}={d:+.2}", TERMS[k]);
            }
            let total: f64 = g.iter().map(|b| cost(&full, b)).sum::<f64>()
                - t.iter().map(|b| cost(&full, b)).sum::<f64>();
            if verbose {
                println!("{name} gold {g:?} test {t:?}: total {total:+.2}{line}");
            }
        }
    }
    println!(
        "{n_regions} regions; per term: mean (gold − test) cost, regions where it favours the wrong beads"
    );
    for k in 0..5 {
        println!(
            "  {:<9} {:+.2}  {}",
            TERMS[k],
            delta[k] / n_regions as f64,
            against[k]
        );
    }
}
