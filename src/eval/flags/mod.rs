//! How far a reviewer can trust the review flags: each flag's precision
//! and recall on a labelled set whose truth is known.
//!
//! The set is built from correct alignments (gold beads): every gold bead
//! as it is, judged by a person to hold no fault unless listed otherwise,
//! and copies of beads changed on purpose by [`corrupt`] (a number changed
//! or added, a name dropped, a negation turned, half the sentence cut off,
//! another sentence appended), whose fault is known by construction, beside
//! rewrites that keep the meaning and must raise nothing. Hand-written
//! pairs ([`read_pairs`]) add what the documents lack: ordinals, Roman
//! numerals, approximate quantities and number words on both sides.
//!
//! The same is done for the flags that compare several renderings of one
//! source ([`group_items`]): groups of two renderings joined on their gold
//! beads, and copies where one rendering's number, name or sentence was
//! changed or dropped.

pub mod corrupt;
mod groups;
mod lone;
mod set;

pub use groups::group_items;
pub use lone::{lone_copy, unaligned_count};
pub use set::{BEAD_FLAGS, CorpusSet, GROUP_FLAGS};

use crate::features::latin::latin_tokens;
use crate::features::negation::negations;
use crate::features::numbers::mentions;
use crate::model::Alignment;
use crate::review::flags::{Checker, Flag};
use std::collections::BTreeMap;
use std::fmt;

/// One labelled example: what a flag fired on and what is really wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Where it comes from and what was done to it (`en:12 change-number`).
    pub origin: String,
    /// The flags that should fire (the truth).
    pub truth: Vec<String>,
    /// The flags that fired.
    pub flagged: Vec<String>,
    /// The texts judged (source first), to show a miss.
    pub texts: Vec<String>,
}

/// One flag's counts over a labelled set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Count {
    /// Of the items flagged, the share that should be (1 with none flagged).
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Of the items that should be flagged, the share that are (1 with none).
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Every flag's counts over a set of items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlagTable {
    /// How many items the set has.
    pub items: usize,
    /// Per flag (its word), the counts.
    pub counts: BTreeMap<String, Count>,
}

impl FlagTable {
    /// Counts `items` for the flags named in `flags`.
    pub fn new(items: &[Item], flags: &[&str]) -> FlagTable {
        let mut counts: BTreeMap<String, Count> = flags
            .iter()
            .map(|f| (f.to_string(), Count::default()))
            .collect();
        for item in items {
            for (flag, count) in counts.iter_mut() {
                let truth = item.truth.contains(flag);
                let fired = item.flagged.contains(flag);
                match (truth, fired) {
                    (true, true) => count.true_positives += 1,
                    (false, true) => count.false_positives += 1,
                    (true, false) => count.false_negatives += 1,
                    (false, false) => {}
                }
            }
        }
        FlagTable {
            items: items.len(),
            counts,
        }
    }

    /// The counts of one flag.
    pub fn count(&self, flag: &str) -> Count {
        self.counts.get(flag).copied().unwrap_or_default()
    }

    /// Adds another table's counts to this one.
    pub fn add(&mut self, other: &FlagTable) {
        self.items += other.items;
        for (flag, c) in &other.counts {
            let mine = self.counts.entry(flag.clone()).or_default();
            mine.true_positives += c.true_positives;
            mine.false_positives += c.false_positives;
            mine.false_negatives += c.false_negatives;
        }
    }
}

impl fmt::Display for FlagTable {
    /// A Markdown table: one row per flag.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| flag | should fire | fired | right | precision | recall | F1 |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        for (flag, c) in &self.counts {
            writeln!(
                f,
                "| `{flag}` | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                c.true_positives + c.false_negatives,
                c.true_positives + c.false_positives,
                c.true_positives,
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        Ok(())
    }
}

fn words(flags: &[Flag]) -> Vec<String> {
    flags.iter().map(|f| f.as_str().to_string()).collect()
}

pub(crate) fn has_number(text: &str) -> bool {
    mentions(text).iter().any(|m| m.strong)
}

/// True for an English text without numbers, negations and names that the
/// flags read (acronyms, CamelCase, tokens with digits).
pub(crate) fn plain(text: &str) -> bool {
    !has_number(text)
        && negations(text) == 0
        && latin_tokens(text).iter().all(|t| {
            !t.chars().any(|c| c.is_ascii_digit())
                && t.chars().filter(|c| c.is_ascii_uppercase()).count() < 2
        })
}

