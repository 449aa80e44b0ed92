//! Boundary precision, recall and F1 of the sentence splitter, per
//! language, on the labelled set in `tests/fixtures/segmentation/` (its
//! README gives the format) and, when a mac-dev folder is given, on
//! mac-dev's one-sentence-per-line files joined into running text and cut
//! again.
//!
//! ```text
//! cargo run --release --example segment_table [-- ../shared/data/mac-dev] [-v]
//! ```
//!
//! A boundary is the number of non-space characters before a cut inside a
//! text (the end of the text is not counted). Every text is one paragraph
//! given to `segment::split_sentences`, so that the figures are the
//! sentence rules' alone. `-v` prints every case cut wrongly.
//!
//! `tests/segmentation.rs` includes this file to assert the floors.

// Parts of this file are used by the example, parts by the test.
#![allow(dead_code)]

use bitext::model::Lang;
use bitext::segment::split_sentences;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Boundary counts: true positives, cuts made, cuts in the gold.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub hit: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.hit, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.hit, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.hit += other.hit;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Inner boundaries of a list of sentences, in non-space characters.
pub fn boundaries<S: AsRef<str>>(sentences: &[S]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut at = 0usize;
    for s in sentences {
        at += s.as_ref().chars().filter(|c| !c.is_whitespace()).count();
        out.insert(at);
    }
    out.remove(&at);
    out
}

/// Scores the splitter on one text whose correct sentences are `gold`
/// (joined with `glue` to make the text).
pub fn score_case(gold: &[&str], glue: &str, lang: Lang) -> (Counts, Vec<String>) {
    let text = gold.join(glue);
    let predicted = split_sentences(&text, lang);
    let (g, p) = (boundaries(gold), boundaries(&predicted));
    let counts = Counts {
        hit: g.intersection(&p).count(),
        predicted: p.len(),
        gold: g.len(),
    };
    (counts, predicted)
}

/// One labelled case: its line number and its sentences.
pub struct Case {
    pub line: usize,
    pub sentences: Vec<String>,
}

/// Reads a labelled file: one case per line, sentences separated by `‖`,
/// `#` comments and blank lines skipped.
pub fn read_cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(k, l)| Case {
            line: k + 1,
            sentences: l.split('‖').map(|s| s.trim().to_string()).collect(),
        })
        .collect()
}

/// The glue between sentences of a language's running text.
pub fn glue(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "" } else { " " }
}

/// Scores a labelled file; with `verbose`, prints the cases cut wrongly.
pub fn score_file(path: &Path, lang: Lang, verbose: bool) -> (Counts, usize) {
    let mut total = Counts::default();
    let cases = read_cases(path);
    for case in &cases {
        let gold: Vec<&str> = case.sentences.iter().map(String::as_str).collect();
        let (counts, predicted) = score_case(&gold, glue(lang), lang);
        if verbose && (counts.hit != counts.gold || counts.hit != counts.predicted) {
            println!(
                "{}:{}: gold {}\n    got  {}",
                path.display(),
                case.line,
                gold.join(" ‖ "),
                predicted.join(" ‖ ")
            );
        }
        total.add(counts);
    }
    (total, cases.len())
}

/// mac-dev's files (`src/*` Chinese, `tgt/*` English), each joined into
/// running text and cut again.
pub fn score_mac_dev(dir: &Path, side: &str, lang: Lang, verbose: bool) -> (Counts, usize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(side))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(side).display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut total = Counts::default();
    let mut lines = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let gold: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        lines += gold.len();
        let (counts, predicted) = score_case(&gold, glue(lang), lang);
        if verbose {
            report_differences(file, &gold, &predicted);
        }
        total.add(counts);
    }
    (total, lines)
}

fn report_differences(file: &Path, gold: &[&str], predicted: &[String]) {
    let (g, p) = (boundaries(gold), boundaries(predicted));
    let joined: Vec<char> = gold
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let show = |at: usize| {
        let a = at.saturating_sub(25);
        let b = (at + 25).min(joined.len());
        format!(
            "{}⟂{}",
            joined[a..at].iter().collect::<String>(),
            joined[at..b].iter().collect::<String>()
        )
    };
    for at in g.difference(&p) {
        println!("{}: missed  {}", file.display(), show(*at));
    }
    for at in p.difference(&g) {
        println!("{}: extra   {}", file.display(), show(*at));
    }
}

fn row(name: &str, items: usize, c: Counts) {
    println!(
        "| {name:<22} | {items:>5} | {:>5} | {:>5} | {:>5} | {:.4} | {:.4} | {:.4} |",
        c.gold,
        c.predicted,
        c.hit,
        c.precision(),
        c.recall(),
        c.f1()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let mac_dev = args.iter().find(|a| *a != "-v").map(PathBuf::from);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/segmentation");
    println!(
        "| set                    | cases |  gold |   cut |   hit | precision | recall | F1 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (file, lang) in [("zh.txt", Lang::Zh), ("en.txt", Lang::En)] {
        let (c, n) = score_file(&fixtures.join(file), lang, verbose);
        row(&format!("labelled {file}"), n, c);
    }
    if let Some(dir) = mac_dev {
        for (side, lang) in [("src", Lang::Zh), ("tgt", Lang::En)] {
            let (c, n) = score_mac_dev(&dir, side, lang, verbose);
            row(&format!("mac-dev joined {side}"), n, c);
        }
    }
}
