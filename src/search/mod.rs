//! The search: which beads, in order, cover two sequences of sentences at
//! the least cost, and how sure each bead is. It knows nothing of documents,
//! dictionaries or encoders: it sees scoring only through [`Scoring`] (the
//! cost of a candidate bead inside a band, and a vector per sentence for
//! the first pass).
//!
//! One search for every size: a first pass over blocks of text, coarse to
//! fine (`blocks`), finds a band the path cannot leave (it recovers after
//! any local disturbance: clauses split into sentences on one side, a long
//! passage without counterpart, front or back matter, drift); a Viterbi
//! pass over cheap shapes in that band (`coarse`) gives an approximate
//! path; the path is cut at confident 1-1 beads into windows, and each is
//! searched exactly, every shape with posteriors, in a corridor around it,
//! the windows in parallel (`windows`, `lattice`); a window whose path
//! runs along its corridor's edge is searched again wider. Time and memory
//! grow linearly with the documents.

pub mod band;
mod blocks;
mod coarse;
mod lattice;
mod windows;

pub use band::Band;
use lattice::Lattice;
use rayon::prelude::*;

/// Bead shapes the search may use, up to `max_side` sentences on one side
/// and `max_total` in all; nulls only as 1-0 and 0-1.
pub fn bead_shapes(max_side: usize, max_total: usize) -> Vec<(usize, usize)> {
    let mut shapes = vec![(1, 0), (0, 1)];
    for a in 1..=max_side {
        for b in 1..=max_side {
            if a + b <= max_total {
                shapes.push((a, b));
            }
        }
    }
    shapes
}

/// A bead as the search sees it: source `i..i + a` against target `j..j +
/// b`.
pub type Step = (usize, usize, usize, usize);

/// The cost of a candidate bead `(i, a, j, b)`: lower is better,
/// `INFINITY` for a bead not worth considering.
pub type CostFn<'s> = Box<dyn Fn(usize, usize, usize, usize) -> f64 + Sync + 's>;

/// What the search needs from scoring.
pub trait Scoring: Sync {
    /// Source and target sentences.
    fn dims(&self) -> (usize, usize);

    /// Cumulative sentence lengths of both sides (`n + 1` and `m + 1`
    /// values from 0): where the length diagonal runs and where blocks are
    /// cut.
    fn cumulative_lengths(&self) -> (&[f64], &[f64]);

    /// The costs of beads of up to `max_side` sentences a side that end in
    /// `band`'s rows (a scorer may compute what these need once here).
    fn prepare<'s>(&'s self, band: &Band, max_side: usize) -> CostFn<'s>;

    /// The most a null bead costs that continues a run of nulls on the same
    /// side (a passage left untranslated pays for its first sentence).
    fn null_run(&self) -> f64;

    /// Length of the evidence vectors of sentences (0: none, and the first
    /// pass keeps to the length diagonal).
    fn vector_dim(&self) -> usize;

    /// Adds sentence `k`'s evidence vector (of the source side, or else of
    /// the target side) to `out`: vectors of a sentence and its translation
    /// point the same way.
    fn add_vector(&self, source: bool, k: usize, out: &mut [f32]);
}

/// How the search runs.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// Bead shapes the exact search tries.
    pub shapes: Vec<(usize, usize)>,
    /// Temperature that turns costs into probabilities for posteriors.
    pub temperature: f64,
    /// Half-width of a window's corridor around the coarse path, in target
    /// sentences.
    pub corridor: usize,
    /// Source sentences a window aims at.
    pub window: usize,
    /// How far a band widens each time its path runs along its edge, and
    /// the half-width of the exhaustive search's band.
    pub widen: usize,
    /// The exact search over the whole document in one band around the
    /// length diagonal and the first pass's band (for experts and
    /// comparisons; memory grows with the band).
    pub exhaustive: bool,
}

impl SearchOptions {
    /// The most sentences on one side of any shape.
    fn max_side(&self) -> usize {
        self.shapes.iter().map(|s| s.0.max(s.1)).max().unwrap_or(1)
    }
}

/// A bead the search found, with its posterior probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundBead {
    pub step: Step,
    pub posterior: f64,
}

/// What the search found: the best beads in order, and the expected number
/// of beads of each shape under the posterior (for re-estimating a prior).
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub beads: Vec<FoundBead>,
    pub expected_shapes: Vec<((usize, usize), f64)>,
    /// The coarse path the exact search ran around, to search again
    /// (with other costs) without the first passes.
    pub(crate) plan: Vec<Step>,
}

