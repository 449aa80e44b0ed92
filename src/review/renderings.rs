//! Several renderings of one source: each rendering's alignment joined on
//! the source, and where the renderings differ.
//!
//! The source is cut into the smallest groups of consecutive sentences that
//! no rendering's bead crosses, so every group lines up with a span of every
//! rendering. A rendering's sentences that translate nothing (0-1 beads) go
//! with the group before them. Agreement between two renderings of a group is
//! the normalized Levenshtein similarity of their lowercased word sequences
//! (strsim's `generic_levenshtein` over words: 1 − edits / longer length).

use crate::features::latin::latin_keys;
use crate::features::numbers::numbers_differ;
use crate::model::{Alignment, Bead, Document, Learned};
use crate::review::flags::{LengthModel, length};

/// A rendering is far longer (or, for several source sentences, far
/// shorter) than the others beyond this many standard deviations of its
/// length model, both from what the source predicts and from the others.
const LONGER_Z: f64 = 2.0;
use serde::{Deserialize, Serialize};

/// One rendering's alignment to the shared source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendering {
    /// A short unique name (from the file name), used in column names.
    pub name: String,
    pub document: Document,
    pub beads: Vec<Bead>,
    /// What the aligner learned from this rendering, if it was aligned here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learned: Option<Learned>,
}

/// A run of source sentences with the span of every rendering that
/// translates it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Consecutive source ids (empty only for a source without sentences).
    pub source: Vec<usize>,
    /// Per rendering, consecutive target ids (empty: it translates nothing).
    pub targets: Vec<Vec<usize>>,
    /// Per rendering, the lowest confidence of its beads in the group.
    pub scores: Vec<Option<f64>>,
}

/// The renderings joined on the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiAlignment {
    pub name: String,
    pub source: Document,
    pub renderings: Vec<Rendering>,
    pub groups: Vec<Group>,
}

/// Source positions (0..=n) at which a bead sequence has a boundary.
fn boundaries(beads: &[Bead], n: usize) -> Vec<bool> {
    let mut cut = vec![false; n + 1];
    cut[0] = true;
    cut[n] = true;
    let mut pos = 0;
    for bead in beads {
        pos += bead.source.len();
        if pos <= n {
            cut[pos] = true;
        }
    }
    cut
}

impl MultiAlignment {
    /// Joins alignments that share one source document. They must all have
    /// the same source (same segments).
    pub fn join(name: impl Into<String>, alignments: Vec<Alignment>) -> MultiAlignment {
        let source = alignments
            .first()
            .map(|a| a.source.clone())
            .unwrap_or_else(|| Document::new("", "", Vec::new()));
        let n = source.len();
        let mut cut = vec![true; n + 1];
        for a in &alignments {
            for (c, b) in cut.iter_mut().zip(boundaries(&a.beads, n)) {
                *c &= b;
            }
        }
        let cuts: Vec<usize> = (0..=n).filter(|&p| cut[p]).collect();
        let mut groups: Vec<Group> = if n == 0 {
            vec![Group {
                source: Vec::new(),
                targets: Vec::new(),
                scores: Vec::new(),
            }]
        } else {
            cuts.windows(2)
                .map(|w| Group {
                    source: (w[0]..w[1]).collect(),
                    targets: Vec::new(),
                    scores: Vec::new(),
                })
                .collect()
        };
        // Group index of each source sentence.
        let mut group_of = vec![0usize; n];
        for (g, group) in groups.iter().enumerate() {
            for &s in &group.source {
                group_of[s] = g;
            }
        }
        let renderings: Vec<Rendering> = alignments
            .into_iter()
            .map(|a| Rendering {
                name: a.name,
                document: a.target,
                beads: a.beads,
                learned: a.learned,
            })
            .collect();
        for group in groups.iter_mut() {
            group.targets = vec![Vec::new(); renderings.len()];
            group.scores = vec![None; renderings.len()];
        }
        for (r, rendering) in renderings.iter().enumerate() {
            let mut last_group = 0usize;
            for bead in &rendering.beads {
                let g = match bead.source.first() {
                    Some(&s) => group_of[s],
                    None => last_group,
                };
                last_group = g;
                let group = &mut groups[g];
                group.targets[r].extend(&bead.target);
                group.scores[r] =
                    Some(group.scores[r].map_or(bead.score, |s: f64| s.min(bead.score)));
            }
        }
        MultiAlignment {
            name: name.into(),
            source,
            renderings,
            groups,
        }
    }

