//! The coarse pass of the fast search: a Viterbi search over the five
//! cheap shapes (1-1, 1-0, 0-1, 1-2, 2-1) in a band that follows the path
//! instead of the length diagonal. After each source row the band recentres
//! on that row's best cell, so it tracks any drift in O(n · width) time and
//! memory (one byte of back-pointer per cell). A jump of more than about
//! the band's half-width in one place (a long untranslated passage) can
//! still lose the path. On long documents two halves run at once, one
//! forward from the start and one backward from the end (over the reversed
//! documents), joined at the cheapest crossing of the middle row.

use crate::score::PairScorer;

/// The shapes of the coarse pass.
const SHAPES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// Credit per target sentence consumed when the band picks a row's best
/// cell: a path that lags behind has put off beads it must still pay for,
/// so raw costs favour lagging cells. (Subtracting it from every bead in
/// proportion to its target sentences would not change the best complete
/// path, only which cell of a row looks best.)
const CONSUME: f64 = 3.0;

/// From this many source sentences on, the two halves of the pass run at
/// once: one forward from the start, one backward from the end, joined in
/// the middle.
const SPLIT_ABOVE: usize = 4096;

/// Pair masks of one source sentence against a run of target sentences.
#[derive(Default, Clone)]
struct MaskRow {
    source: usize,
    start: usize,
    masks: Vec<(u64, u64)>,
}

impl MaskRow {
    fn fill(
        &mut self,
        pair: &impl Fn(usize, usize) -> (u64, u64),
        lexical: bool,
        source: usize,
        start: usize,
        end: usize,
    ) {
        self.source = source;
        self.start = start;
        self.masks.clear();
        if lexical {
            self.masks.extend((start..end).map(|t| pair(source, t)));
        }
    }

    fn get(&self, t: usize) -> Option<(u64, u64)> {
        t.checked_sub(self.start)
            .and_then(|k| self.masks.get(k))
            .copied()
    }
}

/// The document pair as one direction of the pass sees it: as it is, or
/// reversed (source sentence `s` is `n - 1 - s`, a bead starting at
/// `(i, j)` is the one ending at `(n - i, m - j)`).
struct View<'s> {
    scorer: &'s PairScorer,
    reversed: bool,
}

impl View<'_> {
    fn pair(&self, s: usize, t: usize) -> (u64, u64) {
        if self.reversed {
            let (n, m) = self.scorer.dims();
            self.scorer.pair_masks(n - 1 - s, m - 1 - t)
        } else {
            self.scorer.pair_masks(s, t)
        }
    }

    /// The cost of the bead of the view's sentences `i..i+a` and `j..j+b`,
    /// with pair masks from `lookup` (in the view's numbering).
    fn cost(
        &self,
        (i, a, j, b): (usize, usize, usize, usize),
        lookup: impl Fn(usize, usize) -> (u64, u64),
    ) -> f64 {
        let prune = super::fast::PRUNE;
        if self.reversed {
            let (n, m) = self.scorer.dims();
            self.scorer
                .cost_within(n - i - a, a, m - j - b, b, prune, |s, t| {
                    lookup(n - 1 - s, m - 1 - t)
                })
        } else {
            self.scorer.cost_within(i, a, j, b, prune, lookup)
        }
    }

    /// A bead of the view as a bead of the documents.
    fn bead(&self, (i, a, j, b): (usize, usize, usize, usize)) -> (usize, usize, usize, usize) {
        if self.reversed {
            let (n, m) = self.scorer.dims();
            (n - i - a, a, m - j - b, b)
        } else {
            (i, a, j, b)
        }
    }
}

/// One run of the pass over rows `0..=rows` of a view: back-pointers, and
/// the best costs of the last two rows.
struct Sweep {
    lo: Vec<usize>,
    offset: Vec<usize>,
    back: Vec<u8>,
    /// Row `rows`, then row `rows - 1`: the first target position and the
    /// best cost of each cell.
    last: [(usize, Vec<f64>); 2],
}

