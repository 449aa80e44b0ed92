//! A review session: a project with its undo and redo history.

use super::{Change, Edit, HISTORY, Project, ReviewError};
use crate::model::Bead;

/// A project with its undo and redo history: what a review session edits.
#[derive(Debug, Clone)]
pub struct Session {
    project: Project,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// What undoes (or redoes) one change: the beads a bead edit replaced, or
/// the whole project before a change of segments or a new alignment.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Beads {
        rendering: usize,
        from: usize,
        /// The beads to put back at `from`.
        beads: Vec<Bead>,
        /// How many beads now stand there.
        len: usize,
    },
    Whole(Box<Project>),
}

impl Session {
    pub fn new(project: Project) -> Session {
        Session {
            project,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Applies `edit` made from revision `revision`, keeping what undoes it.
    pub fn apply(&mut self, revision: u64, edit: &Edit) -> Result<Change, ReviewError> {
        self.project.check_revision(revision)?;
        let (change, step) = self.project.apply_keeping(edit)?;
        push(&mut self.undo, step);
        self.redo.clear();
        Ok(change)
    }

    /// Replaces the project (say, aligned again), keeping the state before
    /// for undo.
    pub fn replace(&mut self, revision: u64, mut next: Project) -> Result<(), ReviewError> {
        self.project.check_revision(revision)?;
        next.check()
            .map_err(|e| ReviewError::Refused(format!("the new alignment is broken: {e}")))?;
        next.revision = self.project.revision + 1;
        let before = std::mem::replace(&mut self.project, next);
        push(&mut self.undo, Step::Whole(Box::new(before)));
        self.redo.clear();
        Ok(())
    }

    /// Puts `step` into effect and returns what takes it back.
    fn take(&mut self, step: Step) -> Step {
        let revision = self.project.revision + 1;
        let inverse = match step {
            Step::Beads {
                rendering,
                from,
                beads,
                len,
            } => {
                let put = beads.len();
                let now = &mut self.project.renderings[rendering].beads;
                let taken: Vec<Bead> = now.splice(from..from + len, beads).collect();
                Step::Beads {
                    rendering,
                    from,
                    beads: taken,
                    len: put,
                }
            }
            Step::Whole(project) => {
                Step::Whole(Box::new(std::mem::replace(&mut self.project, *project)))
            }
        };
        self.project.revision = revision;
        inverse
    }

    /// Takes back the last edit; false when there is none.
    pub fn undo(&mut self, revision: u64) -> Result<bool, ReviewError> {
        self.project.check_revision(revision)?;
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        let inverse = self.take(step);
        push(&mut self.redo, inverse);
        Ok(true)
    }

    /// Makes again the last edit taken back; false when there is none.
    pub fn redo(&mut self, revision: u64) -> Result<bool, ReviewError> {
        self.project.check_revision(revision)?;
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        let inverse = self.take(step);
        push(&mut self.undo, inverse);
        Ok(true)
    }

    /// Edits that can be undone and redone.
    pub fn history(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}

fn push(history: &mut Vec<Step>, step: Step) {
    history.push(step);
    if history.len() > HISTORY {
        history.remove(0);
    }
}
