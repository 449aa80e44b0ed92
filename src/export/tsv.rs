//! TSV as Moses and OPUS corpora are: `source<TAB>target` a line, one line
//! per bead with both sides (1-0 and 0-1 beads and rejected beads are left
//! out, as in the TMX). Tabs and line breaks inside a text become spaces and
//! control characters are dropped, so that every line is one pair; no
//! quoting, no header, no BOM.

use super::escape::xml_allowed;
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Status};
use std::io::{self, Write};

/// Writes `source<TAB>target` lines.
pub struct Tsv;

/// One text as a TSV field: tabs and line breaks (CR, LF, NEL, U+2028,
/// U+2029) made spaces, other control characters dropped; returns how many
/// were dropped.
pub fn flatten(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut dropped = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\t' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if !xml_allowed(c) || c == '\u{7F}' => dropped += 1,
            c => out.push(c),
        }
    }
    (out, dropped)
}

impl Exporter for Tsv {
    fn write(
        &self,
        alignment: &Alignment,
        _: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let mut dropped = 0;
        for bead in &alignment.beads {
            if bead.is_null() || bead.status == Status::Rejected {
                continue;
            }
            let (source, a) = flatten(&alignment.source_text(bead));
            let (target, b) = flatten(&alignment.target_text(bead));
            dropped += a + b;
            writeln!(out, "{source}\t{target}")?;
        }
        Ok(Report::dropped(dropped, "TSV"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_breaks_and_drops_controls() {
        assert_eq!(
            flatten("a\tb\r\nc\nd\re\u{2028}f\u{1}g\u{7F}"),
            ("a b c d e fg".to_string(), 2)
        );
    }
}
