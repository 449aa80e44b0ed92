//! `bitext check FILE.tmx`: runs the library's TMX check
//! ([`bitext::tmxcheck`]) and prints one line per fault and a summary on
//! standard output; errors make the command fail (non-zero exit), warnings
//! alone do not.

use crate::config::CheckConfig;
use anyhow::{Context, Result, bail};
use bitext::tmxcheck::check_tmx;
use std::io::Write;

pub(crate) fn run(c: &CheckConfig) -> Result<()> {
    let bytes =
        std::fs::read(&c.input).with_context(|| format!("cannot read {}", c.input.display()))?;
    let report = check_tmx(&bytes, c.profile);
    let file = c.input.display().to_string();
    let mut out = std::io::stdout().lock();
    for fault in &report.faults {
        writeln!(out, "{}", fault.render(&file))?;
    }
    writeln!(out, "{}", report.summary(&file))?;
    out.flush()?;
    if report.errors() > 0 {
        bail!(
            "{file} has {} error(s) for {}",
            report.errors(),
            c.profile.tool()
        );
    }
    Ok(())
}
