//! Checking an imported alignment against the texts that were aligned:
//! every row's text must still be made of whole input sentences, each used
//! once. Matching ignores whitespace and compares Unicode's compatibility
//! normal form (NFKC: composed accents, full-width `１２３`, `Ａ`, `，` as
//! their ASCII twins); the exports keep the text as written.

use crate::model::{Alignment, Document};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// One row whose text does not match the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The bead's index in the imported alignment.
    pub bead: usize,
    /// `source` or `target`.
    pub column: &'static str,
    pub problem: Problem,
}

/// What is wrong with a row's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Edited or foreign text (an excerpt of it).
    NoMatch(String),
    /// Input sentence `sentence` (0-based) is already in bead `other`.
    Duplicate { sentence: usize, other: usize },
}

/// The text as compared: compatibility-normalised (NFKC: a decomposed `é`
/// equals the composed one, full-width `ＧＰＴ－４` equals `GPT-4`, the
/// ideographic space is a space) and without whitespace.
pub fn normalize_for_matching(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect()
}

/// What was left unused after [`check_side`]: input sentence ids no row
/// holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SideReport {
    pub mismatches: Vec<Mismatch>,
    pub unused: Vec<usize>,
}

/// Checks one side (`source` or `target`) of `alignment` against `input`.
/// Rows are matched in order: each row's text must be the concatenation of
/// consecutive input sentences, the nearest run after the previous row's
/// preferred, and no sentence may be used by two rows.
///
/// Long because the matching of rows to consecutive input sentences, with its
/// search for the nearest run and its report of what did not match, shares one
/// cursor.
pub fn check_side(alignment: &Alignment, input: &Document, column: &'static str) -> SideReport {
    let sentences: Vec<String> = input
        .segments
        .iter()
        .map(|s| normalize_for_matching(&s.text))
        .collect();
    // A sentence may also be imported as it stands in the document, with
    // the speaker label before it (our TMX units hold it so).
    let written: Vec<Option<String>> = input
        .segments
        .iter()
        .map(|s| {
            s.label
                .as_ref()
                .map(|_| normalize_for_matching(&s.as_written()))
        })
        .collect();
    let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
    for (p, s) in sentences.iter().enumerate() {
        let firsts = [
            s.chars().next(),
            written[p].as_ref().and_then(|w| w.chars().next()),
        ];
        for c in firsts.into_iter().flatten() {
            let list = by_first.entry(c).or_default();
            if list.last() != Some(&p) {
                list.push(p);
            }
        }
    }
    let mut used: Vec<Option<usize>> = vec![None; sentences.len()];
    let mut report = SideReport::default();
    let mut cursor = 0usize;
    for (b, bead) in alignment.beads.iter().enumerate() {
        let text = if column == "source" {
            alignment.source_text(bead)
        } else {
            alignment.target_text(bead)
        };
        let wanted = normalize_for_matching(&text);
        let Some(first) = wanted.chars().next() else {
            continue;
        };
        let run_from = |p: usize| -> Option<std::ops::Range<usize>> {
            let mut rest = wanted.as_str();
            let mut q = p;
            while !rest.is_empty() {
                let s = sentences.get(q)?;
                if s.is_empty() {
                    q += 1;
                    continue;
                }
                rest = written[q]
                    .as_ref()
                    .and_then(|w| rest.strip_prefix(w.as_str()))
                    .or_else(|| rest.strip_prefix(s.as_str()))?;
                q += 1;
            }
            Some(p..q)
        };
        let candidates = by_first.get(&first).map(Vec::as_slice).unwrap_or(&[]);
        let split = candidates.partition_point(|&p| p < cursor);
        let found = candidates[split..]
            .iter()
            .chain(candidates[..split].iter().rev())
            .filter_map(|&p| run_from(p))
            .find(|r| used[r.clone()].iter().all(Option::is_none))
            .or_else(|| candidates.iter().find_map(|&p| run_from(p)));
        match found {
            Some(range) => {
                if let Some((id, row)) = range.clone().find_map(|id| used[id].map(|row| (id, row)))
                {
                    report.mismatches.push(Mismatch {
                        bead: b,
                        column,
                        problem: Problem::Duplicate {
                            sentence: id,
                            other: row,
                        },
                    });
                } else {
                    cursor = range.end;
                    for id in range {
                        used[id] = Some(b);
                    }
                }
            }
            None => report.mismatches.push(Mismatch {
                bead: b,
                column,
                problem: Problem::NoMatch(excerpt(&text)),
            }),
        }
    }
    report.unused = used
        .iter()
        .enumerate()
        .filter(|(p, u)| u.is_none() && !sentences[*p].is_empty())
        .map(|(p, _)| p)
        .collect();
    report
}