/// Searches the best alignment of the two sides `scoring` scores.
pub fn search(scoring: &dyn Scoring, options: &SearchOptions) -> Found {
    let (n, m) = scoring.dims();
    if n == 0 || m == 0 {
        return Found {
            beads: (0..n)
                .map(|i| (i, 1, 0, 0))
                .chain((0..m).map(|j| (n, 0, j, 1)))
                .map(|step| FoundBead {
                    step,
                    posterior: 0.0,
                })
                .collect(),
            ..Found::default()
        };
    }
    let band = first_pass_band(scoring, options);
    if options.exhaustive {
        return exhaustive(scoring, band, options);
    }
    windows::search(scoring, &band, options)
}

/// Searches again around the coarse path of an earlier search (with the
/// scorer changed since, say a re-estimated prior).
pub fn search_again(scoring: &dyn Scoring, earlier: &Found, options: &SearchOptions) -> Found {
    // The exhaustive search leaves no plan: it searches everything again.
    if earlier.plan.is_empty() {
        return search(scoring, options);
    }
    windows::search_plan(scoring, earlier.plan.clone(), options)
}

/// Beads with both sides kept either side of a stretch that [`repair`]
/// searches again: the search starts and ends on beads it trusts.
const REPAIR_MARGIN: usize = 20;

/// Stretches at most this many beads apart are repaired as one.
const REPAIR_JOIN: usize = 500;

/// Most cells a repair may search (about 230 bytes each).
const REPAIR_BUDGET: usize = 300_000;

/// Searches again, exactly and in the whole rectangle between their ends,
/// the stretches of `found` given as bead ranges (`first..=last`, in order;
/// say, where the evidence is weak) with `REPAIR_MARGIN` beads either
/// side, and splices in what it finds: a stretch where the first passes
/// led the band astray (an untranslated passage skipped a little early, so
/// that its neighbours were paired with it) cannot hold the exact search
/// there. A rectangle over `REPAIR_BUDGET` cells is left as it is. The
/// expected shape counts are left as they were.
pub fn repair(
    scoring: &dyn Scoring,
    earlier: &Found,
    stretches: &[(usize, usize)],
    options: &SearchOptions,
) -> Found {
    let beads = &earlier.beads;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // The margins count beads with both sides: a run of nulls next to a
    // stretch (a passage entered early) is searched again with it.
    let two_sided = |k: usize| beads[k].step.1 > 0 && beads[k].step.3 > 0;
    for &(first, last) in stretches {
        let (mut start, mut end) = (first.min(beads.len()), (last + 1).min(beads.len()));
        let mut kept = 0;
        while start > 0 && kept < REPAIR_MARGIN {
            start -= 1;
            kept += usize::from(two_sided(start));
        }
        kept = 0;
        while end < beads.len() && kept < REPAIR_MARGIN {
            kept += usize::from(two_sided(end));
            end += 1;
        }
        let span = (start, end);
        // Stretches a few hundred beads apart are searched together: the
        // beads between them may be the nulls of a passage both border.
        match spans.last_mut() {
            Some(prev) if span.0 <= prev.1 + REPAIR_JOIN => prev.1 = prev.1.max(span.1),
            _ => spans.push(span),
        }
    }
    let searched: Vec<(usize, usize, Found)> = spans
        .into_par_iter()
        .filter_map(|(from, to)| {
            let (i0, _, j0, _) = beads.get(from)?.step;
            let (il, al, jl, bl) = beads.get(to.checked_sub(1)?)?.step;
            let (i1, j1) = (il + al, jl + bl);
            let rows = i1 - i0 + 1;
            if rows * (j1 - j0 + 1) > REPAIR_BUDGET {
                return None;
            }
            let band = Band::from_bounds(i0, vec![j0; rows], vec![j1; rows], (j0, j1));
            // The whole rectangle: the path cannot run along an edge that
            // could move, so this is one exact search.
            let again = widening_search(scoring, band, (0, 1), REPAIR_BUDGET, options);
            Some((from, to, again))
        })
        .collect();
    let mut out = Found {
        beads: Vec::with_capacity(beads.len()),
        expected_shapes: earlier.expected_shapes.clone(),
        plan: earlier.plan.clone(),
    };
    let mut next = 0;
    for (from, to, again) in searched {
        out.beads.extend_from_slice(&beads[next..from]);
        out.beads.extend(again.beads);
        next = to;
    }
    out.beads.extend_from_slice(&beads[next..]);
    out
}

/// The band of the first pass: around the block path, or around the length
/// diagonal when the scorer has no vectors.
fn first_pass_band(scoring: &dyn Scoring, options: &SearchOptions) -> Band {
    blocks::sentence_band(scoring).unwrap_or_else(|| {
        let (sc, tc) = scoring.cumulative_lengths();
        Band::around_diagonal(sc, tc, options.widen)
    })
}

