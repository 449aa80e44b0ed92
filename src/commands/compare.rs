//! `bitext compare`: several renderings of one source aligned through the
//! same pipeline as `align` and joined into one comparison.

use super::inputs::*;
use super::report::*;
use crate::config::*;
use anyhow::{Result, bail};
use bitext::review::renderings::{GroupComparison, MultiAlignment};
use std::io::Write;

/// Runs `bitext compare`: aligns every rendering with the source and prints
/// the comparison.
pub(crate) fn run(c: &CompareConfig, quiet: bool) -> Result<()> {
    let (source_path, target_paths, name) = resolve_inputs(&c.inputs)?;
    if target_paths.len() < 2 {
        bail!("compare needs two or more renderings of the source");
    }
    let names = rendering_names(&target_paths, &c.names)?;
    // The same pipeline as `align`, with its evidence options, defaults
    // and warnings.
    let aligner = aligner_for(
        &c.evidence,
        &c.align,
        (&c.source_lang, &c.target_lang),
        c.presplit,
        quiet,
    )?;
    let source = load_document_as(
        &source_path,
        &c.source_lang,
        c.presplit,
        None,
        no_rules(),
        quiet,
        c.input_format,
    )?;
    let mut alignments = Vec::new();
    let mut printed = std::collections::HashSet::new();
    for (path, rendering) in target_paths.iter().zip(&names) {
        let target = load_document_as(
            path,
            &c.target_lang,
            c.presplit,
            None,
            no_rules(),
            quiet,
            c.input_format,
        )?;
        let outcome = aligner.align(rendering, source.clone(), target);
        print_new_warnings(&outcome.warnings, &mut printed, quiet);
        alignments.push(outcome.alignment);
    }
    let multi = MultiAlignment::join(name, alignments);
    let comparison = multi.compare();
    let mut out = std::io::stdout().lock();
    if c.json {
        write_json(&mut out, &multi, &names, &comparison)
    } else {
        write_summary(&mut out, &multi, &names, &comparison)?;
        write_divergent(&mut out, &multi, &names, &comparison, c.top)
    }
}

/// The comparison as JSON: each group's sentences, scores, agreement and
/// flags.
fn write_json(
    out: &mut impl Write,
    multi: &MultiAlignment,
    names: &[String],
    comparison: &[GroupComparison],
) -> Result<()> {
    let value = serde_json::json!({
        "name": multi.name,
        "renderings": names,
        "groups": multi.groups.iter().zip(comparison).map(|(g, cmp)| serde_json::json!({
            "source": g.source,
            "targets": g.targets,
            "scores": g.scores,
            "agreement": cmp.agreement,
            "flags": cmp.flags.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(())
}

/// The summary: sizes, each pair of renderings' mean agreement, and how
/// many groups got each flag.
fn write_summary(
    out: &mut impl Write,
    multi: &MultiAlignment,
    names: &[String],
    comparison: &[GroupComparison],
) -> Result<()> {
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
                .zip(comparison)
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
    for cmp in comparison {
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
    Ok(())
}

/// The `top` most divergent groups (flagged first, then by their lowest
/// agreement), with their text in every rendering.
fn write_divergent(
    out: &mut impl Write,
    multi: &MultiAlignment,
    names: &[String],
    comparison: &[GroupComparison],
    top: usize,
) -> Result<()> {
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
    for &k in order.iter().take(top) {
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
