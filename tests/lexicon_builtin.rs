//! The lexicon through the public API: the built-in dictionary, lemmas,
//! Chinese content words and user dictionaries. `load_times` prints how long
//! the first dictionary lookup and jieba's set-up take (run it with
//! `cargo test --release --test lexicon_builtin -- --nocapture load_times`).

use bitext::lexicon::{Dictionary, LexiconError, chinese, english};
use std::time::Instant;

#[test]
fn builtin_dictionary_meets_english_lemmas() {
    let dict = Dictionary::builtin();
    let model: Vec<&str> = dict.translations("模型").collect();
    assert!(model.contains(&"model"), "{model:?}");
    for form in ["models", "modeled", "Model", "modelling"] {
        assert_eq!(english::lemma(form), "model", "{form}");
    }
    assert_eq!(english::lemma("worked"), "work");

    // A sentence pair shares lemmas through the dictionary.
    let zh = chinese::content_words("我们讨论了人工智能的安全问题。");
    let en =
        english::content_lemmas("We discussed the safety problems of artificial intelligence.");
    let shared: Vec<&str> = zh
        .iter()
        .filter(|w| dict.translations(w).any(|t| en.iter().any(|e| e == t)))
        .copied()
        .collect();
    for word in ["讨论", "人工智能", "安全", "问题"] {
        assert!(shared.contains(&word), "{word}: {zh:?} {en:?} {shared:?}");
    }
}

#[test]
fn user_dictionary_files_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let cedict = dir.path().join("user.u8");
    std::fs::write(
        &cedict,
        "對齊 对齐 [dui4 qi2] /to align (sentences)/alignment/\n",
    )
    .unwrap();
    let hunalign = dir.path().join("user.dic");
    std::fs::write(&hunalign, "sentence aligner @ 句子对齐器\n").unwrap();

    let mut dict = Dictionary::builtin_with(&cedict).unwrap();
    dict.merge(Dictionary::from_path(&hunalign).unwrap());
    // User entries first, then the built-in ones (CC-CEDICT adds `justify`).
    let aligned: Vec<&str> = dict.translations("對齊").collect();
    assert_eq!(&aligned[..2], ["align", "alignment"]);
    assert!(aligned.contains(&"justify"), "{aligned:?}");
    assert_eq!(
        dict.translations("句子对齐器").collect::<Vec<_>>(),
        ["sentence", "aligner"]
    );
    assert!(dict.translations("模型").any(|w| w == "model"));

    std::fs::write(&hunalign, "# mine\nsentence @ 句子\naligner 对齐器\n").unwrap();
    let err = Dictionary::from_path(&hunalign).unwrap_err();
    assert!(matches!(err, LexiconError::Syntax { line: 3, .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("user.dic") && text.contains("line 3") && text.contains("aligner 对齐器"),
        "{text}"
    );
}

#[test]
fn load_times() {
    let start = Instant::now();
    let n = Dictionary::builtin().translations("模型").count();
    let dictionary = start.elapsed();
    let start = Instant::now();
    let words = chinese::content_words("模型");
    let jieba = start.elapsed();
    let start = Instant::now();
    let lemma = english::lemma("modeled");
    let lemma_time = start.elapsed();
    println!(
        "first dictionary lookup: {dictionary:?} ({n} translations); jieba set-up and first cut: {jieba:?} ({words:?}); first lemma: {lemma_time:?} ({lemma}); {} Chinese keys",
        Dictionary::builtin_entries()
    );
}
