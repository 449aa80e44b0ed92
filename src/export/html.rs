//! A self-contained side-by-side HTML page: source and target in two
//! columns, one row per bead, paragraphs, headings and speaker turns kept,
//! inline CSS for screen and print, every text escaped.

use super::escape::html as esc;
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Bead, Document, SegmentKind, Status};
use std::io::{self, Write};

/// Writes the HTML page.
pub struct Html;

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #6e7781; --rule: #d0d7de; --review: #fff4d6; }
* { box-sizing: border-box; }
body { color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
  font: 16px/1.6 "Noto Serif", Georgia, "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
header p { color: var(--muted); margin: 0 0 1.5rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.text { width: 46%; }
col.score { width: 8%; }
th { text-align: left; font-size: .8rem; color: var(--muted); font-weight: normal;
  border-bottom: 2px solid var(--rule); padding: .3rem .6rem; }
td { vertical-align: top; padding: .25rem .6rem; overflow-wrap: anywhere; }
td:lang(zh) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; }
tr.paragraph td { padding-top: .9rem; }
tr.heading td.text { font-weight: bold; font-size: 1.08em; }
tr.heading td { padding-top: 1.4rem; }
tr.review td.text { background: var(--review); }
td.empty { color: var(--muted); }
.speaker { font-weight: 600; font-variant: small-caps; margin-right: .35em; }
td.score { color: var(--muted); font: .75rem/2 ui-monospace, monospace; text-align: right; }
@media print {
  @page { margin: 16mm 14mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  tr { break-inside: avoid; }
  tr.review td.text { background: none; }
  thead { display: table-header-group; }
}
"#;

fn cell(doc: &Document, ids: &[usize]) -> String {
    let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
        return format!(r#"<td class="text empty" lang="{}"></td>"#, esc(&doc.lang));
    };
    let speaker = match (&first.speaker, first.turn_start) {
        (Some(name), true) => format!(r#"<span class="speaker">{}:</span>"#, esc(name)),
        _ => String::new(),
    };
    format!(
        r#"<td class="text" lang="{}">{speaker}{}</td>"#,
        esc(&doc.lang),
        esc(&doc.join(ids))
    )
}

fn row_class(alignment: &Alignment, bead: &Bead, previous: Option<&Bead>) -> String {
    let mut classes = Vec::new();
    let lead = alignment.lead_segment(bead);
    if lead.is_some_and(|s| s.kind == SegmentKind::Heading) {
        classes.push("heading");
    }
    let paragraph_of = |b: &Bead| alignment.lead_segment(b).map(|s| s.paragraph);
    if previous.is_some_and(|p| paragraph_of(p) != paragraph_of(bead)) {
        classes.push("paragraph");
    }
    if bead.status == Status::Review {
        classes.push("review");
    }
    classes.join(" ")
}

impl Exporter for Html {
    fn write(
        &self,
        alignment: &Alignment,
        _: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let (src, tgt) = (&alignment.source, &alignment.target);
        let mean = if alignment.beads.is_empty() {
            0.0
        } else {
            alignment.beads.iter().map(|b| b.score).sum::<f64>() / alignment.beads.len() as f64
        };
        writeln!(out, "<!DOCTYPE html>")?;
        writeln!(out, r#"<html lang="{}">"#, esc(&tgt.lang))?;
        writeln!(out, "<head>")?;
        writeln!(out, r#"<meta charset="utf-8">"#)?;
        writeln!(
            out,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
        )?;
        writeln!(
            out,
            r#"<meta name="generator" content="bitext {}">"#,
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out, "<title>{}</title>", esc(&alignment.name))?;
        writeln!(out, "<style>{STYLE}</style>")?;
        writeln!(out, "</head>")?;
        writeln!(out, "<body>")?;
        writeln!(out, "<header>")?;
        writeln!(out, "<h1>{}</h1>", esc(&alignment.name))?;
        writeln!(
            out,
            "<p>{} ({}) ↔ {} ({}) · {} beads · mean confidence {:.2}</p>",
            esc(&src.path),
            esc(&src.lang),
            esc(&tgt.path),
            esc(&tgt.lang),
            alignment.beads.len(),
            mean
        )?;
        writeln!(out, "</header>")?;
        writeln!(out, "<table>")?;
        writeln!(
            out,
            r#"<colgroup><col class="text"><col class="text"><col class="score"></colgroup>"#
        )?;
        writeln!(
            out,
            r#"<thead><tr><th lang="{0}">{0}</th><th lang="{1}">{1}</th><th>score</th></tr></thead>"#,
            esc(&src.lang),
            esc(&tgt.lang)
        )?;
        writeln!(out, "<tbody>")?;
        let mut previous = None;
        for (k, bead) in alignment.beads.iter().enumerate() {
            writeln!(
                out,
                r#"<tr id="b{}" class="{}">{}{}<td class="score" title="bead {} · {}">{:.2}</td></tr>"#,
                k + 1,
                row_class(alignment, bead, previous),
                cell(src, &bead.source),
                cell(tgt, &bead.target),
                bead.kind(),
                bead.status,
                bead.score
            )?;
            previous = Some(bead);
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
        writeln!(out, "</body>")?;
        writeln!(out, "</html>")?;
        Ok(Report::default())
    }
}
