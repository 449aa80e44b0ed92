//! TMX written by other tools, read back by `bitext import`: OmegaT 3.6's
//! project exports (TMX 1.1 with `lang`, and level 2 with `xml:lang`),
//! translate-toolkit's `po2tmx` (which writes `srclang="en"` in the header
//! and the true source language on each unit) and a file in LF Aligner's
//! layout (uppercase codes, `datatype="unknown"`, CRLF, score notes).
//! The files in tests/fixtures/tmx/ were written by those tools (OmegaT
//! from our own TMX of the transcript, po2tmx from po2tmx-3.20.po); LF
//! Aligner does not run here, so its file is made after its published
//! output. tests/export_consumers.rs runs OmegaT and po2tmx live when they
//! are installed.

mod common;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tmx")
        .join(name)
}

/// `(source, target)` of each row of the file imported, and the header
/// line of the TMX written from it.
fn import(path: &Path) -> (Vec<(String, String)>, String) {
    let tmx = common::import_as(path, "tmx");
    let header = tmx
        .lines()
        .find(|l| l.contains("<header"))
        .unwrap_or_default()
        .to_string();
    (common::import_rows(path), header)
}

/// How many `<tu>` elements the file has.
fn units(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.matches("<tu>").count() + text.matches("<tu ").count()
}

const FIRST_ZH: &str = "中国、美国和其他国家以及欧洲这三个主要集团是人工智能创新背后的驱动力";
const TALENT: (&str, &str) = (
    "中国拥有一些世界上最优秀的人工智能人才。",
    "China has some of the best AI talent in the world.",
);

#[test]
fn omegat_project_tmx_1_1_with_lang_attributes() {
    let path = fixture("omegat-3.6-project-omegat.tmx");
    let (rows, header) = import(&path);
    assert_eq!(rows.len(), units(&path));
    assert_eq!(rows.len(), 68);
    assert!(rows[0].0.starts_with(FIRST_ZH), "{:?}", rows[0]);
    assert!(rows[0].1.starts_with("China, the U.S. and Europe"));
    assert_eq!((rows[1].0.as_str(), rows[1].1.as_str()), TALENT);
    assert!(header.contains(r#"srclang="zh-CN""#), "{header}");
}

#[test]
fn omegat_level2_tmx_1_4() {
    let (rows, _) = import(&fixture("omegat-3.6-project-level2.tmx"));
    let (level1, _) = import(&fixture("omegat-3.6-project-omegat.tmx"));
    assert_eq!(rows, level1);
}

#[test]
fn po2tmx_source_language_comes_from_the_units() {
    let (rows, header) = import(&fixture("po2tmx-3.20.tmx"));
    assert_eq!(
        rows,
        [
            (TALENT.0.to_string(), TALENT.1.to_string()),
            (
                "他说:\"<b>安全</b>很重要。\"".to_string(),
                "He said: \"<b>Safety</b> matters.\"".to_string()
            ),
        ],
        "po2tmx leaves out fuzzy and untranslated messages"
    );
    assert!(
        header.contains(r#"srclang="zh-CN""#),
        "the header's srclang=\"en\" is not taken: {header}"
    );
}

#[test]
fn lf_aligner_layout_with_uppercase_codes_and_crlf() {
    let path = fixture("lf-aligner-style.tmx");
    let (rows, header) = import(&path);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows.len(), units(&path));
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), TALENT);
    assert!(rows.iter().all(|(s, t)| !s.is_empty() && !t.is_empty()));
    assert!(
        header.contains(r#"srclang="ZH-CN""#),
        "language codes are kept as written: {header}"
    );
}
