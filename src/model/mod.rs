//! The alignment's data model: segments, beads and the alignment with its
//! metadata. Everything above (segmentation, scoring, search, exporters,
//! importers, `eval`) speaks these types; this module depends on nothing else
//! in the crate.

mod cues;
mod stretches;
mod structure;
pub use cues::{Cue, Piece, Span, clock, cue_pieces, segment_spans, text_pieces};
pub use stretches::{
    Stretch, WEAK_EVIDENCE, stretches, suspect_stretches, suspect_warnings, thousands,
};
pub use structure::Structure;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which family of language a document is in, as far as processing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese (any variety, simplified or traditional).
    Zh,
    /// English.
    En,
    /// Anything else: segmented like English, aligned on length and anchors.
    Other,
}

impl Lang {
    /// The processing family of a BCP 47 tag (`zh-CN`, `zh_TW`, `en-US`, `EN`).
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" | "zho" | "chi" | "cmn" | "yue" => Lang::Zh,
            "en" | "eng" => Lang::En,
            _ => Lang::Other,
        }
    }

    /// How segments of this language are joined back into running text.
    pub fn joiner(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En | Lang::Other => " ",
        }
    }
}

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// An ordinary sentence.
    #[default]
    Sentence,
    /// A heading: short, no closing punctuation, standing alone.
    Heading,
}

impl fmt::Display for SegmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SegmentKind::Sentence => "sentence",
            SegmentKind::Heading => "heading",
        })
    }
}

/// One sentence (or heading) of a document after splitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// 0-based position in the document.
    pub id: usize,
    /// The text as the user wrote it, without a leading speaker label.
    pub text: String,
    /// 1-based paragraph number.
    pub paragraph: usize,
    /// Sentence or heading.
    pub kind: SegmentKind,
    /// The speaker of the turn the segment belongs to, if the text has labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// True for the first segment of a speaker's turn (the label stood here).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub turn_start: bool,
    /// The speaker label exactly as it stands before this segment in the
    /// document (`SamAltman:`, `Sam Altman: `), on the first segment of a
    /// turn whose label shares its line; `text` leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When the segment is on screen, for a subtitle input (from the start
    /// of its first cue to the end of its last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Span>,
}

impl Segment {
    /// A plain sentence in paragraph 1, for presplit input and tests.
    pub fn sentence(id: usize, text: impl Into<String>) -> Segment {
        Segment {
            id,
            text: text.into(),
            paragraph: 1,
            kind: SegmentKind::Sentence,
            speaker: None,
            turn_start: false,
            label: None,
            time: None,
        }
    }

    /// The segment as it stands in the document: its speaker label, if it
    /// had one on its line, then its text.
    pub fn as_written(&self) -> String {
        match &self.label {
            Some(label) => format!("{label}{}", self.text),
            None => self.text.clone(),
        }
    }

    /// True when this segment opens a paragraph (or is the first one).
    pub fn starts_paragraph(&self, previous: Option<&Segment>) -> bool {
        previous.is_none_or(|p| p.paragraph != self.paragraph)
    }
}

/// One side of an alignment: a segmented document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The file the text came from, as the user named it (or a label).
    pub path: String,
    /// BCP 47 language tag, e.g. `zh-CN`.
    pub lang: String,
    /// The segments, `segments[i].id == i`.
    pub segments: Vec<Segment>,
    /// The cues of a subtitle input, as the file has them (empty for
    /// anything else).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<Cue>,
    /// The structure its reader found (absent for plain text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<Structure>,
}

impl Document {
    pub fn new(path: impl Into<String>, lang: impl Into<String>, segments: Vec<Segment>) -> Self {
        Document {
            path: path.into(),
            lang: lang.into(),
            segments,
            cues: Vec::new(),
            structure: None,
        }
    }

    /// A document of one plain sentence per text, in paragraph 1 (presplit
    /// input, tests).
    pub fn from_sentences<S: AsRef<str>>(
        path: impl Into<String>,
        lang: impl Into<String>,
        texts: &[S],
    ) -> Document {
        let segments = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Segment::sentence(i, t.as_ref()))
            .collect();
        Document::new(path, lang, segments)
    }

    /// The processing family of the document's language.
    pub fn family(&self) -> Lang {
        Lang::from_tag(&self.lang)
    }

    /// The segments `ids` as they stand in the document, speaker labels
    /// included (see [`Segment::label`]), joined as [`Document::join`] joins.
    pub fn join_as_written(&self, ids: &[usize]) -> String {
        let parts: Vec<String> = ids
            .iter()
            .filter_map(|&i| self.segments.get(i).map(Segment::as_written))
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(self.family().joiner())
    }

    /// The text of consecutive segments joined as running text (empty
    /// segments, as an import leaves them, add nothing).
    pub fn join(&self, ids: &[usize]) -> String {
        let parts: Vec<&str> = ids
            .iter()
            .filter_map(|&i| self.segments.get(i).map(|s| s.text.as_str()))
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(self.family().joiner())
    }

    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }
}

/// A reviewer's verdict on a bead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Aligned automatically with good confidence.
    #[default]
    Auto,
    /// Aligned automatically with low confidence: a human should look.
    Review,
    /// Checked and accepted by a human.
    Approved,
    /// Checked and rejected by a human: left out of translation memories.
    Rejected,
}

impl Status {
    /// Every status, as the review CSV and XLSX write them (and the XLSX's
    /// drop-down list offers them).
    pub const ALL: [Status; 4] = [
        Status::Auto,
        Status::Review,
        Status::Approved,
        Status::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Auto => "auto",
            Status::Review => "review",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => Ok(Status::Auto),
            "review" => Ok(Status::Review),
            "approved" => Ok(Status::Approved),
            "rejected" => Ok(Status::Rejected),
            other => Err(format!(
                "unknown status `{other}` (expected auto, review, approved or rejected)"
            )),
        }
    }
}

