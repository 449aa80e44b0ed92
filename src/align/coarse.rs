//! The coarse pass of the fast search: a Viterbi search over the five
//! cheap shapes (1-1, 1-0, 0-1, 1-2, 2-1) in a band that follows the path
//! instead of the length diagonal. After each source row the band recentres
//! on that row's best cell, so it tracks any drift in O(n · width) time and
//! memory (one byte of back-pointer per cell). A jump of more than about
//! the band's half-width in one place (a long untranslated passage) can
//! lose the path; the exact searches after it widen their band until they
//! find it again (up to about 150 sentences left out in one place).

use crate::score::PairScorer;

/// The shapes of the coarse pass.
const SHAPES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// Credit per target sentence consumed when the band picks a row's best
/// cell: a path that lags behind has put off beads it must still pay for,
/// so raw costs favour lagging cells. (Subtracting it from every bead in
/// proportion to its target sentences would not change the best complete
/// path, only which cell of a row looks best.)
const CONSUME: f64 = 3.0;

/// Pair masks of one source sentence against a run of target sentences.
#[derive(Default, Clone)]
struct MaskRow {
    source: usize,
    start: usize,
    masks: Vec<(u64, u64)>,
}

impl MaskRow {
    fn fill(&mut self, scorer: &PairScorer, source: usize, start: usize, end: usize) {
        self.source = source;
        self.start = start;
        self.masks.clear();
        if scorer.uses_lexical() {
            self.masks
                .extend((start..end).map(|t| scorer.pair_masks(source, t)));
        }
    }

    fn get(&self, t: usize) -> Option<(u64, u64)> {
        t.checked_sub(self.start)
            .and_then(|k| self.masks.get(k))
            .copied()
    }
}

/// Rows between checks for a settled start of the path.
const SETTLE_EVERY: usize = 256;

/// The coarse best path as (i, a, j, b) beads, covering both documents in
/// order; the band is `2 * half_width + 1` target sentences wide.
pub(crate) fn path(scorer: &PairScorer, half_width: usize) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    path_by_parts(scorer, half_width, |beads| out.extend_from_slice(beads));
    out
}

/// [`path`] handed to `emit` in parts, in order, each as soon as it is
/// settled: once the best paths to every live cell of the last two rows
/// (one of which any longer path passes) run through one cell, the path up
/// to that cell is the final one's.
pub(crate) fn path_by_parts(
    scorer: &PairScorer,
    half_width: usize,
    mut emit: impl FnMut(&[(usize, usize, usize, usize)]),
) {
    let (n, m) = scorer.dims();
    let w = half_width.max(2);
    let slope = if n > 0 { m as f64 / n as f64 } else { 1.0 };
    // How far the band may move in one row: faster than the path can go on
    // average, slow enough that one stray best cell does not lose it.
    let max_step = (2.0 * slope).ceil() as usize + 2;
    let mut lo = Vec::with_capacity(n + 1);
    let mut offset = Vec::with_capacity(n + 2);
    let mut back: Vec<u8> = Vec::with_capacity((n + 1) * (2 * w + 1));
    // Best costs of the last three rows (row i at i % 3) and their `lo`.
    let mut best: [Vec<f64>; 3] = Default::default();
    let mut best_lo = [0usize; 3];
    // Masks of source sentences i - 1 and i - 2 (at (i - 1) % 2).
    let mut masks: [MaskRow; 2] = Default::default();
    // A null bead's cost depends on its one sentence only: computed once.
    let source_null: Vec<f64> = (0..n).map(|i| scorer.cost(i, 1, 0, 0)).collect();
    let target_null: Vec<f64> = (0..m).map(|j| scorer.cost(0, 0, j, 1)).collect();
    let (mut row_lo, mut row_hi) = (0usize, w.min(m));
    // The end of the settled part of the path.
    let mut settled = (0usize, 0usize);
    let mut part = Vec::new();
    for i in 0..=n {
        if i == n {
            row_hi = m;
        }
        offset.push(back.len());
        lo.push(row_lo);
        if i > 0 {
            masks[(i - 1) % 2].fill(scorer, i - 1, row_lo.saturating_sub(2), row_hi);
        }
        let lookup = |s: usize, t: usize| {
            let row = &masks[s % 2];
            if row.source == s {
                row.get(t).unwrap_or_else(|| scorer.pair_masks(s, t))
            } else {
                scorer.pair_masks(s, t)
            }
        };
        let cur = i % 3;
        let mut row = std::mem::take(&mut best[cur]);
        row.clear();
        row.resize(row_hi - row_lo + 1, f64::INFINITY);
        for j in row_lo..=row_hi {
            let x = j - row_lo;
            let mut here = if (i, j) == (0, 0) { 0.0 } else { f64::INFINITY };
            let mut arg = u8::MAX;
            for (k, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let prev = if a == 0 {
                    // Same row, already computed.
                    x.checked_sub(b).map(|y| row[y])
                } else {
                    let (p, plo) = (&best[(i - a) % 3], best_lo[(i - a) % 3]);
                    (j - b).checked_sub(plo).and_then(|y| p.get(y).copied())
                };
                let Some(prev) = prev.filter(|p| p.is_finite()) else {
                    continue;
                };
                let c = match (a, b) {
                    (1, 0) => source_null[i - 1],
                    (0, 1) => target_null[j - 1],
                    _ => scorer.cost_within(i - a, a, j - b, b, super::fast::PRUNE, lookup),
                };
                if prev + c < here {
                    here = prev + c;
                    arg = k as u8;
                }
            }
            row[x] = here;
            back.push(arg);
        }
        // Recentre the next row's band on this row's best cell (with the
        // credit for targets consumed).
        let best_j = row
            .iter()
            .enumerate()
            .map(|(x, c)| (x, c - CONSUME * x as f64))
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .map_or(row_lo, |(x, _)| row_lo + x);
        let target = (best_j as f64 + slope).round() as usize;
        let next_lo = target
            .saturating_sub(w)
            .clamp(row_lo, row_lo + max_step)
            .min(row_hi);
        row_hi = row_hi.max(next_lo + 2 * w).min(m);
        row_lo = next_lo;
        best[cur] = row;
        best_lo[cur] = lo[i];
        if i > 1 && i < n && i % SETTLE_EVERY == 0 {
            // The live cells of rows i - 1 and i, walked back together (the
            // furthest along first) until they meet.
            let mut cells: Vec<(usize, usize)> = Vec::new();
            for r in [i - 1, i] {
                let start = offset[r];
                let end = if r == i { back.len() } else { offset[i] };
                cells.extend(
                    (start..end)
                        .filter(|&x| back[x] != u8::MAX)
                        .map(|x| (r, lo[r] + x - start)),
                );
            }
            while cells.len() > 1 {
                let far = cells.iter().map(|&(r, c)| r + c).max().unwrap_or(0);
                let mut moved = false;
                for cell in &mut cells {
                    let k = back[offset[cell.0] + cell.1 - lo[cell.0]];
                    if cell.0 + cell.1 == far
                        && let Some(&(a, b)) = SHAPES.get(k as usize)
                    {
                        *cell = (cell.0 - a, cell.1 - b);
                        moved = true;
                    }
                }
                if !moved {
                    break;
                }
                cells.sort_unstable();
                cells.dedup();
            }
            if let [meet] = cells[..]
                && meet != settled
            {
                trace(&back, &offset, &lo, meet, settled, &mut part);
                emit(&part);
                settled = meet;
            }
        }
    }
    offset.push(back.len());
    trace(&back, &offset, &lo, (n, m), settled, &mut part);
    emit(&part);
}

