//! A review in progress: the project file `bitext review` saves beside the
//! inputs (the source, each rendering with its beads, and the reviewer's
//! verdicts and notes), and the edits a reviewer makes to it. Every edit is
//! checked before it changes anything: each sentence of every document
//! stays in exactly one bead, in order, or the edit is refused and the
//! project is left as it was. The file's schema is in `docs/review-project.md`.

use crate::model::{Alignment, Bead, Document, Status, check_coverage};
use crate::review::renderings::Rendering;
use crate::segment::SegmentRules;
use serde::{Deserialize, Serialize};
use std::fmt;

mod edits;
mod rules;
mod session;

use rules::no_rules;
pub use session::Session;

/// The `schema` field of every project file.
pub const SCHEMA: &str = "bitext-review";

/// The schema version this build writes and reads.
pub const VERSION: u32 = 1;

/// Edits kept for undo.
const HISTORY: usize = 200;

/// How far (in beads) from a bead the reviewer approved or rejected "align
/// the rest again" searches: beads farther from every such bead were not
/// touched by the review and stay as they are.
pub const REALIGN_REACH: usize = 100;

/// A review: a source, its renderings and their beads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The schema version ([`VERSION`]).
    pub version: u32,
    /// The document's short name (file names, titles).
    pub name: String,
    /// Counts the changes saved: a write that started from an older
    /// revision is refused (see [`Project::check_revision`]).
    pub revision: u64,
    /// The source document.
    pub source: Document,
    /// One alignment per rendering of the source.
    pub renderings: Vec<Rendering>,
    /// Segmentation exceptions for the source: the rules it was split
    /// with and those the reviewer's segment splits and joins wrote, so
    /// that splitting the file again gives the reviewed segments.
    #[serde(default, skip_serializing_if = "SegmentRules::is_empty")]
    pub source_rules: SegmentRules,
    /// The same per rendering, in the renderings' order (missing: none).
    #[serde(default, skip_serializing_if = "no_rules")]
    pub target_rules: Vec<SegmentRules>,
}

/// Which side of a rendering's beads an edit works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

/// Which end of a bead a sentence moves from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    /// The bead's first sentence moves to the end of the bead before.
    First,
    /// The bead's last sentence moves to the start of the bead after.
    Last,
}

/// One change a reviewer makes. Beads are counted from 0 within their
/// rendering; segments from 0 within their document (the source, or the
/// rendering's target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Bead `bead` and the bead after it become one.
    Merge { rendering: usize, bead: usize },
    /// Bead `bead` becomes two: its first `source` source sentences and
    /// first `target` target sentences, then the rest.
    Split {
        rendering: usize,
        bead: usize,
        source: usize,
        target: usize,
    },
    /// A sentence at one end of a bead moves to the neighbouring bead.
    Move {
        rendering: usize,
        bead: usize,
        side: Side,
        end: End,
    },
    /// Segment `segment` is cut in two before character `at` (counted in
    /// characters); both parts stay in its bead. Spaces at the cut go.
    SplitSegment {
        side: Side,
        rendering: usize,
        segment: usize,
        at: usize,
    },
    /// Segment `segment` and the one after it become one segment. Both
    /// must be in one bead in every rendering that has them.
    JoinSegments {
        side: Side,
        rendering: usize,
        segment: usize,
    },
    /// A reviewer's verdict on a bead.
    Status {
        rendering: usize,
        bead: usize,
        status: Status,
    },
    /// A reviewer's note on a bead (empty removes it).
    Note {
        rendering: usize,
        bead: usize,
        note: String,
    },
}

impl Edit {
    /// The rendering whose beads alone the edit changes; `None` for an
    /// edit of segments, which may change every rendering.
    fn beads_of(&self) -> Option<usize> {
        match *self {
            Edit::Merge { rendering, .. }
            | Edit::Split { rendering, .. }
            | Edit::Move { rendering, .. }
            | Edit::Status { rendering, .. }
            | Edit::Note { rendering, .. } => Some(rendering),
            Edit::SplitSegment { .. } | Edit::JoinSegments { .. } => None,
        }
    }
}

