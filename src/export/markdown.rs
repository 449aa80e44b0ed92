//! Markdown: a title and a two-column table (source | target), one row per
//! bead, unaligned sentences with an empty cell. Text is escaped so that it
//! stays text: `|` and Markdown's markup characters get a backslash, line
//! breaks become `<br>`, control characters are dropped. Speaker labels are
//! bold at the start of a turn, headings bold.

use super::escape::xml_allowed;
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Document, SegmentKind};
use std::io::{self, Write};

/// Writes a Markdown table.
pub struct Markdown;

/// Escapes text for a Markdown table cell; returns how many control
/// characters it dropped.
pub fn escape(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + 8);
    let mut dropped = 0;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` and `&#33;` would turn into characters.
            '&' if entity_at(&chars[i..]) => out.push_str("\\&"),
            '\r' => {
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
                out.push_str("<br>");
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if !xml_allowed(c) => dropped += 1,
            c => out.push(c),
        }
        i += 1;
    }
    (out, dropped)
}

/// True when `&…` starts a character reference (`&amp;`, `&#33;`).
fn entity_at(chars: &[char]) -> bool {
    let body: Vec<&char> = chars[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !body.is_empty() && chars.get(body.len() + 1) == Some(&';')
}

/// A table cell with the segments `ids` of `doc` (bold headings and speaker
/// labels), counting the control characters dropped.
pub(crate) fn cell(doc: &Document, ids: &[usize], dropped: &mut usize) -> String {
    let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
        return String::new();
    };
    let (text, n) = escape(&doc.join(ids));
    *dropped += n;
    let text = if first.kind == SegmentKind::Heading && !text.is_empty() {
        format!("**{text}**")
    } else {
        text
    };
    match (&first.speaker, first.turn_start) {
        (Some(name), true) => {
            let (name, n) = escape(name);
            *dropped += n;
            format!("**{name}:** {text}")
        }
        _ => text,
    }
}

impl Exporter for Markdown {
    fn write(
        &self,
        alignment: &Alignment,
        _: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let mut dropped = 0;
        let mut esc = |t: &str| {
            let (s, n) = escape(t);
            dropped += n;
            s
        };
        let (src, tgt) = (&alignment.source, &alignment.target);
        writeln!(out, "# {}", esc(&alignment.name))?;
        writeln!(out)?;
        writeln!(
            out,
            "{} ({}) ↔ {} ({})",
            esc(&src.path),
            esc(&src.lang),
            esc(&tgt.path),
            esc(&tgt.lang)
        )?;
        writeln!(out)?;
        writeln!(out, "| {} | {} |", esc(&src.lang), esc(&tgt.lang))?;
        writeln!(out, "| --- | --- |")?;
        for bead in &alignment.beads {
            let source = cell(src, &bead.source, &mut dropped);
            let target = cell(tgt, &bead.target, &mut dropped);
            writeln!(out, "| {source} | {target} |")?;
        }
        Ok(Report::dropped(dropped, "Markdown"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_pipes_markup_and_breaks() {
        assert_eq!(
            escape("a|b *c* <d>\r\ne\nf\u{1}"),
            ("a\\|b \\*c\\* \\<d\\><br>e<br>f".to_string(), 1)
        );
        assert_eq!(escape("A&B &amp; &#33;").0, "A&B \\&amp; \\&#33;");
    }
}
