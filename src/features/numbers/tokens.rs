//! Numbers as the scorer's lexical similarity counts them: one canonical
//! decimal string per number (`6月10日` and `June 10` both give `6`, `10`),
//! recall first: `both` and `twice` are 2 and a lone `一` or `one` is left
//! out as too common. [`super::mentions`] reads the same text for the review
//! flags, with the strength of each number.

use crate::lexicon::numbers::{MONTHS, SMALL, TENS, zh_numeral, zh_value};

/// Numbers mentioned in a text, as canonical decimal strings: digits
/// (`3.0` → `3`), English number words and month names, Chinese numerals
/// of two or more (`两`, `三`, `十五`; a lone `一` is too common to count).
pub fn number_tokens(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_across_languages() {
        assert_eq!(
            number_tokens("6月10日,2023智源大会,3.0版本"),
            vec!["6", "10", "2023", "3"]
        );
        assert_eq!(
            number_tokens("On June 10, 2023, version 3.0"),
            vec!["6", "10", "2023", "3"]
        );
        assert_eq!(number_tokens("过去的6个月"), vec!["6"]);
        assert_eq!(number_tokens("past six months"), vec!["6"]);
        assert_eq!(number_tokens("只有三个模型,二十三人,一个"), vec!["3", "23"]);
        assert_eq!(number_tokens("1,000 people"), vec!["1000"]);
        assert_eq!(number_tokens("六十年"), vec!["60"]);
        assert_eq!(number_tokens("sixty years"), vec!["60"]);
        assert_eq!(number_tokens("兩千人"), vec!["2000"]);
    }
}
