//! English word forms without a dictionary of their own: tokenization into
//! lowercase words, a rule-based lemmatizer and the stop-word list.
//!
//! The lemmatizer works like spaCy's rule lemmatizer: a table of irregular
//! forms (`went` → `go`, `children` → `child`), suffix rules that propose
//! base forms (`-s`, `-es`, `-ies`, `-ed`, `-ing` with consonant doubling
//! and `-e` restoration), and an index of known English words that picks
//! among the proposals. The index is every word of the CC-CEDICT glosses, so
//! `hoped` → `hope` (not `hop`) and `stopped` → `stop`; a word none of whose
//! proposals is known falls back to plain suffix stripping. What matters
//! for alignment is that dictionary glosses and English text go through the
//! very same function.
//!
//! This file is also compiled into `build.rs` (by `#[path]`), which
//! lemmatizes the glosses of the built-in dictionary: it uses nothing from
//! the rest of the crate.

mod words;

use words::{ED_BASE, INVARIANT, IRREGULAR, STOPWORDS};

/// Lowercase word tokens of English text: runs of letters and digits with
/// inner apostrophes (`don't`); hyphens and other punctuation split words
/// (`well-known` → `well`, `known`). A possessive or contracted `'s`, `'re`,
/// `'ve`, `'ll`, `'d`, `'m` is dropped (`model's` → `model`, `we're` → `we`),
/// and a trailing apostrophe too (`models'` → `models`).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c)))
        .filter_map(|raw| {
            let token = raw.trim_matches(is_apostrophe);
            if token.is_empty() {
                return None;
            }
            let mut word = if token.is_ascii() {
                token.to_ascii_lowercase()
            } else {
                token.replace(is_apostrophe, "'").to_lowercase()
            };
            if word.contains('\'') {
                for clitic in ["'s", "'re", "'ve", "'ll", "'d", "'m"] {
                    if word.len() > clitic.len() && word.ends_with(clitic) {
                        word.truncate(word.len() - clitic.len());
                        break;
                    }
                }
            }
            Some(word)
        })
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

/// Content lemmas of English text: [`words`], lemmatized with `known` as the
/// index, without stop words (by surface form or lemma), single letters and
/// tokens with no letter at all (`2023`).
pub fn content_lemmas_with(text: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    words(text)
        .filter_map(|word| content_lemma_with(&word, known))
        .collect()
}

/// The lemma of one lowercase word if it is a content word (see
/// [`content_lemmas_with`]).
pub fn content_lemma_with(word: &str, known: &dyn Fn(&str) -> bool) -> Option<String> {
    if word.chars().count() < 2 || !word.chars().any(char::is_alphabetic) || is_stopword(word) {
        return None;
    }
    let lemma = lemma_with(word, known);
    (!is_stopword(&lemma)).then_some(lemma)
}

/// The base form of a lowercase word, `known` telling which words the
/// English index holds.
pub fn lemma_with(word: &str, known: &dyn Fn(&str) -> bool) -> String {
    if let Some(base) = irregular(word) {
        return base.to_string();
    }
    if !word.is_ascii() || word.len() <= 3 || INVARIANT.binary_search(&word).is_ok() {
        return word.to_string();
    }
    let candidates = candidates(word);
    if let Some(hit) = candidates
        .iter()
        .find(|c| c.len() >= 2 && known(c) && !is_stopword(c))
    {
        return hit.clone();
    }
    if known(word) {
        return word.to_string();
    }
    fallback(word).unwrap_or_else(|| word.to_string())
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// True when a stem ends in one vowel and one consonant (`hop`, `us`,
/// `model`): the shape in which a dropped final `-e` is likely.
fn ends_vc(stem: &[u8]) -> bool {
    let n = stem.len();
    if n < 2 {
        return false;
    }
    let (last, before) = (stem[n - 1], stem[n - 2]);
    let single_vowel = n < 3 || !is_vowel(stem[n - 3]);
    !is_vowel(last) && !matches!(last, b'w' | b'x' | b'y') && is_vowel(before) && single_vowel
}

/// True when a stem ends in a doubled consonant (`stopp`, `call`).
fn ends_double(stem: &[u8]) -> bool {
    let n = stem.len();
    n >= 3 && stem[n - 1] == stem[n - 2] && !is_vowel(stem[n - 1])
}

/// Base forms of the verb stem left by `-ed` / `-ing`, most likely first.
fn verb_stems(stem: &str, out: &mut Vec<String>) {
    let bytes = stem.as_bytes();
    if ends_double(bytes) {
        out.push(stem.to_string());
        out.push(stem[..stem.len() - 1].to_string());
    } else if ends_vc(bytes) {
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
    } else {
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
    }
}

/// The base forms that the suffix rules propose, most likely first.
fn candidates(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
        out.push(format!("{stem}ie"));
    } else if let Some(stem) = word.strip_suffix("ves") {
        out.push(format!("{stem}ve"));
        out.push(format!("{stem}f"));
        out.push(format!("{stem}fe"));
    } else if let Some(stem) = word.strip_suffix("es") {
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        out.push(word[..word.len() - 1].to_string());
    }
    if let Some(stem) = word.strip_suffix("ied") {
        out.push(format!("{stem}y"));
        out.push(format!("{stem}ie"));
    } else if let Some(stem) = word.strip_suffix("ed")
        && ED_BASE.binary_search(&word).is_err()
    {
        verb_stems(stem, &mut out);
    } else if let Some(stem) = word.strip_suffix("ing")
        && stem.len() >= 2
        && stem.bytes().any(|b| is_vowel(b) || b == b'y')
    {
        verb_stems(stem, &mut out);
    }
    out
}

