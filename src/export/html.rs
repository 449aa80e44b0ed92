//! A self-contained HTML page (inline CSS and SVG, nothing fetched):
//! paragraphs, headings and speaker turns kept, every text escaped, a `lang`
//! on every cell, readable on screen and printed on A4 or Letter.
//!
//! Two layouts ([`Layout`]): `columns`, source and target side by side with
//! one row per bead (a 1-0 or 0-1 bead leaves a cell empty), and
//! `interleaved`, each source paragraph with its translation below it.
//! Two styles ([`Style`]): `review` marks low-confidence (`review`) and
//! flagged beads, shows scores and flags, and opens with an alignment map
//! (an SVG of the bead path: x the source position, y the target position,
//! one rectangle per bead coloured from red, low confidence, to green) and a
//! histogram of the scores in ten bins; `publication` is the clean text.
//! The review page also says what the aligner learned from the document
//! (bead shapes and length ratio) and lists the stretches of suspect beads,
//! each linked to its first bead.

use super::escape::html as esc;
use super::{ExportOptions, Exporter, Layout, Report, Style};
use crate::model::{Alignment, Bead, Document, Segment, SegmentKind, Status};
use crate::model::{WEAK_EVIDENCE, stretches};
use crate::review::flags::{Flag, bead_flags_with};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes the HTML page.
pub struct Html;

