//! Runs the commands from a plain [`Config`]: reads the files, segments,
//! aligns, exports, evaluates. This is the edge where library errors get
//! their context (the file they concern) for the one-line message `main`
//! prints.

use crate::align::{Aligner, Warning};
use crate::config::{
    AlignConfig, Command, CompareConfig, Config, EvalConfig, ImportConfig, Output, SegmentConfig,
};
use crate::corpus;
use crate::export::{self, Format};
use crate::lexicon::Dictionary;
use crate::model::{Alignment, Document, Lang};
use crate::segment;
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Runs one command.
pub fn run(config: &Config) -> Result<()> {
    let result = match &config.command {
        Command::Segment(c) => run_segment(c),
        Command::Align(c) => run_align(c, config.quiet),
        Command::Eval(c) => run_eval(c),
        Command::Compare(c) => run_compare(c, config.quiet),
        Command::Import(c) => run_import(c, config.quiet),
    };
    match result {
        // A closed pipe (`bitext segment … | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The TMX creation date: `SOURCE_DATE_EPOCH` when set (reproducible
/// output), else now; as `YYYYMMDDThhmmssZ` in UTC.
pub fn creation_date() -> Result<String> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .with_context(|| format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    };
    Ok(tmx_date(secs))
}

/// Formats Unix seconds as `YYYYMMDDThhmmssZ`.
pub fn tmx_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

pub use crate::segment::detect_lang;

/// Reads and segments one input file (UTF-8, or its encoding detected).
pub fn load_document(path: &Path, lang: &str, presplit: bool) -> Result<Document> {
    load_document_as(path, lang, presplit, None, true)
}

/// Reads and segments one input file in a named encoding (`None`: detect);
/// says so when the file was not UTF-8.
pub fn load_document_as(
    path: &Path,
    lang: &str,
    presplit: bool,
    encoding: Option<&str>,
    quiet: bool,
) -> Result<Document> {
    let (document, warnings) =
        crate::align::aligner::read_document(path, lang, presplit, encoding)?;
    print_warnings(&warnings, quiet);
    Ok(document)
}

fn run_segment(c: &SegmentConfig) -> Result<()> {
    let text = corpus::read_text_as(&c.input, c.encoding.as_deref())?.text;
    let lang = c
        .lang
        .clone()
        .unwrap_or_else(|| detect_lang(&text).to_string());
    let segments = segment::segment(&text, Lang::from_tag(&lang));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if c.json {
        // A JSON array, one segment object per line.
        writeln!(out, "[")?;
        for (k, s) in segments.iter().enumerate() {
            let comma = if k + 1 < segments.len() { "," } else { "" };
            writeln!(out, "{}{comma}", serde_json::to_string(s)?)?;
        }
        writeln!(out, "]")?;
    } else {
        for s in &segments {
            writeln!(out, "{}", s.text)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The source and target files of an `align` run, and the output name.
fn resolve_inputs(inputs: &[PathBuf]) -> Result<(PathBuf, Vec<PathBuf>, String)> {
    match inputs {
        [dir] if dir.is_dir() => {
            let files = corpus::corpus_files(dir)?;
            Ok((files.source, files.targets, corpus::output_name(dir)))
        }
        [one] => bail!(
            "{}: align needs a corpus folder (with zh.txt and en*.txt) or SOURCE and TARGET files",
            one.display()
        ),
        [source, targets @ ..] => {
            for p in inputs {
                if p.is_dir() {
                    bail!(
                        "{}: is a folder; give files, or one corpus folder alone",
                        p.display()
                    );
                }
            }
            Ok((source.clone(), targets.to_vec(), name_for(source)))
        }
        [] => bail!("align needs input files"),
    }
}

/// Output name from a source file: its stem, or its folder's name when the
/// stem is only a language code (`corpus/book/zh.txt` → `book`).
fn name_for(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_lang = stem.len() <= 5 && Lang::from_tag(&stem) != Lang::Other;
    if let Some(parent) = source.parent().filter(|p| !p.as_os_str().is_empty())
        && (is_lang || stem.is_empty())
    {
        return corpus::output_name(parent);
    }
    if stem.is_empty() {
        "alignment".to_string()
    } else {
        stem
    }
}

fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:20} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

fn warn(quiet: bool, message: &str) {
    if !quiet {
        eprintln!("bitext: warning: {message}");
    }
}

/// Prints warnings the library returned, one line each.
fn print_warnings(warnings: &[Warning], quiet: bool) {
    for warning in warnings {
        warn(quiet, &warning.to_string());
    }
}

/// Prints the warnings not printed yet (a source aligned with several
/// renderings is warned about once).
fn print_new_warnings(
    warnings: &[Warning],
    printed: &mut std::collections::HashSet<Warning>,
    quiet: bool,
) {
    for warning in warnings {
        if printed.insert(warning.clone()) {
            warn(quiet, &warning.to_string());
        }
    }
}

/// The aligner an `align` run asked for (scorer, dictionaries, model,
/// languages, search), with its set-up warnings printed.
fn build_aligner(c: &AlignConfig, quiet: bool) -> Result<Aligner> {
    let mut builder = Aligner::builder()
        .options(c.align.clone())
        .dictionary(load_dictionary(c)?)
        .languages(c.source_lang.as_str(), c.target_lang.as_str())
        .presplit(c.presplit);
    if let Some(scorer) = c.scorer {
        builder = builder.scorer(scorer);
    }
    if let Some(dir) = &c.model {
        builder = builder.model_dir(dir);
    }
    let aligner = builder.build()?;
    print_warnings(aligner.warnings(), quiet);
    Ok(aligner)
}

fn run_align(c: &AlignConfig, quiet: bool) -> Result<()> {
    if let Some(manifest) = &c.manifest {
        let pairs = read_manifest(manifest)?;
        if pairs.is_empty() && manifest.as_os_str() != "-" {
            bail!("{}: the manifest lists no documents", manifest.display());
        }
        return run_batch(c, quiet, pairs);
    }
    if let [source_dir, target_dir] = c.inputs.as_slice()
        && source_dir.is_dir()
        && target_dir.is_dir()
    {
        let pairs = batch_pairs(source_dir, target_dir, quiet)?;
        return run_batch(c, quiet, pairs);
    }
    if c.shard.is_some() {
        bail!("--shard splits a batch: give SOURCE_DIR TARGET_DIR or --manifest");
    }
    let (source_path, target_paths, name) = resolve_inputs(&c.inputs)?;
    if c.output.is_some() && target_paths.len() > 1 {
        bail!("--output takes one target; with several renderings use --out-dir");
    }
    let mut all_inputs = vec![source_path.clone()];
    all_inputs.extend(target_paths.iter().cloned());

    crate::timing::phase("start");
    let aligner = build_aligner(c, quiet)?;
    let bar = progress_bar(1 + 2 * target_paths.len() as u64, quiet);
    bar.set_message("segmenting");
    let source = load_document_as(
        &source_path,
        &c.source_lang,
        c.presplit,
        c.encoding.as_deref(),
        quiet,
    )?;
    bar.inc(1);
    let names = rendering_names(&target_paths, &c.names)?;
    let several = target_paths.len() > 1;
    let mut alignments = Vec::new();
    let mut printed = std::collections::HashSet::new();
    for (target_path, rendering) in target_paths.iter().zip(&names) {
        let target = load_document_as(
            target_path,
            &c.target_lang,
            c.presplit,
            c.encoding.as_deref(),
            quiet,
        )?;
        // Said before the alignment, which may take a while.
        print_new_warnings(&aligner.check(&source, &target), &mut printed, quiet);
        bar.inc(1);
        bar.set_message("aligning");
        let alignment_name = if several {
            format!("{name}.{rendering}")
        } else {
            name.clone()
        };
        let outcome = aligner.align(&alignment_name, source.clone(), target);
        crate::timing::phase("aligned");
        bar.inc(1);
        print_new_warnings(&outcome.warnings, &mut printed, quiet);
        let alignment = outcome.alignment;
        if several {
            // Side-by-side documents and the review CSV are joined below.
            let per_rendering: Vec<Format> = c
                .formats
                .iter()
                .copied()
                .filter(|f| !matches!(f, Format::Html | Format::Csv | Format::Docx))
                .filter(|f| !(c.tmx_combined && *f == Format::Tmx))
                .collect();
            let config = AlignConfig {
                formats: per_rendering,
                ..c.clone()
            };
            write_exports(&config, &alignment, &all_inputs, quiet, true)?;
        } else {
            write_exports(c, &alignment, &all_inputs, quiet, true)?;
        }
        crate::timing::phase("written");
        alignments.push(Alignment {
            name: rendering.clone(),
            ..alignment
        });
    }
    bar.finish_and_clear();
    if several {
        let combined_tmx = c.tmx_combined && c.formats.contains(&Format::Tmx);
        let tmx_sources: Vec<Alignment> = if combined_tmx {
            alignments
                .iter()
                .map(|a| Alignment {
                    name: name.clone(),
                    ..a.clone()
                })
                .collect()
        } else {
            Vec::new()
        };
        let multi = crate::join::MultiAlignment::join(name.clone(), alignments);
        let joined = c.formats.iter().filter(|f| {
            matches!(f, Format::Html | Format::Csv | Format::Docx)
                || (combined_tmx && **f == Format::Tmx)
        });
        for format in joined {
            let mut buffer = Vec::new();
            match format {
                Format::Html => export::multi::write_html(
                    &multi,
                    c.export.style == export::Style::Review,
                    &mut buffer,
                )?,
                Format::Docx => export::multi::write_docx(&multi, &c.export, &mut buffer)?,
                Format::Tmx => {
                    let parts: Vec<(Option<&str>, &Alignment)> = multi
                        .renderings
                        .iter()
                        .zip(&tmx_sources)
                        .map(|(r, a)| (Some(r.name.as_str()), a))
                        .collect();
                    let report = export::tmx::write_tmx(&name, &parts, &c.export, &mut buffer)?;
                    for warning in &report.warnings {
                        warn(quiet, &format!("{name}: {warning}"));
                    }
                }
                _ => export::multi::write_csv(&multi, &mut buffer)?,
            }
            std::fs::create_dir_all(&c.out_dir).with_context(|| {
                format!("{}: cannot create the output folder", c.out_dir.display())
            })?;
            let path = c.out_dir.join(format!("{name}.{}", format.extension()));
            corpus::check_not_input(&path, &all_inputs)?;
            corpus::write_atomic(&path, &buffer)?;
            if !quiet {
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// Files of `source_dir` that have a namesake in `target_dir`, sorted; the
/// unpaired ones are reported.
fn batch_pairs(
    source_dir: &Path,
    target_dir: &Path,
    quiet: bool,
) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    let list = |dir: &Path| -> Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .with_context(|| format!("{}: cannot list the folder", dir.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        Ok(names)
    };
    let sources = list(source_dir)?;
    let targets = list(target_dir)?;
    let unpaired: Vec<&String> = sources
        .iter()
        .filter(|n| !targets.contains(n))
        .chain(targets.iter().filter(|n| !sources.contains(n)))
        .collect();
    if !unpaired.is_empty() {
        let names: Vec<&str> = unpaired.iter().map(|s| s.as_str()).collect();
        warn(
            quiet,
            &format!(
                "no namesake on the other side, skipped: {}",
                names.join(", ")
            ),
        );
    }
    let pairs: Vec<(String, PathBuf, PathBuf)> = sources
        .iter()
        .filter(|n| targets.contains(n))
        .map(|n| {
            let stem = Path::new(n)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| n.clone());
            (stem, source_dir.join(n), target_dir.join(n))
        })
        .collect();
    if pairs.is_empty() {
        bail!(
            "{} and {}: no files with the same name in both folders",
            source_dir.display(),
            target_dir.display()
        );
    }
    Ok(pairs)
}

/// What one document of a batch came to.
struct DocumentStats {
    sentences: (usize, usize),
    beads: usize,
    confidence: f64,
}

/// The documents of a manifest, in listed order: one
/// `source<TAB>target[<TAB>name]` line each, relative paths resolved against
/// the manifest's folder (the current folder for `-`, standard input);
/// blank lines and `#` comments are skipped.
pub fn read_manifest(path: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .context("cannot read the manifest from standard input")?;
        return parse_manifest(&text, Path::new(""), "standard input");
    }
    let text = corpus::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    parse_manifest(&text, base, &path.display().to_string())
}

/// Parses manifest lines (see [`read_manifest`]); `label` names the
/// manifest in errors. A missing name is the source's (as for one pair);
/// two documents with one name are an error.
pub fn parse_manifest(
    text: &str,
    base: &Path,
    label: &str,
) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut pairs = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (k, line) in text.lines().enumerate() {
        let number = k + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let (source, target, name) = match fields.as_slice() {
            [s, t] if !s.is_empty() && !t.is_empty() => (*s, *t, None),
            [s, t, n] if !s.is_empty() && !t.is_empty() && !n.is_empty() => (*s, *t, Some(*n)),
            _ => bail!(
                "{label}:{number}: expected SOURCE<TAB>TARGET or SOURCE<TAB>TARGET<TAB>NAME, found `{}`",
                line.chars().take(120).collect::<String>()
            ),
        };
        let resolve = |p: &str| {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };
        let (source, target) = (resolve(source), resolve(target));
        let name = name.map_or_else(|| name_for(&source), str::to_string);
        if let Some(first) = seen.insert(name.clone(), number) {
            bail!(
                "{label}:{number}: the name `{name}` is already used on line {first}; give each document its own name (third column)"
            );
        }
        pairs.push((name, source, target));
    }
    Ok(pairs)
}

/// Where the one stream of a batch goes (`-f jsonl --output`).
struct Stream {
    out: std::sync::Mutex<Box<dyn Write + Send>>,
    /// For a file: written to this temporary file, renamed at the end.
    file: Option<(tempfile::NamedTempFile, PathBuf)>,
}

impl Stream {
    fn open(output: &Output, inputs: &[PathBuf]) -> Result<Stream> {
        let Output::File(path) = output else {
            return Ok(Stream {
                out: std::sync::Mutex::new(Box::new(std::io::BufWriter::new(std::io::stdout()))),
                file: None,
            });
        };
        corpus::check_not_input(path, inputs)?;
        if corpus::is_special(path) {
            let file = corpus::open_special(path)?;
            return Ok(Stream {
                out: std::sync::Mutex::new(Box::new(std::io::BufWriter::new(file))),
                file: None,
            });
        }
        let tmp = corpus::temp_beside(path)?;
        let file = tmp.reopen().map_err(corpus::unwritable(path))?;
        Ok(Stream {
            out: std::sync::Mutex::new(Box::new(std::io::BufWriter::new(file))),
            file: Some((tmp, path.clone())),
        })
    }

    /// Writes one document's bytes whole, and flushes them.
    fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        out.write_all(bytes)?;
        out.flush()
    }

    /// Flushes, and puts a file in place.
    fn finish(self) -> Result<()> {
        let mut out = self.out.into_inner().unwrap_or_else(|e| e.into_inner());
        out.flush()?;
        drop(out);
        if let Some((tmp, path)) = self.file {
            let unwritable = corpus::unwritable(&path);
            tmp.as_file().sync_all().map_err(unwritable)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))
                    .map_err(unwritable)?;
            }
            tmp.persist(&path).map_err(|e| unwritable(e.error))?;
        }
        Ok(())
    }
}

