//! bitext: Chinese↔English sentence alignment and bilingual exports.
//!
//! # The front door
//!
//! An [`Aligner`] is the whole pipeline behind one call; build it once and
//! align any number of pairs (this is what `bitext align` and
//! `bitext compare` do):
//!
//! ```
//! use bitext::{Aligner, ScorerKind, export};
//! let aligner = Aligner::builder().scorer(ScorerKind::Classic).build()?;
//! let outcome = aligner.align_texts("demo", "你好。我们走吧。", "Hello. Let's go.");
//! for warning in &outcome.warnings { eprintln!("warning: {warning}"); }
//! let (tmx, _) = export::to_bytes(export::Format::Tmx, &outcome.alignment, &Default::default())?;
//! std::fs::write(std::env::temp_dir().join("demo.tmx"), tmx)?;
//! assert_eq!(outcome.alignment.beads.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! As a dependency, `default-features = false` leaves out the `cli`
//! feature (the `bitext` command, with clap, anyhow and indicatif).
//!
//! Without `.scorer(..)` the aligner uses `bitext align`'s default: the
//! `combined` scorer (sentence embeddings and the dictionary) when the
//! shipped sentence-encoder model loads, else `classic` (length,
//! dictionary, numbers and names), with a [`Warning`] saying so. The
//! aligner prints nothing: warnings come back as values
//! ([`Outcome::warnings`], [`Aligner::warnings`]) and errors as types
//! ([`AlignerError`], [`error::Error`]); only the `bitext` binary's
//! `commands`, the edge, print them.
//!
//! # The pipeline
//!
//! Data flows one way:
//!
//! 1. **files** ([`io`]): reading and decoding texts, corpus folders,
//!    atomic output ([`align::aligner::read_document`] reads one input);
//! 2. **segments** ([`segment`]): sentence segments with paragraphs,
//!    headings and speakers, in a [`model::Document`];
//! 3. **scores** ([`score`], with [`lexicon`] and [`embed`]): the cost of
//!    each candidate bead from length, dictionary, anchors and embeddings;
//! 4. **search** ([`search`], which sees scores only through a trait): the
//!    best sequence of beads, with posterior confidences;
//! 5. **alignment** ([`align`], whose [`Aligner`] runs steps 2–4 and
//!    returns a [`model::Alignment`] with its [`Warning`]s);
//! 6. **review** ([`review`]): each bead's quality flags, and where several
//!    renderings of one source agree and differ;
//! 7. **exports** ([`export`]): TMX, CSV, HTML, Word, JSON, bead files.
//!
//! [`model`] at the bottom holds the types they all share (with the
//! suspect stretches the aligner warns about); [`import`] reads bead
//! files, TMX and CSV back into that model, and [`eval`] scores beads
//! against gold. `tests/layers.rs` keeps these layers honest: it fails
//! when a module imports one it may not.
//! The `bitext` binary (`src/main.rs`, `src/cli/`, `src/config.rs` and
//! `src/commands/`, one file per command) is built on this front door and
//! is not part of the library.

#![deny(unsafe_code)]

pub mod align;
pub mod documents;
pub mod embed;
pub mod error;
pub mod eval;
pub mod export;
pub mod features;
pub mod import;
pub mod io;
pub mod lexicon;
pub mod model;
pub mod review;
pub mod score;
pub mod search;
pub mod segment;
pub mod timing;
pub mod tmxcheck;
pub mod vector;

pub use align::ScorerKind;
pub use align::{Aligner, AlignerBuilder, AlignerError, Outcome, Warning};
