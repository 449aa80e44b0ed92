//! Strict and lax precision, recall and F1 of test beads against gold, as
//! vecalign's `score.py` counts them, for one document or summed over
//! several.

use crate::model::Bead;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::AddAssign;

/// The four counters of vecalign's `_precision`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tp_strict: usize,
    pub fp_strict: usize,
    pub tp_lax: usize,
    pub fp_lax: usize,
}

impl Counts {
    /// Strict share: `tp_strict / (tp_strict + fp_strict)`, 0 when undefined.
    pub fn strict(&self) -> f64 {
        ratio(self.tp_strict, self.tp_strict + self.fp_strict)
    }

    /// Lax share: `tp_lax / (tp_lax + fp_lax)`, 0 when undefined.
    pub fn lax(&self) -> f64 {
        ratio(self.tp_lax, self.tp_lax + self.fp_lax)
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.tp_strict += other.tp_strict;
        self.fp_strict += other.fp_strict;
        self.tp_lax += other.tp_lax;
        self.fp_lax += other.fp_lax;
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

pub(super) type Key<'a> = (&'a [usize], &'a [usize]);

/// The distinct beads that are not empty on both sides.
pub(super) fn bead_set(beads: &[Bead]) -> HashSet<Key<'_>> {
    beads
        .iter()
        .filter(|b| !b.source.is_empty() || !b.target.is_empty())
        .map(|b| (b.source.as_slice(), b.target.as_slice()))
        .collect()
}

/// vecalign's `_precision(goldalign, testalign)`: how many test beads are
/// strict and lax hits against the gold.
pub fn precision_counts(gold: &[Bead], test: &[Bead]) -> Counts {
    let gold = bead_set(gold);
    let test = bead_set(test);
    let mut gold_targets: HashMap<usize, HashSet<usize>> = HashMap::new();
    for &(source, target) in &gold {
        for &s in source {
            gold_targets
                .entry(s)
                .or_default()
                .extend(target.iter().copied());
        }
    }
    let mut counts = Counts::default();
    for key in &test {
        if gold.contains(key) {
            counts.tp_strict += 1;
            counts.tp_lax += 1;
            continue;
        }
        let (source, target) = *key;
        counts.fp_strict += 1;
        let overlaps = source
            .iter()
            .filter_map(|s| gold_targets.get(s))
            .any(|targets| target.iter().any(|t| targets.contains(t)));
        if overlaps {
            counts.tp_lax += 1;
        } else {
            counts.fp_lax += 1;
        }
    }
    counts
}

/// vecalign's recall counts: [`precision_counts`] with gold and test swapped
/// and 1-0 / 0-1 beads removed from both.
pub fn recall_counts(gold: &[Bead], test: &[Bead]) -> Counts {
    let no_null =
        |beads: &[Bead]| -> Vec<Bead> { beads.iter().filter(|b| !b.is_null()).cloned().collect() };
    precision_counts(&no_null(test), &no_null(gold))
}

/// Precision, recall and F1, strict and lax, over one or more documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub precision_strict: f64,
    pub recall_strict: f64,
    pub f1_strict: f64,
    pub precision_lax: f64,
    pub recall_lax: f64,
    pub f1_lax: f64,
    /// Summed [`precision_counts`] of the documents.
    pub precision_counts: Counts,
    /// Summed [`recall_counts`] of the documents.
    pub recall_counts: Counts,
    /// How many documents were scored.
    pub documents: usize,
    /// Gold beads, all documents, as listed in the files.
    pub gold_beads: usize,
    /// Test beads, all documents, as listed in the files.
    pub test_beads: usize,
}

impl Scores {
    /// The figures from summed counts, as `score_multiple` derives them.
    pub fn from_counts(
        precision: Counts,
        recall: Counts,
        documents: usize,
        gold_beads: usize,
        test_beads: usize,
    ) -> Scores {
        let (ps, pl) = (precision.strict(), precision.lax());
        let (rs, rl) = (recall.strict(), recall.lax());
        Scores {
            precision_strict: ps,
            recall_strict: rs,
            f1_strict: f1(ps, rs),
            precision_lax: pl,
            recall_lax: rl,
            f1_lax: f1(pl, rl),
            precision_counts: precision,
            recall_counts: recall,
            documents,
            gold_beads,
            test_beads,
        }
    }
}

/// Scores one document's test beads against its gold beads.
pub fn score_document(gold: &[Bead], test: &[Bead]) -> Scores {
    score_documents([(gold, test)])
}

/// Scores many (gold, test) documents with counts summed over all of them
/// before dividing, like vecalign's `score_multiple`.
pub fn score_documents<'a, I>(documents: I) -> Scores
where
    I: IntoIterator<Item = (&'a [Bead], &'a [Bead])>,
{
    let (mut precision, mut recall) = (Counts::default(), Counts::default());
    let (mut n, mut gold_beads, mut test_beads) = (0, 0, 0);
    for (gold, test) in documents {
        precision += precision_counts(gold, test);
        recall += recall_counts(gold, test);
        n += 1;
        gold_beads += gold.len();
        test_beads += test.len();
    }
    Scores::from_counts(precision, recall, n, gold_beads, test_beads)
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "+-----------+--------+--------+")?;
        writeln!(f, "|           | Strict |   Lax  |")?;
        writeln!(f, "+-----------+--------+--------+")?;
        writeln!(
            f,
            "| Precision | {:>6.3} | {:>6.3} |",
            self.precision_strict, self.precision_lax
        )?;
        writeln!(
            f,
            "| Recall    | {:>6.3} | {:>6.3} |",
            self.recall_strict, self.recall_lax
        )?;
        writeln!(
            f,
            "| F1        | {:>6.3} | {:>6.3} |",
            self.f1_strict, self.f1_lax
        )?;
        writeln!(f, "+-----------+--------+--------+")?;
        let p = &self.precision_counts;
        let r = &self.recall_counts;
        writeln!(
            f,
            "{} document{}, {} gold beads, {} test beads",
            self.documents,
            if self.documents == 1 { "" } else { "s" },
            self.gold_beads,
            self.test_beads
        )?;
        writeln!(
            f,
            "precision counts: {} strict hits of {} ({} lax); recall counts: {} strict hits of {} ({} lax)",
            p.tp_strict,
            p.tp_strict + p.fp_strict,
            p.tp_lax,
            r.tp_strict,
            r.tp_strict + r.fp_strict,
            r.tp_lax
        )
    }
}

/// Confidence bins for the reliability table: `[0, 0.1)` … `[0.9, 1.0]`.
pub const DEFAULT_BINS: usize = 10;
