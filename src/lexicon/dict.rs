//! The Chinese→English dictionary: the built-in CC-CEDICT (about 120,000
//! entries, precomputed by `build.rs` into a compact table that is read in
//! place, so it costs nothing to load) and user dictionaries on top of it.
//!
//! Translations are English content-word lemmas (see [`super::english`]):
//! `模型` → `model`, `mold`, `matrix`, `pattern`.
//!
//! User dictionaries are text files in one of two formats, told apart by
//! their first entry:
//! - CC-CEDICT: `傳統 传统 [chuan2 tong3] /tradition/traditional/`;
//! - hunalign: `english words @ 中文`, one pair a line (the sides may also
//!   stand the other way round; the Chinese one is recognised).
//!
//! Blank lines and `#` comments are skipped; a malformed line is an error
//! naming the file and line.

use super::LexiconError;
use super::gloss::{self, is_cjk};
use super::table::{Cursor, StrList, u32_at};
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// The table `build.rs` made from `data/cedict_1_0_ts_utf-8_mdbg.txt`.
static TABLE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// The built-in table, read in place from the program's bytes.
pub(crate) struct Table {
    words: StrList,
    known: &'static [u8],
    keys: StrList,
    max_key_chars: usize,
    value_offsets: &'static [u8],
    values: &'static [u8],
}

/// Reads the table's header: a few slices, no copying or parsing.
fn open_table(bytes: &'static [u8]) -> Table {
    let mut table = Cursor::open(bytes, b"BTLEX001", "lexicon");
    let n_words = table.read();
    let words = table.strings(n_words);
    let known = table.take(n_words.div_ceil(8).next_multiple_of(4));
    let n_keys = table.read();
    let max_key_chars = table.read();
    let keys = table.strings(n_keys);
    let value_offsets = table.take(4 * (n_keys + 1));
    let values = table.take(4 * u32_at(value_offsets, n_keys));
    Table {
        words,
        known,
        keys,
        max_key_chars,
        value_offsets,
        values,
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| open_table(TABLE_BYTES));

impl Table {
    /// The English lemmas of a Chinese key.
    fn translations(&self, key: &str) -> impl Iterator<Item = &'static str> + use<> {
        let words = self.words;
        let values = self.values;
        let range = match self.keys.find(key) {
            Some(k) => u32_at(self.value_offsets, k)..u32_at(self.value_offsets, k + 1),
            None => 0..0,
        };
        range.map(move |v| words.get(u32_at(values, v)))
    }

    /// True when the English index holds `word`.
    fn is_known(&self, word: &str) -> bool {
        self.words
            .find(word)
            .is_some_and(|k| self.known[k / 8] & (1 << (k % 8)) != 0)
    }
}

/// The English index of the built-in dictionary (every CC-CEDICT gloss
/// word), which the lemmatizer uses to choose among base forms.
pub(crate) fn is_known_english(word: &str) -> bool {
    TABLE.is_known(word)
}

/// A Chinese→English dictionary: optionally the built-in CC-CEDICT, with
/// user entries on top.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    builtin: bool,
    user: HashMap<String, Vec<String>>,
    user_max_key_chars: usize,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("keys", &self.keys.len)
            .field("words", &self.words.len)
            .finish()
    }
}

static BUILTIN: LazyLock<Dictionary> = LazyLock::new(|| Dictionary {
    builtin: true,
    ..Dictionary::default()
});

/// The two user dictionary formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `傳統 传统 [chuan2 tong3] /tradition/traditional/`
    Cedict,
    /// `english words @ 中文`
    Hunalign,
}

