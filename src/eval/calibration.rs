//! The reliability table of bead confidences: confidence bins against the
//! share of exactly right beads in each, and the expected calibration error.

use super::scores::bead_set;
use crate::model::Bead;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The score from which a bead counts as confident.
pub const CONFIDENT: f64 = 0.9;

/// One confidence bin of a [`Calibration`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Lower edge (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive, except for the last bin).
    pub upper: f64,
    /// Test beads with a score in the bin.
    pub beads: usize,
    /// Of those, beads that are exactly in the gold (strict hits).
    pub exact: usize,
    /// `exact / beads`; `None` for an empty bin.
    pub exact_share: Option<f64>,
    /// Mean score of the bin's beads; `None` for an empty bin.
    pub mean_score: Option<f64>,
}

/// How well bead scores predict exact (strict) correctness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub bins: Vec<CalibrationBin>,
    /// Test beads considered (all except ones empty on both sides).
    pub beads: usize,
    /// Of those, exact matches of a gold bead.
    pub exact: usize,
    /// The confidence threshold of the next three fields ([`CONFIDENT`]).
    pub threshold: f64,
    /// Beads with a score ≥ `threshold`.
    pub confident_beads: usize,
    /// Of those, exact matches.
    pub confident_exact: usize,
    /// `confident_exact / confident_beads`; `None` when there are none.
    pub confident_share: Option<f64>,
    /// Expected calibration error: Σ over bins of (bin beads / beads) ×
    /// |exact share − mean score|; 0 with no beads.
    pub ece: f64,
}

/// The reliability table of test bead scores against the gold, over many
/// (gold, test) documents, with `bins` equal-width bins over [0, 1]. Scores
/// below 0 fall in the first bin and above 1 in the last.
pub fn calibrate<'a, I>(documents: I, bins: usize) -> Calibration
where
    I: IntoIterator<Item = (&'a [Bead], &'a [Bead])>,
{
    let n = bins.max(1);
    let edges: Vec<f64> = (1..n).map(|k| k as f64 / n as f64).collect();
    let mut count = vec![0usize; n];
    let mut exact = vec![0usize; n];
    let mut sum = vec![0f64; n];
    let (mut confident, mut confident_exact) = (0, 0);
    for (gold, test) in documents {
        let gold = bead_set(gold);
        for bead in test
            .iter()
            .filter(|b| !b.source.is_empty() || !b.target.is_empty())
        {
            let hit = gold.contains(&(bead.source.as_slice(), bead.target.as_slice()));
            let score = if bead.score.is_nan() { 0.0 } else { bead.score };
            let bin = edges.partition_point(|&edge| score >= edge);
            count[bin] += 1;
            exact[bin] += usize::from(hit);
            sum[bin] += score;
            if score >= CONFIDENT {
                confident += 1;
                confident_exact += usize::from(hit);
            }
        }
    }
    let total: usize = count.iter().sum();
    let mut ece = 0.0;
    let bins = (0..n)
        .map(|b| {
            let (share, mean) = if count[b] == 0 {
                (None, None)
            } else {
                let share = exact[b] as f64 / count[b] as f64;
                let mean = sum[b] / count[b] as f64;
                ece += count[b] as f64 / total as f64 * (share - mean).abs();
                (Some(share), Some(mean))
            };
            CalibrationBin {
                lower: b as f64 / n as f64,
                upper: (b + 1) as f64 / n as f64,
                beads: count[b],
                exact: exact[b],
                exact_share: share,
                mean_score: mean,
            }
        })
        .collect();
    Calibration {
        bins,
        beads: total,
        exact: exact.iter().sum(),
        threshold: CONFIDENT,
        confident_beads: confident,
        confident_exact,
        confident_share: (confident > 0).then(|| confident_exact as f64 / confident as f64),
        ece,
    }
}

fn opt(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "confidence    beads  exact  exact share  mean score")?;
        let last = self.bins.len().saturating_sub(1);
        for (k, bin) in self.bins.iter().enumerate() {
            let range = format!(
                "[{:.2}, {:.2}{}",
                bin.lower,
                bin.upper,
                if k == last { "]" } else { ")" }
            );
            writeln!(
                f,
                "{range:<12} {:>6} {:>6}  {:>11}  {:>10}",
                bin.beads,
                bin.exact,
                opt(bin.exact_share),
                opt(bin.mean_score)
            )?;
        }
        writeln!(
            f,
            "{:<12} {:>6} {:>6}  {:>11}",
            "all",
            self.beads,
            self.exact,
            opt((self.beads > 0).then(|| self.exact as f64 / self.beads as f64))
        )?;
        writeln!(
            f,
            "score >= {}: {} beads, exact share {}",
            self.threshold,
            self.confident_beads,
            opt(self.confident_share)
        )?;
        writeln!(f, "expected calibration error: {:.3}", self.ece)
    }
}
