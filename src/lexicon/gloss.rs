//! CC-CEDICT lines and the cleaning of their English glosses into the
//! content-word lemmas that alignment compares.
//!
//! A line is `傳統 传统 [chuan2 tong3] /tradition/traditional/`. Each sense
//! between slashes is cleaned: `CL:` (classifier) senses are dropped, and so
//! are parentheticals (`(literary)`, `(bound form)`), Chinese references
//! (`個|个[ge4]`) and, in a sense that had such a reference, the phrases
//! around it (`variant of`, `see also`, `abbr. for`, `used in`); `surname
//! Wang` keeps `wang`; `lit.` / `fig.` markers go. What is left is split
//! into words, lemmatized and stripped of stop words (which takes care of
//! the `to` of verbs and of `sb` / `sth`).
//!
//! Like [`super::morph`], this file is also compiled into `build.rs`.

use super::morph;

/// One parsed CEDICT line, borrowing from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CedictEntry<'a> {
    pub traditional: &'a str,
    pub simplified: &'a str,
    /// The pinyin between the brackets, e.g. `chuan2 tong3`.
    pub pinyin: &'a str,
    /// The senses between the slashes, untouched.
    pub senses: Vec<&'a str>,
}

/// Parses one CEDICT line (not a `#` comment). The error says what is wrong.
pub fn parse_cedict_line(line: &str) -> Result<CedictEntry<'_>, String> {
    const SHAPE: &str = "expected `traditional simplified [pin1 yin1] /gloss/gloss/`";
    let line = line.trim();
    let (traditional, rest) = line
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("{SHAPE}: no space after the headword"))?;
    let rest = rest.trim_start();
    let (simplified, rest) = rest
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("{SHAPE}: no simplified headword"))?;
    let rest = rest
        .trim_start()
        .strip_prefix('[')
        .ok_or_else(|| format!("{SHAPE}: no `[pinyin]` after the headwords"))?;
    let (pinyin, rest) = rest
        .split_once(']')
        .ok_or_else(|| format!("{SHAPE}: no `]` closing the pinyin"))?;
    let glosses = rest.trim();
    let inner = glosses
        .strip_prefix('/')
        .and_then(|g| g.strip_suffix('/'))
        .ok_or_else(|| format!("{SHAPE}: the glosses must stand between slashes"))?;
    let senses: Vec<&str> = inner
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if senses.is_empty() {
        return Err(format!("{SHAPE}: no gloss"));
    }
    Ok(CedictEntry {
        traditional,
        simplified,
        pinyin: pinyin.trim(),
        senses,
    })
}

/// True for a CJK ideograph or other Han-script character.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ffff}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303b}')
}

/// Removes `(…)` (nested, ASCII or full-width) and `[…]` spans, except a
/// parenthesized acronym (`(CEO)`, `(AI)`), which is kept as a word.
fn strip_brackets(text: &str) -> String {
    if text.is_ascii() && !text.contains(['(', '[', '|']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut inside = String::new();
    let (mut paren, mut square) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '(' | '（' => {
                paren += 1;
                if paren == 1 {
                    inside.clear();
                }
            }
            ')' | '）' => {
                paren = paren.saturating_sub(1);
                if paren == 0 && is_acronym(&inside) {
                    out.push(' ');
                    out.push_str(&inside);
                }
            }
            '[' => square += 1,
            ']' => square = square.saturating_sub(1),
            _ if paren == 0 && square == 0 => out.push(if is_cjk(c) || c == '|' { ' ' } else { c }),
            _ if paren == 1 && square == 0 => inside.push(c),
            _ => {}
        }
        if matches!(c, ')' | '）' | ']') {
            out.push(' ');
        }
    }
    out
}

