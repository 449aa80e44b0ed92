//! Segmentation: plain text → paragraphs → speaker turns → sentence
//! segments, with headings and speaker labels recognised.
//!
//! The language-specific sentence rules live in [`zh`] and [`en`]; speaker
//! labels in [`speaker`]. [`presplit`] reads one-sentence-per-line files as
//! alignment gold sets use them.

pub mod en;
pub mod speaker;
pub mod zh;

use crate::model::{Lang, Segment, SegmentKind};

/// Splits a whole document into segments.
pub fn segment(text: &str, lang: Lang) -> Vec<Segment> {
    let paragraphs = paragraphs(text, lang);
    let labels = speaker::accepted_labels(&paragraphs, lang);
    let dialogue = !labels.is_empty();

    // Pass 1: speaker labels and sentences per paragraph.
    struct Para {
        speaker_label: Option<String>,
        sentences: Vec<String>,
    }
    let mut paras: Vec<Para> = Vec::new();
    for p in &paragraphs {
        let (label, body) = match speaker::split_label(p, lang)
            .and_then(|(label, body)| Some((labels.resolve(label)?.to_string(), body)))
        {
            Some((label, body)) => (Some(label), body),
            None => (None, p.as_str()),
        };
        let sentences = split_sentences(body, lang);
        if sentences.is_empty() && label.is_none() {
            continue;
        }
        paras.push(Para {
            speaker_label: label,
            sentences,
        });
    }

    // Pass 2: headings, speakers and numbering.
    let mut out = Vec::new();
    let mut speaker: Option<String> = None;
    let mut paragraph = 0usize;
    let mut pending_turn = false;
    for (k, para) in paras.iter().enumerate() {
        if let Some(label) = &para.speaker_label {
            speaker = Some(label.clone());
            pending_turn = true;
        }
        if para.sentences.is_empty() {
            // A label standing alone: the turn starts with the next paragraph.
            continue;
        }
        let next_is_turn = paras.get(k + 1).is_some_and(|n| n.speaker_label.is_some());
        let whole_is_heading = para.speaker_label.is_none()
            && !pending_turn
            && (para.sentences.iter().all(|s| is_heading_like(s, lang))
                || (dialogue && next_is_turn && short_paragraph(&para.sentences, lang)));
        if whole_is_heading {
            paragraph += 1;
            speaker = None;
            for s in &para.sentences {
                out.push(new_segment(
                    out.len(),
                    s,
                    paragraph,
                    SegmentKind::Heading,
                    None,
                    false,
                ));
            }
            continue;
        }
        paragraph += 1;
        let n = para.sentences.len();
        for (i, s) in para.sentences.iter().enumerate() {
            // A heading glued to the end of a paragraph gets a paragraph of its own.
            let glued_heading = i + 1 == n && n > 1 && is_heading_like(s, lang) && next_is_turn;
            if glued_heading {
                paragraph += 1;
                speaker = None;
                out.push(new_segment(
                    out.len(),
                    s,
                    paragraph,
                    SegmentKind::Heading,
                    None,
                    false,
                ));
            } else {
                let turn_start = pending_turn;
                pending_turn = false;
                out.push(new_segment(
                    out.len(),
                    s,
                    paragraph,
                    SegmentKind::Sentence,
                    speaker.clone(),
                    turn_start,
                ));
            }
        }
    }
    out
}

/// Reads one sentence per line: line n is sentence n−1; a final newline ends
/// the last line and adds no sentence. Blank lines are kept as empty
/// sentences so that ids match line numbers.
pub fn presplit(text: &str) -> Vec<Segment> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.is_empty() {
        return Vec::new();
    }
    let body = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    body.split('\n')
        .enumerate()
        .map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            Segment::sentence(i, line.trim())
        })
        .collect()
}

fn new_segment(
    id: usize,
    text: &str,
    paragraph: usize,
    kind: SegmentKind,
    speaker: Option<String>,
    turn_start: bool,
) -> Segment {
    Segment {
        id,
        text: text.to_string(),
        paragraph,
        kind,
        speaker,
        turn_start,
    }
}

