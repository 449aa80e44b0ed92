//! `bitext review`: opens (or aligns, then saves) a review project and
//! serves the review page for it ([`server`]) until Ctrl-C.

mod server;

use super::inputs::*;
use crate::config::ReviewConfig;
use anyhow::{Context, Result, bail};
use bitext::model::{Alignment, Document};
use bitext::review::project::Project;
use std::path::{Path, PathBuf};

pub(crate) fn run(c: &ReviewConfig, quiet: bool) -> Result<()> {
    let aligner = aligner_for(
        &c.evidence,
        &c.align,
        (&c.source_lang, &c.target_lang),
        c.presplit,
        quiet,
    )?;
    let (project, path) = open(c, &aligner, quiet)?;
    server::serve(c, project, path, aligner, quiet)
}

/// The project to review and where it is saved: the project file given,
/// or the one beside the inputs when it exists, or a new one from an
/// import or an alignment of the inputs (saved before the page opens).
///
/// Long because it is the choice of where the project comes from (the file
/// given, the one beside the inputs, an import, a new alignment), each branch
/// short.
fn open(
    c: &ReviewConfig,
    aligner: &bitext::align::Aligner,
    quiet: bool,
) -> Result<(Project, PathBuf)> {
    let extension = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    if let [one] = c.inputs.as_slice()
        && one.is_file()
    {
        match extension(one).as_str() {
            "json" => {
                let project = read_project(one)?;
                return Ok((project, c.project.clone().unwrap_or_else(|| one.clone())));
            }
            "csv" | "tsv" | "tmx" | "xml" | "xlsx" | "xlsm" => {
                let path = c.project.clone().unwrap_or_else(|| beside(one, &stem(one)));
                if path.exists() {
                    return Ok((read_project(&path)?, path));
                }
                let alignment = import(c, one)?;
                let name = alignment.name.clone();
                let project = Project::new(name, &[String::from("target")], vec![alignment])
                    .with_context(|| one.display().to_string())?;
                save(&path, &project)?;
                return Ok((project, path));
            }
            _ => {}
        }
    }
    let (source_path, target_paths, name) = resolve_inputs(&c.inputs)?;
    let path = c
        .project
        .clone()
        .unwrap_or_else(|| beside(&source_path, &name));
    let source = load_document_as(
        &source_path,
        &c.source_lang,
        c.presplit,
        c.encoding.as_deref(),
        &c.segment_rules,
        quiet,
        c.input_format,
    )?;
    let mut targets = Vec::new();
    for p in &target_paths {
        targets.push(load_document_as(
            p,
            &c.target_lang,
            c.presplit,
            c.encoding.as_deref(),
            &c.segment_rules,
            quiet,
            c.input_format,
        )?);
    }
    if path.exists() {
        let project = read_project(&path)?;
        if !same_texts(&project, &source, &targets) {
            bail!(
                "{}: this review was saved from other texts than {}; move it away to review these afresh, or name another with --project",
                path.display(),
                source_path.display()
            );
        }
        if !quiet {
            eprintln!(
                "reopened {} (revision {})",
                path.display(),
                project.revision
            );
        }
        return Ok((project, path));
    }
    let names = rendering_names(&target_paths, &c.names)?;
    let bar = super::report::progress_bar(targets.len() as u64, quiet);
    bar.set_message("aligning");
    let mut alignments = Vec::new();
    for target in targets {
        let outcome = aligner.align(&name, source.clone(), target);
        super::report::print_warnings(&outcome.warnings, quiet);
        alignments.push(outcome.alignment);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let project = Project::new(name, &names, alignments)?.with_segment_rules(&c.segment_rules);
    save(&path, &project)?;
    Ok((project, path))
}

/// A reviewed CSV, XLSX or TMX read back as an alignment.
fn import(c: &ReviewConfig, path: &Path) -> Result<Alignment> {
    use bitext::import::alignment::{from_review_csv, from_tmx_units};
    let fallback = stem(path);
    let is_tmx = matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref(),
        Some("tmx" | "xml")
    );
    let context = || path.display().to_string();
    if is_tmx {
        let file = std::fs::File::open(path).with_context(context)?;
        let reader = bitext::import::tmx::TmxReader::new(std::io::BufReader::new(file))
            .with_context(|| format!("{}: not a readable TMX", path.display()))?;
        let header = reader.header().to_vec();
        let (alignment, _) = from_tmx_units(
            &header,
            reader,
            Some(&c.source_lang),
            Some(&c.target_lang),
            &fallback,
        )
        .with_context(context)?;
        Ok(alignment)
    } else {
        let bytes = std::fs::read(path).with_context(context)?;
        if bitext::import::xlsx::looks_like_zip(&bytes) {
            let (alignment, _) = bitext::import::alignment::from_review_xlsx_rows(
                &bytes,
                &c.source_lang,
                &c.target_lang,
                &fallback,
            )
            .with_context(context)?;
            return Ok(alignment);
        }
        let text = bitext::io::read_text(path)?;
        from_review_csv(&text, &c.source_lang, &c.target_lang, &fallback).with_context(context)
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "review".into())
}

/// `NAME.review.json` in `file`'s folder.
fn beside(file: &Path, name: &str) -> PathBuf {
    file.parent()
        .unwrap_or(Path::new("."))
        .join(format!("{name}.review.json"))
}

pub(crate) fn read_project(path: &Path) -> Result<Project> {
    let text = bitext::io::read_text(path)?;
    Project::from_json(&text).with_context(|| path.display().to_string())
}

/// Writes the project file whole or not at all.
pub(crate) fn save(path: &Path, project: &Project) -> Result<()> {
    bitext::io::write_atomic(path, project.to_json().as_bytes())?;
    Ok(())
}

/// Whether a saved project holds the same texts as the documents read now
/// (whitespace aside: a reviewer's split or joined segments keep the text).
fn same_texts(project: &Project, source: &Document, targets: &[Document]) -> bool {
    let squeeze = |d: &Document| -> String {
        d.segments
            .iter()
            .flat_map(|s| s.as_written().chars().collect::<Vec<_>>())
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    squeeze(&project.source) == squeeze(source)
        && project.renderings.len() == targets.len()
        && project
            .renderings
            .iter()
            .zip(targets)
            .all(|(r, t)| squeeze(&r.document) == squeeze(t))
}
