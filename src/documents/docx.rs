//! DOCX (Office Open XML) read with zip and quick-xml: every paragraph
//! `w:p` of `word/document.xml` is a block, its text the runs' `w:t` with
//! `w:tab` as a tab and `w:br`/`w:cr` as a line break. A paragraph styled
//! as a heading (`w:pStyle` naming a style that `word/styles.xml` calls
//! `heading N` or `Title`, or gives an outline level) is a heading; one
//! with numbering (`w:numPr`) a list item; one inside `w:tc` a table cell.
//! Tracked changes read as accepted: `w:ins` kept, `w:del` (its
//! `w:delText`) dropped; field codes (`w:instrText`) dropped. Footnotes
//! and endnotes (`word/footnotes.xml`, `word/endnotes.xml`) follow the
//! body as footnote blocks, the separators left out.

use super::archive::Archive;
use super::xml::{Ev, XmlReader, xml_error};
use super::{Block, BlockKind, DocumentError};
use std::collections::HashMap;

/// The blocks of a DOCX file; `path` names it in errors.
pub fn read(path: &str, bytes: &[u8]) -> Result<Vec<Block>, DocumentError> {
    let mut archive = Archive::open(path, "DOCX", bytes)?;
    let styles = match archive.read("word/styles.xml")? {
        Some(xml) => heading_styles(&xml).map_err(|m| xml_error(path, "word/styles.xml", m))?,
        None => HashMap::new(),
    };
    let body = archive.require("word/document.xml")?;
    let mut blocks =
        paragraphs(&body, &styles, None).map_err(|m| xml_error(path, "word/document.xml", m))?;
    for (part, note) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = archive.read(part)? {
            let notes =
                paragraphs(&xml, &styles, Some(note)).map_err(|m| xml_error(path, part, m))?;
            blocks.extend(notes);
        }
    }
    Ok(blocks)
}

/// The heading level of each paragraph style that is a heading.
fn heading_styles(xml: &[u8]) -> Result<HashMap<String, u8>, String> {
    let mut levels = HashMap::new();
    let mut reader = XmlReader::new(xml);
    let mut current: Option<String> = None;
    loop {
        let ev = reader.next()?;
        match &ev {
            Ev::Start { name, .. } if name == "style" => {
                current = ev.attr("styleId").map(str::to_string);
                if let Some(id) = &current
                    && let Some(level) = level_from_name(id)
                {
                    levels.insert(id.clone(), level);
                }
            }
            Ev::Start { name, .. } if name == "name" => {
                if let (Some(id), Some(level)) =
                    (&current, ev.attr("val").and_then(level_from_name))
                {
                    levels.insert(id.clone(), level);
                }
            }
            Ev::Start { name, .. } if name == "outlineLvl" => {
                let level = ev.attr("val").and_then(|v| v.parse::<u8>().ok());
                if let (Some(id), Some(level)) = (&current, level)
                    && level < 9
                {
                    levels.entry(id.clone()).or_insert((level + 1).min(6));
                }
            }
            Ev::End { name } if name == "style" => current = None,
            Ev::Eof => return Ok(levels),
            _ => {}
        }
    }
}

/// `Heading1`, `heading 2`, `Title` → a level.
fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase().replace(' ', "");
    if lower == "title" {
        return Some(1);
    }
    let digits = lower.strip_prefix("heading")?;
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level.min(6))
}

/// One paragraph being read (text boxes nest paragraphs in paragraphs).
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    numbered: bool,
}

