//! TMX 1.4 translation memories, valid against the TMX 1.4b DTD: one `<tu>`
//! per bead with both sides (1-0 and 0-1 beads, rejected beads and beads
//! under `--tmx-min-score` are left out), with the bead's metadata as `x-`
//! props so that a TMX can be read back into the alignment. A unit holds
//! its text as it stands in the document, speaker labels included
//! (`--tmx-strip-labels` leaves them out). `--tmx-profile` shapes the file
//! for one CAT tool ([`TmxProfile`]): language codes,
//! props, context, creation fields, and Trados's segment length limit.

use super::TmxProfile;
use super::escape;
use super::tmx_profile::{self, TRADOS_SEGMENT_LIMIT};
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Status};
use std::collections::HashSet;
use std::io::{self, Write};

/// Writes TMX 1.4.
pub struct Tmx;

fn join_ids(ids: &[usize]) -> String {
    let parts: Vec<String> = ids.iter().map(usize::to_string).collect();
    parts.join(",")
}

impl Exporter for Tmx {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        write_tmx(&alignment.name, &[(None, alignment)], options, out)
    }
}

/// Writes one TMX for one alignment, or for several renderings of one
/// source together (each unit then carries `<prop type="x-rendering">` and a
/// `tuid` of the form `rendering.N`).
///
/// Long (about 180 lines) because it writes the file in its own order, header,
/// then each unit with its props and variants, and a reader checks it against
/// the TMX it produces top to bottom.
pub fn write_tmx(
    name: &str,
    alignments: &[(Option<&str>, &Alignment)],
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<Report> {
    let profile = options.tmx_profile;
    let mut dropped = 0usize;
    let mut esc = |text: &str| {
        let (s, n) = escape::xml(text);
        dropped += n;
        s
    };
    let Some((_, first)) = alignments.first() else {
        return Ok(Report::default());
    };
    let mut warnings = Vec::new();
    let src_lang = esc(&profile.lang_code(&first.source.lang));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<!DOCTYPE tmx SYSTEM "tmx14.dtd">"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="bitext" creationtoolversion="{}" segtype="sentence" o-tmf="bitext" adminlang="en-US" srclang="{src_lang}" datatype="plaintext" creationdate="{}">"#,
        env!("CARGO_PKG_VERSION"),
        esc(&options.creation_date),
    )?;
    if profile.bead_props() {
        writeln!(out, r#"    <prop type="x-document">{}</prop>"#, esc(name))?;
    }
    writeln!(out, "  </header>")?;
    writeln!(out, "  <body>")?;
    let mut too_long = 0usize;
    // Units written so far (non-generic profiles leave out a unit that
    // repeats one in everything but its tuid: the tools keep one).
    let mut written: HashSet<Vec<u8>> = HashSet::new();
    let mut duplicates = 0usize;
    let mut no_region: Vec<String> = Vec::new();
    if profile.region_required() && tmx_profile::region_of(&src_lang).is_none() {
        no_region.push(src_lang.clone());
    }
    for (rendering, alignment) in alignments {
        let tgt_lang = esc(&profile.lang_code(&alignment.target.lang));
        if profile.region_required()
            && tmx_profile::region_of(&tgt_lang).is_none()
            && !no_region.contains(&tgt_lang)
        {
            no_region.push(tgt_lang.clone());
        }
        let text = |doc: &crate::model::Document, ids: &[usize]| {
            if options.tmx_strip_labels {
                doc.join(ids)
            } else {
                doc.join_as_written(ids)
            }
        };
        for (k, bead) in alignment.beads.iter().enumerate() {
            if bead.is_null()
                || bead.status == Status::Rejected
                || bead.score < options.tmx_min_score
            {
                continue;
            }
            let (source, target) = if options.tmx_strip_labels {
                (alignment.source_text(bead), alignment.target_text(bead))
            } else {
                (
                    alignment.source.join_as_written(&bead.source),
                    alignment.target.join_as_written(&bead.target),
                )
            };
            let longest = source.chars().count().max(target.chars().count());
            if longest > TRADOS_SEGMENT_LIMIT {
                too_long += 1;
                if profile.segment_limit().is_some_and(|limit| longest > limit) {
                    continue;
                }
            }
            let (source, target) = (esc(&source), esc(&target));
            let tuid = match rendering {
                Some(r) => format!("{}.{}", esc(r), k + 1),
                None => (k + 1).to_string(),
            };
            // The unit's props and variants; the `<tu>` line (its tuid
            // differs) is written once the unit is known to be new.
            let mut unit: Vec<u8> = Vec::new();
            let unit = &mut unit;
            let prop = |out: &mut Vec<u8>, kind: &str, value: &str| {
                writeln!(out, r#"      <prop type="{kind}">{value}</prop>"#)
            };
            if profile.bead_props() {
                prop(unit, "x-score", &format!("{:.3}", bead.score))?;
                prop(unit, "x-bead", &bead.kind())?;
                prop(unit, "x-status", bead.status.as_str())?;
                prop(unit, "x-document", &esc(&alignment.name))?;
                if let Some(r) = rendering {
                    prop(unit, "x-rendering", &esc(r))?;
                }
                prop(unit, "x-source-ids", &join_ids(&bead.source))?;
                prop(unit, "x-target-ids", &join_ids(&bead.target))?;
                if let Some(lead) = alignment.lead_segment(bead) {
                    prop(unit, "x-paragraph", &lead.paragraph.to_string())?;
                    if let Some(speaker) = &lead.speaker {
                        prop(unit, "x-speaker", &esc(speaker))?;
                    }
                }
            }
            if profile.context_props() {
                // The source segments before and after the unit, as the
                // tool's document has them.
                let first = bead.source.iter().min().copied().unwrap_or(0);
                let last = bead.source.iter().max().copied().unwrap_or(0);
                if first > 0 {
                    let pre = esc(&text(&alignment.source, &[first - 1]));
                    if !pre.is_empty() {
                        prop(unit, "x-context-pre", &pre)?;
                    }
                }
                let post = esc(&text(&alignment.source, &[last + 1]));
                if !post.is_empty() {
                    prop(unit, "x-context-post", &post)?;
                }
            }
            writeln!(
                unit,
                r#"      <tuv xml:lang="{src_lang}"><seg>{source}</seg></tuv>"#
            )?;
            writeln!(
                unit,
                r#"      <tuv xml:lang="{tgt_lang}"><seg>{target}</seg></tuv>"#
            )?;
            if profile != TmxProfile::Generic && !written.insert(unit.clone()) {
                duplicates += 1;
                continue;
            }
            if profile.unit_creation_fields() {
                writeln!(
                    out,
                    r#"    <tu tuid="{tuid}" srclang="{src_lang}" creationdate="{}" creationid="bitext">"#,
                    esc(&options.creation_date)
                )?;
            } else {
                writeln!(out, r#"    <tu tuid="{tuid}" srclang="{src_lang}">"#)?;
            }
            out.write_all(unit)?;
            writeln!(out, "    </tu>")?;
        }
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")?;
    if too_long > 0 {
        warnings.push(match profile.segment_limit() {
            Some(limit) => format!(
                "left out {too_long} unit(s) with a segment over {}'s {limit}-character limit",
                profile.tool()
            ),
            None => format!(
                "{too_long} unit(s) have a segment over {TRADOS_SEGMENT_LIMIT} characters, \
                 which Trados does not import (--tmx-profile trados leaves them out)"
            ),
        });
    }
    if duplicates > 0 {
        warnings.push(format!(
            "left out {duplicates} unit(s) that repeat an earlier one (same texts and props)"
        ));
    }
    for lang in no_region {
        warnings.push(format!(
            "language `{lang}` names no region; {} wants one (e.g. `{lang}-XX`): \
             give it with --source-lang / --target-lang",
            profile.tool()
        ));
    }
    let mut report = Report::dropped(dropped, "TMX");
    report.warnings.extend(warnings);
    Ok(report)
}
