//! The values flags take (`--format`, `--profile`, `--search`, `--style`,
//! `--layout`, `--scorer`) and what they stand for in the library.

use super::*;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum SegmentFormat {
    Text,
    Json,
}

/// `--input-format`: how the inputs are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum InputFormatArg {
    /// Told from the content and the file name.
    Auto,
    /// Plain text.
    Text,
    /// Word document.
    Docx,
    /// HTML page.
    Html,
    /// EPUB book.
    Epub,
    /// Markdown text.
    Markdown,
    /// SubRip subtitles: cue text joined into sentences, each segment
    /// keeping its cue times.
    Srt,
    /// WebVTT subtitles, read as SRT is.
    Vtt,
}

impl InputFormatArg {
    pub(super) fn format(self) -> bitext::documents::InputFormat {
        use bitext::documents::InputFormat;
        match self {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Docx => InputFormat::Docx,
            InputFormatArg::Html => InputFormat::Html,
            InputFormatArg::Epub => InputFormat::Epub,
            InputFormatArg::Markdown => InputFormat::Markdown,
            InputFormatArg::Srt => InputFormat::Srt,
            InputFormatArg::Vtt => InputFormat::Vtt,
        }
    }
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FormatArg {
    /// TMX 1.4 translation memory.
    Tmx,
    /// CSV for review in a spreadsheet.
    Csv,
    /// `source<TAB>target` lines, as Moses and OPUS corpora are.
    Tsv,
    /// Side-by-side HTML page.
    Html,
    /// A Markdown two-column table.
    Md,
    /// The whole alignment with its metadata (see docs/json-schema.md).
    Json,
    /// A Word document with a bilingual table.
    Docx,
    /// Bead lines `[source ids]:[target ids]:score`, as gold sets use.
    Beads,
    /// One JSON object per document on one line (a batch with `--output`
    /// streams them, in the order documents finish).
    Jsonl,
    /// The review CSV as a spreadsheet: frozen header, colour by
    /// confidence, a drop-down status column; `bitext import` reads it back.
    Xlsx,
    /// SubRip subtitles on the cues of a subtitle input: both languages in
    /// each cue, or the translation re-timed (`--subtitles`).
    Srt,
    /// WebVTT subtitles, as srt.
    Vtt,
    /// An EPUB 3 bilingual book: a chapter per heading, each paragraph
    /// with its translation beside it or below it (`--layout`).
    Epub,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Tmx => Format::Tmx,
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Md,
            FormatArg::Json => Format::Json,
            FormatArg::Docx => Format::Docx,
            FormatArg::Beads => Format::Beads,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Srt => Format::Srt,
            FormatArg::Vtt => Format::Vtt,
            FormatArg::Epub => Format::Epub,
        }
    }
}

/// `--tmx-profile` and `check --profile` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ProfileArg {
    /// Plain TMX 1.4b.
    Generic,
    /// OmegaT.
    Omegat,
    /// Trados Studio and Trados Cloud.
    Trados,
    /// memoQ.
    Memoq,
    /// Phrase TMS (Memsource).
    Phrase,
    /// Smartling.
    Smartling,
}

impl From<ProfileArg> for TmxProfile {
    fn from(p: ProfileArg) -> TmxProfile {
        match p {
            ProfileArg::Generic => TmxProfile::Generic,
            ProfileArg::Omegat => TmxProfile::Omegat,
            ProfileArg::Trados => TmxProfile::Trados,
            ProfileArg::Memoq => TmxProfile::Memoq,
            ProfileArg::Phrase => TmxProfile::Phrase,
            ProfileArg::Smartling => TmxProfile::Smartling,
        }
    }
}

/// `--search` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum SearchArg {
    Exhaustive,
    Fast,
    Auto,
}

impl From<SearchArg> for Search {
    fn from(s: SearchArg) -> Search {
        match s {
            SearchArg::Exhaustive => Search::Exhaustive,
            SearchArg::Fast => Search::Fast,
            SearchArg::Auto => Search::Auto,
        }
    }
}

/// `--style` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum StyleArg {
    Review,
    Publication,
}

impl From<StyleArg> for Style {
    fn from(s: StyleArg) -> Style {
        match s {
            StyleArg::Review => Style::Review,
            StyleArg::Publication => Style::Publication,
        }
    }
}

/// `--layout` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum LayoutArg {
    Columns,
    Interleaved,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Columns => Layout::Columns,
            LayoutArg::Interleaved => Layout::Interleaved,
        }
    }
}

/// `--subtitles` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum SubtitlesArg {
    /// Each cue's own text, then its translation.
    Both,
    /// The translation alone, on the original cue times.
    Translation,
}

impl From<SubtitlesArg> for bitext::export::SubtitleText {
    fn from(s: SubtitlesArg) -> Self {
        match s {
            SubtitlesArg::Both => Self::Both,
            SubtitlesArg::Translation => Self::Translation,
        }
    }
}

/// `--scorer` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ScorerArg {
    Classic,
    Semantic,
    Combined,
}

impl From<ScorerArg> for ScorerKind {
    fn from(s: ScorerArg) -> ScorerKind {
        match s {
            ScorerArg::Classic => ScorerKind::Classic,
            ScorerArg::Semantic => ScorerKind::Semantic,
            ScorerArg::Combined => ScorerKind::Combined,
        }
    }
}
