//! TODO header

pub mod beads;
