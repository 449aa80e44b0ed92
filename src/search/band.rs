//! The cells a search fills: for each source row a range of target
//! positions. Bands are built around the length diagonal, around a path
//! (a corridor) or from per-row bounds, and widened where a path runs
//! along their edge.

use super::Step;

/// The cells of a search: for each source position `i0 + r`, target
/// positions `lo[r]..=hi[r]`. The search runs from `(i0, lo[0])` to the last
/// row's `hi`.
pub struct Band {
    i0: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// A band of half-width `half_width` around the length diagonal of a
    /// document pair with cumulative sentence lengths `sc` (source, `n + 1`
    /// values from 0) and `tc` (target).
    pub fn around_diagonal(sc: &[f64], tc: &[f64], half_width: usize) -> Band {
        let (n, m) = (sc.len() - 1, tc.len() - 1);
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
    pub fn from_bounds(
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

    /// Where `path` runs within `margin` target sentences of the band's
    /// edge for `run` beads in a row or more, where the edge could move
    /// (not at the first or last target sentence), so that the best path
    /// may lie outside: the rows from the first such stretch to the last,
    /// if any.
    pub fn touched_rows(&self, path: &[Step], margin: usize, run: usize) -> Option<(usize, usize)> {
        let (_, last) = self.end();
        let first = self.lo[0];
        let mut length = 0;
        let mut stretch_start = 0;
        let mut span: Option<(usize, usize)> = None;
        for &(i, a, j, _) in path {
            let (lo, hi) = self.row(i);
            if (lo > first && j < lo + margin) || (hi < last && j + margin > hi) {
                if length == 0 {
                    stretch_start = i;
                }
                length += 1;
                if length >= run.max(1) {
                    let end = i + a;
                    span = Some(span.map_or((stretch_start, end), |(s, _)| (s, end)));
                }
            } else {
                length = 0;
            }
        }
        span
    }

    /// This band with `half_width` more target sentences on either side of
    /// rows `r0..=r1` (made passable again).
    pub fn widened_rows(&self, r0: usize, r1: usize, half_width: usize) -> Band {
        let (b0, b1) = self.rows();
        let inside = |i: usize| (r0.max(b0)..=r1.min(b1)).contains(&(self.i0 + i));
        let lo = (0..self.lo.len())
            .map(|r| {
                if inside(r) {
                    self.lo[r].saturating_sub(half_width)
                } else {
                    self.lo[r]
                }
            })
            .collect();
        let hi = (0..self.hi.len())
            .map(|r| {
                if inside(r) {
                    self.hi[r] + half_width
                } else {
                    self.hi[r]
                }
            })
            .collect();
        Band::from_bounds(self.i0, lo, hi, (self.lo[0], self.end().1))
    }

    /// The band of every cell within `half_width` target sentences of a
    /// bead's box on `path` (a stretch of a path), from its start to its
    /// end.
    pub fn around_path(path: &[Step], half_width: usize) -> Band {
        let (i0, _, j0, _) = path[0];
        let &(il, al, jl, bl) = path.last().unwrap_or(&path[0]);
        let rows = il + al - i0 + 1;
        let (mut lo, mut hi) = (vec![usize::MAX; rows], vec![0; rows]);
        hold(&mut lo, &mut hi, i0, path, half_width);
        Band::from_bounds(i0, lo, hi, (j0, jl + bl))
    }

    /// Every cell of this band or of `other` (both over the same rows).
    pub fn union(&self, other: &Band) -> Band {
        let lo = self
            .lo
            .iter()
            .zip(&other.lo)
            .map(|(a, b)| *a.min(b))
            .collect();
        let hi = self
            .hi
            .iter()
            .zip(&other.hi)
            .map(|(a, b)| *a.max(b))
            .collect();
        Band::from_bounds(self.i0, lo, hi, (self.lo[0], self.end().1))
    }

    /// Rows `r0..=r1` of this band as they are (not made passable): the
    /// cells whose beads a stretch of rows may hold.
    pub fn slice(&self, r0: usize, r1: usize) -> Band {
        let (a, b) = (r0 - self.i0, r1 - self.i0);
        let lo = self.lo[a..=b].to_vec();
        let hi = self.hi[a..=b].to_vec();
        let mut offset = Vec::with_capacity(lo.len() + 1);
        offset.push(0);
        for r in 0..lo.len() {
            offset.push(offset[r] + hi[r] - lo[r] + 1);
        }
        Band {
            i0: r0,
            lo,
            hi,
            offset,
        }
    }

    /// Every cell as `(i, j, index)`, row by row and left to right (reverse
    /// it for the backward pass).
    pub fn walk(&self) -> impl DoubleEndedIterator<Item = (usize, usize, usize)> + '_ {
        (0..self.lo.len()).flat_map(move |r| {
            let (lo, offset) = (self.lo[r], self.offset[r]);
            (lo..self.hi[r] + 1).map(move |j| (self.i0 + r, j, offset + j - lo))
        })
    }

    pub fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }

