//! The edits a reviewer makes to a project: each checked (every sentence
//! of every document stays in exactly one bead, in order) and applied, or
//! refused with nothing changed.

use super::rules::{keep_rule, no_rules, paragraph_texts, split_rule};
use super::session::Step;
use super::{Change, Edit, End, Project, ReviewError, Side, refused};
use crate::model::{Bead, Document, Segment, Status};
use crate::review::renderings::Rendering;
use crate::segment::{RuleKind, RuleLang};

impl Project {
    /// Applies `edit`, or refuses it and changes nothing. Returns what
    /// changed, for a page to redraw.
    pub fn apply(&mut self, edit: &Edit) -> Result<Change, ReviewError> {
        self.apply_keeping(edit).map(|(change, _)| change)
    }

    /// [`apply`](Self::apply), also giving back what the edit replaced: the
    /// beads of the changed range, or the whole project before an edit of
    /// segments. An edit of beads copies only its rendering's beads.
    pub(super) fn apply_keeping(&mut self, edit: &Edit) -> Result<(Change, Step), ReviewError> {
        let broken =
            |e: String| ReviewError::Refused(format!("the edit would break the alignment: {e}"));
        if let Some(r) = edit.beads_of() {
            self.rendering(r)?;
            let kept = self.renderings[r].beads.clone();
            let change = self.apply_unchecked(edit).and_then(|c| {
                self.check().map_err(broken)?;
                Ok(c)
            });
            let Ok(change) = change else {
                self.renderings[r].beads = kept;
                return Err(change.unwrap_err());
            };
            let Change::Beads {
                rendering,
                from,
                removed,
                inserted,
            } = change
            else {
                unreachable!("an edit of beads changes beads");
            };
            self.revision += 1;
            let step = Step::Beads {
                rendering,
                from,
                beads: kept[from..from + removed].to_vec(),
                len: inserted,
            };
            return Ok((change, step));
        }
        let mut next = self.clone();
        let change = next.apply_unchecked(edit)?;
        next.check().map_err(broken)?;
        next.revision += 1;
        let before = std::mem::replace(self, next);
        Ok((change, Step::Whole(Box::new(before))))
    }

    fn rendering(&self, r: usize) -> Result<&Rendering, ReviewError> {
        match self.renderings.get(r) {
            Some(x) => Ok(x),
            None => refused(format!(
                "there is no rendering {r} (the review has {})",
                self.renderings.len()
            )),
        }
    }

    fn bead_index(&self, r: usize, k: usize) -> Result<(), ReviewError> {
        let n = self.rendering(r)?.beads.len();
        if k >= n {
            return refused(format!(
                "there is no bead {} (the rendering has {n})",
                k + 1
            ));
        }
        Ok(())
    }

    /// Long because it is one match arm per kind of edit, each checking and
    /// applying its own edit.
    fn apply_unchecked(&mut self, edit: &Edit) -> Result<Change, ReviewError> {
        match *edit {
            Edit::Merge { rendering, bead } => {
                self.bead_index(rendering, bead)?;
                let beads = &mut self.renderings[rendering].beads;
                if bead + 1 >= beads.len() {
                    return refused("the last bead has no bead after it to merge with");
                }
                let next = beads.remove(bead + 1);
                let b = &mut beads[bead];
                b.source.extend(next.source);
                b.target.extend(next.target);
                b.score = b.score.min(next.score);
                if !next.note.is_empty() {
                    if !b.note.is_empty() {
                        b.note.push_str("; ");
                    }
                    b.note.push_str(&next.note);
                }
                b.suspect = false;
                b.status = Status::Approved;
                Ok(Change::beads(rendering, bead, 2, 1))
            }
            Edit::Split {
                rendering,
                bead,
                source,
                target,
            } => {
                self.bead_index(rendering, bead)?;
                let beads = &mut self.renderings[rendering].beads;
                let b = &beads[bead];
                if source > b.source.len() || target > b.target.len() {
                    return refused(format!(
                        "bead {} has {} source and {} target sentences: cannot keep {source} and {target}",
                        bead + 1,
                        b.source.len(),
                        b.target.len()
                    ));
                }
                let (first, second) = (
                    source + target,
                    b.source.len() - source + b.target.len() - target,
                );
                if first == 0 || second == 0 {
                    return refused("a split must leave a sentence on each side of it");
                }
                let mut tail = b.clone();
                let head = &mut beads[bead];
                tail.source = head.source.split_off(source);
                tail.target = head.target.split_off(target);
                tail.note.clear();
                for x in [&mut *head, &mut tail] {
                    x.status = Status::Approved;
                    x.suspect = false;
                }
                beads.insert(bead + 1, tail);
                Ok(Change::beads(rendering, bead, 1, 2))
            }
            Edit::Move {
                rendering,
                bead,
                side,
                end,
            } => self.move_sentence(rendering, bead, side, end),
            Edit::SplitSegment {
                side,
                rendering,
                segment,
                at,
            } => self.split_segment(side, rendering, segment, at),
            Edit::JoinSegments {
                side,
                rendering,
                segment,
            } => self.join_segments(side, rendering, segment),
            Edit::Status {
                rendering,
                bead,
                status,
            } => {
                self.bead_index(rendering, bead)?;
                self.renderings[rendering].beads[bead].status = status;
                Ok(Change::beads(rendering, bead, 1, 1))
            }
            Edit::Note {
                rendering,
                bead,
                ref note,
            } => {
                self.bead_index(rendering, bead)?;
                if note.chars().count() > 10_000 {
                    return refused("a note holds at most 10,000 characters");
                }
                self.renderings[rendering].beads[bead].note = note.trim().to_string();
                Ok(Change::beads(rendering, bead, 1, 1))
            }
        }
    }