/// `CEO`, `AI`, `WTO`: two or more capitals (digits allowed after the first).
fn is_acronym(text: &str) -> bool {
    let mut chars = text.chars();
    text.len() >= 2
        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Phrases that only point at another Chinese word; removed from a sense
/// that had a Chinese reference. Longest first.
const META: &[&[&str]] = &[
    &["erhua", "variant", "of"],
    &["japanese", "variant", "of"],
    &["archaic", "variant", "of"],
    &["old", "variant", "of"],
    &["variant", "of"],
    &["see", "also"],
    &["abbr", "for"],
    &["abbr", "to"],
    &["abbr", "of"],
    &["also", "written"],
    &["also", "pr"],
    &["taiwan", "pr"],
    &["used", "in"],
    &["same", "as"],
    &["see"],
    &["pr"],
];

/// Senses that describe a character's use rather than translate it.
const NOTE_STARTS: &[&[&str]] = &[
    &["classifier"],
    &["measure", "word"],
    &["kangxi", "radical"],
    &["also", "pr"],
    &["taiwan", "pr"],
    &["pr"],
    &["used", "in"],
    &["used", "after"],
    &["used", "before"],
    &["used", "to", "indicate"],
    &["used", "to", "express"],
    &["indicates"],
];

/// Phrases that make a whole sense a note wherever they stand.
const NOTE_PHRASES: &[&[&str]] = &[
    &["radical", "in", "chinese", "characters"],
    &["kangxi", "radical"],
];

/// Grammar terms that, among a sense's first words and with a cue word
/// anywhere, mark a grammar note (`modal particle indicating …`,
/// `classifier for birds`), while `particle` alone stays a translation.
const GRAMMAR_TERMS: &[&str] = &["classifier", "particle", "prefix", "suffix"];
const GRAMMAR_CUES: &[&str] = &[
    "aspect",
    "diminutive",
    "expressing",
    "final",
    "for",
    "grammatical",
    "indicate",
    "indicates",
    "indicating",
    "interrogative",
    "marker",
    "modal",
    "nominal",
    "of",
    "plural",
    "structural",
    "used",
    "verbal",
];

/// True for a sense that is a note on usage or pronunciation.
fn is_grammar_note(words: &[String]) -> bool {
    let starts = |phrase: &[&str]| {
        words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
    };
    let contains = |phrase: &[&str]| {
        words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
    };
    NOTE_STARTS.iter().any(|p| starts(p))
        || NOTE_PHRASES.iter().any(|p| contains(p))
        || (words
            .iter()
            .take(4)
            .any(|w| GRAMMAR_TERMS.contains(&w.as_str()))
            && words.iter().any(|w| GRAMMAR_CUES.contains(&w.as_str())))
}

/// Words that only ever mark glosses (`lit.`, `fig.`, `abbr.`).
const MARKERS: &[&str] = &["abbr", "fig", "lit", "onom", "usu"];

/// The English words of one sense, before lemmatization (see the module
/// documentation for what is dropped).
pub fn sense_words(sense: &str) -> Vec<String> {
    let sense = sense.trim();
    if sense
        .get(..3)
        .is_some_and(|head| head.eq_ignore_ascii_case("CL:"))
    {
        return Vec::new();
    }
    let had_reference = sense.contains('[') || sense.chars().any(is_cjk);
    let mut text = strip_brackets(sense);
    if text.contains("one") {
        text = text.replace("one's", " ").replace("one’s", " ");
    }
    let mut words: Vec<String> = morph::words(&text).collect();
    if is_grammar_note(&words) {
        return Vec::new();
    }
    if had_reference {
        let mut kept = Vec::with_capacity(words.len());
        let mut k = 0;
        'outer: while k < words.len() {
            for phrase in META {
                let end = k + phrase.len();
                if end <= words.len()
                    && words[k..end].iter().zip(phrase.iter()).all(|(w, p)| w == p)
                {
                    k = end;
                    continue 'outer;
                }
            }
            kept.push(std::mem::take(&mut words[k]));
            k += 1;
        }
        words = kept;
    }
    if words.first().is_some_and(|w| w == "surname") && words.len() > 1 {
        words.remove(0);
    }
    words.retain(|w| !MARKERS.contains(&w.as_str()));
    words
}

/// The content lemmas of a list of senses, in order, without repeats.
pub fn gloss_lemmas(senses: &[&str], known: &dyn Fn(&str) -> bool) -> Vec<String> {
    gloss_lemmas_by(senses, &mut |word| morph::content_lemma_with(word, known))
}

/// [`gloss_lemmas`] with the content-lemma function given (`build.rs`
/// passes a memoized [`morph::content_lemma_with`]).
pub fn gloss_lemmas_by(
    senses: &[&str],
    content_lemma: &mut dyn FnMut(&str) -> Option<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sense in senses {
        for word in sense_words(sense) {
            if let Some(lemma) = content_lemma(&word)
                && !out.contains(&lemma)
            {
                out.push(lemma);
            }
        }
    }
    out
}

/// The content lemmas of a plain English phrase (a hunalign dictionary's
/// English side), in order, without repeats.
pub fn phrase_lemmas(phrase: &str, known: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lemma in morph::content_lemmas_with(phrase, known) {
        if !out.contains(&lemma) {
            out.push(lemma);
        }
    }
    out
}