/// Lattice cells the exhaustive search may hold (about 170 bytes each):
/// beyond this it keeps the first pass's band only.
const CELL_BUDGET: usize = 6_500_000;

/// The exact search over the whole document at once.
fn exhaustive(scoring: &dyn Scoring, first: Band, options: &SearchOptions) -> Found {
    let (sc, tc) = scoring.cumulative_lengths();
    let half_width = band_within_memory(sc.len() - 1, options.widen);
    let diagonal = Band::around_diagonal(sc, tc, half_width);
    let band = diagonal.union(&first);
    let band = if band.cells() > CELL_BUDGET {
        first
    } else {
        band
    };
    widening_search(scoring, band, (half_width, 1), CELL_BUDGET, options)
}

/// The exhaustive search's band half-width for `n` source sentences:
/// `asked`, or narrower for huge inputs so that the band stays within
/// the exact search's cell budget (6.5M cells).
pub fn band_within_memory(n: usize, asked: usize) -> usize {
    asked.min((CELL_BUDGET / (n + 1) / 2).max(4))
}

/// Runs the exact search (every shape of `options`, posteriors, runs of
/// nulls) in `band` and returns what it found; while the best path runs
/// along the band's edge (`touches` beads in a row: held in
/// by it, as when the text drifts far from where the band was put, or one
/// side leaves out a long passage), widens the band by `half_width` each
/// side and searches again, up to [`MAX_WIDENINGS`] times and `budget`
/// cells.
fn widening_search(
    scoring: &dyn Scoring,
    mut band: Band,
    (half_width, touches): (usize, usize),
    budget: usize,
    options: &SearchOptions,
) -> Found {
    let max_side = options.max_side();
    let run = scoring.null_run();
    let mut round = 0;
    loop {
        let cost = scoring.prepare(&band, max_side);
        let lattice = Lattice::run(
            &cost,
            &band,
            &options.shapes,
            options.temperature,
            run,
            true,
        );
        let path = lattice.best_path();
        let touched = band.touched_rows(&path, EDGE_MARGIN, touches);
        let Some((r0, r1)) = touched.filter(|_| round < MAX_WIDENINGS) else {
            return found(&lattice);
        };
        // Only around where the path was held in: elsewhere it is free.
        // (Widening a little at first finds a worse path just outside on
        // the hard books, and not faster.)
        let reach = 4 * half_width;
        let wider = band.widened_rows(r0.saturating_sub(reach), r1 + reach, half_width);
        if wider.cells() > budget || wider.cells() == band.cells() {
            return found(&lattice);
        }
        drop(lattice);
        drop(cost);
        band = wider;
        round += 1;
    }
}

/// Searches [`widening_search`] may add; each moves the band's edge up to
/// its half-width further.
const MAX_WIDENINGS: usize = 6;

/// How near the band's edge (in target sentences) a path's cell touches it.
const EDGE_MARGIN: usize = 2;

/// The best path of a lattice with posteriors, and its expected shapes.
fn found(lattice: &Lattice) -> Found {
    let beads = lattice
        .best_path()
        .into_iter()
        .map(|(i, a, j, b)| FoundBead {
            step: (i, a, j, b),
            posterior: match (a, b) {
                (1, 0) => lattice.null_posterior(true, i),
                (0, 1) => lattice.null_posterior(false, j),
                _ => lattice.posterior(i, a, j, b).clamp(0.0, 1.0),
            },
        })
        .collect();
    Found {
        beads,
        expected_shapes: lattice.expected_shapes(),
        plan: Vec::new(),
    }
}

/// Pairs of positions `(i, j)` in `0..n` × `0..m` far from the diagonal
/// `j = i * m / n` (at least `gap` away), drawn `draws` times from a fixed
/// xorshift sequence started at `seed` (the same pairs on every run; draws
/// that land near the diagonal are dropped): what unrelated sentences or
/// blocks look like, for a baseline of their similarity.
pub fn far_pairs(
    (n, m): (usize, usize),
    seed: u64,
    draws: usize,
    gap: usize,
) -> impl Iterator<Item = (usize, usize)> {
    let mut x = seed;
    (0..draws).filter_map(move |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let i = (x % n as u64) as usize;
        let j = ((x >> 32) % m as u64) as usize;
        (j.abs_diff(i * m / n) >= gap).then_some((i, j))
    })
}

/// Adds expected shape counts `more` into `total`.
fn add_shapes(total: &mut Vec<((usize, usize), f64)>, more: &[((usize, usize), f64)]) {
    for &(shape, count) in more {
        match total.iter_mut().find(|(s, _)| *s == shape) {
            Some(entry) => entry.1 += count,
            None => total.push((shape, count)),
        }
    }
}

#[cfg(test)]
mod tests;
