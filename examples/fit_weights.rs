//! Fits the aligner's cost weights on a development set (mac-dev layout:
//! `src/NNN`, `tgt/NNN`, `gold/NNN.align`) by coordinate search on strict F1,
//! and prints the fitted weights and the score of each step.
//!
//! ```text
//! cargo run --release --example fit_weights -- ../shared/data/mac-dev [--eval-only]
//! cargo run --release --example fit_weights -- ../shared/data/mac-dev --cross-validate [--set scorer=2]
//! ```

use bitext::align::{AlignOptions, ScorerKind, Search, align, align_with, semantic_index};
use bitext::embed::Encoder;
use bitext::eval::dev_set::{load_corpus_gold, load_presplit_set};
use bitext::eval::{Calibration, DEFAULT_BINS, Scores, calibrate, score_documents};
use bitext::import::beads::format_beads;
use bitext::lexicon::Dictionary;
use bitext::model::{Alignment, Bead, Document};
use bitext::score::PairScorer;
use bitext::score::semantic::SemanticIndex;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Doc {
    source: Document,
    target: Document,
    gold: Vec<Bead>,
    /// Span embeddings, computed once when `--scorer` asks for them.
    semantic: Option<SemanticIndex>,
}

/// The shape prior (−ln P(a-b) for a, b in 0..=8) the scorer uses instead
/// of mac-dev's when set: `--cross-validate` fits it on the training
/// chapters' gold.
static PRIOR: std::sync::Mutex<Option<Vec<Vec<f64>>>> = std::sync::Mutex::new(None);

/// Aligns one document with the options, reusing its span embeddings.
fn run(d: &Doc, options: &AlignOptions, dictionary: &Dictionary) -> Vec<Bead> {
    let mut weights = options.weights.clone();
    if options.scorer == ScorerKind::Semantic {
        weights.lexical = 0.0;
    }
    let mut scorer = PairScorer::new(&d.source, &d.target, dictionary, weights);
    if let Some(prior) = PRIOR.lock().unwrap().as_ref() {
        scorer.set_prior(|a, b| prior[a][b]);
    }
    if let (Some(index), ScorerKind::Semantic | ScorerKind::Combined) =
        (&d.semantic, options.scorer)
    {
        scorer.set_semantic(index.clone());
    }
    align_with(&mut scorer, options)
}

/// Embeds every document's sentences once.
fn embed(docs: &mut [Doc], options: &AlignOptions) {
    let encoder = Encoder::load_default().expect("the sentence encoder model");
    let start = Instant::now();
    let mut sentences = 0;
    for d in docs.iter_mut() {
        sentences += d.source.len() + d.target.len();
        d.semantic = Some(semantic_index(&encoder, &d.source, &d.target, options));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "embedded {sentences} sentences in {secs:.2}s ({:.0}/s)",
        sentences as f64 / secs
    );
}

impl From<Alignment> for Doc {
    fn from(a: Alignment) -> Doc {
        Doc {
            source: a.source,
            target: a.target,
            gold: a.beads,
            semantic: None,
        }
    }
}

/// mac-dev's documents with their gold.
fn load(dir: &Path) -> Vec<Doc> {
    let set = load_presplit_set(dir).unwrap_or_else(|e| panic!("{e}"));
    set.into_iter().map(Doc::from).collect()
}

/// The shipped corpus with its gold, segmented by bitext itself.
fn load_corpus(dir: &Path) -> Doc {
    load_corpus_gold(dir, "en")
        .unwrap_or_else(|e| panic!("{e}"))
        .into()
}

/// The reliability table of the confidences on a set of documents.
fn calibration(docs: &[Doc], options: &AlignOptions) -> Calibration {
    let tests: Vec<Vec<Bead>> = docs
        .iter()
        .map(|d| run(d, options, Dictionary::builtin()))
        .collect();
    calibrate(
        docs.iter()
            .zip(&tests)
            .map(|(d, t)| (d.gold.as_slice(), t.as_slice())),
        DEFAULT_BINS,
    )
}

/// The temperature that turns costs into the best-calibrated confidences
/// (lowest expected calibration error), searched on a grid.
fn fit_temperature(docs: &[Doc], options: &AlignOptions) -> AlignOptions {
    let mut best = options.clone();
    let mut best_ece = f64::INFINITY;
    for t in [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0] {
        let candidate = AlignOptions {
            temperature: t,
            ..options.clone()
        };
        let c = calibration(docs, &candidate);
        println!(
            "temperature {t:.2}: ECE {:.4}, beads ≥ 0.9 right {:.1}%",
            c.ece,
            100.0 * c.confident_share.unwrap_or(0.0)
        );
        if c.ece < best_ece {
            best_ece = c.ece;
            best = candidate;
        }
    }
    best
}