    /// Checks that every sentence of the source and of every rendering is in
    /// exactly one group, in order.
    pub fn check_coverage(&self) -> Result<(), String> {
        let mut next = 0;
        for group in &self.groups {
            for &s in &group.source {
                if s != next {
                    return Err(format!("source sentence {s} where {next} was expected"));
                }
                next += 1;
            }
        }
        if next != self.source.len() {
            return Err(format!(
                "groups cover {next} of {} source sentences",
                self.source.len()
            ));
        }
        for (r, rendering) in self.renderings.iter().enumerate() {
            let mut next = 0;
            for group in &self.groups {
                for &t in &group.targets[r] {
                    if t != next {
                        return Err(format!(
                            "{}: sentence {t} where {next} was expected",
                            rendering.name
                        ));
                    }
                    next += 1;
                }
            }
            if next != rendering.document.len() {
                return Err(format!(
                    "{}: groups cover {next} of {} sentences",
                    rendering.name,
                    rendering.document.len()
                ));
            }
        }
        Ok(())
    }

    /// The group of each bead of rendering `r`, as [`MultiAlignment::join`]
    /// placed them (a bead without source sentences goes with the group
    /// before it).
    pub fn bead_groups(&self, r: usize) -> Vec<usize> {
        let mut group_of = vec![0usize; self.source.len()];
        for (g, group) in self.groups.iter().enumerate() {
            for &s in &group.source {
                group_of[s] = g;
            }
        }
        let mut last_group = 0usize;
        self.renderings[r]
            .beads
            .iter()
            .map(|bead| {
                if let Some(g) = bead.source.first().and_then(|&s| group_of.get(s)) {
                    last_group = *g;
                }
                last_group
            })
            .collect()
    }

    /// The text of rendering `r` in a group.
    pub fn target_text(&self, group: &Group, r: usize) -> String {
        self.renderings[r].document.join(&group.targets[r])
    }

    /// The source text of a group.
    pub fn source_text(&self, group: &Group) -> String {
        self.source.join(&group.source)
    }

    /// The comparison of every group.
    pub fn compare(&self) -> Vec<GroupComparison> {
        let models = self.length_models();
        self.groups
            .iter()
            .map(|g| self.compare_group(g, &models))
            .collect()
    }

    /// Per rendering, the length model of its groups against the source.
    fn length_models(&self) -> Vec<LengthModel> {
        (0..self.renderings.len())
            .map(|r| {
                let lengths: Vec<(f64, f64)> = self
                    .groups
                    .iter()
                    .filter(|g| !g.source.is_empty() && !g.targets[r].is_empty())
                    .map(|g| {
                        (
                            length(&self.source_text(g)),
                            length(&self.target_text(g, r)),
                        )
                    })
                    .collect();
                LengthModel::fit(&lengths)
            })
            .collect()
    }

