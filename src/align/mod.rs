//! The search: dynamic programming over bead shapes (1-1, 1-0, 0-1, 2-1 …
//! up to six sentences a side), then forward–backward over the same lattice
//! to give every bead of the best path a posterior confidence in [0, 1].
//!
//! Two searches: the exhaustive one ([`lattice`]) fills a band around the
//! length diagonal and the coarse path ([`coarse`]); the fast one ([`fast`],
//! for long documents) finds the coarse path first and searches exactly
//! only in a corridor around it, window by window. Both search again in a
//! wider band while the best path runs along the band's edge (a text that
//! drifts far from the diagonal, a long passage left untranslated).
//!
//! Optionally two passes: the first uses the default bead prior and length
//! variance; the second refits both to what the first found.

mod coarse;
mod fast;
mod lattice;

use crate::embed::Encoder;
use crate::lexicon::Dictionary;
use crate::model::{Bead, Document, Status};
use crate::score::semantic::SemanticIndex;
use crate::score::{PairScorer, Weights, bead_shapes};
use lattice::{Band, Lattice};

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
    /// Exhaustive or coarse-to-fine search.
    pub search: Search,
    /// Half-width of the fast search's corridor around the coarse path, in
    /// target sentences.
    pub corridor: usize,
    /// Source sentences the fast search aims at per window.
    pub window: usize,
}

/// Which search runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Search {
    /// The exact search in a band around the length diagonal (whose width
    /// shrinks on huge inputs to bound memory).
    Exhaustive,
    /// Coarse to fine: linear time and memory, follows any drift.
    Fast,
    /// Fast when either side has more than [`FAST_ABOVE`] sentences.
    #[default]
    Auto,
}

/// Above this many sentences on one side, [`Search::Auto`] is fast.
pub const FAST_ABOVE: usize = 5000;

impl Search {
    /// Whether the fast search runs for `n` × `m` sentences.
    pub fn is_fast(self, n: usize, m: usize) -> bool {
        match self {
            Search::Exhaustive => false,
            Search::Fast => true,
            Search::Auto => n.max(m) > FAST_ABOVE,
        }
    }
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
            search: Search::Auto,
            corridor: 4,
            window: 2000,
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
    crate::timing::phase("align start");
    let mut scorer = PairScorer::new(source, target, dictionary, weights);
    crate::timing::phase("scorer set-up");
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
    if options.search.is_fast(n, m) {
        for _ in 1..options.passes.max(1) {
            let first = coarse::path(scorer, fast::COARSE_HALF_WIDTH);
            refit(scorer, &first);
        }
        return fast::search(scorer, &shapes, options);
    }
    let half_width = band_within_memory(n, options.band);
    // Around the length diagonal and, where the text drifts from it, around
    // the coarse pass's path too.
    let diagonal = Band::around_diagonal(scorer, half_width);
    let band = diagonal.widened_along(&coarse::path(scorer, fast::COARSE_HALF_WIDTH), half_width);
    let band = if band.cells() > CELL_BUDGET {
        diagonal
    } else {
        band
    };
    scorer.prepare(&band.lexical_ranges(options.max_side));
    // The band the scorer's lexical masks were prepared for (by its size:
    // a widened band is always larger).
    let mut prepared = band.cells();
    for _ in 1..options.passes.max(1) {
        let cost = |i, a, j, b| scorer.cost(i, a, j, b);
        let run = scorer.weights.null_run;
        let first = Lattice::run(&cost, &band, &shapes, options.temperature, run, false);
        let path = first.best_path();
        refit(scorer, &path);
    }
    let temperature = options.temperature;
    widening_search(band, (half_width, 1), CELL_BUDGET, options, |band| {
        if band.cells() != prepared {
            scorer.prepare(&band.lexical_ranges(options.max_side));
            prepared = band.cells();
        }
        let cost = |i, a, j, b| scorer.cost(i, a, j, b);
        Lattice::run(
            &cost,
            band,
            &shapes,
            temperature,
            scorer.weights.null_run,
            true,
        )
    })
}

/// Runs `search` in `band` and returns its best path as beads; while that
/// path runs along the band's edge (`touches` beads in a row: held in by it,
/// as when the text drifts far from where the band was put, or one side
/// leaves out a long passage), widens the band by `half_width` each side
/// and searches again, up to [`MAX_WIDENINGS`] times and `budget` cells.
pub(crate) fn widening_search(
    mut band: Band,
    (half_width, touches): (usize, usize),
    budget: usize,
    options: &AlignOptions,
    mut search: impl for<'b> FnMut(&'b Band) -> Lattice<'b>,
) -> Vec<Bead> {
    let mut round = 0;
    loop {
        let lattice = search(&band);
        let path = lattice.best_path();
        if round == MAX_WIDENINGS || !band.touched_by(&path, EDGE_MARGIN, touches) {
            return to_beads(&lattice, options);
        }
        let wider = band.widened(half_width);
        if wider.cells() > budget || wider.cells() == band.cells() {
            return to_beads(&lattice, options);
        }
        drop(lattice);
        band = wider;
        round += 1;
    }
}

/// Searches [`widening_search`] may add; each moves the band's edge up to
/// its half-width further.
const MAX_WIDENINGS: usize = 6;

/// How near the band's edge (in target sentences) a path's cell touches it.
const EDGE_MARGIN: usize = 2;

/// The best path of a lattice as beads with posterior confidences.
fn to_beads(lattice: &Lattice, options: &AlignOptions) -> Vec<Bead> {
    lattice
        .best_path()
        .into_iter()
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

/// Lattice cells a search may hold (about 170 bytes each: cached costs,
/// and best costs, back-pointers and forward–backward sums for three
/// states): beyond this the band narrows so that memory stays near 1 GB.
const CELL_BUDGET: usize = 6_500_000;

/// The exhaustive search's band half-width for `n` source sentences: as
/// asked, or narrower for huge inputs (the fast search has no such limit).
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
}
