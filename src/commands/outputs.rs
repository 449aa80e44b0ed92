//! What the commands write: exports into files (atomically) or to standard
//! output, and the creation date they carry.

use super::report::warn;
use crate::config::{Exports, Output};
use anyhow::{Context, Result};
use bitext::export;
use bitext::io;
use bitext::model::Alignment;
use std::io::Write;
use std::path::PathBuf;

/// The TMX creation date: `SOURCE_DATE_EPOCH` when set (reproducible
/// output), else now; as `YYYYMMDDThhmmssZ` in UTC.
pub(crate) fn creation_date() -> Result<String> {
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
pub(crate) fn tmx_date(secs: i64) -> String {
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

/// Writes an alignment in every format asked for, printing the exports'
/// warnings and, when `announce`, a `wrote FILE` line per file written
/// into the output folder (`quiet` silences both).
pub(crate) fn write_exports(
    c: Exports<'_>,
    alignment: &Alignment,
    inputs: &[PathBuf],
    quiet: bool,
    announce: bool,
) -> Result<()> {
    // Every format is made before any is written, so that one that cannot
    // be made (srt from a text without cues) leaves no half set behind.
    let mut made = Vec::with_capacity(c.formats.len());
    for &format in c.formats {
        let (buffer, report) = match source_docx(format, alignment, c.export)? {
            Some(source) => export::docx_source::write(
                alignment,
                &alignment.source.path,
                &source,
                c.export.layout,
            )?,
            None => export::to_bytes(format, alignment, c.export)
                .with_context(|| format!("writing {}", format.extension()))?,
        };
        made.push((format, buffer, report));
    }
    for (format, buffer, report) in made {
        for warning in &report.warnings {
            warn(quiet, &format!("{}: {warning}", alignment.name));
        }
        match c.output {
            Some(Output::Stdout) => {
                let mut out = std::io::stdout().lock();
                out.write_all(&buffer)?;
                out.flush()?;
            }
            Some(Output::File(path)) => {
                io::check_not_input(path, inputs)?;
                io::write_atomic(path, &buffer)?;
            }
            None => {
                std::fs::create_dir_all(c.out_dir).with_context(|| {
                    format!("{}: cannot create the output folder", c.out_dir.display())
                })?;
                let path = c
                    .out_dir
                    .join(format!("{}.{}", alignment.name, format.extension()));
                io::check_not_input(&path, inputs)?;
                io::write_atomic(&path, &buffer)?;
                if announce && !quiet {
                    eprintln!("wrote {}", path.display());
                }
            }
        }
    }
    Ok(())
}

/// The source DOCX's bytes, when `format` is a publication-style DOCX of
/// an alignment whose source is a DOCX: the bilingual document then keeps
/// the source's styles ([`export::docx_source`]).
fn source_docx(
    format: export::Format,
    alignment: &Alignment,
    options: &export::ExportOptions,
) -> Result<Option<Vec<u8>>> {
    let from_docx = alignment
        .source
        .structure
        .as_ref()
        .is_some_and(|s| s.format == "docx");
    if format != export::Format::Docx || options.style != export::Style::Publication || !from_docx {
        return Ok(None);
    }
    Ok(Some(io::read_bytes(std::path::Path::new(
        &alignment.source.path,
    ))?))
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
}