impl Sweep {
    /// Runs the pass from `(0, 0)` to row `rows`; with `to_end`, the last
    /// row reaches the view's last target sentence.
    fn run(view: &View, rows: usize, half_width: usize, to_end: bool) -> Sweep {
        let (n, m) = view.scorer.dims();
        let lexical = view.scorer.uses_lexical();
        let w = half_width.max(2);
        let slope = if n > 0 { m as f64 / n as f64 } else { 1.0 };
        // How far the band may move in one row: faster than the path can go
        // on average, slow enough that one stray best cell does not lose it.
        let max_step = (2.0 * slope).ceil() as usize + 2;
        let mut lo = Vec::with_capacity(rows + 1);
        let mut offset = Vec::with_capacity(rows + 2);
        let mut back: Vec<u8> = Vec::with_capacity((rows + 1) * (2 * w + 1));
        // Best costs of the last three rows (row i at i % 3) and their `lo`.
        let mut best: [Vec<f64>; 3] = Default::default();
        let mut best_lo = [0usize; 3];
        // Masks of source sentences i - 1 and i - 2 (at (i - 1) % 2).
        let mut masks: [MaskRow; 2] = Default::default();
        let pair = |s: usize, t: usize| view.pair(s, t);
        let (mut row_lo, mut row_hi) = (0usize, w.min(m));
        for i in 0..=rows {
            if i == rows && to_end {
                row_hi = m;
            }
            offset.push(back.len());
            lo.push(row_lo);
            if i > 0 {
                masks[(i - 1) % 2].fill(&pair, lexical, i - 1, row_lo.saturating_sub(2), row_hi);
            }
            let lookup = |s: usize, t: usize| {
                let row = &masks[s % 2];
                if row.source == s {
                    row.get(t).unwrap_or_else(|| pair(s, t))
                } else {
                    pair(s, t)
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
                    let c = view.cost((i - a, a, j - b, b), lookup);
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
        }
        offset.push(back.len());
        let mut take = |r: usize| (best_lo[r % 3], std::mem::take(&mut best[r % 3]));
        let last = [
            take(rows),
            if rows > 0 {
                take(rows - 1)
            } else {
                (0, Vec::new())
            },
        ];
        Sweep {
            lo,
            offset,
            back,
            last,
        }
    }

    /// The best cost of cell `(i, j)` of row `rows - k` (k = 0 or 1).
    fn cost_at(&self, k: usize, j: usize) -> f64 {
        let (lo, row) = &self.last[k];
        j.checked_sub(*lo)
            .and_then(|x| row.get(x).copied())
            .unwrap_or(f64::INFINITY)
    }

    /// The beads from `(0, 0)` to `(i, j)`, in the view's numbering, last
    /// first.
    fn trace(&self, (mut i, mut j): (usize, usize)) -> Vec<(usize, usize, usize, usize)> {
        let mut out = Vec::new();
        while i > 0 || j > 0 {
            let Some(&k) = j
                .checked_sub(self.lo[i])
                .filter(|&x| x < self.offset[i + 1] - self.offset[i])
                .map(|x| &self.back[self.offset[i] + x])
            else {
                break;
            };
            let Some(&(a, b)) = SHAPES.get(k as usize) else {
                break;
            };
            out.push((i - a, a, j - b, b));
            i -= a;
            j -= b;
        }
        out
    }
}

/// The coarse best path as (i, a, j, b) beads, covering both documents in
/// order; the band is `2 * half_width + 1` target sentences wide.
pub(crate) fn path(scorer: &PairScorer, half_width: usize) -> Vec<(usize, usize, usize, usize)> {
    let (n, m) = scorer.dims();
    if n >= SPLIT_ABOVE
        && let Some(path) = split_path(scorer, half_width)
    {
        return path;
    }
    let view = View {
        scorer,
        reversed: false,
    };
    let mut out = Sweep::run(&view, n, half_width, true).trace((n, m));
    out.reverse();
    out
}

/// The coarse path from two half passes at once, forward to the middle row
/// and backward from the end to it, joined at the cheapest crossing; `None`
/// when their bands miss each other there.
fn split_path(scorer: &PairScorer, half_width: usize) -> Option<Vec<(usize, usize, usize, usize)>> {
    let (n, m) = scorer.dims();
    let h = n / 2;
    let forward = View {
        scorer,
        reversed: false,
    };
    let backward = View {
        scorer,
        reversed: true,
    };
    let (f, b) = rayon::join(
        || Sweep::run(&forward, h, half_width, false),
        || Sweep::run(&backward, n - h, half_width, false),
    );
    // Through cell (h, j), or over row h in one bead (a, b) from (h - 1, j):
    // the cheapest as (cost, j, bead).
    type Crossing = (f64, usize, Option<(usize, usize)>);
    let mut join: Option<Crossing> = None;
    let mut consider = |cost: f64, j: usize, over: Option<(usize, usize)>| {
        if cost.is_finite() && join.is_none_or(|(c, _, _)| cost < c) {
            join = Some((cost, j, over));
        }
    };
    let (f_lo, f_row) = &f.last[0];
    for (x, &cf) in f_row.iter().enumerate() {
        let j = f_lo + x;
        consider(cf + b.cost_at(0, m - j), j, None);
    }
    let (f_lo, f_row) = &f.last[1];
    for (x, &cf) in f_row.iter().enumerate() {
        let j = f_lo + x;
        for &(a, bb) in SHAPES.iter().filter(|s| s.0 == 2) {
            if j + bb > m || !cf.is_finite() {
                continue;
            }
            let cb = b.cost_at(1, m - j - bb);
            if cb.is_finite() {
                let c = forward.cost((h - 1, a, j, bb), |s, t| scorer.pair_masks(s, t));
                consider(cf + c + cb, j, Some((a, bb)));
            }
        }
    }
    let (_, j, over) = join?;
    let (i0, j0) = if over.is_some() { (h - 1, j) } else { (h, j) };
    let mut out = f.trace((i0, j0));
    out.reverse();
    let (i1, j1) = match over {
        Some((a, bb)) => {
            out.push((i0, a, j0, bb));
            (i0 + a, j0 + bb)
        }
        None => (i0, j0),
    };
    out.extend(
        b.trace((n - i1, m - j1))
            .into_iter()
            .map(|bead| backward.bead(bead)),
    );
    Some(out)
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

    /// 300 numbered pairs; every 50 the target gains 4 unrelated
    /// sentences, so the path drifts 24 sentences: far outside a ±5 band
    /// around any fixed line. Returns the documents and the gold target of
    /// each source sentence.
    fn drifting() -> (Document, Document, Vec<usize>) {
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
        (doc("zh", &zh), doc("en", &en), gold)
    }

    #[test]
    fn halves_run_at_once_find_the_same_path() {
        let (zh, en, _) = drifting();
        let scorer = PairScorer::new(&zh, &en, &Dictionary::empty(), Weights::default());
        let whole = path(&scorer, 5);
        let split = split_path(&scorer, 5).expect("the halves meet");
        assert_eq!(split, whole);
    }

    #[test]
    fn follows_a_path_that_drifts_beyond_its_width() {
        let (zh, en, gold) = drifting();
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
