//! Command-line interface: the clap structs (their doc comments are the
//! help text) and their conversion into the plain [`crate::config::Config`].

use crate::config::{
    AlignConfig, CheckConfig, Command, CompareConfig, Config, EvalConfig, Evidence, ImportConfig,
    Output, ReviewConfig, SegmentConfig, Shard,
};
use anyhow::{Result, bail};
use bitext::align::{AlignOptions, ScorerKind, Search};
use bitext::export::{ExportOptions, Format, Layout, Style, TmxProfile};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Chinese↔English sentence alignment: segment, align, export TMX, CSV and
/// bilingual documents, and evaluate against gold.
#[derive(Debug, Parser)]
#[command(name = "bitext", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Commands,
    /// Print no progress bars and no warnings.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Commands {
    /// Split a text into sentence segments, one per line.
    Segment(SegmentArgs),
    /// Align a source text with its translation and export the result.
    Align(AlignArgs),
    /// Score bead files against gold: strict and lax precision, recall, F1.
    Eval(EvalArgs),
    /// Align several renderings to one source and show where they differ.
    Compare(CompareArgs),
    /// Read a reviewed CSV or a TMX back and export it (a clean TMX by default).
    Import(ImportArgs),
    /// Review an alignment in the browser: check, fix and approve beads,
    /// re-align the rest around them; saved after every edit.
    Review(ReviewArgs),
    /// Check a TMX file (ours or any tool's) for what makes CAT tools
    /// reject it or drop units: one line per fault, a summary, non-zero
    /// exit on errors.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The TMX file to check.
    file: PathBuf,
    /// The tool whose rules apply (language codes, `srclang="*all*"`,
    /// segment length limit, how strict source locales are); see
    /// docs/tmx-profiles.md.
    #[arg(long, value_enum, default_value_t = ProfileArg::Generic)]
    profile: ProfileArg,
}

/// How the exports look; shared by `align` and `import`.
#[derive(Debug, Args)]
struct ExportArgs {
    /// Leave beads under this confidence out of the TMX.
    #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
    tmx_min_score: f64,
    /// TMX units without the speaker labels that open a turn (`Sam Altman:
    /// `); by default units hold the text as it stands in the document, as
    /// a CAT tool segments it.
    #[arg(long)]
    tmx_strip_labels: bool,
    /// The CAT tool the TMX is for: `generic` (plain TMX 1.4b, language
    /// codes as given), `omegat`, `trados` (region codes, no custom fields,
    /// units with a segment over 2,000 characters left out), `memoq` and
    /// `phrase` (with `x-context-pre`/`x-context-post` for in-context
    /// matches) or `smartling`. See docs/tmx-profiles.md.
    #[arg(long, value_enum, default_value_t = ProfileArg::Generic)]
    tmx_profile: ProfileArg,
    /// CSV for Excel: UTF-8 BOM, CRLF, and cells that begin with = + - @
    /// guarded against formula injection.
    #[arg(long)]
    excel: bool,
    /// HTML and DOCX style: `review` (scores, flags, alignment map, score
    /// histogram) or `publication` (clean reading text).
    #[arg(long, value_enum, default_value_t = StyleArg::Review)]
    style: StyleArg,
    /// HTML layout: `columns` (side by side) or `interleaved` (each source
    /// paragraph, then its translation).
    #[arg(long, value_enum, default_value_t = LayoutArg::Columns)]
    layout: LayoutArg,
}

impl ExportArgs {
    fn options(&self) -> Result<ExportOptions> {
        Ok(ExportOptions {
            creation_date: crate::commands::creation_date()?,
            tmx_min_score: self.tmx_min_score,
            tmx_strip_labels: self.tmx_strip_labels,
            tmx_profile: self.tmx_profile.into(),
            excel: self.excel,
            style: self.style.into(),
            layout: self.layout.into(),
        })
    }
}

