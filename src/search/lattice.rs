//! The exact search over a band of cells: Viterbi over all bead shapes with
//! back-pointers, and forward–backward sums for posterior confidences. A
//! band covers source rows `i0..=i1` (a whole document, or one window of the
//! fast search) and, per row, a range of target positions. Each cell has
//! three states (after a bead with both sides, after a 1-0, after a 0-1),
//! so that a run of untranslated sentences can cost less than as many
//! scattered ones.

use super::Step;
use super::band::Band;

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
        for (i, j, here) in band.walk() {
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j || band.index(i - a, j - b).is_none() {
                    continue;
                }
                values[here * s + k] = cost(i - a, a, j - b, b) as f32;
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
    /// Per cell, the forward log-sum over its states: what every bead
    /// with both sides out of the cell continues from (its cost does not
    /// depend on the state).
    alpha_cell: Vec<f64>,
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
    ///
    /// Long because the forward pass and, with posteriors, the backward pass run
    /// over the same band and states and share its cell indexing.
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
            alpha_cell: vec![f64::NEG_INFINITY; if posteriors { cells } else { 0 }],
            beta: Vec::new(),
            temperature: t,
        };
        lattice.best[0] = 0.0;
        if posteriors {
            lattice.alpha[0] = 0.0;
        }
        for (i, j, here) in band.walk() {
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if lattice.costs.get(here, k).is_infinite() {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let to = here * states + lattice.after(a, b);
                let null = a == 0 || b == 0;
                for &from in &STATES[..states] {
                    let c = lattice.cost(here, k, from);
                    let p = prev * states + from as usize;
                    let total = lattice.best[p] + c;
                    if total < lattice.best[to] {
                        lattice.best[to] = total;
                        lattice.back[to] = (k as u8, from as u8);
                    }
                    if posteriors && null {
                        lattice.alpha[to] = log_add(lattice.alpha[to], lattice.alpha[p] - c / t);
                    }
                }
                if posteriors && !null {
                    let c = lattice.costs.get(here, k);
                    lattice.alpha[to] =
                        log_add(lattice.alpha[to], lattice.alpha_cell[prev] - c / t);
                }
            }
            if posteriors {
                lattice.alpha_cell[here] = lattice.alpha[here * states..(here + 1) * states]
                    .iter()
                    .fold(f64::NEG_INFINITY, |acc, &x| log_add(acc, x));
            }
        }
        if posteriors {
            let mut beta = vec![f64::NEG_INFINITY; cells * states];
            let (n, m) = band.end();
            if let Some(end) = band.index(n, m) {
                beta[end * states..(end + 1) * states].fill(0.0);
            }
            for (i, j, here) in band.walk().rev() {
                // Beads with both sides cost the same from every state:
                // their sum is added to each state once.
                let mut matched = f64::NEG_INFINITY;
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
                    if a > 0 && b > 0 {
                        matched = log_add(matched, after - lattice.costs.get(next, k) / t);
                        continue;
                    }
                    for &from in &STATES[..states] {
                        let c = lattice.cost(next, k, from);
                        let x = here * states + from as usize;
                        beta[x] = log_add(beta[x], after - c / t);
                    }
                }
                if matched != f64::NEG_INFINITY {
                    for x in &mut beta[here * states..(here + 1) * states] {
                        *x = log_add(*x, matched);
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
    pub(crate) fn best_path(&self) -> Vec<Step> {
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

    /// The expected number of beads of each shape in the alignment: the
    /// posteriors of every bead the lattice holds, summed by shape.
    pub(crate) fn expected_shapes(&self) -> Vec<((usize, usize), f64)> {
        let Some(total) = self.log_total() else {
            return Vec::new();
        };
        let shapes = &self.costs.shapes;
        let mut sums = vec![0.0; shapes.len()];
        let w = self.states;
        for (i, j, here) in self.band.walk() {
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if self.costs.get(here, k).is_infinite() {
                    continue;
                }
                let Some(prev) = self.band.index(i - a, j - b) else {
                    continue;
                };
                let after = self.beta[here * w + self.after(a, b)];
                if after == f64::NEG_INFINITY {
                    continue;
                }
                if a > 0 && b > 0 {
                    let x = self.alpha_cell[prev] - self.costs.get(here, k) / self.temperature
                        + after
                        - total;
                    if x > -30.0 {
                        sums[k] += x.exp();
                    }
                    continue;
                }
                for &from in &STATES[..w] {
                    let x = self.alpha[prev * w + from as usize]
                        - self.cost(here, k, from) / self.temperature
                        + after
                        - total;
                    if x > -30.0 {
                        sums[k] += x.exp();
                    }
                }
            }
        }
        shapes.iter().copied().zip(sums).collect()
    }

    /// The log of the summed weight of every path into the end cell, or
    /// `None` without posteriors.
    fn log_total(&self) -> Option<f64> {
        if self.alpha.is_empty() || self.beta.is_empty() {
            return None;
        }
        let (n, m) = self.band.end();
        let end = self.band.index(n, m)?;
        let w = self.states;
        Some((0..w).fold(f64::NEG_INFINITY, |acc, s| {
            log_add(acc, self.alpha[end * w + s])
        }))
    }

    /// Posterior probability that the bead is part of the alignment.
    pub(crate) fn posterior(&self, i: usize, a: usize, j: usize, b: usize) -> f64 {
        let (Some(from), Some(to), Some(k), Some(total)) = (
            self.band.index(i, j),
            self.band.index(i + a, j + b),
            self.costs.shapes.iter().position(|&s| s == (a, b)),
            self.log_total(),
        ) else {
            return 0.0;
        };
        let w = self.states;
        let after = self.beta[to * w + self.after(a, b)];
        let through = STATES[..w].iter().fold(f64::NEG_INFINITY, |acc, &s| {
            log_add(
                acc,
                self.alpha[from * w + s as usize] - self.cost(to, k, s) / self.temperature,
            )
        });
        (through + after - total).exp()
    }

    /// The probability that a sentence is left without counterpart: the
    /// posteriors of its null beads at every position of the other side
    /// the band allows. Where a null stands on the other side is no part
    /// of it (an untranslated passage is as sure whether the sentence
    /// next to it goes before or after), so this is the confidence of the
    /// null bead as a reader and `eval` see it.
    pub(crate) fn null_posterior(&self, source: bool, k: usize) -> f64 {
        let (r0, r1) = self.band.rows();
        let total: f64 = if source {
            if k < r0 || k >= r1 {
                return 0.0;
            }
            let (lo, hi) = self.band.row(k);
            (lo..=hi).map(|j| self.posterior(k, 1, j, 0)).sum()
        } else {
            // Rows hold monotone column ranges: those holding column `k`
            // are one stretch.
            let (mut first, mut past) = (r0, r1 + 1);
            while first < past {
                let mid = (first + past) / 2;
                if self.band.row(mid).1 < k {
                    first = mid + 1;
                } else {
                    past = mid;
                }
            }
            (first..=r1)
                .take_while(|&i| self.band.row(i).0 <= k)
                .map(|i| self.posterior(i, 0, k, 1))
                .sum()
        };
        total.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_beads_confidence_does_not_depend_on_where_it_stands() {
        // One source and one target sentence that do not match: both are
        // nulls for sure, the target's before or after the source's.
        let band = Band::from_bounds(0, vec![0; 2], vec![1; 2], (0, 1));
        let shapes = crate::search::bead_shapes(1, 2);
        let cost = |_i: usize, a: usize, _j: usize, b: usize| match (a, b) {
            (1, 1) => 100.0,
            _ => 1.0,
        };
        let lattice = Lattice::run(&cost, &band, &shapes, 1.0, f64::INFINITY, true);
        let before = lattice.posterior(0, 1, 0, 0);
        let after = lattice.posterior(0, 1, 1, 0);
        assert!((before - 0.5).abs() < 1e-6 && (after - 0.5).abs() < 1e-6);
        assert!((lattice.null_posterior(true, 0) - 1.0).abs() < 1e-6);
        assert!((lattice.null_posterior(false, 0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_run_of_nulls_pays_for_its_first_sentence_only() {
        // Four source sentences, one target: the target matches source 0
        // (cost 3) or source 1 (cost 1); a null costs 5, or 1 right after
        // another null when runs are cheap.
        let band = Band::from_bounds(0, vec![0; 5], vec![1; 5], (0, 1));
        let shapes = crate::search::bead_shapes(1, 2);
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
        let shapes = crate::search::bead_shapes(2, 3);
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
