//! Every export format on one small hand-built alignment with hostile text
//! (`<`, `&`, quotes, emoji, CJK punctuation, a control character, a tab and
//! a line break, cells that look like formulas), a heading, speakers, a 2-1,
//! a 1-0, a 0-1, a rejected and a flagged bead:
//!
//! - insta snapshots of every format and option (TMX, CSV, CSV for Excel,
//!   TSV, HTML in both styles and layouts, Markdown, JSON, the Word
//!   document's `word/document.xml` and `word/styles.xml`, beads, the
//!   EPUB's chapter in both layouts, `content.opf`, `nav.xhtml` and
//!   `toc.ncx`);
//! - the same sample with suspect beads and what the aligner learned, in
//!   the formats that show them (CSV, review HTML, JSON, the Word document),
//!   and the others unchanged by them;
//! - TMX, CSV (plain and Excel) and JSON read back to the same texts, ids,
//!   scores and statuses;
//! - the TMX valid against the TMX 1.4b DTD (xmllint; the DTD is in
//!   `../shared/data`, so that check is `#[ignore]`d), the Word package's
//!   parts well-formed XML, deterministic, and converted by LibreOffice,
//!   the EPUB's parts well-formed and the book valid for epubcheck (both
//!   tools must be installed; see `common` for leaving them out).

mod common;

use bitext::export::{ExportOptions, Format, Layout, Style, SubtitleText, TmxProfile, to_bytes};
use bitext::import::csv::read_csv;
use bitext::import::tmx::read_tmx;
use bitext::model::{
    Alignment, Bead, Cue, Document, Learned, Segment, SegmentKind, ShapeShare, Status,
};
use bitext::review::flags::Flag;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;

fn seg(id: usize, text: &str, paragraph: usize, speaker: Option<&str>, turn: bool) -> Segment {
    Segment {
        id,
        text: text.to_string(),
        paragraph,
        kind: SegmentKind::Sentence,
        speaker: speaker.map(str::to_string),
        turn_start: turn,
        label: None,
        time: None,
    }
}

fn heading(id: usize, text: &str) -> Segment {
    Segment {
        kind: SegmentKind::Heading,
        ..seg(id, text, 1, None, false)
    }
}

fn sample() -> Alignment {
    let zh = Some("张宏江");
    let sam = Some("Sam Altman");
    let source = Document::new(
        "zh.txt",
        "zh-CN",
        vec![
            heading(0, "对齐问题"),
            seg(1, "他说:“<b>A&B</b>”。", 2, zh, true),
            seg(2, "真的吗?", 2, zh, false),
            seg(3, "好😀,控制\u{1}字符、标点。", 3, sam, true),
            seg(4, "过去的七个月里,OpenAI发布了GPT-4。", 3, sam, false),
            seg(5, "=1+1是公式。", 4, None, false),
            seg(6, "这一句被否决了。", 4, None, false),
            seg(7, "演讲。", 4, None, false),
        ],
    );
    let target = Document::new(
        "en.txt",
        "en-US",
        vec![
            heading(0, "The alignment problem"),
            seg(1, "He said: \"<b>A&B</b>\" — really? 'Yes'.", 2, zh, true),
            seg(
                2,
                "Good 😀, control\u{1} characters, punctuation.",
                3,
                sam,
                true,
            ),
            seg(
                3,
                "Over the past six months,\nGPT-4\twas released.",
                3,
                sam,
                false,
            ),
            seg(4, "-1 is not a formula; =1+1 is.", 4, None, false),
            seg(5, "A rejected pair.", 4, None, false),
            seg(6, "[Translator's note: added.]", 4, None, false),
        ],
    );
    let mut review = Bead::new(vec![3], vec![2], 0.42);
    review.status = Status::Review;
    let mut rejected = Bead::new(vec![6], vec![5], 0.61);
    rejected.status = Status::Rejected;
    rejected.note = "@reviewer: wrong pair".to_string();
    Alignment {
        name: "sample".to_string(),
        source,
        target,
        beads: vec![
            Bead::new(vec![0], vec![0], 0.99),
            Bead::new(vec![1, 2], vec![1], 0.875),
            review,
            Bead::new(vec![4], vec![3], 0.7),
            Bead::new(vec![5], vec![4], 0.8),
            rejected,
            Bead::new(vec![7], vec![], 0.3),
            Bead::new(vec![], vec![6], 0.25),
        ],
        learned: None,
    }
}

/// The sample as the aligner would leave it with two suspect stretches
/// (beads 4-5, source sentences 5-6; bead 8, target sentence 7 only), their
/// status `review`, and what it learned.
fn suspect_sample() -> Alignment {
    let mut alignment = sample();
    for k in [3, 4, 7] {
        alignment.beads[k].suspect = true;
        alignment.beads[k].status = Status::Review;
    }
    let shape = |source, target, share| ShapeShare {
        source,
        target,
        share,
    };
    alignment.learned = Some(Learned {
        shapes: vec![
            shape(1, 1, 0.61),
            shape(1, 2, 0.21),
            shape(2, 2, 0.03),
            shape(2, 1, 0.006),
        ],
        length_ratio: 1.31,
        rounds: 2,
    });
    alignment
}

