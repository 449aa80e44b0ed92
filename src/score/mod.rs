//! Scoring: the cost of a candidate bead (n source sentences against m target
//! sentences) from length, lexical overlap, anchors and boundaries. Lower is
//! better; costs are negative log-probabilities up to scale, so that the
//! search can also turn them into posterior confidences.

pub mod length;
pub mod lexical;
pub mod semantic;
pub mod tokens;

use crate::features::punctuation;
use crate::lexicon::Dictionary;
use crate::model::{Document, Lang, SegmentKind};
use length::{LengthModel, text_len};
use lexical::LexicalIndex;

/// Buckets of the hashed dictionary-key vectors that blocks of text are
/// compared by in the search's first pass.
const LEXICAL_DIM: usize = 128;

/// Prior cost of a bead shape, −ln P(a-b), Chinese on the left. Frequencies
/// from mac-dev's gold (smoothed).
pub fn default_prior(zh: usize, en: usize) -> f64 {
    let p = match (zh, en) {
        (1, 1) => 0.615,
        (1, 2) => 0.207,
        (1, 3) => 0.056,
        (2, 1) => 0.047,
        (1, 4) => 0.025,
        (2, 2) => 0.016,
        (2, 3) => 0.0098,
        (1, 0) => 0.0068,
        (3, 2) => 0.0045,
        (1, 5) => 0.0038,
        (0, 1) => 0.003,
        (3, 1) => 0.003,
        (2, 4) => 0.0023,
        (3, 3) | (1, 6) => 0.0015,
        _ => 0.0008,
    };
    -f64::ln(p)
}

/// The share of bead shapes with both sides that the first search finds
/// on mac-dev under [`default_prior`] (expected counts under the
/// posteriors, the classic and combined scorers averaged), Chinese on the
/// left; `None` where it finds about as many as the prior says. Learning
/// a document compares its shares with these rather than with the prior,
/// so that a document like mac-dev teaches nothing and the search's own
/// leanings (a little too many 2-3 and 3-4 beads) are not taken for the
/// document's.
pub fn reference_share(zh: usize, en: usize) -> Option<f64> {
    Some(match (zh, en) {
        (1, 1) => 0.627,
        (1, 2) => 0.201,
        (1, 3) => 0.056,
        (2, 1) => 0.046,
        (1, 4) => 0.026,
        (2, 2) => 0.011,
        (2, 3) => 0.013,
        (3, 2) => 0.005,
        (1, 5) => 0.0038,
        (2, 4) => 0.0038,
        (3, 3) => 0.0019,
        (3, 4) => 0.0024,
        (4, 3) => 0.0009,
        (2, 5) => 0.0011,
        (1, 6) => 0.0007,
        _ => return None,
    })
}

/// Weights of the cost terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Multiplies the bead-shape prior.
    pub prior: f64,
    /// Multiplies the Gale–Church length cost.
    pub length: f64,
    /// Variance of the length model across scripts (zh↔en), per unit at a
    /// length ratio of 1.
    pub length_spread: f64,
    /// Multiplies (typical similarity − lexical similarity): beads that
    /// match better than a typical right bead earn a reward.
    pub lexical: f64,
    /// Lexical similarity of a typical right bead; a bead without lexical
    /// evidence either way scores as this.
    pub lexical_mean: f64,
    /// How much the typical similarity grows with each sentence a bead adds
    /// beyond 1-1 (a union of sentences finds more words by chance).
    pub lexical_size: f64,
    /// A question on one side only.
    pub question: f64,
    /// An ellipsis or dash on one side only.
    pub ellipsis: f64,
    /// Quoted speech on one side only.
    pub quote: f64,
    /// Bead starts a paragraph on one side only.
    pub paragraph: f64,
    /// A paragraph break inside a bead.
    pub inner_paragraph: f64,
    /// Bead starts a speaker turn on one side only.
    pub turn: f64,
    /// A speaker turn starts inside a bead.
    pub inner_turn: f64,
    /// A heading against a sentence.
    pub heading: f64,
    /// Brackets on one side only.
    pub bracket: f64,
    /// The most a sentence costs that continues a run of untranslated
    /// sentences on one side (a 1-0 bead right after a 1-0 bead): a passage
    /// left out pays a single null's cost once, not for each of its
    /// sentences (a null's cost grows with the sentence's length, which
    /// glued long untranslated passages to their neighbours).
    pub null_run: f64,
    /// Multiplies (typical semantic similarity − semantic similarity), when
    /// sentence embeddings are used.
    pub semantic: f64,
    /// Margin-normalised semantic similarity of a typical right 1-1 bead.
    pub semantic_mean: f64,
    /// How much the typical semantic similarity changes with each sentence a
    /// bead adds beyond 1-1.
    pub semantic_size: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            prior: 1.62,
            length: 0.98,
            length_spread: 5.5,
            lexical: 14.63,
            lexical_mean: 0.405,
            lexical_size: 0.066,
            question: 1.139,
            ellipsis: 1.5,
            quote: 1.0,
            paragraph: 1.5,
            inner_paragraph: 2.0,
            turn: 3.0,
            inner_turn: 4.0,
            heading: 2.0,
            bracket: 0.5,
            null_run: 4.0,
            semantic: 10.0,
            semantic_mean: 0.35,
            semantic_size: 0.0,
        }
    }
}

