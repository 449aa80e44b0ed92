//! Alignment quality on the development set `../shared/data/mac-dev` (six
//! novel chapters with hand-made gold), when it is there: strict F1, lax F1
//! and calibration floors. Skips with a message on a clone without it.

use bitext::align::{AlignOptions, align};
use bitext::eval::{DEFAULT_BINS, calibrate, score_documents};
use bitext::import::beads::read_beads;
use bitext::lexicon::Dictionary;
use bitext::model::{Bead, Document};
use bitext::segment::presplit;
use std::path::Path;

#[test]
fn mac_dev_floors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mac-dev");
    if !dir.is_dir() {
        eprintln!("SKIPPED: ../shared/data/mac-dev not found");
        return;
    }
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
