//! A reviewer's segmentation exceptions: "keep together" and "split after"
//! patterns per language, read from a `--segment-rules` file and applied
//! after the built-in sentence rules.
//!
//! The file has one rule a line, `LANG KIND TEXT`, with `#` comments and
//! blank lines skipped:
//!
//! ```text
//! # no cut inside this title, wherever it stands
//! zh keep 《摔跤吧！爸爸》
//! # cut after every full-width colon that ends a heading
//! zh split 第一章：
//! en keep Fig. 3.
//! * split ——
//! ```
//!
//! `LANG` is `zh`, `en` (English and other Latin-script languages) or `*`
//! (both); `KIND` is `keep` (no cut strictly inside any occurrence of
//! `TEXT`) or `split` (a cut right after every occurrence of `TEXT`,
//! unless a `keep` rule covers the place); `TEXT` is literal text, spaces
//! inside it included (the spaces around it are not). [`SegmentRules`] is
//! serializable so that a review file can carry the same rules for one
//! document.

use super::Cut;
use crate::model::Lang;
use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

/// What can be wrong with a rules file: one line, naming the file and line.
#[derive(Debug, Error)]
pub enum RulesError {
    #[error("{path}: cannot read the segmentation rules: {cause}")]
    Unreadable { path: String, cause: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: String,
        line: usize,
        message: String,
    },
}

/// Which language a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLang {
    Zh,
    En,
    /// Every language.
    #[serde(rename = "*")]
    Any,
}

impl RuleLang {
    /// The rules' language for a document in `lang`.
    pub fn of(lang: Lang) -> RuleLang {
        if lang == Lang::Zh {
            RuleLang::Zh
        } else {
            RuleLang::En
        }
    }

    fn covers(self, lang: Lang) -> bool {
        match self {
            RuleLang::Any => true,
            RuleLang::Zh => lang == Lang::Zh,
            RuleLang::En => lang != Lang::Zh,
        }
    }
}

/// What a rule does where its text occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// No cut strictly inside the text.
    Keep,
    /// A cut right after the text.
    Split,
}

/// One exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub lang: RuleLang,
    pub kind: RuleKind,
    /// Literal text to look for.
    pub text: String,
    /// Line of the rules file it came from (0 when made in code).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub line: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A set of exceptions to the built-in sentence rules (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentRules {
    pub rules: Vec<Rule>,
}

