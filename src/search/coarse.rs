//! The sentence-level first pass: a Viterbi search over the five cheap
//! shapes (1-1, 1-0, 0-1, 1-2, 2-1) in the band the block passes found
//! ([`super::blocks`]), in O(band) time and one byte of memory per cell. Its
//! path is handed on in settled parts, so that the exact windows can start
//! while it goes on.

use super::band::Band;
use super::{Scoring, Step};

/// The shapes of the coarse pass.
const SHAPES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// Rows whose bead costs are prepared at a time.
const CHUNK: usize = 512;

/// Rows between checks for a settled start of the path.
const SETTLE_EVERY: usize = 256;

/// The coarse path handed to `emit` in parts, in order, each as soon as it
/// is settled: once the best paths to every live cell of the last two rows
/// (one of which any longer path passes) run through one cell, the path up
/// to that cell is the final one's.
pub(crate) fn path_by_parts(scoring: &dyn Scoring, band: &Band, mut emit: impl FnMut(&[Step])) {
    let (n, m) = band.end();
    let mut lo = Vec::with_capacity(n + 1);
    let mut offset = Vec::with_capacity(n + 2);
    let mut back: Vec<u8> = Vec::with_capacity(band.cells());
    // Best costs of the last three rows (row i at i % 3) and their `lo`.
    let mut best: [Vec<f64>; 3] = Default::default();
    let mut best_lo = [0usize; 3];
    // The end of the settled part of the path.
    let mut settled = (0usize, 0usize);
    let mut part = Vec::new();
    // Costs for rows up to `chunk_end` (beads ending there start at most
    // two rows before).
    let mut chunk_end = CHUNK.min(n + 1);
    let mut cost = scoring.prepare(&band.slice(0, chunk_end - 1), 2);
    for i in 0..=n {
        if i >= chunk_end {
            chunk_end = (i + CHUNK).min(n + 1);
            cost = scoring.prepare(&band.slice(i - 2, chunk_end - 1), 2);
        }
        let (row_lo, row_hi) = band.row(i);
        offset.push(back.len());
        lo.push(row_lo);
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
                let c = cost(i - a, a, j - b, b);
                if prev + c < here {
                    here = prev + c;
                    arg = k as u8;
                }
            }
            row[x] = here;
            back.push(arg);
        }
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
    out: &mut Vec<Step>,
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
