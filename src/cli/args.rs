//! Each command's arguments as clap reads them (the doc comments are the
//! help text).

use super::values::*;
use super::*;

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The TMX file to check.
    pub(super) file: PathBuf,
    /// The tool whose rules apply (language codes, `srclang="*all*"`,
    /// segment length limit, how strict source locales are); see
    /// docs/tmx-profiles.md.
    #[arg(long, value_enum, default_value_t = ProfileArg::Generic)]
    pub(super) profile: ProfileArg,
}

/// How the exports look; shared by `align` and `import`.
#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// Leave beads under this confidence out of the TMX.
    #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
    pub(super) tmx_min_score: f64,
    /// TMX units without the speaker labels that open a turn (`Sam Altman:
    /// `); by default units hold the text as it stands in the document, as
    /// a CAT tool segments it.
    #[arg(long)]
    pub(super) tmx_strip_labels: bool,
    /// The CAT tool the TMX is for: `generic` (plain TMX 1.4b, language
    /// codes as given), `omegat`, `trados` (region codes, no custom fields,
    /// units with a segment over 2,000 characters left out), `memoq` and
    /// `phrase` (with `x-context-pre`/`x-context-post` for in-context
    /// matches) or `smartling`. See docs/tmx-profiles.md.
    #[arg(long, value_enum, default_value_t = ProfileArg::Generic)]
    pub(super) tmx_profile: ProfileArg,
    /// CSV for Excel: UTF-8 BOM, CRLF, and cells that begin with = + - @
    /// guarded against formula injection.
    #[arg(long)]
    pub(super) excel: bool,
    /// HTML and DOCX style: `review` (scores, flags, alignment map, score
    /// histogram) or `publication` (clean reading text; with a DOCX source,
    /// the source document itself with the translation added).
    #[arg(long, value_enum, default_value_t = StyleArg::Review)]
    pub(super) style: StyleArg,
    /// HTML, EPUB and (from a DOCX source) bilingual DOCX layout: `columns`
    /// (side by side) or `interleaved` (each source paragraph, then its
    /// translation).
    #[arg(long, value_enum, default_value_t = LayoutArg::Columns)]
    pub(super) layout: LayoutArg,
    /// Review flags to mark beads with in CSV, XLSX, HTML, DOCX and JSON,
    /// comma-separated: numbers, latin, length, negation, unaligned,
    /// suspect. Default: numbers,latin,unaligned,suspect (`length` and
    /// `negation` fall short of 0.9 precision and recall; see
    /// docs/flags.md).
    #[arg(long, value_delimiter = ',', value_parser = review_flag)]
    pub(super) flags: Option<Vec<bitext::review::flags::Flag>>,
    /// What the srt and vtt outputs hold in each cue of the subtitle input:
    /// `both` (the cue's text, then its translation) or `translation` (the
    /// translation alone, re-timed onto the original cues).
    #[arg(long, value_enum, default_value_t = SubtitlesArg::Both)]
    pub(super) subtitles: SubtitlesArg,
}

impl ExportArgs {
    pub(super) fn options(&self) -> Result<ExportOptions> {
        Ok(ExportOptions {
            creation_date: crate::commands::creation_date()?,
            tmx_min_score: self.tmx_min_score,
            tmx_strip_labels: self.tmx_strip_labels,
            tmx_profile: self.tmx_profile.into(),
            excel: self.excel,
            style: self.style.into(),
            layout: self.layout.into(),
            flags: self
                .flags
                .clone()
                .unwrap_or_else(|| bitext::review::flags::Flag::DEFAULT.to_vec()),
            subtitles: self.subtitles.into(),
        })
    }
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("originals").multiple(true)))]
pub(super) struct ImportArgs {
    /// A review CSV (as a spreadsheet saved it: `,` `;` or tab separated,
    /// with or without BOM) or a TMX file (ours or another tool's).
    pub(super) file: PathBuf,
    /// Output format; repeat for several (default: tmx).
    #[arg(long = "format", short = 'f', value_enum)]
    pub(super) formats: Vec<FormatArg>,
    /// Folder for the exports.
    #[arg(long, default_value = "exports")]
    pub(super) out_dir: PathBuf,
    /// Write the single format chosen with --format to this file (`-` for
    /// standard output).
    #[arg(long, short)]
    pub(super) output: Option<PathBuf>,
    /// Language of the source side (a CSV: default zh-CN; a TMX: default its
    /// header's srclang).
    #[arg(long)]
    pub(super) source_lang: Option<String>,
    /// Language of the target side (a CSV: default en-US; a TMX: default
    /// the first other language in it).
    #[arg(long)]
    pub(super) target_lang: Option<String>,
    #[command(flatten)]
    pub(super) export: ExportArgs,
    /// The source text that was aligned: each row's source text is checked
    /// against its sentences (matching ignores spaces and full-width forms);
    /// edited text, a sentence in two rows and sentences in no row are
    /// reported with the row.
    #[arg(long, value_name = "FILE", group = "originals")]
    pub(super) source: Option<PathBuf>,
    /// The target text that was aligned, checked like --source.
    #[arg(long, value_name = "FILE", group = "originals")]
    pub(super) target: Option<PathBuf>,
    /// --source and --target hold one sentence per line (as aligned with
    /// `align --presplit`).
    #[arg(long)]
    pub(super) presplit: bool,
    /// Refuse the import (non-zero exit, nothing written) when the check
    /// against --source/--target finds a mismatch, instead of warning.
    #[arg(long, requires = "originals")]
    pub(super) strict: bool,
}

