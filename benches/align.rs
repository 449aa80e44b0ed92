//! The stages of `bitext align` on the classic scorer, each alone:
//! segmentation of the shipped transcript (`corpus/altman-baai-2023`, the
//! Chinese and its English), building the pair scorer (features, length
//! model, dictionary index) for a mac-dev chapter (`../shared/data/mac-dev`,
//! when it is there; else the transcript), the search on the transcript
//! (banded DP and confidences; exhaustive and fast), and dictionary
//! lookup. Counters are sentences (bytes for segmentation).
//!
//! ```sh
//! cargo bench --bench align
//! ```

use bitext::align::{self, AlignOptions};
use bitext::lexicon::Dictionary;
use bitext::model::{Document, Lang};
use bitext::score::{PairScorer, Weights};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023")
}

fn text(name: &str) -> &'static str {
    static ZH: OnceLock<String> = OnceLock::new();
    static EN: OnceLock<String> = OnceLock::new();
    let cell = if name == "zh.txt" { &ZH } else { &EN };
    cell.get_or_init(|| std::fs::read_to_string(corpus_dir().join(name)).unwrap())
}

/// Reads and segments one input as `bitext align` does.
fn load(path: &Path, lang: &str, presplit: bool) -> Document {
    bitext::align::aligner::read_document(path, lang, presplit, None)
        .unwrap()
        .0
}

/// The transcript, segmented: (Chinese, English).
fn transcript() -> &'static (Document, Document) {
    static DOCS: OnceLock<(Document, Document)> = OnceLock::new();
    DOCS.get_or_init(|| {
        let dir = corpus_dir();
        (
            load(&dir.join("zh.txt"), "zh-CN", false),
            load(&dir.join("en.txt"), "en-US", false),
        )
    })
}

/// The first mac-dev chapter (one sentence a line), else the transcript.
fn scoring_pair() -> &'static (Document, Document) {
    static DOCS: OnceLock<(Document, Document)> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mac = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mac-dev");
        if mac.join("src/001").is_file() && mac.join("tgt/001").is_file() {
            (
                load(&mac.join("src/001"), "zh-CN", true),
                load(&mac.join("tgt/001"), "en-US", true),
            )
        } else {
            transcript().clone()
        }
    })
}

#[divan::bench(args = ["zh.txt", "en.txt"], sample_count = 30)]
fn segment(bencher: Bencher, file: &str) {
    let text = text(file);
    let lang = if file == "zh.txt" { Lang::Zh } else { Lang::En };
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| bitext::segment::segment(text, lang));
}

#[divan::bench(sample_count = 20)]
fn pair_scorer(bencher: Bencher) {
    let (source, target) = scoring_pair();
    let dictionary = Dictionary::builtin();
    bencher
        .counter(ItemsCount::new(source.len() + target.len()))
        .bench(|| PairScorer::new(source, target, dictionary, Weights::default()));
}

#[divan::bench(sample_count = 10)]
fn search_transcript(bencher: Bencher) {
    let (source, target) = transcript();
    let dictionary = Dictionary::builtin();
    let options = AlignOptions::default();
    bencher
        .counter(ItemsCount::new(source.len() + target.len()))
        .bench(|| align::align(source, target, dictionary, &options));
}

/// The same with the fast (coarse-to-fine) search forced on.
#[divan::bench(sample_count = 10)]
fn search_transcript_fast(bencher: Bencher) {
    let (source, target) = transcript();
    let dictionary = Dictionary::builtin();
    let options = AlignOptions {
        search: align::Search::Fast,
        ..AlignOptions::default()
    };
    bencher
        .counter(ItemsCount::new(source.len() + target.len()))
        .bench(|| align::align(source, target, dictionary, &options));
}

#[divan::bench(sample_count = 10)]
fn search_scoring_pair(bencher: Bencher) {
    let (source, target) = scoring_pair();
    let dictionary = Dictionary::builtin();
    let options = AlignOptions::default();
    bencher
        .counter(ItemsCount::new(source.len() + target.len()))
        .bench(|| align::align(source, target, dictionary, &options));
}

/// Chinese words of the transcript, as the greedy longest match finds them.
fn words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let dictionary = Dictionary::builtin();
        transcript()
            .0
            .segments
            .iter()
            .flat_map(|s| dictionary.split(&s.text))
            .filter(|(_, found)| *found)
            .map(|(w, _)| w.to_string())
            .collect()
    })
}

#[divan::bench(sample_count = 30)]
fn dictionary_translations(bencher: Bencher) {
    let dictionary = Dictionary::builtin();
    let words = words();
    bencher.counter(ItemsCount::new(words.len())).bench(|| {
        words
            .iter()
            .map(|w| dictionary.translations(w).count())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 30)]
fn dictionary_split_sentences(bencher: Bencher) {
    let dictionary = Dictionary::builtin();
    let sentences = &transcript().0.segments;
    bencher.counter(ItemsCount::new(sentences.len())).bench(|| {
        sentences
            .iter()
            .map(|s| dictionary.split(&s.text).len())
            .sum::<usize>()
    });
}