/// The words a sense contributes to the English index: every alphabetic
/// word of at least two letters outside `[pinyin]` and Chinese text,
/// parentheticals included.
pub fn index_words(sense: &str) -> impl Iterator<Item = String> {
    let text: String = if sense.is_ascii() && !sense.contains(['[', '|']) {
        sense.to_string()
    } else {
        let mut out = String::with_capacity(sense.len());
        let mut square = 0usize;
        for c in sense.chars() {
            match c {
                '[' => square += 1,
                ']' => {
                    square = square.saturating_sub(1);
                    out.push(' ');
                }
                _ if square == 0 => out.push(if is_cjk(c) || c == '|' { ' ' } else { c }),
                _ => {}
            }
        }
        out
    };
    morph::words(&text)
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '\''))
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(word: &str) -> bool {
        [
            "model",
            "mold",
            "tradition",
            "traditional",
            "run",
            "wang",
            "king",
        ]
        .contains(&word)
    }

    #[test]
    fn parses_cedict_lines() {
        let e = parse_cedict_line("傳統 传统 [chuan2 tong3] /tradition/traditional/").unwrap();
        assert_eq!(
            (e.traditional, e.simplified, e.pinyin),
            ("傳統", "传统", "chuan2 tong3")
        );
        assert_eq!(e.senses, ["tradition", "traditional"]);
        assert!(
            parse_cedict_line("傳統 传统 /tradition/")
                .unwrap_err()
                .contains("[pinyin]")
        );
        assert!(
            parse_cedict_line("傳統 传统 [chuan2 tong3] tradition")
                .unwrap_err()
                .contains("slashes")
        );
        assert!(parse_cedict_line("傳統").is_err());
        assert!(parse_cedict_line("傳統 传统 [chuan2 tong3] //").is_err());
    }

    #[test]
    fn cleans_senses() {
        let senses = |s: &str| -> Vec<String> { sense_words(s) };
        assert_eq!(
            senses("(literary) to run quickly"),
            ["to", "run", "quickly"]
        );
        assert!(senses("CL:個|个[ge4]").is_empty());
        assert!(senses("variant of 個|个[ge4]").is_empty());
        assert!(senses("old variant of 為|为[wei4]").is_empty());
        assert!(senses("see 無線電|无线电[wu2 xian4 dian4]").is_empty());
        assert!(senses("used in 葡萄[pu2 tao5]").is_empty());
        assert_eq!(
            senses("abbr. for 北京大學|北京大学[Bei3 jing1 Da4 xue2], Peking University"),
            ["peking", "university"]
        );
        assert_eq!(senses("surname Wang"), ["wang"]);
        assert_eq!(senses("(bound form) model; mold"), ["model", "mold"]);
        assert_eq!(
            senses("chief executive officer (CEO)"),
            ["chief", "executive", "officer", "ceo"]
        );
        assert_eq!(senses("(Tw) taxi (coll.)"), ["taxi"]);
        assert_eq!(senses("lit. to draw a cake"), ["to", "draw", "a", "cake"]);
        // "see" without a Chinese reference is an ordinary word.
        assert_eq!(senses("to see"), ["to", "see"]);
        assert_eq!(senses("to do one's best"), ["to", "do", "best"]);
        // Notes on usage go; a plain `particle` stays.
        assert!(senses("classifier for birds and certain animals").is_empty());
        assert!(senses("measure word to show the frequency of an action").is_empty());
        assert!(senses("modal particle indicating polite suggestion").is_empty());
        assert!(senses("\"one\" radical in Chinese characters (Kangxi radical 1)").is_empty());
        assert!(senses("also pr. [yao1] for greater clarity when spelling out numbers").is_empty());
        assert_eq!(senses("(physics) particle"), ["particle"]);
        assert_eq!(senses("subatomic particle"), ["subatomic", "particle"]);
    }

    #[test]
    fn gloss_lemmas_are_content_words() {
        let lemmas = gloss_lemmas(
            &["model", "mold", "(fig.) models; examples", "CL:個|个[ge4]"],
            &known,
        );
        assert_eq!(lemmas, ["model", "mold", "example"]);
        assert_eq!(
            gloss_lemmas(&["surname Wang", "king or monarch"], &known),
            ["wang", "king", "monarch"]
        );
        assert_eq!(gloss_lemmas(&["to tell sb sth"], &known), ["tell"]);
        assert_eq!(phrase_lemmas("to run the models", &known), ["run", "model"]);
    }

    #[test]
    fn index_words_skip_pinyin_and_chinese() {
        let words: Vec<String> = index_words("variant of 個|个[ge4] (literary) x-rays").collect();
        assert_eq!(words, ["variant", "of", "literary", "rays"]);
    }
}