#[derive(Debug, Args)]
pub(super) struct CompareArgs {
    /// A corpus folder (with `zh.txt` and two or more `en*.txt`), or SOURCE
    /// followed by two or more renderings.
    #[arg(required = true, num_args = 1..)]
    pub(super) inputs: Vec<PathBuf>,
    /// Name of a rendering, in order (repeat; default: from the file names).
    #[arg(long = "name", value_name = "NAME")]
    pub(super) names: Vec<String>,
    /// Every input line is one sentence.
    #[arg(long)]
    pub(super) presplit: bool,
    #[command(flatten)]
    pub(super) read: ReadArgs,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    pub(super) source_lang: String,
    /// Language of the renderings, BCP 47.
    #[arg(long, default_value = "en-US")]
    pub(super) target_lang: String,
    /// How many of the most divergent groups to show.
    #[arg(long, default_value_t = 5)]
    pub(super) top: usize,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub(super) json: bool,
    #[command(flatten)]
    pub(super) evidence: EvidenceArgs,
    #[command(flatten)]
    pub(super) search: SearchArgs,
}

#[derive(Debug, Args)]
pub(super) struct SegmentArgs {
    /// The text file to split.
    pub(super) file: PathBuf,
    /// Language of the text (`zh`, `en`, or any BCP 47 tag); detected when
    /// left out.
    #[arg(long)]
    pub(super) lang: Option<String>,
    /// Output format: `text` (one segment per line) or `json` (an array of
    /// objects with id, text, paragraph number, kind, speaker and the
    /// speaker label as written before a turn's first sentence).
    #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
    pub(super) format: SegmentFormat,
    /// Encoding of the file (`utf-8`, `utf-16le`, `gb18030`, `gbk`, `big5`
    /// …); detected when left out.
    #[arg(long)]
    pub(super) encoding: Option<String>,
    #[command(flatten)]
    pub(super) read: ReadArgs,
    /// Exceptions to the sentence rules: a file of `LANG keep TEXT` (no
    /// cut inside TEXT) and `LANG split TEXT` (a cut after TEXT) lines,
    /// LANG being zh, en or * (see the README).
    #[arg(long, value_name = "FILE")]
    pub(super) segment_rules: Option<PathBuf>,
    /// Say why each segment ends where it does (which rule), after a tab
    /// (text) or as a `cut` field (json).
    #[arg(long)]
    pub(super) explain: bool,
}

/// The evidence flags `align` and `compare` share.
#[derive(Debug, Args)]
pub(super) struct EvidenceArgs {
    /// Evidence that scores beads: `classic` (length, dictionary, anchors;
    /// any size, any language pair), `semantic` (multilingual sentence
    /// embeddings, length and anchors) or `combined` (both; the default when
    /// the model is present and the input is under 250,000 sentences and
    /// 30 MB of text, both sides together).
    #[arg(long, value_enum)]
    pub(super) scorer: Option<ScorerArg>,
    /// A dictionary of your own, in CEDICT format (`傳統 传统 [chuan2 tong3]
    /// /tradition/`) or hunalign's (`tradition @ 传统`); added to the
    /// built-in CC-CEDICT. Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    pub(super) dicts: Vec<PathBuf>,
    /// Do not use the built-in CC-CEDICT dictionary.
    #[arg(long)]
    pub(super) no_dict: bool,
    /// Folder of the sentence-encoder model (`sp.model`, `weights.npz`);
    /// default: the one shipped in `models/use-multilingual-v3`. A folder
    /// named here that cannot be loaded is an error (the shipped model
    /// missing only falls back to the classic scorer).
    #[arg(long, value_name = "DIR")]
    pub(super) model: Option<PathBuf>,
}