fn evaluate(docs: &[Doc], options: &AlignOptions) -> (Scores, f64) {
    evaluate_with(docs, options, Dictionary::builtin())
}

fn evaluate_with(docs: &[Doc], options: &AlignOptions, dictionary: &Dictionary) -> (Scores, f64) {
    let start = Instant::now();
    let tests: Vec<Vec<Bead>> = docs.iter().map(|d| run(d, options, dictionary)).collect();
    let secs = start.elapsed().as_secs_f64();
    let scores = score_documents(
        docs.iter()
            .zip(&tests)
            .map(|(d, t)| (d.gold.as_slice(), t.as_slice())),
    );
    (scores, secs)
}

/// Parameters that mac-dev (presplit, no paragraphs or speakers) can inform.
const FITTED: &[&str] = &[
    "prior",
    "length",
    "length_spread",
    "lexical",
    "lexical_mean",
    "lexical_size",
    "question",
    "ellipsis",
    "quote",
    "bracket",
];

fn get(options: &AlignOptions, name: &str) -> f64 {
    let mut w = options.weights.clone();
    w.params_mut()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
        .unwrap_or(0.0)
}

fn with(options: &AlignOptions, name: &str, value: f64) -> AlignOptions {
    let mut o = options.clone();
    for (n, v) in o.weights.params_mut() {
        if n == name {
            *v = value;
        }
    }
    o
}

/// Coordinate search on strict F1: each parameter scaled up and down, the
/// best kept, until a round brings nothing.
fn fit(docs: &[Doc], start: &AlignOptions, rounds: usize, verbose: bool) -> (AlignOptions, f64) {
    let mut best = start.clone();
    let mut best_f1 = evaluate(docs, &best).0.f1_strict;
    for round in 1..=rounds {
        let before = best_f1;
        let semantic: &[&str] = if start.scorer == ScorerKind::Classic {
            &[]
        } else {
            &["semantic", "semantic_mean", "semantic_size"]
        };
        for &name in FITTED.iter().chain(semantic) {
            let current = get(&best, name);
            // Scale a weight; a zero one is nudged instead.
            let values: Vec<f64> = if current == 0.0 {
                vec![-0.03, -0.01, 0.01, 0.03]
            } else {
                [0.5, 0.75, 0.9, 1.1, 1.33, 2.0]
                    .iter()
                    .map(|f| current * f)
                    .collect()
            };
            for value in values {
                let candidate = with(&best, name, value);
                let f1 = evaluate(docs, &candidate).0.f1_strict;
                if f1 > best_f1 + 1e-9 {
                    best_f1 = f1;
                    best = candidate;
                    if verbose {
                        println!(
                            "round {round}: {name} = {:.3} → strict F1 {f1:.4}",
                            get(&best, name)
                        );
                    }
                }
            }
        }
        if best_f1 <= before + 1e-9 {
            break;
        }
    }
    (best, best_f1)
}

fn report(label: &str, docs: &[Doc], options: &AlignOptions) {
    report_with(label, docs, options, Dictionary::builtin());
}

