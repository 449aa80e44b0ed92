//! Cross-language evidence read from a sentence's text alone: the numbers
//! it mentions ([`numbers`]), its Latin-script tokens ([`latin`]) and its
//! negations ([`negation`]). The review flags compare them across a bead's
//! sides.

pub mod latin;
pub mod negation;
pub mod numbers;
