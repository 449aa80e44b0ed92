//! English (and default Latin-script) sentence rules: ends at `.`, `!`, `?`
//! and ellipses before a capital, but not after abbreviations (`Dr.`, `U.S.`,
//! `e.g.`, `No. 5`, `p. 5`), initials or inside decimals, nor before a
//! speech tag that finishes a quotation (`"Why?" Wang asked.`) or a
//! stammered word (`I... I don't`); closing quotes stay with the sentence.

use super::{Cut, is_closer};

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "mt", "gen", "sen", "rep", "gov",
    "col", "capt", "lt", "sgt", "rev", "hon", "pres", "fig", "figs", "vol", "pp", "art", "ch",
    "sec", "approx", "est", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "dept", "univ",
    "ave", "blvd", "rd", "ft", "mssrs", "messrs", "gov't", "ed", "eds", "op", "no", "nos", "p",
];

/// Whether a lower-case word (without its period) is an abbreviation after
/// which a period does not end a sentence.
pub fn is_abbreviation(lower: &str) -> bool {
    ABBREVIATIONS.contains(&lower)
}

/// Abbreviations that often end a sentence too: they end one only before a
/// word that starts sentences ([`STARTERS`]), as dotted acronyms do.
const AMBIGUOUS: &[&str] = &["inc", "ltd", "co", "corp", "etc", "jr", "sr"];

/// Verbs of a speech tag after a quotation (`"Why?" Wang asked.`).
const SPEECH_VERBS: &[&str] = &[
    "said",
    "asked",
    "replied",
    "answered",
    "shouted",
    "cried",
    "whispered",
    "added",
    "called",
    "muttered",
    "exclaimed",
    "thought",
    "says",
    "asks",
    "yelled",
    "continued",
    "insisted",
    "repeated",
    "wondered",
    "murmured",
    "snapped",
];

/// Words that begin sentences: after an acronym such as `U.S.` they mark a
/// sentence end.
const STARTERS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "We",
    "I",
    "He",
    "She",
    "They",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "As",
    "So",
    "If",
    "When",
    "What",
    "Why",
    "How",
    "There",
    "Our",
    "My",
    "His",
    "Her",
    "Their",
    "A",
    "An",
    "Yes",
    "No",
    "Of",
    "Then",
    "After",
    "Its",
    "For",
    "Some",
    "Many",
    "Most",
    "All",
    "Now",
    "Today",
    "Later",
    "However",
    "Everyone",
    "Everything",
    "Nobody",
    "Nothing",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '「' | '『' | '¿' | '¡'
    )
}

/// Splits one paragraph into sentences.
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    super::sentences_at(paragraph, &cuts(paragraph))
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Where the sentences of a paragraph end (byte offsets, before the end of
/// the paragraph), each with the mark that ends it.
pub fn cuts(paragraph: &str) -> Vec<(usize, Cut)> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut start = 0usize; // byte offset
    let mut i = 0usize;
    while i < n {
        let c = chars[i].1;
        let dash_break = c == '—' && i + 1 < n && is_closer(chars[i + 1].1);
        if !is_terminator(c) && !dash_break {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut j = i + 1;
        while j < n && is_terminator(chars[j].1) {
            j += 1;
        }
        let run: String = chars[run_start..j].iter().map(|&(_, c)| c).collect();
        let closers_start = j;
        while j < n && is_closer(chars[j].1) {
            j += 1;
        }
        if j == n {
            break;
        }
        if !chars[j].1.is_whitespace() {
            i = j;
            continue;
        }
        let mut k = j;
        while k < n && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k == n {
            break;
        }
        let end_byte = chars[j].0;
        let next_byte = chars[k].0;
        let before = &paragraph[start..chars[run_start].0];
        let after = &paragraph[next_byte..];
        let quoted = chars[closers_start..j]
            .iter()
            .any(|&(_, c)| matches!(c, '"' | '”' | '\'' | '’'));
        if should_split(before, &run, dash_break, quoted, after) {
            out.push((
                end_byte,
                Cut::Terminator {
                    mark: paragraph[chars[run_start].0..end_byte].to_string(),
                },
            ));
            start = next_byte;
        }
        i = k;
    }
    out
}

/// Decides a candidate boundary: `before` is the sentence so far (without
/// the terminator run), `after` the text after the following whitespace;
/// `quoted` when a closing quotation mark follows the run.
fn should_split(before: &str, run: &str, dash_break: bool, quoted: bool, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return true;
    };
    let next_word: &str = after
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let capital_next =
        next.is_uppercase() || next.is_ascii_digit() || is_opener(next) || super::zh::is_cjk(next);
    if !capital_next {
        return false;
    }
    // The word the run ends.
    let word = before
        .rsplit(|c: char| c.is_whitespace() || is_opener(c))
        .next()
        .unwrap_or("");
    if quoted && speech_tag(after) {
        return false;
    }
    if dash_break {
        return true;
    }
    if run.chars().all(|c| c == '.' || c == '…') && run != "." {
        // An ellipsis: a stammer (`I... I've`) goes on.
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let stammer = !bare.is_empty()
            && (next_word == bare
                || next_word
                    .strip_prefix(bare)
                    .is_some_and(|rest| rest.starts_with(['\'', '’'])));
        return !stammer;
    }
    if run != "." || quoted {
        return true;
    }
    // A single period: look at the word it ends.
    let trimmed = before.trim();
    if trimmed == word && (1..=3).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit())
    {
        return false; // a list number opening the sentence: `1. Cost.`
    }
    let lower = word.to_lowercase();
    if lower == "no" || lower == "nos" || lower == "p" || lower == "pp" {
        return !next.is_ascii_digit();
    }
    if lower == "e.g" || lower == "i.e" || lower == "viz" {
        return false;
    }
    if AMBIGUOUS.contains(&lower.as_str()) {
        return STARTERS.contains(&next_word);
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if word.chars().count() == 1 && letters.len() == 1 && letters[0].is_uppercase() && word != "I" {
        return false; // an initial: `J. K. Rowling`
    }
    if word.contains('.') && word.chars().any(char::is_alphabetic) {
        // An acronym or abbreviation with inner periods: `U.S.`, `Ph.D.`
        return STARTERS.contains(&next_word);
    }
    true
}

