//! Segmentation: plain text → paragraphs → speaker turns → sentence
//! segments, with headings and speaker labels recognised.
//!
//! The language-specific sentence rules live in [`zh`] and [`en`]; speaker
//! labels in [`speaker`]; a reviewer's exceptions ("keep together", "split
//! after") in [`rules`]. [`presplit`] reads one-sentence-per-line files as
//! alignment gold sets use them. Every cut has a reason ([`Cut`]), which
//! `bitext segment --explain` prints.

pub mod en;
pub mod rules;
pub mod speaker;
pub mod wrap;
pub mod zh;

pub use rules::{Rule, RuleKind, RuleLang, RulesError, SegmentRules};
pub use wrap::{Rejoin, rejoin_lines};

use crate::model::{Lang, Segment, SegmentKind};
use serde::Serialize;
use std::fmt;

/// Why a segment ends where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Cut {
    /// A sentence-ending mark with the closing quotes and brackets after it
    /// (`。`, `?”`, `...`).
    Terminator { mark: String },
    /// The end of a paragraph: a blank line, a line, or (in Chinese) a
    /// space between sentences; also the end of a speaker label or heading.
    Paragraph,
    /// A `split` rule of the rules file (its line and text).
    Rule { line: usize, text: String },
    /// A sentence longer than [`MAX_SENTENCE_CHARS`] cut into pieces.
    Overlong,
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cut::Terminator { mark } => write!(f, "sentence end `{mark}`"),
            Cut::Paragraph => write!(f, "end of paragraph"),
            Cut::Rule { line, text } => write!(f, "rules file line {line}: split after `{text}`"),
            Cut::Overlong => write!(f, "overlong: cut at {MAX_SENTENCE_CHARS} characters"),
        }
    }
}

/// Splits a whole document into segments.
pub fn segment(text: &str, lang: Lang) -> Vec<Segment> {
    segment_with(text, lang, &SegmentRules::default())
}

