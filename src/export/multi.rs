//! Exports of several renderings joined on the source
//! ([`crate::review::renderings::MultiAlignment`]): a side-by-side HTML page with one
//! column per rendering, divergent groups highlighted, and a CSV with one
//! row per group and `target_<name>`, `score_<name>`, `flags_<name>`
//! columns (and the same rows as XLSX), Word's three columns, a Markdown
//! table and a JSON file of every rendering with the groups. Bead files
//! stay per rendering; the TMX joins them only when asked.
//! A rendering's suspect beads (a stretch of weak evidence) flag their
//! groups `suspect` for that rendering; the review page also lists each
//! rendering's suspect stretches and what was learned from it.

use super::ExportOptions;
use super::escape::html as esc;
use crate::model::SegmentKind;
use crate::model::{WEAK_EVIDENCE, stretches};
use crate::review::renderings::{Flag, MultiAlignment};
use std::io::{self, Write};

/// Flags of a group that concern rendering `r` (or all renderings).
fn flags_for(flags: &[Flag], name: &str) -> Vec<String> {
    flags
        .iter()
        .filter(|f| match f {
            Flag::Omits(n) | Flag::Longer(n) => n == name,
            Flag::Numbers | Flag::Names => true,
        })
        .map(|f| match f {
            Flag::Omits(_) => "omits".to_string(),
            Flag::Longer(_) => "longer".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// Per rendering, per group: whether the rendering has a suspect bead in
/// the group.
fn suspect_groups(multi: &MultiAlignment) -> Vec<Vec<bool>> {
    (0..multi.renderings.len())
        .map(|r| {
            let mut suspect = vec![false; multi.groups.len()];
            let beads = &multi.renderings[r].beads;
            for (bead, g) in beads.iter().zip(multi.bead_groups(r)) {
                if bead.suspect
                    && let Some(s) = suspect.get_mut(g)
                {
                    *s = true;
                }
            }
            suspect
        })
        .collect()
}

/// The flag words of rendering `r` in group `g`: the group's flags that
/// concern it, then `suspect`.
fn words_for(flags: &[Flag], suspect: &[Vec<bool>], name: &str, r: usize, g: usize) -> Vec<String> {
    let mut words = flags_for(flags, name);
    if suspect[r][g] {
        words.push("suspect".to_string());
    }
    words
}

/// What the review page says of each rendering: what was learned from it
/// and its suspect stretches, each linked to the group of its first bead;
/// empty when there is nothing to say.
fn findings(multi: &MultiAlignment) -> String {
    let mut html = String::new();
    for rendering in &multi.renderings {
        if let Some(learned) = &rendering.learned {
            html.push_str(&format!(
                "\n<p class=\"learned\">Learned from this document ({}): {}</p>",
                esc(&rendering.name),
                esc(&learned.summary())
            ));
        }
    }
    let mut items = String::new();
    for (r, rendering) in multi.renderings.iter().enumerate() {
        let groups = multi.bead_groups(r);
        for s in stretches(&rendering.beads) {
            let g = groups.get(s.beads.0).copied().unwrap_or(0);
            items.push_str(&format!(
                "\n<li>Suspect stretch ({}): <a href=\"#g{}\">{}</a>: {WEAK_EVIDENCE}</li>",
                esc(&rendering.name),
                g + 1,
                esc(&s.describe())
            ));
        }
    }
    if !items.is_empty() {
        html.push_str(&format!("\n<ul class=\"suspect\">{items}\n</ul>"));
    }
    html
}

/// The joined review table: the header, then one row per group (what the
/// joined CSV writes, and the joined XLSX too).
pub fn review_table(multi: &MultiAlignment) -> (Vec<String>, Vec<Vec<String>>) {
    let comparison = multi.compare();
    let suspect = suspect_groups(multi);
    let mut header = vec![
        "group".to_string(),
        "document".to_string(),
        "paragraph".to_string(),
        "source_ids".to_string(),
        "speaker".to_string(),
        "source".to_string(),
        "agreement".to_string(),
    ];
    for r in &multi.renderings {
        header.push(format!("target_{}", r.name));
        header.push(format!("score_{}", r.name));
        header.push(format!("flags_{}", r.name));
    }
    let mut rows = Vec::with_capacity(multi.groups.len());
    for (k, (group, cmp)) in multi.groups.iter().zip(&comparison).enumerate() {
        let lead = group
            .source
            .first()
            .and_then(|&i| multi.source.segments.get(i));
        let ids: Vec<String> = group.source.iter().map(usize::to_string).collect();
        let mut row = vec![
            (k + 1).to_string(),
            multi.name.clone(),
            lead.map(|s| s.paragraph.to_string()).unwrap_or_default(),
            ids.join(","),
            lead.and_then(|s| s.speaker.clone()).unwrap_or_default(),
            multi.source_text(group),
            format!("{:.3}", cmp.min_agreement()),
        ];
        for (r, rendering) in multi.renderings.iter().enumerate() {
            row.push(multi.target_text(group, r));
            row.push(
                group.scores[r]
                    .map(|s| format!("{s:.3}"))
                    .unwrap_or_default(),
            );
            row.push(words_for(&cmp.flags, &suspect, &rendering.name, r, k).join(";"));
        }
        rows.push(row);
    }
    (header, rows)
}

/// Writes the joined CSV.
pub fn write_csv(multi: &MultiAlignment, out: &mut dyn Write) -> io::Result<()> {
    let (header, rows) = review_table(multi);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(&header)?;
    for row in &rows {
        writer.write_record(row)?;
    }
    writer.flush()
}

/// Writes the joined XLSX: the joined CSV's columns and rows as a styled
/// worksheet ([`super::xlsx`]).
pub fn write_xlsx(
    multi: &MultiAlignment,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (header, rows) = review_table(multi);
    let bytes = super::xlsx::workbook(&header, &rows, &options.creation_date)?;
    out.write_all(&bytes)
}

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #6e7781; --rule: #d0d7de; --diverge: #fff1e5; }
* { box-sizing: border-box; }
body { color: var(--ink); margin: 2rem auto; max-width: 96rem; padding: 0 1rem;
  font: 15px/1.55 "Noto Serif", Georgia, "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
header p { color: var(--muted); margin: 0 0 1.5rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th { text-align: left; font-size: .8rem; color: var(--muted); font-weight: normal;
  border-bottom: 2px solid var(--rule); padding: .3rem .5rem; }
td { vertical-align: top; padding: .25rem .5rem; overflow-wrap: anywhere; }
td:lang(zh) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; }
tr.paragraph td { padding-top: .9rem; }
tr.heading td { font-weight: bold; padding-top: 1.3rem; }
tr.diverge td { background: var(--diverge); }
td.empty::before { content: "—"; color: var(--muted); }
.flags { display: block; color: #b35900; font: .72rem/1.4 ui-monospace, monospace; }
.speaker { font-weight: 600; font-variant: small-caps; margin-right: .35em; }
@media print {
  @page { margin: 14mm 12mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// Writes the joined side-by-side HTML page; `review` highlights divergent
/// groups and shows their flags.
///
/// Long because it writes the page in reading order (header with findings,
/// legend, one row per group with its renderings and flags).
pub fn write_html(multi: &MultiAlignment, review: bool, out: &mut dyn Write) -> io::Result<()> {
    let comparison = multi.compare();
    let suspect = suspect_groups(multi);
    let lang = |r: usize| esc(&multi.renderings[r].document.lang);
    let findings = if review {
        findings(multi)
    } else {
        String::new()
    };
    if findings.is_empty() {
        super::html::write_head(out, &multi.source.lang, &multi.name, STYLE)?;
    } else {
        let style = format!("{STYLE}{}", super::html::FINDINGS_STYLE);
        super::html::write_head(out, &multi.source.lang, &multi.name, &style)?;
    }
    writeln!(out, "<body>")?;
    writeln!(out, "<header><h1>{}</h1>", esc(&multi.name))?;
    let diverging = comparison.iter().filter(|c| !c.flags.is_empty()).count();
    let n_suspect = (0..multi.groups.len())
        .filter(|&g| suspect.iter().any(|s| s[g]))
        .count();
    let suspect_count = if review && n_suspect > 0 {
        format!(" · {n_suspect} suspect")
    } else {
        String::new()
    };
    writeln!(
        out,
        "<p>{} and {} renderings · {} groups · {} with differences{suspect_count}</p>{findings}</header>",
        esc(&multi.source.path),
        multi.renderings.len(),
        multi.groups.len(),
        diverging
    )?;
    writeln!(out, "<table>")?;
    write!(
        out,
        r#"<thead><tr><th lang="{0}">{0}</th>"#,
        esc(&multi.source.lang)
    )?;
    for r in &multi.renderings {
        write!(
            out,
            r#"<th lang="{}">{}</th>"#,
            esc(&r.document.lang),
            esc(&r.name)
        )?;
    }
    writeln!(out, "</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    let mut previous_paragraph = None;
    for (k, (group, cmp)) in multi.groups.iter().zip(&comparison).enumerate() {
        let lead = group
            .source
            .first()
            .and_then(|&i| multi.source.segments.get(i));
        let mut classes = Vec::new();
        if lead.is_some_and(|s| s.kind == SegmentKind::Heading) {
            classes.push("heading");
        }
        let paragraph = lead.map(|s| s.paragraph);
        if previous_paragraph.is_some() && paragraph != previous_paragraph {
            classes.push("paragraph");
        }
        previous_paragraph = paragraph;
        if review && (!cmp.flags.is_empty() || suspect.iter().any(|s| s[k])) {
            classes.push("diverge");
        }
        let speaker = |seg: Option<&crate::model::Segment>| match seg {
            Some(s) if s.turn_start => s
                .speaker
                .as_ref()
                .map(|n| format!(r#"<span class="speaker">{}:</span>"#, esc(n)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        write!(
            out,
            r#"<tr id="g{}" class="{}"><td lang="{}">{}{}</td>"#,
            k + 1,
            classes.join(" "),
            esc(&multi.source.lang),
            speaker(lead),
            esc(&multi.source_text(group))
        )?;
        for (r, rendering) in multi.renderings.iter().enumerate() {
            let text = multi.target_text(group, r);
            let first = group.targets[r]
                .first()
                .and_then(|&j| rendering.document.segments.get(j));
            let flags = words_for(&cmp.flags, &suspect, &rendering.name, r, k);
            let note = if review && !flags.is_empty() {
                format!(r#"<span class="flags">{}</span>"#, esc(&flags.join(" · ")))
            } else {
                String::new()
            };
            if text.is_empty() {
                write!(out, r#"<td class="empty" lang="{}">{note}</td>"#, lang(r))?;
            } else {
                write!(
                    out,
                    r#"<td lang="{}">{}{}{note}</td>"#,
                    lang(r),
                    speaker(first),
                    esc(&text)
                )?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")?;
    Ok(())
}

/// A table cell of the joined Word document.
struct DocxCell {
    text: String,
    lang: String,
    bold: bool,
}

/// `word/document.xml` with the source and one column per rendering.
fn docx_document(multi: &MultiAlignment) -> String {
    const TEXT_WIDTH: u32 = 11906 - 2 * 1134;
    let xml = |t: &str| super::escape::xml(t).0;
    let columns = 1 + multi.renderings.len();
    let width = TEXT_WIDTH / columns as u32;
    let mut header = vec![DocxCell {
        text: multi.source.lang.clone(),
        lang: multi.source.lang.clone(),
        bold: true,
    }];
    header.extend(multi.renderings.iter().map(|r| DocxCell {
        text: r.name.clone(),
        lang: r.document.lang.clone(),
        bold: true,
    }));
    let mut rows = vec![header];
    for group in &multi.groups {
        let heading = group
            .source
            .first()
            .and_then(|&i| multi.source.segments.get(i))
            .is_some_and(|s| s.kind == SegmentKind::Heading);
        let mut row = vec![DocxCell {
            text: multi.source_text(group),
            lang: multi.source.lang.clone(),
            bold: heading,
        }];
        for (r, rendering) in multi.renderings.iter().enumerate() {
            row.push(DocxCell {
                text: multi.target_text(group, r),
                lang: rendering.document.lang.clone(),
                bold: heading,
            });
        }
        rows.push(row);
    }
    let mut x = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    x.push('\n');
    x.push_str(r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    x.push_str(&format!(r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, xml(&multi.name)));
    x.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblBorders><w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr><w:tblGrid>"#);
    for _ in 0..columns {
        x.push_str(&format!(r#"<w:gridCol w:w="{width}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    for (k, row) in rows.iter().enumerate() {
        x.push_str(if k == 0 {
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        });
        for cell in row {
            x.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>"#
            ));
            if !cell.text.is_empty() {
                let lang = xml(&cell.lang);
                let font = if cell.lang.to_ascii_lowercase().starts_with("zh") {
                    format!(
                        r#"<w:rFonts w:hint="eastAsia" w:eastAsia="SimSun"/><w:lang w:eastAsia="{lang}"/>"#
                    )
                } else {
                    format!(r#"<w:lang w:val="{lang}"/>"#)
                };
                let bold = if cell.bold { "<w:b/>" } else { "" };
                x.push_str(&format!(
                    r#"<w:r><w:rPr>{font}{bold}</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
                    xml(&cell.text)
                ));
            }
            x.push_str("</w:p></w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str(r#"</w:tbl><w:p/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#);
    x
}

/// Writes the joined Word document: the package of the DOCX exporter with
/// a table of the source and one column per rendering.
pub fn write_docx(
    multi: &MultiAlignment,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(first) = multi.renderings.first() else {
        return Ok(());
    };
    let carrier = crate::model::Alignment {
        name: multi.name.clone(),
        source: multi.source.clone(),
        target: first.document.clone(),
        beads: Vec::new(),
        learned: None,
    };
    let (mut parts, _) = super::docx::parts(&carrier, options);
    for part in parts.iter_mut() {
        if part.0 == "word/document.xml" {
            part.1 = docx_document(multi);
        }
    }
    out.write_all(&super::docx::package(&parts)?)
}

/// Writes the joined Markdown: a title, the documents, and a table with
/// the source and one column per rendering, one row per group.
pub fn write_md(multi: &MultiAlignment, out: &mut dyn Write) -> io::Result<super::Report> {
    use super::markdown::{cell, escape};
    let mut dropped = 0;
    let mut esc = |t: &str| {
        let (s, n) = escape(t);
        dropped += n;
        s
    };
    writeln!(out, "# {}", esc(&multi.name))?;
    writeln!(out)?;
    let mut documents = vec![format!(
        "{} ({})",
        esc(&multi.source.path),
        esc(&multi.source.lang)
    )];
    for r in &multi.renderings {
        documents.push(format!(
            "{}: {} ({})",
            esc(&r.name),
            esc(&r.document.path),
            esc(&r.document.lang)
        ));
    }
    writeln!(out, "{}", documents.join(" ↔ "))?;
    writeln!(out)?;
    let mut header = vec![esc(&multi.source.lang)];
    header.extend(multi.renderings.iter().map(|r| esc(&r.name)));
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", " --- |".repeat(header.len()))?;
    for group in &multi.groups {
        let mut row = vec![cell(&multi.source, &group.source, &mut dropped)];
        for (r, rendering) in multi.renderings.iter().enumerate() {
            row.push(cell(&rendering.document, &group.targets[r], &mut dropped));
        }
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    Ok(super::Report::dropped(dropped, "Markdown"))
}

/// Writes the joined JSON (`docs/json-schema.md`, "Several renderings"):
/// the source, each rendering with its beads as the single JSON has them,
/// and the groups with each rendering's part, score and flags.
pub fn write_json(
    multi: &MultiAlignment,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    use super::json::{JsonRendering, JsonRenderings, JsonRenderingsGroup, JsonRenderingsPart};
    let comparison = multi.compare();
    let suspect = suspect_groups(multi);
    let renderings = multi
        .renderings
        .iter()
        .map(|r| {
            let alignment = crate::model::Alignment {
                name: r.name.clone(),
                source: multi.source.clone(),
                target: r.document.clone(),
                beads: r.beads.clone(),
                learned: r.learned.clone(),
            };
            let single = super::json::JsonAlignment::new(&alignment, options);
            JsonRendering {
                name: r.name.clone(),
                learned: single.learned,
                target: single.target,
                beads: single.beads,
            }
        })
        .collect();
    let groups = multi
        .groups
        .iter()
        .zip(&comparison)
        .enumerate()
        .map(|(k, (group, cmp))| JsonRenderingsGroup {
            id: k + 1,
            source: group.source.clone(),
            agreement: cmp.min_agreement(),
            renderings: multi
                .renderings
                .iter()
                .enumerate()
                .map(|(r, rendering)| JsonRenderingsPart {
                    target: group.targets[r].clone(),
                    score: group.scores[r],
                    flags: words_for(&cmp.flags, &suspect, &rendering.name, r, k),
                })
                .collect(),
        })
        .collect();
    let file = JsonRenderings::new(
        multi.name.clone(),
        multi.source.clone(),
        renderings,
        groups,
        options,
    );
    serde_json::to_writer_pretty(&mut *out, &file)?;
    writeln!(out)
}
