//! Chinese sentence rules: where a sentence ends (`。！？!?…` and runs of
//! them, with closing quotes and brackets kept), where it does not (inside
//! 《》〈〉 titles and brackets that close, before a speech tag that
//! finishes a quotation, at English abbreviations, initials, decimals and
//! list numbers, at an ellipsis that the sentence goes on after), and where
//! a space separates paragraphs. Traditional Chinese follows the same rules
//! (「」『』 are quotation marks).

use super::{Cut, is_closer};

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

/// CJK ideographs only (no punctuation).
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Marks that end a sentence. The semicolon `；` does not: Chinese prose
/// strings clauses with it that translations keep in one sentence (none
/// of mac-dev's 1,444 sentences ends at one).
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '⋯' | '．')
}

/// Closing quotation marks (simplified and traditional).
fn is_quote_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '"' | '\'')
}

/// Openers that start a new sentence after an ellipsis.
fn is_quote_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '"')
}

/// Brackets inside which no sentence ends, when they close within
/// [`BRACKET_REACH`] characters: titles and parentheses.
fn bracket_pair(c: char) -> Option<char> {
    Some(match c {
        '《' => '》',
        '〈' => '〉',
        '（' => '）',
        '(' => ')',
        '【' => '】',
        '[' => ']',
        '〔' => '〕',
        '｛' => '｝',
        _ => return None,
    })
}

/// How far a bracket's closing partner is looked for, in characters.
const BRACKET_REACH: usize = 200;

/// Verbs of a speech tag after a quotation (`”他说。`, `」她問道，`).
const SPEECH_VERBS: &[&str] = &[
    "回答道",
    "解释道",
    "补充道",
    "解釋道",
    "補充道",
    "说道",
    "问道",
    "答道",
    "笑道",
    "喊道",
    "叫道",
    "骂道",
    "叹道",
    "嚷道",
    "說道",
    "問道",
    "罵道",
    "嘆道",
    "回答",
    "心想",
    "说",
    "道",
    "问",
    "想",
    "說",
    "問",
];