/// Aligns a batch of document pairs in parallel (those of `--shard` only),
/// writing each document's exports into --out-dir, or streaming JSON lines
/// to --output.
fn run_batch(c: &AlignConfig, quiet: bool, pairs: Vec<(String, PathBuf, PathBuf)>) -> Result<()> {
    if c.output.is_some() && c.formats.as_slice() != [Format::Jsonl] {
        bail!(
            "a batch writes one file per document and format: use --out-dir, or stream JSON lines with -f jsonl --output FILE|-"
        );
    }
    let start = std::time::Instant::now();
    let listed = pairs.len();
    let pairs: Vec<(String, PathBuf, PathBuf)> = match c.shard {
        Some(shard) => pairs
            .into_iter()
            .enumerate()
            .filter(|(k, _)| shard.contains(*k))
            .map(|(_, p)| p)
            .collect(),
        None => pairs,
    };
    let stream = match &c.output {
        Some(output) => {
            let inputs: Vec<PathBuf> = if matches!(output, Output::File(_)) {
                pairs
                    .iter()
                    .flat_map(|(_, s, t)| [s.clone(), t.clone()])
                    .collect()
            } else {
                Vec::new()
            };
            Some(Stream::open(output, &inputs)?)
        }
        None => None,
    };
    let aligner = build_aligner(c, quiet)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(c.jobs.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let bar = progress_bar(pairs.len() as u64, quiet);
    bar.set_message("aligning");
    // Set when the reader of the stream went away: the rest is skipped.
    let closed = std::sync::atomic::AtomicBool::new(false);
    let results: Vec<(String, Result<Option<DocumentStats>>)> = pool.install(|| {
        use rayon::prelude::*;
        pairs
            .par_iter()
            .map(|(name, source_path, target_path)| {
                if closed.load(std::sync::atomic::Ordering::Relaxed) {
                    return (name.clone(), Ok(None));
                }
                let result = (|| {
                    let encoding = c.encoding.as_deref();
                    let source =
                        load_document_as(source_path, &c.source_lang, c.presplit, encoding, quiet)?;
                    let target =
                        load_document_as(target_path, &c.target_lang, c.presplit, encoding, quiet)?;
                    let outcome = aligner.align(name, source, target);
                    print_warnings(&outcome.warnings, quiet);
                    let alignment = outcome.alignment;
                    match &stream {
                        Some(stream) => {
                            let (bytes, _) =
                                export::to_bytes(Format::Jsonl, &alignment, &c.export)?;
                            if let Err(e) = stream.write(&bytes) {
                                if e.kind() == std::io::ErrorKind::BrokenPipe {
                                    closed.store(true, std::sync::atomic::Ordering::Relaxed);
                                }
                                return Err(anyhow::Error::new(e).context("writing the stream"));
                            }
                        }
                        // Warnings as for one pair, without a `wrote`
                        // line per file.
                        None => write_exports(
                            c,
                            &alignment,
                            &[source_path.clone(), target_path.clone()],
                            quiet,
                            false,
                        )?,
                    }
                    let n = alignment.beads.len().max(1) as f64;
                    Ok(Some(DocumentStats {
                        sentences: (alignment.source.len(), alignment.target.len()),
                        beads: alignment.beads.len(),
                        confidence: alignment.beads.iter().map(|b| b.score).sum::<f64>() / n,
                    }))
                })();
                bar.inc(1);
                (name.clone(), result)
            })
            .collect()
    });
    bar.finish_and_clear();
    if closed.load(std::sync::atomic::Ordering::Relaxed) {
        // `bitext align … -o - | head`: not an error (see `run`).
        return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into());
    }
    let destination = match &stream {
        Some(Stream {
            file: Some((_, path)),
            ..
        }) => path.display().to_string(),
        Some(_) => "standard output".to_string(),
        None => c.out_dir.display().to_string(),
    };
    if let Some(stream) = stream {
        stream.finish()?;
    }
    let mut failed = Vec::new();
    let (mut src, mut tgt, mut beads, mut confidence, mut done) = (0, 0, 0, 0.0, 0usize);
    for (name, result) in &results {
        match result {
            Ok(Some(stats)) => {
                src += stats.sentences.0;
                tgt += stats.sentences.1;
                beads += stats.beads;
                confidence += stats.confidence * stats.beads as f64;
                done += 1;
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("bitext: {name}: {e:#}");
                failed.push(name.as_str());
            }
        }
    }
    if !quiet {
        let shard = match c.shard {
            Some(shard) => format!(" (shard {shard}: {} of {listed})", pairs.len()),
            None => String::new(),
        };
        eprintln!(
            "aligned {done} documents{shard} ({src} source and {tgt} target sentences) into {beads} beads, mean confidence {:.3}, in {:.2} s → {destination}",
            confidence / beads.max(1) as f64,
            start.elapsed().as_secs_f64(),
        );
    }
    if !failed.is_empty() {
        const SHOWN: usize = 20;
        let more = if failed.len() > SHOWN {
            format!(" and {} more", failed.len() - SHOWN)
        } else {
            String::new()
        };
        bail!(
            "{} of {} documents failed: {}{more}",
            failed.len(),
            results.len(),
            failed[..failed.len().min(SHOWN)].join(", ")
        );
    }
    Ok(())
}