/// The beads of the best path from `from` back to `to`, in order, into
/// `out` (cleared first).
fn trace(
    back: &[u8],
    offset: &[usize],
    lo: &[usize],
    from: (usize, usize),
    to: (usize, usize),
    out: &mut Vec<(usize, usize, usize, usize)>,
) {
    out.clear();
    let (mut i, mut j) = from;
    while (i, j) != to && (i > 0 || j > 0) {
        let k = back[offset[i] + j - lo[i]];
        let Some(&(a, b)) = SHAPES.get(k as usize) else {
            break;
        };
        out.push((i - a, a, j - b, b));
        i -= a;
        j -= b;
    }
    out.reverse();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Dictionary;
    use crate::model::{Document, Segment};
    use crate::score::Weights;

    fn doc(lang: &str, texts: &[String]) -> Document {
        Document::new(
            lang,
            lang,
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| Segment::sentence(i, t.clone()))
                .collect(),
        )
    }

    #[test]
    fn settled_parts_come_early_and_join_up() {
        let zh: Vec<String> = (0..600).map(|k| format!("第{k}号文件。")).collect();
        let en: Vec<String> = (0..600).map(|k| format!("Document number {k}.")).collect();
        let (zh, en) = (doc("zh", &zh), doc("en", &en));
        let scorer = PairScorer::new(&zh, &en, &Dictionary::empty(), Weights::default());
        let mut parts = Vec::new();
        path_by_parts(&scorer, 5, |part| parts.push(part.to_vec()));
        assert!(parts.len() >= 3, "{} parts", parts.len());
        let (mut i, mut j) = (0, 0);
        for &(pi, a, pj, b) in parts.iter().flatten() {
            assert_eq!((pi, pj), (i, j));
            assert_eq!((a, b), (1, 1));
            i += a;
            j += b;
        }
        assert_eq!((i, j), (600, 600));
    }

    #[test]
    fn follows_a_path_that_drifts_beyond_its_width() {
        // 300 numbered pairs; every 50 the target gains 4 unrelated
        // sentences, so the path drifts 24 sentences: far outside a ±5 band
        // around any fixed line.
        let zh: Vec<String> = (0..300).map(|k| format!("第{k}号文件。")).collect();
        let mut en = Vec::new();
        let mut gold = Vec::new();
        for k in 0..300 {
            if k % 50 == 25 {
                en.extend((0..4).map(|_| "Nothing to see here.".to_string()));
            }
            gold.push(en.len());
            en.push(format!("Document number {k}."));
        }
        let (zh, en) = (doc("zh", &zh), doc("en", &en));
        let scorer = PairScorer::new(&zh, &en, &Dictionary::empty(), Weights::default());
        let path = path(&scorer, 5);
        let (mut i, mut j) = (0, 0);
        for &(pi, a, pj, b) in &path {
            assert_eq!((pi, pj), (i, j));
            i += a;
            j += b;
        }
        assert_eq!((i, j), (300, 324));
        // Approximate (it lacks 0-1 runs' best shapes), but never loses the
        // path.
        let right = path
            .iter()
            .filter(|&&(i, a, j, b)| a == 1 && b == 1 && gold[i] == j)
            .count();
        assert!(right >= 280, "{right} right 1-1 beads");
        for &(i, a, j, _) in &path {
            for (s, g) in gold.iter().enumerate().skip(i).take(a) {
                assert!(g.abs_diff(j) <= 4, "source {s} at {j}");
            }
        }
    }
}
