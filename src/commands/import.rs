//! `bitext import`: a reviewed CSV or XLSX, a TMX or a bead file read back into an
//! alignment, checked against the texts it came from, and exported.

use super::inputs::*;
use super::outputs::*;
use super::report::*;
use crate::config::*;
use anyhow::{Context, Result};
use bitext::io;
use bitext::model::Alignment;

pub(crate) fn run(c: &ImportConfig, quiet: bool) -> Result<()> {
    use bitext::import::alignment::{from_review_csv_rows, from_review_xlsx_rows, from_tmx_units};
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
                bitext::error::Error::NotFound { path: path.clone() }
            } else {
                bitext::error::Error::Unreadable {
                    path: path.clone(),
                    cause: source,
                }
            }
        })?;
        let reader = bitext::import::tmx::TmxReader::new(std::io::BufReader::new(file))
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
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
        || sniff_zip(path)
    {
        let bytes = std::fs::read(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                bitext::error::Error::NotFound { path: path.clone() }
            } else {
                bitext::error::Error::Unreadable {
                    path: path.clone(),
                    cause: source,
                }
            }
        })?;
        from_review_xlsx_rows(
            &bytes,
            c.source_lang.as_deref().unwrap_or("zh-CN"),
            c.target_lang.as_deref().unwrap_or("en-US"),
            &fallback,
        )
        .with_context(|| path.display().to_string())?
    } else {
        let text = io::read_text(path)?;
        from_review_csv_rows(
            &text,
            c.source_lang.as_deref().unwrap_or("zh-CN"),
            c.target_lang.as_deref().unwrap_or("en-US"),
            &fallback,
        )
        .with_context(|| path.display().to_string())?
    };
    check_against_inputs(c, &alignment, &origins, is_tmx, quiet)?;
    write_exports(
        c.exports(),
        &alignment,
        std::slice::from_ref(path),
        quiet,
        true,
    )
}

/// True when the file begins as a zip archive (an XLSX saved under another
/// name); false when it cannot be read (the CSV path then says why).
fn sniff_zip(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| bitext::import::xlsx::looks_like_zip(&magic))
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
    use bitext::import::check::{Problem, check_side};
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