    /// First and last source row.
    pub fn rows(&self) -> (usize, usize) {
        (self.i0, self.i0 + self.lo.len() - 1)
    }

    /// Target range of source row `i`.
    pub fn row(&self, i: usize) -> (usize, usize) {
        let r = i - self.i0;
        (self.lo[r], self.hi[r])
    }

    pub(crate) fn start(&self) -> (usize, usize) {
        (self.i0, self.lo[0])
    }

    pub(crate) fn end(&self) -> (usize, usize) {
        let (_, i1) = self.rows();
        (i1, self.hi[self.lo.len() - 1])
    }

    pub(crate) fn index(&self, i: usize, j: usize) -> Option<usize> {
        let r = i.checked_sub(self.i0)?;
        if r < self.lo.len() && j >= self.lo[r] && j <= self.hi[r] {
            Some(self.offset[r] + j - self.lo[r])
        } else {
            None
        }
    }
}

/// Widens the row bounds `lo`, `hi` (rows from `i0`) to hold every bead of
/// `path` with `half_width` target sentences to spare.
fn hold(lo: &mut [usize], hi: &mut [usize], i0: usize, path: &[Step], half_width: usize) {
    for &(i, a, j, b) in path {
        for r in i - i0..=i + a - i0 {
            lo[r] = lo[r].min(j.saturating_sub(half_width));
            hi[r] = hi[r].max(j + b + half_width);
        }
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
        assert!(band.touched_rows(&diagonal, 1, 1).is_none());
        // Held on the upper edge from row 3 to row 6, three beads in a row.
        let mut held = diagonal.clone();
        for (i, bead) in held.iter_mut().enumerate().take(6).skip(3) {
            *bead = (i, 1, 2 * i + 2, 2);
        }
        assert!(band.touched_rows(&held, 1, 3).is_some());
        assert!(band.touched_rows(&held, 1, 4).is_none());
        // The first and last rows end at the band's fixed corners.
        assert!(band.touched_rows(&[(0, 1, 0, 1)], 1, 1).is_none());
        let wider = band.widened_rows(0, 10, 3);
        assert!(wider.cells() > band.cells());
        assert!(wider.touched_rows(&held, 1, 1).is_none());
        for i in 0..=10 {
            let (lo, hi) = band.row(i);
            let (wlo, whi) = wider.row(i);
            assert!(wlo <= lo && whi >= hi, "{i}");
        }
        // Widened only where it was held in: rows 3..=6 and their
        // neighbours within reach; rows far away keep their bounds.
        assert_eq!(band.touched_rows(&held, 1, 3), Some((3, 6)));
        assert_eq!(band.touched_rows(&diagonal, 1, 1), None);
        let local = band.widened_rows(2, 7, 3);
        assert!(local.touched_rows(&held, 1, 1).is_none());
        assert!(local.cells() < wider.cells());
        assert_eq!(local.row(10), band.row(10));
        assert_eq!(local.row(9), band.row(9));
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
}
