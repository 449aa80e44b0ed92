//! The search: dynamic programming over bead shapes (1-1, 1-0, 0-1, 2-1 …
//! up to six sentences a side) inside a band around the length diagonal,
//! then forward–backward over the same lattice to give every bead of the
//! best path a posterior confidence in [0, 1].
//!
//! Two passes: the first uses the default bead prior and length variance;
//! the second refits both to what the first found in this document pair.

use crate::embed::Encoder;
use crate::lexicon::Dictionary;
use crate::model::{Bead, Document, Status};
use crate::score::semantic::SemanticIndex;
use crate::score::{PairScorer, Weights, bead_shapes};

/// Options of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Most sentences on one side of a bead.
    pub max_side: usize,
    /// Most sentences in a bead, both sides together.
    pub max_total: usize,
    /// Half-width of the search band around the length diagonal, in target
    /// sentences.
    pub band: usize,
    /// Temperature that turns costs into probabilities for confidences.
    pub temperature: f64,
    /// Beads under this confidence get the status `review`.
    pub review_below: f64,
    /// Search passes: a second one refits the bead prior and the length
    /// variance to what the first found (helps texts unlike the ones the
    /// defaults were fitted on; on mac-dev one pass is better).
    pub passes: usize,
    /// Cost weights.
    pub weights: Weights,
    /// Which evidence scores beads.
    pub scorer: ScorerKind,
    /// Spans of up to this many sentences are embedded from their own text;
    /// longer ones (and all with 1) sum their sentences' vectors.
    pub encoded_spans: usize,
}

impl AlignOptions {
    /// The defaults for a scorer: its fitted weights and temperature.
    pub fn for_scorer(scorer: ScorerKind) -> AlignOptions {
        match scorer {
            ScorerKind::Classic => AlignOptions::default(),
            ScorerKind::Semantic | ScorerKind::Combined => AlignOptions {
                scorer,
                weights: Weights::combined(),
                temperature: 1.0,
                ..AlignOptions::default()
            },
        }
    }
}

/// The evidence that scores beads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScorerKind {
    /// Length, dictionary and anchors: fast, any size, any language pair.
    #[default]
    Classic,
    /// Sentence embeddings with length and anchors, without the dictionary.
    Semantic,
    /// Sentence embeddings and the dictionary together.
    Combined,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            max_side: 6,
            max_total: 7,
            band: 60,
            temperature: 1.25,
            review_below: 0.5,
            passes: 1,
            weights: Weights::default(),
            scorer: ScorerKind::Classic,
            encoded_spans: 1,
        }
    }
}

/// Aligns two segmented documents. Every sentence of both sides ends up in
/// exactly one bead, in order.
pub fn align(
    source: &Document,
    target: &Document,
    dictionary: &Dictionary,
    options: &AlignOptions,
) -> Vec<Bead> {
    align_with_encoder(source, target, dictionary, None, options)
}

/// Aligns with sentence embeddings from `encoder` when the options ask for
/// the semantic or combined scorer (and an encoder is given).
pub fn align_with_encoder(
    source: &Document,
    target: &Document,
    dictionary: &Dictionary,
    encoder: Option<&Encoder>,
    options: &AlignOptions,
) -> Vec<Bead> {
    let mut weights = options.weights.clone();
    if options.scorer == ScorerKind::Semantic {
        weights.lexical = 0.0;
    }
    let mut scorer = PairScorer::new(source, target, dictionary, weights);
    if let (Some(encoder), ScorerKind::Semantic | ScorerKind::Combined) = (encoder, options.scorer)
    {
        scorer.set_semantic(semantic_index(encoder, source, target, options));
    }
    align_with(&mut scorer, options)
}

/// Aligns with a prepared scorer (for callers that adjust it).
pub fn align_with(scorer: &mut PairScorer, options: &AlignOptions) -> Vec<Bead> {
    let (n, m) = scorer.dims();
    if n == 0 || m == 0 {
        return (0..n)
            .map(|i| Bead::new(vec![i], vec![], 0.0))
            .chain((0..m).map(|j| Bead::new(vec![], vec![j], 0.0)))
            .map(|mut b| {
                b.status = Status::Review;
                b
            })
            .collect();
    }
    let shapes = bead_shapes(options.max_side, options.max_total);
    let band = Band::around_diagonal(scorer, band_within_memory(n, options.band));
    scorer.prepare(&band.lexical_ranges(options.max_side));
    for _ in 1..options.passes.max(1) {
        let first = Lattice::run(scorer, &band, &shapes, options.temperature, false);
        refit(scorer, &first.best_path());
    }
    let lattice = Lattice::run(scorer, &band, &shapes, options.temperature, true);
    let path = lattice.best_path();
    path.into_iter()
        .map(|(i, a, j, b)| {
            let confidence = lattice.posterior(i, a, j, b).clamp(0.0, 1.0);
            let mut bead = Bead::new((i..i + a).collect(), (j..j + b).collect(), confidence);
            if confidence < options.review_below {
                bead.status = Status::Review;
            }
            bead
        })
        .collect()
}

