//! Fits the aligner's cost weights on a development set (mac-dev layout:
//! `src/NNN`, `tgt/NNN`, `gold/NNN.align`) by coordinate search on strict F1,
//! and prints the fitted weights and the score of each step.
//!
//! ```text
//! cargo run --release --example fit_weights -- ../shared/data/mac-dev [--eval-only]
//! ```

use bitext::align::{AlignOptions, align};
use bitext::eval::{Scores, score_documents};
use bitext::import::beads::read_beads;
use bitext::model::Lang;
use bitext::model::{Bead, Document};
use bitext::segment::{presplit, segment};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Doc {
    source: Document,
    target: Document,
    gold: Vec<Bead>,
}

fn load(dir: &Path) -> Vec<Doc> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir.join("src"))
        .expect("src/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let src = std::fs::read_to_string(p).unwrap();
            let tgt = std::fs::read_to_string(dir.join("tgt").join(&name)).unwrap();
            let gold = read_beads(&dir.join("gold").join(format!("{name}.align")))
                .unwrap()
                .beads;
            Doc {
                source: Document::new(name.clone(), "zh-CN", presplit(&src)),
                target: Document::new(name, "en-US", presplit(&tgt)),
                gold,
            }
        })
        .collect()
}

/// The shipped corpus with its gold, segmented by bitext itself.
fn load_corpus(dir: &Path) -> Doc {
    let zh = std::fs::read_to_string(dir.join("zh.txt")).unwrap();
    let en = std::fs::read_to_string(dir.join("en.txt")).unwrap();
    Doc {
        source: Document::new("zh.txt", "zh-CN", segment(&zh, Lang::Zh)),
        target: Document::new("en.txt", "en-US", segment(&en, Lang::En)),
        gold: read_beads(&dir.join("en.align")).unwrap().beads,
    }
}

fn evaluate(docs: &[Doc], options: &AlignOptions) -> (Scores, f64) {
    let start = Instant::now();
    let tests: Vec<Vec<Bead>> = docs
        .iter()
        .map(|d| align(&d.source, &d.target, options))
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let scores = score_documents(
        docs.iter()
            .zip(&tests)
            .map(|(d, t)| (d.gold.as_slice(), t.as_slice())),
    );
    (scores, secs)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .map(String::as_str)
            .unwrap_or("../shared/data/mac-dev"),
    );
    let docs = load(&dir);
    let options = AlignOptions::default();
    let corpus = vec![load_corpus(Path::new("corpus/altman-baai-2023"))];
    if args.iter().any(|a| a == "--dump") {
        dump(&corpus, &options);
    }
    let (c, _) = evaluate(&corpus, &options);
    println!(
        "corpus: strict P {:.4} R {:.4} F1 {:.4} | lax F1 {:.4}",
        c.precision_strict, c.recall_strict, c.f1_strict, c.f1_lax
    );
    let (scores, secs) = evaluate(&docs, &options);
    println!(
        "defaults: strict P {:.4} R {:.4} F1 {:.4} | lax F1 {:.4} | {secs:.2}s",
        scores.precision_strict, scores.recall_strict, scores.f1_strict, scores.f1_lax
    );
}
#[allow(dead_code)]
fn dump(docs: &[Doc], options: &AlignOptions) {
    let t = align(&docs[0].source, &docs[0].target, options);
    for b in t.iter() {
        println!("{:?}:{:?} {:.3}", b.source, b.target, b.score);
    }
}
