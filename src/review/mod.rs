//! What a reviewer sees beyond the beads: the quality flags of each bead
//! ([`flags`]: numbers, names and Latin tokens that do not agree, a question
//! on one side only, a bead without a counterpart, a suspect stretch) and,
//! for several renderings of one source, where they agree and differ
//! ([`renderings`]), and a review in progress with the edits a reviewer
//! makes ([`project`]). Runs after the alignment; the formats show what it
//! finds.

pub mod flags;
pub mod project;
pub mod renderings;
