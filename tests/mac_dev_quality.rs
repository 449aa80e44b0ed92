//! Alignment quality on the development set `../shared/data/mac-dev` (six
//! novel chapters with hand-made gold): strict F1, lax F1 and calibration
//! floors. Ignored by a plain `cargo test` (a clone has no
//! `../shared`): `cargo test --release -- --ignored` runs it.

mod common;

use bitext::align::{AlignOptions, align};
use bitext::eval::{DEFAULT_BINS, calibrate, score_documents};
use bitext::import::beads::read_beads;
use bitext::lexicon::Dictionary;
use bitext::model::{Bead, Document};
use bitext::segment::presplit;

#[test]
#[ignore = "needs ../shared/data/mac-dev; run with `cargo test --release -- --ignored`"]
fn mac_dev_floors() {
    let dir = common::shared_data("mac-dev");
    let mut golds = Vec::new();
    let mut tests = Vec::new();
    for name in ["001", "002", "003", "004", "005", "006"] {
        let src = std::fs::read_to_string(dir.join("src").join(name)).unwrap();
        let tgt = std::fs::read_to_string(dir.join("tgt").join(name)).unwrap();
        let source = Document::new(name, "zh-CN", presplit(&src));
        let target = Document::new(name, "en-US", presplit(&tgt));
        golds.push(
            read_beads(&dir.join("gold").join(format!("{name}.align")))
                .unwrap()
                .beads,
        );
        tests.push(align(
            &source,
            &target,
            Dictionary::builtin(),
            &AlignOptions::default(),
        ));
    }
    let pairs = || {
        golds
            .iter()
            .zip(&tests)
            .map(|(g, t): (&Vec<Bead>, &Vec<Bead>)| (g.as_slice(), t.as_slice()))
    };
    let scores = score_documents(pairs());
    eprintln!("mac-dev: {scores}");
    assert!(scores.f1_strict >= 0.85, "strict F1 {}", scores.f1_strict);
    assert!(scores.f1_lax >= 0.98, "lax F1 {}", scores.f1_lax);
    let calibration = calibrate(pairs(), DEFAULT_BINS);
    let share = calibration.confident_share.unwrap();
    assert!(share >= 0.9, "beads ≥ 0.9 right only {share}");
}

/// The beads of the search before it saw scoring only through a trait
/// (commit b0550ce, `bitext align --presplit -f beads`, scores cut off),
/// for each scorer: the search rewritten around the trait and the block
/// pass finds the same beads on mac-dev.
#[test]
#[ignore = "needs ../shared/data/mac-dev; run with `cargo test --release -- --ignored`"]
fn mac_dev_beads_are_those_of_the_search_before_the_trait() {
    use bitext::align::{ScorerKind, align_with_encoder};
    use bitext::embed::Encoder;

    let dir = common::shared_data("mac-dev");
    let encoder = Encoder::load_default().expect("the shipped sentence encoder");
    for (scorer, kind) in [
        ("classic", ScorerKind::Classic),
        ("combined", ScorerKind::Combined),
    ] {
        for name in ["001", "002", "003", "004", "005", "006"] {
            let src = std::fs::read_to_string(dir.join("src").join(name)).unwrap();
            let tgt = std::fs::read_to_string(dir.join("tgt").join(name)).unwrap();
            let source = Document::new(name, "zh-CN", presplit(&src));
            let target = Document::new(name, "en-US", presplit(&tgt));
            let beads = align_with_encoder(
                &source,
                &target,
                Dictionary::builtin(),
                Some(&encoder),
                &AlignOptions::for_scorer(kind),
            );
            assert_is_fixture(scorer, name, &beads);
        }
    }
}

/// The same fixtures through the front door: `Aligner` with each scorer
/// (as `bitext align --presplit --scorer …` builds it) finds the same beads.
#[test]
#[ignore = "needs ../shared/data/mac-dev; run with `cargo test --release -- --ignored`"]
fn mac_dev_beads_through_the_aligner_are_the_fixtures() {
    use bitext::align::ScorerKind;
    use bitext::{Aligner, Warning};

    let dir = common::shared_data("mac-dev");
    for (scorer, kind) in [
        ("classic", ScorerKind::Classic),
        ("combined", ScorerKind::Combined),
    ] {
        let aligner = Aligner::builder()
            .scorer(kind)
            .presplit(true)
            .build()
            .unwrap();
        for name in ["001", "002", "003", "004", "005", "006"] {
            let src = std::fs::read_to_string(dir.join("src").join(name)).unwrap();
            let tgt = std::fs::read_to_string(dir.join("tgt").join(name)).unwrap();
            let outcome = aligner.align_texts(name, &src, &tgt);
            assert_eq!(outcome.scorer, kind);
            let unexpected: Vec<&Warning> = outcome
                .warnings
                .iter()
                .filter(|w| !matches!(w, Warning::Suspect { .. }))
                .collect();
            assert!(unexpected.is_empty(), "{scorer} {name}: {unexpected:?}");
            assert_is_fixture(scorer, name, &outcome.alignment.beads);
        }
    }
}

/// Asserts that `beads` (scores left out) are chapter `name`'s beads with
/// `scorer` in `tests/fixtures/mac-dev-beads`.
fn assert_is_fixture(scorer: &str, name: &str, beads: &[Bead]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mac-dev-beads")
        .join(scorer)
        .join(format!("{name}.beads"));
    let before = std::fs::read_to_string(path).unwrap();
    let found = bitext::import::beads::format_beads(beads, false);
    assert_eq!(
        found.trim_end(),
        before.trim_end(),
        "{scorer}, chapter {name}"
    );
}
