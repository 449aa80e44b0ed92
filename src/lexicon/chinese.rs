//! Chinese words as the aligner compares them: jieba's segmentation without
//! punctuation, whitespace and function words (的 了 是 在 …). Runs of Latin
//! letters or digits inside Chinese text (`GPT`, `2023`) stay as tokens.
//!
//! jieba's dictionary takes a while to load (some 0.15 s), so a short text
//! gets a [`Segmenter`] with only the dictionary words it holds, found in a
//! table `build.rs` sorts from jieba-rs's own default dictionary (the
//! `src/data/dict.txt` of its package): the same segmentation, built in well under a millisecond.

use super::table::{Cursor, StrList, u32_at};
use jieba_rs::Jieba;
use std::sync::LazyLock;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The shared segmenter with jieba's default dictionary, built on first use
/// (which takes a while: the dictionary has some 350,000 words).
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Starts building the shared segmenter on another thread, so that its
/// set-up (some 0.2 s) overlaps with reading files; a later [`jieba`] call
/// waits for it if it is not done. Calling it again does nothing.
pub fn warm_up() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| {
            LazyLock::force(&JIEBA);
        });
    });
}

/// The table `build.rs` made from jieba-rs's dictionary.
static TABLE_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba.bin"));

/// The sorted jieba dictionary, read in place.
struct Table {
    total: u64,
    words: StrList,
    freqs: &'static [u8],
    tag_names: StrList,
    /// Each word's tag, a number into `tag_names`.
    tags: &'static [u8],
}

fn table() -> &'static Table {
    static TABLE: LazyLock<Table> = LazyLock::new(|| {
        let mut table = Cursor::open(TABLE_BYTES, b"BTJIEBA1", "jieba");
        let len = table.read();
        let total = u64::from_le_bytes(table.take(8).try_into().expect("8 bytes"));
        let words = table.strings(len);
        let freqs = table.take(4 * len);
        let tag_count = table.read();
        let tag_names = table.strings(tag_count);
        let tags = table.take(len);
        Table {
            total,
            words,
            freqs,
            tag_names,
            tags,
        }
    });
    &TABLE
}

impl Table {
    fn word(&self, k: usize) -> &'static [u8] {
        self.words.bytes(k)
    }

    fn tag(&self, k: usize) -> &'static str {
        std::str::from_utf8(self.tag_names.bytes(self.tags[k] as usize)).unwrap_or("")
    }

    /// The first entry in `lo..hi` for which `pred` is false (`pred` true
    /// on a prefix of the range).
    fn partition(&self, lo: usize, hi: usize, pred: impl Fn(&[u8]) -> bool) -> usize {
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(self.word(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The entries that occur in `text` (as substrings), sorted.
    fn words_in(&self, text: &str, out: &mut Vec<usize>) {
        for (start, _) in text.char_indices() {
            // Entries starting with the prefix so far: a range that narrows
            // as the prefix grows.
            let (mut lo, mut hi) = (0, self.words.len);
            for (end, c) in text[start..].char_indices() {
                let prefix = &text.as_bytes()[start..start + end + c.len_utf8()];
                lo = self.partition(lo, hi, |w| w < prefix);
                hi = self.partition(lo, hi, |w| w.starts_with(prefix));
                if lo == hi {
                    break;
                }
                if self.word(lo) == prefix {
                    out.push(lo);
                }
            }
        }
    }
}

/// Texts up to this many bytes in all get a segmenter of their own.
const OWN_BELOW: usize = 16_384;

/// jieba for a given set of texts: for short ones its own, with only the
/// dictionary words they hold (and the full dictionary's total frequency,
/// so every word scores as with the full one: the segmentation is the
/// same); else the shared one with the whole dictionary.
pub enum Segmenter {
    Shared(&'static Jieba),
    Own(Box<Jieba>),
}

impl Segmenter {
    /// A segmenter for `texts` (and any text made of their substrings).
    pub fn for_texts<'t>(texts: impl Iterator<Item = &'t str> + Clone) -> Segmenter {
        let mut size = 0;
        for text in texts.clone() {
            size += text.len();
            if size >= OWN_BELOW {
                break;
            }
        }
        if size >= OWN_BELOW {
            warm_up();
            return Segmenter::Shared(jieba());
        }
        let table = table();
        let mut found = Vec::new();
        for text in texts {
            table.words_in(text, &mut found);
        }
        found.sort_unstable();
        found.dedup();
        let mut own = Jieba::empty();
        let mut sum = 0u64;
        for k in found {
            let freq = u32_at(table.freqs, k);
            // The table holds `&str`s cut at char boundaries.
            let word = std::str::from_utf8(table.word(k)).unwrap_or("");
            own.add_word(word, Some(freq), Some(table.tag(k)));
            sum += freq as u64;
        }
        // The rest of the total as one word no text can hold (jieba looks
        // words up only in runs of CJK, ASCII letters, digits and `+#&._%-`).
        if let Ok(rest) = usize::try_from(table.total - sum)
            && rest > 0
        {
            own.add_word("\u{0}", Some(rest), None);
        }
        Segmenter::Own(Box::new(own))
    }

    fn jieba(&self) -> &Jieba {
        match self {
            Segmenter::Shared(jieba) => jieba,
            Segmenter::Own(jieba) => jieba,
        }
    }

    /// [`words`] with this segmenter.
    pub fn words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        cut(self.jieba(), text)
    }

    /// [`content_words`] with this segmenter.
    pub fn content_words<'a>(&self, text: &'a str) -> Vec<&'a str> {
        without_function_words(self.words(text))
    }
}

