//! Turns the two documents into the lexical index's inputs: Chinese word
//! units with the keys they may translate to (dictionary translations,
//! numbers, Latin tokens), and bags of English keys (lemmas, numbers,
//! lowercased tokens).

use super::lexical::{LexicalIndex, WordUnit};
use crate::features::latin::{latin_keys, latin_similarity};
use crate::features::numbers::number_tokens;
use crate::lexicon::{Dictionary, chinese, english, morph};
use crate::model::{Document, Lang, Segment};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Hash maps and sets with foldhash (fast on short strings, unlike the
/// standard SipHash), seeded the same in every run.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
type FastSet<T> = HashSet<T, foldhash::fast::FixedState>;

/// Interns strings as small integer ids.
#[derive(Debug, Default)]
struct Interner(FastMap<String, u32>);

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

/// Segments one worker tokenizes and interns at a time; the chunks' ids
/// are merged into global ones in document order afterwards.
const CHUNK: usize = 16_384;

/// Side-B segments tokenized by one worker, with ids local to the chunk.
struct BChunk {
    /// The chunk's keys by local id (in order of first use), and whether
    /// each is a token (which Latin tokens of side A may match).
    keys: Vec<(String, bool)>,
    bags: Vec<Vec<u32>>,
    /// Adjacent tokens written together that side A has as a Latin token,
    /// the last occurrence of each.
    pairs: FastMap<String, (String, String)>,
}

/// A chunk's keys: ids by string, strings by id, and whether each is a
/// token.
#[derive(Default)]
struct ChunkKeys {
    ids: FastMap<String, u32>,
    strings: Vec<String>,
    token: Vec<bool>,
}

impl ChunkKeys {
    fn id(&mut self, s: &str, is_token: bool) -> u32 {
        let id = match self.ids.get(s) {
            Some(&id) => id,
            None => {
                let id = self.strings.len() as u32;
                self.ids.insert(s.to_string(), id);
                self.strings.push(s.to_string());
                self.token.push(false);
                id
            }
        };
        self.token[id as usize] |= is_token;
        id
    }
}

/// True for a character of a run that [`english_tokens`] and
/// [`morph::words`] may cut further but never cross.
fn in_run(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

/// Tokenizes side-B segments: tokens, then numbers, then content lemmas
/// (when `lemmas`), each as a key. Both tokenizers work run by run (see
/// [`in_run`]), so each distinct run is tokenized once.
///
/// Long because the three kinds of keys (tokens, numbers, lemmas) are made in
/// one pass over each distinct run, sharing its cache.
fn b_chunk(segments: &[Segment], lemmas: bool, a_latin: &FastSet<String>) -> BChunk {
    let mut keys = ChunkKeys::default();
    let mut lemma_memo: FastMap<String, Option<u32>> = FastMap::default();
    // Run → its token keys and lemma keys, at `flat[start..]`.
    let mut runs: FastMap<&str, (u32, u32, u32)> = FastMap::default();
    let mut flat: Vec<u32> = Vec::new();
    let mut pair_memo: FastMap<(u32, u32), bool> = FastMap::default();
    let mut pairs = FastMap::default();
    let mut joined = String::new();
    let mut bags = Vec::with_capacity(segments.len());
    let mut seg_tokens: Vec<u32> = Vec::new();
    let mut seg_lemmas: Vec<u32> = Vec::new();
    for seg in segments {
        seg_tokens.clear();
        seg_lemmas.clear();
        for run in seg
            .text
            .split(|c: char| !in_run(c))
            .filter(|r| !r.is_empty())
        {
            let (start, t, l) = match runs.get(run) {
                Some(&hit) => hit,
                None => {
                    let start = flat.len() as u32;
                    for tok in english_tokens(run) {
                        flat.push(keys.id(&tok, true));
                    }
                    let t = flat.len() as u32 - start;
                    if lemmas {
                        for word in morph::words(run) {
                            let lemma = match lemma_memo.get(word.as_str()) {
                                Some(&l) => l,
                                None => {
                                    let l =
                                        english::content_lemma(&word).map(|l| keys.id(&l, false));
                                    lemma_memo.insert(word, l);
                                    l
                                }
                            };
                            flat.extend(lemma);
                        }
                    }
                    let l = flat.len() as u32 - start - t;
                    let entry = (start, t, l);
                    runs.insert(run, entry);
                    entry
                }
            };
            let (start, t, l) = (start as usize, t as usize, l as usize);
            seg_tokens.extend_from_slice(&flat[start..start + t]);
            seg_lemmas.extend_from_slice(&flat[start + t..start + t + l]);
        }
        if !a_latin.is_empty() {
            for w in seg_tokens.windows(2) {
                let (x, y) = (&keys.strings[w[0] as usize], &keys.strings[w[1] as usize]);
                let hit = *pair_memo.entry((w[0], w[1])).or_insert_with(|| {
                    joined.clear();
                    joined.push_str(x);
                    joined.push_str(y);
                    a_latin.contains(joined.as_str())
                });
                if hit {
                    pairs.insert(format!("{x}{y}"), (x.clone(), y.clone()));
                }
            }
        }
        let mut bag: Vec<u32> = Vec::with_capacity(seg_tokens.len() + seg_lemmas.len() + 2);
        bag.extend_from_slice(&seg_tokens);
        for n in number_tokens(&seg.text) {
            joined.clear();
            joined.push('#');
            joined.push_str(&n);
            bag.push(keys.id(&joined, false));
        }
        bag.extend_from_slice(&seg_lemmas);
        bag.shrink_to_fit();
        bags.push(bag);
    }
    BChunk {
        keys: keys.strings.into_iter().zip(keys.token).collect(),
        bags,
        pairs,
    }
}

/// What a side-A item is: a number, a content word for the dictionary, or
/// a Latin token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum AKind {
    Number,
    Word,
    Latin,
}

/// Side-A segments tokenized by one worker, with item ids local to the
/// chunk.
struct AChunk<'t> {
    items: Vec<(AKind, std::borrow::Cow<'t, str>)>,
    segments: Vec<Vec<u32>>,
}

/// Tokenizes side-A segments: numbers, then content words (when
/// `content`), then Latin tokens (`tokens`), each as an item.
fn a_chunk<'t>(
    segments: &'t [Segment],
    content: Option<&chinese::Segmenter>,
    tokens: &(dyn Fn(&str) -> Vec<String> + Sync),
) -> AChunk<'t> {
    let mut ids: FastMap<(AKind, std::borrow::Cow<'t, str>), u32> = FastMap::default();
    let mut items = Vec::new();
    let mut id = |kind: AKind, s: std::borrow::Cow<'t, str>| -> u32 {
        let key = (kind, s);
        if let Some(&id) = ids.get(&key) {
            return id;
        }
        let next = items.len() as u32;
        items.push(key.clone());
        ids.insert(key, next);
        next
    };
    let mut out = Vec::with_capacity(segments.len());
    for seg in segments {
        let mut units: Vec<u32> = number_tokens(&seg.text)
            .into_iter()
            .map(|n| id(AKind::Number, n.into()))
            .collect();
        if let Some(segmenter) = content {
            for w in segmenter.content_words(&seg.text) {
                if !chinese::is_latin(w) {
                    units.push(id(AKind::Word, w.into()));
                }
            }
        }
        for tok in tokens(&seg.text) {
            if tok.chars().all(|c| c.is_ascii_digit() || c == '.') {
                continue;
            }
            units.push(id(AKind::Latin, tok.into()));
        }
        units.shrink_to_fit();
        out.push(units);
    }
    AChunk {
        items,
        segments: out,
    }
}

