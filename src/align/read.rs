//! Reading one input into a [`Document`]: plain text (decoded, then
//! segmented, or line by line when presplit) or a structured document
//! (DOCX, EPUB, HTML, Markdown: read as [`crate::documents::Block`]s, each
//! segmented on its own), with the warnings about its encoding.

use super::aligner::Warning;
use crate::documents::{self, InputFormat};
use crate::model::{Document, Lang, Segment};
use crate::segment;
use std::path::Path;

/// How an input is read: its format (`--input-format`) and, for plain text,
/// whether hard-wrapped lines are joined (`--rejoin-lines`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadAs {
    pub format: InputFormat,
    pub rejoin: segment::Rejoin,
}

/// Reads and segments one file (UTF-8, or `encoding`, or detected) in
/// `lang`, or line by line when `presplit`; warns when it was not UTF-8
/// (and no encoding was named) or was cut short.
pub fn read_document(
    path: &Path,
    lang: &str,
    presplit: bool,
    encoding: Option<&str>,
) -> crate::error::Result<(Document, Vec<Warning>)> {
    read_document_with(
        path,
        lang,
        presplit,
        encoding,
        &segment::SegmentRules::default(),
    )
}

/// Reads one input as [`read_document`] does, segmenting it with a
/// reviewer's exceptions to the sentence rules (not used when presplit).
pub fn read_document_with(
    path: &Path,
    lang: &str,
    presplit: bool,
    encoding: Option<&str>,
    rules: &segment::SegmentRules,
) -> crate::error::Result<(Document, Vec<Warning>)> {
    read_document_in(path, lang, presplit, encoding, rules, ReadAs::default())
}

/// Reads one input as [`read_document_with`] does, as `how` says (DOCX,
/// EPUB, HTML and Markdown read as blocks, each segmented on its own;
/// `Auto` tells the format from the file).
pub fn read_document_in(
    path: &Path,
    lang: &str,
    presplit: bool,
    encoding: Option<&str>,
    rules: &segment::SegmentRules,
    how: ReadAs,
) -> crate::error::Result<(Document, Vec<Warning>)> {
    let bytes = crate::io::read_bytes(path)?;
    let format = match how.format {
        InputFormat::Auto => documents::detect_format(path, &bytes),
        other => other,
    };
    let label = path.display().to_string();
    let blocks = match format {
        InputFormat::Docx | InputFormat::Epub => {
            Some(documents::read_blocks(path, &bytes, format)?)
        }
        _ => None,
    };
    let decoded = match blocks {
        Some(_) => None,
        None => Some(crate::io::decode(path, &bytes, encoding)?),
    };
    drop(bytes);
    let warnings = decoded
        .as_ref()
        .map_or_else(Vec::new, |d| decoding_warnings(&label, d, encoding));
    let cues = match (&decoded, format) {
        (Some(d), InputFormat::Srt | InputFormat::Vtt) => {
            documents::subtitles::read(&label, &d.text)?
        }
        _ => Vec::new(),
    };
    let blocks = match (blocks, &decoded) {
        (Some(blocks), _) => Some(blocks),
        (None, Some(d)) if matches!(format, InputFormat::Html | InputFormat::Markdown) => {
            Some(documents::read_text_blocks(&d.text, format))
        }
        (None, Some(_)) if !cues.is_empty() => Some(documents::subtitles::blocks(&cues)),
        _ => None,
    };
    if let Some(blocks) = blocks {
        let document = block_document(label, lang, presplit, rules, format, blocks, cues);
        return Ok((document, warnings));
    }
    let Some(decoded) = decoded else {
        return Ok((Document::new(label, lang, Vec::new()), warnings));
    };
    let segments = if presplit {
        segment::presplit(&decoded.text)
    } else {
        let lang_family = Lang::from_tag(lang);
        let text = segment::rejoin_lines(&decoded.text, lang_family, how.rejoin);
        segment::segment_with(&text, lang_family, rules)
    };
    Ok((Document::new(label, lang, segments), warnings))
}

/// What to tell the user about how a text was decoded: a legacy encoding
/// told from the bytes (none was named), or text cut short.
fn decoding_warnings(
    label: &str,
    decoded: &crate::io::Decoded,
    named: Option<&str>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if decoded.encoding != "UTF-8" && named.is_none() {
        warnings.push(Warning::Encoding {
            path: label.to_string(),
            encoding: decoded.encoding.to_string(),
        });
    }
    if decoded.cut_short {
        warnings.push(Warning::CutShort {
            path: label.to_string(),
        });
    }
    warnings
}

/// The document of a structured input's blocks: each segmented on its own
/// (or one segment each when presplit), with the structure read and, for
/// subtitles, the cues and the segments' times.
fn block_document(
    label: String,
    lang: &str,
    presplit: bool,
    rules: &segment::SegmentRules,
    format: InputFormat,
    blocks: Vec<documents::Block>,
    cues: Vec<crate::model::Cue>,
) -> Document {
    let mut structure = documents::structure(format, &blocks);
    structure.cues = cues.len();
    let segments = if presplit {
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| Segment::sentence(i, b.text.clone()))
            .collect()
    } else {
        let marked: Vec<(String, bool)> = blocks
            .into_iter()
            .map(|b| (b.is_heading(), b.text))
            .map(|(h, t)| (t, h))
            .collect();
        segment::segment_blocks(&marked, Lang::from_tag(lang), rules)
    };
    let mut document = Document::new(label, lang, segments);
    document.structure = Some(structure);
    timed(&mut document, cues);
    document
}

/// Gives a subtitle document its cues and each segment the time of the
/// cues it was cut from.
fn timed(document: &mut Document, cues: Vec<crate::model::Cue>) {
    if cues.is_empty() {
        return;
    }
    let spans = crate::model::segment_spans(&cues, &document.segments);
    for (segment, span) in document.segments.iter_mut().zip(spans) {
        segment.time = span;
    }
    document.cues = cues;
}
