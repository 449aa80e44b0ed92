//! Documents in: structured inputs (DOCX, EPUB, HTML, Markdown) read as a
//! list of [`Block`]s — paragraphs, headings, list items, table cells and
//! footnotes — instead of plain text.
//!
//! [`detect_format`] tells the format from the bytes (a zip with
//! `word/document.xml` is DOCX, one with an `application/epub+zip`
//! mimetype is EPUB, `<html` or `<!DOCTYPE html` is HTML) and the file name
//! (`.md`, `.markdown`); [`read_blocks`] reads the blocks; segmentation
//! takes each block on its own ([`crate::segment::segment_blocks`]). Every
//! reader is in its own module: [`markdown`] (pulldown-cmark), [`html`]
//! (scraper), [`docx`] and [`epub`] (zip and quick-xml, through the limits
//! of [`archive`]).

pub mod archive;
pub mod docx;
pub mod epub;
pub mod html;
pub mod markdown;
pub mod subtitles;
pub(crate) mod xml;

pub use crate::error::DocumentError;
use std::path::Path;

/// What a block of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A heading, level 1 (the title or a chapter) to 6.
    Heading {
        level: u8,
    },
    ListItem,
    TableCell,
    /// A footnote or endnote, read after the body.
    Footnote,
}

/// One block of a document: its kind and its text (inline markup reduced
/// to text, whitespace as written inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }

    /// True for a heading block.
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// What structure `blocks` of a document in `format` have (footnotes
/// counted apart from paragraphs; chapters are the headings of the highest
/// level present).
pub fn structure(format: InputFormat, blocks: &[Block]) -> crate::model::Structure {
    let levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level } => Some(level),
            _ => None,
        })
        .collect();
    let top = levels.iter().copied().min();
    crate::model::Structure {
        format: format.name().to_string(),
        headings: levels.len(),
        chapters: levels.iter().filter(|&&l| Some(l) == top).count(),
        paragraphs: blocks
            .iter()
            .filter(|b| {
                matches!(
                    b.kind,
                    BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableCell
                )
            })
            .count(),
        footnotes: blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Footnote)
            .count(),
        ..crate::model::Structure::default()
    }
}

/// The format of an input (`--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Told from the content and the file name ([`detect_format`]).
    #[default]
    Auto,
    Text,
    Docx,
    Html,
    Epub,
    Markdown,
    /// SubRip subtitles (read by [`subtitles`]; WebVTT is read the same way).
    Srt,
    /// WebVTT subtitles.
    Vtt,
}

impl InputFormat {
    /// The `--input-format` name.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Docx => "docx",
            InputFormat::Html => "html",
            InputFormat::Epub => "epub",
            InputFormat::Markdown => "markdown",
            InputFormat::Srt => "srt",
            InputFormat::Vtt => "vtt",
        }
    }
}

/// Tells the format of a file from its first bytes and its name: DOCX and
/// EPUB (zips, by their parts; a broken zip by its `.docx` or `.epub`
/// name), HTML (by its opening tag), Markdown (by `.md` or `.markdown`),
/// else plain text.
pub fn detect_format(path: &Path, bytes: &[u8]) -> InputFormat {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip without the parts (or a broken one) is what its name says,
        // so that reading it says what is wrong.
        return archive::zip_format(bytes).unwrap_or(match ext.as_str() {
            "docx" => InputFormat::Docx,
            "epub" => InputFormat::Epub,
            _ => InputFormat::Text,
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let html_start = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"));
    if html_start {
        return InputFormat::Html;
    }
    match subtitles::sniff(bytes) {
        Some(subtitles::Kind::Srt) => return InputFormat::Srt,
        Some(subtitles::Kind::Vtt) => return InputFormat::Vtt,
        None => {}
    }
    match ext.as_str() {
        "md" | "markdown" => InputFormat::Markdown,
        "srt" => InputFormat::Srt,
        "vtt" => InputFormat::Vtt,
        _ => InputFormat::Text,
    }
}

/// Reads the blocks of a document in `format` (never [`InputFormat::Auto`]
/// or [`InputFormat::Text`]: those are read as text by the caller, and
/// give no blocks here; subtitles must be UTF-8 here, the aligner decodes
/// them first). `path` only names the file in errors.
pub fn read_blocks(
    path: &Path,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Vec<Block>, DocumentError> {
    let label = path.display().to_string();
    let blocks = match format {
        InputFormat::Docx => docx::read(&label, bytes)?,
        InputFormat::Epub => epub::read(&label, bytes)?,
        InputFormat::Html => html::read(&text_of(&label, "the file", bytes)?),
        InputFormat::Markdown => markdown::read(&text_of(&label, "the file", bytes)?),
        InputFormat::Srt | InputFormat::Vtt => subtitles::blocks(&subtitles::read(
            &label,
            &text_of(&label, "the file", bytes)?,
        )?),
        InputFormat::Auto | InputFormat::Text => Vec::new(),
    };
    Ok(blocks
        .into_iter()
        .map(|b| Block::new(b.kind, clean(&b.text)))
        .filter(|b| !b.text.is_empty())
        .collect())
}

/// Reads the blocks of an HTML or Markdown text already decoded (other
/// formats give none).
pub fn read_text_blocks(text: &str, format: InputFormat) -> Vec<Block> {
    let blocks = match format {
        InputFormat::Html => html::read(text),
        InputFormat::Markdown => markdown::read(text),
        _ => Vec::new(),
    };
    blocks
        .into_iter()
        .map(|b| Block::new(b.kind, clean(&b.text)))
        .filter(|b| !b.text.is_empty())
        .collect()
}

/// Text as UTF-8 (a byte-order mark dropped), or an error naming the part.
pub(crate) fn text_of<'a>(
    path: &str,
    part: &str,
    bytes: &'a [u8],
) -> Result<std::borrow::Cow<'a, str>, DocumentError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(_) => Err(DocumentError::NotUtf8 {
            path: path.to_string(),
            part: part.to_string(),
        }),
    }
}

/// A block's text on one line: runs of whitespace (line breaks, tabs, no-
/// break spaces) become one space, and none is kept between two Chinese
/// characters (a line break in Chinese source text is not a space).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().last().unwrap_or(' ');
            let cjk = |c: char| crate::segment::zh::is_cjk(c) || is_cjk_punct(c);
            if !(cjk(prev) && cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let p = Path::new("a.txt");
        assert_eq!(detect_format(p, b"<!DOCTYPE html><p>x"), InputFormat::Html);
        assert_eq!(detect_format(p, b"  <html lang=en>"), InputFormat::Html);
        assert_eq!(detect_format(p, b"# Title\n"), InputFormat::Text);
        assert_eq!(
            detect_format(Path::new("a.MD"), b"# Title\n"),
            InputFormat::Markdown
        );
        assert_eq!(detect_format(p, b"PK\x03\x04junk"), InputFormat::Text);
        assert_eq!(detect_format(p, b"WEBVTT\n\n"), InputFormat::Vtt);
        assert_eq!(detect_format(Path::new("a.srt"), b"junk"), InputFormat::Srt);
        assert_eq!(
            detect_format(Path::new("a.docx"), b"PK\x03\x04junk"),
            InputFormat::Docx
        );
    }

    #[test]
    fn cleans_whitespace() {
        assert_eq!(clean("  One\n two\t three "), "One two three");
        assert_eq!(clean("中文\n句子。\n English"), "中文句子。 English");
    }
}