/// Embeds the sentences (and short spans) of both documents.
pub fn semantic_index(
    encoder: &Encoder,
    source: &Document,
    target: &Document,
    options: &AlignOptions,
) -> SemanticIndex {
    let texts = |doc: &Document, a: usize| -> Vec<String> {
        (0..doc.len().saturating_sub(a - 1))
            .map(|i| doc.join(&(i..i + a).collect::<Vec<_>>()))
            .collect()
    };
    let spans = |doc: &Document| -> Vec<crate::embed::Embeddings> {
        (2..=options.encoded_spans.min(options.max_side))
            .map(|a| encoder.embed_all(&texts(doc, a)))
            .collect()
    };
    SemanticIndex::with_spans(
        &encoder.embed_all(&texts(source, 1)),
        &encoder.embed_all(&texts(target, 1)),
        &spans(source),
        &spans(target),
        options.max_side,
    )
}

/// Lattice cells a search may hold (about 110 bytes each with cached
/// costs): beyond this the band narrows so that memory stays near 1 GB.
const CELL_BUDGET: usize = 10_000_000;

/// The band half-width for `n` source sentences: as asked, or narrower for
/// huge inputs (a stopgap until a coarse-to-fine search exists).
pub fn band_within_memory(n: usize, asked: usize) -> usize {
    asked.min((CELL_BUDGET / (n + 1) / 2).max(4))
}

/// Refits the bead prior and the length variance to a first-pass path.
fn refit(scorer: &mut PairScorer, path: &[(usize, usize, usize, usize)]) {
    let pairs: Vec<(f64, f64)> = path
        .iter()
        .filter(|&&(_, a, _, b)| a == 1 && b == 1)
        .map(|&(i, a, j, b)| scorer.span_lengths(i, a, j, b))
        .collect();
    scorer.length = scorer.length.refit(&pairs);
    let total = path.len() as f64;
    if total < 20.0 {
        return;
    }
    let mut counts = std::collections::HashMap::new();
    for &(_, a, _, b) in path {
        *counts.entry((a, b)).or_insert(0.0) += 1.0;
    }
    // Blend the document's own shape frequencies with the default prior.
    let strength = 50.0;
    let old: Vec<Vec<f64>> = (0..=8)
        .map(|a| (0..=8).map(|b| scorer.prior_cost(a, b)).collect())
        .collect();
    scorer.set_prior(|a, b| {
        let p0 = (-old[a][b]).exp();
        let c = counts.get(&(a, b)).copied().unwrap_or(0.0);
        -((c + strength * p0) / (total + strength)).ln()
    });
}

