//! The first pass, coarse to fine over blocks of text (as vecalign does):
//! both documents are cut into blocks of equal text length, a block being
//! the sum of its sentences' evidence vectors ([`Scoring::add_vector`]).
//! The coarsest level (at most [`TOP_BLOCKS`] blocks a side) is aligned
//! whole, so nothing local can derail it; each finer level (blocks a
//! quarter the size) is aligned only near the level above's path. The
//! finest path gives the band in which the sentence-level passes run.
//!
//! Blocks are cut by length, so a stretch whose sentences are split into
//! clauses on one side changes nothing here; a passage without counterpart
//! is a run of skipped blocks; front and back matter are skipped blocks at
//! the ends. A block pair earns its cosine above what unrelated blocks
//! reach; skipping a block costs a little, so that without evidence the
//! path keeps to the diagonal.

use super::band::Band;
use super::{Scoring, far_pairs};
use crate::vector::{dot, normalise};
use rayon::prelude::*;

/// Source sentences per block at the finest level, on average.
const FINEST: usize = 8;

/// Blocks merged into one at each coarser level.
const FACTOR: usize = 4;

/// The coarsest level has at most this many blocks a side (it is aligned
/// whole: this squared cells).
pub(crate) const TOP_BLOCKS: usize = 1500;

/// Blocks each side of the level above's path that a finer level searches.
const SLACK: usize = 2;

/// Blocks each side of the finest path that the sentence-level passes
/// search.
const FINAL_SLACK: usize = 2;

/// The least a skipped block costs (matching one earns up to about 1).
const SKIP: f64 = 0.01;

/// One level: blocks of each side as sentence ranges (`starts[b]..starts[b +
/// 1]`) and their unit vectors.
struct Level {
    source: Vec<usize>,
    target: Vec<usize>,
    source_vectors: Vec<f32>,
    target_vectors: Vec<f32>,
    dim: usize,
}

impl Level {
    fn blocks(&self) -> (usize, usize) {
        (self.source.len() - 1, self.target.len() - 1)
    }

    fn cosine(&self, s: usize, t: usize) -> f64 {
        let d = self.dim;
        let x = &self.source_vectors[s * d..(s + 1) * d];
        let y = &self.target_vectors[t * d..(t + 1) * d];
        f64::from(dot(x, y))
    }

    /// The next coarser level: groups of [`FACTOR`] blocks.
    fn coarser(&self) -> Level {
        let group = |starts: &[usize], vectors: &[f32]| {
            let blocks = starts.len() - 1;
            let k = blocks.div_ceil(FACTOR);
            let mut out_starts: Vec<usize> = (0..k).map(|b| starts[b * FACTOR]).collect();
            out_starts.push(starts[blocks]);
            let mut out = vec![0f32; k * self.dim];
            for b in 0..blocks {
                let (d, g) = (self.dim, b / FACTOR);
                for (o, v) in out[g * d..(g + 1) * d]
                    .iter_mut()
                    .zip(&vectors[b * d..(b + 1) * d])
                {
                    *o += v;
                }
            }
            (out_starts, out)
        };
        let (source, source_vectors) = group(&self.source, &self.source_vectors);
        let (target, target_vectors) = group(&self.target, &self.target_vectors);
        Level {
            source,
            target,
            source_vectors,
            target_vectors,
            dim: self.dim,
        }
    }

    /// Scales every block vector to unit length (once the coarser levels,
    /// which sum the raw vectors, are built).
    fn normalise(&mut self) {
        let dim = self.dim.max(1);
        self.source_vectors.par_chunks_mut(dim).for_each(normalise);
        self.target_vectors.par_chunks_mut(dim).for_each(normalise);
    }
}

/// Block starts of a side with cumulative lengths `cum` cut into `k` blocks
/// of equal length: a sentence belongs to the block its start falls in.
fn cut(cum: &[f64], k: usize) -> Vec<usize> {
    let n = cum.len() - 1;
    let total = cum[n];
    let mut starts = vec![0usize; k + 1];
    let mut b = 0;
    for (s, &c) in cum.iter().enumerate().take(n) {
        let block = if total > 0.0 {
            ((c / total) * k as f64) as usize
        } else {
            s * k / n.max(1)
        }
        .min(k - 1);
        while b < block {
            b += 1;
            starts[b] = s;
        }
    }
    while b < k {
        b += 1;
        starts[b] = n;
    }
    starts
}

