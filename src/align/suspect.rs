//! Confidence that sees a lost path. Posteriors say how sure the model is
//! of a bead against its neighbours; they cannot say that the whole
//! neighbourhood is wrong. Where many beads in a row have evidence (lexical
//! and semantic agreement) near what unrelated sentences get, far below
//! the document's usual, the beads are marked suspect, their confidence
//! drops in proportion, and they go to review.

use crate::model::{Bead, Status};
use crate::score::PairScorer;
use crate::search::far_pairs;

/// Beads with both sides a stretch is judged over.
const WINDOW: usize = 12;

/// A window is suspect when its mean evidence lies below this share of the
/// way from unrelated pairs' evidence to the document's typical bead's.
const LEVEL: f64 = 0.35;

/// Marks the suspect beads of an alignment (see the module doc).
pub fn mark(scorer: &PairScorer, beads: &mut [Bead]) {
    let evidence: Vec<(usize, f64)> = beads
        .iter()
        .enumerate()
        .filter_map(|(k, b)| {
            let (i, a) = (*b.source.first()?, b.source.len());
            let (j, c) = (*b.target.first()?, b.target.len());
            scorer.evidence(i, a, j, c).map(|e| (k, e))
        })
        .collect();
    if evidence.len() < 2 * WINDOW {
        return;
    }
    let mut sorted: Vec<f64> = evidence.iter().map(|e| e.1).collect();
    sorted.sort_by(f64::total_cmp);
    let typical = sorted[sorted.len() / 2];
    let unrelated = unrelated_evidence(scorer);
    if typical - unrelated < 1.0 {
        // Evidence that does not tell right from unrelated tells nothing.
        return;
    }
    let factor = factors(&evidence, beads.len(), unrelated, typical);
    for (bead, f) in beads.iter_mut().zip(factor) {
        if f < 1.0 {
            bead.suspect = true;
            bead.score *= f;
            bead.status = Status::Review;
        }
    }
}

/// What each of `beads` beads' confidence is multiplied by: below 1 for
/// the suspect ones. `evidence` holds the beads with both sides (index,
/// evidence), in order; `unrelated` and `typical` are the evidence of
/// unrelated pairs and of the document's median bead.
fn factors(evidence: &[(usize, f64)], beads: usize, unrelated: f64, typical: f64) -> Vec<f64> {
    let threshold = unrelated + LEVEL * (typical - unrelated);
    let mut factor = vec![1.0f64; beads];
    for window in evidence.windows(WINDOW) {
        let mean = window.iter().map(|e| e.1).sum::<f64>() / WINDOW as f64;
        if mean >= threshold {
            continue;
        }
        let f = ((mean - unrelated) / (typical - unrelated)).clamp(0.05, 1.0);
        // Every bead from the window's first to its last, and the nulls
        // between them, unless they form a long run: a passage without
        // counterpart is judged by its own posteriors, not by the weak
        // beads at its edges.
        for pair in window.windows(2) {
            let (k, next) = (pair[0].0, pair[1].0);
            factor[k] = factor[k].min(f);
            if next - k - 1 < WINDOW {
                for x in &mut factor[k + 1..next] {
                    *x = x.min(f);
                }
            }
        }
        let last = window[WINDOW - 1].0;
        factor[last] = factor[last].min(f);
    }
    factor
}

/// The mean evidence of 1-1 pairs of unrelated sentences (far apart on the
/// length diagonal), sampled the same way on every run.
fn unrelated_evidence(scorer: &PairScorer) -> f64 {
    let (n, m) = scorer.dims();
    let found: Vec<f64> = far_pairs((n, m), 0x2545_F491_4F6C_DD1D, 400, 20.min(m / 4))
        .filter_map(|(i, j)| scorer.evidence(i, 1, j, 1))
        .collect();
    if found.is_empty() {
        0.0
    } else {
        found.iter().sum::<f64>() / found.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::{WINDOW, factors};
    use crate::align::{AlignOptions, align};
    use crate::lexicon::Dictionary;
    use crate::model::Document;

    fn doc(lang: &str, texts: &[String]) -> Document {
        Document::from_sentences(lang, lang, texts)
    }

    #[test]
    fn a_long_run_of_nulls_between_weak_beads_keeps_its_confidence() {
        // Beads 0..40 have both sides with typical evidence (10), except
        // beads 14..26 with unrelated evidence (0); between bead 20 and the
        // next, 50 nulls (an untranslated passage), and between 23 and the
        // next, 3 nulls.
        let mut evidence = Vec::new();
        let mut index = 0;
        for k in 0..40 {
            evidence.push((index, if (14..26).contains(&k) { 0.0 } else { 10.0 }));
            index += 1 + match k {
                20 => 50,
                23 => 3,
                _ => 0,
            };
        }
        let factor = factors(&evidence, index, 0.0, 10.0);
        let at = |k: usize| factor[evidence[k].0];
        assert!(at(17) < 0.5 && at(20) < 0.5 && at(21) < 0.5, "weak beads");
        assert!(at(0) == 1.0 && at(39) == 1.0, "typical beads");
        let passage = evidence[20].0 + 1..evidence[21].0;
        assert_eq!(passage.len(), 50);
        assert!(passage.into_iter().all(|x| factor[x] == 1.0), "the passage");
        let short = evidence[23].0 + 1..evidence[24].0;
        assert!(short.into_iter().all(|x| factor[x] < 0.5), "three nulls");
        const { assert!(WINDOW < 50) };
    }

    #[test]
    fn a_spliced_in_foreign_stretch_is_flagged_suspect() {
        // Target sentences 50..80 are spliced in from elsewhere.
        let (zh, en) = crate::align::fixtures::spliced();
        let beads = align(
            &doc("zh", &zh),
            &doc("en", &en),
            Dictionary::builtin(),
            &AlignOptions::default(),
        );
        let suspect = |k: usize| {
            beads
                .iter()
                .find(|b| b.source.contains(&k))
                .is_some_and(|b| b.suspect)
        };
        for k in 55..75 {
            assert!(suspect(k), "source {k} not suspect");
        }
        for k in (0..40).chain(90..120) {
            assert!(!suspect(k), "source {k} suspect");
        }
        let flagged = beads.iter().filter(|b| b.suspect);
        assert!(
            flagged
                .clone()
                .all(|b| b.status == crate::model::Status::Review)
        );
        assert!(flagged.clone().all(|b| b.score < 0.5), "confidence drops");
    }
}
