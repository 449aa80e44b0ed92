//! The exact search over a band of cells: Viterbi over all bead shapes with
//! back-pointers, and forward–backward sums for posterior confidences. A
//! band covers source rows `i0..=i1` (a whole document, or one window of the
//! fast search) and, per row, a range of target positions. Each cell has
//! three states (after a bead with both sides, after a 1-0, after a 0-1),
//! so that a run of untranslated sentences can cost less than as many
//! scattered ones.

use crate::score::PairScorer;

/// The cells of a search: for each source position `i0 + r`, target
/// positions `lo[r]..=hi[r]`. The search runs from `(i0, lo[0])` to the last
/// row's `hi`.
pub(crate) struct Band {
    i0: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band of half-width `half_width` around the length diagonal of the
    /// whole document pair.
    pub(crate) fn around_diagonal(scorer: &PairScorer, half_width: usize) -> Band {
        let (n, m) = scorer.dims();
        let (sc, tc) = scorer.cumulative_lengths();
        let (stotal, ttotal) = (sc[n].max(1e-9), tc[m].max(1e-9));
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut j = 0usize;
        for (i, s) in sc.iter().enumerate() {
            let frac = if sc[n] > 0.0 {
                s / stotal
            } else {
                i as f64 / n as f64
            };
            while j < m && tc[j + 1] / ttotal <= frac {
                j += 1;
            }
            let center = if i == n {
                m
            } else if i == 0 {
                0
            } else {
                j
            };
            lo.push(center.saturating_sub(half_width));
            hi.push((center + half_width).min(m));
        }
        Band::from_bounds(0, lo, hi, (0, m))
    }

    /// A band over rows `i0..i0 + lo.len()` from per-row bounds, made
    /// passable: it starts at `j0`, ends at `j1`, and its rows are monotone
    /// and overlap so that every cell can be reached.
    pub(crate) fn from_bounds(
        i0: usize,
        mut lo: Vec<usize>,
        mut hi: Vec<usize>,
        (j0, j1): (usize, usize),
    ) -> Band {
        let rows = lo.len();
        for r in 0..rows {
            lo[r] = lo[r].clamp(j0, j1);
            hi[r] = hi[r].clamp(j0, j1);
        }
        lo[0] = j0;
        hi[rows - 1] = j1;
        for r in 1..rows {
            lo[r] = lo[r].max(lo[r - 1]);
        }
        for r in (0..rows - 1).rev() {
            hi[r] = hi[r].min(hi[r + 1]);
        }
        for r in 0..rows {
            hi[r] = hi[r].max(lo[r]);
        }
        // Neighbouring rows must overlap so that a 1-0 bead links them.
        for r in 1..rows {
            lo[r] = lo[r].min(hi[r - 1]);
        }
        let mut offset = Vec::with_capacity(rows + 1);
        offset.push(0);
        for r in 0..rows {
            offset.push(offset[r] + hi[r] - lo[r] + 1);
        }
        Band { i0, lo, hi, offset }
    }

    /// Whether `path` runs within `margin` target sentences of the band's
    /// edge for `run` beads in a row or more, where the edge could move
    /// (not at the first or last target sentence): the best path may lie
    /// outside.
    pub(crate) fn touched_by(
        &self,
        path: &[(usize, usize, usize, usize)],
        margin: usize,
        run: usize,
    ) -> bool {
        let (_, last) = self.end();
        let first = self.lo[0];
        let mut length = 0;
        for &(i, _, j, _) in path {
            let (lo, hi) = self.row(i);
            if (lo > first && j < lo + margin) || (hi < last && j + margin > hi) {
                length += 1;
                if length >= run.max(1) {
                    return true;
                }
            } else {
                length = 0;
            }
        }
        false
    }

    /// This band together with `half_width` target sentences either side
    /// of `path`.
    pub(crate) fn widened_along(
        &self,
        path: &[(usize, usize, usize, usize)],
        half_width: usize,
    ) -> Band {
        let (mut lo, mut hi) = (self.lo.clone(), self.hi.clone());
        hold(&mut lo, &mut hi, self.i0, path, half_width);
        Band::from_bounds(self.i0, lo, hi, (self.lo[0], self.end().1))
    }

