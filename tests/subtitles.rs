//! Subtitles in and out, end to end: the real binary reads SRT and WebVTT
//! made from the shipped corpus's prefix with invented timings
//! (tests/fixtures/documents/{en,zh}.srt, en.vtt, made by
//! scripts/make_document_fixtures.sh): sentences joined across cues give
//! the beads of the plain text, each segment keeps its cue times, and the
//! srt/vtt outputs keep the source's cues with the translation in them
//! (bilingual) or alone (re-timed); a broken file is refused naming its
//! line, and a text without cues cannot be written as subtitles.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn bitext() -> Command {
    Command::cargo_bin("bitext").unwrap()
}

/// `bitext align SOURCE TARGET ARGS -o -`'s standard output.
fn align(source: &str, target: &str, args: &[&str]) -> String {
    let out = bitext()
        .args(["align", "-q", "--scorer", "classic", "-o", "-"])
        .args(args)
        .arg(fixture(source))
        .arg(fixture(target))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{source} {target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Bead lines without their scores.
fn beads(source: &str, target: &str) -> Vec<String> {
    align(source, target, &["-f", "beads"])
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.rsplit_once(':').map_or(l, |(b, _)| b).to_string())
        .collect()
}

#[test]
fn subtitles_align_as_their_plain_text_does() {
    let plain = beads("zh.txt", "en.txt");
    assert!(plain.len() >= 20, "{plain:?}");
    for (source, target) in [
        ("zh.txt", "en.srt"),
        ("zh.txt", "en.vtt"),
        ("zh.srt", "en.txt"),
        ("zh.srt", "en.srt"),
    ] {
        let got = beads(source, target);
        let same = got.iter().filter(|b| plain.contains(b)).count();
        let f1 = 2.0 * same as f64 / (got.len() + plain.len()) as f64;
        assert!(f1 >= 0.98, "{source} {target}: strict F1 {f1:.3}");
    }
}

/// The cues of an SRT or WebVTT text: (start, end, lines).
fn cues(text: &str) -> Vec<(String, String, Vec<String>)> {
    let text = text.strip_prefix("WEBVTT\n").unwrap_or(text);
    text.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            let at = lines.iter().position(|l| l.contains(" --> ")).unwrap();
            let (start, end) = lines[at].split_once(" --> ").unwrap();
            let text = lines[at + 1..].iter().map(|l| l.to_string()).collect();
            (start.to_string(), end.to_string(), text)
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

#[test]
fn bilingual_srt_keeps_the_source_cues_and_holds_the_whole_translation() {
    let original = cues(&std::fs::read_to_string(fixture("zh.srt")).unwrap());
    let written = cues(&align("zh.srt", "en.txt", &["-f", "srt"]));
    assert_eq!(written.len(), original.len());
    let mut translation = Vec::new();
    for ((start, end, lines), (o_start, o_end, o_lines)) in written.iter().zip(&original) {
        assert_eq!((start, end), (o_start, o_end));
        assert_eq!(&lines[..o_lines.len()], &o_lines[..], "{start}");
        // Only a cue holding a scrap (a full stop) may have no share.
        let own: usize = o_lines.iter().map(|l| l.chars().count()).sum();
        assert!(
            lines.len() > o_lines.len() || own <= 3,
            "no translation at {start}"
        );
        for line in &lines[o_lines.len()..] {
            assert!(line.chars().count() <= 42, "{line}");
            translation.extend(words(line));
        }
    }
    let english = std::fs::read_to_string(fixture("en.txt")).unwrap();
    assert_eq!(translation, words(&english));
}

#[test]
fn retimed_translation_is_on_the_source_times() {
    let original = cues(&std::fs::read_to_string(fixture("en.srt")).unwrap());
    let vtt = align(
        "en.srt",
        "zh.txt",
        &[
            "--source-lang",
            "en",
            "--target-lang",
            "zh-CN",
            "-f",
            "vtt",
            "--subtitles",
            "translation",
        ],
    );
    assert!(vtt.starts_with("WEBVTT\n\n"), "{vtt}");
    let written = cues(&vtt);
    assert_eq!(written.len(), original.len());
    let vtt_time = |t: &str| t.replace(',', ".");
    let mut chinese = String::new();
    for ((start, end, lines), (o_start, o_end, _)) in written.iter().zip(&original) {
        assert_eq!((start, end), (&vtt_time(o_start), &vtt_time(o_end)));
        chinese.extend(lines.iter().map(|l| l.as_str()));
    }
    let zh: String = std::fs::read_to_string(fixture("zh.txt"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(chinese.replace(' ', ""), zh);
}

#[test]
fn segments_keep_their_cue_times() {
    let out = bitext()
        .args(["segment", "--format", "json"])
        .arg(fixture("en.vtt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let segments: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = segments.as_array().unwrap();
    let first = &segments[1];
    assert!(first["text"].as_str().unwrap().starts_with("On June 10"));
    // The sentence runs over cues 2 to 4 (00:00:05.118 to 00:00:17.990).
    assert_eq!(first["time"]["start_ms"], 5118);
    assert_eq!(first["time"]["end_ms"], 17990);
    let mut last = 0;
    for s in segments {
        let start = s["time"]["start_ms"].as_u64().unwrap();
        assert!(start >= last, "{s}");
        last = start;
    }
}

#[test]
fn a_broken_subtitle_file_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.srt");
    std::fs::write(
        &bad,
        "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 -> 00:00:04,000\nBye.\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = bitext()
        .args(["align", "-q", "-f", "tmx", "--out-dir"])
        .arg(&out_dir)
        .arg(fixture("zh.txt"))
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("bad.srt: line 6"), "{err}");
    assert!(!out_dir.exists());
}

#[test]
fn text_without_cues_cannot_be_written_as_subtitles() {
    let dir = tempfile::tempdir().unwrap();
    let out = bitext()
        .args(["align", "-q", "-f", "tmx", "-f", "srt", "--out-dir"])
        .arg(dir.path())
        .arg(fixture("zh.txt"))
        .arg(fixture("en.txt"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("need a subtitle input"), "{err}");
    // Nothing of the set was written, the TMX neither.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
