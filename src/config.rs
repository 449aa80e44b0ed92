//! The plain configuration the commands run from: what the CLI parsed,
//! resolved into values the logic uses (no clap types here).

use bitext::align::AlignOptions;
use bitext::export::{ExportOptions, Format};
use std::path::PathBuf;

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

/// `bitext segment`.
#[derive(Debug, Clone)]
pub struct SegmentConfig {
    pub input: PathBuf,
    /// BCP 47 tag; `None` detects Chinese or English from the text.
    pub lang: Option<String>,
    /// One JSON object per segment with paragraph, kind and speaker.
    pub json: bool,
    /// Encoding label of the input (`None`: detect).
    pub encoding: Option<String>,
    /// How the input is read (`--input-format`; `Auto`: from the file).
    pub input_format: bitext::align::aligner::ReadAs,
    /// A reviewer's exceptions to the sentence rules (`--segment-rules`).
    pub segment_rules: bitext::segment::SegmentRules,
    /// Print why each segment ends where it does.
    pub explain: bool,
}

/// The evidence an aligner is built with: `align`'s and `compare`'s
/// `--dict`, `--no-dict`, `--scorer` and `--model`.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Use the built-in CC-CEDICT dictionary.
    pub builtin_dictionary: bool,
    /// User dictionaries (CEDICT or hunalign format) added on top.
    pub user_dictionaries: Vec<PathBuf>,
    /// The scorer asked for (`None`: combined when the model is there and
    /// the input is not huge, else classic).
    pub scorer: Option<bitext::align::ScorerKind>,
    /// Folder of the sentence-encoder model (`None`: the shipped one).
    pub model: Option<PathBuf>,
}

/// Where a command's exports go and how they are written: a view of
/// `align`'s or `import`'s configuration.
#[derive(Debug, Clone, Copy)]
pub struct Exports<'a> {
    pub formats: &'a [Format],
    pub out_dir: &'a std::path::Path,
    /// A single output instead of files in `out_dir`.
    pub output: Option<&'a Output>,
    pub export: &'a ExportOptions,
}

impl AlignConfig {
    /// Where this run's exports go.
    pub fn exports(&self) -> Exports<'_> {
        Exports {
            formats: &self.formats,
            out_dir: &self.out_dir,
            output: self.output.as_ref(),
            export: &self.export,
        }
    }
}

impl ImportConfig {
    /// Where this run's exports go.
    pub fn exports(&self) -> Exports<'_> {
        Exports {
            formats: &self.formats,
            out_dir: &self.out_dir,
            output: self.output.as_ref(),
            export: &self.export,
        }
    }
}

/// `bitext align`.
#[derive(Debug, Clone)]
pub struct AlignConfig {
    /// A corpus folder, or a source file followed by target files.
    pub inputs: Vec<PathBuf>,
    /// Every input line is one sentence.
    pub presplit: bool,
    /// A reviewer's exceptions to the sentence rules (`--segment-rules`),
    /// applied to every document read.
    pub segment_rules: bitext::segment::SegmentRules,
    pub source_lang: String,
    pub target_lang: String,
    pub formats: Vec<Format>,
    pub out_dir: PathBuf,
    /// A single output instead of files in `out_dir`.
    pub output: Option<Output>,
    pub align: AlignOptions,
    pub export: ExportOptions,
    /// Dictionaries, scorer and model.
    pub evidence: Evidence,
    /// Worker threads for a batch of documents (`None`: one per core).
    pub jobs: Option<usize>,
    /// Names of the renderings, in order (else from the file names).
    pub names: Vec<String>,
    /// With several renderings, one TMX for all (units carry an
    /// `x-rendering` prop) instead of one per rendering.
    pub tmx_combined: bool,
    /// Encoding label of the inputs (`None`: detect).
    pub encoding: Option<String>,
    /// How the inputs are read (`--input-format`; `Auto`: from the file).
    pub input_format: bitext::align::aligner::ReadAs,
    /// A manifest of document pairs (`source<TAB>target[<TAB>name]` lines)
    /// instead of `inputs`; `-` reads it from standard input.
    pub manifest: Option<PathBuf>,
    /// Only this shard of a batch's documents.
    pub shard: Option<Shard>,
    /// A reviewed CSV or review project whose approved beads are kept.
    pub anchors: Option<PathBuf>,
}