impl Dictionary {
    /// The built-in CC-CEDICT dictionary, shared.
    pub fn builtin() -> &'static Dictionary {
        &BUILTIN
    }

    /// A dictionary with no entries at all.
    pub fn empty() -> Dictionary {
        Dictionary::default()
    }

    /// A user dictionary read from a file (CC-CEDICT or hunalign format,
    /// detected), without the built-in entries; see [`Dictionary::with_builtin`].
    pub fn from_path(path: &Path) -> Result<Dictionary, LexiconError> {
        let bytes = std::fs::read(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            cause: source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LexiconError::Syntax {
            path: path.to_path_buf(),
            line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            text: String::new(),
            message: "not valid UTF-8 text".into(),
        })?;
        Dictionary::parse(&text).map_err(|e| LexiconError::Syntax {
            path: path.to_path_buf(),
            line: e.line,
            text: e.text,
            message: e.message,
        })
    }

    /// A user dictionary from text (see [`Dictionary::from_path`]).
    pub fn parse(text: &str) -> Result<Dictionary, LineError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut dict = Dictionary::empty();
        let mut format = None;
        let known = |w: &str| is_known_english(w);
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| LineError {
                line: index + 1,
                text: line.to_string(),
                message,
            };
            let format = *format.get_or_insert(if line.contains('@') {
                Format::Hunalign
            } else {
                Format::Cedict
            });
            match format {
                Format::Cedict => {
                    let entry = gloss::parse_cedict_line(line).map_err(error)?;
                    let lemmas = gloss::gloss_lemmas(&entry.senses, &known);
                    dict.add(entry.simplified, &lemmas);
                    if entry.traditional != entry.simplified {
                        dict.add(entry.traditional, &lemmas);
                    }
                }
                Format::Hunalign => {
                    let (zh, en) = parse_hunalign_line(line).map_err(error)?;
                    dict.add(&zh, &gloss::phrase_lemmas(en, &known));
                }
            }
        }
        Ok(dict)
    }

    /// Adds English lemmas to a Chinese word's translations.
    pub fn add(&mut self, zh_word: &str, lemmas: &[String]) {
        if lemmas.is_empty() || zh_word.is_empty() {
            return;
        }
        let list = self.user.entry(zh_word.to_string()).or_default();
        for lemma in lemmas {
            if !list.contains(lemma) {
                list.push(lemma.clone());
            }
        }
        self.user_max_key_chars = self.user_max_key_chars.max(zh_word.chars().count());
    }

    /// These entries on top of the built-in dictionary.
    pub fn with_builtin(mut self) -> Dictionary {
        self.builtin = true;
        self
    }

    /// The built-in dictionary with a user dictionary file on top.
    pub fn builtin_with(path: &Path) -> Result<Dictionary, LexiconError> {
        Ok(Dictionary::from_path(path)?.with_builtin())
    }

    /// Merges `other` on top of these entries (and its built-in flag).
    pub fn merge(&mut self, other: Dictionary) {
        self.builtin |= other.builtin;
        for (zh, lemmas) in other.user {
            self.add(&zh, &lemmas);
        }
    }

    /// True when the built-in CC-CEDICT takes part.
    pub fn uses_builtin(&self) -> bool {
        self.builtin
    }

    /// The number of Chinese words with user entries.
    pub fn user_entries(&self) -> usize {
        self.user.len()
    }

    /// The number of Chinese words in the built-in table.
    pub fn builtin_entries() -> usize {
        TABLE.keys.len
    }

    /// English content-word lemmas of a Chinese word: user entries first,
    /// then the built-in ones, without repeats.
    pub fn translations<'a>(&'a self, zh_word: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        let user: &'a [String] = self.user.get(zh_word).map_or(&[], Vec::as_slice);
        let builtin = if self.builtin {
            Some(TABLE.translations(zh_word))
        } else {
            None
        };
        let builtin = builtin
            .into_iter()
            .flatten()
            .map(|w| -> &'a str { w })
            .filter(move |w| !user.iter().any(|u| u == w));
        user.iter().map(String::as_str).chain(builtin)
    }

    /// True when the word has a translation.
    pub fn contains(&self, zh_word: &str) -> bool {
        self.user.contains_key(zh_word) || (self.builtin && TABLE.keys.find(zh_word).is_some())
    }

    /// The longest entries that cover a word, left to right (greedy
    /// longest match), as `(part, has translation)`: a word the dictionary
    /// lacks (`奥特曼说`) falls apart into words it has and single characters.
    pub fn split<'w>(&self, zh_word: &'w str) -> Vec<(&'w str, bool)> {
        let max = self
            .user_max_key_chars
            .max(if self.builtin { TABLE.max_key_chars } else { 0 });
        let mut parts = Vec::new();
        let mut rest = zh_word;
        while !rest.is_empty() {
            let ends: Vec<usize> = rest
                .char_indices()
                .map(|(i, c)| i + c.len_utf8())
                .take(max.max(1))
                .collect();
            let found = ends.iter().rev().find(|&&end| self.contains(&rest[..end]));
            let end = found.copied().unwrap_or(ends[0]);
            parts.push((&rest[..end], found.is_some()));
            rest = &rest[end..];
        }
        parts
    }

    /// Translations of a word, or else of the parts that [`Dictionary::split`]
    /// finds in it, without repeats.
    pub fn translations_or_parts(&self, zh_word: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self.translations(zh_word).collect();
        if out.is_empty() {
            for (part, found) in self.split(zh_word) {
                if found {
                    for word in self.translations(part) {
                        if !out.contains(&word) {
                            out.push(word);
                        }
                    }
                }
            }
        }
        out
    }
}

