//! JSON Lines: one compact JSON object per document on one line, for
//! streaming batches (`bitext align --manifest - -f jsonl -o -`) into
//! pipelines that read line by line:
//!
//! ```json
//! {"name":"book","source":"zh/book.txt","target":"en/book.txt","beads":[{"source":[0],"target":[0],"score":0.98}],"sentences":[1,1]}
//! ```
//!
//! `source` and `target` are the input paths as given; bead ids are 0-based,
//! as in the `beads` format; a bead in a stretch of weak evidence has
//! `"suspect":true`; `sentences` counts both sides.

use super::{ExportOptions, Exporter, Report};
use crate::model::Alignment;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// Writes the alignment as one JSON line.
pub struct Jsonl;

/// One bead of a JSON line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineBead {
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub score: f64,
    /// In a stretch of weak evidence (written only when true).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspect: bool,
}

/// One JSON line: a whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub name: String,
    pub source: String,
    pub target: String,
    pub beads: Vec<LineBead>,
    /// Source and target sentence counts.
    pub sentences: [usize; 2],
}

impl Line {
    /// The line of an alignment.
    pub fn of(alignment: &Alignment) -> Line {
        Line {
            name: alignment.name.clone(),
            source: alignment.source.path.clone(),
            target: alignment.target.path.clone(),
            beads: alignment
                .beads
                .iter()
                .map(|b| LineBead {
                    source: b.source.clone(),
                    target: b.target.clone(),
                    // Finite for JSON; a score is a probability.
                    score: if b.score.is_finite() { b.score } else { 0.0 },
                    suspect: b.suspect,
                })
                .collect(),
            sentences: [alignment.source.len(), alignment.target.len()],
        }
    }
}

impl Exporter for Jsonl {
    fn write(
        &self,
        alignment: &Alignment,
        _options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        serde_json::to_writer(&mut *out, &Line::of(alignment))?;
        out.write_all(b"\n")?;
        Ok(Report::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bead, Document, Segment};

    #[test]
    fn one_line_per_document() {
        let doc = |path: &str, lang: &str, n: usize| {
            let segments = (0..n).map(|i| Segment::sentence(i, "x")).collect();
            Document::new(path.to_string(), lang, segments)
        };
        let alignment = Alignment {
            name: "a\"b".to_string(),
            source: doc("zh/a.txt", "zh-CN", 2),
            target: doc("en/a.txt", "en-US", 1),
            beads: vec![Bead::new(vec![0, 1], vec![0], 0.5)],
            learned: None,
        };
        let text = written(&alignment);
        assert_eq!(text.lines().count(), 1);
        assert!(text.ends_with('\n'));
        let line: Line = serde_json::from_str(text.trim_end()).unwrap();
        assert_eq!(line, Line::of(&alignment));
        assert_eq!(line.sentences, [2, 1]);
        assert_eq!(
            text,
            "{\"name\":\"a\\\"b\",\"source\":\"zh/a.txt\",\"target\":\"en/a.txt\",\"beads\":[{\"source\":[0,1],\"target\":[0],\"score\":0.5}],\"sentences\":[2,1]}\n"
        );
    }

    /// What the exporter writes for `alignment` with default options.
    fn written(alignment: &Alignment) -> String {
        let mut out = Vec::new();
        Jsonl
            .write(alignment, &ExportOptions::default(), &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn suspect_beads_say_so() {
        let doc = |lang: &str| Document::new("d", lang, vec![Segment::sentence(0, "x")]);
        let mut bead = Bead::new(vec![0], vec![0], 0.25);
        bead.suspect = true;
        let alignment = Alignment {
            name: "a".to_string(),
            source: doc("zh-CN"),
            target: doc("en-US"),
            beads: vec![bead],
            learned: None,
        };
        let text = written(&alignment);
        assert!(
            text.contains(r#""beads":[{"source":[0],"target":[0],"score":0.25,"suspect":true}]"#)
        );
        let line: Line = serde_json::from_str(text.trim_end()).unwrap();
        assert!(line.beads[0].suspect);
    }
}
