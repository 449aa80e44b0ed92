//! A bilingual Word document made from a DOCX source (`-f docx --style
//! publication` when the source is a DOCX): the source package is kept,
//! its styles, numbering, images, headers and footnotes with it, and each
//! source paragraph gets its translation: after it, in the same paragraph
//! style (`--layout interleaved`), or beside it in a two-column table
//! (`--layout columns`, the body's paragraphs and tables each a row).
//! Footnotes and endnotes get theirs after each note paragraph.
//!
//! The source's own XML is copied byte for byte; a translation paragraph
//! copies its source paragraph's properties (`w:pPr`) without the list
//! numbering and section break, and carries the target language
//! (`w:lang`) in a slate colour. Which paragraph a bead's translation goes
//! to: the one that holds most of its source text (found by walking the
//! segments' characters through the paragraphs', [`text_pieces`]); a bead
//! with no source text follows the bead before it. Assumes the `w:`
//! prefix, as Word, LibreOffice, Google Docs and pandoc write.

use super::{Layout, Report, escape};
use crate::documents::DocumentError;
use crate::documents::archive::Archive;
use crate::documents::xml::{Ev, XmlReader, xml_error};
use crate::model::{Alignment, text_pieces};
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::ops::Range;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const DOCUMENT: &str = "word/document.xml";
const NOTES: [&str; 2] = ["word/footnotes.xml", "word/endnotes.xml"];

/// One outermost paragraph of a part.
#[derive(Debug, Default)]
struct Para {
    range: Range<usize>,
    text: String,
    /// Its `w:pPr`, and inside it what a translation leaves out.
    properties: Option<Range<usize>>,
    left_out: Vec<Range<usize>>,
}

/// A part's paragraphs and, for the document, its body's children.
#[derive(Debug, Default)]
struct Scan {
    paras: Vec<Para>,
    /// Each child of `w:body` and whether it is the final `w:sectPr`.
    children: Vec<(Range<usize>, bool)>,
}

/// The bilingual DOCX of `alignment`, whose source was read from
/// `source` (a DOCX; `label` names it in errors), in `layout`.
pub fn write(
    alignment: &Alignment,
    label: &str,
    source: &[u8],
    layout: Layout,
) -> Result<(Vec<u8>, Report), DocumentError> {
    let mut archive = Archive::open(label, "DOCX", source)?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for name in archive.names() {
        if let Some(bytes) = archive.read(&name)? {
            parts.push((name, bytes));
        }
    }
    let mut scans = Vec::new();
    for (name, bytes) in &parts {
        if name == DOCUMENT || NOTES.contains(&name.as_str()) {
            let scan = scan(bytes).map_err(|m| xml_error(label, name, m))?;
            scans.push((name.clone(), scan));
        }
    }
    // The reader's order: the body, then footnotes, then endnotes.
    let order = |name: &str| match name {
        DOCUMENT => 0,
        n if n == NOTES[0] => 1,
        _ => 2,
    };
    scans.sort_by_key(|(name, _)| order(name));
    let texts: Vec<&str> = scans
        .iter()
        .flat_map(|(_, s)| s.paras.iter().map(|p| p.text.as_str()))
        .collect();
    let mut translations = translations(alignment, &texts).into_iter();
    let (lang, _) = escape::xml(&alignment.target.lang);
    for (name, scan) in &scans {
        let own: Vec<String> = translations.by_ref().take(scan.paras.len()).collect();
        let Some(part) = parts.iter_mut().find(|(n, _)| n == name) else {
            continue;
        };
        let columns = layout == Layout::Columns && name == DOCUMENT;
        part.1 = rewrite(&part.1, scan, &own, &lang, columns);
    }
    let bytes = package(&parts).map_err(|e| DocumentError::Zip {
        path: label.to_string(),
        format: "DOCX",
        message: e.to_string(),
    })?;
    Ok((bytes, Report::default()))
}

