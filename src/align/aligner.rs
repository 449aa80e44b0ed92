//! The library's front door: one [`Aligner`], built once with
//! [`Aligner::builder`] (scorer, dictionary, sentence-encoder model,
//! languages, search options), aligns any number of document pairs. It is
//! the one pipeline `bitext align` (one pair, several renderings, batches)
//! and `bitext compare` go through, so that they choose the scorer the same
//! way and warn about the same things.
//!
//! Nothing here prints: what the user should hear about (a side that looks
//! like the other language, sides of very different sizes, a missing model,
//! weak stretches) comes back as [`Warning`] values beside the alignment,
//! and the caller decides whether and how to show them.

use super::anchored::{self, AnchorError};
use super::{AlignOptions, Aligned, ScorerKind, Search, align_documents, band_within_memory};
use crate::embed::{EmbedError, Encoder};
use crate::lexicon::Dictionary;
use crate::model::{Alignment, Bead, Document, Lang};
use crate::segment;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use thiserror::Error;

/// Inputs above this many sentences (both sides) use the classic scorer
/// unless another is asked for: span embeddings cost memory per sentence
/// (a 100k-sentence hard book, 230,000 sentences and 20 MB both sides:
/// 3.4 GiB and 58 s on 2 cores, against classic's 0.3 GiB and 6 s, for lax
/// F1 0.995 against 0.989).
pub const SEMANTIC_LIMIT: usize = 250_000;

/// Nor above this much text (bytes, both sides): the encoder's time grows
/// with the tokens, and long sentences have many (a 100 MB line cut into
/// pieces would take minutes).
pub const SEMANTIC_BYTES_LIMIT: usize = 30_000_000;

/// Languages the shipped sentence encoder covers (primary subtags).
const ENCODER_LANGUAGES: [&str; 15] = [
    "ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh",
];

/// Whether the shipped sentence encoder covers a BCP 47 tag's language.
pub fn encoder_covers(tag: &str) -> bool {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    ENCODER_LANGUAGES.contains(&primary.as_str())
}

/// Something the user should know about an input or an alignment; nothing
/// stops. `Display` gives the one-line message `bitext` prints after
/// `bitext: warning: `.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Warning {
    /// The sentence-encoder model could not be loaded, and no scorer was
    /// asked for: the classic scorer aligns instead.
    NoModel { cause: String },
    /// A file was not UTF-8 and was decoded as `encoding`.
    Encoding { path: String, encoding: String },
    /// A file ends inside a UTF-8 character; its last bytes were left out.
    CutShort { path: String },
    /// A document does not look like the language it was declared as.
    Language {
        path: String,
        declared: String,
        looks_like: Lang,
    },
    /// One side has over five times the segments of the other.
    Sizes {
        long: String,
        long_segments: usize,
        short: String,
        short_segments: usize,
    },
    /// Neither side is Chinese: the dictionary cannot help.
    NoDictionary {
        source_lang: String,
        target_lang: String,
    },
    /// The exhaustive search's band was narrowed to bound memory.
    BandNarrowed {
        path: String,
        sentences: usize,
        band: usize,
    },
    /// A stretch of the alignment `name` with evidence far below the
    /// document's usual (`stretch` says which sentences).
    Suspect { name: String, stretch: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoModel { cause } => write!(f, "{cause}; using the classic scorer"),
            Warning::Encoding { path, encoding } => write!(f, "{path}: read as {encoding}"),
            Warning::CutShort { path } => write!(
                f,
                "{path}: the file ends inside a UTF-8 character (cut short?); its last bytes were left out"
            ),
            Warning::Language {
                path,
                declared,
                looks_like,
            } => write!(
                f,
                "{path}: declared as {declared} but looks like {}: are source and target swapped? (see --source-lang/--target-lang)",
                if *looks_like == Lang::Zh {
                    "Chinese"
                } else {
                    "English"
                }
            ),
            Warning::Sizes {
                long,
                long_segments,
                short,
                short_segments,
            } => write!(
                f,
                "{long} has {long_segments} segments but {short} only {short_segments}: is it the same text?"
            ),
            Warning::NoDictionary {
                source_lang,
                target_lang,
            } => write!(
                f,
                "no dictionary for {source_lang} → {target_lang}: aligning on length and anchors only"
            ),
            Warning::BandNarrowed {
                path,
                sentences,
                band,
            } => write!(
                f,
                "{path}: {sentences} sentences: the search band narrows to ±{band} to stay within memory"
            ),
            Warning::Suspect { name, stretch } => write!(f, "{name}: {stretch}"),
        }
    }
}

