//! Quality checks a reviewer wants on each bead, as short words for the CSV
//! `flags` column, the review HTML and the JSON:
//!
//! - `numbers`: a number on one side that the other side lacks. Arabic
//!   digits (`6月10日`, `1,000`, `3.5亿`), Chinese numerals where they count
//!   something (`六个月`, `第三`, `二十三人`, `百分之五十`, `二〇二三年`),
//!   English number words (`one` … `twelve` and on to `billion`, `twenty-three`)
//!   and capitalized month names. Numbers that are only loosely numbers
//!   (`一`, `one`, `first`, `twice`, `十分` …) can answer a number on the other
//!   side but never raise the flag themselves.
//! - `latin`: a Latin-script token (`OpenAI`, `GPT-4`, `SamAltman`) of a
//!   non-Latin side that the other side lacks (ignoring case, spaces, hyphens
//!   and dots); between two Latin-script sides, acronyms, CamelCase names and
//!   tokens with digits, both ways.
//! - `length`: the bead's target length lies more than 2.5 standard
//!   deviations from what the document's [`LengthModel`] predicts from its
//!   source length.
//! - `negation`: one side is negated and the other is not
//!   ([`crate::features::negation`]).
//! - `unaligned`: a 1-0 or 0-1 bead, a sentence with no counterpart.
//! - `suspect`: the aligner marked the bead ([`Bead::suspect`]): it lies in a
//!   stretch where the evidence is far weaker than elsewhere in the
//!   document, and the alignment may have lost its way there.
//!
//! Only [`Flag::DEFAULT`] are marked unless asked otherwise: `length` and
//! `negation` fall short of 0.9 precision and recall on the labelled set of
//! docs/flags.md ([`crate::eval::flags`] measures them).
//!
//! The numbers and Latin tokens are read by [`crate::features`]; the suspect
//! stretches and their warnings are the model's
//! ([`crate::model::suspect_warnings`]). The checks read the data model
//! only.

use crate::features::latin::missing_latin;
use crate::features::negation::polarity_differs;
use crate::features::numbers::numbers_differ;
use crate::model::{Alignment, Bead, Document, Lang};
use std::fmt;

/// One quality check that failed on a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    Numbers,
    Latin,
    Length,
    Negation,
    Unaligned,
    Suspect,
}

