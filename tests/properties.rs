//! Property tests of the invariants everything else relies on: the aligner
//! covers every sentence of both sides exactly once, in order, with
//! confidences in [0, 1]; segmentation loses and reorders no text.

use bitext::align::{AlignOptions, Search, align};
use bitext::lexicon::Dictionary;
use bitext::model::{Document, Lang, check_coverage};
use bitext::segment::{SegmentRules, presplit, segment, segment_explained, split_explained};
use proptest::prelude::*;

fn doc(lang: &str, texts: &[String]) -> Document {
    Document::from_sentences(lang, lang, texts)
}

fn non_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn alignment_covers_every_sentence_once_in_order(
        zh in prop::collection::vec("[一二三四五六七八九十模型安全合作]{1,30}[。？]", 0..40),
        en in prop::collection::vec("[A-Z][a-z ]{1,60}[.?]", 0..50),
        band in 1usize..40,
    ) {
        let source = doc("zh-CN", &zh);
        let target = doc("en-US", &en);
        let options = AlignOptions { band, ..AlignOptions::default() };
        let beads = align(&source, &target, Dictionary::builtin(), &options);
        prop_assert!(check_coverage(&beads, zh.len(), en.len()).is_ok(), "{:?}", check_coverage(&beads, zh.len(), en.len()));
        for b in &beads {
            prop_assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
            prop_assert!(!(b.source.is_empty() && b.target.is_empty()));
        }
    }

    #[test]
    fn fast_search_covers_every_sentence_once_in_order(
        pairs in prop::collection::vec((0u32..50, 0usize..3, any::<bool>()), 0..60),
        corridor in 0usize..6,
        window in 1usize..12,
    ) {
        // Numbered sentences (anchors, so that windows get cut), some
        // translated as two sentences, some left out on one side.
        let mut zh = Vec::new();
        let mut en = Vec::new();
        for &(number, shape, keep) in &pairs {
            zh.push(format!("第{number}号模型很安全。"));
            if keep {
                for k in 0..=shape {
                    en.push(format!("Model number {number} is safe {k}."));
                }
            }
        }
        let source = doc("zh-CN", &zh);
        let target = doc("en-US", &en);
        let options = AlignOptions {
            search: Search::Fast,
            corridor,
            window,
            ..AlignOptions::default()
        };
        let beads = align(&source, &target, Dictionary::builtin(), &options);
        prop_assert!(check_coverage(&beads, zh.len(), en.len()).is_ok(), "{:?}", check_coverage(&beads, zh.len(), en.len()));
        for b in &beads {
            prop_assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
            prop_assert!(!(b.source.is_empty() && b.target.is_empty()));
        }
    }

    #[test]
    fn chinese_segmentation_keeps_all_text_in_order(text in "[你好世界模型。？！,、“”3.0GPT\\-4 ]{0,200}") {
        let segs = segment(&text, Lang::Zh);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(non_space(&joined), non_space(&text));
        for (k, s) in segs.iter().enumerate() {
            prop_assert_eq!(s.id, k);
            prop_assert!(!s.text.trim().is_empty());
        }
    }

    #[test]
    fn english_segmentation_keeps_all_text_in_order(text in "[A-Za-z .?!\"'()\n-]{0,300}") {
        let segs = segment(&text, Lang::En);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        prop_assert_eq!(non_space(&joined), non_space(&text));
        let paragraphs: Vec<usize> = segs.iter().map(|s| s.paragraph).collect();
        prop_assert!(paragraphs.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn segmentation_with_rules_loses_and_reorders_no_character(
        zh in "[他说道问汪淼我好。！？…．.；，“”「」《》〈〉（）()【】 \n3Dr.JKAIe.g]{0,240}",
        en in "(Dr\\. |J\\. |U\\.S\\. |e\\.g\\. |p\\. 5 |No\\. 3 |\"Why\\?\" |he said\\. |Wang asked\\. |I\\.\\.\\. |3\\.5 |Then |\\(note\\.\\) |— |\n){0,40}",
        keep in 0usize..6,
        split in 0usize..6,
    ) {
        // Rules made from pieces of the texts themselves.
        let piece = |t: &str, k: usize| -> String {
            t.chars().skip(k * 7).take(3).collect::<String>().trim().to_string()
        };
        let mut rules = String::new();
        for (text, tag) in [(&zh, "zh"), (&en, "en")] {
            for (k, kind) in [(keep, "keep"), (split, "split")] {
                let p = piece(text, k);
                if !p.is_empty() && !p.contains('\n') {
                    rules.push_str(&format!("{tag} {kind} {p}\n"));
                }
            }
        }
        let rules = SegmentRules::parse(&rules, "rules").unwrap();
        for (text, lang) in [(&zh, Lang::Zh), (&en, Lang::En)] {
            let segs = segment_explained(text, lang, &rules);
            let joined: String = segs.iter().map(|(s, _)| s.text.as_str()).collect();
            prop_assert_eq!(non_space(&joined), non_space(text), "{:?}", rules);
            for p in bitext::segment::paragraphs(text, lang) {
                let pieces: String = split_explained(&p, lang, &rules)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
                prop_assert_eq!(non_space(&pieces), non_space(&p));
            }
        }
    }

    #[test]
    fn overlong_sentences_are_cut_without_losing_text(
        text in "[你好世界，、 a-z;:\u{301}]{0,400}",
        max in 1usize..60,
    ) {
        let pieces = bitext::segment::cut_overlong(&text, max);
        prop_assert!(pieces.iter().all(|p| p.chars().count() <= max && !p.is_empty()));
        prop_assert_eq!(non_space(&pieces.concat()), non_space(&text));
    }

    #[test]
    fn presplit_keeps_line_numbers(lines in prop::collection::vec("[a-z ]{0,10}", 1..30)) {
        let text = lines.join("\n") + "\n";
        prop_assert_eq!(presplit(&text).len(), lines.len());
    }
}
