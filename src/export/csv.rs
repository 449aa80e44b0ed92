//! CSV for reviewing alignments in a spreadsheet: RFC 4180, UTF-8, a header
//! row and one row per bead, unaligned sentences included. `status` is the
//! column a reviewer edits.

use super::{ExportOptions, Exporter, Report};
use crate::model::Alignment;
use std::io::{self, Write};

/// The columns, in order.
pub const COLUMNS: [&str; 13] = [
    "id",
    "document",
    "paragraph",
    "source_ids",
    "target_ids",
    "bead",
    "score",
    "status",
    "flags",
    "speaker",
    "source",
    "target",
    "note",
];

/// Writes CSV.
pub struct Csv;

fn join_ids(ids: &[usize]) -> String {
    let parts: Vec<String> = ids.iter().map(usize::to_string).collect();
    parts.join(",")
}

impl Exporter for Csv {
    fn write(
        &self,
        alignment: &Alignment,
        _: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        writer.write_record(COLUMNS)?;
        for (k, bead) in alignment.beads.iter().enumerate() {
            let lead = alignment.lead_segment(bead);
            writer.write_record([
                (k + 1).to_string(),
                alignment.name.clone(),
                lead.map(|s| s.paragraph.to_string()).unwrap_or_default(),
                join_ids(&bead.source),
                join_ids(&bead.target),
                bead.kind(),
                format!("{:.3}", bead.score),
                bead.status.to_string(),
                String::new(),
                lead.and_then(|s| s.speaker.clone()).unwrap_or_default(),
                alignment.source_text(bead),
                alignment.target_text(bead),
                bead.note.clone(),
            ])?;
        }
        writer.flush()?;
        Ok(Report::default())
    }
}