const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #6e7781; --rule: #d0d7de; --review: #fff4d6; --flag: #b35900; }
* { box-sizing: border-box; }
body { color: var(--ink); margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
  font: 16px/1.6 "Noto Serif", Georgia, "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; }
:lang(zh) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "Noto Serif", serif; }
:lang(zh-TW), :lang(zh-HK), :lang(zh-Hant) { font-family: "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", serif; }
header h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
header p { color: var(--muted); margin: 0 0 1.5rem; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.text { width: 46%; }
col.score { width: 8%; }
.publication col.text { width: 50%; }
th { text-align: left; font-size: .8rem; color: var(--muted); font-weight: normal;
  border-bottom: 2px solid var(--rule); padding: .3rem .6rem; }
td { vertical-align: top; padding: .25rem .6rem; overflow-wrap: anywhere; }
tr.paragraph td { padding-top: .9rem; }
tr.heading td.text { font-weight: bold; font-size: 1.08em; }
tr.heading td { padding-top: 1.4rem; }
tr.review td.text { background: var(--review); }
tr.flagged td.score { color: var(--flag); }
tr.rejected td.text { color: var(--muted); text-decoration: line-through; }
td.empty { color: var(--muted); }
.review td.empty::before { content: "—"; }
.speaker { font-weight: 600; font-variant: small-caps; margin-right: .35em; }
td.score { color: var(--muted); font: .75rem/2 ui-monospace, monospace; text-align: right; }
.flags { display: block; color: var(--flag); font: .7rem/1.3 ui-monospace, monospace; }
.pair { margin: 0 0 1.1rem; break-inside: avoid; }
.pair p, .pair h2 { margin: 0; }
.pair h2 { font-size: 1.15rem; margin-top: 1.2rem; }
.pair .target { margin-top: .3rem; padding-left: .9rem; border-left: 3px solid var(--rule); color: #33393f; }
span.review { background: var(--review); }
span.flagged { text-decoration: underline dotted var(--flag); text-underline-offset: .2em; }
span.rejected { color: var(--muted); text-decoration: line-through; }
sup.score { color: var(--muted); font: .6rem ui-monospace, monospace; margin-left: .15em; }
.overview { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin: 0 0 1.5rem; }
.overview figure { margin: 0; }
.overview figcaption { color: var(--muted); font-size: .8rem; }
.overview svg text { font: 10px ui-monospace, monospace; fill: var(--muted); }
.overview dl { margin: 0; font-size: .8rem; color: var(--muted); }
.overview dt { font-family: ui-monospace, monospace; color: var(--flag); }
.overview dd { margin: 0 0 .3rem; }
@page { margin: 16mm 14mm; } /* the printer's paper: A4 or Letter */
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  .review tr.review td.text, span.review { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Added to a page's style sheet when it shows what was learned or suspect
/// stretches (so that other pages stay as they were).
pub const FINDINGS_STYLE: &str = r#"header p.learned { margin-top: -1.2rem; }
header ul.suspect { color: #b35900; font-size: .9rem; margin: -1.2rem 0 1.5rem; padding-left: 1.2rem; }
header ul.suspect a { color: inherit; }
"#;

/// Side length of the alignment map, in pixels.
const MAP_SIZE: f64 = 280.0;

/// The page's doctype and `<head>`: charset, viewport, generator, title and
/// style sheet; `lang` is the page's language.
pub fn write_head(out: &mut dyn Write, lang: &str, title: &str, style: &str) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="{}">"#, esc(lang))?;
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
    writeln!(out, "<title>{}</title>", esc(title))?;
    writeln!(out, "<style>{style}</style>")?;
    writeln!(out, "</head>")
}

fn speaker_label(first: &Segment) -> String {
    match (&first.speaker, first.turn_start) {
        (Some(name), true) => format!(r#"<span class="speaker">{}:</span>"#, esc(name)),
        _ => String::new(),
    }
}

fn cell(doc: &Document, ids: &[usize]) -> String {
    let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
        return format!(r#"<td class="text empty" lang="{}"></td>"#, esc(&doc.lang));
    };
    format!(
        r#"<td class="text" lang="{}">{}{}</td>"#,
        esc(&doc.lang),
        speaker_label(first),
        esc(&doc.join(ids))
    )
}

fn is_heading(alignment: &Alignment, bead: &Bead) -> bool {
    alignment
        .lead_segment(bead)
        .is_some_and(|s| s.kind == SegmentKind::Heading)
}

fn paragraph_of(alignment: &Alignment, bead: &Bead) -> Option<usize> {
    alignment.lead_segment(bead).map(|s| s.paragraph)
}

/// Classes that mark a bead for review: `review`, `flagged`, `rejected`.
fn review_classes(bead: &Bead, flags: &[Flag]) -> Vec<&'static str> {
    let mut classes = Vec::new();
    if bead.status == Status::Review {
        classes.push("review");
    }
    if bead.status == Status::Rejected {
        classes.push("rejected");
    }
    if !flags.is_empty() {
        classes.push("flagged");
    }
    classes
}

/// ` class="a b"`, or nothing when there is no class.
fn class_attr(classes: &[&str]) -> String {
    if classes.is_empty() {
        String::new()
    } else {
        format!(r#" class="{}""#, classes.join(" "))
    }
}

/// `bead 3 · 2-1 · 0.88 · review · numbers, length`
fn bead_title(k: usize, bead: &Bead, flags: &[Flag]) -> String {
    let mut title = format!(
        "bead {} · {} · {:.2} · {}",
        k + 1,
        bead.kind(),
        bead.score,
        bead.status
    );
    if !flags.is_empty() {
        let words: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
        title.push_str(&format!(" · {}", words.join(", ")));
    }
    title
}

/// Red (0) to green (1).
fn colour(score: f64) -> String {
    let score = if score.is_finite() {
        score.clamp(0.0, 1.0)
    } else {
        0.0
    };
    format!("hsl({:.0},70%,42%)", score * 120.0)
}

/// The alignment map: one rectangle per bead at (source position, target
/// position), as wide as its source sentences and as tall as its target
/// ones (1-0 and 0-1 beads a thin bar), linking to the bead's row.
pub fn alignment_map(alignment: &Alignment) -> String {
    let (n, m) = (
        alignment.source.len().max(1) as f64,
        alignment.target.len().max(1) as f64,
    );
    let (sx, sy) = (MAP_SIZE / n, MAP_SIZE / m);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="-18 -4 {w:.0} {h:.0}" role="img" aria-label="Alignment map: source position across, target position down">"#,
        w = MAP_SIZE + 22.0,
        h = MAP_SIZE + 22.0,
    );
    let _ = write!(
        svg,
        r##"<rect x="0" y="0" width="{MAP_SIZE:.0}" height="{MAP_SIZE:.0}" fill="none" stroke="#d0d7de"/><line x1="0" y1="0" x2="{MAP_SIZE:.0}" y2="{MAP_SIZE:.0}" stroke="#d0d7de" stroke-dasharray="3 3"/>"##
    );
    let (mut i, mut j) = (0usize, 0usize);
    for (k, bead) in alignment.beads.iter().enumerate() {
        let x = bead.source.first().copied().unwrap_or(i);
        let y = bead.target.first().copied().unwrap_or(j);
        i = bead.source.last().map_or(i, |&l| l + 1);
        j = bead.target.last().map_or(j, |&l| l + 1);
        let w = (bead.source.len() as f64 * sx).max(1.5);
        let h = (bead.target.len() as f64 * sy).max(1.5);
        // A bead at the very end (0-1 after the last source sentence) stays
        // inside the frame.
        let left = (x as f64 * sx).min(MAP_SIZE - w);
        let top = (y as f64 * sy).min(MAP_SIZE - h);
        let _ = write!(
            svg,
            r##"<a href="#b{}"><rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="{}"><title>{}</title></rect></a>"##,
            k + 1,
            left,
            top,
            colour(bead.score),
            esc(&bead_title(k, bead, &[]))
        );
    }
    let _ = write!(
        svg,
        r#"<text x="0" y="{:.0}">{} →</text><text transform="translate(-14 0) rotate(90)" x="0" y="0">{} →</text></svg>"#,
        MAP_SIZE + 14.0,
        esc(&alignment.source.lang),
        esc(&alignment.target.lang)
    );
    svg
}

/// The score histogram: ten bins of 0.1, each bar coloured by its scores.
pub fn score_histogram(alignment: &Alignment) -> String {
    let mut bins = [0usize; 10];
    for bead in &alignment.beads {
        let s = if bead.score.is_finite() {
            bead.score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        bins[((s * 10.0) as usize).min(9)] += 1;
    }
    let top = bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (bar, gap, height) = (26.0, 2.0, 120.0);
    let width = 10.0 * (bar + gap);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 -12 {w:.0} {h:.0}" role="img" aria-label="Histogram of bead scores in ten bins">"#,
        w = width,
        h = height + 28.0
    );
    for (b, &count) in bins.iter().enumerate() {
        let h = count as f64 / top * height;
        let x = b as f64 * (bar + gap);
        let (lo, hi) = (b as f64 / 10.0, (b + 1) as f64 / 10.0);
        let _ = write!(
            svg,
            r#"<rect x="{x:.0}" y="{:.1}" width="{bar:.0}" height="{h:.1}" fill="{}"><title>{lo:.1}–{hi:.1}: {count} bead{}</title></rect>"#,
            height - h,
            colour(lo + 0.05),
            if count == 1 { "" } else { "s" }
        );
        if count > 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.0}" y="{:.0}" text-anchor="middle">{count}</text>"#,
                x + bar / 2.0,
                height - h - 2.0
            );
        }
    }
    let _ = write!(
        svg,
        r##"<line x1="0" y1="{height:.0}" x2="{width:.0}" y2="{height:.0}" stroke="#d0d7de"/><text x="0" y="{y:.0}">0</text><text x="{mid:.0}" y="{y:.0}" text-anchor="middle">0.5</text><text x="{width:.0}" y="{y:.0}" text-anchor="end">1</text></svg>"##,
        y = height + 12.0,
        mid = width / 2.0
    );
    svg
}

