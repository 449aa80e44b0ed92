//! Turns the two documents into the lexical index's inputs: Chinese word
//! units with the keys they may translate to (dictionary translations,
//! numbers, Latin tokens), and bags of English keys (lemmas, numbers,
//! lowercased tokens).

use super::anchors;
use super::lexical::{LexicalIndex, WordUnit};
use crate::lexicon::{Dictionary, chinese, english, morph};
use crate::model::{Document, Lang};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Interns strings as small integer ids.
#[derive(Debug, Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.0.get(s) {
            return id;
        }
        let next = self.0.len() as u32;
        self.0.insert(s.to_string(), next);
        next
    }
}

/// English tokens of a text, lowercased, with inner `-`, `.`, `'` kept.
fn english_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’')))
        .map(|t| t.trim_matches(|c: char| matches!(c, '-' | '.' | '\'' | '’')))
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect()
}

/// Segments tokenized at a time (in parallel); the strings of one chunk
/// are turned into ids before the next, to bound memory.
const CHUNK: usize = 65_536;

/// The strings of one side-B segment: tokens, numbers, and the words whose
/// lemmas count when the dictionary is used.
type BStrings = (Vec<String>, Vec<String>, Vec<String>);

/// The strings of one side-A segment: numbers, Latin tokens, and content
/// words looked up in the dictionary.
type AStrings<'t> = (Vec<String>, Vec<String>, Vec<&'t str>);

/// Builds the lexical index with side A = `a` (the Chinese side when there
/// is one) and side B = `b`. The dictionary is used when A is Chinese and B
/// is not.
pub fn build_index(a: &Document, b: &Document, dictionary: &Dictionary) -> LexicalIndex {
    let use_dictionary = a.family() == Lang::Zh && b.family() != Lang::Zh;
    let latin_in_a = a.family() == Lang::Zh;
    let mut keys = Interner::default();
    let mut words = Interner::default();

    let a_tokens = |text: &str| {
        if latin_in_a {
            anchors::latin_tokens(text)
        } else {
            english_tokens(text)
        }
    };
    // Latin tokens of side A, for the B-side pairs they may stand for.
    let a_latin: HashSet<String> = a
        .segments
        .par_iter()
        .flat_map_iter(|s| a_tokens(&s.text))
        .collect();

    // Side B: a bag of keys per segment.
    let mut b_vocab: HashSet<String> = HashSet::new();
    let mut b_pairs: HashMap<String, (String, String)> = HashMap::new();
    let mut lemma_memo: HashMap<String, Option<u32>> = HashMap::new();
    let mut b_bags: Vec<Vec<u32>> = Vec::with_capacity(b.len());
    for chunk in b.segments.chunks(CHUNK) {
        let strings: Vec<BStrings> = chunk
            .par_iter()
            .map(|seg| {
                let lemma_words = if use_dictionary {
                    morph::words(&seg.text).collect()
                } else {
                    Vec::new()
                };
                (
                    english_tokens(&seg.text),
                    anchors::numbers(&seg.text),
                    lemma_words,
                )
            })
            .collect();
        for (toks, numbers, lemma_words) in strings {
            for w in toks.windows(2) {
                let joined = format!("{}{}", w[0], w[1]);
                if a_latin.contains(&joined) {
                    b_pairs.insert(joined, (w[0].clone(), w[1].clone()));
                }
            }
            let mut bag: Vec<u32> = toks.iter().map(|t| keys.id(t)).collect();
            bag.extend(numbers.iter().map(|n| keys.id(&format!("#{n}"))));
            for word in &lemma_words {
                let lemma = match lemma_memo.get(word.as_str()) {
                    Some(&l) => l,
                    None => {
                        let l = english::content_lemma(word).map(|l| keys.id(&l));
                        lemma_memo.insert(word.clone(), l);
                        l
                    }
                };
                bag.extend(lemma);
            }
            for t in toks {
                if !b_vocab.contains(&t) {
                    b_vocab.insert(t);
                }
            }
            bag.shrink_to_fit();
            b_bags.push(bag);
        }
    }
    drop(lemma_memo);
    let b_vocab: HashSet<&str> = b_vocab.iter().map(String::as_str).collect();

    // Side A: ids of distinct word units.
    let mut table: Vec<WordUnit> = Vec::new();
    let add = |table: &mut Vec<WordUnit>, unit: WordUnit| {
        table.push(unit);
        (table.len() - 1) as u32
    };
    let mut latin_memo: HashMap<String, u32> = HashMap::new();
    let mut number_memo: HashMap<String, u32> = HashMap::new();
    let mut word_memo: HashMap<&str, Option<u32>> = HashMap::new();
    let mut a_units: Vec<Vec<u32>> = Vec::with_capacity(a.len());
    for chunk in a.segments.chunks(CHUNK) {
        let strings: Vec<AStrings> = chunk
            .par_iter()
            .map(|seg| {
                let content = if use_dictionary {
                    chinese::content_words(&seg.text)
                        .into_iter()
                        .filter(|w| !chinese::is_latin(w))
                        .collect()
                } else {
                    Vec::new()
                };
                (anchors::numbers(&seg.text), a_tokens(&seg.text), content)
            })
            .collect();
        // The dictionary entries of words not seen before, in parallel.
        let mut new_words: Vec<&str> = strings
            .iter()
            .flat_map(|s| s.2.iter().copied())
            .filter(|w| !word_memo.contains_key(w))
            .collect();
        new_words.sort_unstable();
        new_words.dedup();
        let translated: Vec<Vec<&str>> = new_words
            .par_iter()
            .map(|w| dictionary.translations_or_parts(w))
            .collect();
        for (word, translations) in new_words.into_iter().zip(translated) {
            let unit = (!translations.is_empty()).then(|| {
                let unit = WordUnit {
                    word: words.id(word),
                    keys: translations.iter().map(|t| keys.id(t)).collect(),
                };
                add(&mut table, unit)
            });
            word_memo.insert(word, unit);
        }
        for (numbers, tokens, content) in strings {
            let mut units = Vec::new();
            for n in numbers {
                let id = match number_memo.get(&n) {
                    Some(&id) => id,
                    None => {
                        let key = format!("#{n}");
                        let unit = WordUnit {
                            word: words.id(&key),
                            keys: vec![keys.id(&key)],
                        };
                        let id = add(&mut table, unit);
                        number_memo.insert(n, id);
                        id
                    }
                };
                units.push(id);
            }
            units.extend(content.iter().filter_map(|w| word_memo[w]));
            for tok in tokens {
                if tok.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    continue;
                }
                let id = match latin_memo.get(&tok) {
                    Some(&id) => id,
                    None => {
                        let unit = WordUnit {
                            word: words.id(&format!("lat:{tok}")),
                            keys: latin_matches(&tok, &b_vocab, &b_pairs)
                                .iter()
                                .map(|m| keys.id(m))
                                .collect(),
                        };
                        let id = add(&mut table, unit);
                        latin_memo.insert(tok, id);
                        id
                    }
                };
                units.push(id);
            }
            units.shrink_to_fit();
            a_units.push(units);
        }
    }
    LexicalIndex::from_units(table, a_units, b_bags)
}

