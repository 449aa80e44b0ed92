//! The sentence-level first pass: a Viterbi search over the five cheap
//! shapes (1-1, 1-0, 0-1, 1-2, 2-1) in the band the block passes found
//! ([`super::blocks`]), in O(band) time and three bytes of memory per cell.
//! Like the exact search, it keeps three states per cell (after a bead with
//! both sides, after a 1-0, after a 0-1), so that a passage left
//! untranslated is one cheap run of nulls rather than a reason to pair its
//! sentences with anything near. Its path is handed on in settled parts, so
//! that the exact windows can start while it goes on.

use super::band::Band;
use super::{Scoring, Step};

/// The shapes of the coarse pass.
const SHAPES: [(usize, usize); 5] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];

/// States of a cell: after a bead with both sides (or at the start), after
/// a 1-0 bead, after a 0-1 bead.
const STATES: usize = 3;

/// The state a bead of shape `k` leads to.
fn state_after(k: usize) -> usize {
    match SHAPES[k] {
        (1, 0) => 1,
        (0, 1) => 2,
        _ => 0,
    }
}

/// No bead leads here.
const NONE: u8 = u8::MAX;

/// A back-pointer: the shape of the bead into a cell's state and the state
/// it came from.
fn pack(k: usize, from: usize) -> u8 {
    (k * STATES + from) as u8
}

fn unpack(code: u8) -> Option<((usize, usize), usize)> {
    let code = usize::from(code);
    SHAPES
        .get(code / STATES)
        .map(|&shape| (shape, code % STATES))
}

/// Rows whose bead costs are prepared at a time.
const CHUNK: usize = 512;

/// Rows between checks for a settled start of the path.
const SETTLE_EVERY: usize = 256;

/// A position on the grid and the state the path is in there.
type Node = (usize, usize, usize);

/// The back-pointers of the rows searched so far.
struct Back {
    /// Per cell, one code per state.
    codes: Vec<[u8; STATES]>,
    /// Where each row's cells start in `codes`, and its first column.
    offset: Vec<usize>,
    lo: Vec<usize>,
}

impl Back {
    fn code(&self, (i, j, s): Node) -> u8 {
        self.codes[self.offset[i] + j - self.lo[i]][s]
    }

    /// The node before `node` on its best path.
    fn step_back(&self, node: Node) -> Option<Node> {
        let ((a, b), from) = unpack(self.code(node))?;
        Some((node.0 - a, node.1 - b, from))
    }
}

/// The coarse path handed to `emit` in parts, in order, each as soon as it
/// is settled: once the best paths to every live node of the last two rows
/// (one of which any longer path passes) run through one node, the path up
/// to that node is the final one's.
pub(crate) fn path_by_parts(scoring: &dyn Scoring, band: &Band, mut emit: impl FnMut(&[Step])) {
    let (n, m) = band.end();
    let run = scoring.null_run();
    let mut back = Back {
        codes: Vec::with_capacity(band.cells()),
        offset: Vec::with_capacity(n + 2),
        lo: Vec::with_capacity(n + 1),
    };
    // Best costs of the last three rows (row i at i % 3) and their `lo`.
    let mut best: [Vec<[f64; STATES]>; 3] = Default::default();
    let mut best_lo = [0usize; 3];
    // The end of the settled part of the path.
    let mut settled: Node = (0, 0, 0);
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
        back.offset.push(back.codes.len());
        back.lo.push(row_lo);
        let cur = i % 3;
        let mut row = std::mem::take(&mut best[cur]);
        row.clear();
        row.resize(row_hi - row_lo + 1, [f64::INFINITY; STATES]);
        for j in row_lo..=row_hi {
            let x = j - row_lo;
            let mut here = [f64::INFINITY; STATES];
            let mut codes = [NONE; STATES];
            if (i, j) == (0, 0) {
                here[0] = 0.0;
            }
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
                let Some(prev) = prev.filter(|p| p.iter().any(|c| c.is_finite())) else {
                    continue;
                };
                let c = cost(i - a, a, j - b, b);
                let to = state_after(k);
                for (from, &p) in prev.iter().enumerate() {
                    // The next sentence of a run of nulls costs at most `run`.
                    let c = if to != 0 && from == to { c.min(run) } else { c };
                    if p + c < here[to] {
                        here[to] = p + c;
                        codes[to] = pack(k, from);
                    }
                }
            }
            row[x] = here;
            back.codes.push(codes);
        }
        best[cur] = row;
        best_lo[cur] = back.lo[i];
        if i > 1 && i < n && i % SETTLE_EVERY == 0 {
            let meet = meeting_node(&back, i);
            if let Some(meet) = meet
                && meet != settled
            {
                trace(&back, meet, settled, &mut part);
                emit(&part);
                settled = meet;
            }
        }
    }
    back.offset.push(back.codes.len());
    let end_state = best[n % 3]
        .get(m - back.lo[n])
        .and_then(|costs| (0..STATES).min_by(|&x, &y| costs[x].total_cmp(&costs[y])))
        .unwrap_or(0);
    trace(&back, (n, m, end_state), settled, &mut part);
    emit(&part);
}

/// The node where the best paths to every live node of rows `i - 1` and
/// `i` meet, if they do: they are walked back together, the furthest along
/// first.
fn meeting_node(back: &Back, i: usize) -> Option<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    for r in [i - 1, i] {
        let start = back.offset[r];
        let end = if r == i {
            back.codes.len()
        } else {
            back.offset[i]
        };
        for x in start..end {
            for s in 0..STATES {
                if back.codes[x][s] != NONE {
                    nodes.push((r, back.lo[r] + x - start, s));
                }
            }
        }
    }
    while nodes.len() > 1 {
        let far = nodes.iter().map(|&(r, c, _)| r + c).max().unwrap_or(0);
        let mut moved = false;
        for node in &mut nodes {
            if node.0 + node.1 == far
                && let Some(before) = back.step_back(*node)
            {
                *node = before;
                moved = true;
            }
        }
        if !moved {
            return None;
        }
        nodes.sort_unstable();
        nodes.dedup();
    }
    nodes.first().copied()
}

/// The beads of the best path from node `from` back to node `to`, in order,
/// into `out` (cleared first).
fn trace(back: &Back, from: Node, to: Node, out: &mut Vec<Step>) {
    out.clear();
    let mut node = from;
    while (node.0, node.1) != (to.0, to.1) && (node.0 > 0 || node.1 > 0) {
        let Some(before) = back.step_back(node) else {
            break;
        };
        out.push((before.0, node.0 - before.0, before.1, node.1 - before.1));
        node = before;
    }
    out.reverse();
}