/// Why an [`Aligner`] could not be built.
#[derive(Debug, Error)]
pub enum AlignerError {
    /// The semantic or combined scorer was asked for without a model.
    #[error("the semantic scorer needs the sentence-encoder model (see --model)")]
    ModelNeeded(#[source] EmbedError),
    /// A model folder was named and cannot be loaded.
    #[error("cannot load the model named with --model")]
    NamedModel(#[source] EmbedError),
}

/// Where the sentence encoder comes from.
#[derive(Debug)]
enum Model {
    /// The shipped model ([`Encoder::default_dir`]), when needed.
    Shipped,
    /// A model folder the user named: failing to load it is an error.
    Dir(PathBuf),
    /// An encoder the caller loaded.
    Given(Box<Encoder>),
}

/// What one document pair came to: the alignment (both documents, the
/// beads, what the search learned), the scorer that scored it, and the
/// warnings about the pair, in the order they arose.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub alignment: Alignment,
    pub scorer: ScorerKind,
    pub warnings: Vec<Warning>,
}

/// Builds an [`Aligner`]; every setting has the default `bitext align` has.
#[derive(Debug)]
pub struct AlignerBuilder {
    options: AlignOptions,
    scorer: Option<ScorerKind>,
    dictionary: Cow<'static, Dictionary>,
    model: Model,
    source_lang: String,
    target_lang: String,
    presplit: bool,
}

impl AlignerBuilder {
    /// The search's options (bead sizes, band, review threshold, learning
    /// rounds, search kind). Their `scorer`, `weights` and `temperature`
    /// are replaced by the chosen scorer's fitted ones at each alignment.
    pub fn options(mut self, options: AlignOptions) -> Self {
        self.options = options;
        self
    }

    /// The scorer, instead of the default: `combined` when the model loads,
    /// the languages are covered and the pair is not huge, else `classic`.
    pub fn scorer(mut self, scorer: ScorerKind) -> Self {
        self.scorer = Some(scorer);
        self
    }

    /// The dictionary (default: the built-in CC-CEDICT).
    pub fn dictionary(mut self, dictionary: impl Into<Cow<'static, Dictionary>>) -> Self {
        self.dictionary = dictionary.into();
        self
    }

    /// A sentence-encoder model folder instead of the shipped one; an error
    /// at [`build`](Self::build) if it cannot be loaded.
    pub fn model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.model = Model::Dir(dir.into());
        self
    }

    /// A sentence encoder already loaded.
    pub fn encoder(mut self, encoder: Encoder) -> Self {
        self.model = Model::Given(Box::new(encoder));
        self
    }

    /// BCP 47 tags of the source and target (default `zh-CN`, `en-US`):
    /// for segmenting texts and checking that documents look like them.
    pub fn languages(mut self, source: impl Into<String>, target: impl Into<String>) -> Self {
        self.source_lang = source.into();
        self.target_lang = target.into();
        self
    }

    /// Texts given to [`Aligner::align_texts`] hold one sentence per line.
    pub fn presplit(mut self, presplit: bool) -> Self {
        self.presplit = presplit;
        self
    }

