//! Semantic similarity of spans from multilingual sentence embeddings
//! (Universal Sentence Encoder Multilingual, see `crate::embed`).
//!
//! A span's vector is the normalised sum of its sentences' vectors, computed
//! once per span and cached. Similarities are margin-normalised: each span's
//! mean similarity to the sentences near it on the other side is subtracted,
//! as vecalign and Bertalign do, so that a fixed cosine offset between
//! languages or texts does not matter.

use crate::embed::{DIM, Embeddings};
use crate::vector::{dot, normalise};

/// Span vectors and margins of one document pair.
#[derive(Debug, Clone)]
pub struct SemanticIndex {
    max_side: usize,
    n: usize,
    m: usize,
    /// `(a − 1) * n + i` → the vector of source span `i..i+a`.
    source: Vec<f32>,
    target: Vec<f32>,
    source_margin: Vec<f32>,
    target_margin: Vec<f32>,
}

/// Neighbours on each side of the diagonal that a margin averages over.
const NEIGHBOURS: usize = 8;

fn span_vectors(sentences: &Embeddings, max_side: usize) -> Vec<f32> {
    let n = sentences.len();
    let mut out = vec![0f32; max_side * n * DIM];
    for a in 1..=max_side {
        for i in 0..n {
            let dst = &mut out[((a - 1) * n + i) * DIM..((a - 1) * n + i + 1) * DIM];
            for k in i..(i + a).min(n) {
                for (d, s) in dst.iter_mut().zip(sentences.row(k)) {
                    *d += s;
                }
            }
            normalise(dst);
        }
    }
    out
}

/// Replaces the vectors of spans of `a` sentences (`a` = 2, 3 …) with
/// vectors of the spans' own encoded text.
fn override_spans(spans: &mut [f32], n: usize, encoded: &[Embeddings]) {
    for (k, vectors) in encoded.iter().enumerate() {
        let a = k + 2;
        for i in 0..vectors.len().min(n) {
            let at = ((a - 1) * n + i) * DIM;
            spans[at..at + DIM].copy_from_slice(vectors.row(i));
        }
    }
}

impl SemanticIndex {
    /// Builds span vectors up to `max_side` sentences and their margins.
    pub fn new(source: &Embeddings, target: &Embeddings, max_side: usize) -> SemanticIndex {
        Self::with_spans(source, target, &[], &[], max_side)
    }

    /// Like [`SemanticIndex::new`], with the vectors of 2-, 3- … sentence
    /// spans encoded from their text (`source_spans[k]` holds the spans of
    /// `k + 2` sentences starting at each position) instead of summed.
    pub fn with_spans(
        source: &Embeddings,
        target: &Embeddings,
        source_spans: &[Embeddings],
        target_spans: &[Embeddings],
        max_side: usize,
    ) -> SemanticIndex {
        let (n, m) = (source.len(), target.len());
        let mut src = span_vectors(source, max_side);
        let mut tgt = span_vectors(target, max_side);
        override_spans(&mut src, n, source_spans);
        override_spans(&mut tgt, m, target_spans);
        // Mean similarity of a span to the single sentences around the
        // matching position on the other side.
        let margins = |spans: &[f32], len: usize, other: &Embeddings, ratio: f64| -> Vec<f32> {
            let other_len = other.len();
            let mut out = vec![0f32; max_side * len];
            for a in 1..=max_side {
                for i in 0..len {
                    if other_len == 0 {
                        continue;
                    }
                    let v = &spans[((a - 1) * len + i) * DIM..((a - 1) * len + i + 1) * DIM];
                    let centre = ((i as f64 + a as f64 / 2.0) * ratio) as usize;
                    let lo = centre.saturating_sub(NEIGHBOURS).min(other_len - 1);
                    let hi = (centre + NEIGHBOURS).min(other_len - 1);
                    let sum: f32 = (lo..=hi).map(|j| dot(v, other.row(j))).sum();
                    out[(a - 1) * len + i] = sum / (hi - lo + 1) as f32;
                }
            }
            out
        };
        let ratio = if n > 0 { m as f64 / n as f64 } else { 1.0 };
        let source_margin = margins(&src, n, target, ratio);
        let target_margin = margins(&tgt, m, source, 1.0 / ratio.max(1e-9));
        SemanticIndex {
            max_side,
            n,
            m,
            source: src,
            target: tgt,
            source_margin,
            target_margin,
        }
    }

    /// The embedding of source sentence `k` (or else of target sentence
    /// `k`).
    pub fn sentence(&self, source: bool, k: usize) -> &[f32] {
        let v = if source { &self.source } else { &self.target };
        &v[k * DIM..(k + 1) * DIM]
    }

    /// Margin-normalised similarity of source `i..i+a` with target
    /// `j..j+b` (roughly −0.5 to 0.8; around 0 for unrelated text).
    pub fn similarity(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f64> {
        if a == 0
            || b == 0
            || a > self.max_side
            || b > self.max_side
            || i + a > self.n
            || j + b > self.m
        {
            return None;
        }
        let x = ((a - 1) * self.n + i) * DIM;
        let y = ((b - 1) * self.m + j) * DIM;
        let cos = dot(&self.source[x..x + DIM], &self.target[y..y + DIM]);
        let margin = (self.source_margin[(a - 1) * self.n + i]
            + self.target_margin[(b - 1) * self.m + j])
            / 2.0;
        Some(f64::from(cos - margin))
    }
}
