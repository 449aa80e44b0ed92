//! `bitext align --anchors FILE`: the beads a reviewer approved, read from
//! a reviewed CSV or a review project, checked against the documents being
//! aligned (same sentences at the same places), to be kept while the search
//! runs between them.

use anyhow::{Context, Result, bail};
use bitext::model::{Alignment, Bead, Document, Status};
use bitext::review::project::Project;
use bitext::segment::SegmentRules;
use std::path::{Path, PathBuf};

/// A file of anchors: one alignment per rendering it holds, by name.
pub(crate) struct Anchors {
    path: PathBuf,
    /// (rendering name, its alignment, the CSV row or bead number of each
    /// bead for messages).
    renderings: Vec<(String, Alignment, Vec<usize>)>,
    /// What those numbers count: `row` or `bead`.
    unit: &'static str,
    /// A project's segmentation exceptions: the source's, and each
    /// rendering's by name (a CSV has none).
    source_rules: SegmentRules,
    target_rules: Vec<(String, SegmentRules)>,
}

/// Reads a review project (JSON) or a reviewed CSV or XLSX.
pub(crate) fn read_anchors(path: &Path, source_lang: &str, target_lang: &str) -> Result<Anchors> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    if bitext::import::xlsx::looks_like_zip(&bytes) {
        let (a, rows) = bitext::import::alignment::from_review_xlsx_rows(
            &bytes,
            source_lang,
            target_lang,
            "anchors",
        )
        .with_context(|| path.display().to_string())?;
        return Ok(Anchors {
            path: path.to_path_buf(),
            renderings: vec![(String::new(), a, rows)],
            unit: "row",
            source_rules: SegmentRules::default(),
            target_rules: Vec::new(),
        });
    }
    let text = bitext::io::read_text(path)?;
    let json = text.trim_start().starts_with('{');
    let mut source_rules = SegmentRules::default();
    let mut target_rules = Vec::new();
    let renderings = if json {
        let project = Project::from_json(&text).with_context(|| path.display().to_string())?;
        source_rules = project.source_rules.clone();
        target_rules = (0..project.renderings.len())
            .map(|r| (project.renderings[r].name.clone(), project.rules_of(r)))
            .collect();
        project
            .renderings
            .iter()
            .enumerate()
            .filter_map(|(r, x)| {
                let a = project.alignment(r)?;
                let numbers = (1..=a.beads.len()).collect();
                Some((x.name.clone(), a, numbers))
            })
            .collect()
    } else {
        let (a, rows) = bitext::import::alignment::from_review_csv_rows(
            &text,
            source_lang,
            target_lang,
            "anchors",
        )
        .with_context(|| path.display().to_string())?;
        vec![(String::new(), a, rows)]
    };
    Ok(Anchors {
        path: path.to_path_buf(),
        renderings,
        unit: if json { "bead" } else { "row" },
        source_rules,
        target_rules,
    })
}

impl Anchors {
    /// The segmentation exceptions the project's source was split with.
    pub(crate) fn source_rules(&self) -> &SegmentRules {
        &self.source_rules
    }

    /// Those of rendering `name` (the only one when there is one).
    pub(crate) fn target_rules(&self, name: &str) -> SegmentRules {
        match self.target_rules.as_slice() {
            [(_, only)] => only.clone(),
            all => all
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, r)| r.clone())
                .unwrap_or_default(),
        }
    }

    /// The approved beads for rendering `name` (the file's only rendering
    /// when it has one), checked against `source` and `target`.
    pub(crate) fn for_rendering(
        &self,
        name: &str,
        several: bool,
        source: &Document,
        target: &Document,
    ) -> Result<Vec<Bead>> {
        let path = self.path.display();
        let found = match self.renderings.as_slice() {
            [only] if !several || only.0 == name => only,
            all => match all.iter().find(|r| r.0 == name) {
                Some(r) => r,
                None => bail!(
                    "{path}: no rendering named `{name}` (it has {}); name the renderings with --name",
                    all.iter()
                        .map(|r| format!("`{}`", r.0))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        let (_, alignment, origins) = found;
        let mut anchors = Vec::new();
        for (bead, &origin) in alignment.beads.iter().zip(origins) {
            if bead.status != Status::Approved || bead.source.is_empty() || bead.target.is_empty() {
                continue;
            }
            let what = format!("{} {origin}", self.unit);
            for (side, theirs, ours, ids) in [
                ("source", &alignment.source, source, &bead.source),
                ("target", &alignment.target, target, &bead.target),
            ] {
                // A CSV row holds its sentences joined: compare them so.
                let inside = ids.iter().all(|&i| i < ours.len());
                let same = inside && squeeze(&theirs.join(ids)) == squeeze(&ours.join(ids));
                if !same {
                    bail!(
                        "{path} {what}: its {side} {} not the document's there: align the same files, segmented the same way",
                        span(ids)
                    );
                }
            }
            anchors.push(bead.clone());
        }
        Ok(anchors)
    }
}

/// Text without whitespace, for comparing a sentence with itself after a
/// spreadsheet round trip.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `sentence 4 is` or `sentences 4–6 are`, 1-based.
fn span(ids: &[usize]) -> String {
    match (ids.first(), ids.last()) {
        (Some(a), Some(b)) if a != b => format!("sentences {}–{} are", a + 1, b + 1),
        (Some(a), _) => format!("sentence {} is", a + 1),
        _ => String::new(),
    }
}