/// The review page's findings: what was learned from the document and the
/// suspect stretches, each linked to its first bead; nothing when there are
/// none.
fn findings(alignment: &Alignment) -> String {
    let mut html = String::new();
    let read: Vec<String> = [("source", &alignment.source), ("target", &alignment.target)]
        .into_iter()
        .filter_map(|(side, d)| {
            d.structure
                .as_ref()
                .map(|s| format!("{side} {}", s.summary()))
        })
        .collect();
    if !read.is_empty() {
        let _ = writeln!(
            html,
            r#"<p class="learned">Structure read: {}</p>"#,
            esc(&read.join("; "))
        );
    }
    if let Some(learned) = &alignment.learned {
        let _ = writeln!(
            html,
            r#"<p class="learned">Learned from this document: {}</p>"#,
            esc(&learned.summary())
        );
    }
    let stretches = stretches(&alignment.beads);
    if !stretches.is_empty() {
        html.push_str("<ul class=\"suspect\">\n");
        for s in &stretches {
            let _ = writeln!(
                html,
                r##"<li>Suspect stretch: <a href="#b{}">{}</a>: {WEAK_EVIDENCE}</li>"##,
                s.beads.0 + 1,
                esc(&s.describe())
            );
        }
        html.push_str("</ul>\n");
    }
    html
}

