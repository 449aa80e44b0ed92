//! Exporters: one file per output format, all behind the small [`Exporter`]
//! trait. Exporters read the data model only; they never see the search.
//!
//! The caller builds an [`ExportOptions`] (a plain struct, usable from a
//! config), picks a [`Format`] and calls [`to_bytes`] (or
//! [`exporter`]`(format).write(..)`); the returned [`Report`] says what the
//! user should be warned about, e.g. characters XML cannot carry.

pub mod beads;
pub mod csv;
pub mod docx;
pub mod docx_source;
pub mod epub;
pub mod escape;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod markdown;
pub mod multi;
pub mod subtitles;
pub mod tmx;
pub mod tmx_profile;
pub mod tsv;
pub mod xlsx;

use crate::model::Alignment;
use crate::review::flags::Flag;
use std::io::{self, Write};
pub use subtitles::SubtitleText;
pub use tmx_profile::TmxProfile;

/// Output formats that `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// TMX 1.4 translation memory.
    Tmx,
    /// CSV for review in a spreadsheet.
    Csv,
    /// `source<TAB>target` lines, as Moses and OPUS corpora are.
    Tsv,
    /// Side-by-side (or interleaved) HTML page.
    Html,
    /// A Markdown two-column table.
    Md,
    /// The whole alignment with its metadata (see `docs/json-schema.md`).
    Json,
    /// One JSON object per document on one line, for streaming batches.
    Jsonl,
    /// A Word document with a two-column table.
    Docx,
    /// Bead lines `[source ids]:[target ids]:score`, as gold sets use.
    Beads,
    /// The review CSV's rows as a styled spreadsheet (Excel, LibreOffice).
    Xlsx,
    /// SubRip subtitles on the subtitle input's cues (bilingual, or the
    /// translation re-timed).
    Srt,
    /// WebVTT subtitles, as SRT.
    Vtt,
    /// An EPUB 3 bilingual book, a chapter per heading.
    Epub,
}

impl Format {
    /// Every format, in the order of the help text.
    pub const ALL: [Format; 13] = [
        Format::Tmx,
        Format::Csv,
        Format::Tsv,
        Format::Html,
        Format::Md,
        Format::Json,
        Format::Jsonl,
        Format::Docx,
        Format::Beads,
        Format::Xlsx,
        Format::Srt,
        Format::Vtt,
        Format::Epub,
    ];

    /// The `--format` name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Docx => "docx",
            Format::Beads => "beads",
            Format::Xlsx => "xlsx",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Epub => "epub",
        }
    }

    /// File extension for the format (without the dot).
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// True for formats whose bytes are not text (a zip archive).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx | Format::Epub)
    }

    /// The format of a `--format` name (case-insensitive; `markdown` is
    /// `md`).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("markdown") {
            return Some(Format::Md);
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `--style`: what an HTML page (and a Word document) is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    /// For checking the alignment: scores, flags, low-confidence and flagged
    /// rows marked, an alignment map and a score histogram.
    #[default]
    Review,
    /// Clean reading text: no scores, no marks.
    Publication,
}

impl Style {
    pub const ALL: [Style; 2] = [Style::Review, Style::Publication];

    pub fn name(self) -> &'static str {
        match self {
            Style::Review => "review",
            Style::Publication => "publication",
        }
    }

    pub fn from_name(name: &str) -> Option<Style> {
        Style::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// `--layout`: how an HTML page and an EPUB book put the two sides
/// together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// Source and target side by side: one row per bead in HTML, one per
    /// paragraph in an EPUB.
    #[default]
    Columns,
    /// Each source paragraph, then its translation below it.
    Interleaved,
}