    /// The band of every cell within `half_width` target sentences of a
    /// bead's box on `path` (a stretch of a path), from its start to its
    /// end.
    pub(crate) fn around_path(path: &[(usize, usize, usize, usize)], half_width: usize) -> Band {
        let (i0, _, j0, _) = path[0];
        let &(il, al, jl, bl) = path.last().unwrap_or(&path[0]);
        let rows = il + al - i0 + 1;
        let (mut lo, mut hi) = (vec![usize::MAX; rows], vec![0; rows]);
        hold(&mut lo, &mut hi, i0, path, half_width);
        Band::from_bounds(i0, lo, hi, (j0, jl + bl))
    }

    /// This band with `half_width` more target sentences on either side of
    /// every row.
    pub(crate) fn widened(&self, half_width: usize) -> Band {
        let lo = self
            .lo
            .iter()
            .map(|l| l.saturating_sub(half_width))
            .collect();
        let hi = self.hi.iter().map(|h| h + half_width).collect();
        Band::from_bounds(self.i0, lo, hi, (self.lo[0], self.end().1))
    }

    pub(crate) fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }

    /// First and last source row.
    pub(crate) fn rows(&self) -> (usize, usize) {
        (self.i0, self.i0 + self.lo.len() - 1)
    }

    /// Target range of source row `i`.
    pub(crate) fn row(&self, i: usize) -> (usize, usize) {
        let r = i - self.i0;
        (self.lo[r], self.hi[r])
    }

    fn start(&self) -> (usize, usize) {
        (self.i0, self.lo[0])
    }

    fn end(&self) -> (usize, usize) {
        let (_, i1) = self.rows();
        (i1, self.hi[self.lo.len() - 1])
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let r = i.checked_sub(self.i0)?;
        if r < self.lo.len() && j >= self.lo[r] && j <= self.hi[r] {
            Some(self.offset[r] + j - self.lo[r])
        } else {
            None
        }
    }

    /// For each source sentence, the target sentences beads in the band may
    /// pair it with (a superset is fine).
    pub(crate) fn lexical_ranges(&self, max_side: usize) -> Vec<(usize, usize)> {
        let n = self.lo.len() - 1;
        (0..n)
            .map(|i| {
                (
                    self.lo[i.saturating_sub(max_side)],
                    self.hi[i] + max_side + 1,
                )
            })
            .collect()
    }
}

/// Widens the row bounds `lo`, `hi` (rows from `i0`) to hold every bead of
/// `path` with `half_width` target sentences to spare.
fn hold(
    lo: &mut [usize],
    hi: &mut [usize],
    i0: usize,
    path: &[(usize, usize, usize, usize)],
    half_width: usize,
) {
    for &(i, a, j, b) in path {
        for r in i - i0..=i + a - i0 {
            lo[r] = lo[r].min(j.saturating_sub(half_width));
            hi[r] = hi[r].max(j + b + half_width);
        }
    }
}

/// The transition costs of a band: for every cell and shape, the cost of
/// the bead that ends in the cell (`INFINITY` where the bead leaves the band).
struct Costs {
    shapes: Vec<(usize, usize)>,
    values: Vec<f32>,
}

impl Costs {
    fn compute(
        cost: &impl Fn(usize, usize, usize, usize) -> f64,
        band: &Band,
        shapes: &[(usize, usize)],
    ) -> Costs {
        let s = shapes.len();
        let mut values = vec![f32::INFINITY; band.cells() * s];
        let (i0, i1) = band.rows();
        for i in i0..=i1 {
            let (lo, hi) = band.row(i);
            for j in lo..=hi {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if a > i || b > j || band.index(i - a, j - b).is_none() {
                        continue;
                    }
                    values[here * s + k] = cost(i - a, a, j - b, b) as f32;
                }
            }
        }
        Costs {
            shapes: shapes.to_vec(),
            values,
        }
    }

    /// Cost of the bead of shape `k` ending in cell `here`.
    fn get(&self, here: usize, k: usize) -> f64 {
        f64::from(self.values[here * self.shapes.len() + k])
    }
}

/// What the last bead on a path was: a null run's next sentence costs less
/// than its first (see [`Lattice::run`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// After a bead with both sides (or at the start).
    Matched,
    /// After a 1-0 bead.
    SourceNull,
    /// After a 0-1 bead.
    TargetNull,
}

