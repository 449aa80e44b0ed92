//! Reading a review XLSX back (as `--format xlsx` writes it, or as a
//! reviewer's spreadsheet saved it): the worksheet named `review`, else the
//! first, its first row naming the columns, read as the review CSV is
//! ([`super::csv`]): by column name, each row numbered as the spreadsheet
//! shows it. Every cell is taken as text; numbers a spreadsheet made of
//! typed ids or scores come back as they read (`3`, `0.75`).

use super::csv::{CsvError, CsvRow, check_columns, column_name};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;
use thiserror::Error;

/// An XLSX that could not be read.
#[derive(Debug, Error)]
pub enum XlsxError {
    #[error("not a readable XLSX ({0})")]
    Unreadable(String),
    #[error("the workbook has no worksheet")]
    NoWorksheet,
    #[error(transparent)]
    Csv(#[from] CsvError),
}

/// True when `bytes` begin as a zip archive does (an XLSX is one).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A cell as text: a string as it is, a whole number without `.0`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// One line of a reader's error (some span lines).
fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the rows of an XLSX's review worksheet whose first row names the
/// columns. `required` columns must be present. Rows with no text at all
/// are left out.
pub fn read_xlsx(bytes: &[u8], required: &[&str]) -> Result<Vec<CsvRow>, XlsxError> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| XlsxError::Unreadable(one_line(e)))?;
    let names = workbook.sheet_names();
    let index = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(crate::export::xlsx::SHEET))
        .unwrap_or(0);
    let range = workbook
        .worksheet_range_at(index)
        .ok_or(XlsxError::NoWorksheet)?
        .map_err(|e| XlsxError::Unreadable(one_line(e)))?;
    // The row of the spreadsheet the range starts at (0-based).
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows_in = range.rows();
    let headers: Vec<String> = rows_in
        .next()
        .map(|cells| cells.iter().map(|c| column_name(&cell_text(c))).collect())
        .unwrap_or_default();
    check_columns(&headers, required)?;
    let mut rows = Vec::new();
    for (k, cells) in rows_in.enumerate() {
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        if texts.iter().all(|t| t.is_empty()) {
            continue;
        }
        let fields = headers
            .iter()
            .zip(texts)
            .filter(|(h, _)| !h.is_empty())
            .map(|(h, v)| (h.clone(), v))
            .collect();
        rows.push(CsvRow {
            // 1-based, the header being row first_row + 1.
            row: first_row + k + 2,
            fields,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_an_xlsx() {
        for bytes in [&b""[..], b"id,source\n1,x\n", b"PK\x03\x04broken"] {
            let e = read_xlsx(bytes, &["source"]).unwrap_err();
            assert!(matches!(e, XlsxError::Unreadable(_)), "{e}");
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn reads_what_the_exporter_writes() {
        let header: Vec<String> = ["id", "source", "score", "note"].map(String::from).to_vec();
        let rows = vec![
            vec!["1".into(), "1.10".into(), "0.750".into(), "".into()],
            vec!["2".into(), "=SUM(A1)".into(), "1.000".into(), "n".into()],
        ];
        let bytes = crate::export::xlsx::workbook(&header, &rows, "").unwrap();
        assert!(looks_like_zip(&bytes));
        let read = read_xlsx(&bytes, &["source"]).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].row, 2);
        assert_eq!(read[0].get("source"), "1.10");
        assert_eq!(read[0].get("score"), "0.75");
        assert_eq!(read[1].get("source"), "=SUM(A1)");
        assert_eq!(read[1].get("id"), "2");
        assert_eq!(read[1].get("note"), "n");
        assert!(matches!(
            read_xlsx(&bytes, &["target"]),
            Err(XlsxError::Csv(CsvError::MissingColumn(_)))
        ));
    }
}
