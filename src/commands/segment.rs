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
    let segments = segment::segment_explained(&text, Lang::from_tag(&lang), &c.segment_rules);
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
