//! The labelled set of docs/flags.md built from a corpus folder (a Chinese
//! text, English renderings and their gold beads) and the two fixture
//! files: the gold beads' faults as a person judged them, and hand-written
//! pairs.

use super::{FlagTable, Item, bead_items, group_items, read_faults, read_pairs};
use crate::eval::dev_set::load_corpus_gold as load_gold;
use crate::model::Alignment;
use crate::review::flags::Checker;
use std::collections::BTreeMap;
use std::path::Path;

/// The flags that mark one bead, as the tables list them.
pub const BEAD_FLAGS: [&str; 4] = ["numbers", "latin", "length", "negation"];

/// The flags that compare renderings of one source.
pub const GROUP_FLAGS: [&str; 4] = ["numbers", "names", "omits", "longer"];

/// The labelled items of a corpus and their tables.
#[derive(Debug, Clone)]
pub struct CorpusSet {
    pub golds: Vec<Alignment>,
    /// Beads: each rendering's gold beads and their changed copies, and
    /// the hand-written pairs.
    pub beads: Vec<Item>,
    /// Groups of the renderings joined on the source, and changed copies.
    pub groups: Vec<Item>,
}

impl CorpusSet {
    /// The set of the renderings `renderings` of the corpus in `dir`, with
    /// the faults and pairs files' texts.
    pub fn build(
        dir: &Path,
        renderings: &[&str],
        faults: &str,
        pairs: &str,
    ) -> Result<CorpusSet, String> {
        let faults = read_faults(faults).map_err(|e| format!("faults: {e}"))?;
        let golds = renderings
            .iter()
            .map(|r| load_gold(dir, r))
            .collect::<Result<Vec<_>, _>>()?;
        let none = BTreeMap::new();
        let mut beads = Vec::new();
        for gold in &golds {
            beads.extend(bead_items(
                gold,
                Some(faults.get(&gold.name).unwrap_or(&none)),
            ));
        }
        let checker = Checker::new(&golds[0]);
        beads.extend(read_pairs(pairs, &checker).map_err(|e| format!("pairs: {e}"))?);
        let groups = group_items(&golds, faults.get("renderings").unwrap_or(&none));
        Ok(CorpusSet {
            golds,
            beads,
            groups,
        })
    }

    /// The bead flags' table.
    pub fn bead_table(&self) -> FlagTable {
        FlagTable::new(&self.beads, &BEAD_FLAGS)
    }

    /// The renderings flags' table.
    pub fn group_table(&self) -> FlagTable {
        FlagTable::new(&self.groups, &GROUP_FLAGS)
    }
}
