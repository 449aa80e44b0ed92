//! The alignment pipeline for one document pair: a scorer over the two
//! documents, the search ([`crate::search`]) over its costs, then what the
//! search found turned into beads with confidences, and what the search
//! saw of the document (its bead shapes and length ratio). With
//! `learn_rounds`, the document teaches the aligner: the bead-shape prior
//! and the length model are re-estimated from its own beads (expected
//! counts under the posteriors, with the fitted global prior as a prior)
//! and the search runs again. Stretches where the evidence falls far below
//! the document's usual are marked suspect ([`suspect`]).
//!
//! [`Aligner`] ([`aligner`]) is the front door over all of this: built
//! once with the scorer, dictionary and model, it aligns document pairs and
//! returns the alignment with its warnings as values; `bitext align`,
//! batches and `bitext compare` all go through it.

pub mod aligner;
pub mod anchored;
mod read;
mod scoring;
pub mod suspect;

use crate::embed::Encoder;
use crate::lexicon::Dictionary;
use crate::model::{Bead, Document, Learned, ShapeShare, Status};
use crate::score::semantic::SemanticIndex;
use crate::score::{PairScorer, Weights, reference_share};
pub use crate::search::band_within_memory;
use crate::search::{self, Found, SearchOptions, bead_shapes};
pub use aligner::{Aligner, AlignerBuilder, AlignerError, Outcome, Warning};
use scoring::Scored;

/// Options of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Most sentences on one side of a bead.
    pub max_side: usize,
    /// Most sentences in a bead, both sides together.
    pub max_total: usize,
    /// How far a search band widens each time the best path runs along its
    /// edge; with [`Search::Exhaustive`], also the band's half-width around
    /// the length diagonal (in target sentences).
    pub band: usize,
    /// Temperature that turns costs into probabilities for confidences.
    pub temperature: f64,
    /// Beads under this confidence get the status `review`.
    pub review_below: f64,
    /// Rounds that re-estimate the bead-shape prior and the length model
    /// from the document's own beads and search again (0: the global
    /// prior only).
    pub learn_rounds: usize,
    /// How many beads' worth of weight the global prior keeps against the
    /// document's own counts when re-estimating (short documents stay near
    /// the global prior).
    pub learn_strength: f64,
    /// Cost weights.
    pub weights: Weights,
    /// Which evidence scores beads.
    pub scorer: ScorerKind,
    /// Spans of up to this many sentences are embedded from their own text;
    /// longer ones (and all with 1) sum their sentences' vectors.
    pub encoded_spans: usize,
    /// The one search for every size, or the exhaustive one.
    pub search: Search,
    /// Half-width of a window's corridor around the coarse path, in target
    /// sentences.
    pub corridor: usize,
    /// Source sentences a window of the exact search aims at.
    pub window: usize,
}

/// Which search runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Search {
    /// The one search for every size: blocks, then a coarse path, then the
    /// exact search window by window (see [`crate::search`]).
    #[default]
    Auto,
    /// The exact search over the whole document in one band (for experts
    /// and comparisons: memory grows with the document).
    Exhaustive,
    /// The same as `Auto` (kept for scripts that name it).
    Fast,
}

