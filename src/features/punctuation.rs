//! Punctuation that crosses languages: questions, ellipses and dashes,
//! quoted speech and bracketed asides (the scorer adds a cost when one side
//! of a bead has one and the other not).

/// True when a segment asks a question.
pub fn is_question(text: &str) -> bool {
    text.trim_end_matches(crate::segment::is_closer)
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

#[cfg(test)]
mod tests {
    use super::*;

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
