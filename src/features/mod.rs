//! Cross-language evidence read from a sentence's text alone, the one
//! home of it for the scorer and for review: the numbers it mentions
//! ([`numbers`]), its Latin-script tokens ([`latin`]), its negations
//! ([`negation`]) and its questions, ellipses, quotes and brackets
//! ([`punctuation`]). The scorer counts them as evidence for a bead; the
//! review flags compare them across a bead's sides.

pub mod latin;
pub mod negation;
pub mod numbers;
pub mod punctuation;
