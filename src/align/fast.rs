//! The fast search for long documents, coarse to fine: the coarse pass
//! ([`super::coarse`]) finds an approximate path with cheap shapes in a band
//! that follows it; the path is cut at confident 1-1 beads into windows of
//! about `window` source sentences (up to twice that when no confident bead
//! offers a cut); each window is searched exactly (all shapes,
//! posteriors) in a corridor of ±`corridor` target sentences around the
//! coarse path, the windows in parallel. Time and memory are linear in the
//! document length.

use super::lattice::{Band, Lattice};
use super::{AlignOptions, coarse, to_beads};
use crate::model::Bead;
use crate::score::PairScorer;
use rayon::prelude::*;

/// Half-width of the coarse pass's band, in target sentences.
pub const COARSE_HALF_WIDTH: usize = 16;

/// A cut between windows needs a 1-1 bead under this cost on each side (a
/// bead with clear lexical or semantic support).
const ANCHOR_COST: f64 = -3.0;

/// Beads whose shape prior and length cost alone exceed this are left out
/// (their posterior weight would be below e^-20).
pub(crate) const PRUNE: f64 = 25.0;

/// Aligns the whole document pair with the coarse-to-fine search.
pub(crate) fn search(
    scorer: &PairScorer,
    shapes: &[(usize, usize)],
    options: &AlignOptions,
) -> Vec<Bead> {
    let path = coarse::path(scorer, COARSE_HALF_WIDTH);
    crate::timing::phase("coarse pass");
    let costs: Vec<f64> = path
        .par_iter()
        .map(|&(i, a, j, b)| scorer.cost(i, a, j, b))
        .collect();
    let cuts = cuts(&path, &costs, options.window.max(1));
    let windows: Vec<Vec<Bead>> = cuts
        .par_windows(2)
        .map(|w| window(scorer, &path[w[0]..w[1]], shapes, options))
        .collect();
    crate::timing::phase("windows");
    windows.into_iter().flatten().collect()
}

/// Where the coarse path is cut into windows: indices of beads that start a
/// window, with 0 first and `path.len()` last.
fn cuts(path: &[(usize, usize, usize, usize)], costs: &[f64], window: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut start_row = 0;
    let mut fallback: Option<(usize, f64)> = None;
    let one_one = |k: usize| path[k].1 == 1 && path[k].3 == 1;
    for k in 1..path.len() {
        let rows = path[k].0 - start_row;
        if rows < window || !one_one(k - 1) || !one_one(k) {
            if rows >= 2 * window
                && let Some((at, _)) = fallback.take()
            {
                cuts.push(at);
                start_row = path[at].0;
            }
            continue;
        }
        let cost = costs[k - 1].max(costs[k]);
        if cost < ANCHOR_COST {
            cuts.push(k);
            start_row = path[k].0;
            fallback = None;
        } else if fallback.is_none_or(|(_, c)| cost < c) {
            fallback = Some((k, cost));
        }
    }
    cuts.push(path.len());
    cuts
}

/// Lexical masks of the sentence pairs a window's beads may hold.
struct MaskCache {
    i0: usize,
    start: Vec<usize>,
    offset: Vec<usize>,
    masks: Vec<(u64, u64)>,
}

impl MaskCache {
    fn new(scorer: &PairScorer, band: &Band, max_side: usize) -> MaskCache {
        let (i0, i1) = band.rows();
        let mut cache = MaskCache {
            i0,
            start: Vec::new(),
            offset: vec![0],
            masks: Vec::new(),
        };
        if !scorer.uses_lexical() {
            return cache;
        }
        for s in i0..i1 {
            let lo = band.row((s + 1).saturating_sub(max_side).max(i0)).0;
            let hi = band.row((s + max_side).min(i1)).1;
            cache.start.push(lo);
            cache
                .masks
                .extend((lo..hi).map(|t| scorer.pair_masks(s, t)));
            cache.offset.push(cache.masks.len());
        }
        cache
    }

    fn get(&self, s: usize, t: usize) -> Option<(u64, u64)> {
        let r = s.checked_sub(self.i0)?;
        let start = *self.start.get(r)?;
        let k = self.offset[r] + t.checked_sub(start)?;
        (k < self.offset[r + 1]).then(|| self.masks[k])
    }
}

/// The corridor around a stretch of the coarse path: every cell within
/// `corridor` target sentences of a bead's box.
fn corridor(path: &[(usize, usize, usize, usize)], corridor: usize) -> Band {
    let (i0, _, j0, _) = path[0];
    let &(il, al, jl, bl) = path.last().unwrap_or(&path[0]);
    let (i1, j1) = (il + al, jl + bl);
    let rows = i1 - i0 + 1;
    let mut lo = vec![usize::MAX; rows];
    let mut hi = vec![0; rows];
    for &(i, a, j, b) in path {
        for r in i - i0..=i + a - i0 {
            lo[r] = lo[r].min(j.saturating_sub(corridor));
            hi[r] = hi[r].max(j + b + corridor);
        }
    }
    Band::from_bounds(i0, lo, hi, (j0, j1))
}

/// The exact search in one window of the coarse path.
fn window(
    scorer: &PairScorer,
    path: &[(usize, usize, usize, usize)],
    shapes: &[(usize, usize)],
    options: &AlignOptions,
) -> Vec<Bead> {
    if path.is_empty() {
        return Vec::new();
    }
    let band = corridor(path, options.corridor);
    let cache = MaskCache::new(scorer, &band, options.max_side);
    let masks = |s: usize, t: usize| cache.get(s, t).unwrap_or_else(|| scorer.pair_masks(s, t));
    let cost =
        |i: usize, a: usize, j: usize, b: usize| scorer.cost_within(i, a, j, b, PRUNE, masks);
    let lattice = Lattice::run(&cost, &band, shapes, options.temperature, true);
    to_beads(&lattice, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_only_between_confident_one_to_one_beads() {
        // 1-1 beads on the diagonal, except a 1-2 at row 5.
        let path: Vec<_> = (0..20)
            .map(|i| (i, 1, i + usize::from(i > 5), if i == 5 { 2 } else { 1 }))
            .collect();
        let mut costs = vec![-5.0; 20];
        costs[8] = 1.0;
        let cuts = cuts(&path, &costs, 4);
        assert_eq!(cuts.first(), Some(&0));
        assert_eq!(cuts.last(), Some(&20));
        for w in cuts.windows(2) {
            assert!(w[0] < w[1]);
        }
        for &k in &cuts[1..cuts.len() - 1] {
            assert!(k >= 1 && ![5, 6, 8, 9].contains(&k), "cut at {k}: {cuts:?}");
        }
    }

    #[test]
    fn corridor_holds_the_path() {
        let path = vec![(3, 1, 4, 1), (4, 2, 5, 1), (6, 1, 6, 3), (7, 0, 9, 1)];
        let band = corridor(&path, 1);
        assert_eq!(band.rows(), (3, 7));
        assert_eq!(band.row(3).0, 4);
        assert_eq!(band.row(7).1, 10);
        for &(i, a, j, b) in &path {
            for (r, c) in [(i, j), (i + a, j + b)] {
                let (lo, hi) = band.row(r);
                assert!(lo <= c && c <= hi, "({r}, {c}) outside {lo}..={hi}");
            }
        }
    }
}
