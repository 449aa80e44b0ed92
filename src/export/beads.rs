//! The `beads` format: one bead a line, `[source ids]:[target ids]:score`,
//! 0-based, `[]` for an empty side — the gold format of vecalign and
//! Bertalign, so published gold sets can score our output.

use super::{ExportOptions, Exporter, Report};
use crate::model::Alignment;
use std::io::{self, Write};

/// Writes bead lines.
pub struct Beads;

fn ids(ids: &[usize]) -> String {
    let parts: Vec<String> = ids.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl Exporter for Beads {
    fn write(
        &self,
        alignment: &Alignment,
        _: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        for bead in &alignment.beads {
            writeln!(
                out,
                "{}:{}:{:.3}",
                ids(&bead.source),
                ids(&bead.target),
                bead.score
            )?;
        }
        Ok(Report::default())
    }
}
