//! What structure a document's reader found: its format and how many
//! headings (chapters), paragraphs, footnotes and cues it had, and the
//! lines it dropped as page furniture. An alignment's JSON and review page
//! say it; the aligner uses headings as hard evidence when both documents
//! have them (a heading is never merged with a sentence of its side).

use serde::{Deserialize, Serialize};

/// The structure read from a document (absent for plain text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    /// The format read: `docx`, `html`, `epub`, `markdown`, `srt`, `vtt` …
    pub format: String,
    /// Headings of every level.
    pub headings: usize,
    /// Headings of the highest level the document has (its chapters, or
    /// its title when it has one top heading).
    pub chapters: usize,
    /// Paragraph blocks (list items and table cells included).
    pub paragraphs: usize,
    /// Footnotes and endnotes, read after the body.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub footnotes: usize,
    /// Subtitle cues.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cues: usize,
    /// Lines left out as running headers, footers and page numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Structure {
    /// One line for people: `DOCX: 3 headings (2 chapters), 12 paragraphs,
    /// 2 footnotes`.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!(
            "{} heading{} ({} at the top level)",
            self.headings,
            plural(self.headings),
            self.chapters
        )];
        parts.push(format!(
            "{} paragraph{}",
            self.paragraphs,
            plural(self.paragraphs)
        ));
        if self.footnotes > 0 {
            parts.push(format!(
                "{} footnote{}",
                self.footnotes,
                plural(self.footnotes)
            ));
        }
        if self.cues > 0 {
            parts.push(format!("{} cue{}", self.cues, plural(self.cues)));
        }
        if !self.dropped.is_empty() {
            parts.push(format!(
                "{} line{} dropped as running headers or page numbers",
                self.dropped.len(),
                plural(self.dropped.len())
            ));
        }
        format!("{}: {}", self.format.to_uppercase(), parts.join(", "))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarises() {
        let s = Structure {
            format: "docx".into(),
            headings: 3,
            chapters: 1,
            paragraphs: 12,
            footnotes: 2,
            ..Structure::default()
        };
        assert_eq!(
            s.summary(),
            "DOCX: 3 headings (1 at the top level), 12 paragraphs, 2 footnotes"
        );
    }
}