fn report_with(label: &str, docs: &[Doc], options: &AlignOptions, dictionary: &Dictionary) {
    let (s, secs) = evaluate_with(docs, options, dictionary);
    println!(
        "{label:<28} strict P {:.4} R {:.4} F1 {:.4} | lax P {:.4} R {:.4} F1 {:.4} | {secs:.2}s",
        s.precision_strict, s.recall_strict, s.f1_strict, s.precision_lax, s.recall_lax, s.f1_lax
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .map(String::as_str)
            .unwrap_or("../shared/data/mac-dev"),
    );
    let mut docs = load(&dir);
    let mut corpus = vec![load_corpus(Path::new("corpus/altman-baai-2023"))];
    let mut defaults = AlignOptions::default();
    // `--set name=value` overrides a weight (for exploring).
    for pair in args.windows(2).filter(|w| w[0] == "--set") {
        let (name, value) = pair[1].split_once('=').expect("--set name=value");
        let value: f64 = value.parse().expect("a number");
        match name {
            "max_total" => defaults.max_total = value as usize,
            "max_side" => defaults.max_side = value as usize,
            "learn_rounds" => defaults.learn_rounds = value as usize,
            "learn_strength" => defaults.learn_strength = value,
            "band" => defaults.band = value as usize,
            "temperature" => defaults.temperature = value,
            "encoded_spans" => defaults.encoded_spans = value as usize,
            "corridor" => defaults.corridor = value as usize,
            "window" => defaults.window = value as usize,
            // 0 exhaustive, 1 fast (coarse to fine), 2 auto.
            "search" => {
                defaults.search = match value as u8 {
                    0 => Search::Exhaustive,
                    1 => Search::Fast,
                    _ => Search::Auto,
                }
            }
            "scorer" => {
                defaults = AlignOptions::for_scorer(match value as u8 {
                    0 => ScorerKind::Classic,
                    1 => ScorerKind::Semantic,
                    _ => ScorerKind::Combined,
                })
            }
            _ => defaults = with(&defaults, name, value),
        }
    }
    if defaults.scorer != ScorerKind::Classic {
        embed(&mut docs, &defaults);
        embed(&mut corpus, &defaults);
    }
    if args.iter().any(|a| a == "--dump") {
        dump(&corpus, &defaults);
    }
    report("mac-dev, defaults", &docs, &defaults);
    report("corpus, defaults", &corpus, &defaults);
    if let Some(k) = args.iter().position(|a| a == "--write") {
        // Writes each document's beads, for a closer look with `bitext eval`.
        let out = PathBuf::from(&args[k + 1]);
        std::fs::create_dir_all(&out).unwrap();
        for d in &docs {
            let beads = run(d, &defaults, Dictionary::builtin());
            std::fs::write(
                out.join(format!("{}.beads", d.source.path)),
                format_beads(&beads, true),
            )
            .unwrap();
        }
    }
    if args.iter().any(|a| a == "--eval-only") {
        if args.iter().any(|a| a == "--calibration") {
            println!("{}", calibration(&docs, &defaults));
        }
        return;
    }
    if args.iter().any(|a| a == "--ablation") {
        ablation(&docs, &corpus, &defaults);
        return;
    }
    if args.iter().any(|a| a == "--temperature") {
        fit_temperature(&docs, &defaults);
        return;
    }
    if args.iter().any(|a| a == "--cross-validate") {
        cross_validate(&docs, &defaults);
        return;
    }
    // Honesty check: fit on one half, score the other.
    let (a, b) = docs.split_at(docs.len() / 2);
    let (fa, _) = fit(a, &defaults, 3, false);
    let (fb, _) = fit(b, &defaults, 3, false);
    report("held-out half 2 (fit on 1)", b, &fa);
    report("held-out half 1 (fit on 2)", a, &fb);

    let (fitted, _) = fit(&docs, &defaults, 8, true);
    let fitted = fit_temperature(&docs, &fitted);
    println!("\n{}", calibration(&docs, &fitted));
    println!("temperature: {:.2}", fitted.temperature);
    report("mac-dev, fitted", &docs, &fitted);
    report("corpus, fitted", &corpus, &fitted);
    println!("\nfitted weights:");
    let mut w = fitted.weights.clone();
    for (name, value) in w.params_mut() {
        println!("    {name}: {:.3},", *value);
    }
}

/// The shape prior of `docs`' gold beads: −ln of each shape's share, add-½
/// smoothed over the shapes of up to 4 sentences a side (so that a shape
/// three chapters lack is not ruled out), and mac-dev's floor (0.0008) for
/// larger ones.
fn gold_prior(docs: &[Doc]) -> Vec<Vec<f64>> {
    let mut counts = vec![vec![0.0f64; 9]; 9];
    for b in docs.iter().flat_map(|d| &d.gold) {
        let (a, c) = (b.source.len().min(8), b.target.len().min(8));
        counts[a][c] += 1.0;
    }
    let small = |a: usize, b: usize| a <= 4 && b <= 4 && a + b > 0;
    for (a, row) in counts.iter_mut().enumerate() {
        for (b, c) in row.iter_mut().enumerate() {
            if small(a, b) {
                *c += 0.5;
            }
        }
    }
    let total: f64 = counts.iter().flatten().sum();
    counts
        .iter()
        .map(|row| row.iter().map(|&c| -(c / total).max(0.0008).ln()).collect())
        .collect()
}

