//! Exporters: one file per output format, all behind the small [`Exporter`]
//! trait. Exporters read the data model only; they never see the search.

pub mod beads;
pub mod csv;
pub mod escape;
pub mod html;
pub mod multi;
pub mod tmx;

use crate::model::Alignment;
use std::io::{self, Write};

/// Output formats that `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Tmx,
    Csv,
    Html,
    Beads,
}

impl Format {
    /// Every format, in the order of the help text.
    pub const ALL: [Format; 4] = [Format::Tmx, Format::Csv, Format::Html, Format::Beads];

    /// File extension for the format (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Beads => "beads",
        }
    }

    /// The format of a `--format` name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(name))
    }
}

/// Options that shape exports; built from the CLI by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// TMX `creationdate`, `YYYYMMDDThhmmssZ` (fixed by `SOURCE_DATE_EPOCH`).
    pub creation_date: String,
    /// Beads under this confidence are left out of the TMX.
    pub tmx_min_score: f64,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            creation_date: "19700101T000000Z".to_string(),
            tmx_min_score: 0.0,
        }
    }
}

/// What an export wants the user to know (e.g. characters it had to drop).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub warnings: Vec<String>,
}

/// One output format.
pub trait Exporter {
    /// Writes the whole alignment to `out`.
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report>;
}

/// The exporter for a format.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Tmx => Box::new(tmx::Tmx),
        Format::Csv => Box::new(csv::Csv),
        Format::Html => Box::new(html::Html),
        Format::Beads => Box::new(beads::Beads),
    }
}

/// Writes an alignment in a format into a byte buffer.
pub fn to_bytes(
    format: Format,
    alignment: &Alignment,
    options: &ExportOptions,
) -> io::Result<(Vec<u8>, Report)> {
    let mut buffer = Vec::new();
    let report = exporter(format).write(alignment, options, &mut buffer)?;
    Ok((buffer, report))
}
