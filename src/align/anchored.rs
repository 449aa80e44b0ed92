//! Aligning again around beads a reviewer fixed: the fixed beads stay as
//! they are, and each stretch of sentences between two of them is aligned
//! afresh as a document pair of its own, so the search never crosses a
//! fixed bead. `bitext align --anchors` and the review page's "re-align the
//! rest" both come here.

use crate::model::{Bead, Document, Status};
use std::ops::Range;

/// Why anchors cannot be used with a document pair.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnchorError {
    #[error("anchor {index}: {message}")]
    Bad { index: usize, message: String },
}

/// Re-aligns `beads` (covering both sides in order) around the beads for
/// which `fixed(k)` holds: each run of other beads is replaced by what
/// `align_gap` finds for the source and target sentences it covers (ids
/// relative to the ranges' starts). A new bead equal to an old one keeps
/// the old one's status, note and suspect flag.
pub fn around(
    beads: &[Bead],
    fixed: impl Fn(usize) -> bool,
    mut align_gap: impl FnMut(Range<usize>, Range<usize>) -> Vec<Bead>,
) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    let (mut i, mut j) = (0usize, 0usize);
    let mut k = 0;
    while k < beads.len() {
        if fixed(k) {
            let b = &beads[k];
            i += b.source.len();
            j += b.target.len();
            out.push(b.clone());
            k += 1;
            continue;
        }
        let start = k;
        let (i0, j0) = (i, j);
        while k < beads.len() && !fixed(k) {
            i += beads[k].source.len();
            j += beads[k].target.len();
            k += 1;
        }
        let old = &beads[start..k];
        let found = if i == i0 || j == j0 {
            // One side is empty: nothing to search.
            (i0..i)
                .map(|s| Bead::new(vec![s - i0], vec![], 0.0))
                .chain((j0..j).map(|t| Bead::new(vec![], vec![t - j0], 0.0)))
                .collect()
        } else {
            align_gap(i0..i, j0..j)
        };
        for mut b in found {
            b.source.iter_mut().for_each(|s| *s += i0);
            b.target.iter_mut().for_each(|t| *t += j0);
            if let Some(same) = old
                .iter()
                .find(|o| o.source == b.source && o.target == b.target)
            {
                b.status = same.status;
                b.note = same.note.clone();
                b.suspect = same.suspect;
            }
            out.push(b);
        }
    }
    out
}

/// The sentences `range` of `document` as a document of their own (ids
/// from 0; paragraphs, speakers and labels kept).
pub fn excerpt(document: &Document, range: Range<usize>) -> Document {
    let segments = document.segments[range]
        .iter()
        .enumerate()
        .map(|(id, s)| {
            let mut s = s.clone();
            s.id = id;
            s
        })
        .collect();
    Document::new(document.path.clone(), document.lang.clone(), segments)
}

/// Beads covering an `n` × `m` pair in which `anchors` (in order, not
/// overlapping, each with both sides) stand as approved beads and each
/// stretch between them is one bead to align again: what [`around`] takes
/// to align a pair around a reviewer's anchors.
pub fn skeleton(anchors: &[Bead], n: usize, m: usize) -> Result<Vec<Bead>, AnchorError> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    for (index, a) in anchors.iter().enumerate() {
        let bad = |message: String| AnchorError::Bad {
            index: index + 1,
            message,
        };
        let (Some(&s0), Some(&t0)) = (a.source.first(), a.target.first()) else {
            return Err(bad("an anchor needs sentences on both sides".into()));
        };
        let consecutive = |ids: &[usize]| ids.windows(2).all(|w| w[1] == w[0] + 1);
        if !consecutive(&a.source) || !consecutive(&a.target) {
            return Err(bad("its sentences are not consecutive".into()));
        }
        if s0 < i || t0 < j {
            return Err(bad(format!(
                "source {} / target {} overlaps or comes before the anchor before it",
                s0 + 1,
                t0 + 1
            )));
        }
        let (s1, t1) = (s0 + a.source.len(), t0 + a.target.len());
        if s1 > n || t1 > m {
            return Err(bad(format!(
                "source {s1} / target {t1} is past the documents' ends ({n} / {m} sentences)"
            )));
        }
        if s0 > i || t0 > j {
            out.push(Bead::new((i..s0).collect(), (j..t0).collect(), 0.0));
        }
        let mut anchor = a.clone();
        anchor.status = Status::Approved;
        out.push(anchor);
        (i, j) = (s1, t1);
    }
    if i < n || j < m {
        out.push(Bead::new((i..n).collect(), (j..m).collect(), 0.0));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check_coverage;

    #[test]
    fn fixed_beads_stay_and_gaps_are_aligned_alone() {
        let skeleton = skeleton(&[Bead::new(vec![3], vec![2, 3], 1.0)], 6, 5).unwrap();
        assert_eq!(skeleton.len(), 3);
        let mut gaps = Vec::new();
        let beads = around(
            &skeleton,
            |k| skeleton[k].status == Status::Approved,
            |s, t| {
                gaps.push((s.clone(), t.clone()));
                // One bead per source sentence, the targets on the last.
                let n = s.len();
                (0..n)
                    .map(|k| {
                        let target = if k + 1 == n {
                            (0..t.len()).collect()
                        } else {
                            vec![]
                        };
                        Bead::new(vec![k], target, 0.5)
                    })
                    .collect()
            },
        );
        assert_eq!(gaps, vec![(0..3, 0..2), (4..6, 4..5)]);
        check_coverage(&beads, 6, 5).unwrap();
        assert!(beads.iter().any(|b| b.source == [3] && b.target == [2, 3]));
    }

    #[test]
    fn anchors_out_of_order_or_past_the_end_are_refused() {
        let a = |s: usize, t: usize| Bead::new(vec![s], vec![t], 1.0);
        assert!(skeleton(&[a(3, 3), a(2, 4)], 6, 6).is_err());
        assert!(skeleton(&[a(6, 1)], 6, 6).is_err());
        assert!(skeleton(&[Bead::new(vec![1], vec![], 1.0)], 6, 6).is_err());
        let ok = skeleton(&[a(0, 0), a(5, 5)], 6, 6).unwrap();
        check_coverage(&ok, 6, 6).unwrap();
    }

    #[test]
    fn a_gap_with_one_side_empty_becomes_nulls() {
        let skeleton = skeleton(&[Bead::new(vec![2], vec![0], 1.0)], 3, 1).unwrap();
        let beads = around(&skeleton, |k| k == 1, |_, _| unreachable!());
        check_coverage(&beads, 3, 1).unwrap();
        assert_eq!(beads.len(), 3);
    }
}
