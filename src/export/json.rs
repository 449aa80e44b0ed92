//! JSON: the whole alignment with its metadata — both documents with every
//! segment (text, paragraph, kind, speaker), every bead with its score,
//! status, note and flags (and whether it is suspect), the languages, the
//! name, the tool's version and what the aligner learned from the document.
//! The schema is documented in `docs/json-schema.md`; [`read_json`] reads it
//! back into the data model.

use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Bead, Document, Learned, Status};
use crate::review::flags::Checker;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};
use thiserror::Error;

/// Writes the alignment as JSON.
pub struct Json;

/// The value of the top-level `format` field.
pub const FORMAT: &str = "bitext-alignment";

/// The version of the schema; raised when a field changes meaning or goes.
pub const FORMAT_VERSION: u32 = 1;

/// The tool that wrote the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// One bead as the JSON has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonBead {
    /// 1-based bead number, as in the CSV `id` and the TMX `tuid`.
    pub id: usize,
    /// 0-based source segment ids.
    pub source: Vec<usize>,
    /// 0-based target segment ids.
    pub target: Vec<usize>,
    /// The bead's shape, `n-m`.
    pub kind: String,
    /// Confidence in [0, 1].
    pub score: f64,
    pub status: Status,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// In a stretch of weak evidence, where the alignment may be lost
    /// (written only when true).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspect: bool,
    /// Quality checks the bead fails (`numbers`, `latin`, `length`,
    /// `unaligned`, `suspect`).
    #[serde(default)]
    pub flags: Vec<String>,
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonAlignment {
    /// Always `bitext-alignment`.
    pub format: String,
    pub format_version: u32,
    pub tool: Tool,
    /// `YYYYMMDDThhmmssZ`, as the TMX `creationdate`.
    pub created: String,
    pub name: String,
    /// What the aligner learned from the document (absent for an imported
    /// alignment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<Learned>,
    pub source: Document,
    pub target: Document,
    pub beads: Vec<JsonBead>,
}

impl JsonAlignment {
    /// The JSON form of an alignment.
    pub fn new(alignment: &Alignment, options: &ExportOptions) -> JsonAlignment {
        let checker = Checker::new(alignment).with_flags(&options.flags);
        JsonAlignment {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            tool: Tool {
                name: "bitext".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            created: options.creation_date.clone(),
            name: alignment.name.clone(),
            learned: alignment.learned.clone(),
            source: alignment.source.clone(),
            target: alignment.target.clone(),
            beads: alignment
                .beads
                .iter()
                .enumerate()
                .map(|(k, b)| JsonBead {
                    id: k + 1,
                    source: b.source.clone(),
                    target: b.target.clone(),
                    kind: b.kind(),
                    score: b.score,
                    status: b.status,
                    note: b.note.clone(),
                    suspect: b.suspect,
                    flags: checker
                        .flags(alignment, b)
                        .iter()
                        .map(|f| f.as_str().to_string())
                        .collect(),
                })
                .collect(),
        }
    }

    /// Back to the data model (ids, kinds and flags are not needed there).
    pub fn into_alignment(self) -> Alignment {
        Alignment {
            name: self.name,
            source: self.source,
            target: self.target,
            beads: self
                .beads
                .into_iter()
                .map(|b| Bead {
                    source: b.source,
                    target: b.target,
                    score: b.score,
                    status: b.status,
                    note: b.note,
                    suspect: b.suspect,
                })
                .collect(),
            learned: self.learned,
        }
    }
}

/// The `format` field of the joined JSON of several renderings.
pub const RENDERINGS_FORMAT: &str = "bitext-renderings";

/// Several renderings of one source joined (`--output` with several
/// renderings; written by [`super::multi::write_json`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRenderings {
    /// Always `bitext-renderings`.
    pub format: String,
    pub format_version: u32,
    pub tool: Tool,
    pub created: String,
    pub name: String,
    pub source: Document,
    pub renderings: Vec<JsonRendering>,
    pub groups: Vec<JsonRenderingsGroup>,
}