    fn move_sentence(
        &mut self,
        rendering: usize,
        bead: usize,
        side: Side,
        end: End,
    ) -> Result<Change, ReviewError> {
        self.bead_index(rendering, bead)?;
        let beads = &mut self.renderings[rendering].beads;
        let neighbour = match end {
            End::First if bead == 0 => return refused("the first bead has no bead before it"),
            End::First => bead - 1,
            End::Last if bead + 1 >= beads.len() => {
                return refused("the last bead has no bead after it");
            }
            End::Last => bead + 1,
        };
        let ids = side_ids(side);
        let moved = match end {
            End::First if !ids(&mut beads[bead]).is_empty() => ids(&mut beads[bead]).remove(0),
            End::Last => match ids(&mut beads[bead]).pop() {
                Some(id) => id,
                None => return refused(format!("bead {} has no {side} sentence", bead + 1)),
            },
            End::First => return refused(format!("bead {} has no {side} sentence", bead + 1)),
        };
        match end {
            End::First => ids(&mut beads[neighbour]).push(moved),
            End::Last => ids(&mut beads[neighbour]).insert(0, moved),
        }
        for k in [bead, neighbour] {
            beads[k].status = Status::Approved;
            beads[k].suspect = false;
        }
        let (from, emptied) = (
            bead.min(neighbour),
            beads[bead].source.is_empty() && beads[bead].target.is_empty(),
        );
        if emptied {
            beads.remove(bead);
            return Ok(Change::beads(rendering, from, 2, 1));
        }
        Ok(Change::beads(rendering, from, 2, 2))
    }

    /// The document an edit on `side` of `rendering` works on.
    fn document_mut(&mut self, side: Side, rendering: usize) -> Result<&mut Document, ReviewError> {
        self.rendering(rendering)?;
        Ok(match side {
            Side::Source => &mut self.source,
            Side::Target => &mut self.renderings[rendering].document,
        })
    }

    /// The renderings whose beads hold `side`'s segments: all of them for
    /// the source, else `rendering` alone.
    fn holders(&self, side: Side, rendering: usize) -> Vec<usize> {
        match side {
            Side::Source => (0..self.renderings.len()).collect(),
            Side::Target => vec![rendering],
        }
    }

