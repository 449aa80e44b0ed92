//! Cross-language evidence read from a sentence's text alone: the numbers
//! it mentions ([`numbers`]) and its Latin-script tokens ([`latin`]). The
//! review flags compare them across a bead's sides.

pub mod latin;
pub mod numbers;