/// Cross-validation: the shape prior (from the gold) and the weights
/// (coordinate search) fitted on the first three chapters and scored on the
/// other three, and the other way round, beside the shipped defaults
/// (fitted on all six) on the same chapters.
fn cross_validate(docs: &[Doc], defaults: &AlignOptions) {
    let half = docs.len() / 2;
    let halves = [
        (&docs[..half], &docs[half..]),
        (&docs[half..], &docs[..half]),
    ];
    let names = |d: &[Doc]| {
        d.iter()
            .map(|d| d.source.path.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut shipped: Vec<Vec<Bead>> = Vec::new();
    let mut held_out: Vec<Vec<Bead>> = Vec::new();
    let mut golds: Vec<&[Bead]> = Vec::new();
    for (train, test) in halves {
        *PRIOR.lock().unwrap() = None;
        report(&format!("shipped on {}", names(test)), test, defaults);
        shipped.extend(test.iter().map(|d| run(d, defaults, Dictionary::builtin())));
        *PRIOR.lock().unwrap() = Some(gold_prior(train));
        let (fitted, train_f1) = fit(train, defaults, 3, false);
        println!("fitted on {} (strict F1 there {train_f1:.4})", names(train));
        report(&format!("held out {}", names(test)), test, &fitted);
        held_out.extend(test.iter().map(|d| run(d, &fitted, Dictionary::builtin())));
        golds.extend(test.iter().map(|d| d.gold.as_slice()));
    }
    *PRIOR.lock().unwrap() = None;
    let total = |tests: &[Vec<Bead>]| {
        score_documents(golds.iter().zip(tests).map(|(g, t)| (*g, t.as_slice())))
    };
    let (s, c) = (total(&shipped), total(&held_out));
    println!("\n| mac-dev (6 chapters) | strict F1 | lax F1 |");
    println!("|---|---|---|");
    println!(
        "| shipped defaults (fitted on all six) | {:.3} | {:.3} |",
        s.f1_strict, s.f1_lax
    );
    println!(
        "| cross-validated (each half fitted on the other) | {:.3} | {:.3} |",
        c.f1_strict, c.f1_lax
    );
}

/// The same documents with source and target swapped (English → Chinese).
fn reversed(docs: &[Doc]) -> Vec<Doc> {
    docs.iter()
        .map(|d| Doc {
            source: d.target.clone(),
            target: d.source.clone(),
            gold: d
                .gold
                .iter()
                .map(|b| Bead::new(b.target.clone(), b.source.clone(), b.score))
                .collect(),
            semantic: None,
        })
        .collect()
}

/// One row per step of the design: what each part adds.
fn ablation(docs: &[Doc], corpus: &[Doc], fitted: &AlignOptions) {
    let empty = Dictionary::empty();
    let builtin = Dictionary::builtin();
    // Hand-set starting weights, before any fitting.
    let mut start = AlignOptions::default();
    for (name, value) in [
        ("prior", 1.0),
        ("length", 1.0),
        ("lexical", 6.0),
        ("lexical_mean", 0.5),
        ("lexical_size", 0.0),
        ("question", 1.5),
    ] {
        start = with(&start, name, value);
    }
    let narrow = AlignOptions {
        max_side: 2,
        max_total: 4,
        ..start.clone()
    };
    let mut length_only = with(&narrow, "lexical", 0.0);
    for name in [
        "question",
        "ellipsis",
        "quote",
        "bracket",
        "paragraph",
        "inner_paragraph",
        "turn",
        "inner_turn",
        "heading",
    ] {
        length_only = with(&length_only, name, 0.0);
    }
    let steps: [(&str, &AlignOptions, &Dictionary); 5] = [
        ("length only (beads ≤ 2-2)", &length_only, &empty),
        ("+ anchors", &narrow, &empty),
        ("+ dictionary", &narrow, builtin),
        ("+ wide beads (≤ 6 a side)", &start, builtin),
        ("+ fitted weights", fitted, builtin),
    ];
    for (label, options, dictionary) in steps {
        report_with(&format!("mac-dev {label}"), docs, options, dictionary);
        report_with(&format!("corpus  {label}"), corpus, options, dictionary);
    }
    report("mac-dev en→zh, fitted", &reversed(docs), fitted);
    report("corpus  en→zh, fitted", &reversed(corpus), fitted);
    println!("\n{}", calibration(docs, fitted));
}

#[allow(dead_code)]
fn dump(docs: &[Doc], options: &AlignOptions) {
    let t = align(
        &docs[0].source,
        &docs[0].target,
        Dictionary::builtin(),
        options,
    );
    for b in t.iter() {
        println!("{:?}:{:?} {:.3}", b.source, b.target, b.score);
    }
}
