//! Tests of the segmenter.

use super::*;

#[test]
fn overlong_sentences_are_cut_at_clause_marks_then_anywhere() {
    let clause = format!("{}，", "字".repeat(9));
    let text = clause.repeat(30); // 300 characters, no sentence end
    let pieces = cut_overlong(&text, 100);
    assert_eq!(pieces.len(), 3);
    assert!(
        pieces
            .iter()
            .all(|p| p.chars().count() == 100 && p.ends_with('，'))
    );
    assert_eq!(pieces.concat(), text);
    let solid = "字".repeat(250);
    let pieces = cut_overlong(&solid, 100);
    let lens: Vec<usize> = pieces.iter().map(|p| p.chars().count()).collect();
    assert_eq!(lens, [100, 100, 50]);
    let words = "word ".repeat(50);
    let pieces = cut_overlong(words.trim(), 42);
    assert!(
        pieces
            .iter()
            .all(|p| p.chars().count() <= 42 && !p.contains("wo rd"))
    );
    assert_eq!(pieces.join(" "), words.trim());
    let accents = "e\u{301}".repeat(60);
    for p in cut_overlong(&accents, 7) {
        assert!(
            p.starts_with('e'),
            "a piece starts with its base letter: {p:?}"
        );
    }
    assert_eq!(cut_overlong("短句。", 100), ["短句。"]);
}

#[test]
fn split_sentences_cuts_only_overlong_ones() {
    let long = "字".repeat(MAX_SENTENCE_CHARS * 2 + 5);
    let text = format!("你好。{long}。再见。");
    let s = split_sentences(&text, Lang::Zh);
    assert_eq!(
        s.len(),
        5,
        "{:?}",
        s.iter().map(|x| x.chars().count()).collect::<Vec<_>>()
    );
    assert_eq!(s.concat(), text);
}

#[test]
fn presplit_line_numbers() {
    let s = presplit("a\nb\n\nc\n");
    assert_eq!(s.len(), 4);
    assert_eq!(s[2].text, "");
    assert_eq!(s[3].text, "c");
    assert_eq!(presplit("a\r\nb").len(), 2);
    assert!(presplit("").is_empty());
}

#[test]
fn paragraphs_from_blank_lines_and_lines() {
    let p = paragraphs("One.\nTwo.\n\nThree.\n", Lang::En);
    assert_eq!(p, vec!["One. Two.", "Three."]);
    let p = paragraphs("One.\nTwo.\n", Lang::En);
    assert_eq!(p, vec!["One.", "Two."]);
}

#[test]
fn chinese_speakers_and_headings() {
    let text = "前言。 标题在这里 张三:你好吗?我很好。 李四:谢谢。 继续说话。很重要。需要合作 张三:好的。 李四:再见。";
    let segs = segment(text, Lang::Zh);
    let texts: Vec<&str> = segs.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "前言。",
            "标题在这里",
            "你好吗?",
            "我很好。",
            "谢谢。",
            "继续说话。",
            "很重要。",
            "需要合作",
            "好的。",
            "再见。"
        ]
    );
    assert_eq!(segs[1].kind, SegmentKind::Heading);
    assert_eq!(segs[2].speaker.as_deref(), Some("张三"));
    assert!(segs[2].turn_start);
    assert!(!segs[3].turn_start);
    assert_eq!(segs[5].speaker.as_deref(), Some("李四"));
    assert!(!segs[5].turn_start);
    assert_eq!(segs[7].kind, SegmentKind::Heading);
    assert_ne!(segs[7].paragraph, segs[6].paragraph);
    assert_eq!(segs[8].speaker.as_deref(), Some("张三"));
    // The label as written stays with the turn's first sentence.
    assert_eq!(segs[2].label.as_deref(), Some("张三:"));
    assert_eq!(segs[2].as_written(), "张三:你好吗?");
    assert_eq!(segs[3].label, None);
    assert_eq!(segs[4].label.as_deref(), Some("李四:"));
}

#[test]
fn english_label_on_its_own_line() {
    let text = "Alice:\nHello there. How are you?\n\nBob: Fine.\n\nAlice: Good.\n";
    let segs = segment(text, Lang::En);
    assert_eq!(segs.len(), 4);
    assert_eq!(segs[0].speaker.as_deref(), Some("Alice"));
    assert!(segs[0].turn_start);
    assert_eq!(segs[2].speaker.as_deref(), Some("Bob"));
    // A label on its own line is not part of the sentence's line; one
    // on the sentence's line is, with the space after its colon.
    assert_eq!(segs[0].label, None);
    assert_eq!(segs[2].label.as_deref(), Some("Bob: "));
    assert_eq!(segs[2].as_written(), "Bob: Fine.");
}