    /// Loads the sentence encoder the scorer needs: none for `classic`; the
    /// model (an error if it cannot be loaded) for `semantic` and
    /// `combined`; by default, the model when both languages are covered,
    /// else, or when the shipped model is missing, none (with a
    /// [`Warning::NoModel`] in [`Aligner::warnings`]).
    pub fn build(self) -> Result<Aligner, AlignerError> {
        let mut warnings = Vec::new();
        let named = matches!(self.model, Model::Dir(_));
        let load = |model: Model| match model {
            Model::Shipped => Encoder::load_default(),
            Model::Dir(dir) => Encoder::load(&dir),
            Model::Given(encoder) => Ok(*encoder),
        };
        let covered = encoder_covers(&self.source_lang) && encoder_covers(&self.target_lang);
        let encoder = match self.scorer {
            Some(ScorerKind::Classic) => None,
            Some(_) => Some(load(self.model).map_err(AlignerError::ModelNeeded)?),
            None if covered => match load(self.model) {
                Ok(encoder) => Some(encoder),
                Err(e) if named => return Err(AlignerError::NamedModel(e)),
                Err(e) => {
                    warnings.push(Warning::NoModel {
                        cause: e.to_string(),
                    });
                    None
                }
            },
            None => None,
        };
        Ok(Aligner {
            options: self.options,
            scorer: self.scorer,
            dictionary: self.dictionary,
            encoder,
            source_lang: self.source_lang,
            target_lang: self.target_lang,
            presplit: self.presplit,
            warnings,
        })
    }
}

/// The one alignment pipeline: segments → scores → search → beads with
/// confidences, with the warnings a pair deserves. Build it once (loading
/// the model is the slow part) and align many pairs, from any number of
/// threads.
#[derive(Debug)]
pub struct Aligner {
    options: AlignOptions,
    scorer: Option<ScorerKind>,
    dictionary: Cow<'static, Dictionary>,
    encoder: Option<Encoder>,
    source_lang: String,
    target_lang: String,
    presplit: bool,
    warnings: Vec<Warning>,
}

