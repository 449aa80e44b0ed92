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
//! - `length`: the log ratio of the sides' lengths in characters is more than
//!   2.5 standard deviations from the document's mean (the deviation taken
//!   as at least 0.1, so that a short, even document flags nothing).
//! - `unaligned`: a 1-0 or 0-1 bead, a sentence with no counterpart.
//! - `suspect`: the aligner marked the bead ([`Bead::suspect`]): it lies in a
//!   stretch where the evidence is far weaker than elsewhere in the
//!   document, and the alignment may have lost its way there.
//!
//! The numbers and Latin tokens are read by [`crate::features`]; the suspect
//! stretches and their warnings are the model's
//! ([`crate::model::suspect_warnings`]). The checks read the data model
//! only.

use crate::features::latin::missing_latin;
use crate::features::numbers::numbers_differ;
use crate::model::{Alignment, Bead, Document, Lang};
use std::fmt;

/// One quality check that failed on a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    Numbers,
    Latin,
    Length,
    Unaligned,
    Suspect,
}

impl Flag {
    /// Every flag, in the order they are listed in.
    pub const ALL: [Flag; 5] = [
        Flag::Numbers,
        Flag::Latin,
        Flag::Length,
        Flag::Unaligned,
        Flag::Suspect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Numbers => "numbers",
            Flag::Latin => "latin",
            Flag::Length => "length",
            Flag::Unaligned => "unaligned",
            Flag::Suspect => "suspect",
        }
    }

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

/// A bead's length ratio is flagged beyond this many standard deviations.
pub const LENGTH_Z: f64 = 2.5;

/// The smallest standard deviation of the log length ratio used.
const MIN_STD: f64 = 0.1;

/// Characters that count for length: all but white space.
fn length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

fn log_ratio(source: &str, target: &str) -> f64 {
    ((length(source) as f64 + 1.0) / (length(target) as f64 + 1.0)).ln()
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
    /// Mean of the log length ratio over beads with both sides.
    pub mean: f64,
    /// Its standard deviation (at least 0.1).
    pub std: f64,
    source_latin: bool,
    target_latin: bool,
}

impl Checker {
    pub fn new(alignment: &Alignment) -> Checker {
        Checker::of(&alignment.source, &alignment.target, &alignment.beads)
    }

    /// The checks of `beads` between two documents (an alignment's parts).
    pub fn of(source: &Document, target: &Document, beads: &[Bead]) -> Checker {
        let ratios: Vec<f64> = beads
            .iter()
            .filter(|b| !b.is_null())
            .map(|b| log_ratio(&source.join(&b.source), &target.join(&b.target)))
            .collect();
        let n = ratios.len().max(1) as f64;
        let mean = ratios.iter().sum::<f64>() / n;
        let variance = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n;
        Checker {
            mean,
            std: variance.sqrt().max(MIN_STD),
            source_latin: latin_script(source),
            target_latin: latin_script(target),
        }
    }

    /// The z-score of a bead's log length ratio.
    pub fn length_z(&self, source: &str, target: &str) -> f64 {
        (log_ratio(source, target) - self.mean) / self.std
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
        flags
    }

    /// The flags that come from the bead's texts and shape.
    fn text_flags(&self, source: &Document, target: &Document, bead: &Bead) -> Vec<Flag> {
        if bead.is_null() {
            return vec![Flag::Unaligned];
        }
        let source = source.join(&bead.source);
        let target = target.join(&bead.target);
        let mut flags = Vec::new();
        if numbers_differ(&source, &target) {
            flags.push(Flag::Numbers);
        }
        let latin = match (self.source_latin, self.target_latin) {
            (false, true) => !missing_latin(&source, &target, false).is_empty(),
            (true, false) => !missing_latin(&target, &source, false).is_empty(),
            (both_latin, _) => {
                !missing_latin(&source, &target, both_latin).is_empty()
                    || !missing_latin(&target, &source, both_latin).is_empty()
            }
        };
        if latin {
            flags.push(Flag::Latin);
        }
        if self.length_z(&source, &target).abs() > LENGTH_Z {
            flags.push(Flag::Length);
        }
        flags
    }
}

/// The flags of every bead of an alignment, in bead order.
pub fn bead_flags(alignment: &Alignment) -> Vec<Vec<Flag>> {
    let checker = Checker::new(alignment);
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
        let flags = bead_flags(&alignment);
        assert_eq!(flags[0], vec![]);
        assert_eq!(flags[3], vec![Flag::Numbers]);
        assert_eq!(flags[5], vec![Flag::Latin]);
        assert_eq!(flags[7], vec![Flag::Length]);
        assert_eq!(flags[10], vec![Flag::Unaligned]);
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