    /// Long because it is the list of comparisons a group gets (agreement,
    /// untranslated renderings, numbers, names, omissions, lengths), each a few
    /// lines over the same texts; apart they would each rebuild those texts.
    fn compare_group(&self, group: &Group, models: &[LengthModel]) -> GroupComparison {
        let texts: Vec<String> = (0..self.renderings.len())
            .map(|r| self.target_text(group, r))
            .collect();
        let mut agreement = Vec::new();
        for a in 0..texts.len() {
            for b in a + 1..texts.len() {
                agreement.push(((a, b), word_similarity(&texts[a], &texts[b])));
            }
        }
        let mut flags = Vec::new();
        let name = |r: usize| self.renderings[r].name.clone();
        let translated: Vec<bool> = texts.iter().map(|t| !t.trim().is_empty()).collect();
        if !group.source.is_empty() && translated.iter().any(|&t| t) {
            for (r, &t) in translated.iter().enumerate() {
                if !t {
                    flags.push(Flag::Omits(name(r)));
                }
            }
        }
        let present: Vec<usize> = (0..texts.len()).filter(|&r| translated[r]).collect();
        let numbers = present.iter().enumerate().any(|(k, &a)| {
            present[k + 1..]
                .iter()
                .any(|&b| numbers_differ(&texts[a], &texts[b]))
        });
        if numbers {
            flags.push(Flag::Numbers);
        }
        let set = |t: &str, f: fn(&str) -> Vec<String>| {
            let mut v = f(t);
            v.sort();
            v.dedup();
            v
        };
        let differ = |f: fn(&str) -> Vec<String>| {
            present
                .windows(2)
                .any(|w| set(&texts[w[0]], f) != set(&texts[w[1]], f))
        };
        // Names: the source's Latin-script names (`OpenAI`, `GPT-4`,
        // `SamAltman`) that one rendering has and another lacks; with a
        // Latin-script source, the capitalized words inside sentences.
        let source_names = latin_keys(&self.source_text(group));
        let names_differ = if self.source.family() == crate::model::Lang::Zh {
            let squash = |t: &str| t.to_lowercase().replace([' ', '-'], "");
            let has: Vec<Vec<bool>> = present
                .iter()
                .map(|&r| {
                    let text = squash(&texts[r]);
                    source_names
                        .iter()
                        .map(|n| text.contains(&squash(n)))
                        .collect()
                })
                .collect();
            has.windows(2).any(|w| w[0] != w[1])
        } else {
            differ(names)
        };
        if names_differ {
            flags.push(Flag::Names);
        }
        if present.len() >= 2 {
            // How far each rendering's length lies from what its own length
            // model predicts for this source, in standard deviations.
            let source = self.source_text(group);
            let z: Vec<f64> = present
                .iter()
                .map(|&r| models[r].z(&source, &texts[r]))
                .collect();
            let lowest = z.iter().copied().fold(f64::INFINITY, f64::min);
            for (k, &r) in present.iter().enumerate() {
                if z[k] > LONGER_Z && z[k] - lowest > LONGER_Z {
                    flags.push(Flag::Longer(name(r)));
                }
                // Far shorter than another rendering of several source
                // sentences, one of ordinary length: probably one of them is
                // left out.
                let ordinary_longer = z
                    .iter()
                    .any(|&o| o.abs() <= LONGER_Z && o - z[k] > LONGER_Z);
                if group.source.len() >= 2 && z[k] < -LONGER_Z && ordinary_longer {
                    flags.push(Flag::Omits(name(r)));
                }
            }
        }
        GroupComparison { agreement, flags }
    }
}

/// The names of a text: capitalized words that do not open a sentence.
fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    for word in text.split_whitespace() {
        let core = word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'));
        let core = core
            .strip_suffix("'s")
            .or_else(|| core.strip_suffix("’s"))
            .unwrap_or(core);
        let capital =
            core.chars().next().is_some_and(char::is_uppercase) && core.chars().count() > 1;
        if capital && !sentence_start && core != "I" {
            out.push(core.to_string());
        }
        sentence_start = word.ends_with(['.', '?', '!', ':', '"', '”']);
    }
    out
}

/// Similarity of two texts in [0, 1]: normalized Levenshtein distance over
/// lowercased words.
pub fn word_similarity(a: &str, b: &str) -> f64 {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let longest = wa.len().max(wb.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::generic_levenshtein(&wa, &wb) as f64 / longest as f64
}

/// Where renderings of a group differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "flag", content = "rendering")]
pub enum Flag {
    /// The rendering leaves (part of) the group's source untranslated that
    /// another translates: nothing at all, or, for a group of several source
    /// sentences, far less text than another rendering.
    Omits(String),
    /// The renderings mention different numbers.
    Numbers,
    /// The renderings mention different names.
    Names,
    /// The rendering is far longer than the shortest one.
    Longer(String),
}

impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flag::Omits(r) => write!(f, "omits:{r}"),
            Flag::Numbers => f.write_str("numbers"),
            Flag::Names => f.write_str("names"),
            Flag::Longer(r) => write!(f, "longer:{r}"),
        }
    }
}

/// The comparison of one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComparison {
    /// ((rendering a, rendering b), similarity) for every pair a < b.
    pub agreement: Vec<((usize, usize), f64)>,
    pub flags: Vec<Flag>,
}

