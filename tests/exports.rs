//! Exports: a snapshot of every format (insta) on a small alignment with
//! hostile text (`<`, `&`, quotes, emoji, CJK punctuation, a control
//! character), TMX and CSV read back, and the TMX checked against the TMX
//! 1.4b DTD with xmllint where both are available.

use bitext::export::{ExportOptions, Format, to_bytes};
use bitext::import::csv::read_csv;
use bitext::import::tmx::read_tmx;
use bitext::model::{Alignment, Bead, Document, Segment, SegmentKind, Status};
use std::path::Path;
use std::process::Command;

fn seg(
    id: usize,
    text: &str,
    paragraph: usize,
    speaker: Option<&str>,
    turn_start: bool,
) -> Segment {
    Segment {
        id,
        text: text.to_string(),
        paragraph,
        kind: SegmentKind::Sentence,
        speaker: speaker.map(str::to_string),
        turn_start,
    }
}

fn sample() -> Alignment {
    let mut heading = seg(0, "对齐问题", 1, None, false);
    heading.kind = SegmentKind::Heading;
    let source = Document::new(
        "zh.txt",
        "zh-CN",
        vec![
            heading,
            seg(1, "他说:“<b>A&B</b>”。", 2, Some("张宏江"), true),
            seg(2, "真的吗?", 2, Some("张宏江"), false),
            seg(3, "好😀,控制\u{1}字符。", 3, Some("SamAltman"), true),
            seg(4, "演讲。", 3, Some("SamAltman"), false),
        ],
    );
    let mut en_heading = seg(0, "The alignment problem", 1, None, false);
    en_heading.kind = SegmentKind::Heading;
    let target = Document::new(
        "en.txt",
        "en-US",
        vec![
            en_heading,
            seg(
                1,
                "He said: \"<b>A&B</b>\" — really? 'Yes'.",
                2,
                Some("Zhang Hongjiang"),
                true,
            ),
            seg(
                2,
                "Good 😀, control\u{1} character.",
                3,
                Some("Sam Altman"),
                true,
            ),
            seg(
                3,
                "[Translator's note: added.]",
                3,
                Some("Sam Altman"),
                false,
            ),
        ],
    );
    let mut review = Bead::new(vec![3], vec![2], 0.42);
    review.status = Status::Review;
    Alignment {
        name: "sample".to_string(),
        source,
        target,
        beads: vec![
            Bead::new(vec![0], vec![0], 0.99),
            Bead::new(vec![1, 2], vec![1], 0.875),
            review,
            Bead::new(vec![4], vec![], 0.3),
            Bead::new(vec![], vec![3], 0.25),
        ],
        learned: None,
    }
}

fn options() -> ExportOptions {
    ExportOptions {
        creation_date: "20230610T000000Z".to_string(),
        ..ExportOptions::default()
    }
}

fn export(format: Format) -> String {
    let (bytes, _) = to_bytes(format, &sample(), &options()).unwrap();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn snapshot_tmx() {
    insta::assert_snapshot!(export(Format::Tmx));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(export(Format::Csv));
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!(export(Format::Html));
}

#[test]
fn snapshot_beads() {
    insta::assert_snapshot!(export(Format::Beads));
}

#[test]
fn tmx_reads_back_with_texts_ids_and_scores() {
    let alignment = sample();
    let (bytes, report) = to_bytes(Format::Tmx, &alignment, &options()).unwrap();
    // The control characters of both sides are dropped and counted.
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("dropped 2 character"),
        "{:?}",
        report.warnings
    );
    let tmx = read_tmx(bytes.as_slice()).unwrap();
    assert_eq!(tmx.header_attr("srclang"), Some("zh-CN"));
    assert_eq!(tmx.header_attr("creationtool"), Some("bitext"));
    assert_eq!(tmx.header_attr("creationdate"), Some("20230610T000000Z"));
    // 1-0 and 0-1 beads are left out of a translation memory.
    assert_eq!(tmx.units.len(), 3);
    let unit = &tmx.units[1];
    assert_eq!(unit.tuid.as_deref(), Some("2"));
    assert_eq!(unit.prop("x-bead"), Some("2-1"));
    assert_eq!(unit.prop("x-score"), Some("0.875"));
    assert_eq!(unit.prop("x-source-ids"), Some("1,2"));
    assert_eq!(unit.prop("x-speaker"), Some("张宏江"));
    assert_eq!(
        unit.variants[0],
        (
            "zh-CN".to_string(),
            "他说:“<b>A&B</b>”。真的吗?".to_string()
        )
    );
    assert_eq!(
        unit.variants[1].1,
        "He said: \"<b>A&B</b>\" — really? 'Yes'."
    );
    assert_eq!(tmx.units[2].variants[0].1, "好😀,控制字符。");
    assert_eq!(tmx.units[2].prop("x-status"), Some("review"));
}

#[test]
fn tmx_min_score_keeps_confident_beads() {
    let opts = ExportOptions {
        tmx_min_score: 0.9,
        ..options()
    };
    let (bytes, _) = to_bytes(Format::Tmx, &sample(), &opts).unwrap();
    assert_eq!(read_tmx(bytes.as_slice()).unwrap().units.len(), 1);
}

#[test]
fn csv_reads_back_every_bead() {
    let alignment = sample();
    let text = export(Format::Csv);
    let rows = read_csv(
        text.as_bytes(),
        &["id", "source", "target", "score", "status"],
    )
    .unwrap();
    assert_eq!(rows.len(), alignment.beads.len());
    for (row, bead) in rows.iter().zip(&alignment.beads) {
        assert_eq!(row.get("source"), alignment.source_text(bead));
        assert_eq!(row.get("target"), alignment.target_text(bead));
        assert_eq!(
            row.get("score").parse::<f64>().unwrap(),
            (bead.score * 1000.0).round() / 1000.0
        );
        assert_eq!(row.get("status"), bead.status.as_str());
    }
    assert_eq!(rows[3].get("bead"), "1-0");
    assert_eq!(rows[3].get("target"), "");
    assert_eq!(rows[1].get("source_ids"), "1,2");
}

#[test]
fn html_escapes_every_text() {
    let html = export(Format::Html);
    assert!(!html.contains("<b>A&B</b>"));
    assert!(html.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"));
    assert!(!html.contains('\u{1}'));
    assert!(html.contains(r#"<span class="speaker">张宏江:</span>"#));
}

#[test]
fn tmx_is_valid_against_the_dtd() {
    let dtd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/tmx14.dtd");
    if !dtd.exists() {
        eprintln!("SKIPPED: {} not found", dtd.display());
        return;
    }
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("SKIPPED: xmllint not installed (apt-get install libxml2-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.tmx");
    std::fs::write(&file, export(Format::Tmx)).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(&dtd)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