impl SegmentRules {
    /// Reads a rules file (format in the module documentation).
    pub fn from_path(path: &Path) -> Result<SegmentRules, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|cause| RulesError::Unreadable {
            path: path.display().to_string(),
            cause,
        })?;
        SegmentRules::parse(&text, &path.display().to_string())
    }

    /// Parses rules text; `name` names it in errors.
    pub fn parse(text: &str, name: &str) -> Result<SegmentRules, RulesError> {
        let mut rules = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (k, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| RulesError::Syntax {
                path: name.to_string(),
                line: k + 1,
                message,
            };
            let mut parts = line.splitn(3, char::is_whitespace);
            let lang = match parts.next().unwrap_or("") {
                "zh" => RuleLang::Zh,
                "en" => RuleLang::En,
                "*" => RuleLang::Any,
                other => {
                    return Err(error(format!(
                        "unknown language `{other}` (expected zh, en or *)"
                    )));
                }
            };
            let kind = match parts.next().unwrap_or("") {
                "keep" => RuleKind::Keep,
                "split" => RuleKind::Split,
                "" => {
                    return Err(error(
                        "a rule needs a kind (keep or split) and a text".into(),
                    ));
                }
                other => {
                    return Err(error(format!(
                        "unknown rule `{other}` (expected keep or split)"
                    )));
                }
            };
            let body = parts.next().unwrap_or("").trim();
            if body.is_empty() {
                return Err(error("the rule has no text to look for".into()));
            }
            rules.push(Rule {
                lang,
                kind,
                text: body.to_string(),
                line: k + 1,
            });
        }
        Ok(SegmentRules { rules })
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// These rules followed by `other`'s.
    pub fn merged(&self, other: &SegmentRules) -> SegmentRules {
        let mut rules = self.rules.clone();
        rules.extend(
            other
                .rules
                .iter()
                .filter(|r| !self.rules.contains(r))
                .cloned(),
        );
        SegmentRules { rules }
    }

    /// The rules as a rules file (the format [`SegmentRules::parse`] reads).
    pub fn to_file_text(&self) -> String {
        let mut out = String::new();
        for rule in &self.rules {
            let lang = match rule.lang {
                RuleLang::Zh => "zh",
                RuleLang::En => "en",
                RuleLang::Any => "*",
            };
            let kind = match rule.kind {
                RuleKind::Keep => "keep",
                RuleKind::Split => "split",
            };
            out.push_str(&format!("{lang} {kind} {}\n", rule.text));
        }
        out
    }

    /// Applies the rules to the cuts of one paragraph (byte offsets where
    /// a sentence ends, with their reasons, in order): cuts inside a `keep`
    /// text go, cuts after a `split` text come.
    pub fn apply(&self, paragraph: &str, lang: Lang, cuts: Vec<(usize, Cut)>) -> Vec<(usize, Cut)> {
        let applicable: Vec<&Rule> = self.rules.iter().filter(|r| r.lang.covers(lang)).collect();
        if applicable.is_empty() {
            return cuts;
        }
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for rule in applicable.iter().filter(|r| r.kind == RuleKind::Keep) {
            for (at, m) in paragraph.match_indices(rule.text.as_str()) {
                kept.push((at, at + m.len()));
            }
        }
        let inside_kept = |cut: usize| kept.iter().any(|&(a, b)| a < cut && cut < b);
        let mut out: Vec<(usize, Cut)> =
            cuts.into_iter().filter(|(c, _)| !inside_kept(*c)).collect();
        let end = paragraph.trim_end().len();
        for rule in applicable.iter().filter(|r| r.kind == RuleKind::Split) {
            for (at, m) in paragraph.match_indices(rule.text.as_str()) {
                let cut = at + m.len();
                if cut >= end || inside_kept(cut) || out.iter().any(|(c, _)| *c == cut) {
                    continue;
                }
                out.push((
                    cut,
                    Cut::Rule {
                        line: rule.line,
                        text: rule.text.clone(),
                    },
                ));
            }
        }
        out.sort_by_key(|(c, _)| *c);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_reports_bad_lines() {
        let rules = SegmentRules::parse(
            "# comment\n\nzh keep 《摔跤吧！爸爸》\nen split e. g. \n* keep ——\n",
            "r.txt",
        )
        .unwrap();
        assert_eq!(rules.rules.len(), 3);
        assert_eq!(rules.rules[1].text, "e. g.");
        assert_eq!(rules.rules[1].line, 4);
        assert_eq!(rules.rules[2].lang, RuleLang::Any);
        let e = SegmentRules::parse("zh keep a\nfr keep b\n", "r.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "r.txt:2: unknown language `fr` (expected zh, en or *)"
        );
        let e = SegmentRules::parse("zh join a\n", "r.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "r.txt:1: unknown rule `join` (expected keep or split)"
        );
        let e = SegmentRules::parse("en keep   \n", "r.txt").unwrap_err();
        assert!(e.to_string().starts_with("r.txt:1: "), "{e}");
        let e = SegmentRules::parse("en\n", "r.txt").unwrap_err();
        assert!(e.to_string().starts_with("r.txt:1: "), "{e}");
    }

    #[test]
    fn keep_removes_cuts_and_split_adds_them() {
        let rules = SegmentRules::parse("zh keep 甲。乙\nzh split 第一章\n", "r").unwrap();
        let text = "第一章甲。乙。丙。";
        let cuts = vec![
            (text.find('乙').unwrap(), Cut::Paragraph),
            (text.find('丙').unwrap(), Cut::Paragraph),
        ];
        let out = rules.apply(text, Lang::Zh, cuts);
        let at: Vec<usize> = out.iter().map(|(c, _)| *c).collect();
        assert_eq!(at, vec!["第一章".len(), text.find('丙').unwrap()]);
        assert!(matches!(out[0].1, Cut::Rule { line: 2, .. }));
        // English rules leave Chinese alone.
        let en = SegmentRules::parse("en split 章\n", "r").unwrap();
        assert!(en.apply(text, Lang::Zh, Vec::new()).is_empty());
    }

    #[test]
    fn rules_round_trip_through_json() {
        let rules = SegmentRules::parse("zh keep 《书》\n", "r").unwrap();
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(serde_json::from_str::<SegmentRules>(&json).unwrap(), rules);
    }
}
