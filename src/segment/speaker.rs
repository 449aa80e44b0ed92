//! Speaker labels at the start of a turn (`张宏江:`, `SamAltman:`,
//! `Sam Altman:`): found, checked against the rest of the document, and kept
//! as metadata rather than as sentence text.

use crate::model::Lang;
use std::collections::HashMap;

/// The labels a document really uses for speakers.
#[derive(Debug, Default)]
pub struct Labels {
    /// label as written → the speaker name to record.
    canonical: HashMap<String, String>,
}

impl Labels {
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }

    /// The speaker name for a label, when the label is a speaker's.
    pub fn resolve(&self, label: &str) -> Option<&str> {
        self.canonical.get(label).map(String::as_str)
    }
}

/// Splits `label: body` at the start of a paragraph when the part before the
/// colon looks like a name. The body may be empty (a label on its own line).
pub fn split_label(paragraph: &str, lang: Lang) -> Option<(&str, &str)> {
    let colon = paragraph.find([':', '：'])?;
    let label = paragraph[..colon].trim();
    let colon_len = paragraph[colon..].chars().next()?.len_utf8();
    let body = paragraph[colon + colon_len..].trim();
    let plausible = match lang {
        Lang::Zh => zh_label(label),
        Lang::En | Lang::Other => latin_label(label),
    };
    plausible.then_some((label, body))
}

fn zh_label(label: &str) -> bool {
    let n = label.chars().count();
    (1..=20).contains(&n)
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '·' || c == '.' || c == '-')
        && !label.chars().any(|c| c.is_ascii_digit())
}

fn latin_label(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && label.chars().count() <= 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        })
}

fn short_name(label: &str, lang: Lang) -> bool {
    match lang {
        Lang::Zh => label.chars().count() <= 8,
        _ => label.split_whitespace().count() <= 3,
    }
}

/// Finds the speaker labels of a document: a label counts when it opens at
/// least two paragraphs, or when it contains such a label (`智源研究院理事长
/// 张宏江提问` → `张宏江`), or, in a dialogue, when it is a short name
/// followed by speech. A heading such as `对话实录:` is not a speaker.
pub fn accepted_labels(paragraphs: &[String], lang: Lang) -> Labels {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut with_body: HashMap<&str, bool> = HashMap::new();
    for p in paragraphs {
        if let Some((label, body)) = split_label(p, lang) {
            *counts.entry(label).or_default() += 1;
            *with_body.entry(label).or_default() |= !body.is_empty();
        }
    }
    let repeated: Vec<&str> = counts
        .iter()
        .filter(|&(_, &n)| n >= 2)
        .map(|(&l, _)| l)
        .collect();
    let mut canonical = HashMap::new();
    for (&label, _) in counts.iter() {
        if repeated.contains(&label) {
            canonical.insert(label.to_string(), label.to_string());
        } else if let Some(inner) = repeated
            .iter()
            .filter(|r| label.contains(**r))
            .max_by_key(|r| r.len())
        {
            canonical.insert(label.to_string(), inner.to_string());
        } else if !repeated.is_empty() && with_body[label] && short_name(label, lang) {
            // In a dialogue, a name that speaks once is still a speaker.
            canonical.insert(label.to_string(), label.to_string());
        }
    }
    Labels { canonical }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_need_to_repeat() {
        let paras: Vec<String> = [
            "张宏江:你好。",
            "SamAltman:是的。",
            "张宏江:好。",
            "SamAltman:对。",
            "智源研究院理事长张宏江提问:问题?",
            "对话实录:",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let labels = accepted_labels(&paras, Lang::Zh);
        assert_eq!(labels.resolve("张宏江"), Some("张宏江"));
        assert_eq!(labels.resolve("智源研究院理事长张宏江提问"), Some("张宏江"));
        assert_eq!(labels.resolve("SamAltman"), Some("SamAltman"));
        assert_eq!(labels.resolve("对话实录"), None);
    }

    #[test]
    fn english_labels_are_names() {
        assert_eq!(
            split_label("Sam Altman: Yes.", Lang::En),
            Some(("Sam Altman", "Yes."))
        );
        assert_eq!(
            split_label("Dr. Zhang: Yes.", Lang::En),
            Some(("Dr. Zhang", "Yes."))
        );
        assert_eq!(split_label("At 10:30 we met.", Lang::En), None);
        assert_eq!(
            split_label("Transcript of the conversation:", Lang::En),
            None
        );
    }
}
