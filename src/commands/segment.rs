//! `bitext segment`: one input cut into sentence segments, as lines or
//! JSON.

use crate::config::SegmentConfig;
use anyhow::Result;
use bitext::io;
use bitext::model::Lang;
use bitext::segment::{self, detect_lang};
use std::io::Write;

pub(crate) fn run(c: &SegmentConfig) -> Result<()> {
    let text = io::read_text_as(&c.input, c.encoding.as_deref())?.text;
    let lang = c
        .lang
        .clone()
        .unwrap_or_else(|| detect_lang(&text).to_string());
    let segments = segment::segment(&text, Lang::from_tag(&lang));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if c.json {
        // A JSON array, one segment object per line.
        writeln!(out, "[")?;
        for (k, s) in segments.iter().enumerate() {
            let comma = if k + 1 < segments.len() { "," } else { "" };
            writeln!(out, "{}{comma}", serde_json::to_string(s)?)?;
        }
        writeln!(out, "]")?;
    } else {
        for s in &segments {
            writeln!(out, "{}", s.text)?;
        }
    }
    out.flush()?;
    Ok(())
}