/// The first 40 characters of a text, for messages.
pub fn excerpt(text: &str) -> String {
    let text = text.trim();
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bead, Segment, SegmentKind};

    fn doc(texts: &[&str]) -> Document {
        let segments = texts
            .iter()
            .enumerate()
            .map(|(id, t)| Segment {
                id,
                text: t.to_string(),
                paragraph: 1,
                kind: SegmentKind::Sentence,
                speaker: None,
                turn_start: false,
                label: None,
                time: None,
            })
            .collect();
        Document::new("", "zh", segments)
    }

    fn alignment(rows: &[&str]) -> Alignment {
        let source = doc(rows);
        let beads = (0..rows.len())
            .map(|i| Bead::new(vec![i], vec![], 1.0))
            .collect();
        Alignment {
            name: "x".into(),
            source,
            target: doc(&[]),
            beads,
            learned: None,
        }
    }

    #[test]
    fn full_width_forms_and_spaces_match_their_ascii_twins() {
        assert_eq!(normalize_for_matching("ＧＰＴ－４ 有 ３.０"), "GPT-4有3.0");
        let input = doc(&["我们有GPT-4。", "好的。", "再见。"]);
        let a = alignment(&["我们有ＧＰＴ－４。 好的。", "再见。"]);
        let r = check_side(&a, &input, "source");
        assert!(r.mismatches.is_empty(), "{r:?}");
        assert!(r.unused.is_empty());
    }

    #[test]
    fn a_sentence_matches_with_or_without_its_speaker_label() {
        let mut input = doc(&["你好。", "再见。"]);
        input.segments[0].label = Some("张三:".into());
        for rows in [["张三:你好。", "再见。"], ["你好。", "再见。"]] {
            let r = check_side(&alignment(&rows), &input, "source");
            assert!(r.mismatches.is_empty(), "{rows:?}: {r:?}");
            assert!(r.unused.is_empty(), "{rows:?}: {r:?}");
        }
        let r = check_side(&alignment(&["李四:你好。", "再见。"]), &input, "source");
        assert_eq!(r.mismatches.len(), 1, "another label: {r:?}");
    }

    #[test]
    fn decomposed_accents_match_composed_ones() {
        let composed = "Caf\u{e9} Ren\u{e9}e.";
        let decomposed = "Cafe\u{301} Rene\u{301}e.";
        assert_ne!(composed, decomposed);
        let input = doc(&[composed, "Next."]);
        let r = check_side(&alignment(&[decomposed, "Next."]), &input, "source");
        assert!(r.mismatches.is_empty(), "{r:?}");
        let r = check_side(&alignment(&["Cafe Renee.", "Next."]), &input, "source");
        assert_eq!(r.mismatches.len(), 1, "accents are not dropped: {r:?}");
    }

    #[test]
    fn edited_duplicated_and_missing_sentences_are_reported() {
        let input = doc(&["一。", "二。", "三。", "四。"]);
        let a = alignment(&["一。", "二改。", "一。", "三。"]);
        let r = check_side(&a, &input, "source");
        assert_eq!(r.mismatches.len(), 2, "{r:?}");
        assert_eq!(r.mismatches[0].bead, 1);
        assert_eq!(r.mismatches[0].problem, Problem::NoMatch("二改。".into()));
        assert_eq!(r.mismatches[1].bead, 2);
        assert_eq!(
            r.mismatches[1].problem,
            Problem::Duplicate {
                sentence: 0,
                other: 0
            }
        );
        assert_eq!(r.unused, vec![1, 3]);
    }

    #[test]
    fn repeated_sentences_are_taken_in_order() {
        let input = doc(&["是的。", "好。", "是的。"]);
        let a = alignment(&["是的。", "好。", "是的。"]);
        let r = check_side(&a, &input, "source");
        assert!(r.mismatches.is_empty() && r.unused.is_empty(), "{r:?}");
    }
}
