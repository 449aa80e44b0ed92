//! Sentences without a counterpart: a copy of a correct alignment's target
//! with sentences left out and added, and how many of them an aligner's
//! 1-0 and 0-1 beads (the `unaligned` flag) find.

use super::Count;
use crate::model::{Alignment, Bead, Document, Segment};

/// Counts the `unaligned` flag on an aligner's beads against the sentences
/// known to have no counterpart: a 1-0 or 0-1 bead is right when its
/// sentence is one of them, and such a sentence is found when it lies in a
/// 1-0 or 0-1 bead.
pub fn unaligned_count(beads: &[Bead], lone_source: &[bool], lone_target: &[bool]) -> Count {
    let mut count = Count::default();
    for bead in beads {
        let lone: Vec<bool> = bead
            .source
            .iter()
            .map(|&s| lone_source.get(s).copied().unwrap_or(false))
            .chain(
                bead.target
                    .iter()
                    .map(|&t| lone_target.get(t).copied().unwrap_or(false)),
            )
            .collect();
        let right = lone.iter().filter(|&&l| l).count();
        if bead.is_null() {
            if right > 0 {
                count.true_positives += right;
            } else {
                count.false_positives += 1;
            }
        } else {
            count.false_negatives += right;
        }
    }
    count
}

/// Sentences a person could add to an English rendering that translate
/// nothing of the source.
const ADDED_SENTENCES: [&str; 6] = [
    "The recording was interrupted briefly at this point.",
    "Laughter from the audience.",
    "The moderator checked the time before going on.",
    "This part of the exchange was not in the original programme.",
    "Several people in the hall began to take notes.",
    "A slide with the speaker's name appeared on the screen.",
];

/// A copy of a correct alignment's target with every `every`th sentence of
/// a 1-1 bead left out and, as often, a sentence added that translates
/// nothing; which sentences of each side then have no counterpart.
pub fn lone_copy(gold: &Alignment, every: usize) -> (Document, Vec<bool>, Vec<bool>) {
    let mut lone_source = vec![false; gold.source.len()];
    let mut segments: Vec<(Segment, bool)> = Vec::new();
    let segment = |t: usize| gold.target.segments[t].clone();
    for (k, bead) in gold.beads.iter().enumerate() {
        if bead.source.is_empty() {
            segments.extend(bead.target.iter().map(|&t| (segment(t), true)));
            continue;
        }
        if bead.target.is_empty() {
            lone_source[bead.source[0]] = true;
            continue;
        }
        let one_to_one = bead.source.len() == 1 && bead.target.len() == 1;
        if one_to_one && k % every == every / 2 {
            lone_source[bead.source[0]] = true;
            continue;
        }
        segments.extend(bead.target.iter().map(|&t| (segment(t), false)));
        if one_to_one && k % every == 0 && k > 0 {
            let added = Segment {
                text: ADDED_SENTENCES[(k / every) % ADDED_SENTENCES.len()].to_string(),
                turn_start: false,
                label: None,
                ..segment(bead.target[0])
            };
            segments.push((added, true));
        }
    }
    let lone_target = segments.iter().map(|(_, lone)| *lone).collect();
    let segments = segments
        .into_iter()
        .enumerate()
        .map(|(id, (s, _))| Segment { id, ..s })
        .collect();
    let target = Document::new(gold.target.path.clone(), gold.target.lang.clone(), segments);
    (target, lone_source, lone_target)
}