/// Why an edit or a project file was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The edit does not fit the project (a bead or segment that is not
    /// there, a split that leaves a bead empty …).
    #[error("{0}")]
    Refused(String),
    /// The edit started from an older revision than the project's.
    #[error(
        "the review changed since this page loaded it (revision {current}, the page had {given}): reload to see the changes"
    )]
    Stale { current: u64, given: u64 },
    /// The project file is not one this build reads.
    #[error("{0}")]
    File(String),
}

fn refused<T>(message: impl fmt::Display) -> Result<T, ReviewError> {
    Err(ReviewError::Refused(message.to_string()))
}

impl Project {
    /// A project from alignments that share one source (one per rendering,
    /// named by `names`).
    pub fn new(
        name: impl Into<String>,
        names: &[String],
        alignments: Vec<Alignment>,
    ) -> Result<Project, ReviewError> {
        let Some(first) = alignments.first() else {
            return Err(ReviewError::File(
                "a review needs at least one rendering".into(),
            ));
        };
        let source = first.source.clone();
        let mut renderings = Vec::new();
        for (k, a) in alignments.into_iter().enumerate() {
            if a.source.segments != source.segments {
                return Err(ReviewError::File(format!(
                    "rendering {} is aligned to another source",
                    k + 1
                )));
            }
            renderings.push(Rendering {
                name: names
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| format!("r{}", k + 1)),
                document: a.target,
                beads: a.beads,
                learned: a.learned,
            });
        }
        let project = Project {
            schema: SCHEMA.into(),
            version: VERSION,
            name: name.into(),
            revision: 0,
            source,
            renderings,
            source_rules: SegmentRules::default(),
            target_rules: Vec::new(),
        };
        project.check().map_err(ReviewError::File)?;
        Ok(project)
    }

    /// The project with `rules` as the segmentation exceptions of every
    /// document (those the inputs were split with).
    pub fn with_segment_rules(mut self, rules: &SegmentRules) -> Project {
        if rules.is_empty() {
            return self;
        }
        self.source_rules = rules.clone();
        self.target_rules = vec![rules.clone(); self.renderings.len()];
        self
    }

    /// The segmentation exceptions of rendering `r`'s document.
    pub fn rules_of(&self, r: usize) -> SegmentRules {
        self.target_rules.get(r).cloned().unwrap_or_default()
    }

    fn rules_mut(&mut self, side: Side, rendering: usize) -> &mut SegmentRules {
        match side {
            Side::Source => &mut self.source_rules,
            Side::Target => {
                if self.target_rules.len() <= rendering {
                    self.target_rules.resize(
                        self.renderings.len().max(rendering + 1),
                        SegmentRules::default(),
                    );
                }
                &mut self.target_rules[rendering]
            }
        }
    }

    /// Reads a project file's text, checking its schema and coverage.
    pub fn from_json(text: &str) -> Result<Project, ReviewError> {
        #[derive(Deserialize)]
        struct Head {
            schema: Option<String>,
            version: Option<u32>,
        }
        let head: Head = serde_json::from_str(text)
            .map_err(|e| ReviewError::File(format!("not a review project: {e}")))?;
        if head.schema.as_deref() != Some(SCHEMA) {
            return Err(ReviewError::File(format!(
                "not a review project (no \"schema\": \"{SCHEMA}\")"
            )));
        }
        match head.version {
            Some(VERSION) => {}
            Some(v) => {
                return Err(ReviewError::File(format!(
                    "review project version {v}; this bitext reads version {VERSION}"
                )));
            }
            None => return Err(ReviewError::File("review project without a version".into())),
        }
        let project: Project = serde_json::from_str(text)
            .map_err(|e| ReviewError::File(format!("review project: {e}")))?;
        project.check().map_err(ReviewError::File)?;
        Ok(project)
    }

    /// The project file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks that every rendering's beads cover the source and its target
    /// exactly once, in order, and that segment ids are positions.
    pub fn check(&self) -> Result<(), String> {
        let ids_ok = |d: &Document| d.segments.iter().enumerate().all(|(i, s)| s.id == i);
        if !ids_ok(&self.source) {
            return Err("source segment ids are not their positions".into());
        }
        for r in &self.renderings {
            if !ids_ok(&r.document) {
                return Err(format!(
                    "rendering {}: segment ids are not their positions",
                    r.name
                ));
            }
            check_coverage(&r.beads, self.source.len(), r.document.len())
                .map_err(|e| format!("rendering {}: {e}", r.name))?;
        }
        Ok(())
    }

    /// Refuses a change that started from revision `given` when the project
    /// is at another.
    pub fn check_revision(&self, given: u64) -> Result<(), ReviewError> {
        if given != self.revision {
            return Err(ReviewError::Stale {
                current: self.revision,
                given,
            });
        }
        Ok(())
    }

    /// Rendering `r`'s alignment, as the exporters take it.
    pub fn alignment(&self, r: usize) -> Option<Alignment> {
        let rendering = self.renderings.get(r)?;
        Some(Alignment {
            name: self.name.clone(),
            source: self.source.clone(),
            target: rendering.document.clone(),
            beads: rendering.beads.clone(),
            learned: rendering.learned.clone(),
        })
    }

    /// Every rendering's alignment.
    pub fn alignments(&self) -> Vec<Alignment> {
        (0..self.renderings.len())
            .filter_map(|r| self.alignment(r))
            .collect()
    }

    /// Which beads of rendering `r` stay as they are when the rest is
    /// aligned again: the approved ones, and those more than
    /// [`REALIGN_REACH`] beads from every approved or rejected bead.
    pub fn kept_for_realign(&self, r: usize) -> Vec<bool> {
        let Some(rendering) = self.renderings.get(r) else {
            return Vec::new();
        };
        let beads = &rendering.beads;
        let reviewed = |b: &Bead| matches!(b.status, Status::Approved | Status::Rejected);
        // Distance to the nearest reviewed bead, both ways.
        let mut near = vec![usize::MAX; beads.len()];
        let mut last = None;
        for (k, b) in beads.iter().enumerate() {
            if reviewed(b) {
                last = Some(k);
            }
            if let Some(l) = last {
                near[k] = k - l;
            }
        }
        last = None;
        for (k, b) in beads.iter().enumerate().rev() {
            if reviewed(b) {
                last = Some(k);
            }
            if let Some(l) = last {
                near[k] = near[k].min(l - k);
            }
        }
        beads
            .iter()
            .zip(&near)
            .map(|(b, &d)| b.status == Status::Approved || d > REALIGN_REACH)
            .collect()
    }

    /// This project with rendering `r`'s beads replaced by `beads`, and the
    /// positions of the beads that were not there before.
    pub fn with_beads(&self, r: usize, beads: Vec<Bead>) -> (Project, Vec<usize>) {
        let mut next = self.clone();
        let Some(rendering) = next.renderings.get_mut(r) else {
            return (next, Vec::new());
        };
        let old: std::collections::HashSet<(Vec<usize>, Vec<usize>)> = rendering
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect();
        let changed = beads
            .iter()
            .enumerate()
            .filter(|(_, b)| !old.contains(&(b.source.clone(), b.target.clone())))
            .map(|(k, _)| k)
            .collect();
        rendering.beads = beads;
        (next, changed)
    }

    /// Beads reviewed (approved or rejected) and all beads, over every
    /// rendering.
    pub fn progress(&self) -> (usize, usize) {
        let beads = self.renderings.iter().flat_map(|r| &r.beads);
        let reviewed = beads
            .clone()
            .filter(|b| matches!(b.status, Status::Approved | Status::Rejected))
            .count();
        (reviewed, beads.count())
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}
/// What an edit changed: a range of one rendering's beads replaced, or
/// (segments split or joined) everything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Beads `from..from + removed` of `rendering` became `inserted` beads.
    Beads {
        rendering: usize,
        from: usize,
        removed: usize,
        inserted: usize,
    },
    /// Anything may have changed.
    All,
}