/// The formats asked for (each once, in order; `default` when none) and
/// where `--output` sends the one format it allows.
fn outputs(
    asked: &[FormatArg],
    output: Option<PathBuf>,
    default: &[Format],
) -> Result<(Vec<Format>, Option<Output>)> {
    let mut formats: Vec<Format> = Vec::new();
    for &f in asked {
        let f = Format::from(f);
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    if formats.is_empty() {
        formats = default.to_vec();
    }
    let output = match output {
        None => None,
        Some(_) if formats.len() != 1 => {
            bail!("--output writes one format: choose it with a single --format")
        }
        Some(p) if p.as_os_str() == "-" => Some(Output::Stdout),
        Some(p) => Some(Output::File(p)),
    };
    Ok((formats, output))
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("originals").multiple(true)))]
struct ImportArgs {
    /// A review CSV (as a spreadsheet saved it: `,` `;` or tab separated,
    /// with or without BOM) or a TMX file (ours or another tool's).
    file: PathBuf,
    /// Output format; repeat for several (default: tmx).
    #[arg(long = "format", short = 'f', value_enum)]
    formats: Vec<FormatArg>,
    /// Folder for the exports.
    #[arg(long, default_value = "exports")]
    out_dir: PathBuf,
    /// Write the single format chosen with --format to this file (`-` for
    /// standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Language of the source side (a CSV: default zh-CN; a TMX: default its
    /// header's srclang).
    #[arg(long)]
    source_lang: Option<String>,
    /// Language of the target side (a CSV: default en-US; a TMX: default
    /// the first other language in it).
    #[arg(long)]
    target_lang: Option<String>,
    #[command(flatten)]
    export: ExportArgs,
    /// The source text that was aligned: each row's source text is checked
    /// against its sentences (matching ignores spaces and full-width forms);
    /// edited text, a sentence in two rows and sentences in no row are
    /// reported with the row.
    #[arg(long, value_name = "FILE", group = "originals")]
    source: Option<PathBuf>,
    /// The target text that was aligned, checked like --source.
    #[arg(long, value_name = "FILE", group = "originals")]
    target: Option<PathBuf>,
    /// --source and --target hold one sentence per line (as aligned with
    /// `align --presplit`).
    #[arg(long)]
    presplit: bool,
    /// Refuse the import (non-zero exit, nothing written) when the check
    /// against --source/--target finds a mismatch, instead of warning.
    #[arg(long, requires = "originals")]
    strict: bool,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// A corpus folder (with `zh.txt` and two or more `en*.txt`), or SOURCE
    /// followed by two or more renderings.
    #[arg(required = true, num_args = 1..)]
    inputs: Vec<PathBuf>,
    /// Name of a rendering, in order (repeat; default: from the file names).
    #[arg(long = "name", value_name = "NAME")]
    names: Vec<String>,
    /// Every input line is one sentence.
    #[arg(long)]
    presplit: bool,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    source_lang: String,
    /// Language of the renderings, BCP 47.
    #[arg(long, default_value = "en-US")]
    target_lang: String,
    /// How many of the most divergent groups to show.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Print the comparison as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
struct SegmentArgs {
    /// The text file to split.
    file: PathBuf,
    /// Language of the text (`zh`, `en`, or any BCP 47 tag); detected when
    /// left out.
    #[arg(long)]
    lang: Option<String>,
    /// Output format: `text` (one segment per line) or `json` (an array of
    /// objects with id, text, paragraph number, kind, speaker and the
    /// speaker label as written before a turn's first sentence).
    #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
    format: SegmentFormat,
    /// Encoding of the file (`utf-8`, `utf-16le`, `gb18030`, `gbk`, `big5`
    /// …); detected when left out.
    #[arg(long)]
    encoding: Option<String>,
    /// Exceptions to the sentence rules: a file of `LANG keep TEXT` (no
    /// cut inside TEXT) and `LANG split TEXT` (a cut after TEXT) lines,
    /// LANG being zh, en or * (see the README).
    #[arg(long, value_name = "FILE")]
    segment_rules: Option<PathBuf>,
    /// Say why each segment ends where it does (which rule), after a tab
    /// (text) or as a `cut` field (json).
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SegmentFormat {
    Text,
    Json,
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
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
        }
    }
}