/// Builds the lexical index with side A = `a` (the Chinese side when there
/// is one) and side B = `b`. The dictionary is used when A is Chinese and B
/// is not.
///
/// Long because it builds side B's bags and side A's word units in place,
/// each in parallel chunks re-interned in document order, and the two
/// share the vocabulary tables.
pub fn build_index(a: &Document, b: &Document, dictionary: &Dictionary) -> LexicalIndex {
    let use_dictionary = a.family() == Lang::Zh && b.family() != Lang::Zh;
    let latin_in_a = a.family() == Lang::Zh;
    let mut keys = Interner::default();
    let mut words = Interner::default();
    // Made first: for a long text jieba's dictionary loads meanwhile.
    let segmenter = use_dictionary
        .then(|| chinese::Segmenter::for_texts(a.segments.iter().map(|s| s.text.as_str())));

    let a_tokens = |text: &str| {
        if latin_in_a {
            latin_keys(text)
        } else {
            english_tokens(text)
        }
    };
    // Latin tokens of side A, for the B-side pairs they may stand for.
    let a_latin: FastSet<String> = a
        .segments
        .par_iter()
        .flat_map_iter(|s| a_tokens(&s.text))
        .collect();
    crate::timing::phase("side A latin");

    // Side B: a bag of keys per segment, interned per chunk in parallel,
    // then the chunks' keys in document order (so ids do not depend on how
    // the work was split).
    let mut chunks: Vec<BChunk> = b
        .segments
        .par_chunks(CHUNK)
        .map(|chunk| b_chunk(chunk, use_dictionary, &a_latin))
        .collect();
    let mut b_vocab: FastSet<String> = FastSet::default();
    let mut b_pairs: FastMap<String, (String, String)> = FastMap::default();
    let remaps: Vec<Vec<u32>> = chunks
        .iter_mut()
        .map(|chunk| {
            b_pairs.extend(std::mem::take(&mut chunk.pairs));
            std::mem::take(&mut chunk.keys)
                .into_iter()
                .map(|(key, is_token)| {
                    let id = keys.id(&key);
                    if is_token {
                        b_vocab.insert(key);
                    }
                    id
                })
                .collect()
        })
        .collect();
    let b_bags: Vec<Vec<u32>> = chunks
        .into_par_iter()
        .zip(remaps)
        .flat_map_iter(|(chunk, remap)| {
            chunk.bags.into_iter().map(move |mut bag| {
                for k in &mut bag {
                    *k = remap[*k as usize];
                }
                bag
            })
        })
        .collect();
    let b_vocab: FastSet<&str> = b_vocab.iter().map(String::as_str).collect();
    crate::timing::phase("side B tokens");

    // Side A: items per chunk in parallel; then each distinct item once:
    // its keys (in parallel), its word unit (in document order).
    let chunks: Vec<AChunk> = a
        .segments
        .par_chunks(CHUNK)
        .map(|chunk| a_chunk(chunk, segmenter.as_ref(), &a_tokens))
        .collect();
    let mut index: FastMap<(AKind, &str), u32> = FastMap::default();
    let mut distinct: Vec<(AKind, &str)> = Vec::new();
    let remaps: Vec<Vec<u32>> = chunks
        .iter()
        .map(|chunk| {
            chunk
                .items
                .iter()
                .map(|(kind, s)| {
                    *index.entry((*kind, s.as_ref())).or_insert_with(|| {
                        distinct.push((*kind, s.as_ref()));
                        (distinct.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    drop(index);
    let item_keys: Vec<Vec<String>> = distinct
        .par_iter()
        .map(|&(kind, s)| match kind {
            AKind::Number => vec![format!("#{s}")],
            AKind::Word => dictionary
                .translations_or_parts(s)
                .into_iter()
                .map(str::to_string)
                .collect(),
            AKind::Latin => latin_matches(s, &b_vocab, &b_pairs),
        })
        .collect();
    let mut table: Vec<WordUnit> = Vec::new();
    let unit_of: Vec<Option<u32>> = distinct
        .iter()
        .zip(item_keys)
        .map(|(&(kind, s), item_keys)| {
            let word = match kind {
                AKind::Word if item_keys.is_empty() => return None,
                AKind::Word => words.id(s),
                AKind::Number => words.id(&item_keys[0]),
                AKind::Latin => words.id(&format!("lat:{s}")),
            };
            table.push(WordUnit {
                word,
                keys: item_keys.iter().map(|k| keys.id(k)).collect(),
            });
            Some((table.len() - 1) as u32)
        })
        .collect();
    let a_units: Vec<Vec<u32>> = chunks
        .into_par_iter()
        .zip(remaps)
        .flat_map_iter(|(chunk, remap)| {
            let unit_of = &unit_of;
            chunk.segments.into_iter().map(move |items| {
                let mut units: Vec<u32> = items
                    .iter()
                    .filter_map(|&k| unit_of[remap[k as usize] as usize])
                    .collect();
                units.shrink_to_fit();
                units
            })
        })
        .collect();
    crate::timing::phase("side A tokens");
    LexicalIndex::from_units(table, a_units, b_bags)
}

/// The B-side tokens a Latin token of side A stands for: itself, close
/// spellings (strsim), and a pair of adjacent tokens written together
/// (`samaltman` ↔ `sam altman`).
fn latin_matches(
    token: &str,
    vocab: &FastSet<&str>,
    pairs: &FastMap<String, (String, String)>,
) -> Vec<String> {
    let mut out = vec![token.to_string()];
    if let Some((x, y)) = pairs.get(token) {
        out.push(x.clone());
        out.push(y.clone());
    }
    if token.len() >= 4 {
        for v in vocab {
            if v.len() >= 4 && *v != token && latin_similarity(token, v) >= 0.8 {
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
        let idx = build_index(&zh, &en, &Dictionary::empty());
        assert!(idx.similarity(0, 1, 0, 1).unwrap() > 0.9);
        assert!(idx.similarity(1, 2, 1, 2).unwrap() > 0.9);
        assert!(idx.similarity(0, 1, 1, 2).unwrap() < 0.1);
    }
}

#[cfg(test)]
mod run_tests {
    use super::*;

    #[test]
    fn side_b_runs_tokenize_like_whole_texts() {
        let texts = [
            "Sam Altman's model-based GPT-4 work, e.g. 3.0 versions.",
            "don\u{2018}t stop\u{2014}the \u{02bc}90s U.S. models\u{2019} 1,000 runs; twenty-two",
            "",
            "well-known well.known -x- ..y.. Sam Altman's",
        ];
        let segments: Vec<Segment> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Segment::sentence(i, *t))
            .collect();
        let chunk = b_chunk(&segments, true, &FastSet::default());
        for (seg, bag) in segments.iter().zip(&chunk.bags) {
            let got: Vec<&str> = bag
                .iter()
                .map(|&k| chunk.keys[k as usize].0.as_str())
                .collect();
            let mut want = english_tokens(&seg.text);
            want.extend(
                number_tokens(&seg.text)
                    .into_iter()
                    .map(|n| format!("#{n}")),
            );
            want.extend(morph::words(&seg.text).filter_map(|w| english::content_lemma(&w)));
            assert_eq!(got, want, "{}", seg.text);
        }
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
        let idx = build_index(&zh, &en, Dictionary::builtin());
        let right = idx.similarity(0, 1, 0, 1).unwrap();
        let wrong = idx.similarity(0, 1, 1, 2).unwrap_or(0.0);
        assert!(
            right > 0.5 && right > wrong + 0.3,
            "right {right} wrong {wrong}"
        );
        assert!(idx.similarity(1, 2, 1, 2).unwrap() > 0.5);
    }
}