impl Aligner {
    /// A builder with `bitext align`'s defaults.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder {
            options: AlignOptions::default(),
            scorer: None,
            dictionary: Cow::Borrowed(Dictionary::builtin()),
            model: Model::Shipped,
            source_lang: "zh-CN".to_string(),
            target_lang: "en-US".to_string(),
            presplit: false,
        }
    }

    /// Warnings from building (the model missing), to show once.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The source and target language tags.
    pub fn languages(&self) -> (&str, &str) {
        (&self.source_lang, &self.target_lang)
    }

    /// The scorer a pair gets: the one asked for; else `combined` when the
    /// encoder is loaded and the pair is under [`SEMANTIC_LIMIT`] sentences
    /// and [`SEMANTIC_BYTES_LIMIT`] bytes; else `classic`.
    pub fn scorer_for(&self, source: &Document, target: &Document) -> ScorerKind {
        let bytes = |d: &Document| d.segments.iter().map(|s| s.text.len()).sum::<usize>();
        let huge = source.len() + target.len() > SEMANTIC_LIMIT
            || bytes(source) + bytes(target) > SEMANTIC_BYTES_LIMIT;
        match (self.scorer, &self.encoder) {
            (Some(kind), _) => kind,
            (None, Some(_)) if !huge => ScorerKind::Combined,
            _ => ScorerKind::Classic,
        }
    }

    /// Segments a source text (line by line when presplit); `label` names
    /// it in warnings.
    pub fn source_document(&self, label: &str, text: &str) -> Document {
        self.segment(label, text, &self.source_lang)
    }

    /// Segments a target text, as [`source_document`](Self::source_document).
    pub fn target_document(&self, label: &str, text: &str) -> Document {
        self.segment(label, text, &self.target_lang)
    }

    fn segment(&self, label: &str, text: &str, lang: &str) -> Document {
        let segments = if self.presplit {
            segment::presplit(text)
        } else {
            segment::segment(text, Lang::from_tag(lang))
        };
        Document::new(label, lang, segments)
    }

    /// Aligns two texts (segmented with [`source_document`](Self::source_document)
    /// and [`target_document`](Self::target_document));
    /// the alignment is called `name`.
    pub fn align_texts(&self, name: &str, source: &str, target: &str) -> Outcome {
        let source = self.source_document("source", source);
        let target = self.target_document("target", target);
        self.align(name, source, target)
    }

    /// Warnings about a pair before aligning it: each side's language, the
    /// band narrowing, the sizes, the dictionary's use.
    pub fn check(&self, source: &Document, target: &Document) -> Vec<Warning> {
        let mut warnings: Vec<Warning> = language_warning(source).into_iter().collect();
        let band = band_within_memory(source.len(), self.options.band);
        if band < self.options.band && self.options.search == Search::Exhaustive {
            warnings.push(Warning::BandNarrowed {
                path: source.path.clone(),
                sentences: source.len(),
                band,
            });
        }
        warnings.extend(language_warning(target));
        warnings.extend(size_warning(source, target));
        if source.family() != Lang::Zh && target.family() != Lang::Zh {
            warnings.push(Warning::NoDictionary {
                source_lang: source.lang.clone(),
                target_lang: target.lang.clone(),
            });
        }
        warnings
    }

    /// Aligns two segmented documents: every sentence of both ends up in
    /// exactly one bead, in order. The warnings are [`check`](Self::check)'s
    /// and one per suspect stretch.
    pub fn align(&self, name: &str, source: Document, target: Document) -> Outcome {
        let mut warnings = self.check(&source, &target);
        let scorer = self.scorer_for(&source, &target);
        let options = self.options_for(scorer);
        let Aligned { beads, learned } = align_documents(
            &source,
            &target,
            &self.dictionary,
            self.encoder.as_ref(),
            &options,
        );
        warnings.extend(
            crate::model::suspect_warnings(&beads)
                .into_iter()
                .map(|stretch| Warning::Suspect {
                    name: name.to_string(),
                    stretch,
                }),
        );
        Outcome {
            alignment: Alignment {
                name: name.to_string(),
                source,
                target,
                beads,
                learned,
            },
            scorer,
            warnings,
        }
    }

    /// The options for aligning with `scorer`: this aligner's, with that
    /// scorer's tuned weights and temperature.
    fn options_for(&self, scorer: ScorerKind) -> AlignOptions {
        let tuned = AlignOptions::for_scorer(scorer);
        AlignOptions {
            scorer,
            weights: tuned.weights,
            temperature: tuned.temperature,
            ..self.options.clone()
        }
    }

    /// Aligns `alignment` again around its beads for which `fixed(k)`
    /// holds ([`anchored::around`]): each stretch between them is aligned
    /// as a pair of its own, with the scorer the whole pair gets.
    pub fn align_around(&self, alignment: &Alignment, fixed: impl Fn(usize) -> bool) -> Vec<Bead> {
        let scorer = self.scorer_for(&alignment.source, &alignment.target);
        let options = self.options_for(scorer);
        anchored::around(&alignment.beads, fixed, |s, t| {
            let source = anchored::excerpt(&alignment.source, s);
            let target = anchored::excerpt(&alignment.target, t);
            align_documents(
                &source,
                &target,
                &self.dictionary,
                self.encoder.as_ref(),
                &options,
            )
            .beads
        })
    }

    /// Aligns two documents around a reviewer's `anchors` (beads in order,
    /// each with both sides): they are kept, approved, and the search runs
    /// only between them.
    pub fn align_with_anchors(
        &self,
        name: &str,
        source: Document,
        target: Document,
        anchors: &[Bead],
    ) -> Result<Outcome, AnchorError> {
        let skeleton = anchored::skeleton(anchors, source.len(), target.len())?;
        let mut warnings = self.check(&source, &target);
        let scorer = self.scorer_for(&source, &target);
        let mut alignment = Alignment {
            name: name.to_string(),
            source,
            target,
            beads: skeleton,
            learned: None,
        };
        let fixed: Vec<bool> = alignment
            .beads
            .iter()
            .map(|b| b.status == crate::model::Status::Approved)
            .collect();
        alignment.beads = self.align_around(&alignment, |k| fixed[k]);
        warnings.extend(
            crate::model::suspect_warnings(&alignment.beads)
                .into_iter()
                .map(|stretch| Warning::Suspect {
                    name: name.to_string(),
                    stretch,
                }),
        );
        Ok(Outcome {
            alignment,
            scorer,
            warnings,
        })
    }
}

