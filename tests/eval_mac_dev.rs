//! Scores the MAC-Dev gold alignments against themselves: every figure must
//! be 1.0, and the gold must cover each document's sentences exactly once
//! (not always in order: 002 and 006 have a few crossing beads, such as
//! `[71, 73]:[117, 118, 119, 120]` then `[72]:[]`, so the gold does not pass
//! `check_coverage`, which demands order).
//! The data lives beside the project (`../shared/data/mac-dev`), not in a
//! clone, so these tests are ignored by a plain `cargo test`:
//! `cargo test --release -- --ignored` runs them.

mod common;

use bitext::eval::{evaluate_paths, pair_paths};
use bitext::import::beads::read_beads;
use std::path::Path;

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .count()
}

#[test]
#[ignore = "needs ../shared/data/mac-dev; run with `cargo test --release -- --ignored`"]
fn gold_scored_against_itself_is_perfect() {
    let dir = common::shared_data("mac-dev");
    let gold = dir.join("gold");
    let evaluation = evaluate_paths(&gold, &gold).expect("gold reads");
    println!("{evaluation}\n{}", evaluation.breakdown());
    let total = &evaluation.total;
    assert_eq!(total.documents, 6);
    assert!(total.gold_beads > 1000, "{}", total.gold_beads);
    assert_eq!(total.gold_beads, total.test_beads);
    for value in [
        total.precision_strict,
        total.recall_strict,
        total.f1_strict,
        total.precision_lax,
        total.recall_lax,
        total.f1_lax,
    ] {
        assert_eq!(value, 1.0);
    }
    assert!(evaluation.calibration.is_none(), "gold has no scores");
    for doc in &evaluation.documents {
        assert_eq!(doc.scores.f1_strict, 1.0, "{}", doc.name);
    }
}

#[test]
#[ignore = "needs ../shared/data/mac-dev; run with `cargo test --release -- --ignored`"]
fn gold_covers_the_sentences() {
    let dir = common::shared_data("mac-dev");
    let gold = dir.join("gold");
    let pairs = pair_paths(&gold, &gold).expect("gold pairs with itself");
    let mut sentences = (0, 0);
    for pair in pairs {
        let beads = read_beads(&pair.gold).expect("gold reads").beads;
        let n_source = lines(&dir.join("src").join(&pair.name));
        let n_target = lines(&dir.join("tgt").join(&pair.name));
        for (side, n, ids) in [
            (
                "source",
                n_source,
                beads
                    .iter()
                    .flat_map(|b| b.source.iter())
                    .copied()
                    .collect::<Vec<_>>(),
            ),
            (
                "target",
                n_target,
                beads
                    .iter()
                    .flat_map(|b| b.target.iter())
                    .copied()
                    .collect(),
            ),
        ] {
            let mut sorted = ids;
            sorted.sort_unstable();
            assert!(
                sorted.iter().copied().eq(0..n),
                "{}: {side} ids are not 0..{n} once each",
                pair.name
            );
        }
        sentences.0 += n_source;
        sentences.1 += n_target;
    }
    // As the data's README states.
    assert_eq!(sentences, (1444, 1947));
}
