//! Word-level knowledge for lexical similarity: a Chinese→English
//! dictionary ([`dict`], the built-in CC-CEDICT plus user dictionaries),
//! English content words as lemmas ([`english`]) and Chinese content words
//! from jieba ([`chinese`]). A Chinese word and an English word are
//! translations when an English lemma of the text is among the dictionary's
//! translations of the Chinese word.
//!
//! The built-in dictionary is CC-CEDICT (CC BY-SA 4.0, MDBG), shipped as
//! `data/cedict_1_0_ts_utf-8_mdbg.txt` and precomputed at build time by
//! `build.rs` into a table read in place.

pub mod chinese;
pub mod dict;
pub mod english;
pub mod gloss;
pub mod morph;
pub mod numbers;
mod table;

pub use dict::{Dictionary, Format, LineError};

use std::path::PathBuf;
use thiserror::Error;

/// Errors reading a user dictionary. Each names the file.
#[derive(Debug, Error)]
pub enum LexiconError {
    #[error("{path}: cannot read: {cause}")]
    Io {
        path: PathBuf,
        /// Why (part of the message, not a separate cause, so that `{:#}`
        /// does not print it twice).
        cause: std::io::Error,
    },
    #[error("{path}: line {line}: {message}{}", if text.is_empty() { String::new() } else { format!(": `{text}`") })]
    Syntax {
        path: PathBuf,
        line: usize,
        text: String,
        message: String,
    },
}
