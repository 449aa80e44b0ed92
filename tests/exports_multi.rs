//! Exports of several renderings joined on the source: snapshots of the
//! three-column HTML, the per-group CSV and the combined TMX (and the HTML
//! and CSV again with suspect beads and what was learned), and a property
//! test that the join keeps every sentence of every side once, in order.

use bitext::export::ExportOptions;
use bitext::export::multi::{write_csv, write_html};
use bitext::export::tmx::write_tmx;
use bitext::model::{Alignment, Bead, Document, Learned, ShapeShare};
use bitext::review::renderings::MultiAlignment;
use proptest::prelude::*;

fn doc(lang: &str, texts: &[&str]) -> Document {
    Document::from_sentences(format!("{lang}.txt"), lang, texts)
}

fn sample() -> MultiAlignment {
    MultiAlignment::join("sample", renderings())
}

fn renderings() -> Vec<Alignment> {
    let source = doc(
        "zh-CN",
        &["他说:“<b>A&B</b>”。", "真的吗?", "六个月😀。", "演讲。"],
    );
    let faithful = Alignment {
        name: "en".into(),
        source: source.clone(),
        target: doc(
            "en-US",
            &[
                "He said: \"<b>A&B</b>\".",
                "Really?",
                "Six months 😀.",
                "The speech.",
            ],
        ),
        beads: vec![
            Bead::new(vec![0], vec![0], 0.95),
            Bead::new(vec![1], vec![1], 0.9),
            Bead::new(vec![2], vec![2], 0.8),
            Bead::new(vec![3], vec![3], 0.4),
        ],
        learned: None,
    };
    let free = Alignment {
        name: "en-free".into(),
        source,
        target: doc(
            "en-US",
            &[
                "\"<b>A&B</b>,\" he said, \"really?\"",
                "It took 7 months 😀.",
            ],
        ),
        beads: vec![
            Bead::new(vec![0, 1], vec![0], 0.85),
            Bead::new(vec![2], vec![1], 0.7),
            Bead::new(vec![3], vec![], 0.2),
        ],
        learned: None,
    };
    vec![faithful, free]
}

/// The sample with suspect beads (the faithful rendering's first; the free
/// one's last two, a stretch) and what was learned from each rendering.
fn suspect_sample() -> MultiAlignment {
    let mut alignments = renderings();
    alignments[0].beads[0].suspect = true;
    alignments[1].beads[1].suspect = true;
    alignments[1].beads[2].suspect = true;
    for (a, (one, ratio)) in alignments.iter_mut().zip([(0.9, 1.1), (0.5, 1.62)]) {
        a.learned = Some(Learned {
            shapes: vec![
                ShapeShare {
                    source: 1,
                    target: 1,
                    share: one,
                },
                ShapeShare {
                    source: 2,
                    target: 1,
                    share: 1.0 - one,
                },
            ],
            length_ratio: ratio,
            rounds: 1,
        });
    }
    MultiAlignment::join("sample", alignments)
}