/// The evidence flags `align` and `compare` share.
#[derive(Debug, Args)]
struct EvidenceArgs {
    /// Evidence that scores beads: `classic` (length, dictionary, anchors;
    /// any size, any language pair), `semantic` (multilingual sentence
    /// embeddings, length and anchors) or `combined` (both; the default when
    /// the model is present and the input is under 250,000 sentences and
    /// 30 MB of text, both sides together).
    #[arg(long, value_enum)]
    scorer: Option<ScorerArg>,
    /// A dictionary of your own, in CEDICT format (`傳統 传统 [chuan2 tong3]
    /// /tradition/`) or hunalign's (`tradition @ 传统`); added to the
    /// built-in CC-CEDICT. Repeatable.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Do not use the built-in CC-CEDICT dictionary.
    #[arg(long)]
    no_dict: bool,
    /// Folder of the sentence-encoder model (`sp.model`, `weights.npz`);
    /// default: the one shipped in `models/use-multilingual-v3`. A folder
    /// named here that cannot be loaded is an error (the shipped model
    /// missing only falls back to the classic scorer).
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
}

impl EvidenceArgs {
    fn evidence(self) -> Evidence {
        Evidence {
            builtin_dictionary: !self.no_dict,
            user_dictionaries: self.dicts,
            scorer: self.scorer.map(Into::into),
            model: self.model,
        }
    }
}