/// Plain suffix stripping for a word that the index cannot help with.
fn fallback(word: &str) -> Option<String> {
    let undouble = |stem: &str| {
        if ends_double(stem.as_bytes())
            && !matches!(stem.as_bytes()[stem.len() - 1], b'l' | b's' | b'z' | b'f')
        {
            stem[..stem.len() - 1].to_string()
        } else {
            stem.to_string()
        }
    };
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("ied") {
        return Some(format!("{stem}y"));
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes"] {
        if word.ends_with(suffix) {
            return Some(word[..word.len() - 2].to_string());
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return Some(word[..word.len() - 1].to_string());
    }
    if let Some(stem) = word
        .strip_suffix("ed")
        .filter(|s| s.len() >= 3 && ED_BASE.binary_search(&word).is_err())
    {
        return Some(undouble(stem));
    }
    if let Some(stem) = word.strip_suffix("ing").filter(|s| s.len() >= 3) {
        return Some(undouble(stem));
    }
    None
}

/// The base form of an irregular form (`went` → `go`), if it is one.
pub fn irregular(word: &str) -> Option<&'static str> {
    IRREGULAR
        .binary_search_by(|(form, _)| (*form).cmp(word))
        .ok()
        .map(|k| IRREGULAR[k].1)
}

/// True for an English stop word (lowercase).
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(word: &str) -> bool {
        [
            "model", "work", "hope", "hop", "stop", "call", "add", "ad", "use", "us", "study",
            "box", "class", "horse", "see", "need", "seed", "sing", "singe", "make", "come",
            "open", "visit", "knife", "tie", "watch", "agree", "travel", "city", "die", "movie",
        ]
        .contains(&word)
    }

    fn lemma(word: &str) -> String {
        lemma_with(word, &known)
    }

    #[test]
    fn tables_are_sorted() {
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            STOPWORDS.windows(2).all(|w| w[0] < w[1]),
            "stop words out of order"
        );
    }

    #[test]
    fn inflections_to_base_forms() {
        for (form, base) in [
            ("models", "model"),
            ("modeled", "model"),
            ("modelled", "model"),
            ("modeling", "model"),
            ("worked", "work"),
            ("working", "work"),
            ("works", "work"),
            ("hoped", "hope"),
            ("hoping", "hope"),
            ("hopped", "hop"),
            ("stopped", "stop"),
            ("stopping", "stop"),
            ("called", "call"),
            ("added", "add"),
            ("used", "use"),
            ("using", "use"),
            ("studies", "study"),
            ("studied", "study"),
            ("cities", "city"),
            ("boxes", "box"),
            ("classes", "class"),
            ("class", "class"),
            ("horses", "horse"),
            ("seeing", "see"),
            ("needed", "need"),
            ("seed", "seed"),
            ("singing", "sing"),
            ("making", "make"),
            ("coming", "come"),
            ("opened", "open"),
            ("visited", "visit"),
            ("knives", "knife"),
            ("ties", "tie"),
            ("died", "die"),
            ("agreed", "agree"),
            ("travelling", "travel"),
            ("movies", "movie"),
            ("watches", "watch"),
            ("went", "go"),
            ("was", "be"),
            ("children", "child"),
            ("men", "man"),
            ("said", "say"),
            ("thought", "think"),
            ("news", "news"),
            ("bus", "bus"),
        ] {
            assert_eq!(lemma(form), base, "{form}");
        }
    }

    #[test]
    fn unknown_words_fall_back_to_stripping() {
        assert_eq!(lemma("blogged"), "blog");
        assert_eq!(lemma("tweets"), "tweet");
        assert_eq!(lemma("glasses"), "glass");
        assert_eq!(lemma("replies"), "reply");
        assert_eq!(lemma("status"), "status");
        assert_eq!(lemma("analysis"), "analysis");
    }

    #[test]
    fn tokenizes_and_drops_clitics() {
        let got: Vec<String> =
            words("The model's well-known; we're DON'T models' 2023 GPT-4 café").collect();
        assert_eq!(
            got,
            [
                "the", "model", "well", "known", "we", "don't", "models", "2023", "gpt", "4",
                "café"
            ]
        );
        let got: Vec<String> = words("It\u{2019}s Altman\u{2019}s").collect();
        assert_eq!(got, ["it", "altman"]);
    }

    #[test]
    fn content_lemmas_skip_stop_words() {
        assert_eq!(
            content_lemmas_with(
                "The children went to the models' works in 2023, didn't they?",
                &known
            ),
            ["child", "go", "model", "work"]
        );
        assert!(is_stopword("the") && is_stopword("sth") && !is_stopword("model"));
    }
}