const STATES: [State; 3] = [State::Matched, State::SourceNull, State::TargetNull];

impl State {
    /// The state a bead of shape `(a, b)` leads to.
    fn after(a: usize, b: usize) -> State {
        match (a, b) {
            (1, 0) => State::SourceNull,
            (0, 1) => State::TargetNull,
            _ => State::Matched,
        }
    }
}

/// Viterbi costs with back-pointers, and forward/backward log-sums, per
/// cell and [`State`].
pub(crate) struct Lattice<'b> {
    band: &'b Band,
    costs: Costs,
    run: f64,
    /// States per cell: 3, or 1 when runs of nulls cost nothing less.
    states: usize,
    /// Best costs, `cell * states + state`.
    best: Vec<f64>,
    /// The shape and the previous state of the best bead into each cell and
    /// state (`u8::MAX` for none).
    back: Vec<(u8, u8)>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    temperature: f64,
}

fn log_add(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY {
        return y;
    }
    if y == f64::NEG_INFINITY {
        return x;
    }
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    // Beyond e^-40 the smaller term is below the larger one's precision.
    if lo - hi < -40.0 {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

impl<'b> Lattice<'b> {
    /// Best path under `cost(i, a, j, b)`; with `posteriors`, also the
    /// forward and backward sums. A 1-0 bead right after a 1-0 bead (or a
    /// 0-1 after a 0-1) costs at most `run`: the next sentence of a passage
    /// left untranslated (`f64::INFINITY` turns this off, and the lattice
    /// keeps one state per cell).
    pub(crate) fn run(
        cost: &impl Fn(usize, usize, usize, usize) -> f64,
        band: &'b Band,
        shapes: &[(usize, usize)],
        temperature: f64,
        run: f64,
        posteriors: bool,
    ) -> Self {
        let costs = Costs::compute(cost, band, shapes);
        let cells = band.cells();
        let (i0, i1) = band.rows();
        let t = temperature.max(1e-6);
        let states = if run.is_finite() { 3 } else { 1 };
        let mut lattice = Lattice {
            band,
            costs,
            run,
            states,
            best: vec![f64::INFINITY; cells * states],
            back: vec![(u8::MAX, u8::MAX); cells * states],
            alpha: vec![f64::NEG_INFINITY; if posteriors { cells * states } else { 0 }],
            beta: Vec::new(),
            temperature: t,
        };
        lattice.best[0] = 0.0;
        if posteriors {
            lattice.alpha[0] = 0.0;
        }
        for i in i0..=i1 {
            let (lo, hi) = band.row(i);
            for j in lo..=hi {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if lattice.costs.get(here, k).is_infinite() {
                        continue;
                    }
                    let Some(prev) = band.index(i - a, j - b) else {
                        continue;
                    };
                    let to = here * states + lattice.after(a, b);
                    for &from in &STATES[..states] {
                        let c = lattice.cost(here, k, from);
                        let p = prev * states + from as usize;
                        let total = lattice.best[p] + c;
                        if total < lattice.best[to] {
                            lattice.best[to] = total;
                            lattice.back[to] = (k as u8, from as u8);
                        }
                        if posteriors {
                            lattice.alpha[to] =
                                log_add(lattice.alpha[to], lattice.alpha[p] - c / t);
                        }
                    }
                }
            }
        }
        if posteriors {
            let mut beta = vec![f64::NEG_INFINITY; cells * states];
            let (n, m) = band.end();
            if let Some(end) = band.index(n, m) {
                beta[end * states..(end + 1) * states].fill(0.0);
            }
            for i in (i0..=i1).rev() {
                let (lo, hi) = band.row(i);
                for j in (lo..=hi).rev() {
                    let Some(here) = band.index(i, j) else {
                        continue;
                    };
                    for (k, &(a, b)) in shapes.iter().enumerate() {
                        if i + a > n || j + b > m {
                            continue;
                        }
                        let Some(next) = band.index(i + a, j + b) else {
                            continue;
                        };
                        let after = beta[next * states + lattice.after(a, b)];
                        if lattice.costs.get(next, k).is_infinite() || after == f64::NEG_INFINITY {
                            continue;
                        }
                        for &from in &STATES[..states] {
                            let c = lattice.cost(next, k, from);
                            let x = here * states + from as usize;
                            beta[x] = log_add(beta[x], after - c / t);
                        }
                    }
                }
            }
            lattice.beta = beta;
        }
        lattice
    }

    /// The state index a bead of shape `(a, b)` leads to.
    fn after(&self, a: usize, b: usize) -> usize {
        if self.states == 1 {
            0
        } else {
            State::after(a, b) as usize
        }
    }

    /// The cost of the bead of shape `k` ending in cell `here` after a bead
    /// that left the path in state `from`.
    fn cost(&self, here: usize, k: usize, from: State) -> f64 {
        let c = self.costs.get(here, k);
        if from != State::Matched
            && State::after(self.costs.shapes[k].0, self.costs.shapes[k].1) == from
        {
            c.min(self.run)
        } else {
            c
        }
    }

    /// The best path as (i, a, j, b) beads in order.
    pub(crate) fn best_path(&self) -> Vec<(usize, usize, usize, usize)> {
        let start = self.band.start();
        let (mut i, mut j) = self.band.end();
        let mut path = Vec::new();
        let Some(end) = self.band.index(i, j) else {
            return path;
        };
        let w = self.states;
        let mut state = (0..w)
            .min_by(|&x, &y| self.best[end * w + x].total_cmp(&self.best[end * w + y]))
            .unwrap_or(0);
        while (i, j) != start {
            let Some(here) = self.band.index(i, j) else {
                break;
            };
            let (k, from) = self.back[here * w + state];
            let Some(&(a, b)) = self.costs.shapes.get(k as usize) else {
                break;
            };
            path.push((i - a, a, j - b, b));
            i -= a;
            j -= b;
            state = from as usize;
        }
        path.reverse();
        path
    }

    /// Posterior probability that the bead is part of the alignment.
    pub(crate) fn posterior(&self, i: usize, a: usize, j: usize, b: usize) -> f64 {
        let (n, m) = self.band.end();
        let (Some(from), Some(to), Some(end), Some(k)) = (
            self.band.index(i, j),
            self.band.index(i + a, j + b),
            self.band.index(n, m),
            self.costs.shapes.iter().position(|&s| s == (a, b)),
        ) else {
            return 0.0;
        };
        if self.alpha.is_empty() || self.beta.is_empty() {
            return 0.0;
        }
        let w = self.states;
        let total = (0..w).fold(f64::NEG_INFINITY, |acc, s| {
            log_add(acc, self.alpha[end * w + s])
        });
        let after = self.beta[to * w + self.after(a, b)];
        let through = STATES[..w].iter().fold(f64::NEG_INFINITY, |acc, &s| {
            log_add(
                acc,
                self.alpha[from * w + s as usize] - self.cost(to, k, s) / self.temperature,
            )
        });
        (through + after - total).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_from_bounds_is_passable() {
        let band = Band::from_bounds(5, vec![9, 3, 12, 11], vec![8, 20, 13, 12], (10, 14));
        assert_eq!(band.rows(), (5, 8));
        assert_eq!(band.start(), (5, 10));
        assert_eq!(band.end(), (8, 14));
        let mut prev = (10, 10);
        for i in 5..=8 {
            let (lo, hi) = band.row(i);
            assert!(
                lo <= hi && lo >= prev.0 && hi >= prev.1 && lo <= prev.1,
                "{i}"
            );
            prev = (lo, hi);
        }
        assert!(band.index(4, 10).is_none() && band.index(5, 10) == Some(0));
    }

    #[test]
    fn a_path_along_the_edge_touches_it_and_widening_frees_it() {
        // Rows 0..=10 of 0..=20 targets, each row 4..=8 wide around 2 * i.
        let lo: Vec<usize> = (0..=10).map(|i: usize| (2 * i).saturating_sub(2)).collect();
        let hi: Vec<usize> = (0..=10).map(|i| 2 * i + 2).collect();
        let band = Band::from_bounds(0, lo, hi, (0, 20));
        let diagonal: Vec<_> = (0..10).map(|i| (i, 1, 2 * i, 2)).collect();
        assert!(!band.touched_by(&diagonal, 1, 1));
        // Held on the upper edge from row 3 to row 6, three beads in a row.
        let mut held = diagonal.clone();
        for (i, bead) in held.iter_mut().enumerate().take(6).skip(3) {
            *bead = (i, 1, 2 * i + 2, 2);
        }
        assert!(band.touched_by(&held, 1, 3));
        assert!(!band.touched_by(&held, 1, 4));
        // The first and last rows end at the band's fixed corners.
        assert!(!band.touched_by(&[(0, 1, 0, 1)], 1, 1));
        let wider = band.widened(3);
        assert!(wider.cells() > band.cells());
        assert!(!wider.touched_by(&held, 1, 1));
        for i in 0..=10 {
            let (lo, hi) = band.row(i);
            let (wlo, whi) = wider.row(i);
            assert!(wlo <= lo && whi >= hi, "{i}");
        }
        // Along a path off the band: the band grows to hold it.
        let off: Vec<_> = (0..7).map(|i| (i, 1, 2 * i + 6, 1)).collect();
        let along = band.widened_along(&off, 1);
        for &(i, _, j, _) in &off {
            let (lo, hi) = along.row(i);
            assert!(lo <= j && j <= hi, "row {i}: {j} outside {lo}..={hi}");
        }
    }

    #[test]
    fn a_band_around_a_path_holds_it() {
        let path = vec![(3, 1, 4, 1), (4, 2, 5, 1), (6, 1, 6, 3), (7, 0, 9, 1)];
        let band = Band::around_path(&path, 1);
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

    #[test]
    fn a_run_of_nulls_pays_for_its_first_sentence_only() {
        // Four source sentences, one target: the target matches source 0
        // (cost 3) or source 1 (cost 1); a null costs 5, or 1 right after
        // another null when runs are cheap.
        let band = Band::from_bounds(0, vec![0; 5], vec![1; 5], (0, 1));
        let shapes = crate::score::bead_shapes(1, 2);
        let cost = |i: usize, a: usize, _j: usize, b: usize| match (a, b, i) {
            (1, 1, 0) => 3.0,
            (1, 1, 1) => 1.0,
            (1, 1, _) => 10.0,
            _ => 5.0,
        };
        let scattered = Lattice::run(&cost, &band, &shapes, 1.0, f64::INFINITY, true);
        assert_eq!(
            scattered.best_path(),
            vec![(0, 1, 0, 0), (1, 1, 0, 1), (2, 1, 1, 0), (3, 1, 1, 0)]
        );
        let runs = Lattice::run(&cost, &band, &shapes, 1.0, 1.0, true);
        let path = runs.best_path();
        assert_eq!(
            path,
            vec![(0, 1, 0, 1), (1, 1, 1, 0), (2, 1, 1, 0), (3, 1, 1, 0)]
        );
        // Costs 10 against 12 for the next best: each bead's posterior is
        // well above a half, and those of the beads that can end at a cell
        // sum to at most one.
        for &(i, a, j, b) in &path {
            let p = runs.posterior(i, a, j, b);
            assert!(p > 0.5 && p <= 1.0 + 1e-9, "{:?}: {p}", (i, a, j, b));
        }
        let into_end: f64 = [(3, 1, 1, 0), (3, 1, 0, 1), (4, 0, 0, 1)]
            .iter()
            .map(|&(i, a, j, b)| runs.posterior(i, a, j, b))
            .sum();
        assert!((into_end - 1.0).abs() < 1e-9, "{into_end}");
    }

    #[test]
    fn a_window_path_runs_from_start_to_end() {
        let band = Band::from_bounds(2, vec![3; 4], vec![7; 4], (3, 7));
        let shapes = crate::score::bead_shapes(2, 3);
        // Diagonal 1-1 beads are cheap, the rest dear.
        let cost = |i: usize, a: usize, j: usize, b: usize| {
            if a == 1 && b == 1 && j == i + 1 {
                -1.0
            } else {
                2.0
            }
        };
        let lattice = Lattice::run(&cost, &band, &shapes, 1.0, f64::INFINITY, true);
        let path = lattice.best_path();
        assert_eq!(path.first().map(|p| (p.0, p.2)), Some((2, 3)));
        let last = path.last().copied().unwrap();
        assert_eq!((last.0 + last.1, last.2 + last.3), (5, 7));
        for &(i, a, j, b) in &path {
            let p = lattice.posterior(i, a, j, b);
            assert!((0.0..=1.0 + 1e-9).contains(&p), "{p}");
        }
    }
}
