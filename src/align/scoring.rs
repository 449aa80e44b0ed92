//! The scorer as the search sees it ([`crate::search::Scoring`]): bead
//! costs inside a band, with the lexical masks of the band's sentence pairs
//! computed once, and the evidence vectors of sentences for the first pass.

use crate::score::PairScorer;
use crate::search::{Band, CostFn, Scoring};

/// Beads whose shape prior and length cost alone exceed this are left out
/// (their posterior weight would be below e^-20).
const PRUNE: f64 = 25.0;

/// A [`PairScorer`] behind the search's trait.
pub(crate) struct Scored<'a>(&'a PairScorer);

impl<'a> Scored<'a> {
    pub(crate) fn new(scorer: &'a PairScorer) -> Scored<'a> {
        Scored(scorer)
    }
}

impl Scoring for Scored<'_> {
    fn dims(&self) -> (usize, usize) {
        self.0.dims()
    }

    fn cumulative_lengths(&self) -> (&[f64], &[f64]) {
        self.0.cumulative_lengths()
    }

    fn prepare<'s>(&'s self, band: &Band, max_side: usize) -> CostFn<'s> {
        let scorer = self.0;
        let cache = MaskCache::new(scorer, band, max_side);
        Box::new(move |i, a, j, b| {
            let masks =
                |s: usize, t: usize| cache.get(s, t).unwrap_or_else(|| scorer.pair_masks(s, t));
            scorer.cost_within(i, a, j, b, PRUNE, masks)
        })
    }

    fn null_run(&self) -> f64 {
        self.0.weights.null_run
    }

    fn vector_dim(&self) -> usize {
        self.0.vector_dim()
    }

    fn add_vector(&self, source: bool, k: usize, out: &mut [f32]) {
        self.0.add_vector(source, k, out);
    }
}

/// Lexical masks of the sentence pairs a band's beads may hold.
struct MaskCache {
    i0: usize,
    start: Vec<usize>,
    offset: Vec<usize>,
    masks: Vec<(u64, u64)>,
}

impl MaskCache {
    fn new(scorer: &PairScorer, band: &Band, max_side: usize) -> MaskCache {
        let (i0, i1) = band.rows();
        // Beads ending in row i0 start up to max_side rows before it.
        let first = i0.saturating_sub(max_side);
        let mut cache = MaskCache {
            i0: first,
            start: Vec::new(),
            offset: vec![0],
            masks: Vec::new(),
        };
        if !scorer.uses_lexical() {
            return cache;
        }
        let (n, m) = scorer.dims();
        let row = |r: usize| band.row(r.clamp(i0, i1));
        for s in first..i1.min(n) {
            let lo = row((s + 1).saturating_sub(max_side)).0;
            let hi = row(s + max_side).1.min(m);
            let lo = lo.min(hi);
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