/// `--shard I/N`: the I-th of N shares of a batch (1-based). Document k
/// (0-based, in the batch's order) belongs to shard `k % N + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based, at most `count`.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Parses `I/N` with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not I/N (e.g. 2/8)"))?;
        let number = |s: &str, what: &str| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{text}`: the {what} `{s}` is not a whole number"))
        };
        let (index, count) = (number(i, "shard")?, number(n, "shard count")?);
        if count == 0 {
            return Err(format!("`{text}`: the shard count must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(format!(
                "`{text}`: the shard must be between 1 and {count} (shards are 1-based)"
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether the k-th document (0-based) is in this shard.
    pub fn contains(&self, k: usize) -> bool {
        k % self.count + 1 == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// `bitext review`.
#[derive(Debug, Clone)]
pub struct ReviewConfig {
    /// A corpus folder, source and target files, a project, or a reviewed
    /// CSV or TMX.
    pub inputs: Vec<PathBuf>,
    /// The project file (`None`: beside the inputs).
    pub project: Option<PathBuf>,
    /// 0: a free port.
    pub port: u16,
    pub listen: std::net::IpAddr,
    /// Open the browser at the address.
    pub open: bool,
    pub presplit: bool,
    pub source_lang: String,
    pub target_lang: String,
    pub names: Vec<String>,
    pub encoding: Option<String>,
    /// How the inputs are read (`--input-format`; `Auto`: from the file).
    pub input_format: bitext::align::aligner::ReadAs,
    /// Exceptions to the sentence rules for a new project.
    pub segment_rules: bitext::segment::SegmentRules,
    pub align: AlignOptions,
    pub evidence: Evidence,
}

/// `bitext eval`.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    pub gold: PathBuf,
    pub test: PathBuf,
    pub json: bool,
    pub calibration: bool,
}

/// `bitext compare`.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    /// A corpus folder, or a source file followed by two or more renderings.
    pub inputs: Vec<PathBuf>,
    pub presplit: bool,
    pub source_lang: String,
    pub target_lang: String,
    /// Names for the renderings, in order (else from the file names).
    pub names: Vec<String>,
    /// How many of the most divergent groups to print.
    pub top: usize,
    pub json: bool,
    /// How the inputs are read (`--input-format`; `Auto`: from the file).
    pub input_format: bitext::align::aligner::ReadAs,
    pub align: AlignOptions,
    /// Dictionaries, scorer and model, as for `align`.
    pub evidence: Evidence,
}

/// `bitext import`.
#[derive(Debug, Clone)]
pub struct ImportConfig {
    /// A review CSV (or TSV) or a TMX file.
    pub input: PathBuf,
    pub formats: Vec<Format>,
    pub out_dir: PathBuf,
    pub output: Option<Output>,
    /// Source language: for a CSV (which has none), and to pick a TMX's
    /// variants (`None`: the TMX header's `srclang`).
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// The texts that were aligned, to check the rows against.
    pub source_text: Option<PathBuf>,
    pub target_text: Option<PathBuf>,
    /// The texts above are one sentence per line.
    pub presplit: bool,
    /// A mismatch with the texts is an error, not a warning.
    pub strict: bool,
    pub export: ExportOptions,
}

/// `bitext check`.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// The TMX file to check.
    pub input: PathBuf,
    /// The tool whose rules apply.
    pub profile: bitext::export::TmxProfile,
}

/// One command to run.
#[derive(Debug, Clone)]
pub enum Command {
    Segment(SegmentConfig),
    Align(Box<AlignConfig>),
    Eval(EvalConfig),
    Compare(Box<CompareConfig>),
    Import(Box<ImportConfig>),
    Review(Box<ReviewConfig>),
    Check(CheckConfig),
}

/// Everything a run needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub command: Command,
    /// No progress bars and no warnings on stderr.
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        assert_eq!(Shard::parse("1/1").unwrap().to_string(), "1/1");
        for bad in ["0/3", "4/3", "1/0", "3", "a/3", "1/b", "-1/3", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        // Every document is in exactly one of the N shards.
        let shards: Vec<Shard> = (1..=3).map(|i| Shard { index: i, count: 3 }).collect();
        for k in 0..10 {
            assert_eq!(shards.iter().filter(|s| s.contains(k)).count(), 1);
        }
        assert!(shards[0].contains(0) && shards[1].contains(1) && shards[0].contains(3));
    }
}
