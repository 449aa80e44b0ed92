//! Bead files: one bead a line, as vecalign and Bertalign write them.
//!
//! ```text
//! [0, 1]:[0]          gold: source ids, target ids
//! [2]:[1,2]:0.913     ours: the same with a confidence score
//! []:[3]              an empty side: a target sentence with no source
//! ```
//!
//! Ids are 0-based sentence numbers. The reader is tolerant of spaces
//! anywhere, blank lines, `#` comment lines, CRLF line ends and a UTF-8 byte
//! order mark; everything else is an error that names the line and shows
//! the offending text. A file either gives every bead a score or none.

use crate::model::Bead;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The beads of one bead file.
#[derive(Debug, Clone, PartialEq)]
pub struct BeadFile {
    /// The beads in file order. Without scores in the file each bead's
    /// score is 1.0 (gold beads are certain).
    pub beads: Vec<Bead>,
    /// True when the lines carry a third `:score` field (every line does).
    pub has_scores: bool,
}

/// A line of a bead file that could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("line {line}: {message}: `{text}`")]
pub struct SyntaxError {
    /// 1-based line number.
    pub line: usize,
    /// The line as it stands in the file (trimmed).
    pub text: String,
    /// What is wrong with it.
    pub message: String,
}

/// Errors reading a bead file. Each names the file.
#[derive(Debug, Error)]
pub enum BeadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path}: {source}")]
    Syntax {
        path: PathBuf,
        #[source]
        source: SyntaxError,
    },
}

impl BeadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            BeadError::Io { path, .. }
            | BeadError::NotUtf8 { path }
            | BeadError::Syntax { path, .. } => path,
        }
    }
}

/// Reads and parses a bead file.
pub fn read_beads(path: &Path) -> Result<BeadFile, BeadError> {
    let bytes = std::fs::read(path).map_err(|source| BeadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| BeadError::NotUtf8 {
        path: path.to_path_buf(),
    })?;
    parse_beads(&text).map_err(|source| BeadError::Syntax {
        path: path.to_path_buf(),
        source,
    })
}

/// Parses the text of a bead file (see the module documentation).
pub fn parse_beads(text: &str) -> Result<BeadFile, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut beads = Vec::new();
    // Whether the first bead line had a score, and its line number.
    let mut scored: Option<(bool, usize)> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let error = |message: String| SyntaxError {
            line,
            text: trimmed.to_string(),
            message,
        };
        let (source, target, score) = parse_line(trimmed).map_err(error)?;
        match scored {
            None => scored = Some((score.is_some(), line)),
            Some((first, first_line)) if first != score.is_some() => {
                return Err(error(if first {
                    format!(
                        "no score, but line {first_line} has one (give every bead a score or none)"
                    )
                } else {
                    format!(
                        "a score, but line {first_line} has none (give every bead a score or none)"
                    )
                }));
            }
            Some(_) => {}
        }
        beads.push(Bead::new(source, target, score.unwrap_or(1.0)));
    }
    Ok(BeadFile {
        beads,
        has_scores: scored.is_some_and(|(s, _)| s),
    })
}

type Line = (Vec<usize>, Vec<usize>, Option<f64>);

/// `[ids]:[ids]` or `[ids]:[ids]:score`, spaces allowed anywhere.
fn parse_line(line: &str) -> Result<Line, String> {
    let (source, rest) = parse_ids(line, "source")?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or("expected `:` after the source ids")?;
    let (target, rest) = parse_ids(rest, "target")?;
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok((source, target, None));
    }
    let score = rest
        .strip_prefix(':')
        .ok_or_else(|| format!("unexpected `{rest}` after the target ids"))?
        .trim();
    let value: f64 = score
        .parse()
        .map_err(|_| format!("the score `{score}` is not a number"))?;
    if !value.is_finite() {
        return Err(format!("the score `{score}` is not a finite number"));
    }
    Ok((source, target, Some(value)))
}

/// A bracketed list of ids at the start of `text`; returns the rest.
fn parse_ids<'a>(text: &'a str, side: &str) -> Result<(Vec<usize>, &'a str), String> {
    let text = text.trim_start();
    let inner_start = text
        .strip_prefix('[')
        .ok_or_else(|| format!("expected `[` to open the {side} ids"))?;
    let close = inner_start
        .find(']')
        .ok_or_else(|| format!("no `]` closing the {side} ids"))?;
    let inner = &inner_start[..close];
    let mut ids = Vec::new();
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    for (k, part) in parts.iter().enumerate() {
        // `[]`, and a trailing comma as Python allows it: `[3,]`.
        if part.is_empty() && (parts.len() == 1 || (k == parts.len() - 1 && k > 0)) {
            continue;
        }
        let id = part
            .parse::<usize>()
            .map_err(|_| format!("`{part}` in the {side} ids is not a sentence number"))?;
        ids.push(id);
    }
    Ok((ids, &inner_start[close + 1..]))
}

