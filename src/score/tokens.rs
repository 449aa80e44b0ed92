//! Turns the two documents into the lexical index's inputs: Chinese word
//! units with the keys they may translate to (dictionary translations,
//! numbers, Latin tokens), and bags of English keys (lemmas, numbers,
//! lowercased tokens).

use super::anchors;
use super::lexical::{LexicalIndex, WordUnit};
use crate::lexicon::{Dictionary, chinese, english};
use crate::model::{Document, Lang};
use std::collections::HashMap;

/// Interns strings as small integer ids.
#[derive(Debug, Default)]
struct Interner(HashMap<String, u32>);

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(s.to_string()).or_insert(next)
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

/// Builds the lexical index with side A = `a` (the Chinese side when there
/// is one) and side B = `b`. The dictionary is used when A is Chinese and B
/// is not.
pub fn build_index(a: &Document, b: &Document, dictionary: &Dictionary) -> LexicalIndex {
    let use_dictionary = a.family() == Lang::Zh && b.family() != Lang::Zh;
    let mut keys = Interner::default();
    let mut words = Interner::default();

    // Side B: a bag of keys per segment.
    let b_tokens: Vec<Vec<String>> = b.segments.iter().map(|s| english_tokens(&s.text)).collect();
    let b_vocab: std::collections::HashSet<&str> =
        b_tokens.iter().flatten().map(String::as_str).collect();
    let b_pairs: HashMap<String, (String, String)> = b_tokens
        .iter()
        .flat_map(|t| {
            t.windows(2)
                .map(|w| (format!("{}{}", w[0], w[1]), (w[0].clone(), w[1].clone())))
        })
        .collect();
    let b_bags: Vec<Vec<u32>> = b
        .segments
        .iter()
        .zip(&b_tokens)
        .map(|(seg, toks)| {
            let mut bag: Vec<u32> = toks.iter().map(|t| keys.id(t)).collect();
            bag.extend(
                anchors::numbers(&seg.text)
                    .iter()
                    .map(|n| keys.id(&format!("#{n}"))),
            );
            if use_dictionary {
                bag.extend(
                    english::content_lemmas(&seg.text)
                        .iter()
                        .map(|l| keys.id(l)),
                );
            }
            bag
        })
        .collect();

    // Side A: word units.
    let latin_in_a = a.family() == Lang::Zh;
    let mut latin_cache: HashMap<String, Vec<u32>> = HashMap::new();
    let a_units: Vec<Vec<WordUnit>> = a
        .segments
        .iter()
        .map(|seg| {
            let mut units = Vec::new();
            for n in anchors::numbers(&seg.text) {
                let key = keys.id(&format!("#{n}"));
                units.push(WordUnit {
                    word: words.id(&format!("#{n}")),
                    keys: vec![key],
                });
            }
            let tokens = if latin_in_a {
                anchors::latin_tokens(&seg.text)
            } else {
                english_tokens(&seg.text)
            };
            if use_dictionary {
                for word in chinese::content_words(&seg.text) {
                    if chinese::is_latin(word) {
                        continue;
                    }
                    let translations = dictionary.translations_or_parts(word);
                    if translations.is_empty() {
                        continue;
                    }
                    let unit_keys = translations.iter().map(|t| keys.id(t)).collect();
                    units.push(WordUnit {
                        word: words.id(word),
                        keys: unit_keys,
                    });
                }
            }
            for tok in tokens {
                if tok.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    continue;
                }
                let unit_keys = latin_cache
                    .entry(tok.clone())
                    .or_insert_with(|| {
                        latin_matches(&tok, &b_vocab, &b_pairs)
                            .iter()
                            .map(|m| keys.id(m))
                            .collect()
                    })
                    .clone();
                units.push(WordUnit {
                    word: words.id(&format!("lat:{tok}")),
                    keys: unit_keys,
                });
            }
            units
        })
        .collect();
    LexicalIndex::new(&a_units, &b_bags)
}

/// The B-side tokens a Latin token of side A stands for: itself, close
/// spellings (strsim), and a pair of adjacent tokens written together
/// (`samaltman` ↔ `sam altman`).
fn latin_matches(
    token: &str,
    vocab: &std::collections::HashSet<&str>,
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
