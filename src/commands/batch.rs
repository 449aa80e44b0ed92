//! Batches of `bitext align`: the pairs of a manifest or of two folders,
//! aligned in parallel (one shard of them with `--shard`), each
//! document's exports written as it finishes, or one JSON-lines stream.

use super::inputs::*;
use super::outputs::*;
use super::report::*;
use crate::config::*;
use anyhow::{Context, Result, bail};
use bitext::align::Aligner;
use bitext::export::{self, Format};
use bitext::io;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files of `source_dir` that have a namesake in `target_dir`, sorted; the
/// unpaired ones are reported.
pub(crate) fn batch_pairs(
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
pub(crate) fn read_manifest(path: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .context("cannot read the manifest from standard input")?;
        return parse_manifest(&text, Path::new(""), "standard input");
    }
    let text = io::read_text(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    parse_manifest(&text, base, &path.display().to_string())
}

/// Parses manifest lines (see [`read_manifest`]); `label` names the
/// manifest in errors. A missing name is the source's (as for one pair);
/// two documents with one name are an error.
pub(crate) fn parse_manifest(
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
        io::check_not_input(path, inputs)?;
        if io::is_special(path) {
            let file = io::open_special(path)?;
            return Ok(Stream {
                out: std::sync::Mutex::new(Box::new(std::io::BufWriter::new(file))),
                file: None,
            });
        }
        let tmp = io::temp_beside(path)?;
        let file = tmp.reopen().map_err(io::unwritable(path))?;
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
            let unwritable = io::unwritable(&path);
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
pub(crate) fn run_batch(
    c: &AlignConfig,
    quiet: bool,
    pairs: Vec<(String, PathBuf, PathBuf)>,
) -> Result<()> {
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
    let stream = open_stream(c, &pairs)?;
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
                let result = align_document(
                    c,
                    &aligner,
                    (name, source_path, target_path),
                    stream.as_ref(),
                    &closed,
                    quiet,
                );
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
    report(
        c,
        &results,
        (pairs.len(), listed),
        &destination,
        start,
        quiet,
    )
}

/// The stream of a batch's JSON lines (`--output`), if it has one; a file
/// must not be one of the batch's inputs.
fn open_stream(c: &AlignConfig, pairs: &[(String, PathBuf, PathBuf)]) -> Result<Option<Stream>> {
    Ok(match &c.output {
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
    })
}

/// Aligns one document of a batch and writes its exports (or its JSON line
/// to the stream; a closed stream sets `closed`).
fn align_document(
    c: &AlignConfig,
    aligner: &Aligner,
    (name, source_path, target_path): (&str, &PathBuf, &PathBuf),
    stream: Option<&Stream>,
    closed: &std::sync::atomic::AtomicBool,
    quiet: bool,
) -> Result<Option<DocumentStats>> {
    let encoding = c.encoding.as_deref();
    let rules = &c.segment_rules;
    let source = load_document_as(
        source_path,
        &c.source_lang,
        c.presplit,
        encoding,
        rules,
        quiet,
        c.input_format,
    )?;
    let target = load_document_as(
        target_path,
        &c.target_lang,
        c.presplit,
        encoding,
        rules,
        quiet,
        c.input_format,
    )?;
    let outcome = aligner.align(name, source, target);
    print_warnings(&outcome.warnings, quiet);
    let alignment = outcome.alignment;
    match stream {
        Some(stream) => {
            let (bytes, _) = export::to_bytes(Format::Jsonl, &alignment, &c.export)?;
            if let Err(e) = stream.write(&bytes) {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    closed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                return Err(anyhow::Error::new(e).context("writing the stream"));
            }
        }
        // Warnings as for one pair, without a `wrote` line per file.
        None => write_exports(
            c.exports(),
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
}

/// Prints what a batch came to (`aligned N documents … → destination`) and
/// each failed document's error, and fails naming them if any did.
/// `counts` is the documents run and those listed (a shard runs some).
fn report(
    c: &AlignConfig,
    results: &[(String, Result<Option<DocumentStats>>)],
    (run, listed): (usize, usize),
    destination: &str,
    start: std::time::Instant,
    quiet: bool,
) -> Result<()> {
    let mut failed = Vec::new();
    let (mut src, mut tgt, mut beads, mut confidence, mut done) = (0, 0, 0, 0.0, 0usize);
    for (name, result) in results {
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
            Some(shard) => format!(" (shard {shard}: {run} of {listed})"),
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