pub use super::read::{ReadAs, read_document, read_document_in, read_document_with};

/// A warning when a document does not look like its declared language
/// (judged on its first 200 segments).
fn language_warning(doc: &Document) -> Option<Warning> {
    let sample: String = doc
        .segments
        .iter()
        .take(200)
        .map(|s| s.text.as_str())
        .collect();
    let detected = Lang::from_tag(segment::detect_lang(&sample));
    let declared = doc.family();
    (declared != Lang::Other && detected != declared).then(|| Warning::Language {
        path: doc.path.clone(),
        declared: doc.lang.clone(),
        looks_like: detected,
    })
}

/// A warning when one side has over five times the segments of the other.
fn size_warning(source: &Document, target: &Document) -> Option<Warning> {
    let (n, m) = (source.len().max(1) as f64, target.len().max(1) as f64);
    if n / m <= 5.0 && m / n <= 5.0 {
        return None;
    }
    let (long, short) = if n > m {
        (source, target)
    } else {
        (target, source)
    };
    Some(Warning::Sizes {
        long: long.path.clone(),
        long_segments: long.len(),
        short: short.path.clone(),
        short_segments: short.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classic() -> Aligner {
        Aligner::builder()
            .scorer(ScorerKind::Classic)
            .build()
            .unwrap()
    }

    const ZH: &str = "今天天气很好。我们去公园散步吧。他在北京工作了十年。";
    const EN: &str = "The weather is fine today. Let's go for a walk in the park. He worked in Beijing for ten years.";

    #[test]
    fn aligns_two_texts_without_warnings() {
        let outcome = classic().align_texts("demo", ZH, EN);
        assert_eq!(outcome.scorer, ScorerKind::Classic);
        assert_eq!(outcome.alignment.name, "demo");
        assert_eq!(outcome.alignment.beads.len(), 3);
        assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    }

    #[test]
    fn swapped_sides_are_a_warning_value() {
        let outcome = classic().align_texts("swapped", EN, ZH);
        let languages: Vec<String> = outcome
            .warnings
            .iter()
            .filter(|w| matches!(w, Warning::Language { .. }))
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            languages,
            [
                "source: declared as zh-CN but looks like English: are source and target swapped? (see --source-lang/--target-lang)",
                "target: declared as en-US but looks like Chinese: are source and target swapped? (see --source-lang/--target-lang)",
            ]
        );
        // Still aligned: every sentence is in a bead.
        let alignment = &outcome.alignment;
        crate::model::check_coverage(
            &alignment.beads,
            alignment.source.len(),
            alignment.target.len(),
        )
        .unwrap();
    }

    #[test]
    fn sizes_and_dictionary_warnings() {
        let aligner = Aligner::builder()
            .scorer(ScorerKind::Classic)
            .languages("fr", "en")
            .presplit(true)
            .build()
            .unwrap();
        let source = "Un.\nDeux.\nTrois.\nQuatre.\nCinq.\nSix.\n";
        let outcome = aligner.align_texts("sizes", source, "One.\n");
        assert_eq!(
            outcome.warnings[..2],
            [
                Warning::Sizes {
                    long: "source".into(),
                    long_segments: 6,
                    short: "target".into(),
                    short_segments: 1,
                },
                Warning::NoDictionary {
                    source_lang: "fr".into(),
                    target_lang: "en".into(),
                },
            ]
        );
        assert_eq!(
            outcome.warnings[0].to_string(),
            "source has 6 segments but target only 1: is it the same text?"
        );
    }

    #[test]
    fn the_band_narrows_only_for_the_exhaustive_search() {
        let options = AlignOptions {
            search: Search::Exhaustive,
            band: usize::MAX / 4,
            ..AlignOptions::default()
        };
        let aligner = Aligner::builder()
            .scorer(ScorerKind::Classic)
            .options(options)
            .build()
            .unwrap();
        let source = aligner.source_document("zh.txt", ZH);
        let target = aligner.target_document("en.txt", EN);
        let warnings = aligner.check(&source, &target);
        assert!(
            matches!(&warnings[..], [Warning::BandNarrowed { sentences: 3, .. }]),
            "{warnings:?}"
        );
        assert!(classic().check(&source, &target).is_empty());
    }

    #[test]
    fn a_named_model_that_does_not_load_is_an_error_and_a_missing_one_a_warning() {
        let missing = std::env::temp_dir().join("bitext-no-such-model");
        let named = Aligner::builder().model_dir(&missing).build();
        assert!(matches!(named, Err(AlignerError::NamedModel(_))));
        let asked = Aligner::builder()
            .model_dir(&missing)
            .scorer(ScorerKind::Combined)
            .build();
        assert!(matches!(asked, Err(AlignerError::ModelNeeded(_))));
        // Languages the encoder does not cover never load it.
        let uncovered = Aligner::builder()
            .model_dir(&missing)
            .languages("zh-CN", "eo")
            .build()
            .unwrap();
        assert!(uncovered.warnings().is_empty());
        let outcome = uncovered.align_texts("eo", ZH, "Bona vetero.");
        assert_eq!(outcome.scorer, ScorerKind::Classic);
    }

    #[test]
    fn the_default_is_combined_with_the_shipped_model_and_classic_when_huge() {
        let aligner = Aligner::builder().build().unwrap();
        assert!(aligner.warnings().is_empty(), "{:?}", aligner.warnings());
        let source = aligner.source_document("zh", ZH);
        let target = aligner.target_document("en", EN);
        assert_eq!(aligner.scorer_for(&source, &target), ScorerKind::Combined);
        let lines = "一。\n".repeat(SEMANTIC_LIMIT / 2 + 1);
        let huge = Document::from_sentences("zh", "zh-CN", &lines.lines().collect::<Vec<_>>());
        assert_eq!(aligner.scorer_for(&huge, &huge), ScorerKind::Classic);
    }

    #[test]
    fn classic_is_chosen_when_asked_and_without_an_encoder() {
        let aligner = classic();
        let source = aligner.source_document("zh", ZH);
        let target = aligner.target_document("en", EN);
        assert_eq!(aligner.scorer_for(&source, &target), ScorerKind::Classic);
    }

    #[test]
    fn a_spliced_in_stretch_is_a_suspect_warning_named_after_the_alignment() {
        // Target sentences 50..80 are spliced in from elsewhere, as in
        // `suspect`'s own test.
        let (zh, en) = crate::align::fixtures::spliced();
        let (zh, en) = (zh.join("\n") + "\n", en.join("\n") + "\n");
        let aligner = Aligner::builder()
            .scorer(ScorerKind::Classic)
            .presplit(true)
            .build()
            .unwrap();
        let outcome = aligner.align_texts("spliced", &zh, &en);
        let suspect: Vec<String> = outcome
            .warnings
            .iter()
            .filter(|w| matches!(w, Warning::Suspect { .. }))
            .map(ToString::to_string)
            .collect();
        assert_eq!(suspect.len(), 1, "{:?}", outcome.warnings);
        assert!(
            suspect[0].starts_with("spliced: sentences ")
                && suspect[0].ends_with(": weak evidence, check this stretch"),
            "{suspect:?}"
        );
    }
}
