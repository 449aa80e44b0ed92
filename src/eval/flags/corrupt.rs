//! Changes made on purpose to a correct translation, so that whether a
//! review flag should fire is known: a number changed or added, a name
//! dropped, a negation turned, half a sentence cut off or a sentence added;
//! and rewrites that keep the meaning (`5` → `five`, `OpenAI` → `Open AI`),
//! on which no flag should fire.

use crate::features::latin::latin_tokens;
use crate::features::numbers::mentions;

const WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// English number words and the word a changed number becomes.
const WORD_SWAPS: [(&str, &str); 14] = [
    ("two", "three"),
    ("three", "four"),
    ("four", "five"),
    ("five", "six"),
    ("six", "seven"),
    ("seven", "eight"),
    ("ten", "twelve"),
    ("twenty", "thirty"),
    ("hundred", "thousand"),
    ("thousand", "million"),
    ("million", "billion"),
    ("second", "third"),
    ("third", "fourth"),
    ("decade", "century"),
];

/// Chinese numerals and the numeral a changed number becomes.
const ZH_SWAPS: [(char, char); 9] = [
    ('两', '三'),
    ('二', '三'),
    ('三', '四'),
    ('四', '五'),
    ('五', '六'),
    ('六', '七'),
    ('七', '八'),
    ('八', '九'),
    ('十', '百'),
];

/// Byte ranges of the whole words of `text` (ASCII letters and `'`).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let inside = c.is_ascii_alphabetic() || (c == '\'' && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn replace_range(text: &str, (s, e): (usize, usize), with: &str) -> String {
    format!("{}{}{}", &text[..s], with, &text[e..])
}

/// The first run of ASCII digits of `text` that is not part of a name
/// (`GPT-4`, `A100`, `3K`).
fn digit_run(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find(|c: char| c.is_ascii_digit()) {
        let start = from + at;
        let len = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - start);
        let before = text[..start].chars().last();
        let after = text[start + len..].chars().next();
        let glued = before.is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
            || after.is_some_and(|c| c.is_ascii_alphabetic());
        if !glued {
            return Some((start, start + len));
        }
        from = start + len;
    }
    None
}

/// `text` with its first number changed to another value: digits plus one,
/// an English number word to the next (`two` → `three`, `second` → `third`),
/// a Chinese numeral that counts something to another.
pub fn change_number(text: &str) -> Option<String> {
    if let Some(run) = digit_run(text) {
        let value: u64 = text[run.0..run.1].parse().ok()?;
        return Some(replace_range(text, run, &(value + 1).to_string()));
    }
    for range in words(text) {
        let word = text[range.0..range.1].to_ascii_lowercase();
        let stem = word.trim_end_matches('s');
        if let Some((_, to)) = WORD_SWAPS.iter().find(|(from, _)| *from == stem) {
            let plural = if word.len() > stem.len() { "s" } else { "" };
            return Some(replace_range(text, range, &format!("{to}{plural}")));
        }
    }
    let strong_zh = mentions(text).iter().any(|m| m.strong);
    if strong_zh {
        for (i, c) in text.char_indices() {
            if let Some((_, to)) = ZH_SWAPS.iter().find(|(from, _)| *from == c) {
                let changed = replace_range(text, (i, i + c.len_utf8()), &to.to_string());
                if mentions(&changed).iter().any(|m| m.strong) {
                    return Some(changed);
                }
            }
        }
    }
    None
}

/// `text` with its first number from 0 to 12 written the other way
/// (`5` ↔ `five`): the same number, which should raise no flag.
pub fn respell_number(text: &str) -> Option<String> {
    if let Some(run) = digit_run(text) {
        let value: usize = text[run.0..run.1].parse().ok()?;
        let bounded = run.0 == 0 || !text[..run.0].ends_with(['.', ',']);
        let after = text[run.1..].chars().next();
        if value < WORDS.len() && bounded && !matches!(after, Some('.' | ',' | '%')) {
            let before = text[..run.0].chars().last();
            let space = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let word = format!(
                "{}{}{}",
                if space(before) { " " } else { "" },
                WORDS[value],
                if space(after) { " " } else { "" }
            );
            return Some(replace_range(text, run, &word));
        }
        return None;
    }
    for range in words(text) {
        let word = &text[range.0..range.1];
        if let Some(v) = WORDS[2..].iter().position(|w| *w == word) {
            return Some(replace_range(text, range, &(v + 2).to_string()));
        }
    }
    None
}

