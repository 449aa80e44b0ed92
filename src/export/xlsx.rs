//! XLSX for reviewers who work in a spreadsheet, as commercial aligners hand
//! out: the review CSV's columns and rows ([`super::csv::COLUMNS`], or the
//! joined CSV's with several renderings) in one worksheet, with a frozen,
//! filterable header row, wrapped text, widths by column, the `status`
//! column a drop-down list of the statuses the import accepts, and colour:
//! each score cell filled by confidence (the hue of the HTML alignment map,
//! red at 0 to green at 1, in the ten bands of its score histogram), and
//! the rows marked `review` or `rejected` shaded as the HTML page and the
//! Word document shade them.
//!
//! Every text cell is written as a string, never a number or a formula: a
//! segment `1.10` or `=SUM(A1)` stays that text. Only the bead number, the
//! paragraph and the scores are numbers. `bitext import` reads the file
//! back ([`crate::import::xlsx`]).

use super::csv::{COLUMNS, review_record};
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Status};
use crate::review::flags::Checker;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use std::io::{self, Write};

/// Writes XLSX.
pub struct Xlsx;

/// The name of the worksheet.
pub const SHEET: &str = "review";

/// Shade of a row whose status is `review` (as the HTML page and the Word
/// document).
const REVIEW_FILL: u32 = 0xFFF4D6;
/// Shade of a row whose status is `rejected`.
const REJECTED_FILL: u32 = 0xEEEEEE;
/// Fill of the header row.
const HEADER_FILL: u32 = 0xF6F8FA;

/// What a column holds, from its header name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    /// A whole number: the bead (group) number, the paragraph.
    Count,
    /// A confidence in [0, 1], filled by band.
    Score,
    /// The review status, a drop-down list.
    Status,
    /// A sentence or a rendering: wide.
    Text,
    /// The reviewer's note.
    Note,
    /// Anything else, written as a string.
    Other(f64),
}

impl Column {
    fn of(name: &str) -> Column {
        match name {
            "id" | "group" | "paragraph" => Column::Count,
            "score" | "agreement" => Column::Score,
            "status" => Column::Status,
            "source" | "target" => Column::Text,
            "note" => Column::Note,
            "document" => Column::Other(16.0),
            "speaker" => Column::Other(12.0),
            "source_ids" | "target_ids" => Column::Other(10.0),
            "flags" => Column::Other(16.0),
            "bead" => Column::Other(6.0),
            _ if name.starts_with("score_") => Column::Score,
            _ if name.starts_with("target_") => Column::Text,
            _ if name.starts_with("flags_") => Column::Other(16.0),
            _ => Column::Other(10.0),
        }
    }

    /// Width in characters.
    fn width(self) -> f64 {
        match self {
            Column::Count => 7.0,
            Column::Score => 8.0,
            Column::Status => 11.0,
            Column::Text => 50.0,
            Column::Note => 30.0,
            Column::Other(width) => width,
        }
    }
}

/// The confidence band of a score: 0 for [0, 0.1) … 9 for [0.9, 1].
pub fn band(score: f64) -> usize {
    if score.is_finite() {
        ((score.clamp(0.0, 1.0) * 10.0) as usize).min(9)
    } else {
        0
    }
}

/// The fill of a confidence band as `0xRRGGBB`: the HTML map's hue (red 0
/// to green 120) at the band's middle, light enough to read text on.
pub fn band_fill(band: usize) -> u32 {
    let hue = (band.min(9) as f64 + 0.5) * 12.0;
    hsl_to_rgb(hue, 0.7, 0.8)
}

/// `hsl(h, s, l)` (h in degrees, s and l in [0, 1]) as `0xRRGGBB`.
fn hsl_to_rgb(h: f64, s: f64, l: f64) -> u32 {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = h / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u32;
    (byte(r) << 16) | (byte(g) << 8) | byte(b)
}

/// `YYYYMMDDThhmmssZ` as the workbook's creation date (the Unix epoch when
/// it is not one).
fn creation_datetime(date: &str) -> Option<ExcelDateTime> {
    let parsed = (date.len() == 16 && date.is_ascii())
        .then(|| {
            let iso = format!(
                "{}-{}-{}T{}:{}:{}Z",
                &date[0..4],
                &date[4..6],
                &date[6..8],
                &date[9..11],
                &date[11..13],
                &date[13..15]
            );
            ExcelDateTime::parse_from_str(&iso).ok()
        })
        .flatten();
    parsed.or_else(|| ExcelDateTime::from_ymd(1970, 1, 1).ok())
}

fn xlsx_error(row: Option<usize>, e: XlsxError) -> io::Error {
    match row {
        // The spreadsheet's row number: the header is row 1.
        Some(row) => io::Error::other(format!("XLSX row {}: {e}", row + 2)),
        None => io::Error::other(format!("XLSX: {e}")),
    }
}

/// The format of a data cell in a column, on a row shaded `fill`.
fn cell_format(column: Column, fill: Option<u32>, score: Option<f64>) -> Format {
    let mut format = Format::new().set_align(FormatAlign::Top);
    format = match column {
        Column::Count => format.set_num_format("0"),
        Column::Score => format.set_num_format("0.000"),
        _ => format.set_text_wrap(),
    };
    let fill = match (column, score) {
        (Column::Score, Some(score)) => Some(band_fill(band(score))),
        _ => fill,
    };
    if let Some(fill) = fill {
        format = format.set_background_color(fill);
    }
    format
}