impl EvidenceArgs {
    pub(super) fn evidence(self) -> Evidence {
        Evidence {
            builtin_dictionary: !self.no_dict,
            user_dictionaries: self.dicts,
            scorer: self.scorer.map(Into::into),
            model: self.model,
        }
    }
}

#[derive(Debug, Args)]
pub(super) struct ReviewArgs {
    /// A corpus folder, SOURCE TARGET… files (aligned first), a saved review
    /// (`*.review.json`), or a reviewed CSV, XLSX or TMX to review further.
    #[arg(required = true, num_args = 1..)]
    pub(super) inputs: Vec<PathBuf>,
    /// The review project file, saved after every edit (default: beside the
    /// inputs, `NAME.review.json`; reopened when it exists).
    #[arg(long, value_name = "FILE")]
    pub(super) project: Option<PathBuf>,
    /// Port to listen on (default: a free one).
    #[arg(long, default_value_t = 0)]
    pub(super) port: u16,
    /// Address to listen on. Anything but 127.0.0.1 lets other machines
    /// reach the review (with the token in the printed address).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(super) listen: std::net::IpAddr,
    /// Only print the address; do not open the browser.
    #[arg(long)]
    pub(super) no_open: bool,
    /// Every input line is one sentence.
    #[arg(long)]
    pub(super) presplit: bool,
    #[command(flatten)]
    pub(super) read: ReadArgs,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    pub(super) source_lang: String,
    /// Language of the target(s), BCP 47.
    #[arg(long, default_value = "en-US")]
    pub(super) target_lang: String,
    /// Name of a rendering when there are several, in order (repeat).
    #[arg(long = "name", value_name = "NAME")]
    pub(super) names: Vec<String>,
    /// Encoding of the inputs; detected when left out.
    #[arg(long)]
    pub(super) encoding: Option<String>,
    /// Exceptions to the sentence rules when the inputs are split (`LANG
    /// keep TEXT` and `LANG split TEXT` lines; see `segment --help`); kept
    /// in the project with the reviewer's own splits and joins.
    #[arg(long, value_name = "FILE", conflicts_with = "presplit")]
    pub(super) segment_rules: Option<PathBuf>,
    #[command(flatten)]
    pub(super) evidence: EvidenceArgs,
    #[command(flatten)]
    pub(super) search: SearchArgs,
}

#[derive(Debug, Args)]
pub(super) struct AlignArgs {
    /// A corpus folder (with `zh.txt` and `en*.txt`), SOURCE TARGET files,
    /// or SOURCE_DIR TARGET_DIR: every pair of files with the same name.
    #[arg(required_unless_present = "manifest", num_args = 1..)]
    pub(super) inputs: Vec<PathBuf>,
    /// A batch from a manifest: lines `SOURCE<TAB>TARGET[<TAB>NAME]`
    /// (relative paths from the manifest's folder; `#` comments and blank
    /// lines skipped); `-` reads it from standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub(super) manifest: Option<PathBuf>,
    /// Only the I-th of N shares of a batch (`2/8`): document k (0-based, in
    /// listed order) is in shard k % N + 1.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub(super) shard: Option<Shard>,
    /// Output format; repeat for several (default: tmx, csv and html).
    #[arg(long = "format", short = 'f', value_enum)]
    pub(super) formats: Vec<FormatArg>,
    /// Folder for the exports, named after the corpus.
    #[arg(long, default_value = "exports")]
    pub(super) out_dir: PathBuf,
    /// Write the single format chosen with --format to this file (`-` for
    /// standard output) instead of into --out-dir. With several renderings,
    /// one file joins them all (html, csv, xlsx, docx, md, json, or tmx
    /// with --tmx-combined).
    #[arg(long, short)]
    pub(super) output: Option<PathBuf>,
    /// Every input line is one sentence (line n is sentence n−1), as in
    /// alignment gold sets.
    #[arg(long)]
    pub(super) presplit: bool,
    /// Exceptions to the sentence rules for every document read (`LANG
    /// keep TEXT` and `LANG split TEXT` lines; see `segment --help` and the
    /// README).
    #[arg(long, value_name = "FILE", conflicts_with = "presplit")]
    pub(super) segment_rules: Option<PathBuf>,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    pub(super) source_lang: String,
    /// Language of the target(s), BCP 47.
    #[arg(long, default_value = "en-US")]
    pub(super) target_lang: String,
    #[command(flatten)]
    pub(super) export: ExportArgs,
    #[command(flatten)]
    pub(super) evidence: EvidenceArgs,
    /// Beads under this confidence get the status `review`.
    #[arg(long, default_value_t = 0.5, value_parser = unit_interval)]
    pub(super) review_below: f64,
    /// Keep the beads a reviewer approved in this reviewed CSV or XLSX or
    /// review project (`*.review.json`) and align only between them: the
    /// texts must be segmented as they were when it was written (a
    /// project's segment splits and joins are applied again).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["manifest", "shard"])]
    pub(super) anchors: Option<PathBuf>,
    /// Encoding of the inputs (`utf-8`, `utf-16le`, `gb18030`, `gbk`,
    /// `big5` …); detected when left out.
    #[arg(long)]
    pub(super) encoding: Option<String>,
    #[command(flatten)]
    pub(super) read: ReadArgs,
    /// Name of a rendering when there are several, in order (repeat;
    /// default: from the file names, made unique).
    #[arg(long = "name", value_name = "NAME")]
    pub(super) names: Vec<String>,
    /// With several renderings, write one TMX for all of them (each unit
    /// with `<prop type="x-rendering">`) instead of one per rendering.
    #[arg(long)]
    pub(super) tmx_combined: bool,
    /// Worker threads for a batch of folders (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub(super) jobs: Option<usize>,
    #[command(flatten)]
    pub(super) search: SearchArgs,
}