impl Flag {
    /// Every flag, in the order they are listed in.
    pub const ALL: [Flag; 6] = [
        Flag::Numbers,
        Flag::Latin,
        Flag::Length,
        Flag::Negation,
        Flag::Unaligned,
        Flag::Suspect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Numbers => "numbers",
            Flag::Latin => "latin",
            Flag::Length => "length",
            Flag::Negation => "negation",
            Flag::Unaligned => "unaligned",
            Flag::Suspect => "suspect",
        }
    }

    /// The flags marked unless `--flags` says otherwise: those that reach
    /// precision and recall of 0.9 on the labelled set of docs/flags.md.
    /// `length` and `negation` do not and are off by default: a length
    /// ratio cannot tell a condensed translation from a half-missing one,
    /// and translators turn negations around (`不例外` / `is no exception`
    /// against `also applies`) too often for polarity to be evidence.
    pub const DEFAULT: [Flag; 4] = [Flag::Numbers, Flag::Latin, Flag::Unaligned, Flag::Suspect];

    /// The flag of its word.
    pub fn from_name(name: &str) -> Option<Flag> {
        Flag::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// What the flag means, for tooltips and legends.
    pub fn description(self) -> &'static str {
        match self {
            Flag::Numbers => "numbers differ between the sides",
            Flag::Latin => "a Latin-script name or code is missing on one side",
            Flag::Length => "length ratio far from the document's",
            Flag::Negation => "one side is negated and the other is not",
            Flag::Unaligned => "sentence without a counterpart",
            Flag::Suspect => "in a stretch of weak evidence: the alignment may be lost there",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Flags as the CSV writes them: words joined by `;` (`numbers;length`).
pub fn join(flags: &[Flag]) -> String {
    let words: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
    words.join(";")
}

/// Flags from the CSV's `flags` column (unknown words are skipped).
pub fn parse(text: &str) -> Vec<Flag> {
    text.split([';', ',', ' '])
        .filter_map(Flag::from_name)
        .collect()
}

/// A bead's length is flagged beyond this many standard deviations of the
/// document's length model.
pub const LENGTH_Z: f64 = 2.5;

/// Characters a bead's side is taken to have beyond its own, so that short
/// beads (headings, "OK.") vary more before they are flagged.
const LENGTH_SLACK: f64 = 10.0;

/// Characters that count for length: all but white space.
pub(crate) fn length(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// The length model of a document pair, after Gale and Church (1993): the
/// target runs to `ratio` characters per source character, with a variance
/// that grows with the source's length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    /// Target characters per source character.
    pub ratio: f64,
    /// Variance of the target's length per source character.
    pub variance: f64,
}

impl LengthModel {
    /// The model of a list of (source, target) lengths in characters: the
    /// ratio of the sums, and the variance from the median squared
    /// deviation (so that a few wrong beads do not widen it).
    pub fn fit(lengths: &[(f64, f64)]) -> LengthModel {
        let (sum_s, sum_t) = lengths
            .iter()
            .fold((0.0, 0.0), |(a, b), (s, t)| (a + s, b + t));
        let ratio = if sum_s > 0.0 { sum_t / sum_s } else { 1.0 };
        let mut deviations: Vec<f64> = lengths
            .iter()
            .map(|&(s, t)| (t - ratio * s).powi(2) / (s + LENGTH_SLACK))
            .collect();
        deviations.sort_by(f64::total_cmp);
        // The median of a chi-square with one degree of freedom is 0.455.
        let median = deviations.get(deviations.len() / 2).copied().unwrap_or(1.0);
        LengthModel {
            ratio,
            variance: (median / 0.455).max(0.5),
        }
    }

    /// How many standard deviations a bead's target length lies from what
    /// its source length predicts (positive: longer).
    pub fn z(&self, source: &str, target: &str) -> f64 {
        let (s, t) = (length(source), length(target));
        (t - self.ratio * s) / (self.variance * (s + LENGTH_SLACK)).sqrt()
    }
}

/// True when a document's text is mostly in Latin script.
fn latin_script(doc: &Document) -> bool {
    match doc.family() {
        Lang::Zh => false,
        Lang::En => true,
        Lang::Other => {
            let (mut latin, mut other) = (0usize, 0usize);
            for c in doc.segments.iter().flat_map(|s| s.text.chars()) {
                if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) {
                    latin += 1;
                } else if c.is_alphabetic() {
                    other += 1;
                }
            }
            latin >= other
        }
    }
}

/// The checks of one alignment: document-wide figures computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct Checker {
    /// The document pair's length model, fitted on its beads with both
    /// sides.
    pub length: LengthModel,
    source_latin: bool,
    target_latin: bool,
    /// The flags marked (by default [`Flag::DEFAULT`]).
    enabled: Vec<Flag>,
}

impl Checker {
    pub fn new(alignment: &Alignment) -> Checker {
        Checker::of(&alignment.source, &alignment.target, &alignment.beads)
    }

    /// The checks of `beads` between two documents (an alignment's parts).
    pub fn of(source: &Document, target: &Document, beads: &[Bead]) -> Checker {
        let lengths: Vec<(f64, f64)> = beads
            .iter()
            .filter(|b| !b.is_null())
            .map(|b| {
                (
                    length(&source.join(&b.source)),
                    length(&target.join(&b.target)),
                )
            })
            .collect();
        Checker {
            length: LengthModel::fit(&lengths),
            source_latin: latin_script(source),
            target_latin: latin_script(target),
            enabled: Flag::DEFAULT.to_vec(),
        }
    }

    /// The same checks marking only `flags`.
    pub fn with_flags(mut self, flags: &[Flag]) -> Checker {
        self.enabled = flags.to_vec();
        self
    }

    /// How far a bead's length lies from the document's length model, in
    /// standard deviations.
    pub fn length_z(&self, source: &str, target: &str) -> f64 {
        self.length.z(source, target)
    }

    /// The flags of one bead, in the order of [`Flag::ALL`].
    pub fn flags(&self, alignment: &Alignment, bead: &Bead) -> Vec<Flag> {
        self.flags_of(&alignment.source, &alignment.target, bead)
    }

    /// [`flags`](Self::flags) of a bead between two documents.
    pub fn flags_of(&self, source: &Document, target: &Document, bead: &Bead) -> Vec<Flag> {
        let mut flags = self.text_flags(source, target, bead);
        if bead.suspect {
            flags.push(Flag::Suspect);
        }
        flags.retain(|f| self.enabled.contains(f));
        flags
    }

    /// The flags that come from the bead's texts and shape.
    fn text_flags(&self, source: &Document, target: &Document, bead: &Bead) -> Vec<Flag> {
        if bead.is_null() {
            return vec![Flag::Unaligned];
        }
        let (source, target) = (source.join(&bead.source), target.join(&bead.target));
        self.checked_flags(&source, &target, &self.enabled)
    }