impl Weights {
    /// Weights for the combined scorer (sentence embeddings with the
    /// dictionary), fitted on mac-dev by `examples/fit_weights.rs --set
    /// scorer=2`; the `Default` ones are the classic scorer's.
    pub fn combined() -> Weights {
        Weights {
            prior: 2.155,
            length_spread: 4.95,
            lexical: 10.973,
            question: 0.57,
            semantic: 10.0,
            semantic_mean: 0.35,
            semantic_size: 0.0,
            ..Weights::default()
        }
    }

    /// The weights by name, for fitting and for printing.
    pub fn params_mut(&mut self) -> [(&'static str, &mut f64); 19] {
        [
            ("prior", &mut self.prior),
            ("length", &mut self.length),
            ("length_spread", &mut self.length_spread),
            ("lexical", &mut self.lexical),
            ("lexical_mean", &mut self.lexical_mean),
            ("lexical_size", &mut self.lexical_size),
            ("question", &mut self.question),
            ("ellipsis", &mut self.ellipsis),
            ("quote", &mut self.quote),
            ("paragraph", &mut self.paragraph),
            ("inner_paragraph", &mut self.inner_paragraph),
            ("turn", &mut self.turn),
            ("inner_turn", &mut self.inner_turn),
            ("heading", &mut self.heading),
            ("bracket", &mut self.bracket),
            ("null_run", &mut self.null_run),
            ("semantic", &mut self.semantic),
            ("semantic_mean", &mut self.semantic_mean),
            ("semantic_size", &mut self.semantic_size),
        ]
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Features {
    question: bool,
    ellipsis: bool,
    quote: bool,
    brackets: bool,
    paragraph_start: bool,
    turn_start: bool,
    heading: bool,
}

fn features(doc: &Document) -> Vec<Features> {
    doc.segments
        .iter()
        .enumerate()
        .map(|(k, s)| Features {
            question: punctuation::is_question(&s.text),
            ellipsis: punctuation::has_ellipsis(&s.text),
            quote: punctuation::has_quote(&s.text),
            brackets: punctuation::brackets(&s.text) > 0,
            paragraph_start: k == 0 || doc.segments[k - 1].paragraph != s.paragraph,
            turn_start: s.turn_start,
            heading: s.kind == SegmentKind::Heading,
        })
        .collect()
}

/// True for a document whose reader found headings in its structure (not
/// plain text, whose headings are guessed).
fn has_headings(doc: &Document) -> bool {
    doc.structure.as_ref().is_some_and(|s| s.headings > 0)
}

fn cumulative(doc: &Document) -> Vec<f64> {
    let mut cum = Vec::with_capacity(doc.len() + 1);
    cum.push(0.0);
    for s in &doc.segments {
        cum.push(cum.last().copied().unwrap_or(0.0) + text_len(&s.text));
    }
    cum
}

/// Scores candidate beads between one source and one target document.
#[derive(Debug, Clone)]
pub struct PairScorer {
    src: Vec<Features>,
    tgt: Vec<Features>,
    src_cum: Vec<f64>,
    tgt_cum: Vec<f64>,
    /// Length model, refittable between passes.
    pub length: LengthModel,
    lex: LexicalIndex,
    /// True when the lexical index's side A is the source.
    a_is_source: bool,
    /// True when the source is Chinese (priors are kept zh-left).
    zh_left: bool,
    pub weights: Weights,
    prior: Vec<Vec<f64>>,
    semantic: Option<semantic::SemanticIndex>,
    /// Both documents are structured (DOCX, HTML, EPUB, Markdown …) with
    /// headings: a heading is never merged with a sentence of its own side,
    /// so a matched pair of chapter headings is a bead of its own and a
    /// boundary no bead crosses.
    hard_headings: bool,
}

impl PairScorer {
    /// Prepares the scorer for a document pair.
    pub fn new(
        source: &Document,
        target: &Document,
        dictionary: &Dictionary,
        weights: Weights,
    ) -> PairScorer {
        let a_is_source = source.family() == Lang::Zh || target.family() != Lang::Zh;
        let lex = if a_is_source {
            tokens::build_index(source, target, dictionary)
        } else {
            tokens::build_index(target, source, dictionary)
        };
        crate::timing::phase("lexical index");
        let zh_left = target.family() != Lang::Zh;
        let mut scorer = PairScorer {
            src: features(source),
            tgt: features(target),
            src_cum: cumulative(source),
            tgt_cum: cumulative(target),
            length: LengthModel::estimate(source, target, weights.length_spread),
            lex,
            a_is_source,
            zh_left,
            weights,
            prior: Vec::new(),
            semantic: None,
            hard_headings: has_headings(source) && has_headings(target),
        };
        scorer.set_prior(|a, b| {
            if zh_left {
                default_prior(a, b)
            } else {
                default_prior(b, a)
            }
        });
        scorer
    }

    /// True when bead `(i, a, j, b)` holds a heading and a sentence on one
    /// side (a heading against a sentence of the other side is only
    /// unlikely, as in plain text: the two documents may disagree on what
    /// is a heading).
    fn mixes_headings(&self, i: usize, a: usize, j: usize, b: usize) -> bool {
        let mixed = |f: &[Features]| f.iter().any(|x| x.heading) && f.iter().any(|x| !x.heading);
        mixed(&self.src[i..i + a]) || mixed(&self.tgt[j..j + b])
    }

    /// Adds semantic evidence from sentence embeddings.
    pub fn set_semantic(&mut self, index: semantic::SemanticIndex) {
        self.semantic = Some(index);
    }

    /// Replaces the bead-shape prior (costs by source × target count).
    pub fn set_prior(&mut self, prior: impl Fn(usize, usize) -> f64) {
        self.prior = (0..=8)
            .map(|a| (0..=8).map(|b| prior(a, b)).collect())
            .collect();
    }

    /// Number of source and target segments.
    pub fn dims(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }

    /// Source and target length of a span pair.
    pub fn span_lengths(&self, i: usize, a: usize, j: usize, b: usize) -> (f64, f64) {
        (
            self.src_cum[i + a] - self.src_cum[i],
            self.tgt_cum[j + b] - self.tgt_cum[j],
        )
    }

    /// Cumulative source and target lengths (for the search band).
    pub fn cumulative_lengths(&self) -> (&[f64], &[f64]) {
        (&self.src_cum, &self.tgt_cum)
    }

    /// Lexical similarity of a span pair, if there is evidence.
    pub fn lexical(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f64> {
        if self.a_is_source {
            self.lex.similarity(i, i + a, j, j + b)
        } else {
            self.lex.similarity(j, j + b, i, i + a)
        }
    }

    /// The lexical matches of source sentence `i` with target sentence `j`
    /// (opaque masks for [`PairScorer::cost_within`]).
    pub fn pair_masks(&self, i: usize, j: usize) -> (u64, u64) {
        if self.a_is_source {
            self.lex.pair_masks(i, j)
        } else {
            self.lex.pair_masks(j, i)
        }
    }

    /// Whether the lexical term takes part in costs (so that callers can
    /// skip computing masks).
    pub fn uses_lexical(&self) -> bool {
        self.weights.lexical != 0.0
    }

    /// How much better than a typical right bead the lexical and semantic
    /// evidence says the bead is (the negated sum of those cost terms:
    /// about 0 for a typical right bead, strongly negative for unrelated
    /// text), or `None` for a null bead or without such evidence.
    pub fn evidence(&self, i: usize, a: usize, j: usize, b: usize) -> Option<f64> {
        if a == 0 || b == 0 {
            return None;
        }
        let w = &self.weights;
        let extra = (a + b - 2) as f64;
        let mut e = None;
        if w.lexical != 0.0
            && let Some(sim) = self.lexical(i, a, j, b)
        {
            let expected = w.lexical_mean + w.lexical_size * extra;
            e = Some(w.lexical * (sim - expected));
        }
        if let Some(sem) = &self.semantic
            && let Some(sim) = sem.similarity(i, a, j, b)
        {
            let expected = w.semantic_mean + w.semantic_size * extra;
            e = Some(e.unwrap_or(0.0) + w.semantic * (sim - expected));
        }
        e
    }

    /// Length of [`PairScorer::add_vector`]'s vectors: hashed dictionary
    /// keys when the lexical term takes part, else sentence embeddings, else
    /// none.
    pub fn vector_dim(&self) -> usize {
        if self.uses_lexical() {
            LEXICAL_DIM
        } else if self.semantic.is_some() {
            crate::embed::DIM
        } else {
            0
        }
    }

    /// Adds source sentence `k`'s evidence vector (or else target sentence
    /// `k`'s) to `out`: its dictionary keys hashed, or its embedding.
    pub fn add_vector(&self, source: bool, k: usize, out: &mut [f32]) {
        if self.uses_lexical() {
            self.lex.add_vector(source == self.a_is_source, k, out);
        } else if let Some(sem) = &self.semantic {
            for (o, x) in out.iter_mut().zip(sem.sentence(source, k)) {
                *o += x;
            }
        }
    }

    /// Prior cost of a shape.
    pub fn prior_cost(&self, a: usize, b: usize) -> f64 {
        self.prior
            .get(a)
            .and_then(|r| r.get(b))
            .copied()
            .unwrap_or(10.0)
    }

    /// Shape in zh-left orientation.
    pub fn zh_shape(&self, a: usize, b: usize) -> (usize, usize) {
        if self.zh_left { (a, b) } else { (b, a) }
    }

    /// The cost of the bead of source `i..i+a` with target `j..j+b`.
    pub fn cost(&self, i: usize, a: usize, j: usize, b: usize) -> f64 {
        self.cost_by(i, a, j, b, f64::INFINITY, || self.lexical(i, a, j, b))
    }

    /// [`PairScorer::cost`] with the lexical masks of sentence pairs from
    /// `masks(source, target)`, a cache of [`PairScorer::pair_masks`]; or
    /// infinity when the bead is no null and its shape prior and length cost
    /// alone exceed `bound` (a bead no evidence can save, left out before
    /// its lexical and semantic terms are computed).
    pub fn cost_within(
        &self,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        bound: f64,
        masks: impl Fn(usize, usize) -> (u64, u64),
    ) -> f64 {
        self.cost_by(i, a, j, b, bound, || {
            if self.a_is_source {
                self.lex.similarity_with(i, i + a, j, j + b, &masks)
            } else {
                self.lex
                    .similarity_with(j, j + b, i, i + a, |x, y| masks(y, x))
            }
        })
    }

    fn cost_by(
        &self,
        i: usize,
        a: usize,
        j: usize,
        b: usize,
        bound: f64,
        lexical: impl FnOnce() -> Option<f64>,
    ) -> f64 {
        let w = &self.weights;
        let (ls, lt) = self.span_lengths(i, a, j, b);
        // The length cost of a right bead is Exp(1)-distributed: centring it
        // on its mean keeps many good beads from costing more than one
        // merged bead.
        let prior = w.prior * self.prior_cost(a, b);
        let delta = self.length.delta(ls, lt);
        let null = a == 0 || b == 0;
        // Most beads a bound leaves out go before the logarithm.
        if !null
            && w.length >= 0.0
            && prior + w.length * (length::delta_cost_floor(delta) - 1.0) > bound
        {
            return f64::INFINITY;
        }
        let mut c = prior + w.length * (length::delta_cost(delta) - 1.0);
        if null {
            return c;
        }
        if self.hard_headings && self.mixes_headings(i, a, j, b) {
            return f64::INFINITY;
        }
        if c > bound {
            return f64::INFINITY;
        }
        let extra = (a + b - 2) as f64;
        if w.lexical != 0.0 {
            let expected = w.lexical_mean + w.lexical_size * extra;
            let sim = lexical().unwrap_or(expected);
            c += w.lexical * (expected - sim);
        }
        if let Some(sem) = &self.semantic {
            let expected = w.semantic_mean + w.semantic_size * extra;
            let sim = sem.similarity(i, a, j, b).unwrap_or(expected);
            c += w.semantic * (expected - sim);
        }
        let s = &self.src[i..i + a];
        let t = &self.tgt[j..j + b];
        // Something one side of the bead has and the other lacks.
        let one_sided = |g: fn(&Features) -> bool| s.iter().any(g) != t.iter().any(g);
        if one_sided(|x| x.question) {
            c += w.question;
        }
        if one_sided(|x| x.ellipsis) {
            c += w.ellipsis;
        }
        if one_sided(|x| x.quote) {
            c += w.quote;
        }
        if s[0].paragraph_start != t[0].paragraph_start {
            c += w.paragraph;
        }
        if s[0].turn_start != t[0].turn_start {
            c += w.turn;
        }
        if s[0].heading != t[0].heading {
            c += w.heading;
        }
        let inner = |f: &[Features], g: fn(&Features) -> bool| {
            f[1..].iter().filter(|x| g(x)).count() as f64
        };
        c +=
            w.inner_paragraph * (inner(s, |x| x.paragraph_start) + inner(t, |x| x.paragraph_start));
        c += w.inner_turn * (inner(s, |x| x.turn_start) + inner(t, |x| x.turn_start));
        if one_sided(|x| x.brackets) {
            c += w.bracket;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Segment, Structure};

    fn doc(lang: &str, texts: &[(&str, bool)], structured: bool) -> Document {
        let segments = texts
            .iter()
            .enumerate()
            .map(|(k, &(text, heading))| Segment {
                kind: if heading {
                    SegmentKind::Heading
                } else {
                    SegmentKind::Sentence
                },
                ..Segment::sentence(k, text)
            })
            .collect();
        let mut d = Document::new("", lang, segments);
        if structured {
            d.structure = Some(Structure {
                format: "markdown".into(),
                headings: 1,
                chapters: 1,
                ..Structure::default()
            });
        }
        d
    }

    #[test]
    fn structured_headings_are_never_merged_with_a_sentence() {
        let zh = [("他来了。", false), ("第二章", true), ("天亮了。", false)];
        let en = [("Chapter Two", true), ("It dawned.", false)];
        for structured in [true, false] {
            let scorer = PairScorer::new(
                &doc("zh", &zh, structured),
                &doc("en", &en, structured),
                Dictionary::builtin(),
                Weights::default(),
            );
            // 他来了。第二章 against Chapter Two.
            assert_eq!(scorer.cost(0, 2, 0, 1).is_infinite(), structured);
            // A heading against a sentence stays possible, and nulls.
            assert!(scorer.cost(1, 1, 1, 1).is_finite());
            assert!(scorer.cost(1, 1, 0, 1).is_finite());
            assert!(scorer.cost(0, 1, 0, 0).is_finite());
        }
    }
}
