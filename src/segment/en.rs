//! English (and default Latin-script) sentence rules: ends at `.`, `!`, `?`
//! and ellipses before a capital, but not after abbreviations (`Dr.`, `U.S.`,
//! `e.g.`, `No. 5`), initials or inside decimals; closing quotes stay with
//! the sentence.

use super::is_closer;

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "mt", "gen", "sen", "rep", "gov",
    "col", "capt", "lt", "sgt", "rev", "hon", "pres", "fig", "figs", "vol", "pp", "art", "ch",
    "sec", "approx", "est", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "dept", "univ",
    "ave", "blvd", "rd", "ft", "mssrs", "messrs", "gov't", "ed", "eds", "op",
];

/// Words that begin sentences: after an acronym such as `U.S.` they mark a
/// sentence end.
const STARTERS: &[&str] = &[
    "The", "This", "That", "These", "Those", "It", "We", "I", "He", "She", "They", "You", "But",
    "And", "In", "On", "At", "As", "So", "If", "When", "What", "Why", "How", "There", "Our", "My",
    "His", "Her", "Their", "A", "An", "Yes", "No", "Of",
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
        if should_split(before, &run, dash_break, after) {
            let s = paragraph[start..end_byte].trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
            start = next_byte;
        }
        i = k;
    }
    let s = paragraph[start..].trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}

/// Decides a candidate boundary: `before` is the sentence so far (without
/// the terminator run), `after` the text after the following whitespace.
fn should_split(before: &str, run: &str, dash_break: bool, after: &str) -> bool {
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
    if dash_break || run != "." {
        return true;
    }
    // A single period: look at the word it ends.
    let word = before
        .rsplit(|c: char| c.is_whitespace() || is_opener(c))
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    if lower == "no" || lower == "nos" || lower == "p" {
        return !next.is_ascii_digit();
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if word.chars().count() == 1 && letters.len() == 1 && letters[0].is_uppercase() {
        return false; // an initial: `J. K. Rowling`
    }
    if word.contains('.') {
        // An acronym or abbreviation with inner periods: `U.S.`, `e.g.`, `Ph.D.`
        return STARTERS.contains(&next_word);
    }
    true
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
    fn acronym_at_sentence_end() {
        assert_eq!(
            split_sentences("They live in the U.S. The weather is fine."),
            vec!["They live in the U.S.", "The weather is fine."]
        );
    }
}
