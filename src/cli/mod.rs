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

mod args;
mod values;

use args::*;
use values::*;

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

fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

/// A review flag by its word (`--flags numbers,length`).
fn review_flag(s: &str) -> Result<bitext::review::flags::Flag, String> {
    use bitext::review::flags::Flag;
    Flag::from_name(s).ok_or_else(|| {
        let words: Vec<&str> = Flag::ALL.iter().map(|f| f.as_str()).collect();
        format!("`{s}` is no review flag (one of: {})", words.join(", "))
    })
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
    ///
    /// Long because it is one match arm per command, each mapping that
    /// command's flags onto its configuration.
    #[allow(clippy::needless_update)]
    pub fn into_config(self) -> Result<Config> {
        let command = match self.command {
            Commands::Segment(a) => Command::Segment(SegmentConfig {
                input: a.file,
                lang: a.lang,
                json: matches!(a.format, SegmentFormat::Json),
                encoding: a.encoding,
                input_format: a.read.read_as(),
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
                    align: a.search.options(a.review_below),
                    evidence: a.evidence.evidence(),
                    jobs: a.jobs.filter(|&n| n > 0),
                    names: a.names,
                    tmx_combined: a.tmx_combined,
                    encoding: a.encoding,
                    input_format: a.read.read_as(),
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
                input_format: a.read.read_as(),
                segment_rules: segment_rules(a.segment_rules.as_deref())?,
                align: a.search.options(AlignOptions::default().review_below),
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
                input_format: a.read.read_as(),
                align: a.search.options(AlignOptions::default().review_below),
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