/// For each paragraph text, the translation of the beads whose source text
/// is mostly in it.
fn translations(alignment: &Alignment, texts: &[&str]) -> Vec<String> {
    let pieces = text_pieces(texts, &alignment.source.segments);
    let mut bead_of = vec![usize::MAX; alignment.source.segments.len()];
    for (b, bead) in alignment.beads.iter().enumerate() {
        for &id in &bead.source {
            if let Some(slot) = bead_of.get_mut(id) {
                *slot = b;
            }
        }
    }
    let mut held: HashMap<(usize, usize), usize> = HashMap::new();
    for (k, paragraph) in pieces.iter().enumerate() {
        for piece in paragraph {
            if let Some(&b) = bead_of.get(piece.segment).filter(|&&b| b != usize::MAX) {
                *held.entry((b, k)).or_default() += piece.chars;
            }
        }
    }
    let mut home: Vec<Option<(usize, usize)>> = vec![None; alignment.beads.len()];
    for (&(b, k), &chars) in &held {
        let better = match home[b] {
            None => true,
            Some((hk, hc)) => chars > hc || (chars == hc && k < hk),
        };
        if better {
            home[b] = Some((k, chars));
        }
    }
    let joiner = alignment.target.family().joiner();
    let mut out: Vec<Vec<String>> = vec![Vec::new(); texts.len()];
    let mut last = 0;
    for (b, bead) in alignment.beads.iter().enumerate() {
        let k = home[b].map_or(last, |(k, _)| k);
        last = k;
        // Speaker labels included, as the source paragraph has its own.
        let written: Vec<String> = bead
            .target
            .iter()
            .filter_map(|&id| alignment.target.segments.get(id))
            .map(|s| s.as_written())
            .collect();
        let text = written.join(joiner);
        if let Some(slot) = out.get_mut(k).filter(|_| !text.trim().is_empty()) {
            slot.push(text);
        }
    }
    out.into_iter().map(|t| t.join(joiner)).collect()
}

/// Finds a part's outermost paragraphs (their text, as the DOCX reader
/// reads it) and its body's children.
fn scan(xml: &[u8]) -> Result<Scan, String> {
    let mut reader = XmlReader::new(xml);
    let mut state = Scanner::default();
    loop {
        let before = reader.position();
        let ev = reader.next()?;
        let at = before..reader.position();
        match &ev {
            Ev::Start { name, empty, .. } => {
                state.open(name, *empty, at.clone());
                if *empty {
                    state.close(name, at);
                } else {
                    state.stack.push(name.clone());
                }
            }
            Ev::End { name } => {
                state.stack.pop();
                state.close(name, at);
            }
            Ev::Text(t) => {
                if state.in_text
                    && state.deleted == 0
                    && let Some(p) = &mut state.para
                {
                    p.text.push_str(t);
                }
            }
            Ev::Eof => return Ok(state.out),
        }
    }
}

/// Where [`scan`] is in a part.
#[derive(Default)]
struct Scanner {
    out: Scan,
    /// The open elements' names.
    stack: Vec<String>,
    para: Option<Para>,
    body_depth: Option<usize>,
    /// Where the open child of the body, paragraph properties, and list
    /// numbering or section break inside them began.
    child_start: usize,
    properties_start: usize,
    cut_start: usize,
    in_text: bool,
    deleted: usize,
}

impl Scanner {
    /// An element opens at `at` (its tag).
    fn open(&mut self, name: &str, empty: bool, at: Range<usize>) {
        let depth = self.stack.len();
        if self.body_depth.is_some_and(|d| depth == d + 1) {
            self.child_start = at.start;
        }
        let parent = self.stack.last().map(String::as_str);
        match name {
            "body" => self.body_depth = Some(depth),
            "p" if self.para.is_none() => {
                self.para = Some(Para {
                    range: at,
                    ..Para::default()
                })
            }
            "pPr" if parent == Some("p") => self.properties_start = at.start,
            "numPr" | "sectPr" if parent == Some("pPr") => self.cut_start = at.start,
            "t" => self.in_text = !empty,
            "del" | "moveFrom" if !empty => self.deleted += 1,
            "tab" | "br" | "cr" if self.deleted == 0 => {
                if let Some(p) = &mut self.para {
                    p.text.push(if name == "tab" { '\t' } else { '\n' });
                }
            }
            _ => {}
        }
    }