/// The dictionary an `align` run asked for: built-in, user files, both or none.
fn load_dictionary(c: &AlignConfig) -> Result<std::borrow::Cow<'static, Dictionary>> {
    if c.user_dictionaries.is_empty() {
        return Ok(if c.builtin_dictionary {
            std::borrow::Cow::Borrowed(Dictionary::builtin())
        } else {
            std::borrow::Cow::Owned(Dictionary::empty())
        });
    }
    let mut dictionary = Dictionary::empty();
    for path in &c.user_dictionaries {
        dictionary.merge(Dictionary::from_path(path)?);
    }
    if c.builtin_dictionary {
        dictionary = dictionary.with_builtin();
    }
    Ok(std::borrow::Cow::Owned(dictionary))
}

/// Writes an alignment in every format asked for, printing the exports'
/// warnings and, when `announce`, a `wrote FILE` line per file written
/// into the output folder (`quiet` silences both).
fn write_exports(
    c: &AlignConfig,
    alignment: &Alignment,
    inputs: &[PathBuf],
    quiet: bool,
    announce: bool,
) -> Result<()> {
    for &format in &c.formats {
        let (buffer, report) = export::to_bytes(format, alignment, &c.export)
            .with_context(|| format!("writing {}", format.extension()))?;
        for warning in &report.warnings {
            warn(quiet, &format!("{}: {warning}", alignment.name));
        }
        match &c.output {
            Some(Output::Stdout) => {
                let mut out = std::io::stdout().lock();
                out.write_all(&buffer)?;
                out.flush()?;
            }
            Some(Output::File(path)) => {
                corpus::check_not_input(path, inputs)?;
                corpus::write_atomic(path, &buffer)?;
            }
            None => {
                std::fs::create_dir_all(&c.out_dir).with_context(|| {
                    format!("{}: cannot create the output folder", c.out_dir.display())
                })?;
                let path = c
                    .out_dir
                    .join(format!("{}.{}", alignment.name, format.extension()));
                corpus::check_not_input(&path, inputs)?;
                corpus::write_atomic(&path, &buffer)?;
                if announce && !quiet {
                    eprintln!("wrote {}", path.display());
                }
            }
        }
    }
    Ok(())
}