/// Words that carry a clause on after an ellipsis in narration.
const CONTINUING: &[&str] = &[
    "终于", "終於", "才", "就", "却", "卻", "便", "直到", "甚至", "而且",
];

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
            // `Dr. Smith`, `J. K. Rowling`, `e.g. 苹果`: not a sentence end.
            (Some('.'), Some(_)) if latin_abbreviation_before(&current) => false,
            (Some(p), Some(n)) => {
                is_cjk(p)
                    || is_cjk(n)
                    || is_terminator(p)
                    || matches!(p, '.' | ':' | '：' | '；')
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

/// Whether `text` ends with an English abbreviation, an initial or a
/// dotted acronym and its period (`Dr.`, `J.`, `U.S.`, `e.g.`).
fn latin_abbreviation_before(text: &str) -> bool {
    let Some(body) = text.strip_suffix('.') else {
        return false;
    };
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    (word.len() == 1 && word != "I" && word.chars().all(|c| c.is_ascii_uppercase()))
        || (word.contains('.') && word.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 4)
        || super::en::is_abbreviation(&lower)
}

/// Splits one Chinese paragraph into sentences.
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    super::sentences_at(paragraph, &cuts(paragraph))
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Where the sentences of a paragraph end (byte offsets, before the end of
/// the paragraph), each with the mark that ends it.
///
/// Long because it is one scan over the paragraph's characters, with the
/// quotation, bracket and ellipsis states that decide each cut.
pub fn cuts(paragraph: &str) -> Vec<(usize, Cut)> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let n = chars.len();
    let protected = protected(&chars);
    let mut out = Vec::new();
    // Character index where the current sentence starts.
    let mut start = 0usize;
    // How many quotations are open (“ not yet closed by ”).
    let mut quotes = 0usize;
    let mut i = 0usize;
    while i < n {
        let c = chars[i].1;
        if !(is_terminator(c) || c == '.') {
            if matches!(c, '“' | '「' | '『') {
                quotes += 1;
            } else if matches!(c, '”' | '」' | '』') {
                quotes = quotes.saturating_sub(1);
            }
            i += 1;
            continue;
        }
        let run_start = i;
        let mut j = i + 1;
        while j < n && (is_terminator(chars[j].1) || chars[j].1 == '.') {
            j += 1;
        }
        let run: String = chars[run_start..j].iter().map(|&(_, c)| c).collect();
        if protected[run_start] {
            i = j;
            continue;
        }
        let mut k = j;
        // Closers, and marks after them (`“Just do it.”。`).
        while k < n && (is_closer(chars[k].1) || (k > j && is_terminator(chars[k].1))) {
            if matches!(chars[k].1, '”' | '」' | '』') {
                quotes = quotes.saturating_sub(1);
            }
            k += 1;
        }
        i = k;
        if k == n {
            break;
        }
        if (run == "." || run == "..") && !ascii_period_ends(&chars, start, run_start, j) {
            continue;
        }
        let closers = &chars[j..k];
        let next = chars[k].1;
        let ellipsis = run.chars().all(|c| matches!(c, '…' | '⋯' | '.'));
        if ellipsis && closers.is_empty() && !is_quote_opener(next) {
            // `“我……我不知道。”`: a quoted sentence goes on after the
            // ellipsis (a stammer, a pause), and so does narration before
            // a word that carries the clause on (`等了很久……终于来了`);
            // otherwise narration ends at one.
            let rest: String = chars[k..].iter().take(2).map(|&(_, c)| c).collect();
            // `我……我不知道`: the word before it said again.
            let stammer = (1..=2).any(|len| {
                run_start >= start + len
                    && k + len <= n
                    && chars[run_start - len..run_start]
                        .iter()
                        .zip(&chars[k..k + len])
                        .all(|(a, b)| a.1 == b.1 && is_ideograph(a.1))
            });
            // `嗯……好吧`: an interjection is no sentence.
            let short = chars[start..run_start]
                .iter()
                .filter(|&&(_, c)| !c.is_whitespace())
                .count()
                == 1;
            if quotes > 0 || stammer || short || CONTINUING.iter().any(|w| rest.starts_with(w)) {
                continue;
            }
        }
        if closers.iter().any(|&(_, c)| is_quote_closer(c)) && speech_tag_follows(&chars[k..]) {
            continue;
        }
        let at = chars[k].0;
        out.push((
            at,
            Cut::Terminator {
                mark: paragraph[chars[run_start].0..at].to_string(),
            },
        ));
        start = k;
    }
    out
}

/// For each character, whether it stands inside a title or bracket pair
/// that closes within [`BRACKET_REACH`] characters.
fn protected(chars: &[(usize, char)]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let Some(close) = bracket_pair(chars[i].1) else {
            i += 1;
            continue;
        };
        let open = chars[i].1;
        let mut depth = 0usize;
        let mut end = None;
        for (k, &(_, c)) in chars.iter().enumerate().skip(i).take(BRACKET_REACH) {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    end = Some(k);
                    break;
                }
            }
        }
        match end {
            Some(e) => {
                out[i..e].iter_mut().for_each(|p| *p = true);
                i = e + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether what follows a closed quotation is a speech tag that finishes
/// its sentence (`他说。`, `汪淼问。`, `她笑道！`, `他说，“…`): up to five
/// ideographs of subject, a verb of saying, then `。！？…`, a comma and
/// a new quotation, or the end. A tag followed by a colon opens the next
/// quotation instead (`韦小宝道：“…”`), and `说着` goes on to a new action.
fn speech_tag_follows(rest: &[(usize, char)]) -> bool {
    let window: Vec<char> = rest
        .iter()
        .map(|&(_, c)| c)
        .skip_while(|c| c.is_whitespace())
        .take(16)
        .collect();
    for subject in 0..=5usize.min(window.len()) {
        if !window[..subject].iter().all(|&c| is_ideograph(c)) {
            break;
        }
        // `汪淼没有回答。` is narration, not a tag.
        let negated = window[..subject].ends_with(&['没'])
            || window[..subject].ends_with(&['没', '有'])
            || window[..subject].ends_with(&['不'])
            || window[..subject].ends_with(&['未']);
        if negated {
            continue;
        }
        for verb in SPEECH_VERBS {
            let v: Vec<char> = verb.chars().collect();
            let end = subject + v.len();
            if end > window.len() || window[subject..end] != v[..] {
                continue;
            }
            match window.get(end) {
                None => return window.len() == end && rest.len() < 14,
                Some('。' | '！' | '？' | '…' | '!' | '?') => return true,
                // `”他说，“…”`: the quotation goes on after the tag; a
                // comma and narration (`”汪淼说，本想…`) start a sentence.
                Some('，' | ',') => {
                    return window.get(end + 1).is_some_and(|&q| is_quote_opener(q));
                }
                _ => {}
            }
        }
    }
    false
}

/// Whether a run of one or two ASCII periods (`chars[at..after]`) ends a
/// sentence that started at `start`: not in a number (`3.5`), a Latin
/// token (`www.baai.ac.cn`), after an English abbreviation, an initial or
/// a dotted acronym (`Dr. Smith`, `J. K.`, `U.S.`, `e.g.`), nor after a
/// list number opening the sentence (`6. 片厂`).
fn ascii_period_ends(chars: &[(usize, char)], start: usize, at: usize, after: usize) -> bool {
    let prev = at.checked_sub(1).map(|k| chars[k].1);
    let next = chars.get(after).map(|&(_, c)| c);
    if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()) {
        return false;
    }
    if next.is_some_and(|n| n.is_ascii_alphanumeric()) {
        return false;
    }
    // The Latin word before the period (letters, digits, inner periods).
    let mut w = at;
    while w > start && (chars[w - 1].1.is_ascii_alphanumeric() || chars[w - 1].1 == '.') {
        w -= 1;
    }
    let word: String = chars[w..at].iter().map(|&(_, c)| c).collect();
    if word.is_empty() {
        return true;
    }
    // A list item's number or letter (`6. 片厂`, `：1. 打开；2. 按下`, `A. 正确`)
    // at the start of the sentence or after a clause mark.
    let item_start = chars[start..w].iter().all(|&(_, c)| c.is_whitespace())
        || matches!(
            chars[w - 1].1,
            '：' | '；' | '，' | '、' | ':' | ';' | ',' | ' '
        );
    let item = (word.chars().all(|c| c.is_ascii_digit()) && word.len() <= 2)
        || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()));
    if item_start && item && next.is_some_and(|n| n.is_whitespace() || is_cjk(n)) {
        return false;
    }
    if word.contains('.') && word.chars().any(|c| c.is_ascii_alphabetic()) {
        return false; // `U.S.`, `e.g.`, `Ph.D.`
    }
    let lower = word.to_ascii_lowercase();
    if super::en::is_abbreviation(&lower)
        || matches!(
            lower.as_str(),
            "inc" | "ltd" | "co" | "corp" | "no" | "p" | "pp"
        )
    {
        return false;
    }
    let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    // An initial before a name: `J. K. Rowling`, `J.K.罗琳`.
    let name_next = chars[after..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c.is_ascii_uppercase());
    !(initial && name_next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_keep_quotes() {
        assert_eq!(
            split_sentences("他说:“好。”然后走了!真的吗?？是的……“对”"),
            vec!["他说:“好。”", "然后走了!", "真的吗?？", "是的……", "“对”"]
        );
    }

    #[test]
    fn decimals_and_latin_tokens_stay_whole() {
        assert_eq!(
            split_sentences("在3.0版本之前那样?GPT-4是例子。更容易被检查."),
            vec!["在3.0版本之前那样?", "GPT-4是例子。", "更容易被检查."]
        );
        assert_eq!(
            split_sentences("访问www.baai.ac.cn了解。价格是3.5元。"),
            vec!["访问www.baai.ac.cn了解。", "价格是3.5元。"]
        );
    }

    #[test]
    fn no_cut_inside_titles_or_closed_brackets() {
        assert_eq!(
            split_sentences("《摔跤吧！爸爸》是一部电影。我看过〈再见！〉这篇文章。"),
            vec!["《摔跤吧！爸爸》是一部电影。", "我看过〈再见！〉这篇文章。"]
        );
        assert_eq!(
            split_sentences("他来了（真的！）。我们走吧。"),
            vec!["他来了（真的！）。", "我们走吧。"]
        );
        // A bracket that never closes protects nothing.
        assert_eq!(
            split_sentences("（他来了。我们走吧。"),
            vec!["（他来了。", "我们走吧。"]
        );
    }

    #[test]
    fn speech_tags_stay_with_their_quotation() {
        assert_eq!(
            split_sentences("“这是对的。”他说。“能打印吗？”汪淼问。"),
            vec!["“这是对的。”他说。", "“能打印吗？”汪淼问。"]
        );
        assert_eq!(
            split_sentences("「這是對的。」她問道。「好。」他说，「走吧。」"),
            vec!["「這是對的。」她問道。", "「好。」他说，「走吧。」"]
        );
        // A tag, a comma and narration: the narration is a new sentence.
        assert_eq!(
            split_sentences("“不是故障。”汪淼平静地说，他已经学会了控制。"),
            vec!["“不是故障。”", "汪淼平静地说，他已经学会了控制。"]
        );
        // A tag with a colon opens the next quotation; 说着 starts an action.
        assert_eq!(
            split_sentences("“呸。”韦小宝道：“谁说不会？”“好。”说着出屋而去。"),
            vec![
                "“呸。”",
                "韦小宝道：“谁说不会？”",
                "“好。”",
                "说着出屋而去。"
            ]
        );
        // A quotation opening a new turn stays its own.
        assert_eq!(
            split_sentences("“你好。”“再见。”大家都笑了。"),
            vec!["“你好。”", "“再见。”", "大家都笑了。"]
        );
    }

    #[test]
    fn english_abbreviations_initials_and_list_numbers() {
        assert_eq!(
            split_sentences("Dr. Smith说GPT-4.5很好。J. K. Rowling写了书。他去了U.S.然后回来。"),
            vec![
                "Dr. Smith说GPT-4.5很好。",
                "J. K. Rowling写了书。",
                "他去了U.S.然后回来。"
            ]
        );
        assert_eq!(split_sentences("6. 片厂的故事。"), vec!["6. 片厂的故事。"]);
        assert_eq!(
            split_sentences("我说了OK. 他走了。"),
            vec!["我说了OK.", "他走了。"]
        );
    }

    #[test]
    fn ellipses_end_only_before_a_new_sentence() {
        assert_eq!(
            split_sentences("“我……我不知道。”他等了很久...终于来了。“是吗……”她说。"),
            vec![
                "“我……我不知道。”",
                "他等了很久...终于来了。",
                "“是吗……”她说。"
            ]
        );
        assert_eq!(
            split_sentences("灯不规则地闪烁着……汪淼看着它。"),
            vec!["灯不规则地闪烁着……", "汪淼看着它。"]
        );
        assert_eq!(
            split_sentences("他想了想……“好吧。”"),
            vec!["他想了想……", "“好吧。”"]
        );
    }

    #[test]
    fn stammers_interjections_list_items_and_negated_tags() {
        assert_eq!(
            split_sentences("我……我不知道。嗯……好吧。步骤：1. 打开；2. 按下。A. 正确。"),
            vec![
                "我……我不知道。",
                "嗯……好吧。",
                "步骤：1. 打开；2. 按下。",
                "A. 正确。"
            ]
        );
        assert_eq!(
            split_sentences("他说：“开什么玩笑。”汪淼没有回答。标语是“Just do it.”。好。"),
            vec![
                "他说：“开什么玩笑。”",
                "汪淼没有回答。",
                "标语是“Just do it.”。",
                "好。"
            ]
        );
    }

    #[test]
    fn semicolons_do_not_end_sentences() {
        assert_eq!(
            split_sentences("一种是真的；一种是假的。"),
            vec!["一种是真的；一种是假的。"]
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
        assert_eq!(
            split_on_spaces("Dr. Smith说很好。 J. K. Rowling写了书。 OK. 好"),
            vec!["Dr. Smith说很好。", "J. K. Rowling写了书。", "OK.", "好"]
        );
    }
}
