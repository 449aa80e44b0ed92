//! `bitext align`: one source with one or more renderings (or, with a
//! manifest or two folders, a batch: [`super::batch`]), aligned and
//! exported.

use super::batch::*;
use super::inputs::*;
use super::outputs::*;
use super::report::*;
use crate::config::*;
use anyhow::{Context, Result, bail};
use bitext::export::{self, Format};
use bitext::io;
use bitext::model::Alignment;
use std::io::Write;
use std::path::Path;

/// Runs `bitext align`: a batch ([`super::batch`]) for a manifest or two
/// folders, else one source with its renderings.
pub(crate) fn run(c: &AlignConfig, quiet: bool) -> Result<()> {
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
    run_one(c, quiet)
}

/// Aligns one source with each of its renderings, writing each one's
/// exports as it is done, and with several renderings the side-by-side
/// documents, the review CSV and the combined TMX of all of them
/// ([`write_joined`]).
///
/// Long because it is the command's sequence (inputs, aligner, each rendering
/// aligned and written, then the joined outputs) with the progress bar and
/// warnings threaded through.
fn run_one(c: &AlignConfig, quiet: bool) -> Result<()> {
    let (source_path, target_paths, name) = resolve_inputs(&c.inputs)?;
    if c.output.is_some() && target_paths.len() > 1 {
        // One file for all renderings: the formats that join them.
        let joins = |f: Format| {
            matches!(
                f,
                Format::Html
                    | Format::Csv
                    | Format::Docx
                    | Format::Xlsx
                    | Format::Md
                    | Format::Json
            ) || (f == Format::Tmx && c.tmx_combined)
        };
        if !c.formats.iter().all(|&f| joins(f)) {
            bail!(
                "--output with several renderings takes a format that joins them (html, csv, xlsx, docx, md, json, or tmx with --tmx-combined); the others are written per rendering: use --out-dir"
            );
        }
    }
    let mut all_inputs = vec![source_path.clone()];
    all_inputs.extend(target_paths.iter().cloned());

    bitext::timing::phase("start");
    let aligner = build_aligner(c, quiet)?;
    let bar = progress_bar(1 + 2 * target_paths.len() as u64, quiet);
    bar.set_message("segmenting");
    let anchors = match &c.anchors {
        Some(path) => Some(super::anchors::read_anchors(
            path,
            &c.source_lang,
            &c.target_lang,
        )?),
        None => None,
    };
    // A review project's segment splits and joins apply again.
    let source_rules = match &anchors {
        Some(a) => c.segment_rules.merged(a.source_rules()),
        None => c.segment_rules.clone(),
    };
    let source = load_document_as(
        &source_path,
        &c.source_lang,
        c.presplit,
        c.encoding.as_deref(),
        &source_rules,
        quiet,
        c.input_format,
    )?;
    bar.inc(1);
    let names = rendering_names(&target_paths, &c.names)?;
    let several = target_paths.len() > 1;
    let mut alignments = Vec::new();
    let mut printed = std::collections::HashSet::new();
    for (target_path, rendering) in target_paths.iter().zip(&names) {
        let target_rules = match &anchors {
            Some(a) => c.segment_rules.merged(&a.target_rules(rendering)),
            None => c.segment_rules.clone(),
        };
        let target = load_document_as(
            target_path,
            &c.target_lang,
            c.presplit,
            c.encoding.as_deref(),
            &target_rules,
            quiet,
            c.input_format,
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
        let outcome = match &anchors {
            Some(anchors) => {
                let kept = anchors.for_rendering(rendering, several, &source, &target)?;
                aligner
                    .align_with_anchors(&alignment_name, source.clone(), target, &kept)
                    .with_context(|| {
                        format!(
                            "{}",
                            c.anchors.as_deref().unwrap_or(Path::new("")).display()
                        )
                    })?
            }
            None => aligner.align(&alignment_name, source.clone(), target),
        };
        bitext::timing::phase("aligned");
        bar.inc(1);
        print_new_warnings(&outcome.warnings, &mut printed, quiet);
        let alignment = outcome.alignment;
        if several {
            // Side-by-side documents and the review CSV are joined below.
            let per_rendering: Vec<Format> = c
                .formats
                .iter()
                .copied()
                .filter(|f| !matches!(f, Format::Html | Format::Csv | Format::Docx | Format::Xlsx))
                // With --output, Markdown and JSON join the renderings too.
                .filter(|f| !(c.output.is_some() && matches!(f, Format::Md | Format::Json)))
                .filter(|f| !(c.tmx_combined && *f == Format::Tmx))
                .collect();
            let exports = Exports {
                formats: &per_rendering,
                ..c.exports()
            };
            write_exports(exports, &alignment, &all_inputs, quiet, true)?;
        } else {
            write_exports(c.exports(), &alignment, &all_inputs, quiet, true)?;
        }
        bitext::timing::phase("written");
        alignments.push(Alignment {
            name: rendering.clone(),
            ..alignment
        });
    }
    bar.finish_and_clear();
    if several {
        write_joined(c, &name, alignments, &all_inputs, quiet)?;
    }
    Ok(())
}

/// Writes the outputs that join several renderings of one source: HTML,
/// Word, XLSX and the review CSV side by side, with `--tmx-combined` one
/// TMX of all of them, and with `--output` Markdown and JSON too.
fn write_joined(
    c: &AlignConfig,
    name: &str,
    alignments: Vec<Alignment>,
    all_inputs: &[std::path::PathBuf],
    quiet: bool,
) -> Result<()> {
    let combined_tmx = c.tmx_combined && c.formats.contains(&Format::Tmx);
    let tmx_sources: Vec<Alignment> = if combined_tmx {
        alignments
            .iter()
            .map(|a| Alignment {
                name: name.to_string(),
                ..a.clone()
            })
            .collect()
    } else {
        Vec::new()
    };
    let multi = bitext::review::renderings::MultiAlignment::join(name.to_string(), alignments);
    let joined = c.formats.iter().filter(|f| {
        matches!(f, Format::Html | Format::Csv | Format::Docx | Format::Xlsx)
            || (combined_tmx && **f == Format::Tmx)
            || (c.output.is_some() && matches!(f, Format::Md | Format::Json))
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
            Format::Xlsx => export::multi::write_xlsx(&multi, &c.export, &mut buffer)?,
            Format::Md => {
                let report = export::multi::write_md(&multi, &mut buffer)?;
                for warning in &report.warnings {
                    warn(quiet, &format!("{name}: {warning}"));
                }
            }
            Format::Json => export::multi::write_json(&multi, &c.export, &mut buffer)?,
            Format::Tmx => {
                let parts: Vec<(Option<&str>, &Alignment)> = multi
                    .renderings
                    .iter()
                    .zip(&tmx_sources)
                    .map(|(r, a)| (Some(r.name.as_str()), a))
                    .collect();
                let report = export::tmx::write_tmx(name, &parts, &c.export, &mut buffer)?;
                for warning in &report.warnings {
                    warn(quiet, &format!("{name}: {warning}"));
                }
            }
            _ => export::multi::write_csv(&multi, &mut buffer)?,
        }
        let path = match &c.output {
            Some(Output::Stdout) => {
                let mut out = std::io::stdout().lock();
                out.write_all(&buffer)?;
                out.flush()?;
                continue;
            }
            Some(Output::File(path)) => path.clone(),
            None => {
                std::fs::create_dir_all(&c.out_dir).with_context(|| {
                    format!("{}: cannot create the output folder", c.out_dir.display())
                })?;
                c.out_dir.join(format!("{name}.{}", format.extension()))
            }
        };
        io::check_not_input(&path, all_inputs)?;
        io::write_atomic(&path, &buffer)?;
        if !quiet && c.output.is_none() {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}
