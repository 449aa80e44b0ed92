//! Anchors that cross languages: numbers (`6月10日` ↔ June 10, `6个月` ↔
//! six months), Latin-script tokens inside Chinese text (`OpenAI`, `GPT-4`,
//! `SamAltman` ↔ Sam Altman, matched with strsim), questions, ellipses,
//! quoted speech and brackets.

use crate::lexicon::numbers::{MONTHS, SMALL, TENS, zh_numeral, zh_value};

/// Lowercased Latin-script tokens of a text: runs of ASCII letters and
/// digits with inner `-`, `.`, `_`, `'` that contain at least one letter.
pub fn latin_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let t = current.trim_matches(|c: char| matches!(c, '-' | '.' | '_' | '\''));
        if t.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(t.to_ascii_lowercase());
        }
        current.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (matches!(c, '-' | '.' | '_' | '\'') && !current.is_empty())
        {
            current.push(c);
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
    out
}

/// Numbers mentioned in a text, as canonical decimal strings: digits
/// (`3.0` → `3`), English number words and month names, Chinese numerals
/// of two or more (`两`, `三`, `十五`; a lone `一` is too common to count).
pub fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], '.' | ',')
                        && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
                        && i > start))
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().filter(|&&c| c != ',').collect();
            out.push(canonical_number(&raw));
            continue;
        }
        if zh_numeral(c).is_some() {
            let start = i;
            while i < chars.len() && zh_numeral(chars[i]).is_some() {
                i += 1;
            }
            let value = zh_value(&chars[start..i]);
            if value >= 2.0 {
                out.push((value as u64).to_string());
            }
            continue;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(v) = english_number(&word) {
                out.push(v.to_string());
            }
            continue;
        }
        i += 1;
    }
    out
}

fn canonical_number(raw: &str) -> String {
    match raw.split_once('.') {
        Some((int, frac)) if frac.chars().all(|c| c == '0') => int.to_string(),
        _ => raw.to_string(),
    }
}

fn english_number(word: &str) -> Option<u32> {
    if let Some(v) = SMALL.iter().position(|w| *w == word) {
        // `one` is as common as Chinese `一`; skip it for the same reason.
        return (v >= 2).then_some(v as u32);
    }
    if let Some(k) = TENS.iter().position(|w| *w == word) {
        return Some(20 + 10 * k as u32);
    }
    if let Some(m) = MONTHS.iter().position(|w| *w == word) {
        // `may` is mostly the verb.
        return (word != "may").then_some(m as u32 + 1);
    }
    match word {
        "hundred" => Some(100),
        "thousand" => Some(1000),
        "million" => Some(1_000_000),
        "twice" | "both" => Some(2),
        "dozen" => Some(12),
        _ => None,
    }
}

/// True when a segment asks a question.
pub fn is_question(text: &str) -> bool {
    text.trim_end_matches(super::super::segment::is_closer)
        .ends_with(['?', '？'])
}

/// Whether a text trails off or breaks off (an ellipsis or a dash).
pub fn has_ellipsis(text: &str) -> bool {
    text.contains(['…', '—']) || text.contains("...") || text.contains(". . .")
}

/// Whether a text quotes speech: Chinese or curly quotation marks, a
/// straight double quote, or a straight single quote at a word's edge.
pub fn has_quote(text: &str) -> bool {
    if text.contains(['“', '”', '「', '」', '‘', '"']) {
        return true;
    }
    // A space (or the text's edge) on either side: not an apostrophe.
    let mut before = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '\'' | '’')
            && (before.is_whitespace() || chars.peek().is_none_or(|n| n.is_whitespace()))
        {
            return true;
        }
        before = c;
    }
    false
}

/// Number of bracketed asides in a text.
pub fn brackets(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, '(' | '（' | '[' | '【'))
        .count()
}

/// How alike two Latin tokens are, in [0, 1] (normalized Damerau–Levenshtein).
pub fn latin_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_damerau_levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_tokens_in_chinese() {
        assert_eq!(
            latin_tokens("OpenAI创始人SamAltman谈GPT-4和AGI."),
            vec!["openai", "samaltman", "gpt-4", "agi"]
        );
    }

    #[test]
    fn numbers_across_languages() {
        assert_eq!(
            numbers("6月10日,2023智源大会,3.0版本"),
            vec!["6", "10", "2023", "3"]
        );
        assert_eq!(
            numbers("On June 10, 2023, version 3.0"),
            vec!["6", "10", "2023", "3"]
        );
        assert_eq!(numbers("过去的6个月"), vec!["6"]);
        assert_eq!(numbers("past six months"), vec!["6"]);
        assert_eq!(numbers("只有三个模型,二十三人,一个"), vec!["3", "23"]);
        assert_eq!(numbers("1,000 people"), vec!["1000"]);
        assert_eq!(numbers("六十年"), vec!["60"]);
        assert_eq!(numbers("sixty years"), vec!["60"]);
        assert_eq!(numbers("兩千人"), vec!["2000"]);
    }

    #[test]
    fn ellipses_and_quotes() {
        assert!(has_ellipsis("不过…… 不过……"));
        assert!(has_ellipsis("I met this . . . little eunuch"));
        assert!(has_ellipsis("'But I—'"));
        assert!(has_ellipsis("Wait..."));
        assert!(!has_ellipsis("A well-known fact."));
        assert!(has_quote("海老公道：“不过怎么？”"));
        assert!(has_quote("'You what?' snapped the eunuch."));
        assert!(has_quote("\"It was only recently revealed.\""));
        assert!(has_quote("He called it ‘the palace’."));
        assert!(!has_quote("Trinket's mind wasn't on it."));
        assert!(!has_quote("韦小宝大喜。"));
    }

    #[test]
    fn questions() {
        assert!(is_question("还有多远?"));
        assert!(is_question("“真的吗？”"));
        assert!(!is_question("Yes."));
    }
}