/// One aligned unit: n consecutive source segments with m consecutive target
/// segments (1-1, 2-1, 1-0 …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bead {
    /// 0-based source segment ids, consecutive, possibly empty.
    pub source: Vec<usize>,
    /// 0-based target segment ids, consecutive, possibly empty.
    pub target: Vec<usize>,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Review status.
    #[serde(default)]
    pub status: Status,
    /// A reviewer's note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The bead lies in a stretch where the evidence is far weaker than
    /// elsewhere in the document: the alignment may have lost its way there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspect: bool,
}

impl Bead {
    pub fn new(source: Vec<usize>, target: Vec<usize>, score: f64) -> Self {
        Bead {
            source,
            target,
            score,
            status: Status::Auto,
            note: String::new(),
            suspect: false,
        }
    }

    /// The bead's shape as `n-m`, e.g. `2-1`.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }

    /// True for 1-0 and 0-1 beads: a sentence with no counterpart.
    pub fn is_null(&self) -> bool {
        self.source.is_empty() || self.target.is_empty()
    }
}

/// A whole alignment of one source document with one target document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// A short name for file names and titles, e.g. `altman-baai-2023`.
    pub name: String,
    pub source: Document,
    pub target: Document,
    pub beads: Vec<Bead>,
    /// What the aligner learned about this document pair, when it aligned it
    /// (an imported alignment has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<Learned>,
}

/// What the aligner learned from a document pair's own beads: how often
/// each bead shape occurs and how long the target runs against the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    /// Expected share of each bead shape, most frequent first (shapes under
    /// 0.5% left out).
    pub shapes: Vec<ShapeShare>,
    /// Target length per source length unit (characters without spaces).
    pub length_ratio: f64,
    /// Re-estimation rounds run.
    pub rounds: usize,
}

/// One bead shape's share of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ShapeShare {
    /// Source sentences in the bead.
    pub source: usize,
    /// Target sentences in the bead.
    pub target: usize,
    /// Share of all beads, in [0, 1].
    pub share: f64,
}

impl Learned {
    /// One line for people: `1-1 beads 61%, 1-2 beads 21%, 2-2 beads 3%,
    /// length ratio 1.31`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .shapes
            .iter()
            .filter(|s| s.share >= 0.01)
            .take(6)
            .map(|s| format!("{}-{} beads {:.0}%", s.source, s.target, 100.0 * s.share))
            .collect();
        parts.push(format!("length ratio {:.2}", self.length_ratio));
        parts.join(", ")
    }
}

impl Alignment {
    /// Source text of a bead as running text.
    pub fn source_text(&self, bead: &Bead) -> String {
        self.source.join(&bead.source)
    }

    /// Target text of a bead as running text.
    pub fn target_text(&self, bead: &Bead) -> String {
        self.target.join(&bead.target)
    }

    /// The first source segment of a bead, or else its first target segment:
    /// where paragraph and speaker metadata for the bead come from.
    pub fn lead_segment<'a>(&'a self, bead: &Bead) -> Option<&'a Segment> {
        bead.source
            .first()
            .and_then(|&i| self.source.segments.get(i))
            .or_else(|| {
                bead.target
                    .first()
                    .and_then(|&j| self.target.segments.get(j))
            })
    }

    /// Checks that the beads cover every segment of both sides exactly once,
    /// in order, with consecutive ids inside each bead.
    pub fn check_coverage(&self) -> Result<(), String> {
        check_coverage(&self.beads, self.source.len(), self.target.len())
    }
}

/// Checks that `beads` cover `0..n_source` and `0..n_target` exactly once, in
/// order, each bead's ids consecutive.
pub fn check_coverage(beads: &[Bead], n_source: usize, n_target: usize) -> Result<(), String> {
    let (mut i, mut j) = (0usize, 0usize);
    for (k, bead) in beads.iter().enumerate() {
        for &s in &bead.source {
            if s != i {
                return Err(format!(
                    "bead {k}: source sentence {s} where {i} was expected"
                ));
            }
            i += 1;
        }
        for &t in &bead.target {
            if t != j {
                return Err(format!(
                    "bead {k}: target sentence {t} where {j} was expected"
                ));
            }
            j += 1;
        }
    }
    if i != n_source || j != n_target {
        return Err(format!(
            "beads cover {i} of {n_source} source and {j} of {n_target} target sentences"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_from_tags() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH_tw"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::Other);
    }

    #[test]
    fn coverage_detects_gaps_and_disorder() {
        let ok = vec![
            Bead::new(vec![0, 1], vec![0], 1.0),
            Bead::new(vec![], vec![1], 0.5),
        ];
        assert!(check_coverage(&ok, 2, 2).is_ok());
        let gap = vec![
            Bead::new(vec![0], vec![0], 1.0),
            Bead::new(vec![2], vec![1], 1.0),
        ];
        assert!(check_coverage(&gap, 3, 2).is_err());
        assert!(check_coverage(&ok, 3, 2).is_err());
    }

    #[test]
    fn join_by_language() {
        let zh = Document::new(
            "zh",
            "zh-CN",
            vec![
                Segment::sentence(0, "你好。"),
                Segment::sentence(1, "再见。"),
            ],
        );
        assert_eq!(zh.join(&[0, 1]), "你好。再见。");
        let en = Document::new(
            "en",
            "en",
            vec![Segment::sentence(0, "Hi."), Segment::sentence(1, "Bye.")],
        );
        assert_eq!(en.join(&[0, 1]), "Hi. Bye.");
    }
}
