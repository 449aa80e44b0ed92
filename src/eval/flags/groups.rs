//! The labelled groups of several renderings of one source: each group as
//! it is, and copies where one rendering's number, name or sentence was
//! changed, dropped or added.

use super::{Item, corrupt, has_number, plain};
use crate::model::{Alignment, Bead, Document};
use crate::review::renderings::{self, MultiAlignment};
use std::collections::BTreeMap;

/// The flags of a renderings comparison as words (`omits:en` → `omits`).
fn group_words(flags: &[renderings::Flag]) -> Vec<String> {
    flags
        .iter()
        .map(|f| f.to_string().split(':').next().unwrap_or("").to_string())
        .collect()
}

fn group_texts(multi: &MultiAlignment, group: &renderings::Group) -> Vec<String> {
    std::iter::once(multi.source_text(group))
        .chain((0..multi.renderings.len()).map(|r| multi.target_text(group, r)))
        .collect()
}

/// One change to one rendering of a group.
struct Change {
    rendering: usize,
    what: &'static str,
    /// The flag that should fire.
    truth: &'static str,
    /// Segments whose text is replaced.
    changed: BTreeMap<usize, String>,
    /// Segments left out.
    dropped: Vec<usize>,
}

impl Change {
    /// One segment's text replaced.
    fn text(
        rendering: usize,
        what: &'static str,
        truth: &'static str,
        id: usize,
        text: String,
    ) -> Change {
        Change {
            rendering,
            what,
            truth,
            changed: [(id, text)].into(),
            dropped: Vec::new(),
        }
    }
}

/// A rendering's document with its `changed` segments' texts replaced and
/// its `dropped` segments left out, and its beads renumbered to match.
fn edited(
    alignment: &Alignment,
    changed: &BTreeMap<usize, String>,
    dropped: &[usize],
) -> Alignment {
    let mut segments = Vec::new();
    for segment in &alignment.target.segments {
        if dropped.contains(&segment.id) {
            continue;
        }
        let mut segment = segment.clone();
        if let Some(text) = changed.get(&segment.id) {
            segment.text = text.clone();
        }
        segment.id = segments.len();
        segments.push(segment);
    }
    let renumber = |id: usize| id - dropped.iter().filter(|&&d| d < id).count();
    let beads = alignment
        .beads
        .iter()
        .map(|b| Bead {
            target: b
                .target
                .iter()
                .filter(|t| !dropped.contains(t))
                .map(|&t| renumber(t))
                .collect(),
            ..b.clone()
        })
        .filter(|b| !(b.source.is_empty() && b.target.is_empty()))
        .collect();
    Alignment {
        target: Document {
            segments,
            ..alignment.target.clone()
        },
        beads,
        ..alignment.clone()
    }
}

/// Whether a rendering omits (part of) a group: translates nothing of it
/// while another does, or leaves one of its sentences untranslated in its
/// gold that another translates.
fn omits(golds: &[Alignment], multi: &MultiAlignment, group: &renderings::Group) -> bool {
    let translated: Vec<bool> = (0..golds.len())
        .map(|r| !multi.target_text(group, r).trim().is_empty())
        .collect();
    let untranslated = |r: usize, s: usize| {
        golds[r]
            .beads
            .iter()
            .any(|b| b.target.is_empty() && b.source.contains(&s))
    };
    let partly = group.source.iter().any(|&s| {
        (0..golds.len()).any(|r| untranslated(r, s))
            && (0..golds.len()).any(|r| !untranslated(r, s))
    });
    partly || translated.iter().any(|&t| t) && translated.iter().any(|&t| !t)
}