#[derive(Debug, Args)]
pub(super) struct EvalArgs {
    /// Gold bead file, or a folder of them.
    pub(super) gold: PathBuf,
    /// Bead file to score, or a folder of them (paired by name; `.align`
    /// and `.beads` endings are ignored).
    pub(super) test: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub(super) json: bool,
    /// Also print the reliability table: confidence bins against the share
    /// of exactly right beads.
    #[arg(long)]
    pub(super) calibration: bool,
}

/// How inputs are read; shared by `align`, `compare`, `review` and
/// `segment`.
#[derive(Debug, Args)]
pub(super) struct ReadArgs {
    /// How the inputs are read: `auto` tells DOCX, EPUB and HTML from the
    /// content and Markdown from a `.md` or `.markdown` name, else plain
    /// text; documents are read paragraph by paragraph, headings kept
    /// apart (see docs/documents.md). A named format is every input's:
    /// leave `auto` for a text source with a DOCX target.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub(super) input_format: InputFormatArg,
    /// Join the hard-wrapped lines of plain text into paragraphs (by
    /// default done when the text has no blank lines and at least half its
    /// lines end inside a sentence).
    #[arg(long, conflicts_with = "no_rejoin_lines")]
    pub(super) rejoin_lines: bool,
    /// Take every line of plain text as a paragraph of its own, never
    /// joining lines (not even between blank lines).
    #[arg(long)]
    pub(super) no_rejoin_lines: bool,
}

impl ReadArgs {
    /// How inputs are read, from `--input-format` and `--rejoin-lines` /
    /// `--no-rejoin-lines`.
    pub(super) fn read_as(&self) -> bitext::align::aligner::ReadAs {
        use bitext::segment::Rejoin;
        bitext::align::aligner::ReadAs {
            format: self.input_format.format(),
            rejoin: match (self.rejoin_lines, self.no_rejoin_lines) {
                (true, _) => Rejoin::Always,
                (_, true) => Rejoin::Never,
                _ => Rejoin::Auto,
            },
        }
    }
}

/// How the search runs; shared by `align`, `compare` and `review`.
#[derive(Debug, Args)]
pub(super) struct SearchArgs {
    /// Most rounds of learning the document: after a search, the bead-shape
    /// prior and the length ratio are re-estimated from the document's own
    /// beads, and the search runs again when they differ enough from what
    /// it used (a translator who splits or joins sentences far more often
    /// than usual). 0: the fitted global prior only.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub(super) learn_rounds: usize,
    /// How far (in sentences) a search band widens each time the best path
    /// runs along its edge; with `--search exhaustive`, also the band's
    /// half-width around the length diagonal.
    #[arg(long, default_value_t = 60)]
    pub(super) band: usize,
    /// Search: `auto` (the default at every size: blocks of text aligned
    /// coarse to fine, then the exact search window by window around their
    /// path, in parallel; linear time and memory), `exhaustive` (for
    /// comparisons: one exact search over the whole document in a band of
    /// `--band` around the length diagonal and the block path, narrowed on
    /// huge inputs to bound memory) or `fast` (the same as `auto`).
    #[arg(long, value_enum, default_value_t = SearchArg::Auto)]
    pub(super) search: SearchArg,
}

impl SearchArgs {
    /// The alignment options these set (`review_below`: beads under it get
    /// the status `review`).
    pub(super) fn options(&self, review_below: f64) -> AlignOptions {
        AlignOptions {
            band: self.band.max(1),
            review_below,
            learn_rounds: self.learn_rounds.min(10),
            search: self.search.into(),
            ..AlignOptions::default()
        }
    }
}
