//! Reading our review CSV back: rows by column name (so reordered or extra
//! columns do not matter), with or without a BOM, CRLF or LF.

use std::collections::HashMap;
use std::io::Read;
use thiserror::Error;

/// One data row, by column name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvRow {
    /// 1-based row number in the file, the header being row 1.
    pub row: usize,
    pub fields: HashMap<String, String>,
}

impl CsvRow {
    /// A field by column name, empty when the column is missing.
    pub fn get(&self, column: &str) -> &str {
        self.fields.get(column).map(String::as_str).unwrap_or("")
    }
}

/// A CSV that could not be read.
#[derive(Debug, Error)]
pub enum CsvError {
    #[error("row {row}: {message}")]
    Row { row: usize, message: String },
    #[error("missing column `{0}` in the header row")]
    MissingColumn(String),
}

/// A header cell as a column name: no BOM, trimmed, lower case.
pub fn column_name(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

/// An error naming the first of the `required` columns missing from
/// `headers`.
pub fn check_columns(headers: &[String], required: &[&str]) -> Result<(), CsvError> {
    match required.iter().find(|c| !headers.iter().any(|h| h == *c)) {
        Some(column) => Err(CsvError::MissingColumn(column.to_string())),
        None => Ok(()),
    }
}

/// Reads the rows of a CSV whose first row names the columns. `required`
/// columns must be present.
pub fn read_csv<R: Read>(input: R, required: &[&str]) -> Result<Vec<CsvRow>, CsvError> {
    read_csv_delimited(input, b',', required)
}

/// Like [`read_csv`] with another delimiter (`;` or a tab, as European
/// spreadsheets save).
pub fn read_csv_delimited<R: Read>(
    input: R,
    delimiter: u8,
    required: &[&str],
) -> Result<Vec<CsvRow>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CsvError::Row {
            row: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(column_name)
        .collect();
    check_columns(&headers, required)?;
    let mut rows = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CsvError::Row {
            row: k + 2,
            message: e.to_string(),
        })?;
        let fields = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), v.to_string()))
            .collect();
        rows.push(CsvRow { row: k + 2, fields });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_by_column_name_with_bom_and_crlf() {
        let text = "\u{feff}target,id,extra,source\r\n\"Hi, \"\"you\"\"\",1,x,你好\r\n";
        let rows = read_csv(text.as_bytes(), &["id", "source"]).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get("target"), "Hi, \"you\"");
        assert_eq!(rows[0].get("source"), "你好");
        assert_eq!(rows[0].row, 2);
        assert!(matches!(
            read_csv("a,b\n1,2\n".as_bytes(), &["id"]),
            Err(CsvError::MissingColumn(_))
        ));
    }
}