impl Layout {
    pub const ALL: [Layout; 2] = [Layout::Columns, Layout::Interleaved];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Columns => "columns",
            Layout::Interleaved => "interleaved",
        }
    }

    pub fn from_name(name: &str) -> Option<Layout> {
        Layout::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// Options that shape exports; built from the CLI by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// TMX `creationdate`, `YYYYMMDDThhmmssZ` (fixed by `SOURCE_DATE_EPOCH`);
    /// also the JSON `created` and the Word document's creation date.
    pub creation_date: String,
    /// Beads under this confidence are left out of the TMX.
    pub tmx_min_score: f64,
    /// `--tmx-strip-labels`: TMX units without the speaker labels that
    /// stand before a turn's first sentence in the document (for reuse
    /// across documents). By default a unit holds its text as it stands in
    /// the document, so that a CAT tool's segment of a labelled line
    /// (`SamAltman:是的,…`) finds its exact match.
    pub tmx_strip_labels: bool,
    /// `--tmx-profile`: the CAT tool the TMX is written for (language
    /// codes, props, context, creation fields, length limit); the default,
    /// [`TmxProfile::Generic`], writes TMX as it always was.
    pub tmx_profile: TmxProfile,
    /// `--excel`: CSV for Excel: a UTF-8 BOM, CRLF line ends, and cells
    /// that begin with `=`, `+`, `-` or `@` prefixed with `'` so that they
    /// are not run as formulas.
    pub excel: bool,
    /// `--style` of the HTML page and the Word document.
    pub style: Style,
    /// `--layout` of the HTML page and the EPUB book.
    pub layout: Layout,
    /// `--flags`: the review flags marked in CSV, XLSX, HTML, DOCX and JSON
    /// (by default [`Flag::DEFAULT`]).
    pub flags: Vec<Flag>,
    /// `--subtitles`: SRT and WebVTT cues with both languages or the
    /// translation only.
    pub subtitles: SubtitleText,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            creation_date: "19700101T000000Z".to_string(),
            tmx_min_score: 0.0,
            tmx_strip_labels: false,
            tmx_profile: TmxProfile::Generic,
            excel: false,
            style: Style::default(),
            layout: Layout::default(),
            flags: Flag::DEFAULT.to_vec(),
            subtitles: SubtitleText::Both,
        }
    }
}

/// What an export wants the user to know (e.g. characters it had to drop).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Messages to print as warnings, one line each.
    pub warnings: Vec<String>,
    /// Characters left out because the format cannot carry them (control
    /// characters in XML: TMX, DOCX, EPUB; in TSV and Markdown too).
    pub dropped_characters: usize,
}

impl Report {
    /// A report of `dropped` characters left out of a `format` file (no
    /// warning when none was).
    pub fn dropped(dropped: usize, format: &str) -> Report {
        let mut report = Report {
            dropped_characters: dropped,
            ..Report::default()
        };
        if dropped > 0 {
            report.warnings.push(format!(
                "dropped {dropped} character(s) that the {format} cannot carry (control characters)"
            ));
        }
        report
    }
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
        Format::Tsv => Box::new(tsv::Tsv),
        Format::Html => Box::new(html::Html),
        Format::Md => Box::new(markdown::Markdown),
        Format::Json => Box::new(json::Json),
        Format::Jsonl => Box::new(jsonl::Jsonl),
        Format::Docx => Box::new(docx::Docx),
        Format::Beads => Box::new(beads::Beads),
        Format::Xlsx => Box::new(xlsx::Xlsx),
        Format::Srt => Box::new(subtitles::Subtitles { vtt: false }),
        Format::Vtt => Box::new(subtitles::Subtitles { vtt: true }),
        Format::Epub => Box::new(epub::Epub),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
            assert_eq!(Format::from_name(&f.name().to_uppercase()), Some(f));
        }
        assert_eq!(Format::from_name("markdown"), Some(Format::Md));
        assert_eq!(Format::from_name("xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::from_name("xls"), None);
        for s in Style::ALL {
            assert_eq!(Style::from_name(s.name()), Some(s));
        }
        for l in Layout::ALL {
            assert_eq!(Layout::from_name(l.name()), Some(l));
        }
        assert_eq!(Style::from_name("fancy"), None);
    }

    #[test]
    fn dropped_characters_are_counted_and_warned() {
        assert_eq!(Report::dropped(0, "TMX"), Report::default());
        let r = Report::dropped(2, "TMX");
        assert_eq!(r.dropped_characters, 2);
        assert!(r.warnings[0].contains("dropped 2 character"));
    }
}
