//! Prints the review flags' precision and recall on the labelled set of
//! issue 18 (docs/flags.md): the corpus's gold beads and renderings, their
//! changed copies and the hand-written pairs; mac-dev's gold beads and their
//! copies when `../shared/data/mac-dev` (or the folder given) exists; and
//! how many sentences left out or added the classic and combined aligners
//! leave alone in a 1-0 or 0-1 bead (`unaligned`).
//!
//! `cargo run --release --example flag_table [-- MAC_DEV_DIR] [--misses]`
//! (`--misses` lists every item whose flags differ from the truth).

use bitext::align::ScorerKind;
use bitext::align::aligner::Aligner;
use bitext::eval::dev_set::load_presplit_set;
use bitext::eval::flags::{self, BEAD_FLAGS, CorpusSet, FlagTable, Item};
use bitext::model::Alignment;
use bitext::review::flags::Checker;
use std::collections::BTreeMap;
use std::path::Path;

/// mac-dev's documents with their gold, or none when it is not there.
fn mac_dev(dir: &Path) -> Vec<Alignment> {
    load_presplit_set(dir).unwrap_or_default()
}

fn print_misses(items: &[Item]) {
    for item in items {
        let (mut truth, mut fired) = (item.truth.clone(), item.flagged.clone());
        truth.sort();
        fired.sort();
        if truth != fired {
            println!("  {}: should {truth:?}, fired {fired:?}", item.origin);
            for text in &item.texts {
                println!("      {text}");
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let mac_dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "../shared/data/mac-dev".into());
    let fixture = |name: &str| {
        std::fs::read_to_string(Path::new("tests/fixtures/flags").join(name)).expect("fixture")
    };
    let set = CorpusSet::build(
        Path::new("corpus/altman-baai-2023"),
        &["en", "en-free"],
        &fixture("faults.tsv"),
        &fixture("pairs.tsv"),
    )
    .expect("corpus");

    println!(
        "Bead flags: corpus gold beads of both renderings, their changed copies and the hand-written pairs ({} items):\n",
        set.beads.len()
    );
    println!("{}", set.bead_table());
    if misses {
        print_misses(&set.beads);
    }

    let mac = mac_dev(Path::new(&mac_dir));
    if mac.is_empty() {
        println!("(mac-dev not found at {mac_dir}: its rows are skipped)\n");
    } else {
        let mut items = Vec::new();
        let mut as_is: BTreeMap<String, usize> = BTreeMap::new();
        let mut beads = 0;
        for gold in &mac {
            items.extend(flags::bead_items(gold, None));
            let checker = Checker::new(gold);
            for bead in gold.beads.iter().filter(|b| !b.is_null()) {
                beads += 1;
                for flag in checker.pair_flags(&gold.source_text(bead), &gold.target_text(bead)) {
                    *as_is.entry(flag.to_string()).or_default() += 1;
                }
            }
        }
        println!(
            "Bead flags: changed copies of mac-dev's gold beads, counting only the flags a change raised ({} items, {mac_dir}):\n",
            items.len()
        );
        println!("{}", FlagTable::new(&items, &BEAD_FLAGS));
        let rates: Vec<String> = as_is
            .iter()
            .map(|(f, n)| format!("{f} {n} ({:.1}%)", 100.0 * *n as f64 / beads as f64))
            .collect();
        println!(
            "Fired on mac-dev's {beads} gold beads as they are (not labelled): {}\n",
            rates.join(", ")
        );
        if misses {
            print_misses(&items);
        }
    }

    println!(
        "Renderings flags: corpus groups of en and en-free and their changed copies ({} items):\n",
        set.groups.len()
    );
    println!("{}", set.group_table());
    if misses {
        print_misses(&set.groups);
    }

    for scorer in [ScorerKind::Classic, ScorerKind::Combined] {
        let Ok(aligner) = Aligner::builder().scorer(scorer).build() else {
            println!("({scorer:?} scorer not available: its `unaligned` row is skipped)");
            continue;
        };
        let mut unaligned = flags::Count::default();
        for gold in &set.golds {
            let (target, lone_source, lone_target) = flags::lone_copy(gold, 8);
            let outcome = aligner.align(&gold.name, gold.source.clone(), target);
            let c = flags::unaligned_count(&outcome.alignment.beads, &lone_source, &lone_target);
            unaligned.true_positives += c.true_positives;
            unaligned.false_positives += c.false_positives;
            unaligned.false_negatives += c.false_negatives;
        }
        println!(
            "`unaligned` on the {scorer:?} aligner's beads of the corpus with sentences left out and added: precision {:.3}, recall {:.3} ({} sentences without a counterpart)",
            unaligned.precision(),
            unaligned.recall(),
            unaligned.true_positives + unaligned.false_negatives
        );
    }
}