/// One bead as a line in vecalign's format: `[0, 1]:[0]`, with
/// `:0.913000` appended when `with_score` is set.
pub fn format_bead(bead: &Bead, with_score: bool) -> String {
    let list = |ids: &[usize]| {
        let parts: Vec<String> = ids.iter().map(usize::to_string).collect();
        format!("[{}]", parts.join(", "))
    };
    let mut line = format!("{}:{}", list(&bead.source), list(&bead.target));
    if with_score {
        let _ = write!(line, ":{:.6}", bead.score);
    }
    line
}

/// A whole bead file: one [`format_bead`] line per bead, each ending in `\n`.
pub fn format_beads(beads: &[Bead], with_scores: bool) -> String {
    let mut out = String::new();
    for bead in beads {
        out.push_str(&format_bead(bead, with_scores));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gold_and_scored_lines() {
        let file = parse_beads("[0, 1]:[0]\n[2]:[1,2]\n[]:[3]\n[3]:[]\n").unwrap();
        assert!(!file.has_scores);
        assert_eq!(file.beads.len(), 4);
        assert_eq!(file.beads[0].source, vec![0, 1]);
        assert_eq!(file.beads[0].target, vec![0]);
        assert_eq!(file.beads[0].score, 1.0);
        assert!(file.beads[2].source.is_empty());
        assert_eq!(file.beads[2].target, vec![3]);
        assert!(file.beads[3].target.is_empty());

        let file = parse_beads("[3]:[4,5]:0.91\n[4]:[6]:0.5").unwrap();
        assert!(file.has_scores);
        assert_eq!(file.beads[0].target, vec![4, 5]);
        assert_eq!(file.beads[0].score, 0.91);
        assert_eq!(file.beads[1].score, 0.5);
    }

    #[test]
    fn tolerates_spaces_blank_lines_crlf_bom_and_comments() {
        let text = "\u{feff}# made by hand\r\n  [ 0 , 1 ] : [ 0 ] \r\n\r\n\t[2,]:[ ]\r\n\n[]:[1]";
        let file = parse_beads(text).unwrap();
        assert_eq!(file.beads.len(), 3);
        assert_eq!(file.beads[0].source, vec![0, 1]);
        assert_eq!(file.beads[1].source, vec![2]);
        assert!(file.beads[1].target.is_empty());
        assert_eq!(file.beads[2].target, vec![1]);
        assert!(parse_beads("").unwrap().beads.is_empty());
    }

    #[test]
    fn errors_name_line_and_text() {
        let err = parse_beads("[0]:[0]\n\n[1]:[x]\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.text, "[1]:[x]");
        assert!(err.to_string().starts_with("line 3: "), "{err}");
        assert!(err.to_string().contains("`x`"), "{err}");

        for bad in [
            "[0]",
            "0:[1]",
            "[0:[1]",
            "[0]:[1]:high",
            "[0]:[1] 0.5",
            "[0]:[1]:inf",
            "[-1]:[0]",
            "[0,,1]:[0]",
        ] {
            let err = parse_beads(bad).unwrap_err();
            assert_eq!(err.line, 1, "{bad}");
            assert_eq!(err.text, bad.trim());
        }

        let err = parse_beads("[0]:[0]:0.9\n[1]:[1]\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("no score"), "{err}");
    }

    #[test]
    fn file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("001.align");
        std::fs::write(&path, "[0]:[0]\n[1]:[1\n").unwrap();
        let err = read_beads(&path).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("001.align") && text.contains("line 2"),
            "{text}"
        );
        let missing = read_beads(&dir.path().join("nope")).unwrap_err();
        assert!(missing.to_string().contains("nope"));
    }

    #[test]
    fn format_round_trips() {
        let beads = vec![
            Bead::new(vec![0, 1], vec![0], 0.25),
            Bead::new(vec![], vec![1], 0.0),
            Bead::new(vec![2], vec![], 1.0),
        ];
        assert_eq!(format_bead(&beads[0], false), "[0, 1]:[0]");
        assert_eq!(format_bead(&beads[1], true), "[]:[1]:0.000000");
        let back = parse_beads(&format_beads(&beads, true)).unwrap();
        assert!(back.has_scores);
        assert_eq!(back.beads, beads);
        let gold = parse_beads(&format_beads(&beads, false)).unwrap();
        assert!(!gold.has_scores);
        assert_eq!(gold.beads[0].source, beads[0].source);
    }
}
