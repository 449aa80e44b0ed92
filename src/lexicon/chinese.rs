//! Chinese words as the aligner compares them: jieba's segmentation without
//! punctuation, whitespace and function words (的 了 是 在 …). Runs of Latin
//! letters or digits inside Chinese text (`GPT`, `2023`) stay as tokens.

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
    let mut words: Vec<&str> = jieba()
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
    let mut words: Vec<&str> = words(text)
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
    fn function_word_list_has_no_repeats() {
        let mut sorted = FUNCTION_WORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), FUNCTION_WORDS.len());
    }
}
