//! Sentence-encoder throughput (`bitext::embed`), in sentences per second:
//! tokenizing, the model on ready token ids, and both together, on the
//! sentences of the shipped transcript (`corpus/altman-baai-2023`, Chinese
//! split at 。？！, English at . ? ! and blank lines, 260 sentences) and on
//! batches of 1, 32 and 1024 of them.
//!
//! ```sh
//! cargo bench --bench embed
//! ```

use bitext::embed::Encoder;
use divan::Bencher;
use divan::counter::ItemsCount;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| Encoder::load_default().expect("the shipped model"))
}

/// The transcript's sentences, Chinese then English.
fn sentences() -> &'static [String] {
    static SENTENCES: OnceLock<Vec<String>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/altman-baai-2023");
        let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let mut out = Vec::new();
        let split = |text: &str, ends: &[char], out: &mut Vec<String>| {
            let mut current = String::new();
            for c in text.chars() {
                if c == '\n' {
                    if !current.trim().is_empty() {
                        out.push(current.trim().to_string());
                    }
                    current.clear();
                    continue;
                }
                current.push(c);
                if ends.contains(&c) {
                    out.push(current.trim().to_string());
                    current.clear();
                }
            }
            if !current.trim().is_empty() {
                out.push(current.trim().to_string());
            }
        };
        split(&read("zh.txt"), &['。', '？', '！', '?', '!'], &mut out);
        split(&read("en.txt"), &['.', '?', '!'], &mut out);
        out.retain(|s| s.chars().count() > 1);
        out
    })
}

/// `n` sentences, cycling through the transcript.
fn batch(n: usize) -> Vec<&'static str> {
    sentences()
        .iter()
        .map(String::as_str)
        .cycle()
        .take(n)
        .collect()
}

#[divan::bench(sample_count = 10)]
fn load(bencher: Bencher) {
    bencher.bench(|| Encoder::load_default().unwrap());
}

#[divan::bench(sample_count = 20)]
fn tokenize_corpus(bencher: Bencher) {
    let enc = encoder();
    let texts = sentences();
    bencher
        .counter(ItemsCount::new(texts.len()))
        .bench(|| texts.iter().map(|t| enc.tokenize(t).len()).sum::<usize>());
}

#[divan::bench(sample_count = 20)]
fn model_corpus(bencher: Bencher) {
    let enc = encoder();
    let ids: Vec<Vec<u32>> = sentences().iter().map(|t| enc.tokenize(t)).collect();
    bencher
        .counter(ItemsCount::new(ids.len()))
        .bench(|| enc.embed_ids(&ids));
}

#[divan::bench(args = [1, 32, 260, 1024], sample_count = 20)]
fn embed(bencher: Bencher, n: usize) {
    let enc = encoder();
    let texts = batch(n);
    bencher
        .counter(ItemsCount::new(n))
        .bench(|| enc.embed_all(&texts));
}