/// The cells of the DP: for each source position i, target positions
/// `lo[i]..=hi[i]`.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    fn around_diagonal(scorer: &PairScorer, half_width: usize) -> Band {
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
        lo[0] = 0;
        hi[n] = m;
        // Keep the band monotone so every cell can be reached.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        // Neighbouring rows must overlap so that a 1-0 bead links them.
        for i in 1..=n {
            lo[i] = lo[i].min(hi[i - 1]);
        }
        let mut offset = Vec::with_capacity(n + 2);
        offset.push(0);
        for i in 0..=n {
            offset.push(offset[i] + hi[i] - lo[i] + 1);
        }
        Band { lo, hi, offset }
    }

    fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i < self.lo.len() && j >= self.lo[i] && j <= self.hi[i] {
            Some(self.offset[i] + j - self.lo[i])
        } else {
            None
        }
    }

    fn lexical_ranges(&self, max_side: usize) -> Vec<(usize, usize)> {
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

/// The transition costs of a band: for every cell and shape, the cost of
/// the bead that ends in the cell (`INFINITY` where the bead leaves the band).
struct Costs {
    shapes: Vec<(usize, usize)>,
    values: Vec<f32>,
}

impl Costs {
    fn compute(scorer: &PairScorer, band: &Band, shapes: &[(usize, usize)]) -> Costs {
        let s = shapes.len();
        let mut values = vec![f32::INFINITY; band.cells() * s];
        for i in 0..band.lo.len() {
            for j in band.lo[i]..=band.hi[i] {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    if a > i || b > j || band.index(i - a, j - b).is_none() {
                        continue;
                    }
                    values[here * s + k] = scorer.cost(i - a, a, j - b, b) as f32;
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

/// Viterbi costs with back-pointers, and forward/backward log-sums.
struct Lattice<'b> {
    band: &'b Band,
    costs: Costs,
    back: Vec<u8>,
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
    hi + (lo - hi).exp().ln_1p()
}

impl<'b> Lattice<'b> {
    /// Best path; with `posteriors`, also the forward and backward sums.
    fn run(
        scorer: &PairScorer,
        band: &'b Band,
        shapes: &[(usize, usize)],
        temperature: f64,
        posteriors: bool,
    ) -> Self {
        let costs = Costs::compute(scorer, band, shapes);
        let cells = band.cells();
        let (n, m) = scorer.dims();
        let t = temperature.max(1e-6);
        let mut best = vec![f64::INFINITY; cells];
        let mut back = vec![u8::MAX; cells];
        let mut alpha = vec![f64::NEG_INFINITY; if posteriors { cells } else { 0 }];
        best[0] = 0.0;
        if posteriors {
            alpha[0] = 0.0;
        }
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i] {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                for (k, &(a, b)) in shapes.iter().enumerate() {
                    let c = costs.get(here, k);
                    if c.is_infinite() {
                        continue;
                    }
                    let Some(prev) = band.index(i - a, j - b) else {
                        continue;
                    };
                    let total = best[prev] + c;
                    if total < best[here] {
                        best[here] = total;
                        back[here] = k as u8;
                    }
                    if posteriors {
                        alpha[here] = log_add(alpha[here], alpha[prev] - c / t);
                    }
                }
            }
        }
        let mut beta = vec![f64::NEG_INFINITY; if posteriors { cells } else { 0 }];
        if posteriors {
            if let Some(end) = band.index(n, m) {
                beta[end] = 0.0;
            }
            for i in (0..=n).rev() {
                for j in (band.lo[i]..=band.hi[i]).rev() {
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
                        let c = costs.get(next, k);
                        if c.is_infinite() || beta[next] == f64::NEG_INFINITY {
                            continue;
                        }
                        beta[here] = log_add(beta[here], beta[next] - c / t);
                    }
                }
            }
        }
        Lattice {
            band,
            costs,
            back,
            alpha,
            beta,
            temperature: t,
        }
    }

    /// The best path as (i, a, j, b) beads in order.
    fn best_path(&self) -> Vec<(usize, usize, usize, usize)> {
        let n = self.band.lo.len() - 1;
        let (mut i, mut j) = (n, self.band.hi[n]);
        let mut path = Vec::new();
        while i > 0 || j > 0 {
            let Some(here) = self.band.index(i, j) else {
                break;
            };
            let Some(&(a, b)) = self.costs.shapes.get(self.back[here] as usize) else {
                break;
            };
            path.push((i - a, a, j - b, b));
            i -= a;
            j -= b;
        }
        path.reverse();
        path
    }

    /// Posterior probability that the bead is part of the alignment.
    fn posterior(&self, i: usize, a: usize, j: usize, b: usize) -> f64 {
        let n = self.band.lo.len() - 1;
        let (Some(from), Some(to), Some(end), Some(k)) = (
            self.band.index(i, j),
            self.band.index(i + a, j + b),
            self.band.index(n, self.band.hi[n]),
            self.costs.shapes.iter().position(|&s| s == (a, b)),
        ) else {
            return 0.0;
        };
        if self.alpha.is_empty() {
            return 0.0;
        }
        let c = self.costs.get(to, k);
        (self.alpha[from] - c / self.temperature + self.beta[to] - self.alpha[end]).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Segment, check_coverage};

    fn doc(lang: &str, texts: &[&str]) -> Document {
        Document::new(
            lang,
            lang,
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| Segment::sentence(i, *t))
                .collect(),
        )
    }

    #[test]
    fn aligns_numbers_and_names() {
        let zh = doc(
            "zh",
            &[
                "6月10日,OpenAI发布了GPT-4。",
                "这是第一句话,很长很长很长。",
                "SamAltman说了2023年的事。",
            ],
        );
        let en = doc(
            "en",
            &[
                "On June 10, OpenAI released GPT-4.",
                "This sentence is long.",
                "Sam Altman talked about 2023.",
            ],
        );
        let beads = align(&zh, &en, Dictionary::builtin(), &AlignOptions::default());
        assert_eq!(beads.len(), 3);
        for (k, b) in beads.iter().enumerate() {
            assert_eq!(b.source, vec![k]);
            assert_eq!(b.target, vec![k]);
            assert!((0.0..=1.0).contains(&b.score));
        }
        check_coverage(&beads, 3, 3).unwrap();
    }

    #[test]
    fn empty_side_gives_nulls() {
        let zh = doc("zh", &["一。", "二。"]);
        let en = doc("en", &[]);
        let beads = align(&zh, &en, Dictionary::builtin(), &AlignOptions::default());
        assert_eq!(beads.len(), 2);
        assert!(beads.iter().all(|b| b.is_null()));
    }
}
