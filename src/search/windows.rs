//! The exact search for any length, window by window: the coarse path
//! ([`super::coarse`]) is cut at confident 1-1 beads into windows of about
//! `window` source sentences (up to twice that when no confident bead
//! offers a cut); each window is searched exactly (all shapes, posteriors,
//! runs of nulls) in a corridor of ±`corridor` target sentences around the
//! coarse path, the windows in parallel, and while the coarse pass goes on
//! (each as soon as its stretch of the coarse path is settled); a window
//! whose path runs along the corridor's edge is searched again in a wider
//! corridor. Time and memory are linear in the document length.

use super::band::Band;
use super::{Found, Scoring, SearchOptions, Step, add_shapes, coarse, widening_search};
use rayon::prelude::*;

/// A cut between windows needs a 1-1 bead under this cost on each side (a
/// bead with clear lexical or semantic support).
const ANCHOR_COST: f64 = -3.0;

/// Aligns the whole document pair in `band`: the coarse pass, and the
/// windows searched while it goes on, each as soon as the part of the
/// coarse path it covers is settled.
pub(crate) fn search(scoring: &dyn Scoring, band: &Band, options: &SearchOptions) -> Found {
    let mut path = Vec::new();
    let mut costs = Vec::new();
    let mut cutter = Cutter::new(options.window.max(1));
    let done: std::sync::Mutex<Vec<(usize, Found)>> = Default::default();
    rayon::scope(|s| {
        let spawn = |from: usize, beads: Vec<Step>| {
            let done = &done;
            s.spawn(move |_| {
                let found = window(scoring, &beads, options);
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((from, found));
            });
        };
        coarse::path_by_parts(scoring, band, |part| {
            costs.extend(bead_costs(scoring, part));
            path.extend_from_slice(part);
            for (from, to) in cutter.advance(&path, &costs) {
                spawn(from, path[from..to].to_vec());
            }
        });
        crate::timing::phase("coarse pass");
        let (from, to) = cutter.finish(path.len());
        spawn(from, path[from..to].to_vec());
    });
    let mut found = gather(done.into_inner().unwrap_or_else(|e| e.into_inner()));
    found.plan = path;
    crate::timing::phase("windows");
    found
}

/// Searches the windows of a coarse path found before.
pub(crate) fn search_plan(
    scoring: &dyn Scoring,
    plan: Vec<Step>,
    options: &SearchOptions,
) -> Found {
    let costs: Vec<f64> = if plan.is_empty() {
        Vec::new()
    } else {
        let cost = scoring.prepare(&Band::around_path(&plan, 0), 2);
        plan.iter().map(|&(i, a, j, b)| cost(i, a, j, b)).collect()
    };
    let mut cutter = Cutter::new(options.window.max(1));
    let mut cuts = cutter.advance(&plan, &costs);
    cuts.push(cutter.finish(plan.len()));
    let done: Vec<(usize, Found)> = cuts
        .into_par_iter()
        .map(|(from, to)| (from, window(scoring, &plan[from..to], options)))
        .collect();
    let mut found = gather(done);
    found.plan = plan;
    found
}

/// The costs of a stretch of the coarse path's beads (which the cuts
/// between windows are chosen by).
fn bead_costs(scoring: &dyn Scoring, beads: &[Step]) -> Vec<f64> {
    if beads.is_empty() {
        return Vec::new();
    }
    let cost = scoring.prepare(&Band::around_path(beads, 0), 2);
    beads.iter().map(|&(i, a, j, b)| cost(i, a, j, b)).collect()
}

/// The windows' results joined in order.
fn gather(mut windows: Vec<(usize, Found)>) -> Found {
    windows.sort_unstable_by_key(|w| w.0);
    let mut all = Found::default();
    for (_, found) in windows {
        all.beads.extend(found.beads);
        add_shapes(&mut all.expected_shapes, &found.expected_shapes);
    }
    all
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
    fn advance(&mut self, path: &[Step], costs: &[f64]) -> Vec<(usize, usize)> {
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
fn cuts(path: &[Step], costs: &[f64], window: usize) -> Vec<usize> {
    let mut cutter = Cutter::new(window);
    let mut cuts = vec![0];
    cuts.extend(cutter.advance(path, costs).into_iter().map(|(_, to)| to));
    cuts.push(path.len());
    cuts
}

/// The exact search in one window of the coarse path.
fn window(scoring: &dyn Scoring, path: &[Step], options: &SearchOptions) -> Found {
    if path.is_empty() {
        return Found::default();
    }
    let band = Band::around_path(path, options.corridor);
    widening_search(
        scoring,
        band,
        (options.widen, HELD_IN),
        WINDOW_BUDGET,
        options,
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