#[derive(Debug, Args)]
struct ReviewArgs {
    /// A corpus folder, SOURCE TARGET… files (aligned first), a saved review
    /// (`*.review.json`), or a reviewed CSV, XLSX or TMX to review further.
    #[arg(required = true, num_args = 1..)]
    inputs: Vec<PathBuf>,
    /// The review project file, saved after every edit (default: beside the
    /// inputs, `NAME.review.json`; reopened when it exists).
    #[arg(long, value_name = "FILE")]
    project: Option<PathBuf>,
    /// Port to listen on (default: a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to listen on. Anything but 127.0.0.1 lets other machines
    /// reach the review (with the token in the printed address).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    listen: std::net::IpAddr,
    /// Only print the address; do not open the browser.
    #[arg(long)]
    no_open: bool,
    /// Every input line is one sentence.
    #[arg(long)]
    presplit: bool,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    source_lang: String,
    /// Language of the target(s), BCP 47.
    #[arg(long, default_value = "en-US")]
    target_lang: String,
    /// Name of a rendering when there are several, in order (repeat).
    #[arg(long = "name", value_name = "NAME")]
    names: Vec<String>,
    /// Encoding of the inputs; detected when left out.
    #[arg(long)]
    encoding: Option<String>,
    /// Exceptions to the sentence rules when the inputs are split (`LANG
    /// keep TEXT` and `LANG split TEXT` lines; see `segment --help`); kept
    /// in the project with the reviewer's own splits and joins.
    #[arg(long, value_name = "FILE", conflicts_with = "presplit")]
    segment_rules: Option<PathBuf>,
    #[command(flatten)]
    evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
struct AlignArgs {
    /// A corpus folder (with `zh.txt` and `en*.txt`), SOURCE TARGET files,
    /// or SOURCE_DIR TARGET_DIR: every pair of files with the same name.
    #[arg(required_unless_present = "manifest", num_args = 1..)]
    inputs: Vec<PathBuf>,
    /// A batch from a manifest: lines `SOURCE<TAB>TARGET[<TAB>NAME]`
    /// (relative paths from the manifest's folder; `#` comments and blank
    /// lines skipped); `-` reads it from standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    manifest: Option<PathBuf>,
    /// Only the I-th of N shares of a batch (`2/8`): document k (0-based, in
    /// listed order) is in shard k % N + 1.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Output format; repeat for several (default: tmx, csv and html).
    #[arg(long = "format", short = 'f', value_enum)]
    formats: Vec<FormatArg>,
    /// Folder for the exports, named after the corpus.
    #[arg(long, default_value = "exports")]
    out_dir: PathBuf,
    /// Write the single format chosen with --format to this file (`-` for
    /// standard output) instead of into --out-dir. With several renderings,
    /// one file joins them all (html, csv, xlsx, docx, md, json, or tmx
    /// with --tmx-combined).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Every input line is one sentence (line n is sentence n−1), as in
    /// alignment gold sets.
    #[arg(long)]
    presplit: bool,
    /// Exceptions to the sentence rules for every document read (`LANG
    /// keep TEXT` and `LANG split TEXT` lines; see `segment --help` and the
    /// README).
    #[arg(long, value_name = "FILE", conflicts_with = "presplit")]
    segment_rules: Option<PathBuf>,
    /// Language of the source, BCP 47.
    #[arg(long, default_value = "zh-CN")]
    source_lang: String,
    /// Language of the target(s), BCP 47.
    #[arg(long, default_value = "en-US")]
    target_lang: String,
    #[command(flatten)]
    export: ExportArgs,
    #[command(flatten)]
    evidence: EvidenceArgs,
    /// Beads under this confidence get the status `review`.
    #[arg(long, default_value_t = 0.5, value_parser = unit_interval)]
    review_below: f64,
    /// Most rounds of learning the document: after a search, the bead-shape
    /// prior and the length ratio are re-estimated from the document's own
    /// beads, and the search runs again when they differ enough from what
    /// it used (a translator who splits or joins sentences far more often
    /// than usual). 0: the fitted global prior only.
    #[arg(long, default_value_t = 2, value_name = "N")]
    learn_rounds: usize,
    /// Keep the beads a reviewer approved in this reviewed CSV or XLSX or
    /// review project (`*.review.json`) and align only between them: the
    /// texts must be segmented as they were when it was written (a
    /// project's segment splits and joins are applied again).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["manifest", "shard"])]
    anchors: Option<PathBuf>,
    /// Encoding of the inputs (`utf-8`, `utf-16le`, `gb18030`, `gbk`,
    /// `big5` …); detected when left out.
    #[arg(long)]
    encoding: Option<String>,
    /// Name of a rendering when there are several, in order (repeat;
    /// default: from the file names, made unique).
    #[arg(long = "name", value_name = "NAME")]
    names: Vec<String>,
    /// With several renderings, write one TMX for all of them (each unit
    /// with `<prop type="x-rendering">`) instead of one per rendering.
    #[arg(long)]
    tmx_combined: bool,
    /// Worker threads for a batch of folders (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// How far (in sentences) a search band widens each time the best path
    /// runs along its edge; with `--search exhaustive`, also the band's
    /// half-width around the length diagonal.
    #[arg(long, default_value_t = 60)]
    band: usize,
    /// Search: `auto` (the default at every size: blocks of text aligned
    /// coarse to fine, then the exact search window by window around their
    /// path, in parallel; linear time and memory), `exhaustive` (for
    /// comparisons: one exact search over the whole document in a band of
    /// `--band` around the length diagonal and the block path, narrowed on
    /// huge inputs to bound memory) or `fast` (the same as `auto`).
    #[arg(long, value_enum, default_value_t = SearchArg::Auto)]
    search: SearchArg,
}

/// `--tmx-profile` and `check --profile` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProfileArg {
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
enum SearchArg {
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
enum StyleArg {
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
enum LayoutArg {
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

/// `--scorer` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScorerArg {
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

#[derive(Debug, Args)]
struct EvalArgs {
    /// Gold bead file, or a folder of them.
    gold: PathBuf,
    /// Bead file to score, or a folder of them (paired by name; `.align`
    /// and `.beads` endings are ignored).
    test: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Also print the reliability table: confidence bins against the share
    /// of exactly right beads.
    #[arg(long)]
    calibration: bool,
}

fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

/// The rules of a `--segment-rules` file (none when not given).
fn segment_rules(path: Option<&std::path::Path>) -> Result<bitext::segment::SegmentRules> {
    Ok(match path {
        Some(p) => bitext::segment::SegmentRules::from_path(p)?,
        None => bitext::segment::SegmentRules::default(),
    })
}

impl Cli {
    /// Turns the parsed arguments into the plain configuration.
    #[allow(clippy::needless_update)]
    pub fn into_config(self) -> Result<Config> {
        let command = match self.command {
            Commands::Segment(a) => Command::Segment(SegmentConfig {
                input: a.file,
                lang: a.lang,
                json: matches!(a.format, SegmentFormat::Json),
                encoding: a.encoding,
                segment_rules: segment_rules(a.segment_rules.as_deref())?,
                explain: a.explain,
            }),
            Commands::Align(a) => {
                let (formats, output) = outputs(
                    &a.formats,
                    a.output,
                    &[Format::Tmx, Format::Csv, Format::Html],
                )?;
                Command::Align(Box::new(AlignConfig {
                    inputs: a.inputs,
                    presplit: a.presplit,
                    segment_rules: segment_rules(a.segment_rules.as_deref())?,
                    source_lang: a.source_lang,
                    target_lang: a.target_lang,
                    formats,
                    out_dir: a.out_dir,
                    output,
                    align: AlignOptions {
                        band: a.band.max(1),
                        review_below: a.review_below,
                        learn_rounds: a.learn_rounds.min(10),
                        search: a.search.into(),
                        ..AlignOptions::default()
                    },
                    evidence: a.evidence.evidence(),
                    jobs: a.jobs.filter(|&n| n > 0),
                    names: a.names,
                    tmx_combined: a.tmx_combined,
                    encoding: a.encoding,
                    manifest: a.manifest,
                    shard: a.shard,
                    anchors: a.anchors,
                    export: a.export.options()?,
                }))
            }
            Commands::Review(a) => Command::Review(Box::new(ReviewConfig {
                inputs: a.inputs,
                project: a.project,
                port: a.port,
                listen: a.listen,
                open: !a.no_open,
                presplit: a.presplit,
                source_lang: a.source_lang,
                target_lang: a.target_lang,
                names: a.names,
                encoding: a.encoding,
                segment_rules: segment_rules(a.segment_rules.as_deref())?,
                align: AlignOptions::default(),
                evidence: a.evidence.evidence(),
            })),
            Commands::Compare(a) => Command::Compare(Box::new(CompareConfig {
                inputs: a.inputs,
                presplit: a.presplit,
                source_lang: a.source_lang,
                target_lang: a.target_lang,
                names: a.names,
                top: a.top,
                json: a.json,
                align: AlignOptions::default(),
                evidence: a.evidence.evidence(),
            })),
            Commands::Import(a) => {
                let (formats, output) = outputs(&a.formats, a.output, &[Format::Tmx])?;
                Command::Import(Box::new(ImportConfig {
                    input: a.file,
                    formats,
                    out_dir: a.out_dir,
                    output,
                    source_lang: a.source_lang,
                    target_lang: a.target_lang,
                    source_text: a.source,
                    target_text: a.target,
                    presplit: a.presplit,
                    strict: a.strict,
                    export: a.export.options()?,
                }))
            }
            Commands::Check(a) => Command::Check(CheckConfig {
                input: a.file,
                profile: a.profile.into(),
            }),
            Commands::Eval(a) => Command::Eval(EvalConfig {
                gold: a.gold,
                test: a.test,
                json: a.json,
                calibration: a.calibration,
            }),
        };
        Ok(Config {
            command,
            quiet: self.quiet,
        })
    }
}
