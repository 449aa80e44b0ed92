//! Integration tests: the real `bitext` binary on real files in a temporary
//! folder — segmentation of the shipped transcript, alignment against its
//! gold, exports read back, and clear one-line errors for bad input.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1686355200");
    cmd
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023")
}

fn segments(file: &Path, lang: &str) -> Vec<serde_json::Value> {
    let out = bitext()
        .args(["segment", "--format", "json", "--lang", lang])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn segments_the_transcript() {
    let segs = segments(&corpus().join("zh.txt"), "zh");
    let text = |k: usize| segs[k]["text"].as_str().unwrap().to_string();
    // The fragment at the very start is its own segment, in paragraph 1.
    assert_eq!(text(0), "演讲。");
    assert_eq!(segs[0]["paragraph"], 1);
    // Paragraphs separated by single spaces.
    assert_eq!(segs[1]["paragraph"], 2);
    assert!(text(1).ends_with("这是Altman首次对中国观众发表"));
    // The heading glued to the end of a paragraph stands alone.
    let glued = segs
        .iter()
        .position(|s| s["text"] == "需要各国共同合作")
        .unwrap();
    assert_eq!(segs[glued]["kind"], "heading");
    assert_ne!(segs[glued]["paragraph"], segs[glued - 1]["paragraph"]);
    assert!(text(glued - 1).ends_with("这也很重要。"));
    // Speaker labels become metadata, the long label resolves to the name.
    let asks = segs
        .iter()
        .find(|s| s["text"] == "我们距离通用人工智能(AGI)还有多远?")
        .unwrap();
    assert_eq!(asks["speaker"], "张宏江");
    assert_eq!(asks["turn_start"], true);
    assert!(segs.iter().any(|s| s["speaker"] == "SamAltman"));
    assert!(
        segs.iter()
            .all(|s| !s["text"].as_str().unwrap().starts_with("SamAltman:"))
    );
    // Decimals and Latin tokens do not split sentences.
    assert!(segs.iter().any(|s| {
        s["text"]
            .as_str()
            .unwrap()
            .contains("就像在3.0版本之前那样?")
    }));
    assert!(
        segs.iter()
            .any(|s| s["text"] == "你提到GPT-4是迄今为止在对齐领域最好的例子。")
    );
    assert_eq!(segs.len(), 146);
}

#[test]
fn segments_the_english_rendering() {
    let segs = segments(&corpus().join("en.txt"), "en");
    assert_eq!(segs.len(), 146);
    let texts: Vec<&str> = segs.iter().map(|s| s["text"].as_str().unwrap()).collect();
    // Abbreviations and closing quotes.
    assert!(texts.iter().any(|t| t.contains("Dr. Zhang")));
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("\"Distinguished Scientist.\""))
    );
    assert!(
        segs.iter()
            .any(|s| s["speaker"] == "Sam Altman" && s["turn_start"] == true)
    );
    assert!(segs.iter().any(|s| s["speaker"] == "Zhang Hongjiang"));
    assert!(segs.iter().filter(|s| s["kind"] == "heading").count() >= 8);
}

#[test]
fn plain_segment_output_is_one_per_line() {
    let out = bitext()
        .arg("segment")
        .arg(corpus().join("zh.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 146);
    assert_eq!(text.lines().next(), Some("演讲。"));
}

fn assert_one_line_error(cmd: &mut Command, needle: &str) {
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "expected failure");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(needle), "stderr was: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "stderr was: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_gets_one_line_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "  \n\n").unwrap();
    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"ok line\ncaf\xe9\n").unwrap();
    let binary = dir.path().join("image.png");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let missing = dir.path().join("missing.txt");

    assert_one_line_error(
        bitext().arg("segment").arg(&empty),
        "empty.txt: the file is empty",
    );
    assert_one_line_error(
        bitext().arg("segment").arg(&latin1),
        "latin1.txt: line 2: not valid UTF-8",
    );
    assert_one_line_error(
        bitext().arg("segment").arg(&binary),
        "image.png: looks like a binary file",
    );
    assert_one_line_error(
        bitext().arg("segment").arg(&missing),
        "missing.txt: file not found",
    );
    assert_one_line_error(
        bitext()
            .arg("align")
            .arg(&missing)
            .arg(corpus().join("en.txt"))
            .arg("--out-dir")
            .arg(dir.path()),
        "missing.txt: file not found",
    );
    assert_one_line_error(bitext().arg("align").arg(dir.path()), "without `zh.txt`");
}