/// The finest level: each side cut into about `n / FINEST` blocks.
fn finest(scoring: &dyn Scoring, dim: usize) -> Level {
    let (n, _) = scoring.dims();
    let (sc, tc) = scoring.cumulative_lengths();
    let k = n.div_ceil(FINEST).max(1);
    let vectors = |source: bool, starts: &[usize]| {
        let mut out = vec![0f32; (starts.len() - 1) * dim];
        out.par_chunks_mut(dim).enumerate().for_each(|(b, chunk)| {
            for s in starts[b]..starts[b + 1] {
                scoring.add_vector(source, s, chunk);
            }
        });
        out
    };
    let source = cut(sc, k);
    let target = cut(tc, k);
    let source_vectors = vectors(true, &source);
    let target_vectors = vectors(false, &target);
    Level {
        source,
        target,
        source_vectors,
        target_vectors,
        dim,
    }
}

/// What unrelated blocks of a level reach: the mean and standard
/// deviation of the cosine of pairs far apart.
fn chance(level: &Level) -> (f64, f64) {
    let (ks, kt) = level.blocks();
    if ks < 4 || kt < 4 {
        return (0.0, 0.0);
    }
    let sims: Vec<f64> = far_pairs((ks, kt), 0x9E37_79B9_7F4A_7C15, 2000, kt / 8 + 2)
        .map(|(s, t)| level.cosine(s, t))
        .collect();
    if sims.is_empty() {
        return (0.0, 0.0);
    }
    let mean = sims.iter().sum::<f64>() / sims.len() as f64;
    let var = sims.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / sims.len() as f64;
    (mean, var.sqrt())
}