    /// Element `name` closes at `at` (its end tag, or its empty tag).
    fn close(&mut self, name: &str, at: Range<usize>) {
        let parent = self.stack.last().map(String::as_str);
        match name {
            "t" => self.in_text = false,
            "del" | "moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            "p" if !self.stack.iter().any(|n| n == "p") => {
                if let Some(mut p) = self.para.take() {
                    p.range.end = at.end;
                    self.out.paras.push(p);
                }
            }
            "pPr" if parent == Some("p") => {
                if let Some(p) = &mut self.para {
                    p.properties = Some(self.properties_start..at.end);
                }
            }
            "numPr" | "sectPr" if parent == Some("pPr") => {
                if let Some(p) = &mut self.para {
                    p.left_out.push(self.cut_start..at.end);
                }
            }
            _ => {}
        }
        if self.body_depth.is_some_and(|d| self.stack.len() == d + 1) {
            self.out
                .children
                .push((self.child_start..at.end, name == "sectPr"));
        }
    }
}

/// The part with each paragraph's translation added after it (or, for
/// `columns`, the body as a two-column table).
fn rewrite(xml: &[u8], scan: &Scan, translations: &[String], lang: &str, columns: bool) -> Vec<u8> {
    let translated = |k: usize| -> String {
        let text = &translations[k];
        if text.trim().is_empty() {
            return String::new();
        }
        translation_paragraph(xml, &scan.paras[k], text, lang)
    };
    let mut out = Vec::with_capacity(xml.len() * 2);
    if columns && !scan.children.is_empty() {
        let first = scan.children[0].0.start;
        let last = scan.children.last().map_or(first, |c| c.0.end);
        out.extend_from_slice(&xml[..first]);
        out.extend_from_slice(TABLE_START.as_bytes());
        let mut sections = Vec::new();
        let mut k = 0;
        for (range, is_section) in &scan.children {
            if *is_section {
                sections.push(range.clone());
                continue;
            }
            let mut right = String::new();
            while k < scan.paras.len() && scan.paras[k].range.start < range.end {
                if scan.paras[k].range.start >= range.start {
                    right.push_str(&translated(k));
                }
                k += 1;
            }
            let child = &xml[range.clone()];
            let ends_in_paragraph = scan.paras.iter().any(|p| p.range.end == range.end);
            out.extend_from_slice(
                b"<w:tr><w:tc><w:tcPr><w:tcW w:w=\"2500\" w:type=\"pct\"/></w:tcPr>",
            );
            out.extend_from_slice(child);
            if !ends_in_paragraph {
                out.extend_from_slice(b"<w:p/>");
            }
            out.extend_from_slice(
                b"</w:tc><w:tc><w:tcPr><w:tcW w:w=\"2500\" w:type=\"pct\"/></w:tcPr>",
            );
            out.extend_from_slice(if right.is_empty() { "<w:p/>" } else { &right }.as_bytes());
            out.extend_from_slice(b"</w:tc></w:tr>");
        }
        out.extend_from_slice(b"</w:tbl>");
        for s in sections {
            out.extend_from_slice(&xml[s]);
        }
        out.extend_from_slice(&xml[last..]);
        return out;
    }
    let mut at = 0;
    for (k, p) in scan.paras.iter().enumerate() {
        out.extend_from_slice(&xml[at..p.range.end]);
        out.extend_from_slice(translated(k).as_bytes());
        at = p.range.end;
    }
    out.extend_from_slice(&xml[at..]);
    out
}

const TABLE_START: &str = concat!(
    r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>"#,
    r#"<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="227" w:type="dxa"/></w:tblCellMar>"#,
    r#"</w:tblPr><w:tblGrid><w:gridCol w:w="4819"/><w:gridCol w:w="4819"/></w:tblGrid>"#
);

/// A paragraph holding `text` with the properties of `source` (without
/// its list numbering and section break).
fn translation_paragraph(xml: &[u8], source: &Para, text: &str, lang: &str) -> String {
    let mut properties = String::new();
    if let Some(range) = &source.properties {
        let mut at = range.start;
        for cut in &source.left_out {
            properties.push_str(&String::from_utf8_lossy(&xml[at..cut.start]));
            at = cut.end;
        }
        properties.push_str(&String::from_utf8_lossy(&xml[at..range.end]));
    }
    let (text, _) = escape::xml(text);
    format!(
        r#"<w:p>{properties}<w:r><w:rPr><w:color w:val="44546A"/><w:lang w:val="{lang}" w:eastAsia="{lang}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// Zips the parts again, deflated, with fixed timestamps.
fn package(parts: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
