//! The library's error type: what can go wrong with the user's files.

use std::path::PathBuf;
use thiserror::Error;

/// Errors about input and output files. Each names the file.
#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}: file not found")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read: {cause}")]
    Unreadable {
        path: PathBuf,
        /// Why (part of the message, not a separate cause, so that `{:#}`
        /// does not print it twice).
        cause: std::io::Error,
    },
    #[error("{path}: the file is empty (no text to align)")]
    Empty { path: PathBuf },
    #[error("{path}: line {line}: not valid {encoding} text (name the encoding with --encoding)")]
    Undecodable {
        path: PathBuf,
        encoding: &'static str,
        line: usize,
    },
    #[error("{path}: unknown encoding `{label}` (try utf-8, utf-16le, gb18030, gbk or big5)")]
    UnknownEncoding { path: PathBuf, label: String },
    #[error("{path}: looks like a binary file (NUL byte at offset {offset}), not text")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: is a folder without `zh.txt` and `en*.txt` files")]
    NotACorpus { path: PathBuf },
    #[error("{path}: cannot write: {cause}")]
    Unwritable {
        path: PathBuf,
        /// Why (part of the message, not a separate cause, so that `{:#}`
        /// does not print it twice).
        cause: std::io::Error,
    },
    #[error("{path}: refusing to overwrite an input file with output")]
    OutputIsInput { path: PathBuf },
    /// A DOCX, EPUB, HTML or Markdown input that could not be read.
    #[error(transparent)]
    Document(#[from] DocumentError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A document that could not be read: each error names the file and,
/// inside an archive, the part.
#[derive(Debug, Error)]
pub enum DocumentError {
    #[error("{path}: not a readable {format} file (broken zip: {message})")]
    Zip {
        path: String,
        format: &'static str,
        message: String,
    },
    #[error("{path}: {part}: malformed XML ({message})")]
    Xml {
        path: String,
        part: String,
        message: String,
    },
    #[error("{path}: {part}: missing from the {format} file")]
    MissingPart {
        path: String,
        part: String,
        format: &'static str,
    },
    #[error("{path}: refused, looks like a zip bomb: {reason}")]
    ZipBomb { path: String, reason: String },
    #[error("{path}: line {line}: {message}")]
    Subtitles {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: {part}: not UTF-8 text")]
    NotUtf8 { path: String, part: String },
}