/// The best monotone path through a level's band of block nodes (node `(s,
/// t)`: `s` source and `t` target blocks consumed), as its nodes from `(0,
/// 0)` to the end.
///
/// Long because it is one dynamic programme: the forward pass over the band's
/// rows and the trace back share the back-pointer table.
fn level_path(level: &Level, band: &Band) -> Vec<(usize, usize)> {
    // A pair earns what its cosine lies above unrelated pairs' mean plus
    // two deviations; a skip costs a little more than half what an
    // unrelated pair pays, so that two skips never beat the diagonal where
    // there is no evidence, yet a block without counterpart is skipped.
    let (mean, deviation) = chance(level);
    let kappa = mean + 2.0 * deviation;
    let skip = (1.2 * deviation).max(SKIP);
    let mut back = vec![0u8; band.cells()];
    let (r0, r1) = band.rows();
    let mut prev_row: Vec<f64> = Vec::new();
    let mut prev_lo = 0usize;
    let mut offset = 0usize;
    for s in r0..=r1 {
        let (lo, hi) = band.row(s);
        // The diagonal move's cost for every cell of the row, in parallel.
        let matches: Vec<f64> = if s > 0 {
            (lo..=hi)
                .into_par_iter()
                .map(|t| {
                    if t == 0 {
                        f64::INFINITY
                    } else {
                        kappa - level.cosine(s - 1, t - 1)
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut row = vec![f64::INFINITY; hi - lo + 1];
        for t in lo..=hi {
            let x = t - lo;
            let (mut here, mut arg) = if (s, t) == (0, 0) {
                (0.0, 0u8)
            } else {
                (f64::INFINITY, 0u8)
            };
            let up = |dt: usize| {
                (s > 0)
                    .then(|| (t - dt).checked_sub(prev_lo))
                    .flatten()
                    .and_then(|y| prev_row.get(y).copied())
            };
            if s > 0
                && t > 0
                && let Some(p) = up(1)
                && p + matches[x] < here
            {
                here = p + matches[x];
                arg = 1;
            }
            if let Some(p) = up(0)
                && p + skip < here
            {
                here = p + skip;
                arg = 2;
            }
            if x > 0 && row[x - 1] + skip < here {
                here = row[x - 1] + skip;
                arg = 3;
            }
            row[x] = here;
            back[offset + x] = arg;
        }
        offset += hi - lo + 1;
        prev_row = row;
        prev_lo = lo;
    }
    let mut path = Vec::new();
    let (mut s, mut t) = band.end();
    loop {
        path.push((s, t));
        if (s, t) == band.start() {
            break;
        }
        let Some(here) = band.index(s, t) else {
            break;
        };
        match back[here] {
            1 => {
                s -= 1;
                t -= 1;
            }
            2 => s -= 1,
            3 => t -= 1,
            _ => break,
        }
    }
    path.reverse();
    path
}

/// For each row `0..=rows` of a level, the range of columns the path's nodes
/// take in that row and its neighbours, widened by `slack`, mapped through
/// `map_rows` (a row to the range of finer rows it covers) and `map_col`
/// onto the finer grid of `fine` rows and columns.
fn band_around(
    path: &[(usize, usize)],
    rows: usize,
    cols: usize,
    slack: usize,
    map_rows: impl Fn(usize) -> (usize, usize),
    map_col: impl Fn(usize) -> usize,
    fine: (usize, usize),
) -> Band {
    let mut lo = vec![usize::MAX; rows + 1];
    let mut hi = vec![0usize; rows + 1];
    for &(s, t) in path {
        for r in s.saturating_sub(1)..=(s + 1).min(rows) {
            lo[r] = lo[r].min(t);
            hi[r] = hi[r].max(t);
        }
    }
    let (fine_rows, fine_cols) = fine;
    let mut flo = vec![usize::MAX; fine_rows + 1];
    let mut fhi = vec![0usize; fine_rows + 1];
    for s in 0..=rows {
        if lo[s] == usize::MAX {
            continue;
        }
        let a = map_col(lo[s].saturating_sub(slack));
        let b = map_col((hi[s] + slack).min(cols));
        let (r0, r1) = map_rows(s);
        for r in r0..=r1.min(fine_rows) {
            flo[r] = flo[r].min(a);
            fhi[r] = fhi[r].max(b);
        }
    }
    // Rows no block row mapped to (empty blocks) take their neighbours'.
    for r in 1..=fine_rows {
        if flo[r] == usize::MAX {
            flo[r] = flo[r - 1];
            fhi[r] = fhi[r - 1];
        }
    }
    if flo[0] == usize::MAX {
        flo[0] = 0;
        fhi[0] = 0;
    }
    Band::from_bounds(0, flo, fhi, (0, fine_cols))
}

/// The band for the sentence-level passes: near the finest block path.
/// `None` when the scorer offers no block vectors (the caller falls back to
/// the length diagonal).
pub(crate) fn sentence_band(scoring: &dyn Scoring) -> Option<Band> {
    let dim = scoring.vector_dim();
    let (n, m) = scoring.dims();
    if dim == 0 || n == 0 || m == 0 {
        return None;
    }
    let mut levels = vec![finest(scoring, dim)];
    while levels.last().is_some_and(|l| l.blocks().0 > TOP_BLOCKS) {
        let next = levels.last().map(Level::coarser)?;
        levels.push(next);
    }
    levels.iter_mut().for_each(Level::normalise);
    crate::timing::phase("block vectors");
    let top = levels.last()?;
    let (ks, kt) = top.blocks();
    let mut band = Band::from_bounds(0, vec![0; ks + 1], vec![kt; ks + 1], (0, kt));
    let mut path = level_path(top, &band);
    for k in (0..levels.len() - 1).rev() {
        let (coarse, fine) = (&levels[k + 1], &levels[k]);
        let (ks, kt) = coarse.blocks();
        let (fs, ft) = fine.blocks();
        band = band_around(
            &path,
            ks,
            kt,
            SLACK,
            |s| (s * FACTOR, ((s + 1) * FACTOR).min(fs)),
            |t| (t * FACTOR).min(ft),
            (fs, ft),
        );
        path = level_path(fine, &band);
    }
    crate::timing::phase("block passes");
    let finest = &levels[0];
    let (ks, kt) = finest.blocks();
    let (src, tgt) = (&finest.source, &finest.target);
    Some(band_around(
        &path,
        ks,
        kt,
        FINAL_SLACK,
        |s| (src[s], src[(s + 1).min(ks)]),
        |t| tgt[t],
        (n, m),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_gives_blocks_of_equal_length() {
        let cum: Vec<f64> = (0..=10).map(|k| k as f64 * 2.0).collect();
        assert_eq!(cut(&cum, 5), vec![0, 2, 4, 6, 8, 10]);
        // One long sentence spans several blocks: the ones after it are
        // empty.
        let cum = vec![0.0, 1.0, 9.0, 10.0];
        let starts = cut(&cum, 5);
        assert_eq!(starts.first(), Some(&0));
        assert_eq!(starts.last(), Some(&3));
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    }
}