#[test]
fn snapshot_multi_html() {
    let mut out = Vec::new();
    write_html(&sample(), true, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn snapshot_multi_csv() {
    let mut out = Vec::new();
    write_csv(&sample(), &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn snapshot_multi_md() {
    let mut out = Vec::new();
    bitext::export::multi::write_md(&sample(), &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn snapshot_multi_json() {
    let options = bitext::export::ExportOptions {
        creation_date: "20240101T000000Z".into(),
        ..Default::default()
    };
    let mut out = Vec::new();
    bitext::export::multi::write_json(&suspect_sample(), &options, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "bitext-renderings");
    insta::assert_snapshot!(text.replace(env!("CARGO_PKG_VERSION"), "VERSION"));
}

#[test]
fn snapshot_multi_html_suspect() {
    let mut out = Vec::new();
    write_html(&suspect_sample(), true, &mut out).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(html.contains(" · 2 with differences · 3 suspect</p>"));
    assert!(html.contains(
        "<p class=\"learned\">Learned from this document (en-free): 1-1 beads 50%, 2-1 beads 50%, length ratio 1.62</p>"
    ));
    assert!(html.contains(
        r##"<li>Suspect stretch (en-free): <a href="#g2">source sentences 3–4 (target 2)</a>: weak evidence, check this stretch</li>"##
    ));
    insta::assert_snapshot!(html);
}

#[test]
fn snapshot_multi_csv_suspect() {
    let mut out = Vec::new();
    write_csv(&suspect_sample(), &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn publication_page_shows_no_suspect_or_learned() {
    let (mut plain, mut suspect) = (Vec::new(), Vec::new());
    write_html(&sample(), false, &mut plain).unwrap();
    write_html(&suspect_sample(), false, &mut suspect).unwrap();
    assert_eq!(String::from_utf8(plain), String::from_utf8(suspect));
}

#[test]
fn snapshot_combined_tmx() {
    let multi = sample();
    let alignments: Vec<Alignment> = multi
        .renderings
        .iter()
        .map(|r| Alignment {
            name: "sample".into(),
            source: multi.source.clone(),
            target: r.document.clone(),
            beads: r.beads.clone(),
            learned: None,
        })
        .collect();
    let parts: Vec<(Option<&str>, &Alignment)> = multi
        .renderings
        .iter()
        .zip(&alignments)
        .map(|(r, a)| (Some(r.name.as_str()), a))
        .collect();
    let options = ExportOptions {
        creation_date: "20230610T000000Z".into(),
        ..ExportOptions::default()
    };
    let mut out = Vec::new();
    write_tmx("sample", &parts, &options, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

/// Beads covering `n` source and `m` target sentences, from cut choices.
fn beads_from(n: usize, m: usize, cuts: &[(u8, u8)]) -> Vec<Bead> {
    let (mut i, mut j) = (0, 0);
    let mut beads = Vec::new();
    for &(a, b) in cuts {
        let a = (a as usize).min(n - i);
        let b = (b as usize).min(m - j);
        if a == 0 && b == 0 {
            continue;
        }
        beads.push(Bead::new((i..i + a).collect(), (j..j + b).collect(), 0.5));
        i += a;
        j += b;
    }
    if i < n || j < m {
        beads.push(Bead::new((i..n).collect(), (j..m).collect(), 0.5));
    }
    beads
}

proptest! {
    #[test]
    fn join_keeps_every_sentence_once_in_order(
        n in 1usize..30,
        m1 in 0usize..30,
        m2 in 0usize..30,
        cuts1 in prop::collection::vec((0u8..4, 0u8..4), 0..40),
        cuts2 in prop::collection::vec((0u8..4, 0u8..4), 0..40),
    ) {
        let texts: Vec<String> = (0..n).map(|k| format!("s{k}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let source = doc("zh", &refs);
        let make = |name: &str, m: usize, cuts: &[(u8, u8)]| {
            let t: Vec<String> = (0..m).map(|k| format!("t{k}")).collect();
            let r: Vec<&str> = t.iter().map(String::as_str).collect();
            Alignment { name: name.into(), source: source.clone(), target: doc("en", &r), beads: beads_from(n, m, cuts), learned: None }
        };
        let multi = MultiAlignment::join("p", vec![make("a", m1, &cuts1), make("b", m2, &cuts2)]);
        prop_assert!(multi.check_coverage().is_ok(), "{:?}", multi.check_coverage());
        // No bead of either rendering crosses a group boundary.
        for r in &multi.renderings {
            for bead in r.beads.iter().filter(|b| !b.source.is_empty()) {
                let g = multi.groups.iter().position(|g| g.source.contains(&bead.source[0])).unwrap();
                prop_assert!(bead.source.iter().all(|s| multi.groups[g].source.contains(s)));
            }
        }
        // bead_groups puts every bead in the group that holds its sentences.
        for (r, rendering) in multi.renderings.iter().enumerate() {
            let groups = multi.bead_groups(r);
            prop_assert_eq!(groups.len(), rendering.beads.len());
            for (bead, &g) in rendering.beads.iter().zip(&groups) {
                let group = &multi.groups[g];
                prop_assert!(bead.source.iter().all(|s| group.source.contains(s)));
                prop_assert!(bead.target.iter().all(|t| group.targets[r].contains(t)));
            }
        }
    }
}

#[test]
fn snapshot_multi_docx_document() {
    let options = ExportOptions {
        creation_date: "20230610T000000Z".into(),
        ..ExportOptions::default()
    };
    let mut out = Vec::new();
    bitext::export::multi::write_docx(&sample(), &options, &mut out).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(out)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains("<w:gridCol") && document.matches("<w:gridCol").count() == 3);
    insta::assert_snapshot!(document);
}