/// Whether `after` (what follows a closed quotation) is a speech tag that
/// finishes the sentence: one to three capitalised words or a pronoun, a
/// verb of saying, then punctuation or the end (`Wang asked.`, `He said,`).
fn speech_tag(after: &str) -> bool {
    let words: Vec<&str> = after.split_whitespace().take(5).collect();
    for subject in 1..=3usize.min(words.len()) {
        if !words[..subject]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return false;
        }
        let Some(verb) = words.get(subject) else {
            return false;
        };
        let bare = verb.trim_end_matches(['.', ',', ';', '!', '?']);
        if SPEECH_VERBS.contains(&bare) {
            return bare.len() < verb.len() || subject + 1 == words.len();
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_decimals_initials() {
        assert_eq!(
            split_sentences(
                "Dr. Zhang met Prof. Li in the U.S. last year. It cost 3.5 million, e.g. for No. 5. J. K. Rowling agreed."
            ),
            vec![
                "Dr. Zhang met Prof. Li in the U.S. last year.",
                "It cost 3.5 million, e.g. for No. 5.",
                "J. K. Rowling agreed."
            ]
        );
    }

    #[test]
    fn quotes_stay_and_lowercase_continues() {
        assert_eq!(
            split_sentences(
                "He was a Microsoft \"Distinguished Scientist.\" Then he left. \"Why?\" she asked. Fine!"
            ),
            vec![
                "He was a Microsoft \"Distinguished Scientist.\"",
                "Then he left.",
                "\"Why?\" she asked.",
                "Fine!"
            ]
        );
    }

    #[test]
    fn ellipses_and_dashes() {
        assert_eq!(
            split_sentences("Wait... No. I was going to—\" She stopped. And so on… Right."),
            vec![
                "Wait...",
                "No.",
                "I was going to—\"",
                "She stopped.",
                "And so on…",
                "Right."
            ]
        );
        assert_eq!(
            split_sentences("It was—as he said—late."),
            vec!["It was—as he said—late."]
        );
    }

    #[test]
    fn speech_tags_after_quotations() {
        assert_eq!(
            split_sentences(
                "\"Can you print it?\" Wang asked. \"Sure.\" He said, \"Wait.\" They left."
            ),
            vec![
                "\"Can you print it?\" Wang asked.",
                "\"Sure.\" He said, \"Wait.\"",
                "They left."
            ]
        );
        // A capitalised narration after a quotation is a new sentence.
        assert_eq!(
            split_sentences("'Never!' Misty laughed at him."),
            vec!["'Never!'", "Misty laughed at him."]
        );
    }

    #[test]
    fn stammers_pronoun_i_and_latin_abbreviations() {
        assert_eq!(
            split_sentences(
                "I... I can't remember. So was I. At last, e.g. Beijing, i.e. The capital."
            ),
            vec![
                "I... I can't remember.",
                "So was I.",
                "At last, e.g. Beijing, i.e. The capital."
            ]
        );
        assert_eq!(
            split_sentences("See p. 5 and No. 3. It opens at 5 p.m. The doors close at 9."),
            vec![
                "See p. 5 and No. 3.",
                "It opens at 5 p.m.",
                "The doors close at 9."
            ]
        );
        assert_eq!(
            split_sentences("It was set for one o'clock A.M.\" \"Wow, so precise!\""),
            vec!["It was set for one o'clock A.M.\"", "\"Wow, so precise!\""]
        );
        assert_eq!(
            split_sentences("He joined Apple Inc. in May. He works for Acme Ltd. The pay is fine."),
            vec![
                "He joined Apple Inc. in May.",
                "He works for Acme Ltd.",
                "The pay is fine."
            ]
        );
    }

    #[test]
    fn list_numbers_and_money() {
        assert_eq!(
            split_sentences(
                "Three reasons. 1. Cost. 2. Time. The price is $12.50. Students pay half."
            ),
            vec![
                "Three reasons.",
                "1. Cost.",
                "2. Time.",
                "The price is $12.50.",
                "Students pay half."
            ]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            split_sentences("They live in the U.S. The weather is fine."),
            vec!["They live in the U.S.", "The weather is fine."]
        );
    }
}
