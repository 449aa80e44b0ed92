//! The sentence splitter on the labelled set in
//! `tests/fixtures/segmentation/` (boundary F1 floors per language), and
//! on mac-dev's sentences joined into running text (needs ../shared/data).
//! `cargo run --release --example segment_table` prints the table.

#[path = "../examples/segment_table.rs"]
mod table;

use bitext::model::Lang;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/segmentation")
}

#[test]
fn labelled_chinese_cases_score_at_least_0_99() {
    let (counts, cases) = table::score_file(&fixtures().join("zh.txt"), Lang::Zh, false);
    assert!(cases >= 300, "{cases} cases");
    assert!(
        counts.f1() >= 0.99,
        "zh boundary {counts:?} F1 {}",
        counts.f1()
    );
}

#[test]
fn labelled_english_cases_score_at_least_0_99() {
    let (counts, cases) = table::score_file(&fixtures().join("en.txt"), Lang::En, false);
    assert!(cases >= 200, "{cases} cases");
    assert!(
        counts.f1() >= 0.99,
        "en boundary {counts:?} F1 {}",
        counts.f1()
    );
}

#[test]
fn boundaries_count_non_space_characters() {
    let b = table::boundaries(&["He left.", "She stayed.", "End."]);
    assert_eq!(b.into_iter().collect::<Vec<_>>(), vec![7, 17]);
    let (counts, _) = table::score_case(&["“这是对的。”他说。", "好。"], "", Lang::Zh);
    assert_eq!((counts.hit, counts.predicted, counts.gold), (1, 1, 1));
}

#[test]
#[ignore = "needs ../shared/data"]
fn mac_dev_joined_text_scores_at_least_0_98() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/mac-dev");
    for (side, lang) in [("src", Lang::Zh), ("tgt", Lang::En)] {
        let (counts, _) = table::score_mac_dev(&dir, side, lang, false);
        assert!(counts.f1() >= 0.98, "{side}: {counts:?} F1 {}", counts.f1());
    }
}