fn options() -> ExportOptions {
    ExportOptions {
        creation_date: "20230610T000000Z".to_string(),
        ..ExportOptions::default()
    }
}

fn export_of(alignment: &Alignment, format: Format, options: &ExportOptions) -> String {
    let (bytes, _) = to_bytes(format, alignment, options).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn export_with(format: Format, options: &ExportOptions) -> String {
    export_of(&sample(), format, options)
}

fn export(format: Format) -> String {
    export_with(format, &options())
}

/// The BOM and CR made visible, so that a snapshot shows them.
fn visible(text: &str) -> String {
    text.replace('\u{feff}', "<BOM>").replace('\r', "<CR>")
}

fn docx_part(options: &ExportOptions, part: &str) -> String {
    docx_part_of(&sample(), options, part)
}

fn docx_part_of(alignment: &Alignment, options: &ExportOptions, part: &str) -> String {
    zip_part_of(Format::Docx, alignment, options, part)
}

/// The sample with a second heading (source sentence 5, target sentence
/// 4) that opens a second chapter of the EPUB.
fn chaptered_sample() -> Alignment {
    let mut alignment = sample();
    alignment.source.segments[5].kind = SegmentKind::Heading;
    alignment.target.segments[4].kind = SegmentKind::Heading;
    alignment
}

fn epub_part(options: &ExportOptions, part: &str) -> String {
    zip_part_of(Format::Epub, &sample(), options, part)
}

fn zip_part_of(
    format: Format,
    alignment: &Alignment,
    options: &ExportOptions,
    part: &str,
) -> String {
    let (bytes, _) = to_bytes(format, alignment, options).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_tmx() {
    insta::assert_snapshot!(export(Format::Tmx));
}

fn export_profile(profile: TmxProfile) -> String {
    let options = ExportOptions {
        tmx_profile: profile,
        ..options()
    };
    export_with(Format::Tmx, &options)
}

#[test]
fn snapshot_tmx_profile_omegat() {
    insta::assert_snapshot!(export_profile(TmxProfile::Omegat));
}

#[test]
fn snapshot_tmx_profile_trados() {
    insta::assert_snapshot!(export_profile(TmxProfile::Trados));
}

#[test]
fn snapshot_tmx_profile_memoq() {
    insta::assert_snapshot!(export_profile(TmxProfile::Memoq));
}

#[test]
fn snapshot_tmx_profile_phrase() {
    insta::assert_snapshot!(export_profile(TmxProfile::Phrase));
}

#[test]
fn snapshot_tmx_profile_smartling() {
    insta::assert_snapshot!(export_profile(TmxProfile::Smartling));
}

#[test]
fn tmx_profile_generic_is_the_default_output() {
    assert_eq!(export_profile(TmxProfile::Generic), export(Format::Tmx));
}

#[test]
fn tmx_profiles_leave_out_or_warn_about_long_segments() {
    let mut alignment = sample();
    alignment.source.segments[5].text = "长".repeat(2001);
    for profile in TmxProfile::ALL {
        let options = ExportOptions {
            tmx_profile: profile,
            ..options()
        };
        let (bytes, report) = to_bytes(Format::Tmx, &alignment, &options).unwrap();
        let tmx = String::from_utf8(bytes).unwrap();
        let units = tmx.matches("<tu ").count();
        let warning = report.warnings.join("\n");
        if profile == TmxProfile::Trados {
            assert_eq!(units, 4, "{profile}");
            assert!(
                warning.contains(
                    "left out 1 unit(s) with a segment over Trados's 2000-character limit"
                ),
                "{warning}"
            );
        } else {
            assert_eq!(units, 5, "{profile}");
            assert!(
                warning.contains("1 unit(s) have a segment over 2000 characters"),
                "{warning}"
            );
        }
    }
}

#[test]
fn tmx_profiles_add_regions_where_the_tool_wants_them() {
    let mut alignment = sample();
    alignment.source.lang = "zh".to_string();
    alignment.target.lang = "en".to_string();
    let options = ExportOptions {
        tmx_profile: TmxProfile::Smartling,
        ..options()
    };
    let (bytes, report) = to_bytes(Format::Tmx, &alignment, &options).unwrap();
    let tmx = String::from_utf8(bytes).unwrap();
    assert!(tmx.contains(r#"srclang="zh-CN""#) && tmx.contains(r#"xml:lang="en-US""#));
    assert!(!report.warnings.iter().any(|w| w.contains("region")));
    alignment.target.lang = "fr".to_string();
    let (_, report) = to_bytes(Format::Tmx, &alignment, &options).unwrap();
    assert!(
        report
            .warnings
            .last()
            .unwrap()
            .contains("language `fr` names no region"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(export(Format::Csv));
}

#[test]
fn snapshot_csv_excel() {
    let excel = ExportOptions {
        excel: true,
        ..options()
    };
    insta::assert_snapshot!(visible(&export_with(Format::Csv, &excel)));
}

#[test]
fn snapshot_tsv() {
    insta::assert_snapshot!(visible(&export(Format::Tsv)));
}

#[test]
fn snapshot_html_review_columns() {
    insta::assert_snapshot!(export(Format::Html));
}

#[test]
fn snapshot_html_publication_columns() {
    let publication = ExportOptions {
        style: Style::Publication,
        ..options()
    };
    insta::assert_snapshot!(export_with(Format::Html, &publication));
}

#[test]
fn snapshot_html_review_interleaved() {
    let interleaved = ExportOptions {
        layout: Layout::Interleaved,
        ..options()
    };
    insta::assert_snapshot!(export_with(Format::Html, &interleaved));
}

#[test]
fn snapshot_html_publication_interleaved() {
    let both = ExportOptions {
        style: Style::Publication,
        layout: Layout::Interleaved,
        ..options()
    };
    insta::assert_snapshot!(export_with(Format::Html, &both));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(export(Format::Md));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(export(Format::Json));
}

#[test]
fn snapshot_docx_document_review() {
    insta::assert_snapshot!(docx_part(&options(), "word/document.xml"));
}

#[test]
fn snapshot_docx_document_publication() {
    let publication = ExportOptions {
        style: Style::Publication,
        ..options()
    };
    insta::assert_snapshot!(docx_part(&publication, "word/document.xml"));
}

#[test]
fn snapshot_docx_styles() {
    insta::assert_snapshot!(docx_part(&options(), "word/styles.xml"));
}

#[test]
fn snapshot_epub_chapter_columns() {
    insta::assert_snapshot!(epub_part(&options(), "OEBPS/chapter-001.xhtml"));
}

#[test]
fn snapshot_epub_chapter_interleaved() {
    let interleaved = ExportOptions {
        layout: Layout::Interleaved,
        ..options()
    };
    insta::assert_snapshot!(epub_part(&interleaved, "OEBPS/chapter-001.xhtml"));
}

#[test]
fn snapshot_epub_content_opf() {
    insta::assert_snapshot!(epub_part(&options(), "OEBPS/content.opf"));
}

#[test]
fn snapshot_epub_chapters_nav_and_ncx() {
    let part = |name| zip_part_of(Format::Epub, &chaptered_sample(), &options(), name);
    insta::assert_snapshot!(format!(
        "{}\n{}\n{}",
        part("OEBPS/nav.xhtml"),
        part("OEBPS/toc.ncx"),
        part("OEBPS/chapter-002.xhtml")
    ));
}

#[test]
fn snapshot_beads() {
    insta::assert_snapshot!(export(Format::Beads));
}

// ------------------------------------------------ suspect beads, learned

fn export_suspect(format: Format, options: &ExportOptions) -> String {
    export_of(&suspect_sample(), format, options)
}

#[test]
fn snapshot_csv_suspect() {
    insta::assert_snapshot!(export_suspect(Format::Csv, &options()));
}

#[test]
fn snapshot_html_review_columns_suspect() {
    insta::assert_snapshot!(export_suspect(Format::Html, &options()));
}

#[test]
fn snapshot_html_review_interleaved_suspect() {
    let interleaved = ExportOptions {
        layout: Layout::Interleaved,
        ..options()
    };
    insta::assert_snapshot!(export_suspect(Format::Html, &interleaved));
}

#[test]
fn snapshot_json_suspect() {
    insta::assert_snapshot!(export_suspect(Format::Json, &options()));
}

#[test]
fn snapshot_docx_document_review_suspect() {
    insta::assert_snapshot!(docx_part_of(
        &suspect_sample(),
        &options(),
        "word/document.xml"
    ));
}

#[test]
fn suspect_beads_are_flagged_and_listed() {
    let flags = bitext::review::flags::bead_flags(&suspect_sample());
    assert_eq!(flags[3], vec![Flag::Numbers, Flag::Latin, Flag::Suspect]);
    assert_eq!(flags[4], vec![Flag::Suspect]);
    assert_eq!(flags[7], vec![Flag::Unaligned, Flag::Suspect]);
    let rows = read_csv(export_suspect(Format::Csv, &options()).as_bytes(), &COLUMNS).unwrap();
    assert_eq!(rows[3].get("flags"), "numbers;latin;suspect");
    assert_eq!(rows[4].get("flags"), "suspect");
    assert_eq!(rows[7].get("flags"), "unaligned;suspect");
    let html = export_suspect(Format::Html, &options());
    assert!(html.contains(r#"<tr id="b5" class="paragraph review flagged">"#));
    assert!(html.contains(r#"<span class="flags">suspect</span>"#));
    assert!(html.contains("<dt>suspect</dt>"));
    assert!(html.contains(" · 4 to review · 4 flagged"));
    assert!(html.contains(
        "<p class=\"learned\">Learned from this document: 1-1 beads 61%, 1-2 beads 21%, 2-2 beads 3%, length ratio 1.31</p>"
    ));
    assert!(html.contains(
        r##"<li>Suspect stretch: <a href="#b4">source sentences 5–6 (target 4–5)</a>: weak evidence, check this stretch</li>"##
    ));
    assert!(html.contains(r##"<a href="#b8">target sentence 7</a>"##));
    assert!(html.contains("header ul.suspect"));
}

#[test]
fn suspect_and_learned_leave_other_outputs_alone() {
    // Publication pages and documents, Markdown, TMX, TSV and beads show
    // neither.
    let publication = ExportOptions {
        style: Style::Publication,
        ..options()
    };
    for layout in [Layout::Columns, Layout::Interleaved] {
        let opts = ExportOptions {
            layout,
            ..publication.clone()
        };
        assert_eq!(
            export_suspect(Format::Html, &opts),
            export_with(Format::Html, &opts)
        );
    }
    for format in [Format::Md, Format::Tmx, Format::Tsv, Format::Beads] {
        let suspect = export_suspect(format, &options());
        // Statuses differ (suspect beads are `review`) where a format has them.
        let plain = to_bytes(
            format,
            &Alignment {
                learned: suspect_sample().learned,
                beads: suspect_sample()
                    .beads
                    .into_iter()
                    .map(|b| Bead {
                        suspect: false,
                        ..b
                    })
                    .collect(),
                ..sample()
            },
            &options(),
        )
        .unwrap()
        .0;
        assert_eq!(suspect.as_bytes(), plain.as_slice(), "{format}");
    }
    let (docx, _) = to_bytes(Format::Docx, &suspect_sample(), &publication).unwrap();
    let (plain, _) = to_bytes(Format::Docx, &sample(), &publication).unwrap();
    assert_eq!(docx, plain);
}

#[test]
fn suspect_and_learned_read_back() {
    let alignment = suspect_sample();
    // JSON keeps both.
    let json = export_suspect(Format::Json, &options());
    let back = bitext::export::json::read_json(json.as_bytes()).unwrap();
    assert_eq!(back, alignment);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["beads"][4]["suspect"], true);
    assert!(value["beads"][0].get("suspect").is_none());
    assert_eq!(value["learned"]["length_ratio"], 1.31);
    assert_eq!(value["learned"]["shapes"][1]["target"], 2);
    // A CSV keeps `suspect` and comes back byte for byte.
    let csv = export_suspect(Format::Csv, &options());
    let back = bitext::import::alignment::from_review_csv(&csv, "zh-CN", "en-US", "x").unwrap();
    let suspect: Vec<bool> = back.beads.iter().map(|b| b.suspect).collect();
    assert_eq!(
        suspect,
        [false, false, false, true, true, false, false, true]
    );
    let (again, _) = to_bytes(Format::Csv, &back, &options()).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), csv);
}

// ---------------------------------------------------------------- read-back

#[test]
fn tmx_reads_back_with_texts_ids_scores_and_dropped_count() {
    let alignment = sample();
    let (bytes, report) = to_bytes(Format::Tmx, &alignment, &options()).unwrap();
    // The control character of each side is dropped and counted.
    assert_eq!(report.dropped_characters, 2);
    assert_eq!(report.warnings.len(), 1);
    assert!(
        report.warnings[0].contains("dropped 2 character"),
        "{:?}",
        report.warnings
    );
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"
    ));
    let tmx = read_tmx(bytes.as_slice()).unwrap();
    for (key, value) in [
        ("srclang", "zh-CN"),
        ("creationtool", "bitext"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "sentence"),
        ("o-tmf", "bitext"),
        ("adminlang", "en-US"),
        ("datatype", "plaintext"),
        ("creationdate", "20230610T000000Z"),
    ] {
        assert_eq!(tmx.header_attr(key), Some(value), "{key}");
    }
    // Left out: the rejected bead, the 1-0 and the 0-1.
    let kept: Vec<usize> = vec![0, 1, 2, 3, 4];
    assert_eq!(tmx.units.len(), kept.len());
    for (unit, &k) in tmx.units.iter().zip(&kept) {
        let bead = &alignment.beads[k];
        let ids = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
        assert_eq!(unit.tuid.as_deref(), Some((k + 1).to_string().as_str()));
        assert_eq!(unit.prop("x-source-ids"), Some(ids(&bead.source).as_str()));
        assert_eq!(unit.prop("x-target-ids"), Some(ids(&bead.target).as_str()));
        assert_eq!(unit.prop("x-bead"), Some(bead.kind().as_str()));
        assert_eq!(unit.prop("x-document"), Some("sample"));
        assert_eq!(unit.prop("x-status"), Some(bead.status.as_str()));
        let score: f64 = unit.prop("x-score").unwrap().parse().unwrap();
        assert!((score - bead.score).abs() < 5e-4);
        let strip = |t: String| t.replace('\u{1}', "");
        assert_eq!(unit.variants[0].0, "zh-CN");
        assert_eq!(unit.variants[1].0, "en-US");
        assert_eq!(unit.variants[0].1, strip(alignment.source_text(bead)));
        assert_eq!(unit.variants[1].1, strip(alignment.target_text(bead)));
    }
    // The score as written (three decimals); a 2-1's Chinese sentences
    // joined without a space.
    assert_eq!(tmx.units[1].prop("x-score"), Some("0.875"));
    assert_eq!(tmx.units[1].variants[0].1, "他说:“<b>A&B</b>”。真的吗?");
    assert_eq!(tmx.units[1].prop("x-speaker"), Some("张宏江"));
    assert_eq!(tmx.units[1].prop("x-paragraph"), Some("2"));
    assert_eq!(tmx.units[0].prop("x-speaker"), None);
}

#[test]
fn tmx_min_score_leaves_out_weak_beads() {
    let opts = ExportOptions {
        tmx_min_score: 0.8,
        ..options()
    };
    let (bytes, _) = to_bytes(Format::Tmx, &sample(), &opts).unwrap();
    let tuids: Vec<String> = read_tmx(bytes.as_slice())
        .unwrap()
        .units
        .into_iter()
        .filter_map(|u| u.tuid)
        .collect();
    assert_eq!(tuids, ["1", "2", "5"]);
}

const COLUMNS: [&str; 13] = [
    "id",
    "document",
    "paragraph",
    "source_ids",
    "target_ids",
    "bead",
    "score",
    "status",
    "flags",
    "speaker",
    "source",
    "target",
    "note",
];

#[test]
fn csv_reads_back_every_bead_and_column() {
    let alignment = sample();
    let text = export(Format::Csv);
    assert!(text.starts_with(&(COLUMNS.join(",") + "\n")));
    let rows = read_csv(text.as_bytes(), &COLUMNS).unwrap();
    assert_eq!(rows.len(), alignment.beads.len());
    for (k, (row, bead)) in rows.iter().zip(&alignment.beads).enumerate() {
        assert_eq!(row.get("id"), (k + 1).to_string());
        assert_eq!(row.get("document"), "sample");
        assert_eq!(row.get("source"), alignment.source_text(bead));
        assert_eq!(row.get("target"), alignment.target_text(bead));
        assert_eq!(row.get("bead"), bead.kind());
        assert_eq!(row.get("status"), bead.status.as_str());
        assert_eq!(row.get("note"), bead.note);
        // Rounded to three decimals.
        let score: f64 = row.get("score").parse().unwrap();
        assert_eq!(score, (bead.score * 1000.0).round() / 1000.0);
    }
    assert_eq!(rows[1].get("source_ids"), "1,2");
    assert_eq!(rows[1].get("speaker"), "张宏江");
    assert_eq!(rows[1].get("paragraph"), "2");
    assert_eq!(rows[3].get("flags"), "numbers;latin");
    assert_eq!(rows[6].get("flags"), "unaligned");
    assert_eq!(rows[6].get("target_ids"), "");
    assert_eq!(rows[7].get("flags"), "unaligned");
    assert_eq!(rows[0].get("flags"), "");
}

#[test]
fn excel_csv_has_bom_crlf_and_guarded_formulas_and_imports_back() {
    let alignment = sample();
    let excel = ExportOptions {
        excel: true,
        ..options()
    };
    let text = export_with(Format::Csv, &excel);
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("note\r\n"));
    assert!(!text.replace("\r\n", "").contains('\r'));
    // Only the cells that begin with = + - @ are guarded.
    let rows = read_csv(text.as_bytes(), &COLUMNS).unwrap();
    assert_eq!(rows[4].get("source"), "'=1+1是公式。");
    assert_eq!(rows[4].get("target"), "'-1 is not a formula; =1+1 is.");
    assert_eq!(rows[5].get("note"), "'@reviewer: wrong pair");
    assert_eq!(
        rows[1].get("target"),
        alignment.target_text(&alignment.beads[1])
    );
    // Without --excel nothing is guarded.
    let plain = read_csv(export(Format::Csv).as_bytes(), &COLUMNS).unwrap();
    assert_eq!(plain[4].get("source"), "=1+1是公式。");
    // The importer takes the guards off again.
    let back = bitext::import::alignment::from_review_csv(&text, "zh-CN", "en-US", "x").unwrap();
    assert_eq!(back.beads.len(), alignment.beads.len());
    for (a, b) in back.beads.iter().zip(&alignment.beads) {
        assert_eq!(back.source_text(a), alignment.source_text(b));
        assert_eq!(back.target_text(a), alignment.target_text(b));
        assert_eq!(a.status, b.status);
    }
}

#[test]
fn json_reads_back_to_the_same_alignment() {
    let alignment = sample();
    let text = export(Format::Json);
    let back = bitext::export::json::read_json(text.as_bytes()).unwrap();
    assert_eq!(back, alignment);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "bitext-alignment");
    assert_eq!(value["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(value["source"]["lang"], "zh-CN");
    assert_eq!(value["beads"][3]["flags"][0], "numbers");
    assert_eq!(value["beads"][1]["kind"], "2-1");
}

// ---------------------------------------------------------------- content

#[test]
fn tsv_is_one_pair_per_line() {
    let (bytes, report) = to_bytes(Format::Tsv, &sample(), &options()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.lines().collect();
    // Both sides and not rejected: beads 1-5.
    assert_eq!(lines.len(), 5);
    assert!(lines.iter().all(|l| l.matches('\t').count() == 1));
    assert_eq!(
        lines[3],
        "过去的七个月里,OpenAI发布了GPT-4。\tOver the past six months, GPT-4 was released."
    );
    assert_eq!(report.dropped_characters, 2);
}

#[test]
fn html_is_escaped_self_contained_and_printable() {
    for style in [Style::Review, Style::Publication] {
        for layout in [Layout::Columns, Layout::Interleaved] {
            let opts = ExportOptions {
                style,
                layout,
                ..options()
            };
            let html = export_with(Format::Html, &opts);
            let what = format!("{style:?} {layout:?}");
            assert!(!html.contains("<b>A&B</b>"), "{what}");
            assert!(html.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"), "{what}");
            assert!(
                html.contains("&#39;Yes&#39;") && html.contains("&quot;"),
                "{what}"
            );
            assert!(!html.contains('\u{1}'), "{what}");
            assert!(
                html.contains(r#"<span class="speaker">张宏江:</span>"#),
                "{what}"
            );
            assert!(
                html.contains("@page { margin") && !html.contains("size: A4"),
                "{what}"
            );
            assert!(html.contains("@media print"), "{what}");
            assert!(html.contains("<title>sample</title>"), "{what}");
            assert!(html.contains(r#"<html lang="en-US">"#), "{what}");
            for external in ["<link", "<script", "src=", "@import", "url("] {
                assert!(!html.contains(external), "{what}: {external}");
            }
            let review = style == Style::Review;
            assert_eq!(html.contains("<svg"), review, "{what}");
            assert_eq!(html.contains("class=\"score\""), review, "{what}");
            if layout == Layout::Columns {
                // Every cell carries its language.
                let cells = html.matches("<td class=\"text").count();
                let with_lang = html.matches("<td class=\"text").count()
                    - html.matches("<td class=\"text\">").count();
                assert_eq!(cells, 2 * sample().beads.len(), "{what}");
                assert_eq!(cells, with_lang, "{what}");
                assert!(html.contains(r#"<td class="text empty" lang="en-US"></td>"#));
            } else {
                assert!(
                    html.contains(r#"<h2 class="source" lang="zh-CN">"#),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn html_review_has_map_histogram_and_marks() {
    let html = export(Format::Html);
    // One rectangle per bead on the map, ten bins in the histogram.
    let map = &html[html.find("<figure class=\"map\">").unwrap()..];
    let map = &map[..map.find("</figure>").unwrap()];
    assert_eq!(map.matches("<rect x=").count(), 1 + sample().beads.len());
    let hist = &html[html.find("<figure class=\"histogram\">").unwrap()..];
    let hist = &hist[..hist.find("</figure>").unwrap()];
    assert_eq!(hist.matches("<rect ").count(), 10);
    assert!(html.contains(r#"<tr id="b3" class="paragraph review">"#));
    assert!(html.contains(r#"<tr id="b4" class="flagged">"#));
    assert!(html.contains(r#"<span class="flags">numbers latin</span>"#));
}

#[test]
fn markdown_escapes_pipes_and_breaks() {
    let md = export(Format::Md);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    // Header, rule and one row per bead, each with two cells.
    assert_eq!(rows.len(), 2 + sample().beads.len());
    for row in &rows {
        let unescaped = row.replace("\\|", "");
        assert_eq!(unescaped.matches('|').count(), 3, "{row}");
    }
    assert!(md.contains("months,<br>GPT-4 was released."));
    assert!(md.contains("\\<b\\>A&B\\</b\\>"));
    assert!(md.contains("| **张宏江:** "));
}

#[test]
fn flags_of_the_sample() {
    let flags = bitext::review::flags::bead_flags(&sample());
    assert_eq!(flags[3], vec![Flag::Numbers, Flag::Latin]);
    assert!(flags[..3].iter().all(Vec::is_empty));
    assert_eq!(flags[6], vec![Flag::Unaligned]);
}

// ---------------------------------------------------------------- tools

#[test]
#[ignore = "needs ../shared/data/tmx14.dtd (and xmllint); run with `cargo test --release -- --ignored`"]
fn tool_xmllint_validates_our_tmx_against_the_dtd() {
    let dtd = common::shared_data("tmx14.dtd");
    common::require_tool(
        common::starts("xmllint", "--version"),
        "xmllint",
        "apt-get install libxml2-utils",
    );
    let dir = tempfile::tempdir().unwrap();
    let profiles = TmxProfile::ALL.map(|p| (p.name(), 0.0, p));
    for (name, min, tmx_profile) in [
        ("all", 0.0, TmxProfile::Generic),
        ("confident", 0.95, TmxProfile::Generic),
    ]
    .into_iter()
    .chain(profiles)
    {
        let opts = ExportOptions {
            tmx_min_score: min,
            tmx_profile,
            ..options()
        };
        let file = dir.path().join(format!("{name}.tmx"));
        std::fs::write(&file, export_with(Format::Tmx, &opts)).unwrap();
        let out = Command::new("xmllint")
            .args(["--noout", "--dtdvalid"])
            .arg(&dtd)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Reads every event of an XML text; panics on the first error.
fn assert_well_formed(name: &str, xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0i64;
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => {
                depth += 1;
                elements += 1;
            }
            Ok(quick_xml::events::Event::Empty(_)) => elements += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: byte {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
    assert!(elements > 0, "{name}: no elements");
}

#[test]
fn docx_parts_are_well_formed_deflated_and_deterministic() {
    for style in [Style::Review, Style::Publication] {
        let opts = ExportOptions { style, ..options() };
        let (bytes, report) = to_bytes(Format::Docx, &sample(), &opts).unwrap();
        assert_eq!(report.dropped_characters, 2);
        let (again, _) = to_bytes(Format::Docx, &sample(), &opts).unwrap();
        assert_eq!(bytes, again, "the same alignment gives the same bytes");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        // [Content_Types].xml first, then the others in a fixed order.
        assert_eq!(names, bitext::export::docx::PARTS);
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
            let name = file.name().unwrap().into_owned();
            let mut xml = String::new();
            file.read_to_string(&mut xml).unwrap();
            assert!(
                xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
            );
            assert_well_formed(&name, &xml);
        }
        let mut document = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut document)
            .unwrap();
        let columns = if style == Style::Review { 5 } else { 2 };
        assert_eq!(document.matches("<w:gridCol ").count(), columns);
        // Header row and one row per bead, every cell with a paragraph.
        assert_eq!(document.matches("<w:tr>").count(), 1 + sample().beads.len());
        assert_eq!(
            document.matches("<w:tc>").count(),
            columns * (1 + sample().beads.len())
        );
        assert_eq!(
            document.matches("<w:tc>").count(),
            document.matches("</w:tcPr><w:p>").count()
        );
    }
    let styles = docx_part(&options(), "word/styles.xml");
    assert!(styles.contains(r#"<w:rFonts w:hint="eastAsia" w:eastAsia="SimSun"/>"#));
}

#[test]
fn epub_parts_are_well_formed_and_the_book_deterministic() {
    for layout in [Layout::Columns, Layout::Interleaved] {
        let opts = ExportOptions {
            layout,
            ..options()
        };
        let (bytes, report) = to_bytes(Format::Epub, &chaptered_sample(), &opts).unwrap();
        assert_eq!(report.dropped_characters, 2);
        assert!(report.warnings[0].contains("EPUB"));
        let (again, _) = to_bytes(Format::Epub, &chaptered_sample(), &opts).unwrap();
        assert_eq!(bytes, again, "the same alignment gives the same bytes");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/content.opf",
                "OEBPS/nav.xhtml",
                "OEBPS/toc.ncx",
                "OEBPS/style.css",
                "OEBPS/chapter-001.xhtml",
                "OEBPS/chapter-002.xhtml",
            ]
        );
        for name in names
            .iter()
            .filter(|n| !n.ends_with("mimetype") && !n.ends_with(".css"))
        {
            let mut xml = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
            assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
            assert_well_formed(name, &xml);
        }
        // Every text of both sides is in a chapter, each with its language.
        let mut chapters = String::new();
        for name in ["OEBPS/chapter-001.xhtml", "OEBPS/chapter-002.xhtml"] {
            zip.by_name(name)
                .unwrap()
                .read_to_string(&mut chapters)
                .unwrap();
        }
        assert!(chapters.contains(r#"lang="zh-CN" xml:lang="zh-CN">这一句被否决了。演讲。</"#));
        assert!(chapters.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"));
        assert!(!chapters.contains('\u{1}'));
    }
}

/// Writes the sample (with two chapters) as a book in both layouts and
/// checks them with epubcheck (the corpus book: `tests/epub_book.rs`).
#[test]
fn tool_epubcheck_passes_the_sample_books() {
    let epubcheck = common::epubcheck();
    common::require_tool(
        epubcheck.is_some(),
        "epubcheck",
        "apt-get install epubcheck",
    );
    let dir = tempfile::tempdir().unwrap();
    for layout in [Layout::Columns, Layout::Interleaved] {
        let opts = ExportOptions {
            layout,
            ..options()
        };
        let file = dir.path().join(format!("sample-{}.epub", layout.name()));
        let (bytes, _) = to_bytes(Format::Epub, &chaptered_sample(), &opts).unwrap();
        std::fs::write(&file, bytes).unwrap();
        let out = common::epubcheck()
            .expect("checked")
            .arg(&file)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{text}");
        assert!(text.contains("0 fatals / 0 errors / 0 warnings"), "{text}");
    }
}

#[test]
fn tool_libreoffice_opens_our_docx() {
    let office = ["libreoffice", "soffice"].into_iter().find(|cmd| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    common::require_tool(
        office.is_some(),
        "LibreOffice",
        "apt-get install libreoffice-writer-nogui",
    );
    let office = office.expect("checked");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sample.docx");
    let (bytes, _) = to_bytes(Format::Docx, &sample(), &options()).unwrap();
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new(office)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .unwrap();
    let pdf = dir.path().join("sample.pdf");
    assert!(
        out.status.success() && pdf.exists(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 1000);
}

/// The sample as if its source came from subtitles: cues that cut
/// sentences and hold several.
fn timed_sample() -> Alignment {
    let mut alignment = sample();
    let cue = |start_ms: u64, end_ms: u64, text: &str| Cue {
        start_ms,
        end_ms,
        text: text.to_string(),
    };
    alignment.source.cues = vec![
        cue(1000, 2000, "对齐问题"),
        cue(2500, 4000, "他说:“<b>A&B</b>”。\n真的吗?"),
        cue(4100, 6000, "好😀,控制\u{1}字符、"),
        cue(6000, 8000, "标点。过去的七个月里,"),
        cue(8000, 9500, "OpenAI发布了GPT-4。"),
        cue(10_000, 12_000, "=1+1是公式。\n这一句被否决了。"),
        cue(3_600_000, 3_601_500, "演讲。"),
    ];
    alignment
}

#[test]
fn snapshot_srt_bilingual() {
    insta::assert_snapshot!(export_of(&timed_sample(), Format::Srt, &options()));
}

#[test]
fn snapshot_vtt_translation() {
    let translation = ExportOptions {
        subtitles: SubtitleText::Translation,
        ..options()
    };
    insta::assert_snapshot!(export_of(&timed_sample(), Format::Vtt, &translation));
}

/// Writes both samples in every format, style and layout (each must export
/// without an error): to a temporary folder, or with
/// `BITEXT_EXPORT_SAMPLES=DIR` to DIR for a look in a browser, Word or
/// LibreOffice.
#[test]
fn write_samples_for_inspection() {
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("BITEXT_EXPORT_SAMPLES");
    let dir = dir.as_deref().map_or(temp.path(), Path::new);
    std::fs::create_dir_all(dir).unwrap();
    for (prefix, alignment) in [("sample", sample()), ("suspect", suspect_sample())] {
        for format in Format::ALL {
            // Subtitles need cue times, which only the timed sample has.
            let alignment = match format {
                Format::Srt | Format::Vtt => timed_sample(),
                _ => alignment.clone(),
            };
            for style in [Style::Review, Style::Publication] {
                for layout in [Layout::Columns, Layout::Interleaved] {
                    let opts = ExportOptions {
                        style,
                        layout,
                        ..options()
                    };
                    let (bytes, _) = to_bytes(format, &alignment, &opts).unwrap();
                    let name = format!(
                        "{prefix}-{}-{}.{}",
                        style.name(),
                        layout.name(),
                        format.extension()
                    );
                    std::fs::write(dir.join(name), bytes).unwrap();
                }
            }
        }
    }
}

#[test]
fn tmx_units_hold_the_speaker_labels_as_the_document_has_them() {
    let mut labelled = sample();
    labelled.source.segments[1].label = Some("张宏江:".into());
    labelled.target.segments[1].label = Some("Zhang Hongjiang: ".into());
    let tmx = export_of(&labelled, Format::Tmx, &options());
    assert!(tmx.contains("<seg>张宏江:他说:"), "{tmx}");
    assert!(tmx.contains("<seg>Zhang Hongjiang: He said:"), "{tmx}");
    // The speaker is still a prop, and the other formats keep the text alone.
    assert!(
        tmx.contains(r#"<prop type="x-speaker">张宏江</prop>"#),
        "{tmx}"
    );
    assert!(!export_of(&labelled, Format::Csv, &options()).contains("张宏江:他说"));
    // --tmx-strip-labels: the units of the unlabelled sample.
    let stripped = ExportOptions {
        tmx_strip_labels: true,
        ..options()
    };
    assert_eq!(
        export_of(&labelled, Format::Tmx, &stripped),
        export_of(&sample(), Format::Tmx, &options())
    );
}
