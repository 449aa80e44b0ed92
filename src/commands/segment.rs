//! `bitext segment`: one input cut into sentence segments, as lines or
//! JSON.

use crate::config::SegmentConfig;
use anyhow::{Result, bail};
use bitext::documents::{self, InputFormat};
use bitext::io;
use bitext::model::Lang;
use bitext::segment::{self, detect_lang};
use std::io::Write;

pub(crate) fn run(c: &SegmentConfig) -> Result<()> {
    let bytes = io::read_bytes(&c.input)?;
    let format = match c.input_format.format {
        InputFormat::Auto => documents::detect_format(&c.input, &bytes),
        other => other,
    };
    let segments = if matches!(format, InputFormat::Auto | InputFormat::Text) {
        let text = io::decode(&c.input, &bytes, c.encoding.as_deref())?.text;
        let lang = c
            .lang
            .clone()
            .unwrap_or_else(|| detect_lang(&text).to_string());
        let lang = Lang::from_tag(&lang);
        let text = segment::rejoin_lines(&text, lang, c.input_format.rejoin);
        segment::segment_explained(&text, lang, &c.segment_rules)
    } else {
        drop(bytes);
        if c.explain {
            bail!("--explain reads plain text only; this is a {format:?} document");
        }
        document_segments(c, format)?
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if c.json {
        // A JSON array, one segment object per line.
        writeln!(out, "[")?;
        for (k, (s, cut)) in segments.iter().enumerate() {
            let comma = if k + 1 < segments.len() { "," } else { "" };
            let mut value = serde_json::to_value(s)?;
            if c.explain
                && let Some(object) = value.as_object_mut()
            {
                object.insert("cut".to_string(), serde_json::to_value(cut)?);
            }
            writeln!(out, "{}{comma}", serde_json::to_string(&value)?)?;
        }
        writeln!(out, "]")?;
    } else if c.explain {
        for (s, cut) in &segments {
            writeln!(out, "{}\t[{cut}]", s.text)?;
        }
    } else {
        for (s, _) in &segments {
            writeln!(out, "{}", s.text)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The segments of a structured document, each with the paragraph end as
/// its cut (never printed: `--explain` takes plain text only). Without
/// `--lang`, the language is told from a first reading's text.
fn document_segments(
    c: &SegmentConfig,
    format: InputFormat,
) -> Result<Vec<(bitext::model::Segment, segment::Cut)>> {
    let how = bitext::align::aligner::ReadAs {
        format,
        ..c.input_format
    };
    use bitext::align::aligner::read_document_in;
    let read = |lang: &str| {
        read_document_in(
            &c.input,
            lang,
            false,
            c.encoding.as_deref(),
            &c.segment_rules,
            how,
        )
    };
    let lang = match &c.lang {
        Some(lang) => lang.clone(),
        None => {
            let (first, _) = read("und")?;
            let text: String = first.segments.iter().map(|s| s.text.as_str()).collect();
            detect_lang(&text).to_string()
        }
    };
    let (document, _) = read(&lang)?;
    Ok(document
        .segments
        .into_iter()
        .map(|s| (s, segment::Cut::Paragraph))
        .collect())
}