/// The B-side tokens a Latin token of side A stands for: itself, close
/// spellings (strsim), and a pair of adjacent tokens written together
/// (`samaltman` ↔ `sam altman`).
fn latin_matches(
    token: &str,
    vocab: &HashSet<&str>,
    pairs: &HashMap<String, (String, String)>,
) -> Vec<String> {
    let mut out = vec![token.to_string()];
    if let Some((x, y)) = pairs.get(token) {
        out.push(x.clone());
        out.push(y.clone());
    }
    if token.len() >= 4 {
        for v in vocab {
            if v.len() >= 4 && *v != token && anchors::latin_similarity(token, v) >= 0.8 {
                out.push(v.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Segment;

    #[test]
    fn latin_and_numbers_anchor_across_languages() {
        let zh = Document::new(
            "zh",
            "zh-CN",
            vec![
                Segment::sentence(0, "6月10日,SamAltman发表演讲。"),
                Segment::sentence(1, "我们讨论了GPT-4。"),
            ],
        );
        let en = Document::new(
            "en",
            "en",
            vec![
                Segment::sentence(0, "On June 10, Sam Altman gave a talk."),
                Segment::sentence(1, "We discussed GPT-4."),
            ],
        );
        let mut idx = build_index(&zh, &en, &Dictionary::empty());
        idx.prepare(&[(0, 2), (0, 2)]);
        assert!(idx.similarity(0, 1, 0, 1).unwrap() > 0.9);
        assert!(idx.similarity(1, 2, 1, 2).unwrap() > 0.9);
        assert!(idx.similarity(0, 1, 1, 2).unwrap() < 0.1);
    }
}

#[cfg(test)]
mod dictionary_tests {
    use super::*;
    use crate::model::Segment;

    #[test]
    fn dictionary_links_chinese_words_to_english_lemmas() {
        let zh = Document::new(
            "zh",
            "zh-CN",
            vec![
                Segment::sentence(0, "我们训练了更强大的模型。"),
                Segment::sentence(1, "世界需要合作。"),
            ],
        );
        let en = Document::new(
            "en",
            "en",
            vec![
                Segment::sentence(0, "We trained more powerful models."),
                Segment::sentence(1, "The world needs cooperation."),
            ],
        );
        let mut idx = build_index(&zh, &en, Dictionary::builtin());
        idx.prepare(&[(0, 2), (0, 2)]);
        let right = idx.similarity(0, 1, 0, 1).unwrap();
        let wrong = idx.similarity(0, 1, 1, 2).unwrap_or(0.0);
        assert!(
            right > 0.5 && right > wrong + 0.3,
            "right {right} wrong {wrong}"
        );
        assert!(idx.similarity(1, 2, 1, 2).unwrap() > 0.5);
    }
}
