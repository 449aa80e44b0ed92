//! The fast search for long documents, coarse to fine: the coarse pass
//! ([`super::coarse`]) finds an approximate path with cheap shapes in a band
//! that follows it; the path is cut at confident 1-1 beads into windows of
//! about `window` source sentences (up to twice that when no confident bead
//! offers a cut); each window is searched exactly (all shapes,
//! posteriors) in a corridor of ±`corridor` target sentences around the
//! coarse path, the windows in parallel, and while the coarse pass goes on
//! (each as soon as its stretch of the coarse path is settled); a window
//! whose path runs along the corridor's edge is searched again in a wider
//! corridor. Time and memory are linear in the document length.

use super::lattice::{Band, Lattice};
use super::{AlignOptions, coarse, widening_search};
use crate::model::Bead;
use crate::score::PairScorer;

/// Half-width of the coarse pass's band, in target sentences.
pub const COARSE_HALF_WIDTH: usize = 16;

/// A cut between windows needs a 1-1 bead under this cost on each side (a
/// bead with clear lexical or semantic support).
const ANCHOR_COST: f64 = -3.0;

/// Beads whose shape prior and length cost alone exceed this are left out
/// (their posterior weight would be below e^-20).
pub(crate) const PRUNE: f64 = 25.0;

/// Aligns the whole document pair with the coarse-to-fine search. The
/// windows are searched while the coarse pass goes on, each as soon as the
/// part of the coarse path it covers is settled.
pub(crate) fn search(
    scorer: &PairScorer,
    shapes: &[(usize, usize)],
    options: &AlignOptions,
) -> Vec<Bead> {
    let mut path = Vec::new();
    let mut costs = Vec::new();
    let mut cutter = Cutter::new(options.window.max(1));
    let done: std::sync::Mutex<Vec<(usize, Vec<Bead>)>> = Default::default();
    rayon::scope(|s| {
        let spawn = |from: usize, beads: Vec<(usize, usize, usize, usize)>| {
            let done = &done;
            s.spawn(move |_| {
                let beads = window(scorer, &beads, shapes, options);
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((from, beads));
            });
        };
        coarse::path_by_parts(scorer, COARSE_HALF_WIDTH, |part| {
            costs.extend(part.iter().map(|&(i, a, j, b)| scorer.cost(i, a, j, b)));
            path.extend_from_slice(part);
            for (from, to) in cutter.advance(&path, &costs) {
                spawn(from, path[from..to].to_vec());
            }
        });
        crate::timing::phase("coarse pass");
        let (from, to) = cutter.finish(path.len());
        spawn(from, path[from..to].to_vec());
    });
    let mut windows = done.into_inner().unwrap_or_else(|e| e.into_inner());
    windows.sort_unstable_by_key(|w| w.0);
    crate::timing::phase("windows");
    windows.into_iter().flat_map(|w| w.1).collect()
}

/// Where the coarse path is cut into windows, decided bead by bead: a cut
/// goes between two confident 1-1 beads once a window has `window` source
/// sentences, or at the best such pair seen when it reaches twice that.
struct Cutter {
    window: usize,
    /// The bead that starts the open window, and its source sentence.
    start: usize,
    start_row: usize,
    /// The best cut seen in the open window (bead, cost).
    fallback: Option<(usize, f64)>,
    /// The next bead to look at.
    next: usize,
}

impl Cutter {
    fn new(window: usize) -> Cutter {
        Cutter {
            window,
            start: 0,
            start_row: 0,
            fallback: None,
            next: 1,
        }
    }

    /// Looks at the beads not seen yet; returns the windows (bead ranges)
    /// they close.
    fn advance(
        &mut self,
        path: &[(usize, usize, usize, usize)],
        costs: &[f64],
    ) -> Vec<(usize, usize)> {
        let mut closed = Vec::new();
        let one_one = |k: usize| path[k].1 == 1 && path[k].3 == 1;
        let mut cut = |this: &mut Cutter, at: usize| {
            closed.push((this.start, at));
            this.start = at;
            this.start_row = path[at].0;
        };
        while self.next < path.len() {
            let k = self.next;
            self.next += 1;
            let rows = path[k].0 - self.start_row;
            if rows < self.window || !one_one(k - 1) || !one_one(k) {
                if rows >= 2 * self.window
                    && let Some((at, _)) = self.fallback.take()
                {
                    cut(self, at);
                }
                continue;
            }
            let cost = costs[k - 1].max(costs[k]);
            if cost < ANCHOR_COST {
                cut(self, k);
                self.fallback = None;
            } else if self.fallback.is_none_or(|(_, c)| cost < c) {
                self.fallback = Some((k, cost));
            }
        }
        closed
    }

    /// The last window, up to bead `end`.
    fn finish(&self, end: usize) -> (usize, usize) {
        (self.start, end)
    }
}

/// Where the coarse path is cut into windows: indices of beads that start a
/// window, with 0 first and `path.len()` last.
#[cfg(test)]
fn cuts(path: &[(usize, usize, usize, usize)], costs: &[f64], window: usize) -> Vec<usize> {
    let mut cutter = Cutter::new(window);
    let mut cuts = vec![0];
    cuts.extend(cutter.advance(path, costs).into_iter().map(|(_, to)| to));
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
    let band = Band::around_path(path, options.corridor);
    widening_search(
        band,
        (options.band, HELD_IN),
        WINDOW_BUDGET,
        options,
        |band| {
            let cache = MaskCache::new(scorer, band, options.max_side);
            let masks =
                |s: usize, t: usize| cache.get(s, t).unwrap_or_else(|| scorer.pair_masks(s, t));
            let cost = |i: usize, a: usize, j: usize, b: usize| {
                scorer.cost_within(i, a, j, b, PRUNE, masks)
            };
            // No cheap runs of nulls in a corridor: a lost window's path
            // would run down them instead of along the edge that shows it
            // lost.
            Lattice::run(
                &cost,
                band,
                shapes,
                options.temperature,
                f64::INFINITY,
                true,
            )
        },
    )
}

/// Beads in a row of a window's path on its corridor's edge that make the
/// search widen it (the corridor is narrow: a few touches are normal).
const HELD_IN: usize = 8;

/// Most cells a window's search may widen to (about 1,000 target sentences
/// a row over a full window; windows run in parallel).
const WINDOW_BUDGET: usize = 2_000_000;

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
}
