//! Chinese sentence rules: where a sentence ends (`。！？!?；…` and runs of
//! them, with closing quotes kept), and where a space separates paragraphs.

use super::is_closer;

/// CJK ideographs, CJK punctuation, full-width forms, kana and hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xAC00..=0xD7AF // hangul
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3134F)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | '…' | '．')
}

/// Splits a block of Chinese text at whitespace that separates paragraphs:
/// whitespace next to a CJK character, or after closing punctuation or a
/// colon. Whitespace between Latin words (`Sam Altman`) stays.
pub fn split_on_spaces(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = block.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            current.push(c);
            continue;
        }
        while chars.peek().is_some_and(|n| n.is_whitespace()) {
            chars.next();
        }
        let prev = current.chars().last();
        let next = chars.peek().copied();
        let breaks = match (prev, next) {
            (Some(p), Some(n)) => {
                is_cjk(p)
                    || is_cjk(n)
                    || is_terminator(p)
                    || matches!(p, '.' | ':' | '：')
                    || is_closer(p) && current.chars().rev().nth(1).is_some_and(is_terminator)
            }
            _ => true,
        };
        if breaks {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else if next.is_some() {
            current.push(' ');
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Splits one Chinese paragraph into sentences.
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = is_terminator(c) || (c == '.' && ascii_period_ends(prev, next));
        prev = Some(c);
        if !ends {
            continue;
        }
        let mut take_while = |keep: &dyn Fn(char) -> bool| {
            while let Some(&(_, n)) = chars.peek() {
                if !keep(n) {
                    break;
                }
                chars.next();
            }
        };
        take_while(&|n| is_terminator(n) || n == '.');
        take_while(&is_closer);
        let end = chars.peek().map_or(paragraph.len(), |&(j, _)| j);
        push_trimmed(&mut out, &paragraph[start..end]);
        start = end;
    }
    push_trimmed(&mut out, &paragraph[start..]);
    out
}

/// An ASCII period ends a Chinese sentence unless it sits in a number or a
/// Latin token (`3.0`, `e.g.` inside Latin text, `www.baai.ac.cn`); `prev`
/// and `next` are the characters around it.
fn ascii_period_ends(prev: Option<char>, next: Option<char>) -> bool {
    match next {
        None => true,
        Some(n) if n.is_whitespace() || is_cjk(n) || n == '.' => {
            // `e.g. 中文`: a Latin abbreviation before CJK text is rare; accept.
            !(prev.is_some_and(|p| p.is_ascii_digit()) && n.is_ascii_digit())
        }
        Some(_) => false,
    }
}

fn push_trimmed(out: &mut Vec<String>, sentence: &str) {
    let t = sentence.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_keep_quotes() {
        assert_eq!(
            split_sentences("他说:“好。”然后走了!真的吗?？是的……对"),
            vec!["他说:“好。”", "然后走了!", "真的吗?？", "是的……", "对"]
        );
    }

    #[test]
    fn decimals_and_latin_tokens_stay_whole() {
        assert_eq!(
            split_sentences("在3.0版本之前那样?GPT-4是例子。更容易被检查."),
            vec!["在3.0版本之前那样?", "GPT-4是例子。", "更容易被检查."]
        );
    }

    #[test]
    fn spaces_split_paragraphs_but_not_latin_names() {
        assert_eq!(
            split_on_spaces("演讲。 6月10日,Sam Altman发表 张宏江博士 对话实录: 未来"),
            vec![
                "演讲。",
                "6月10日,Sam Altman发表",
                "张宏江博士",
                "对话实录:",
                "未来"
            ]
        );
        assert_eq!(
            split_on_spaces("检查. SamAltman:是"),
            vec!["检查.", "SamAltman:是"]
        );
    }
}
