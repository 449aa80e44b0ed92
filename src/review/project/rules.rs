//! The segmentation exceptions a reviewer's segment cuts and joins write
//! into the project (`split` and `keep` rules, see [`crate::segment::rules`]),
//! so that splitting the same file again gives the reviewed segments.

use super::Document;
use crate::segment::{Rule, RuleKind, RuleLang, SegmentRules};

pub(super) fn no_rules(rules: &[SegmentRules]) -> bool {
    rules.iter().all(SegmentRules::is_empty)
}

/// Each paragraph's segments joined as the document joins them.
pub(super) fn paragraph_texts(document: &Document) -> Vec<String> {
    let joiner = document.family().joiner();
    let mut out: Vec<String> = Vec::new();
    let mut last = None;
    for s in &document.segments {
        if last != Some(s.paragraph) || s.turn_start {
            out.push(String::new());
        } else if let Some(p) = out.last_mut() {
            p.push_str(joiner);
        }
        if let Some(p) = out.last_mut() {
            p.push_str(&s.text);
        }
        last = Some(s.paragraph);
    }
    out
}

fn occurrences(paragraphs: &[String], text: &str) -> usize {
    paragraphs.iter().map(|p| p.matches(text).count()).sum()
}

/// The shortest run of at least 6 characters (more when that is not
/// unique in the document) that `pick` takes from a text, as a rule.
fn unique_rule(
    paragraphs: &[String],
    chars: usize,
    pick: impl Fn(usize) -> String,
    kind: RuleKind,
    lang: RuleLang,
) -> Option<Rule> {
    let mut n = 6.min(chars);
    loop {
        let text = pick(n);
        let text = text.trim();
        if !text.is_empty()
            && !text.contains('\n')
            && (occurrences(paragraphs, text) <= 1 || n >= chars)
        {
            return Some(Rule {
                lang,
                kind,
                text: text.to_string(),
                line: 0,
            });
        }
        if n >= chars {
            return None;
        }
        n = (n + 4).min(chars);
    }
}

/// A `split` rule for a cut right after `head` (its last words).
pub(super) fn split_rule(paragraphs: &[String], head: &str, lang: RuleLang) -> Option<Rule> {
    let chars: Vec<char> = head.chars().collect();
    unique_rule(
        paragraphs,
        chars.len(),
        |n| chars[chars.len() - n..].iter().collect(),
        RuleKind::Split,
        lang,
    )
}

/// A `keep` rule across the place between segment `segment` and the next
/// (the end of one, the start of the other), when both stand in one
/// paragraph of one turn; a rule cannot join across paragraphs.
pub(super) fn keep_rule(document: &Document, segment: usize, lang: RuleLang) -> Option<Rule> {
    let (first, next) = (&document.segments[segment], &document.segments[segment + 1]);
    if first.paragraph != next.paragraph || next.turn_start {
        return None;
    }
    let joiner = document.family().joiner();
    let a: Vec<char> = first.text.chars().collect();
    let b: Vec<char> = next.text.chars().collect();
    let paragraphs = paragraph_texts(document);
    let longest = a.len().max(b.len());
    let rule = unique_rule(
        &paragraphs,
        longest,
        |n| {
            let left: String = a[a.len() - n.min(a.len())..].iter().collect();
            let right: String = b[..n.min(b.len())].iter().collect();
            format!("{left}{joiner}{right}")
        },
        RuleKind::Keep,
        lang,
    )?;
    // Trimming must not have dropped either side of the place.
    (rule.text.len() > joiner.len()).then_some(rule)
}