impl JsonRenderings {
    pub fn new(
        name: String,
        source: Document,
        renderings: Vec<JsonRendering>,
        groups: Vec<JsonRenderingsGroup>,
        options: &ExportOptions,
    ) -> JsonRenderings {
        JsonRenderings {
            format: RENDERINGS_FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            tool: Tool {
                name: "bitext".to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            created: options.creation_date.clone(),
            name,
            source,
            renderings,
            groups,
        }
    }
}

/// One rendering in the joined JSON: its document and beads as the single
/// JSON has them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRendering {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<Learned>,
    pub target: Document,
    pub beads: Vec<JsonBead>,
}

/// A run of source sentences no bead of any rendering crosses, with what
/// each rendering has for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRenderingsGroup {
    /// 1-based, as the joined CSV's `group`.
    pub id: usize,
    pub source: Vec<usize>,
    /// The lowest word agreement between two renderings (1 with one).
    pub agreement: f64,
    /// In the renderings' order.
    pub renderings: Vec<JsonRenderingsPart>,
}

/// One rendering's part of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonRenderingsPart {
    /// Target segment ids (empty: it translates nothing here).
    pub target: Vec<usize>,
    /// The lowest confidence of its beads in the group.
    pub score: Option<f64>,
    /// `omits`, `longer`, `numbers`, `names`, `suspect`.
    pub flags: Vec<String>,
}

impl Exporter for Json {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        serde_json::to_writer_pretty(&mut *out, &JsonAlignment::new(alignment, options))?;
        writeln!(out)?;
        Ok(Report::default())
    }
}

/// A JSON file that is not a bitext alignment.
#[derive(Debug, Error)]
pub enum JsonError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a bitext alignment (`format` is `{0}`)")]
    Format(String),
    #[error("format version {0} is newer than this bitext reads ({FORMAT_VERSION})")]
    Version(u32),
    #[error("{0}")]
    Coverage(String),
}

/// Reads a JSON alignment back (checking the format, its version and that
/// the beads cover both documents).
pub fn read_json<R: Read>(input: R) -> Result<Alignment, JsonError> {
    let file: JsonAlignment = serde_json::from_reader(input).map_err(|e| JsonError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if file.format != FORMAT {
        return Err(JsonError::Format(file.format));
    }
    if file.format_version > FORMAT_VERSION {
        return Err(JsonError::Version(file.format_version));
    }
    let alignment = file.into_alignment();
    alignment.check_coverage().map_err(JsonError::Coverage)?;
    Ok(alignment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Segment, ShapeShare};

    #[test]
    fn round_trip_keeps_suspect_and_learned() {
        let mut a = Alignment {
            name: "t".into(),
            source: Document::new("zh", "zh-CN", vec![Segment::sentence(0, "你好。")]),
            target: Document::new("en", "en-US", vec![Segment::sentence(0, "Hi.")]),
            beads: vec![Bead::new(vec![0], vec![0], 0.5)],
            learned: Some(Learned {
                shapes: vec![ShapeShare {
                    source: 1,
                    target: 1,
                    share: 1.0,
                }],
                length_ratio: 1.31,
                rounds: 2,
            }),
        };
        a.beads[0].suspect = true;
        let mut out = Vec::new();
        Json.write(&a, &ExportOptions::default(), &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["beads"][0]["suspect"], true);
        assert_eq!(value["beads"][0]["flags"][0], "suspect");
        assert_eq!(value["learned"]["length_ratio"], 1.31);
        assert_eq!(value["learned"]["shapes"][0]["share"], 1.0);
        assert_eq!(read_json(out.as_slice()).unwrap(), a);
    }

    #[test]
    fn round_trip_and_wrong_files() {
        let a = Alignment {
            name: "t".into(),
            source: Document::new("zh", "zh-CN", vec![Segment::sentence(0, "你好\u{1}。")]),
            target: Document::new("en", "en-US", vec![Segment::sentence(0, "Hi.")]),
            beads: vec![Bead::new(vec![0], vec![0], 0.123456789)],
            learned: None,
        };
        let mut out = Vec::new();
        Json.write(&a, &ExportOptions::default(), &mut out).unwrap();
        assert_eq!(read_json(out.as_slice()).unwrap(), a);
        let other = String::from_utf8(out).unwrap().replace(FORMAT, "other");
        assert!(matches!(
            read_json(other.as_bytes()),
            Err(JsonError::Format(_))
        ));
        assert!(
            read_json("{".as_bytes())
                .unwrap_err()
                .to_string()
                .starts_with("line 1")
        );
    }
}