/// A malformed line of a user dictionary (the file is added by
/// [`Dictionary::from_path`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}: `{text}`")]
pub struct LineError {
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// `english words @ 中文` (or the other way round) → (Chinese, English).
fn parse_hunalign_line(line: &str) -> Result<(String, &str), String> {
    const SHAPE: &str = "expected a hunalign pair `english words @ 中文`";
    let (left, right) = line
        .split_once('@')
        .ok_or_else(|| format!("{SHAPE}: no `@`"))?;
    if right.contains('@') {
        return Err(format!("{SHAPE}: more than one `@`"));
    }
    let (left, right) = (left.trim(), right.trim());
    let has_cjk = |s: &str| s.chars().any(is_cjk);
    let (zh, en) = match (has_cjk(left), has_cjk(right)) {
        (false, true) => (right, left),
        (true, false) => (left, right),
        (true, true) => return Err(format!("{SHAPE}: Chinese on both sides")),
        (false, false) => return Err(format!("{SHAPE}: no Chinese on either side")),
    };
    if !en.chars().any(char::is_alphabetic) {
        return Err(format!("{SHAPE}: no English words"));
    }
    Ok((zh.split_whitespace().collect(), en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_translates_common_words() {
        let dict = Dictionary::builtin();
        let model: Vec<&str> = dict.translations("模型").collect();
        assert!(model.contains(&"model"), "{model:?}");
        let tradition: Vec<&str> = dict.translations("传统").collect();
        assert!(tradition.contains(&"tradition"), "{tradition:?}");
        // Traditional characters are keys too.
        assert!(dict.translations("傳統").any(|w| w == "tradition"));
        assert!(
            dict.translations("人工智能").any(|w| w == "intelligence"),
            "AI"
        );
        // Cleaned: no classifiers, parentheticals or stop words.
        let person: Vec<&str> = dict.translations("人").collect();
        assert!(person.contains(&"person"), "{person:?}");
        for bad in [
            "cl", "ge4", "to", "the", "of", "sb", "sth", "literary", "bound",
        ] {
            assert!(
                !model.contains(&bad) && !person.contains(&bad),
                "{bad}: {model:?} {person:?}"
            );
        }
        // Surname entries keep the name.
        assert!(dict.translations("王").any(|w| w == "wang"));
        assert_eq!(dict.translations("不是中文").count(), 0);
        assert!(Dictionary::builtin_entries() > 100_000);
    }

    #[test]
    fn empty_has_nothing() {
        let dict = Dictionary::empty();
        assert_eq!(dict.translations("模型").count(), 0);
        assert!(!dict.contains("模型"));
    }

    #[test]
    fn user_dictionaries_in_both_formats() {
        let cedict = Dictionary::parse(
            "# mine\n大模型 大模型 [da4 mo2 xing2] /large language model; LLM/\n",
        )
        .unwrap();
        let words: Vec<&str> = cedict.translations("大模型").collect();
        assert_eq!(words, ["large", "language", "model", "llm"]);
        assert!(!cedict.uses_builtin());

        let hunalign =
            Dictionary::parse("\u{feff}alignment models @ 对齐模型\r\n对齐 @ to align\n").unwrap();
        let words: Vec<&str> = hunalign.translations("对齐模型").collect();
        assert_eq!(words, ["alignment", "model"]);
        assert_eq!(hunalign.translations("对齐").collect::<Vec<_>>(), ["align"]);
        assert_eq!(hunalign.user_entries(), 2);
    }

    #[test]
    fn malformed_lines_are_named() {
        let err = Dictionary::parse("a @ 甲\n\nb 乙\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.text, "b 乙");
        let err = Dictionary::parse("甲 甲 [jia3] /first/\n乙 乙 [yi3] second\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("slashes"), "{err}");
        let err = Dictionary::parse("first @ second\n").unwrap_err();
        assert!(err.message.contains("no Chinese"), "{err}");
    }

    #[test]
    fn from_path_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.dic");
        std::fs::write(&path, "model @ 模型\nbroken line\n").unwrap();
        let err = Dictionary::from_path(&path).unwrap_err().to_string();
        assert!(err.contains("mine.dic") && err.contains("line 2"), "{err}");
        std::fs::write(&path, "paradigm @ 模型\n").unwrap();
        let dict = Dictionary::builtin_with(&path).unwrap();
        let words: Vec<&str> = dict.translations("模型").collect();
        assert_eq!(words[0], "paradigm");
        assert!(words.contains(&"model"));
        assert_eq!(words.iter().filter(|w| **w == "paradigm").count(), 1);
        assert!(Dictionary::from_path(&dir.path().join("none")).is_err());
    }

    #[test]
    fn merge_puts_entries_on_top() {
        let mut dict = Dictionary::empty();
        dict.merge(Dictionary::parse("foo @ 甲\n").unwrap());
        dict.merge(Dictionary::parse("bar @ 甲\n").unwrap().with_builtin());
        assert!(dict.uses_builtin());
        let words: Vec<&str> = dict.translations("甲").collect();
        assert_eq!(&words[..2], ["foo", "bar"]);
    }

    #[test]
    fn split_unknown_words() {
        let dict = Dictionary::builtin();
        let parts = dict.split("模型说");
        assert_eq!(parts[0], ("模型", true));
        let words = dict.translations_or_parts("模型说");
        assert!(
            words.contains(&"model") && words.contains(&"say"),
            "{words:?}"
        );
    }
}