    /// The flags of a bead with both sides, from its texts: numbers, Latin
    /// names, length and negation, in the order of [`Flag::ALL`], whether
    /// enabled or not.
    pub fn pair_flags(&self, source: &str, target: &str) -> Vec<Flag> {
        self.checked_flags(source, target, &Flag::ALL)
    }

    /// [`pair_flags`](Self::pair_flags), checking only the flags in
    /// `which` (a flag turned off costs nothing).
    fn checked_flags(&self, source: &str, target: &str, which: &[Flag]) -> Vec<Flag> {
        let mut flags = Vec::new();
        let wanted = |flag: Flag| which.contains(&flag);
        if wanted(Flag::Numbers) && numbers_differ(source, target) {
            flags.push(Flag::Numbers);
        }
        let latin = || match (self.source_latin, self.target_latin) {
            (false, true) => !missing_latin(source, target, false).is_empty(),
            (true, false) => !missing_latin(target, source, false).is_empty(),
            (both_latin, _) => {
                !missing_latin(source, target, both_latin).is_empty()
                    || !missing_latin(target, source, both_latin).is_empty()
            }
        };
        if wanted(Flag::Latin) && latin() {
            flags.push(Flag::Latin);
        }
        if wanted(Flag::Length) && self.length_z(source, target).abs() > LENGTH_Z {
            flags.push(Flag::Length);
        }
        if wanted(Flag::Negation) && polarity_differs(source, target) {
            flags.push(Flag::Negation);
        }
        flags
    }
}

/// The default flags of every bead of an alignment, in bead order.
pub fn bead_flags(alignment: &Alignment) -> Vec<Vec<Flag>> {
    bead_flags_with(alignment, &Flag::DEFAULT)
}

/// The flags of every bead of an alignment, marking only `flags`.
pub fn bead_flags_with(alignment: &Alignment, flags: &[Flag]) -> Vec<Vec<Flag>> {
    let checker = Checker::new(alignment).with_flags(flags);
    alignment
        .beads
        .iter()
        .map(|b| checker.flags(alignment, b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(lang: &str, texts: &[&str]) -> Document {
        Document::from_sentences(lang, lang, texts)
    }

    #[test]
    fn flags_of_an_alignment() {
        let mut zh = vec!["这是一个句子。"; 10];
        let mut en = vec!["This is a sentence."; 10];
        zh[3] = "过去的七个月里。";
        en[3] = "Over the past six months.";
        zh[5] = "OpenAI说。";
        en[5] = "They said it.";
        zh[7] = "好。";
        en[7] = "This is a far longer sentence than the source could ever justify.";
        zh.push("多余的句子。");
        let alignment = Alignment {
            name: "t".into(),
            source: doc("zh-CN", &zh),
            target: doc("en-US", &en),
            beads: (0..10)
                .map(|i| Bead::new(vec![i], vec![i], 0.9))
                .chain([Bead::new(vec![10], vec![], 0.1)])
                .collect(),
            learned: None,
        };
        let flags = bead_flags_with(&alignment, &Flag::ALL);
        assert_eq!(flags[0], vec![]);
        assert_eq!(flags[3], vec![Flag::Numbers]);
        assert_eq!(flags[5], vec![Flag::Latin]);
        assert_eq!(flags[7], vec![Flag::Length]);
        assert_eq!(flags[10], vec![Flag::Unaligned]);
        // Length is off by default.
        assert_eq!(bead_flags(&alignment)[7], vec![]);
        assert_eq!(join(&[Flag::Numbers, Flag::Length]), "numbers;length");
        assert_eq!(parse("numbers;length"), vec![Flag::Numbers, Flag::Length]);
    }

    fn suspect(source: Vec<usize>, target: Vec<usize>) -> Bead {
        Bead {
            suspect: true,
            ..Bead::new(source, target, 0.2)
        }
    }

    #[test]
    fn suspect_beads_are_flagged() {
        let alignment = Alignment {
            name: "t".into(),
            source: doc("zh-CN", &["好。", "多余。"]),
            target: doc("en-US", &["Good."]),
            beads: vec![suspect(vec![0], vec![0]), suspect(vec![1], vec![])],
            learned: None,
        };
        let flags = bead_flags(&alignment);
        assert_eq!(flags[0], vec![Flag::Suspect]);
        assert_eq!(flags[1], vec![Flag::Unaligned, Flag::Suspect]);
        assert_eq!(join(&flags[1]), "unaligned;suspect");
        assert_eq!(parse("numbers;suspect"), vec![Flag::Numbers, Flag::Suspect]);
    }
}
