//! TMX 1.4 translation memories, valid against the TMX 1.4b DTD: one `<tu>`
//! per bead with both sides (1-0 and 0-1 beads, rejected beads and beads
//! under `--tmx-min-score` are left out), with the bead's metadata as `x-`
//! props so that a TMX can be read back into the alignment. A unit holds
//! its text as it stands in the document, speaker labels included
//! (`--tmx-strip-labels` leaves them out).

use super::escape;
use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Status};
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
pub fn write_tmx(
    name: &str,
    alignments: &[(Option<&str>, &Alignment)],
    options: &ExportOptions,
    out: &mut dyn Write,
) -> io::Result<Report> {
    let mut dropped = 0usize;
    let mut esc = |text: &str| {
        let (s, n) = escape::xml(text);
        dropped += n;
        s
    };
    let Some((_, first)) = alignments.first() else {
        return Ok(Report::default());
    };
    let src_lang = esc(&first.source.lang);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<!DOCTYPE tmx SYSTEM "tmx14.dtd">"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="bitext" creationtoolversion="{}" segtype="sentence" o-tmf="bitext" adminlang="en-US" srclang="{src_lang}" datatype="plaintext" creationdate="{}">"#,
        env!("CARGO_PKG_VERSION"),
        esc(&options.creation_date),
    )?;
    writeln!(out, r#"    <prop type="x-document">{}</prop>"#, esc(name))?;
    writeln!(out, "  </header>")?;
    writeln!(out, "  <body>")?;
    for (rendering, alignment) in alignments {
        let tgt_lang = esc(&alignment.target.lang);
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
            let (source, target) = (esc(&source), esc(&target));
            let tuid = match rendering {
                Some(r) => format!("{}.{}", esc(r), k + 1),
                None => (k + 1).to_string(),
            };
            writeln!(out, r#"    <tu tuid="{tuid}" srclang="{src_lang}">"#)?;
            let prop = |out: &mut dyn Write, kind: &str, value: &str| {
                writeln!(out, r#"      <prop type="{kind}">{value}</prop>"#)
            };
            prop(out, "x-score", &format!("{:.3}", bead.score))?;
            prop(out, "x-bead", &bead.kind())?;
            prop(out, "x-status", bead.status.as_str())?;
            prop(out, "x-document", &esc(&alignment.name))?;
            if let Some(r) = rendering {
                prop(out, "x-rendering", &esc(r))?;
            }
            prop(out, "x-source-ids", &join_ids(&bead.source))?;
            prop(out, "x-target-ids", &join_ids(&bead.target))?;
            if let Some(lead) = alignment.lead_segment(bead) {
                prop(out, "x-paragraph", &lead.paragraph.to_string())?;
                if let Some(speaker) = &lead.speaker {
                    prop(out, "x-speaker", &esc(speaker))?;
                }
            }
            writeln!(
                out,
                r#"      <tuv xml:lang="{src_lang}"><seg>{source}</seg></tuv>"#
            )?;
            writeln!(
                out,
                r#"      <tuv xml:lang="{tgt_lang}"><seg>{target}</seg></tuv>"#
            )?;
            writeln!(out, "    </tu>")?;
        }
    }
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")?;
    Ok(Report::dropped(dropped, "TMX"))
}