/// English phrases with a number that `add_number` puts in.
const ADDED: [&str; 6] = [
    " in 2017",
    " three times",
    " for six months",
    " for the second time",
    " by 40 percent",
    " twenty years ago",
];

/// `text` with a number phrase added before its closing punctuation
/// (the `k`th of a few, so that the set holds several kinds).
pub fn add_number(text: &str, k: usize) -> String {
    let body = text.trim_end_matches(['.', '?', '!', '"', '”', ' ']);
    format!("{body}{}{}", ADDED[k % ADDED.len()], &text[body.len()..])
}

/// `target` with the first Latin-script name of `source` that it holds
/// replaced, wherever it stands, by a pronoun (names with digits are
/// numbers too and are left alone).
pub fn drop_name(source: &str, target: &str) -> Option<String> {
    let names = latin_tokens(source);
    let named = |n: &&String| n.chars().count() >= 2 && !n.chars().any(|c| c.is_ascii_digit());
    let name = names
        .iter()
        .filter(named)
        .find(|n| target.contains(n.as_str()))?;
    let mut out = target.to_string();
    // The name's possessive and plural go with it.
    for form in ["'s", "’s", "s", ""].map(|suffix| format!("{name}{suffix}")) {
        out = out.replace(&form, "it");
    }
    if let Some(rest) = out.strip_prefix("it") {
        out = format!("It{rest}");
    }
    Some(out)
}

/// `text` with its first CamelCase or hyphenated Latin name respelled as
/// people do (`OpenAI` → `Open AI`, `GPT-4` → `GPT 4`): the same name.
pub fn respell_name(text: &str) -> Option<String> {
    for token in latin_tokens(text) {
        let at = text.find(token.as_str())?;
        if let Some(h) = token.find('-') {
            return Some(replace_range(text, (at + h, at + h + 1), " "));
        }
        let chars: Vec<(usize, char)> = token.char_indices().collect();
        for w in chars.windows(2) {
            if w[0].1.is_ascii_lowercase() && w[1].1.is_ascii_uppercase() {
                let cut = at + w[1].0;
                return Some(format!("{} {}", &text[..cut], &text[cut..]));
            }
        }
    }
    None
}

/// English contractions and what they read without the negation.
const CONTRACTIONS: [(&str, &str); 12] = [
    ("don't", "do"),
    ("doesn't", "does"),
    ("didn't", "did"),
    ("can't", "can"),
    ("won't", "will"),
    ("isn't", "is"),
    ("aren't", "are"),
    ("wasn't", "was"),
    ("weren't", "were"),
    ("haven't", "have"),
    ("wouldn't", "would"),
    ("shouldn't", "should"),
];

const AUXILIARIES: [&str; 12] = [
    "is", "are", "was", "were", "can", "will", "would", "should", "could", "must", "may", "might",
];

/// `text` (English) with its polarity turned: a `not` or `n't` taken out
/// (not that of `not only`), or a `not` put after the first auxiliary
/// verb.
pub fn turn_negation(text: &str) -> Option<String> {
    let ranges = words(text);
    for &range in &ranges {
        let word = text[range.0..range.1].to_ascii_lowercase();
        if let Some((_, plain)) = CONTRACTIONS.iter().find(|(c, _)| *c == word) {
            return Some(replace_range(text, range, plain));
        }
        let next = text[range.1..].trim_start();
        let not_only = ["only", "just", "merely"]
            .iter()
            .any(|w| next.starts_with(w));
        if (word == "not" || word == "never") && !not_only {
            let end = if text[range.1..].starts_with(' ') {
                range.1 + 1
            } else {
                range.1
            };
            return Some(replace_range(text, (range.0, end), ""));
        }
    }
    for &range in &ranges {
        let word = text[range.0..range.1].to_ascii_lowercase();
        if AUXILIARIES.contains(&word.as_str()) {
            return Some(format!("{} not{}", &text[..range.1], &text[range.1..]));
        }
    }
    None
}

/// `text` cut after about half its words, ended with a full stop: half a
/// sentence left out. None for texts under 60 characters.
pub fn cut_half(text: &str) -> Option<String> {
    if text.chars().count() < 60 {
        return None;
    }
    let ranges = words(text);
    let (_, end) = ranges.get(ranges.len() / 2 - 1)?;
    Some(format!("{}.", &text[..*end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_half() {
        let t = "We believe that the technology will change how people work and live over the coming years.";
        assert_eq!(
            cut_half(t).as_deref(),
            Some("We believe that the technology will change how.")
        );
    }
}