fn write_row(
    sheet: &mut Worksheet,
    r: usize,
    columns: &[Column],
    row: &[String],
    fill: Option<u32>,
) -> Result<(), XlsxError> {
    let line = (r + 1) as u32;
    for (c, (column, text)) in columns.iter().zip(row).enumerate() {
        let col = c as u16;
        let number = match column {
            Column::Count | Column::Score => {
                text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
            }
            _ => None,
        };
        let format = cell_format(*column, fill, number);
        match number {
            Some(n) => sheet.write_number_with_format(line, col, n, &format)?,
            None if text.is_empty() => sheet.write_blank(line, col, &format)?,
            None => sheet.write_string_with_format(line, col, text, &format)?,
        };
    }
    Ok(())
}

/// A workbook of one worksheet: `header` in a frozen first row, then
/// `rows` (cells as the CSV writes them), styled by column name (see the
/// module doc). `creation_date` is `YYYYMMDDThhmmssZ`, so that the bytes
/// are the same for the same alignment.
pub fn workbook(
    header: &[String],
    rows: &[Vec<String>],
    creation_date: &str,
) -> io::Result<Vec<u8>> {
    let columns: Vec<Column> = header.iter().map(|h| Column::of(h)).collect();
    let status_column = columns.iter().position(|&c| c == Column::Status);
    let mut workbook = Workbook::new();
    if let Some(date) = creation_datetime(creation_date) {
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&date));
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET).map_err(|e| xlsx_error(None, e))?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(HEADER_FILL)
        .set_border_bottom(FormatBorder::Medium);
    for (c, (name, column)) in header.iter().zip(&columns).enumerate() {
        let col = c as u16;
        sheet
            .write_string_with_format(0, col, name, &head)
            .and_then(|s| s.set_column_width(col, column.width()))
            .map_err(|e| xlsx_error(None, e))?;
    }
    for (r, row) in rows.iter().enumerate() {
        let fill = status_column.and_then(|c| match row.get(c)?.parse::<Status>().ok()? {
            Status::Review => Some(REVIEW_FILL),
            Status::Rejected => Some(REJECTED_FILL),
            _ => None,
        });
        write_row(sheet, r, &columns, row, fill).map_err(|e| xlsx_error(Some(r), e))?;
    }
    let last_col = header.len().saturating_sub(1) as u16;
    sheet
        .set_freeze_panes(1, 0)
        .and_then(|s| s.autofilter(0, 0, rows.len() as u32, last_col))
        .map_err(|e| xlsx_error(None, e))?;
    if let Some(c) = status_column
        && !rows.is_empty()
    {
        let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let validation = DataValidation::new()
            .allow_list_strings(&statuses)
            .and_then(|v| v.set_error_title("status"))
            .and_then(|v| v.set_error_message(format!("One of: {}", statuses.join(", "))))
            .map_err(|e| xlsx_error(None, e))?;
        sheet
            .add_data_validation(1, c as u16, rows.len() as u32, c as u16, &validation)
            .map_err(|e| xlsx_error(None, e))?;
    }
    workbook.save_to_buffer().map_err(|e| xlsx_error(None, e))
}

impl Exporter for Xlsx {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        let checker = Checker::new(alignment).with_flags(&options.flags);
        let rows: Vec<Vec<String>> = alignment
            .beads
            .iter()
            .enumerate()
            .map(|(k, bead)| review_record(alignment, &checker, k, bead).to_vec())
            .collect();
        out.write_all(&workbook(&header, &rows, &options.creation_date)?)?;
        Ok(Report::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_run_from_red_to_green() {
        assert_eq!(band(0.0), 0);
        assert_eq!(band(0.05), 0);
        assert_eq!(band(0.5), 5);
        assert_eq!(band(1.0), 9);
        assert_eq!(band(f64::NAN), 0);
        let (red, green) = (band_fill(0), band_fill(9));
        assert!(red >> 16 > (red >> 8) & 0xFF, "{red:06x}");
        assert!((green >> 8) & 0xFF > green >> 16, "{green:06x}");
        assert_eq!(hsl_to_rgb(0.0, 1.0, 0.5), 0xFF0000);
        assert_eq!(hsl_to_rgb(120.0, 1.0, 0.5), 0x00FF00);
    }

    #[test]
    fn columns_by_name() {
        assert_eq!(Column::of("score_b"), Column::Score);
        assert_eq!(Column::of("target_b"), Column::Text);
        assert_eq!(Column::of("status"), Column::Status);
        assert_eq!(Column::of("id"), Column::Count);
    }

    #[test]
    fn creation_dates() {
        let a = workbook(&["id".into()], &[], "20230610T000000Z").unwrap();
        let b = workbook(&["id".into()], &[], "20230610T000000Z").unwrap();
        assert_eq!(a, b, "the same input makes the same bytes");
        assert!(workbook(&["id".into()], &[], "nonsense").is_ok());
    }

    #[test]
    fn overlong_cells_are_an_error_not_a_panic() {
        let long = "x".repeat(40_000);
        let e = workbook(&["source".into()], &[vec![long]], "").unwrap_err();
        assert!(e.to_string().contains("XLSX row 2"), "{e}");
    }
}