/// Names for renderings: the given ones, else file stems, made unique by
/// their folder (or a number) when two files share a name.
pub fn rendering_names(paths: &[PathBuf], given: &[String]) -> Result<Vec<String>> {
    if !given.is_empty() {
        if given.len() != paths.len() {
            bail!(
                "{} --name values for {} renderings",
                given.len(),
                paths.len()
            );
        }
        let mut seen = std::collections::HashSet::new();
        for name in given {
            if !seen.insert(name) {
                bail!("--name {name} is given twice");
            }
        }
        return Ok(given.to_vec());
    }
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let stems: Vec<String> = paths.iter().map(|p| stem(p)).collect();
    let mut names: Vec<String> = stems
        .iter()
        .enumerate()
        .map(|(k, name)| {
            if stems.iter().filter(|n| *n == name).count() == 1 {
                return name.clone();
            }
            let parent = paths[k]
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if parent.is_empty() {
                format!("{name}-{}", k + 1)
            } else {
                format!("{parent}-{name}")
            }
        })
        .collect();
    for k in 0..names.len() {
        if names[..k].contains(&names[k]) {
            names[k] = format!("{}-{}", names[k], k + 1);
        }
    }
    Ok(names)
}

fn run_compare(c: &CompareConfig, quiet: bool) -> Result<()> {
    let (source_path, target_paths, name) = resolve_inputs(&c.inputs)?;
    if target_paths.len() < 2 {
        bail!("compare needs two or more renderings of the source");
    }
    let names = rendering_names(&target_paths, &c.names)?;
    // The same pipeline as `align`, with its defaults (scorer, dictionary,
    // model) and its warnings.
    let aligner = Aligner::builder()
        .options(c.align.clone())
        .languages(c.source_lang.as_str(), c.target_lang.as_str())
        .presplit(c.presplit)
        .build()?;
    print_warnings(aligner.warnings(), quiet);
    let source = load_document_as(&source_path, &c.source_lang, c.presplit, None, quiet)?;
    let mut alignments = Vec::new();
    let mut printed = std::collections::HashSet::new();
    for (path, rendering) in target_paths.iter().zip(&names) {
        let target = load_document_as(path, &c.target_lang, c.presplit, None, quiet)?;
        let outcome = aligner.align(rendering, source.clone(), target);
        print_new_warnings(&outcome.warnings, &mut printed, quiet);
        alignments.push(outcome.alignment);
    }
    let multi = crate::join::MultiAlignment::join(name, alignments);
    let comparison = multi.compare();
    let mut out = std::io::stdout().lock();
    if c.json {
        let value = serde_json::json!({
            "name": multi.name,
            "renderings": names,
            "groups": multi.groups.iter().zip(&comparison).map(|(g, cmp)| serde_json::json!({
                "source": g.source,
                "targets": g.targets,
                "scores": g.scores,
                "agreement": cmp.agreement,
                "flags": cmp.flags.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}: {} source sentences in {} groups, {} renderings",
        multi.name,
        multi.source.len(),
        multi.groups.len(),
        names.len()
    )?;
    writeln!(
        out,
        "\nagreement (normalized Levenshtein over words, mean over groups both translate):"
    )?;
    for a in 0..names.len() {
        for b in a + 1..names.len() {
            let values: Vec<f64> = multi
                .groups
                .iter()
                .zip(&comparison)
                .filter(|(g, _)| !g.targets[a].is_empty() && !g.targets[b].is_empty())
                .filter_map(|(_, cmp)| cmp.agreement.iter().find(|x| x.0 == (a, b)).map(|x| x.1))
                .collect();
            let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
            writeln!(
                out,
                "  {} ↔ {}: {mean:.3} over {} groups",
                names[a],
                names[b],
                values.len()
            )?;
        }
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for cmp in &comparison {
        for f in &cmp.flags {
            *counts.entry(f.to_string()).or_default() += 1;
        }
    }
    writeln!(out, "\nflags:")?;
    if counts.is_empty() {
        writeln!(out, "  none")?;
    }
    for (flag, n) in &counts {
        writeln!(out, "  {flag}: {n} group(s)")?;
    }
    let mut order: Vec<usize> = (0..multi.groups.len()).collect();
    order.sort_by(|&x, &y| {
        let key = |k: usize| {
            (
                comparison[k].flags.is_empty(),
                comparison[k].min_agreement(),
            )
        };
        key(x)
            .partial_cmp(&key(y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    writeln!(out, "\nmost divergent groups:")?;
    for &k in order.iter().take(c.top) {
        let group = &multi.groups[k];
        let flags: Vec<String> = comparison[k].flags.iter().map(|f| f.to_string()).collect();
        writeln!(
            out,
            "\n#{} source {:?} · agreement {:.2}{}",
            k + 1,
            group.source,
            comparison[k].min_agreement(),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" · {}", flags.join(", "))
            }
        )?;
        writeln!(out, "  source: {}", multi.source_text(group))?;
        for (r, name) in names.iter().enumerate() {
            let text = multi.target_text(group, r);
            writeln!(
                out,
                "  {name}: {}",
                if text.is_empty() { "(nothing)" } else { &text }
            )?;
        }
    }
    Ok(())
}

fn run_import(c: &ImportConfig, quiet: bool) -> Result<()> {
    use crate::import::alignment::{from_review_csv_rows, from_tmx_units};
    let path = &c.input;
    let fallback = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".to_string());
    let is_tmx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tmx") || e.eq_ignore_ascii_case("xml"));
    let (alignment, origins) = if is_tmx {
        let file = std::fs::File::open(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                crate::error::Error::NotFound { path: path.clone() }
            } else {
                crate::error::Error::Unreadable {
                    path: path.clone(),
                    cause: source,
                }
            }
        })?;
        let reader = crate::import::tmx::TmxReader::new(std::io::BufReader::new(file))
            .with_context(|| format!("{}: not a readable TMX", path.display()))?;
        let header = reader.header().to_vec();
        from_tmx_units(
            &header,
            reader,
            c.source_lang.as_deref(),
            c.target_lang.as_deref(),
            &fallback,
        )
        .with_context(|| path.display().to_string())?
    } else {
        let text = corpus::read_text(path)?;
        from_review_csv_rows(
            &text,
            c.source_lang.as_deref().unwrap_or("zh-CN"),
            c.target_lang.as_deref().unwrap_or("en-US"),
            &fallback,
        )
        .with_context(|| path.display().to_string())?
    };
    check_against_inputs(c, &alignment, &origins, is_tmx, quiet)?;
    let config = AlignConfig {
        inputs: vec![path.clone()],
        presplit: false,
        source_lang: alignment.source.lang.clone(),
        target_lang: alignment.target.lang.clone(),
        formats: c.formats.clone(),
        out_dir: c.out_dir.clone(),
        output: c.output.clone(),
        align: crate::align::AlignOptions::default(),
        export: c.export.clone(),
        builtin_dictionary: false,
        user_dictionaries: Vec::new(),
        jobs: None,
        encoding: None,
        scorer: None,
        model: None,
        names: Vec::new(),
        tmx_combined: false,
        manifest: None,
        shard: None,
    };
    write_exports(&config, &alignment, std::slice::from_ref(path), quiet, true)
}

/// Checks the imported rows against the texts that were aligned
/// (`--source`, `--target`): warnings, or with `--strict` an error that
/// lists every mismatch before anything is written.
fn check_against_inputs(
    c: &ImportConfig,
    alignment: &Alignment,
    origins: &[usize],
    is_tmx: bool,
    quiet: bool,
) -> Result<()> {
    use crate::import::check::{Problem, check_side};
    let place = |bead: usize| match origins.get(bead) {
        Some(&unit) if unit > 0 && is_tmx => format!("unit {unit}"),
        Some(&row) if row > 0 => format!("row {row}"),
        _ => format!("bead {}", bead + 1),
    };
    let mut problems = Vec::new();
    for (column, file, lang) in [
        ("source", &c.source_text, &alignment.source.lang),
        ("target", &c.target_text, &alignment.target.lang),
    ] {
        let Some(file) = file else { continue };
        let input = load_document(file, lang, c.presplit)?;
        let report = check_side(alignment, &input, column);
        for m in &report.mismatches {
            let what = match &m.problem {
                Problem::NoMatch(text) => {
                    format!("`{text}` matches no sentence of {}", file.display())
                }
                Problem::Duplicate { sentence, other } => format!(
                    "sentence {} of {} is already in {}",
                    sentence + 1,
                    file.display(),
                    place(*other)
                ),
            };
            problems.push(format!(
                "{}: {}, column {column}: {what}",
                c.input.display(),
                place(m.bead)
            ));
        }
        if !report.unused.is_empty() {
            let first: Vec<String> = report
                .unused
                .iter()
                .take(5)
                .map(|p| (p + 1).to_string())
                .collect();
            problems.push(format!(
                "{}: {} sentence(s) of {} are in no row (sentence {}{})",
                c.input.display(),
                report.unused.len(),
                file.display(),
                first.join(", "),
                if report.unused.len() > 5 { ", …" } else { "" }
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    if c.strict {
        for p in &problems {
            eprintln!("bitext: {p}");
        }
        anyhow::bail!(
            "{}: {} mismatch(es) with the aligned texts (--strict); nothing written",
            c.input.display(),
            problems.len()
        );
    }
    for p in &problems {
        warn(quiet, p);
    }
    Ok(())
}

fn run_eval(c: &EvalConfig) -> Result<()> {
    let evaluation = crate::eval::evaluate_paths(&c.gold, &c.test)?;
    let mut out = std::io::stdout().lock();
    if c.json {
        let mut value = serde_json::to_value(&evaluation)?;
        if !c.calibration
            && let Some(map) = value.as_object_mut()
        {
            map.remove("calibration");
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    write!(out, "{}", evaluation.total)?;
    if evaluation.documents.len() > 1 {
        writeln!(out)?;
        write!(out, "{}", evaluation.breakdown())?;
    }
    if c.calibration {
        writeln!(out)?;
        match &evaluation.calibration {
            Some(calibration) => write!(out, "{calibration}")?,
            None => writeln!(out, "no calibration: the test beads carry no scores")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_dates() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(1_686_355_200), "20230610T000000Z");
        assert_eq!(tmx_date(951_782_400 + 3_723), "20000229T010203Z");
    }

    #[test]
    fn names_from_paths() {
        assert_eq!(name_for(Path::new("corpus/book/zh.txt")), "book");
        assert_eq!(name_for(Path::new("novel.txt")), "novel");
    }

    #[test]
    fn rendering_names_are_unique() {
        let paths = [
            PathBuf::from("a/en.txt"),
            PathBuf::from("b/en.txt"),
            PathBuf::from("en-free.txt"),
        ];
        assert_eq!(
            rendering_names(&paths, &[]).unwrap(),
            vec!["a-en", "b-en", "en-free"]
        );
        let given = ["one".to_string(), "two".to_string(), "three".to_string()];
        assert_eq!(rendering_names(&paths, &given).unwrap(), given.to_vec());
        assert!(rendering_names(&paths, &given[..2]).is_err());
        let twice = ["x".to_string(), "x".to_string(), "y".to_string()];
        assert!(rendering_names(&paths, &twice).is_err());
    }

    #[test]
    fn detects_chinese() {
        assert_eq!(detect_lang("你好,世界。GPT-4"), "zh-CN");
        assert_eq!(detect_lang("Hello, world."), "en-US");
    }
}