/// The paragraphs of a body, footnotes or endnotes part (`note`: the kind
/// of note, whose separators are left out).
///
/// Long because it is one pull-parser loop whose states (open paragraphs,
/// cells, deletions, text runs, note separators) all decide what a paragraph's
/// text is.
fn paragraphs(
    xml: &[u8],
    styles: &HashMap<String, u8>,
    note: Option<&str>,
) -> Result<Vec<Block>, String> {
    let mut reader = XmlReader::new(xml);
    let mut blocks = Vec::new();
    let mut open: Vec<Para> = Vec::new();
    let mut cell_depth = 0usize;
    let mut del_depth = 0usize;
    let mut in_text = false;
    let mut skip_note = false;
    loop {
        let ev = reader.next()?;
        match &ev {
            Ev::Start { name, empty, .. } => {
                let empty = *empty;
                match name.as_str() {
                    "p" if !empty => open.push(Para::default()),
                    "tc" if !empty => cell_depth += 1,
                    "del" | "moveFrom" if !empty => del_depth += 1,
                    "t" if !empty => in_text = true,
                    "pStyle" => {
                        if let Some(p) = open.last_mut() {
                            p.style = ev.attr("val").map(str::to_string);
                        }
                    }
                    "numPr" => {
                        if let Some(p) = open.last_mut() {
                            p.numbered = true;
                        }
                    }
                    "tab" | "br" | "cr" if del_depth == 0 => {
                        if let Some(p) = open.last_mut() {
                            p.text.push(if name == "tab" { '\t' } else { '\n' });
                        }
                    }
                    "footnote" | "endnote" if note.is_some() => {
                        skip_note = ev.attr("type").is_some_and(|t| t != "normal");
                    }
                    _ => {}
                }
            }
            Ev::End { name } => match name.as_str() {
                "p" => {
                    if let Some(p) = open.pop()
                        && !skip_note
                        && !p.text.trim().is_empty()
                    {
                        // A style styles.xml does not define is known by its id.
                        let level = p
                            .style
                            .as_ref()
                            .and_then(|s| styles.get(s).copied().or_else(|| level_from_name(s)));
                        let kind = match (note, level) {
                            (Some(_), _) => BlockKind::Footnote,
                            (None, Some(level)) => BlockKind::Heading { level },
                            (None, None) if p.numbered => BlockKind::ListItem,
                            (None, None) if cell_depth > 0 => BlockKind::TableCell,
                            _ => BlockKind::Paragraph,
                        };
                        blocks.push(Block::new(kind, p.text));
                    }
                }
                "tc" => cell_depth = cell_depth.saturating_sub(1),
                "del" | "moveFrom" => del_depth = del_depth.saturating_sub(1),
                "t" => in_text = false,
                "footnote" | "endnote" => skip_note = false,
                _ => {}
            },
            Ev::Text(t) => {
                if in_text
                    && del_depth == 0
                    && let Some(p) = open.last_mut()
                {
                    p.text.push_str(t);
                }
            }
            Ev::Eof => return Ok(blocks),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn reads_paragraphs_headings_lists_cells_and_changes() {
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Berschrift1"><w:name w:val="heading 1"/></w:style></w:styles>"#
        );
        let styles = heading_styles(styles.as_bytes()).unwrap();
        let body = format!(
            r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Berschrift1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">One </w:t></w:r><w:ins><w:r><w:t>added</w:t></w:r></w:ins><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:tab/><w:t>two.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/></w:body></w:document>"#
        );
        let blocks = paragraphs(body.as_bytes(), &styles, None).unwrap();
        let got: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading { level: 1 }, "Title"),
                (BlockKind::Paragraph, "One added\ttwo."),
                (BlockKind::ListItem, "item"),
                (BlockKind::TableCell, "cell"),
            ]
        );
    }

    #[test]
    fn footnote_separators_are_left_out() {
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>--</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let blocks = paragraphs(notes.as_bytes(), &HashMap::new(), Some("footnote")).unwrap();
        assert_eq!(blocks, vec![Block::new(BlockKind::Footnote, "A note.")]);
    }

    #[test]
    fn an_undefined_heading_style_is_known_by_its_id() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>H</w:t></w:r></w:p></w:body></w:document>"#
        );
        let blocks = paragraphs(body.as_bytes(), &HashMap::new(), None).unwrap();
        assert_eq!(
            blocks,
            vec![Block::new(BlockKind::Heading { level: 2 }, "H")]
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let body = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>x</w:r></w:p>"#);
        assert!(paragraphs(body.as_bytes(), &HashMap::new(), None).is_err());
    }
}