/// The labelled beads of one correct alignment: each gold bead with both
/// sides as it is (its truth from `faults`, by bead index; nothing wrong
/// when absent), and the changed copies of [`corrupt`]. The flags are those
/// of a [`Checker`] over the gold alignment.
///
/// With `faults` None the gold beads are taken as unlabelled: they are left
/// out, and a changed copy counts only the flags that the change raised
/// (those that did not fire on the bead as it was).
pub fn bead_items(gold: &Alignment, faults: Option<&BTreeMap<usize, Vec<String>>>) -> Vec<Item> {
    let checker = Checker::new(gold);
    let mut items = Vec::new();
    let mut base: Vec<String> = Vec::new();
    let mut push = |origin: String, truth: Vec<&str>, source: &str, target: &str| {
        let mut flagged = words(&checker.pair_flags(source, target));
        if origin.ends_with(" as is") {
            base = flagged.clone();
            if faults.is_none() {
                return;
            }
        } else if faults.is_none() {
            // A change whose flag already fired tells nothing.
            if truth.iter().any(|t| base.iter().any(|b| b == t)) {
                return;
            }
            flagged.retain(|f| !base.contains(f));
        }
        items.push(Item {
            origin,
            truth: truth.into_iter().map(String::from).collect(),
            flagged,
            texts: vec![source.to_string(), target.to_string()],
        });
    };
    let pairs: Vec<(usize, String, String)> = gold
        .beads
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.is_null())
        .map(|(k, b)| (k, gold.source_text(b), gold.target_text(b)))
        .collect();
    for (n, (k, source, target)) in pairs.iter().enumerate() {
        let at = |what: &str| format!("{}:{k} {what}", gold.name);
        let truth: Vec<&str> = faults
            .and_then(|f| f.get(k))
            .map(|f| f.iter().map(String::as_str).collect())
            .unwrap_or_default();
        push(at("as is"), truth, source, target);
        let others: Vec<&str> = pairs[n + 1..].iter().map(|p| p.2.as_str()).collect();
        for copy in changed_copies(n, source, target, &others) {
            let truth = copy.truth.into_iter().collect();
            push(at(copy.what), truth, &copy.source, &copy.target);
        }
    }
    items
}

/// A bead's texts changed on purpose, and the flag that should fire.
struct Copy {
    what: &'static str,
    /// None for a rewrite that keeps the meaning.
    truth: Option<&'static str>,
    source: String,
    target: String,
}

/// The changed copies of the `n`th bead (`others`: the target texts of the
/// beads after it). Which changes a bead gets depends on what it holds and
/// on `n`, so that each kind has its share without every bead getting all.
fn changed_copies(n: usize, source: &str, target: &str, others: &[&str]) -> Vec<Copy> {
    let mut out = Vec::new();
    let mut copy = |what, truth, s: &str, t: &str| {
        out.push(Copy {
            what,
            truth,
            source: s.to_string(),
            target: t.to_string(),
        })
    };
    if let Some(changed) = corrupt::change_number(target) {
        copy("target number changed", Some("numbers"), source, &changed);
    }
    if let Some(changed) = corrupt::change_number(source) {
        copy("source number changed", Some("numbers"), &changed, target);
    }
    if !has_number(source) && !has_number(target) && n.is_multiple_of(3) {
        let changed = corrupt::add_number(target, n / 3);
        copy("number added", Some("numbers"), source, &changed);
    }
    if let Some(changed) = corrupt::respell_number(target) {
        copy("number respelled", None, source, &changed);
    }
    if let Some(changed) = corrupt::drop_name(source, target) {
        copy("name dropped", Some("latin"), source, &changed);
    }
    if let Some(changed) = corrupt::respell_name(target) {
        copy("name respelled", None, source, &changed);
    }
    if n.is_multiple_of(2)
        && let Some(changed) = corrupt::turn_negation(target)
    {
        copy("negation turned", Some("negation"), source, &changed);
    }
    // Half cut off, where that half holds no number, negation or name that
    // would make a second flag right.
    if n % 2 == 1
        && let Some(changed) = corrupt::cut_half(target)
    {
        let cut_off = &target[changed.len() - 1..];
        let names = latin_tokens(source);
        if !has_number(cut_off)
            && negations(cut_off) == 0
            && !names.iter().any(|n| cut_off.contains(n.as_str()))
        {
            copy("half cut off", Some("length"), source, &changed);
        }
    }
    // Another bead's sentence appended, a plain one, so that only the length
    // should tell.
    if n % 4 == 2
        && let Some(other) = others.iter().skip(1).find(|t| plain(t) && t.len() > 40)
    {
        let changed = format!("{target} {other}");
        copy("sentence appended", Some("length"), source, &changed);
    }
    out
}

/// Hand-written pairs from a TSV (`source`, `target`, flags that should
/// fire, `;`-separated, empty for none; `#` lines are comments), flagged by
/// `checker`.
pub fn read_pairs(tsv: &str, checker: &Checker) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, target, truth] = fields[..] else {
            return Err(format!("line {}: expected 3 tab-separated fields", i + 1));
        };
        items.push(Item {
            origin: format!("pairs:{}", i + 1),
            truth: truth
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
            flagged: words(&checker.pair_flags(source, target)),
            texts: vec![source.to_string(), target.to_string()],
        });
    }
    Ok(items)
}

/// A person's judgement of the gold beads that do hold a fault, from a TSV
/// (`rendering`, bead index, flags that should fire `;`-separated); every
/// other gold bead holds none. Per rendering, per bead index.
pub fn read_faults(tsv: &str) -> Result<BTreeMap<String, BTreeMap<usize, Vec<String>>>, String> {
    let mut out: BTreeMap<String, BTreeMap<usize, Vec<String>>> = BTreeMap::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [rendering, bead, truth, ..] = fields[..] else {
            return Err(format!("line {}: expected rendering, bead, flags", i + 1));
        };
        let bead: usize = bead
            .trim()
            .parse()
            .map_err(|_| format!("line {}: bead `{bead}` is not a number", i + 1))?;
        out.entry(rendering.to_string()).or_default().insert(
            bead,
            truth
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
        );
    }
    Ok(out)
}