/// The changes made to the `g`th group (which every rendering translates):
/// a number changed or added in each rendering in turn, and in one
/// rendering (by `g`) a name dropped, its only sentence dropped or another
/// sentence appended.
fn group_changes(
    golds: &[Alignment],
    multi: &MultiAlignment,
    g: usize,
    group: &renderings::Group,
) -> Vec<Change> {
    let mut changes = Vec::new();
    // Numbers changed or added in each rendering in turn.
    for (r, gold) in golds.iter().enumerate() {
        let Some(&id) = group.targets[r].first() else {
            continue;
        };
        let text = &gold.target.segments[id].text;
        if let Some(changed) = corrupt::change_number(text) {
            changes.push(Change::text(r, "number changed", "numbers", id, changed));
        } else if g % 3 == r && (0..golds.len()).all(|o| !has_number(&multi.target_text(group, o)))
        {
            let changed = corrupt::add_number(text, g);
            changes.push(Change::text(r, "number added", "numbers", id, changed));
        }
    }
    let r = g % golds.len();
    let ids = &group.targets[r];
    let [id] = ids[..] else {
        return changes;
    };
    let text = golds[r].target.segments[id].text.clone();
    let source_text = multi.source_text(group);
    if let Some(changed) = corrupt::drop_name(&source_text, &text) {
        changes.push(Change::text(r, "name dropped", "names", id, changed));
    }
    match g % 4 {
        0 => changes.push(Change {
            rendering: r,
            what: "sentence dropped",
            truth: "omits",
            changed: BTreeMap::new(),
            dropped: vec![id],
        }),
        2 => {
            let other = multi.groups.iter().skip(g + 3).find_map(|o| {
                let t = multi.target_text(o, r);
                (t.len() > 40 && plain(&t)).then_some(t)
            });
            if let Some(other) = other {
                let changed = format!("{text} {other}");
                changes.push(Change::text(r, "sentence appended", "longer", id, changed));
            }
        }
        _ => {}
    }
    changes
}

/// The labelled groups of several correct renderings of one source (their
/// gold alignments): every group as it is (a rendering that translates
/// nothing of a group omits it; no other fault), and copies where one
/// rendering of a group had a number changed, a name dropped, its only
/// sentence dropped or another sentence appended.
///
/// `faults` holds a person's judgement of the groups as they are, by group
/// index, beyond the omissions the gold beads show.
pub fn group_items(golds: &[Alignment], faults: &BTreeMap<usize, Vec<String>>) -> Vec<Item> {
    let multi = MultiAlignment::join("renderings", golds.to_vec());
    let mut items = Vec::new();
    let mut as_is = Vec::new();
    for (g, (group, comparison)) in multi.groups.iter().zip(multi.compare()).enumerate() {
        let mut truth: Vec<String> = faults.get(&g).cloned().unwrap_or_default();
        if omits(golds, &multi, group) {
            truth.push("omits".into());
        }
        as_is.push(truth.clone());
        items.push(Item {
            origin: format!("group {g} as is"),
            truth,
            flagged: group_words(&comparison.flags),
            texts: group_texts(&multi, group),
        });
    }
    // Each change on one rendering of one group, judged in a copy.
    for (g, group) in multi.groups.iter().enumerate() {
        if group.source.is_empty() {
            continue;
        }
        if !(0..golds.len()).all(|o| !group.targets[o].is_empty()) {
            continue;
        }
        let changes = group_changes(golds, &multi, g, group);
        for Change {
            rendering: r,
            what,
            truth,
            changed,
            dropped,
        } in changes
        {
            let mut copies = golds.to_vec();
            copies[r] = edited(&golds[r], &changed, &dropped);
            let copy = MultiAlignment::join("renderings", copies);
            // The group of the same source sentences in the copy.
            let Some((copied, comparison)) = copy
                .groups
                .iter()
                .zip(copy.compare())
                .find(|(o, _)| o.source == group.source)
            else {
                continue;
            };
            items.push(Item {
                origin: format!("group {g} rendering {r} {what}"),
                truth: as_is[g]
                    .iter()
                    .cloned()
                    .chain([truth.to_string()])
                    .collect(),
                flagged: group_words(&comparison.flags),
                texts: group_texts(&copy, copied),
            });
        }
    }
    items
}