impl GroupComparison {
    /// The lowest agreement of any pair (1 with fewer than two renderings).
    pub fn min_agreement(&self) -> f64 {
        self.agreement.iter().map(|x| x.1).fold(1.0, f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(texts: &[&str]) -> Document {
        Document::from_sentences("d", "en", texts)
    }

    #[test]
    fn groups_are_the_smallest_spans_no_bead_crosses() {
        let source = doc(&["s0", "s1", "s2", "s3"]);
        let a = Alignment {
            name: "a".into(),
            source: source.clone(),
            target: doc(&["a0", "a1", "a2"]),
            beads: vec![
                Bead::new(vec![0, 1], vec![0], 0.9),
                Bead::new(vec![2], vec![1], 0.8),
                Bead::new(vec![], vec![2], 0.3),
                Bead::new(vec![3], vec![], 0.2),
            ],
            learned: None,
        };
        let b = Alignment {
            name: "b".into(),
            source,
            target: doc(&["b0", "b1", "b2", "b3"]),
            beads: vec![
                Bead::new(vec![0], vec![0], 0.9),
                Bead::new(vec![1], vec![1], 0.9),
                Bead::new(vec![2, 3], vec![2, 3], 0.7),
            ],
            learned: None,
        };
        let m = MultiAlignment::join("x", vec![a, b]);
        m.check_coverage().unwrap();
        assert_eq!(m.groups.len(), 2);
        assert_eq!(m.groups[0].source, vec![0, 1]);
        assert_eq!(m.groups[0].targets, vec![vec![0], vec![0, 1]]);
        assert_eq!(m.groups[1].source, vec![2, 3]);
        assert_eq!(m.groups[1].targets, vec![vec![1, 2], vec![2, 3]]);
        assert_eq!(m.groups[1].scores, vec![Some(0.2), Some(0.7)]);
        assert_eq!(m.bead_groups(0), vec![0, 1, 1, 1]);
        assert_eq!(m.bead_groups(1), vec![0, 0, 1]);
    }

    #[test]
    fn flags_omissions_numbers_and_length() {
        // Eight source sentences; rendering b is far longer in group 0 and
        // leaves sentence 1 out.
        let source = doc(&[
            "他花了五块钱。",
            "是的。",
            "我们走吧。",
            "天气很好。",
            "他笑了。",
            "她来了。",
            "好的。",
            "再见。",
        ]);
        let ordinary = [
            "Let's go.",
            "The weather is fine.",
            "He smiled.",
            "She came.",
            "All right.",
            "Goodbye.",
        ];
        let a_texts: Vec<&str> = ["It cost 5 dollars.", "Yes."]
            .into_iter()
            .chain(ordinary)
            .collect();
        let b_texts: Vec<&str> = [
            "It cost six dollars, which was a great deal of money back then in Beijing, more than a week's wages.",
        ]
        .into_iter()
        .chain(ordinary)
        .collect();
        let one_to_one = |n: usize| {
            (0..n)
                .map(|i| Bead::new(vec![i], vec![i], 0.9))
                .collect::<Vec<_>>()
        };
        let a = Alignment {
            name: "a".into(),
            source: source.clone(),
            target: doc(&a_texts),
            beads: one_to_one(8),
            learned: None,
        };
        let mut b_beads = vec![
            Bead::new(vec![0], vec![0], 0.9),
            Bead::new(vec![1], vec![], 0.1),
        ];
        b_beads.extend((2..8).map(|i| Bead::new(vec![i], vec![i - 1], 0.9)));
        let b = Alignment {
            name: "b".into(),
            source,
            target: doc(&b_texts),
            beads: b_beads,
            learned: None,
        };
        let m = MultiAlignment::join("x", vec![a, b]);
        let c = m.compare();
        assert!(c[0].flags.contains(&Flag::Numbers));
        assert!(
            c[0].flags.contains(&Flag::Longer("b".into())),
            "{:?}",
            c[0].flags
        );
        assert_eq!(c[1].flags, vec![Flag::Omits("b".into())]);
        assert!(c[2..].iter().all(|g| g.flags.is_empty()));
        assert!(c[0].min_agreement() < 0.5);
        assert!((word_similarity("The cat sat.", "the cat sat") - 1.0).abs() < 1e-9);
    }
}