impl AlignOptions {
    /// The defaults for a scorer: its fitted weights and temperature.
    pub fn for_scorer(scorer: ScorerKind) -> AlignOptions {
        match scorer {
            ScorerKind::Classic => AlignOptions::default(),
            ScorerKind::Semantic | ScorerKind::Combined => AlignOptions {
                scorer,
                weights: Weights::combined(),
                // At 1.0 its confidences ran high on over-split stretches
                // (ECE 0.084 on a 20k hard book); 1.35 keeps every 20k
                // hard book and mac-dev at 0.016-0.043 (docs/search.md).
                temperature: 1.35,
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
            learn_rounds: 2,
            learn_strength: 2000.0,
            weights: Weights::default(),
            scorer: ScorerKind::Classic,
            encoded_spans: 1,
            search: Search::Auto,
            corridor: 4,
            window: 2000,
        }
    }
}

/// What aligning a document pair gives: the beads, and what the aligner
/// learned from the document.
#[derive(Debug, Clone)]
pub struct Aligned {
    pub beads: Vec<Bead>,
    pub learned: Option<Learned>,
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
    align_documents(source, target, dictionary, encoder, options).beads
}

/// [`align_with_encoder`], with what was learned from the document.
pub fn align_documents(
    source: &Document,
    target: &Document,
    dictionary: &Dictionary,
    encoder: Option<&Encoder>,
    options: &AlignOptions,
) -> Aligned {
    let mut weights = options.weights.clone();
    if options.scorer == ScorerKind::Semantic {
        weights.lexical = 0.0;
    }
    crate::timing::phase("align start");
    let mut scorer = PairScorer::new(source, target, dictionary, weights);
    crate::timing::phase("scorer set-up");
    if let (Some(encoder), ScorerKind::Semantic | ScorerKind::Combined) = (encoder, options.scorer)
    {
        scorer.set_semantic(semantic_index(encoder, source, target, options));
    }
    align_learning(&mut scorer, options)
}

/// Aligns with a prepared scorer (for callers that adjust it).
pub fn align_with(scorer: &mut PairScorer, options: &AlignOptions) -> Vec<Bead> {
    align_learning(scorer, options).beads
}

/// Aligns with a prepared scorer: the search, then `learn_rounds` rounds of
/// re-estimating the prior and the length model and searching again, then
/// the suspect stretches.
pub fn align_learning(scorer: &mut PairScorer, options: &AlignOptions) -> Aligned {
    let search_options = search_options(options);
    let mut found = search::search(&Scored::new(scorer), &search_options);
    let (n, m) = scorer.dims();
    let mut rounds = 0;
    if n > 0 && m > 0 {
        let global: Vec<Vec<f64>> = (0..=8)
            .map(|a| (0..=8).map(|b| scorer.prior_cost(a, b)).collect())
            .collect();
        for _ in 0..options.learn_rounds {
            let lesson = learn(scorer, &found, &global, options.learn_strength);
            if lesson.change < LEARN_MIN_CHANGE {
                break;
            }
            scorer.set_prior(|a, b| lesson.prior[a][b]);
            scorer.length = lesson.length;
            found = search::search_again(&Scored::new(scorer), &found, &search_options);
            rounds += 1;
        }
    }
    crate::timing::phase("search");
    let learned = (n > 0 && m > 0).then(|| learned(scorer, &found, rounds));
    let mut beads = to_beads(&found, options);
    suspect::mark(scorer, &mut beads);
    let stretches = crate::model::suspect_stretches(&beads);
    if !stretches.is_empty() {
        // Where the evidence is weak, the first passes may have led the
        // band astray: search there again, exactly and wide.
        drop(beads);
        let repaired = search::repair(&Scored::new(scorer), &found, &stretches, &search_options);
        drop(found);
        beads = to_beads(&repaired, options);
        drop(repaired);
        suspect::mark(scorer, &mut beads);
        crate::timing::phase("repair");
    }
    Aligned { beads, learned }
}

/// The search's options from the aligner's.
fn search_options(options: &AlignOptions) -> SearchOptions {
    SearchOptions {
        shapes: bead_shapes(options.max_side, options.max_total),
        temperature: options.temperature,
        corridor: options.corridor,
        window: options.window,
        widen: options.band,
        exhaustive: options.search == Search::Exhaustive,
    }
}

/// The least [`Lesson::change`] worth searching again for. Documents made
/// like mac-dev (our hard books, whatever their disturbances) teach 0.01 to
/// 0.08 and searching again with that changes their strict F1 by ±0.004;
/// one with two thirds of its beads over-split teaches 0.6 and gains 0.03.
const LEARN_MIN_CHANGE: f64 = 0.15;

/// What a document teaches: a bead-shape prior (costs by source × target
/// count) and a length model, and how far they are from the scorer's.
struct Lesson {
    prior: Vec<Vec<f64>>,
    length: crate::score::length::LengthModel,
    /// The mean change of a bead's prior cost, weighted by the shapes the
    /// search found. The length ratio is learned along but does not count:
    /// on our hard books, where one-sided passages move the documents'
    /// ratio by a tenth from the beads', searching again for it alone
    /// doubled the time and moved strict F1 by −0.004.
    change: f64,
}

/// Re-estimates the bead-shape prior and length ratio from what the search
/// found. Each shape with both sides has its `global` prior probability
/// scaled by how much more (or less) often the search found it in this
/// document than it finds it on mac-dev ([`reference_share`]; at most
/// eight times either way), the document's counts smoothed with `strength`
/// beads' worth of the reference; the two-sided shapes keep their total
/// probability, and null beads keep their global cost (runs of them are
/// the null states' work). Comparing with what the search finds rather
/// than with the prior keeps the search's own leanings (it finds fewer
/// null beads and more 2-3 beads than there are) from feeding on
/// themselves. The length ratio becomes that of the two-sided beads found,
/// which one-sided passages do not skew as they skew the documents' totals.
fn learn(scorer: &PairScorer, found: &Found, global: &[Vec<f64>], strength: f64) -> Lesson {
    let count = |a: usize, b: usize| {
        found
            .expected_shapes
            .iter()
            .find(|(s, _)| *s == (a, b))
            .map_or(0.0, |s| s.1)
    };
    let sides = 1..=8usize;
    let cells = || {
        sides
            .clone()
            .flat_map(|a| sides.clone().map(move |b| (a, b)))
    };
    let total: f64 = cells().map(|(a, b)| count(a, b)).sum();
    let mut prior = global.to_vec();
    let mut change = 0.0;
    if total > 0.0 {
        let reference = |a: usize, b: usize| {
            let (zh, en) = scorer.zh_shape(a, b);
            reference_share(zh, en).unwrap_or_else(|| (-global[a][b]).exp())
        };
        let reference_total: f64 = cells().map(|(a, b)| reference(a, b)).sum();
        let learned = |a: usize, b: usize| {
            let r = reference(a, b) / reference_total;
            let share = (count(a, b) + strength * r) / (total + strength);
            (-global[a][b]).exp() * (share / r).clamp(1.0 / 8.0, 8.0)
        };
        let before: f64 = cells().map(|(a, b)| (-global[a][b]).exp()).sum();
        let after: f64 = cells().map(|(a, b)| learned(a, b)).sum();
        for (a, b) in cells() {
            prior[a][b] = -(learned(a, b) * before / after).ln();
            change += count(a, b) / total * (prior[a][b] - scorer.prior_cost(a, b)).abs();
        }
    }
    let (mut ls, mut lt) = (0.0, 0.0);
    for b in found.beads.iter().filter(|b| b.posterior > 0.5) {
        let (i, a, j, c) = b.step;
        if a > 0 && c > 0 {
            let (x, y) = scorer.span_lengths(i, a, j, c);
            ls += x;
            lt += y;
        }
    }
    let mut length = scorer.length;
    if ls > 0.0 && lt > 0.0 {
        length = length.with_ratio(lt / ls);
    }
    Lesson {
        prior,
        length,
        change,
    }
}

/// What the search found about the document: its shape shares and length
/// ratio.
fn learned(scorer: &PairScorer, found: &Found, rounds: usize) -> Learned {
    let total: f64 = found.expected_shapes.iter().map(|s| s.1).sum();
    let mut shapes: Vec<ShapeShare> = found
        .expected_shapes
        .iter()
        .map(|&((a, b), c)| ShapeShare {
            source: a,
            target: b,
            share: if total > 0.0 { c / total } else { 0.0 },
        })
        .filter(|s| s.share >= 0.005)
        .collect();
    shapes.sort_by(|x, y| y.share.total_cmp(&x.share));
    let (mut ls, mut lt) = (0.0, 0.0);
    for b in &found.beads {
        let (i, a, j, c) = b.step;
        if a > 0 && c > 0 {
            let (x, y) = scorer.span_lengths(i, a, j, c);
            ls += x;
            lt += y;
        }
    }
    Learned {
        shapes,
        length_ratio: if ls > 0.0 {
            lt / ls
        } else {
            scorer.length.ratio
        },
        rounds,
    }
}

/// The beads found, with posterior confidences and review statuses.
fn to_beads(found: &Found, options: &AlignOptions) -> Vec<Bead> {
    found
        .beads
        .iter()
        .map(|f| {
            let (i, a, j, b) = f.step;
            let mut bead = Bead::new((i..i + a).collect(), (j..j + b).collect(), f.posterior);
            if f.posterior < options.review_below {
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

/// Generated document pairs the tests of this module's parts share.
#[cfg(test)]
pub(crate) mod fixtures {
    /// Words the built-in dictionary translates, Chinese and English.
    pub(crate) const WORDS: [(&str, &str); 19] = [
        ("猫", "cat"),
        ("狗", "dog"),
        ("书", "book"),
        ("山", "mountain"),
        ("河", "river"),
        ("车", "car"),
        ("树", "tree"),
        ("花", "flower"),
        ("鸟", "bird"),
        ("鱼", "fish"),
        ("茶", "tea"),
        ("门", "door"),
        ("雨", "rain"),
        ("雪", "snow"),
        ("月亮", "moon"),
        ("太阳", "sun"),
        ("桌子", "table"),
        ("椅子", "chair"),
        ("医生", "doctor"),
    ];

    /// 120 pairs of varied sentences whose target sentences 50..80 are
    /// replaced by other sentences of the same kind (a stretch spliced in
    /// from elsewhere: same words, other content), Chinese then English.
    pub(crate) fn spliced() -> (Vec<String>, Vec<String>) {
        let pick = |k: usize, r: usize| WORDS[(k * (r + 3) + r * 7) % WORDS.len()];
        let zh = (0..120)
            .map(|k| {
                let (a, b, c) = (pick(k, 0), pick(k, 1), pick(k, 2));
                format!("{}和{}都在{}旁边，第{}天。", a.0, b.0, c.0, k + 1)
            })
            .collect();
        let en = (0..120)
            .map(|k| {
                let k = if (50..80).contains(&k) {
                    k * 5 + 300
                } else {
                    k
                };
                let (a, b, c) = (pick(k, 0), pick(k, 1), pick(k, 2));
                format!(
                    "The {} and the {} are beside the {}, day {}.",
                    a.1,
                    b.1,
                    c.1,
                    k + 1
                )
            })
            .collect();
        (zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check_coverage;

    fn doc(lang: &str, texts: &[&str]) -> Document {
        Document::from_sentences(lang, lang, texts)
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

    /// 60 numbered sentences both sides, with `gap` more left untranslated
    /// on the Chinese side after the 20th (`filler` in turn).
    fn with_untranslated_passage(gap: usize, filler: &[&str]) -> (Document, Document) {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        for k in 0..60 {
            if k == 20 {
                zh.extend((0..gap).map(|g| filler[g % filler.len()].to_string()));
            }
            zh.push(format!("第{}号房间里有{}把椅子。", 100 + k, 7 + k % 5));
            en.push(format!("Room {} has {} chairs.", 100 + k, 7 + k % 5));
        }
        let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        (doc("zh", &zh), doc("en", &en))
    }

    /// The 1-1 beads of `beads`, and the source sentences of its 1-0 beads.
    fn pairs_and_nulls(beads: &[Bead]) -> (Vec<(usize, usize)>, Vec<usize>) {
        let pairs = beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.target.len() == 1)
            .map(|b| (b.source[0], b.target[0]))
            .collect();
        let nulls = beads
            .iter()
            .filter(|b| b.target.is_empty())
            .flat_map(|b| b.source.clone())
            .collect();
        (pairs, nulls)
    }

    /// Before the passage of 30 and, once past it, after it.
    fn assert_found_again(pairs: &[(usize, usize)], search: Search) {
        for k in (0..18).chain(30..60) {
            let source = if k < 20 { k } else { k + 30 };
            assert!(pairs.contains(&(source, k)), "{search:?}: {k}: {pairs:?}");
        }
    }

    #[test]
    fn an_untranslated_passage_is_found_and_left_as_nulls() {
        // A band of ±4 holds the path in until the search widens it; the
        // passage's sentences are long enough that one null bead each
        // would cost more than gluing them to their neighbours.
        let (zh, en) = with_untranslated_passage(
            30,
            &[
                "院子里静悄悄的，没有人说话，只有风吹过树叶的声音。",
                "远处偶尔传来几声狗叫，又很快被夜色吞没了。",
                "他坐在门槛上，望着天边慢慢暗下去的云彩出神。",
            ],
        );
        let options = AlignOptions {
            band: 4,
            search: Search::Exhaustive,
            ..AlignOptions::default()
        };
        let beads = align(&zh, &en, Dictionary::builtin(), &options);
        check_coverage(&beads, zh.len(), en.len()).unwrap();
        let (pairs, nulls) = pairs_and_nulls(&beads);
        assert_found_again(&pairs, Search::Exhaustive);
        assert_eq!(nulls, (20..50).collect::<Vec<_>>());
    }

    #[test]
    fn a_fast_window_held_in_by_its_corridor_is_searched_again_wider() {
        // The coarse pass (a band of ±16 that follows the path) loses a
        // jump of 30; the window's exact path then runs along its corridor.
        let (zh, en) = with_untranslated_passage(30, &["院子里静悄悄的，没有人说话。"]);
        let options = AlignOptions {
            search: Search::Fast,
            ..AlignOptions::default()
        };
        let beads = align(&zh, &en, Dictionary::builtin(), &options);
        check_coverage(&beads, zh.len(), en.len()).unwrap();
        assert_found_again(&pairs_and_nulls(&beads).0, Search::Fast);
    }

    #[test]
    fn empty_side_gives_nulls() {
        let zh = doc("zh", &["一。", "二。"]);
        let en = doc("en", &[]);
        let beads = align(&zh, &en, Dictionary::builtin(), &AlignOptions::default());
        assert_eq!(beads.len(), 2);
        assert!(beads.iter().all(|b| b.is_null()));
    }

    /// A generated document pair whose beads are 1-1 and, every third
    /// bead or so, 2-1 (two Chinese sentences against one English): 2-1
    /// beads are 4.7% of mac-dev's gold, here about 30%.
    fn two_to_one_document(beads: usize) -> (Document, Document, f64) {
        let words = fixtures::WORDS;
        let w = |k: usize| words[(k * 7 + k / 3) % words.len()];
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        let mut two = 0;
        let mut x = 0x9E37_79B9u64;
        for k in 0..beads {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (a, b) = (w(2 * k), w(2 * k + 1));
            if x % 10 < 3 {
                two += 1;
                zh.push(format!("{}在第{}个地方。", a.0, k + 1));
                zh.push(format!("{}也在那里。", b.0));
                en.push(format!(
                    "The {} is at place {}, and the {} is there too.",
                    a.1,
                    k + 1,
                    b.1
                ));
            } else {
                zh.push(format!("{}和{}在第{}个地方。", a.0, b.0, k + 1));
                en.push(format!(
                    "The {} and the {} are at place {}.",
                    a.1,
                    b.1,
                    k + 1
                ));
            }
        }
        let share = two as f64 / beads as f64;
        (
            doc("zh", &zh.iter().map(String::as_str).collect::<Vec<_>>()),
            doc("en", &en.iter().map(String::as_str).collect::<Vec<_>>()),
            share,
        )
    }

    #[test]
    fn re_estimation_converges_to_the_documents_shape_frequencies() {
        let (zh, en, share) = two_to_one_document(1200);
        assert!((0.25..0.35).contains(&share), "{share}");
        let prior_share = |rounds: usize| {
            let options = AlignOptions {
                learn_rounds: rounds,
                learn_strength: 300.0,
                ..AlignOptions::default()
            };
            let mut scorer =
                PairScorer::new(&zh, &en, Dictionary::builtin(), options.weights.clone());
            let aligned = align_learning(&mut scorer, &options);
            ((-scorer.prior_cost(2, 1)).exp(), aligned)
        };
        let global = (-crate::score::default_prior(2, 1)).exp();
        let runs: Vec<(f64, Aligned)> = (0..=3).map(prior_share).collect();
        let shares: Vec<f64> = runs.iter().map(|r| r.0).collect();
        let searches: Vec<usize> = runs
            .iter()
            .map(|r| r.1.learned.as_ref().expect("learned").rounds)
            .collect();
        assert!((shares[0] - global).abs() < 1e-9, "no rounds, no change");
        // A document with six times mac-dev's 2-1 beads makes them far
        // likelier, and once the search finds them the lesson settles: the
        // search is not run again for nothing.
        assert!(shares[1] > 4.0 * global, "{shares:?}");
        assert_eq!(searches[1], 1);
        assert!(searches[3] < 3, "{searches:?}");
        assert!((shares[3] - shares[2]).abs() < 1e-12, "{shares:?}");
        // And what the document taught is reported.
        let learned = runs[3].1.learned.as_ref().expect("learned");
        let reported = learned
            .shapes
            .iter()
            .find(|s| (s.source, s.target) == (2, 1))
            .map_or(0.0, |s| s.share);
        assert!(
            (reported - share).abs() < 0.02,
            "{reported} against {share}"
        );
    }
}
