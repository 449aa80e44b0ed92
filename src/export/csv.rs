//! CSV for reviewing alignments in a spreadsheet: RFC 4180, UTF-8, a header
//! row and one row per bead, unaligned sentences included. `status` is the
//! column a reviewer edits; `flags` lists the quality checks a bead fails
//! ([`crate::review::flags`]). With `--excel`: a UTF-8 BOM, CRLF line ends, and cells
//! that begin with `=`, `+`, `-` or `@` prefixed with `'` so that Excel does
//! not run them as formulas (the importer takes the `'` off again).

use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Bead};
use crate::review::flags::{self, Checker};
use std::borrow::Cow;
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

/// A cell guarded against formula injection: `'` before a leading `=`, `+`,
/// `-` or `@`.
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The review row of `bead`, the `k`-th (0-based), cell by cell in
/// [`COLUMNS`] order: what the CSV writes, and the XLSX too.
pub fn review_record(
    alignment: &Alignment,
    checker: &Checker,
    k: usize,
    bead: &Bead,
) -> [String; 13] {
    let lead = alignment.lead_segment(bead);
    [
        (k + 1).to_string(),
        alignment.name.clone(),
        lead.map(|s| s.paragraph.to_string()).unwrap_or_default(),
        join_ids(&bead.source),
        join_ids(&bead.target),
        bead.kind(),
        format!("{:.3}", bead.score),
        bead.status.to_string(),
        flags::join(&checker.flags(alignment, bead)),
        lead.and_then(|s| s.speaker.clone()).unwrap_or_default(),
        alignment.source_text(bead),
        alignment.target_text(bead),
        bead.note.clone(),
    ]
}

impl Exporter for Csv {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let excel = options.excel;
        if excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(if excel {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(out);
        writer.write_record(COLUMNS)?;
        let checker = Checker::new(alignment).with_flags(&options.flags);
        for (k, bead) in alignment.beads.iter().enumerate() {
            let record = review_record(alignment, &checker, k, bead);
            if excel {
                writer.write_record(record.iter().map(|c| guard_formula(c).into_owned()))?;
            } else {
                writer.write_record(&record)?;
            }
        }
        writer.flush()?;
        Ok(Report::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded() {
        assert_eq!(guard_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard_formula("-1"), "'-1");
        assert_eq!(guard_formula("+"), "'+");
        assert_eq!(guard_formula("@x"), "'@x");
        assert_eq!(guard_formula("a=b"), "a=b");
        assert_eq!(guard_formula(""), "");
    }
}