/// Splits text into paragraphs. Blank lines separate paragraphs when the text
/// has any (lines inside one are joined); otherwise every line is one. In
/// Chinese, whitespace next to a CJK character or after closing punctuation
/// also separates paragraphs, since such text has no spaces inside sentences.
pub fn paragraphs(text: &str, lang: Lang) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let has_blank_separators =
        lines.iter().any(|l| l.is_empty()) && lines.iter().filter(|l| !l.is_empty()).count() > 1;
    let mut blocks: Vec<String> = Vec::new();
    if has_blank_separators {
        let mut current: Vec<&str> = Vec::new();
        for line in lines.iter().chain(std::iter::once(&"")) {
            if line.is_empty() {
                if !current.is_empty() {
                    blocks.push(join_lines(&current, lang));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
    } else {
        blocks = lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
    }
    if lang == Lang::Zh {
        blocks = blocks.iter().flat_map(|b| zh::split_on_spaces(b)).collect();
    }
    blocks
}

fn join_lines(lines: &[&str], lang: Lang) -> String {
    if lang == Lang::Zh {
        // A line break between two CJK characters is not a space in Chinese.
        let mut out = String::new();
        for line in lines {
            let needs_space = match (out.chars().last(), line.chars().next()) {
                (Some(a), Some(b)) => !(zh::is_cjk(a) || zh::is_cjk(b)),
                _ => false,
            };
            if needs_space {
                out.push(' ');
            }
            out.push_str(line);
        }
        out
    } else {
        lines.join(" ")
    }
}

/// Splits one paragraph into sentences.
pub fn split_sentences(paragraph: &str, lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => zh::split_sentences(paragraph),
        Lang::En | Lang::Other => en::split_sentences(paragraph),
    }
}

/// Short and without closing punctuation: a heading when it stands alone.
fn is_heading_like(sentence: &str, lang: Lang) -> bool {
    let trimmed = sentence.trim_end_matches([':', '：']);
    let ends_open = !ends_with_terminator(sentence);
    ends_open && is_short(trimmed, lang, 30, 12)
}

/// A short paragraph, in total (for question headings in dialogues).
fn short_paragraph(sentences: &[String], lang: Lang) -> bool {
    let joined = sentences.join(" ");
    sentences.len() <= 2 && is_short(&joined, lang, 30, 14)
}

fn is_short(text: &str, lang: Lang, max_chars: usize, max_words: usize) -> bool {
    match lang {
        Lang::Zh => text.chars().filter(|c| !c.is_whitespace()).count() <= max_chars,
        _ => text.split_whitespace().count() <= max_words,
    }
}

/// True when the sentence ends with closing punctuation (possibly followed by
/// closing quotes or brackets).
pub fn ends_with_terminator(sentence: &str) -> bool {
    let core = sentence.trim_end_matches(is_closer);
    core.ends_with(|c: char| {
        matches!(
            c,
            '。' | '！' | '？' | '!' | '?' | '；' | '…' | '.' | ';' | '．'
        )
    })
}

/// Closing quotes and brackets that stay with the sentence before them.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '"'
            | '\''
            | ')'
            | ']'
            | '}'
            | '）'
            | '］'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '»'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presplit_line_numbers() {
        let s = presplit("a\nb\n\nc\n");
        assert_eq!(s.len(), 4);
        assert_eq!(s[2].text, "");
        assert_eq!(s[3].text, "c");
        assert_eq!(presplit("a\r\nb").len(), 2);
        assert!(presplit("").is_empty());
    }

    #[test]
    fn paragraphs_from_blank_lines_and_lines() {
        let p = paragraphs("One.\nTwo.\n\nThree.\n", Lang::En);
        assert_eq!(p, vec!["One. Two.", "Three."]);
        let p = paragraphs("One.\nTwo.\n", Lang::En);
        assert_eq!(p, vec!["One.", "Two."]);
    }

    #[test]
    fn chinese_speakers_and_headings() {
        let text = "前言。 标题在这里 张三:你好吗?我很好。 李四:谢谢。 继续说话。很重要。需要合作 张三:好的。 李四:再见。";
        let segs = segment(text, Lang::Zh);
        let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "前言。",
                "标题在这里",
                "你好吗?",
                "我很好。",
                "谢谢。",
                "继续说话。",
                "很重要。",
                "需要合作",
                "好的。",
                "再见。"
            ]
        );
        assert_eq!(segs[1].kind, SegmentKind::Heading);
        assert_eq!(segs[2].speaker.as_deref(), Some("张三"));
        assert!(segs[2].turn_start);
        assert!(!segs[3].turn_start);
        assert_eq!(segs[5].speaker.as_deref(), Some("李四"));
        assert!(!segs[5].turn_start);
        assert_eq!(segs[7].kind, SegmentKind::Heading);
        assert_ne!(segs[7].paragraph, segs[6].paragraph);
        assert_eq!(segs[8].speaker.as_deref(), Some("张三"));
    }

    #[test]
    fn english_label_on_its_own_line() {
        let text = "Alice:\nHello there. How are you?\n\nBob: Fine.\n\nAlice: Good.\n";
        let segs = segment(text, Lang::En);
        assert_eq!(segs.len(), 4);
        assert_eq!(segs[0].speaker.as_deref(), Some("Alice"));
        assert!(segs[0].turn_start);
        assert_eq!(segs[2].speaker.as_deref(), Some("Bob"));
    }
}