/// Splits a whole document into segments, with a reviewer's exceptions.
pub fn segment_with(text: &str, lang: Lang, rules: &SegmentRules) -> Vec<Segment> {
    segment_explained(text, lang, rules)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Splits a whole document into segments, each with the reason it ends
/// where it does.
pub fn segment_explained(text: &str, lang: Lang, rules: &SegmentRules) -> Vec<(Segment, Cut)> {
    let marked = paragraphs(text, lang)
        .into_iter()
        .map(|p| (p, false))
        .collect();
    segment_marked(text, marked, lang, rules)
}

/// Splits a document's blocks (from [`crate::documents`]) into segments,
/// each block on its own: `(text, true)` is a heading, whose sentences are
/// heading segments, never joined with the next block. Other blocks are
/// paragraphs as in plain text (in Chinese, split at spaces between
/// sentences), speaker labels and short headings recognised.
pub fn segment_blocks(blocks: &[(String, bool)], lang: Lang, rules: &SegmentRules) -> Vec<Segment> {
    let mut marked = Vec::new();
    for (text, heading) in blocks {
        let text = text.trim();
        if *heading || lang != Lang::Zh {
            marked.push((text.to_string(), *heading));
        } else {
            marked.extend(zh::split_on_spaces(text).into_iter().map(|p| (p, false)));
        }
    }
    let joined: Vec<&str> = marked.iter().map(|(p, _)| p.as_str()).collect();
    segment_marked(&joined.join("\n\n"), marked, lang, rules)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Segments paragraphs found in `text`, those marked `true` headings.
///
/// Long because its two passes (speaker labels and sentences per paragraph,
/// then segments with their cuts and rules applied) share the paragraphs'
/// state.
fn segment_marked(
    text: &str,
    marked: Vec<(String, bool)>,
    lang: Lang,
    rules: &SegmentRules,
) -> Vec<(Segment, Cut)> {
    let (paragraphs, forced): (Vec<String>, Vec<bool>) = marked.into_iter().unzip();
    let labels = speaker::accepted_labels(&paragraphs, lang);
    let dialogue = !labels.is_empty();

    // Pass 1: speaker labels and sentences per paragraph.
    struct Para {
        speaker_label: Option<String>,
        /// The label as written with what follows it up to the first
        /// sentence (`Sam Altman: `), when the paragraph goes on after it.
        written_label: Option<String>,
        sentences: Vec<(String, Cut)>,
        /// A heading block of a document.
        heading: bool,
    }
    let mut paras: Vec<Para> = Vec::new();
    // Where the search for the next label as written starts in `text`.
    let mut cursor = 0usize;
    for (p, &heading) in paragraphs.iter().zip(&forced) {
        let (label, body) = match speaker::split_label(p, lang)
            .filter(|_| !heading)
            .and_then(|(label, body)| Some((labels.resolve(label)?.to_string(), body)))
        {
            Some((label, body)) => (Some(label), body),
            None => (None, p.as_str()),
        };
        let sentences = split_explained(body, lang, rules);
        if sentences.is_empty() && label.is_none() {
            continue;
        }
        // `body` is a slice of `p`: what stands before it is the label. It
        // belongs to the sentence's line unless a line break followed it in
        // the text (`Alice:` on a line of its own, joined into `p`).
        let written_label = if label.is_some() && !body.is_empty() {
            let raw = &p[..body.as_ptr() as usize - p.as_ptr() as usize];
            let head = raw.trim_end();
            match text[cursor..].find(head) {
                Some(at) => {
                    cursor += at + head.len();
                    let own_line = text[cursor..]
                        .chars()
                        .take_while(|c| c.is_whitespace())
                        .any(|c| c == '\n' || c == '\r');
                    (!own_line).then(|| raw.to_string())
                }
                None => Some(raw.to_string()),
            }
        } else {
            None
        };
        paras.push(Para {
            speaker_label: label,
            written_label,
            sentences,
            heading,
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
        let whole_is_heading = para.heading
            || (para.speaker_label.is_none()
                && !pending_turn
                && (para.sentences.iter().all(|(s, _)| is_heading_like(s, lang))
                    || (dialogue && next_is_turn && short_paragraph(&para.sentences, lang))));
        if whole_is_heading {
            paragraph += 1;
            speaker = None;
            for (s, cut) in &para.sentences {
                out.push((
                    new_segment(out.len(), s, paragraph, SegmentKind::Heading, None, false),
                    cut.clone(),
                ));
            }
            continue;
        }
        paragraph += 1;
        let n = para.sentences.len();
        for (i, (s, cut)) in para.sentences.iter().enumerate() {
            // A heading glued to the end of a paragraph gets a paragraph of its own.
            let glued_heading = i + 1 == n && n > 1 && is_heading_like(s, lang) && next_is_turn;
            if glued_heading {
                paragraph += 1;
                speaker = None;
                out.push((
                    new_segment(out.len(), s, paragraph, SegmentKind::Heading, None, false),
                    cut.clone(),
                ));
            } else {
                let turn_start = pending_turn;
                pending_turn = false;
                let mut segment = new_segment(
                    out.len(),
                    s,
                    paragraph,
                    SegmentKind::Sentence,
                    speaker.clone(),
                    turn_start,
                );
                // The first sentence of a paragraph that opens with its label.
                if i == 0 && turn_start {
                    segment.label = para.written_label.clone();
                }
                out.push((segment, cut.clone()));
            }
        }
    }
    out
}

/// Guesses Chinese (`zh-CN`) or English (`en-US`) from the share of CJK
/// characters in the first 20,000 characters.
pub fn detect_lang(text: &str) -> &'static str {
    let mut cjk = 0usize;
    let mut letters = 0usize;
    for c in text.chars().take(20_000) {
        if zh::is_cjk(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if cjk * 3 >= letters.max(1) {
        "zh-CN"
    } else {
        "en-US"
    }
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
        label: None,
        time: None,
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

/// The longest sentence kept whole, in characters. Longer runs without a
/// sentence end (a 100 MB line with no punctuation) are cut into pieces no
/// longer than this, at a clause mark or a space where there is one: no
/// real sentence comes near it (the longest in mac-dev has 437), and the
/// scorers and the encoder work sentence by sentence.
pub const MAX_SENTENCE_CHARS: usize = 1_000;

/// Splits one paragraph into sentences.
pub fn split_sentences(paragraph: &str, lang: Lang) -> Vec<String> {
    split_explained(paragraph, lang, &SegmentRules::default())
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Splits one paragraph into sentences with a reviewer's exceptions, each
/// sentence with the reason it ends where it does.
pub fn split_explained(paragraph: &str, lang: Lang, rules: &SegmentRules) -> Vec<(String, Cut)> {
    let cuts = match lang {
        Lang::Zh => zh::cuts(paragraph),
        Lang::En | Lang::Other => en::cuts(paragraph),
    };
    let cuts = rules.apply(paragraph, lang, cuts);
    let sentences = sentences_at(paragraph, &cuts);
    if sentences
        .iter()
        .all(|(s, _)| s.len() <= MAX_SENTENCE_CHARS || s.chars().count() <= MAX_SENTENCE_CHARS)
    {
        return sentences;
    }
    sentences
        .into_iter()
        .flat_map(|(s, cut)| {
            let mut pieces: Vec<(String, Cut)> = cut_overlong(&s, MAX_SENTENCE_CHARS)
                .into_iter()
                .map(|p| (p, Cut::Overlong))
                .collect();
            if let Some(last) = pieces.last_mut() {
                last.1 = cut;
            }
            pieces
        })
        .collect()
}

/// The sentences of a paragraph cut at byte offsets (in order), trimmed,
/// each with its cut's reason; the last ends with the paragraph.
pub(crate) fn sentences_at(paragraph: &str, cuts: &[(usize, Cut)]) -> Vec<(String, Cut)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let ends = cuts
        .iter()
        .cloned()
        .chain(std::iter::once((paragraph.len(), Cut::Paragraph)));
    for (at, cut) in ends {
        if at < start {
            continue;
        }
        let s = paragraph[start..at].trim();
        if !s.is_empty() {
            out.push((s.to_string(), cut));
        }
        start = at;
    }
    out
}

/// Cuts `sentence` into pieces of at most `max` characters: after the last
/// clause mark (`，`, `、`, `；`, `：`, `,`, `;`, `:`) or space of each
/// stretch, else at the limit (never before a combining mark). The pieces,
/// trimmed, put together give the sentence back up to the spaces at cuts.
pub fn cut_overlong(sentence: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut pieces = Vec::new();
    let mut rest = sentence;
    loop {
        // Byte offsets of the first `max + 1` characters of what is left.
        let window: Vec<(usize, char)> = rest.char_indices().take(max + 1).collect();
        if window.len() <= max {
            break;
        }
        let after_mark = window[..max]
            .iter()
            .rposition(|&(_, c)| matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':'))
            .map(|k| k + 1);
        let at_space = window[..max].iter().rposition(|&(_, c)| c.is_whitespace());
        let mut cut = match (after_mark, at_space) {
            (Some(m), Some(w)) => m.max(w),
            (m, w) => m.or(w).unwrap_or(max),
        };
        while cut > 1 && is_combining(window[cut].1) {
            cut -= 1;
        }
        let (piece, tail) = rest.split_at(window[cut.max(1)].0);
        let piece = piece.trim();
        if !piece.is_empty() {
            pieces.push(piece.to_string());
        }
        rest = tail;
    }
    let rest = rest.trim();
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// Marks that belong to the character before them.
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// Short and without closing punctuation: a heading when it stands alone.
fn is_heading_like(sentence: &str, lang: Lang) -> bool {
    let trimmed = sentence.trim_end_matches([':', '：']);
    let ends_open = !ends_with_terminator(sentence);
    ends_open && is_short(trimmed, lang, 30, 12)
}

/// A short paragraph, in total (for question headings in dialogues).
fn short_paragraph(sentences: &[(String, Cut)], lang: Lang) -> bool {
    let joined = sentences
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
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
mod tests;