    fn split_segment(
        &mut self,
        side: Side,
        rendering: usize,
        segment: usize,
        at: usize,
    ) -> Result<Change, ReviewError> {
        let document = self.document_mut(side, rendering)?;
        let Some(original) = document.segments.get(segment).cloned() else {
            return refused(format!("there is no {side} segment {}", segment + 1));
        };
        let Some((cut, _)) = original.text.char_indices().nth(at) else {
            return refused(format!(
                "segment {} has {} characters: cannot cut before character {at}",
                segment + 1,
                original.text.chars().count()
            ));
        };
        let (head, tail) = original.text.split_at(cut);
        let (head, tail) = (head.trim_end(), tail.trim_start());
        if head.is_empty() || tail.is_empty() {
            return refused("a cut must leave text on both sides of it");
        }
        let mut first = original.clone();
        first.text = head.to_string();
        let mut second = Segment {
            id: segment + 1,
            text: tail.to_string(),
            turn_start: false,
            label: None,
            ..original.clone()
        };
        second.id = segment + 1;
        document.segments[segment] = first;
        document.segments.insert(segment + 1, second);
        renumber(document);
        let lang = RuleLang::of(document.family());
        let joined = paragraph_texts(document);
        let made = split_rule(&joined, head, lang);
        let rules = self.rules_mut(side, rendering);
        // A `keep` across this place (the reviewer joined here before)
        // goes; otherwise a `split` after the head's last words comes.
        let before = rules.rules.len();
        rules.rules.retain(|r| {
            !(r.kind == RuleKind::Keep
                && r.lang == lang
                && original
                    .text
                    .match_indices(r.text.as_str())
                    .any(|(a, m)| a < cut && cut < a + m.len()))
        });
        if rules.rules.len() == before
            && let Some(rule) = made
        {
            rules.rules.push(rule);
        }
        if no_rules(&self.target_rules) {
            // As the file reads back when it has none.
            self.target_rules.clear();
        }
        for r in self.holders(side, rendering) {
            for b in &mut self.renderings[r].beads {
                let ids = match side {
                    Side::Source => &mut b.source,
                    Side::Target => &mut b.target,
                };
                let holds = ids.contains(&segment);
                for id in ids.iter_mut().filter(|id| **id > segment) {
                    *id += 1;
                }
                if holds {
                    let at = ids.iter().position(|&i| i == segment).map_or(0, |p| p + 1);
                    ids.insert(at, segment + 1);
                    b.status = Status::Approved;
                }
            }
        }
        Ok(Change::All)
    }

    /// Long because the join is checked against every rendering holding the
    /// side, then applied to the document, its rules and each rendering's bead
    /// numbers, in that order.
    fn join_segments(
        &mut self,
        side: Side,
        rendering: usize,
        segment: usize,
    ) -> Result<Change, ReviewError> {
        let holders = self.holders(side, rendering);
        let document = self.document_mut(side, rendering)?;
        if segment + 1 >= document.segments.len() {
            return refused(format!(
                "{side} segment {} has no segment after it to join",
                segment + 1
            ));
        }
        for r in &holders {
            let rendering = &self.renderings[*r];
            let together = rendering.beads.iter().any(|b| {
                let ids = match side {
                    Side::Source => &b.source,
                    Side::Target => &b.target,
                };
                ids.contains(&segment) && ids.contains(&(segment + 1))
            });
            if !together {
                return refused(format!(
                    "{side} segments {} and {} are in different beads of rendering {}: merge the beads first",
                    segment + 1,
                    segment + 2,
                    rendering.name
                ));
            }
        }
        let document = self.document_mut(side, rendering)?;
        let lang = RuleLang::of(document.family());
        let made = keep_rule(document, segment, lang);
        let head = document.segments[segment].text.clone();
        let next = document.segments.remove(segment + 1);
        let joiner = if next.turn_start {
            "\n"
        } else {
            document.family().joiner()
        };
        let first = &mut document.segments[segment];
        if !next.text.is_empty() {
            if !first.text.is_empty() {
                first
                    .text
                    .push_str(if joiner == "\n" { " " } else { joiner });
            }
            first.text.push_str(&next.as_written());
        }
        renumber(document);
        let rules = self.rules_mut(side, rendering);
        // A `split` that made this place (the reviewer split here before)
        // goes; otherwise a `keep` across it comes.
        let before = rules.rules.len();
        rules
            .rules
            .retain(|r| !(r.kind == RuleKind::Split && r.lang == lang && head.ends_with(&r.text)));
        if rules.rules.len() == before
            && let Some(rule) = made
        {
            rules.rules.push(rule);
        }
        if no_rules(&self.target_rules) {
            // As the file reads back when it has none.
            self.target_rules.clear();
        }
        for r in holders {
            for b in &mut self.renderings[r].beads {
                let ids = match side {
                    Side::Source => &mut b.source,
                    Side::Target => &mut b.target,
                };
                if ids.contains(&(segment + 1)) {
                    b.status = Status::Approved;
                }
                ids.retain(|&id| id != segment + 1);
                for id in ids.iter_mut().filter(|id| **id > segment + 1) {
                    *id -= 1;
                }
            }
        }
        Ok(Change::All)
    }
}

/// The ids of `side` in a bead.
fn side_ids(side: Side) -> fn(&mut Bead) -> &mut Vec<usize> {
    match side {
        Side::Source => |b| &mut b.source,
        Side::Target => |b| &mut b.target,
    }
}

fn renumber(document: &mut Document) {
    for (i, s) in document.segments.iter_mut().enumerate() {
        s.id = i;
    }
}
