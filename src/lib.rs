//! bitext: Chinese↔English sentence alignment and bilingual exports.
//!
//! Data flows one way: files ([`corpus`]) → segments ([`segment`]) →
//! candidate scores ([`score`]) → the search ([`search`], which sees scores
//! through a trait) → beads ([`align`], the pipeline for one pair) →
//! exports ([`export`]).
//! [`model`] at the bottom holds the types they all share; [`import`] reads
//! bead files, TMX and CSV back into that model and [`eval`] scores beads
//! against gold. [`app`] runs the commands from a plain [`config`].

pub mod align;
pub mod app;
pub mod config;
pub mod corpus;
pub mod embed;
pub mod error;
pub mod eval;
pub mod export;
pub mod import;
pub mod join;
pub mod lexicon;
pub mod model;
pub mod score;
pub mod search;
pub mod segment;
pub mod timing;
pub mod vector;