impl Change {
    fn beads(rendering: usize, from: usize, removed: usize, inserted: usize) -> Change {
        Change::Beads {
            rendering,
            from,
            removed,
            inserted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rules::split_rule;
    use super::*;
    use crate::segment::{RuleKind, RuleLang};

    fn project() -> Project {
        let source = Document::from_sentences("zh.txt", "zh", &["一。", "二。", "三。", "四。"]);
        let target = Document::from_sentences("en.txt", "en", &["One.", "Two.", "Three. Four."]);
        let beads = vec![
            Bead::new(vec![0], vec![0], 0.9),
            Bead::new(vec![1], vec![1], 0.8),
            Bead::new(vec![2, 3], vec![2], 0.7),
        ];
        let a = Alignment {
            name: "t".into(),
            source,
            target,
            beads,
            learned: None,
        };
        Project::new("t", &["en".into()], vec![a]).unwrap()
    }

    fn shapes(p: &Project) -> Vec<(Vec<usize>, Vec<usize>)> {
        p.renderings[0]
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect()
    }

    #[test]
    fn segment_edits_write_rules_that_cancel_out() {
        let mut p = project();
        p.apply(&Edit::SplitSegment {
            side: Side::Target,
            rendering: 0,
            segment: 2,
            at: 6,
        })
        .unwrap();
        let rules = &p.rules_of(0).rules;
        assert_eq!(rules.len(), 1);
        assert_eq!(
            (rules[0].kind, rules[0].lang),
            (RuleKind::Split, RuleLang::En)
        );
        assert_eq!(rules[0].text, "Three.");
        assert!(p.source_rules.is_empty());
        // Joined again where it was split: the split rule goes, no keep.
        p.apply(&Edit::JoinSegments {
            side: Side::Target,
            rendering: 0,
            segment: 2,
        })
        .unwrap();
        assert!(p.rules_of(0).is_empty(), "{:?}", p.rules_of(0));

        p.apply(&Edit::JoinSegments {
            side: Side::Source,
            rendering: 0,
            segment: 2,
        })
        .unwrap();
        assert_eq!(p.source_rules.rules.len(), 1);
        assert_eq!(p.source_rules.rules[0].kind, RuleKind::Keep);
        assert_eq!(p.source_rules.rules[0].text, "三。四。");
        p.apply(&Edit::SplitSegment {
            side: Side::Source,
            rendering: 0,
            segment: 2,
            at: 2,
        })
        .unwrap();
        assert!(p.source_rules.is_empty(), "{:?}", p.source_rules);
        // The file round trip keeps the rules (and leaves them out when
        // there are none).
        assert!(!p.to_json().contains("source_rules"));
        assert!(!p.to_json().contains("target_rules"));
        let mut q = project();
        q.apply(&Edit::JoinSegments {
            side: Side::Source,
            rendering: 0,
            segment: 2,
        })
        .unwrap();
        assert_eq!(Project::from_json(&q.to_json()).unwrap(), q);
    }

    #[test]
    fn a_split_rule_grows_until_its_text_is_unique() {
        let paragraphs = vec!["他来了。他来了，又走了。".to_string()];
        let rule = split_rule(&paragraphs, "他来了，又走", RuleLang::Zh).unwrap();
        assert_eq!(rule.text, "他来了，又走");
        let rule =
            split_rule(&["甲乙丙丁戊己庚辛".into()], "甲乙丙丁戊己庚", RuleLang::Zh).unwrap();
        assert_eq!(rule.text, "乙丙丁戊己庚");
    }

    #[test]
    fn undo_takes_back_the_rules_with_the_segments() {
        let mut s = Session::new(project());
        s.apply(
            0,
            &Edit::SplitSegment {
                side: Side::Target,
                rendering: 0,
                segment: 2,
                at: 6,
            },
        )
        .unwrap();
        assert!(!s.project().rules_of(0).is_empty());
        let revision = s.project().revision;
        assert!(s.undo(revision).unwrap());
        assert!(s.project().rules_of(0).is_empty());
    }

    #[test]
    fn merge_split_and_move() {
        let mut p = project();
        p.apply(&Edit::Merge {
            rendering: 0,
            bead: 0,
        })
        .unwrap();
        assert_eq!(shapes(&p)[0], (vec![0, 1], vec![0, 1]));
        assert_eq!(p.renderings[0].beads[0].status, Status::Approved);
        p.apply(&Edit::Split {
            rendering: 0,
            bead: 0,
            source: 1,
            target: 1,
        })
        .unwrap();
        assert_eq!(shapes(&p)[..2], [(vec![0], vec![0]), (vec![1], vec![1])]);
        p.apply(&Edit::Move {
            rendering: 0,
            bead: 2,
            side: Side::Source,
            end: End::First,
        })
        .unwrap();
        assert_eq!(shapes(&p)[1], (vec![1, 2], vec![1]));
        assert_eq!(shapes(&p)[2], (vec![3], vec![2]));
        assert_eq!(p.revision, 3);
    }

    #[test]
    fn a_move_that_empties_a_bead_removes_it() {
        let mut p = project();
        p.apply(&Edit::Move {
            rendering: 0,
            bead: 1,
            side: Side::Source,
            end: End::Last,
        })
        .unwrap();
        p.apply(&Edit::Move {
            rendering: 0,
            bead: 1,
            side: Side::Target,
            end: End::Last,
        })
        .unwrap();
        assert_eq!(
            shapes(&p),
            vec![(vec![0], vec![0]), (vec![1, 2, 3], vec![1, 2])]
        );
    }

    #[test]
    fn refused_edits_change_nothing() {
        let mut p = project();
        let before = p.clone();
        for edit in [
            Edit::Merge {
                rendering: 0,
                bead: 2,
            },
            Edit::Merge {
                rendering: 3,
                bead: 0,
            },
            Edit::Split {
                rendering: 0,
                bead: 0,
                source: 1,
                target: 1,
            },
            Edit::Split {
                rendering: 0,
                bead: 0,
                source: 0,
                target: 0,
            },
            Edit::Split {
                rendering: 0,
                bead: 9,
                source: 0,
                target: 0,
            },
            Edit::Move {
                rendering: 0,
                bead: 0,
                side: Side::Source,
                end: End::First,
            },
            Edit::JoinSegments {
                side: Side::Source,
                rendering: 0,
                segment: 0,
            },
            Edit::JoinSegments {
                side: Side::Source,
                rendering: 0,
                segment: 3,
            },
            Edit::SplitSegment {
                side: Side::Target,
                rendering: 0,
                segment: 0,
                at: 0,
            },
            Edit::SplitSegment {
                side: Side::Target,
                rendering: 0,
                segment: 0,
                at: 40,
            },
        ] {
            let e = p.apply(&edit).unwrap_err();
            assert!(matches!(e, ReviewError::Refused(_)), "{edit:?}: {e}");
            assert_eq!(p, before, "{edit:?}");
        }
    }

    #[test]
    fn segments_split_and_join_keep_the_text() {
        let mut p = project();
        p.apply(&Edit::SplitSegment {
            side: Side::Target,
            rendering: 0,
            segment: 2,
            at: 6,
        })
        .unwrap();
        let texts: Vec<&str> = p.renderings[0]
            .document
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, ["One.", "Two.", "Three.", "Four."]);
        assert_eq!(shapes(&p)[2], (vec![2, 3], vec![2, 3]));
        p.apply(&Edit::JoinSegments {
            side: Side::Source,
            rendering: 0,
            segment: 2,
        })
        .unwrap();
        assert_eq!(p.source.segments[2].text, "三。四。");
        assert_eq!(shapes(&p)[2], (vec![2], vec![2, 3]));
        p.check().unwrap();
    }

    #[test]
    fn stale_revisions_undo_and_redo() {
        let mut s = Session::new(project());
        s.apply(
            0,
            &Edit::Status {
                rendering: 0,
                bead: 1,
                status: Status::Rejected,
            },
        )
        .unwrap();
        let e = s
            .apply(
                0,
                &Edit::Merge {
                    rendering: 0,
                    bead: 0,
                },
            )
            .unwrap_err();
        assert!(matches!(
            e,
            ReviewError::Stale {
                current: 1,
                given: 0
            }
        ));
        assert!(s.undo(1).unwrap());
        assert_eq!(s.project().renderings[0].beads[1].status, Status::Auto);
        assert!(s.redo(2).unwrap());
        assert_eq!(s.project().renderings[0].beads[1].status, Status::Rejected);
        assert_eq!(s.project().revision, 3);
        let start = s.project().clone();
        s.apply(
            3,
            &Edit::Merge {
                rendering: 0,
                bead: 0,
            },
        )
        .unwrap();
        s.apply(
            4,
            &Edit::SplitSegment {
                side: Side::Source,
                rendering: 0,
                segment: 0,
                at: 1,
            },
        )
        .unwrap();
        s.apply(
            5,
            &Edit::Move {
                rendering: 0,
                bead: 1,
                side: Side::Target,
                end: End::First,
            },
        )
        .unwrap();
        let end = s.project().clone();
        for r in 6..9 {
            assert!(s.undo(r).unwrap());
        }
        assert_eq!(s.project().renderings, start.renderings);
        assert_eq!(s.project().source, start.source);
        for r in 9..12 {
            assert!(s.redo(r).unwrap());
        }
        assert!(!s.redo(12).unwrap());
        assert_eq!(s.project().renderings, end.renderings);
        assert_eq!(s.project().source, end.source);
    }

    #[test]
    fn realigning_keeps_approved_beads_and_what_is_far_from_the_review() {
        let mut p = project();
        assert_eq!(p.kept_for_realign(0), vec![true, true, true]);
        p.apply(&Edit::Status {
            rendering: 0,
            bead: 1,
            status: Status::Rejected,
        })
        .unwrap();
        assert_eq!(p.kept_for_realign(0), vec![false, false, false]);
        p.apply(&Edit::Status {
            rendering: 0,
            bead: 2,
            status: Status::Approved,
        })
        .unwrap();
        assert_eq!(p.kept_for_realign(0), vec![false, false, true]);
        let beads = vec![
            Bead::new(vec![0, 1], vec![0], 0.5),
            Bead::new(vec![], vec![1], 0.5),
            p.renderings[0].beads[2].clone(),
        ];
        let (next, changed) = p.with_beads(0, beads);
        next.check().unwrap();
        assert_eq!(changed, vec![0, 1]);
    }

    #[test]
    fn project_files_round_trip_and_refuse_others() {
        let p = project();
        assert_eq!(Project::from_json(&p.to_json()).unwrap(), p);
        assert!(Project::from_json("{}").is_err());
        let newer = p.to_json().replace("\"version\":1", "\"version\":9");
        assert!(
            Project::from_json(&newer)
                .unwrap_err()
                .to_string()
                .contains("version 9")
        );
        let broken = p.to_json().replace("\"source\":[2,3]", "\"source\":[3]");
        assert!(Project::from_json(&broken).is_err());
    }
}
