//! Hard-wrapped plain text (lines cut at a fixed width, as e-mail, old
//! e-texts and text copied out of a PDF have them) joined back into
//! paragraphs before segmentation, so that a line end inside a sentence is
//! not taken for a paragraph end.

use super::{is_closer, zh};
use crate::model::Lang;
use std::borrow::Cow;

/// Whether to join hard-wrapped lines (`--rejoin-lines`,
/// `--no-rejoin-lines`; by default told from the text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rejoin {
    /// Join when the text looks hard-wrapped: no blank lines, and at least
    /// half of its lines (four or more) end inside a sentence.
    #[default]
    Auto,
    /// Join lines into paragraphs whatever the text looks like.
    Always,
    /// Every line is a paragraph of its own, blank lines or not.
    Never,
}

/// True when a line ends a sentence: a sentence mark, perhaps followed by
/// closing quotes and brackets.
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(is_closer)
        .ends_with(['。', '！', '？', '!', '?', '.', '…', '：', ':', '；'])
}

/// The text with its paragraphs as [`super::paragraphs`] reads them under
/// `mode`: unchanged when nothing is to be joined, else one paragraph per
/// line with blank lines between them.
pub fn rejoin_lines(text: &str, lang: Lang, mode: Rejoin) -> Cow<'_, str> {
    let lines: Vec<&str> = text.lines().collect();
    let blank_separated = lines.iter().any(|l| l.trim().is_empty());
    match mode {
        Rejoin::Never if blank_separated => {
            let kept: Vec<&str> = lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            Cow::Owned(kept.join("\n"))
        }
        Rejoin::Never => Cow::Borrowed(text),
        // Blank lines already say where paragraphs end, and lines between
        // them are joined.
        _ if blank_separated => Cow::Borrowed(text),
        Rejoin::Auto if !looks_wrapped(&lines) => Cow::Borrowed(text),
        _ => Cow::Owned(join_wrapped(&lines, lang)),
    }
}

/// At least four lines, and at least half of them end inside a sentence.
fn looks_wrapped(lines: &[&str]) -> bool {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let open = lines.iter().filter(|l| !ends_sentence(l)).count();
    lines.len() >= 4 && open * 2 >= lines.len()
}

/// Joins wrapped lines. A paragraph ends after a line that the next line's
/// first word (for Chinese, its first character) would have fitted on
/// within the wrapping width (the 95th percentile of line lengths): a
/// line-filling wrapper would have put it there; after a line that ends a
/// sentence and falls well short of the width; or before an indented line
/// or a speaker's label. Chinese lines join without a
/// space, English ones with one, and a word hyphenated at a line end is
/// joined back (`exam-` `ple` → `example`).
fn join_wrapped(lines: &[&str], lang: Lang) -> String {
    let kept: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut widths: Vec<usize> = kept.iter().map(|l| l.trim().chars().count()).collect();
    widths.sort_unstable();
    let width = widths.get(widths.len() * 19 / 20).copied().unwrap_or(0);
    let indented = |l: &str| l.starts_with([' ', '\t', '\u{3000}']);
    let mostly_indented = kept.iter().filter(|l| indented(l)).count() * 2 > kept.len();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, raw) in kept.iter().enumerate() {
        let line = raw.trim();
        if !current.is_empty() {
            let hyphenated = current.ends_with('-')
                && current[..current.len() - 1].ends_with(|c: char| c.is_alphabetic())
                && line.starts_with(|c: char| c.is_lowercase());
            if hyphenated {
                current.pop();
            } else {
                let glue = match (current.chars().last(), line.chars().next()) {
                    (Some(a), Some(b)) => lang != Lang::Zh || !(zh::is_cjk(a) || zh::is_cjk(b)),
                    _ => false,
                };
                if glue {
                    current.push(' ');
                }
            }
        }
        current.push_str(line);
        let length = line.chars().count();
        let short = length * 5 < width * 4;
        let next = kept.get(k + 1).map(|n| n.trim());
        let next_indented = kept
            .get(k + 1)
            .is_some_and(|n| indented(n) && !mostly_indented);
        let next_fits = next.is_some_and(|n| {
            let first = match n.chars().next() {
                Some(c) if zh::is_cjk(c) => 1,
                _ => n.split_whitespace().next().map_or(0, |w| w.chars().count()) + 1,
            };
            length + first <= width
        });
        // A speaker label (`Sam Altman:`) opens a turn.
        let next_label = next.is_some_and(|n| super::speaker::split_label(n, lang).is_some());
        if (ends_sentence(line) && short) || next_indented || next_fits || next_label {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::paragraphs;

    const WRAPPED: &str = "The committee met on Tuesday to discuss the\nproposal, which had been circulated a week\nearlier. Several members raised concerns about\nthe cost.\nThe chair then asked for a vote on the amend-\nment, and it passed without objection after a\nshort debate.\n";

    #[test]
    fn hard_wrapped_english_is_joined_into_paragraphs() {
        let joined = rejoin_lines(WRAPPED, Lang::En, Rejoin::Auto);
        let p = paragraphs(&joined, Lang::En);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("The committee met on Tuesday to discuss the proposal, which"));
        assert!(p[0].ends_with("about the cost."));
        assert!(p[1].contains("the amendment, and it passed"), "{}", p[1]);
    }

    #[test]
    fn hard_wrapped_chinese_is_joined_without_spaces() {
        let text = "我们今天讨论的是人工智能的安全\n问题，这个问题非常重要，需要全\n世界的共同努力。\n谢谢大家。\n";
        let joined = rejoin_lines(text, Lang::Zh, Rejoin::Auto);
        let p = paragraphs(&joined, Lang::Zh);
        assert_eq!(
            p,
            vec![
                "我们今天讨论的是人工智能的安全问题，这个问题非常重要，需要全世界的共同努力。",
                "谢谢大家。"
            ]
        );
    }

    #[test]
    fn one_sentence_per_line_and_blank_lines_are_left_alone() {
        let lines = "One sentence.\nAnother one.\nA third.\nAnd a fourth.\n";
        assert_eq!(rejoin_lines(lines, Lang::En, Rejoin::Auto), lines);
        let blocks = "A line\nwrapped.\n\nNext block.\n";
        assert_eq!(rejoin_lines(blocks, Lang::En, Rejoin::Auto), blocks);
    }

    #[test]
    fn the_user_decides() {
        let lines = "One sentence.\nAnother one.\nA third.\nAnd a fourth.\n";
        // Joined where a line is not much shorter than the others.
        let joined = rejoin_lines(lines, Lang::En, Rejoin::Always);
        assert_eq!(paragraphs(&joined, Lang::En).len(), 2);
        let never = rejoin_lines(WRAPPED, Lang::En, Rejoin::Never);
        assert_eq!(paragraphs(&never, Lang::En).len(), 7);
        let blocks = "A line\nwrapped.\n\nNext block.\n";
        let never = rejoin_lines(blocks, Lang::En, Rejoin::Never);
        assert_eq!(paragraphs(&never, Lang::En).len(), 3);
    }
}