fn write_overview(
    alignment: &Alignment,
    all_flags: &[Vec<Flag>],
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, r#"<section class="overview">"#)?;
    writeln!(
        out,
        "<figure class=\"map\">{}<figcaption>Alignment map (click a bead to go to it)</figcaption></figure>",
        alignment_map(alignment)
    )?;
    writeln!(
        out,
        "<figure class=\"histogram\">{}<figcaption>Scores</figcaption></figure>",
        score_histogram(alignment)
    )?;
    let used: Vec<Flag> = Flag::ALL
        .into_iter()
        .filter(|f| all_flags.iter().any(|fs| fs.contains(f)))
        .collect();
    if !used.is_empty() {
        write!(out, "<dl class=\"legend\">")?;
        for f in used {
            let count = all_flags.iter().filter(|fs| fs.contains(&f)).count();
            write!(
                out,
                "<dt>{}</dt><dd>{} ({count})</dd>",
                f.as_str(),
                esc(f.description())
            )?;
        }
        writeln!(out, "</dl>")?;
    }
    writeln!(out, "</section>")
}

fn write_columns(
    alignment: &Alignment,
    review: bool,
    all_flags: &[Vec<Flag>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let (src, tgt) = (&alignment.source, &alignment.target);
    writeln!(out, "<table>")?;
    if review {
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
    } else {
        writeln!(
            out,
            r#"<colgroup><col class="text"><col class="text"></colgroup>"#
        )?;
    }
    writeln!(out, "<tbody>")?;
    let mut previous: Option<&Bead> = None;
    for (k, bead) in alignment.beads.iter().enumerate() {
        let flags = &all_flags[k];
        let mut classes = Vec::new();
        if is_heading(alignment, bead) {
            classes.push("heading");
        }
        if previous.is_some_and(|p| paragraph_of(alignment, p) != paragraph_of(alignment, bead)) {
            classes.push("paragraph");
        }
        if review {
            classes.extend(review_classes(bead, flags));
        }
        write!(
            out,
            r#"<tr id="b{}"{}>{}{}"#,
            k + 1,
            class_attr(&classes),
            cell(src, &bead.source),
            cell(tgt, &bead.target),
        )?;
        if review {
            let flag_list = if flags.is_empty() {
                String::new()
            } else {
                let words: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
                format!(r#"<span class="flags">{}</span>"#, words.join(" "))
            };
            write!(
                out,
                r#"<td class="score" title="{}">{:.2}{flag_list}</td>"#,
                esc(&bead_title(k, bead, flags)),
                bead.score
            )?;
        }
        writeln!(out, "</tr>")?;
        previous = Some(bead);
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")
}

/// One side of an interleaved paragraph: the beads' texts as spans.
fn interleaved_side(
    doc: &Document,
    beads: &[(usize, &Bead)],
    source_side: bool,
    review: bool,
    all_flags: &[Vec<Flag>],
) -> String {
    let mut parts = Vec::new();
    for &(k, bead) in beads {
        let ids = if source_side {
            &bead.source
        } else {
            &bead.target
        };
        let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
            continue;
        };
        let text = doc.join(ids);
        let flags = &all_flags[k];
        // The anchor of the bead (the map links to it): on its source text,
        // or on its target text when it has none.
        let id = if source_side || bead.source.is_empty() {
            format!(r#" id="b{}""#, k + 1)
        } else {
            String::new()
        };
        let attributes = if review {
            format!(
                r#"{id}{} title="{}""#,
                class_attr(&review_classes(bead, flags)),
                esc(&bead_title(k, bead, flags))
            )
        } else {
            id
        };
        let mut span = String::new();
        if !attributes.is_empty() {
            let _ = write!(span, "<span{attributes}>");
        }
        span.push_str(&speaker_label(first));
        span.push_str(&esc(&text));
        if !attributes.is_empty() {
            span.push_str("</span>");
        }
        if review && !source_side {
            let _ = write!(span, r#"<sup class="score">{:.2}</sup>"#, bead.score);
        }
        parts.push(span);
    }
    parts.join(doc.family().joiner())
}

fn write_interleaved(
    alignment: &Alignment,
    review: bool,
    all_flags: &[Vec<Flag>],
    out: &mut dyn Write,
) -> io::Result<()> {
    let (src, tgt) = (&alignment.source, &alignment.target);
    // Paragraphs: runs of beads whose lead segment is in one paragraph.
    let mut groups: Vec<Vec<(usize, &Bead)>> = Vec::new();
    for (k, bead) in alignment.beads.iter().enumerate() {
        let same = groups.last().and_then(|g| g.last()).is_some_and(|(_, p)| {
            paragraph_of(alignment, p) == paragraph_of(alignment, bead)
                && is_heading(alignment, p) == is_heading(alignment, bead)
        });
        if same {
            if let Some(g) = groups.last_mut() {
                g.push((k, bead));
            }
        } else {
            groups.push(vec![(k, bead)]);
        }
    }
    writeln!(out, r#"<main class="interleaved">"#)?;
    for group in &groups {
        let heading = is_heading(alignment, group[0].1);
        let (tag, class) = if heading {
            ("h2", "pair heading")
        } else {
            ("p", "pair")
        };
        writeln!(out, r#"<section class="{class}">"#)?;
        for (doc, source_side, side) in [(src, true, "source"), (tgt, false, "target")] {
            let content = interleaved_side(doc, group, source_side, review, all_flags);
            let empty = if content.is_empty() { " empty" } else { "" };
            writeln!(
                out,
                r#"<{tag} class="{side}{empty}" lang="{}">{content}</{tag}>"#,
                esc(&doc.lang)
            )?;
        }
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</main>")
}

impl Exporter for Html {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let (src, tgt) = (&alignment.source, &alignment.target);
        let review = options.style == Style::Review;
        let all_flags: Vec<Vec<Flag>> = if review {
            bead_flags_with(alignment, &options.flags)
        } else {
            vec![Vec::new(); alignment.beads.len()]
        };
        let findings = if review {
            findings(alignment)
        } else {
            String::new()
        };
        if findings.is_empty() {
            write_head(out, &tgt.lang, &alignment.name, STYLE)?;
        } else {
            let style = format!("{STYLE}{FINDINGS_STYLE}");
            write_head(out, &tgt.lang, &alignment.name, &style)?;
        }
        writeln!(out, r#"<body class="{}">"#, options.style.name())?;
        writeln!(out, "<header>")?;
        writeln!(out, "<h1>{}</h1>", esc(&alignment.name))?;
        let mut meta = format!(
            r#"<span lang="{}">{}</span> ({}) ↔ <span lang="{}">{}</span> ({})"#,
            esc(&src.lang),
            esc(&src.path),
            esc(&src.lang),
            esc(&tgt.lang),
            esc(&tgt.path),
            esc(&tgt.lang)
        );
        if review {
            let n = alignment.beads.len();
            let mean = if n == 0 {
                0.0
            } else {
                alignment.beads.iter().map(|b| b.score).sum::<f64>() / n as f64
            };
            let to_review = alignment
                .beads
                .iter()
                .filter(|b| b.status == Status::Review)
                .count();
            let flagged = all_flags.iter().filter(|f| !f.is_empty()).count();
            let _ = write!(
                meta,
                " · {n} beads · mean confidence {mean:.2} · {to_review} to review · {flagged} flagged"
            );
        }
        writeln!(out, "<p>{meta}</p>")?;
        out.write_all(findings.as_bytes())?;
        writeln!(out, "</header>")?;
        if review {
            write_overview(alignment, &all_flags, out)?;
        }
        match options.layout {
            Layout::Columns => write_columns(alignment, review, &all_flags, out)?,
            Layout::Interleaved => write_interleaved(alignment, review, &all_flags, out)?,
        }
        writeln!(out, "</body>")?;
        writeln!(out, "</html>")?;
        Ok(Report::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_red_to_green() {
        assert_eq!(colour(0.0), "hsl(0,70%,42%)");
        assert_eq!(colour(1.0), "hsl(120,70%,42%)");
        assert_eq!(colour(f64::NAN), "hsl(0,70%,42%)");
    }
}