/// Chinese function words: particles, the copula, common prepositions and
/// conjunctions, pronouns and demonstratives, degree adverbs, negation and
/// modals; the counterparts of the English stop words.
const FUNCTION_WORDS: &[&str] = &[
    "一些", "一个", "万一", "不", "不是", "与", "且", "个", "之", "也", "了", "于", "些", "亦",
    "人家", "从", "他", "他们", "以", "们", "会", "但", "但是", "何", "你", "你们", "便", "其",
    "再", "到", "却", "又", "及", "可", "可以", "各", "吗", "向", "吧", "呀", "呢", "和", "咱们",
    "哦", "哪", "哪个", "哪些", "啊", "嗯", "因为", "在", "地", "她", "她们", "如果", "它", "它们",
    "对", "就", "就是", "并", "很", "得", "您", "我", "我们", "或", "或者", "所", "所以", "把",
    "是", "最", "有", "没", "没有", "着", "而", "能", "自己", "虽然", "被", "让", "还", "这",
    "这个", "这些", "这样", "这里", "过", "那", "那个", "那些", "那样", "那里", "都", "非常", "的",
    "给", "该", "谁", "跟", "更", "太", "为", "么", "矣", "乎", "兮", "焉", "哉", "若", "则",
];

/// True for a Chinese function word (see the list above).
pub fn is_function_word(word: &str) -> bool {
    static SET: LazyLock<std::collections::HashSet<&str>> =
        LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
    // Function words are one or two characters.
    word.len() <= 6 && SET.contains(word)
}

/// True for a token that holds a letter, digit or Chinese character.
fn has_content(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// jieba's words of a text (with HMM for unknown words), punctuation and
/// whitespace left out.
pub fn words(text: &str) -> Vec<&str> {
    cut(jieba(), text)
}

fn cut<'a>(jieba: &Jieba, text: &'a str) -> Vec<&'a str> {
    let mut words: Vec<&str> = jieba
        .cut(text, true)
        .into_iter()
        .map(|token| token.word.trim())
        .filter(|word| has_content(word))
        .collect();
    // Collected in place, the vector would keep the capacity of jieba's,
    // many times its length, for as long as the caller holds it.
    words.shrink_to_fit();
    words
}

/// The content words of a Chinese text: [`words`] without function words.
pub fn content_words(text: &str) -> Vec<&str> {
    without_function_words(words(text))
}

fn without_function_words(words: Vec<&str>) -> Vec<&str> {
    let mut words: Vec<&str> = words
        .into_iter()
        .filter(|word| !is_function_word(word))
        .collect();
    words.shrink_to_fit();
    words
}

/// True for a token written in Latin letters or digits (no Chinese).
pub fn is_latin(token: &str) -> bool {
    has_content(token)
        && token
            .chars()
            .all(|c| c.is_ascii() || !super::gloss::is_cjk(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_drop_punctuation_and_function_words() {
        let words = content_words("我们的模型在2023年发布了，GPT 也是。");
        for w in ["的", "了", "在", "也", "是", "，", "。", " ", "我们"] {
            assert!(!words.contains(&w), "{w}: {words:?}");
        }
        assert!(words.contains(&"模型"), "{words:?}");
        assert!(words.contains(&"GPT"), "{words:?}");
        assert!(words.iter().any(|w| w.contains("2023")), "{words:?}");
        assert!(is_latin("GPT") && !is_latin("模型"));
    }

    #[test]
    fn warm_up_then_use() {
        warm_up();
        warm_up();
        assert_eq!(words("模型"), ["模型"]);
    }

    #[test]
    fn own_segmenter_cuts_like_the_full_dictionary() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/altman-baai-2023/zh.txt"
        ))
        .expect("corpus text");
        let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        lines.extend([
            "我们的模型在2023年发布了，GPT 也是。",
            "一句话。",
            "",
            "T恤和A股",
        ]);
        let all = Segmenter::for_texts(lines.iter().copied());
        assert!(matches!(all, Segmenter::Own(_)));
        for &line in &lines {
            let own = Segmenter::for_texts([line].into_iter());
            assert!(matches!(own, Segmenter::Own(_)));
            assert_eq!(own.words(line), words(line), "{line}");
            assert_eq!(all.words(line), words(line), "{line}");
        }
        let long = text.repeat(1 + OWN_BELOW / text.len().max(1));
        assert!(matches!(
            Segmenter::for_texts([long.as_str()].into_iter()),
            Segmenter::Shared(_)
        ));
    }

    #[test]
    fn function_word_list_has_no_repeats() {
        let mut sorted = FUNCTION_WORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), FUNCTION_WORDS.len());
    }
}
