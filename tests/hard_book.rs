//! A small hard book end to end: `scripts/synth.py --book` composes the
//! shipped transcript's gold beads into 3,000 source sentences with front
//! and back matter, passages untranslated on either side, over-split
//! stretches and chapter headings; the real binary aligns it with the
//! default search and `bitext eval` scores it against the exact gold. The
//! path must never be lost (lax F1), and most beads must be exact.

use assert_cmd::Command;
use std::path::Path;

fn run_ok(command: &mut std::process::Command) -> String {
    let out = command.output().expect("runs");
    assert!(
        out.status.success(),
        "{:?}: {}",
        command,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn f1(json: &serde_json::Value, key: &str) -> f64 {
    json["total"][key]
        .as_f64()
        .unwrap_or_else(|| panic!("no total.{key} in {json}"))
}

#[test]
fn a_small_hard_book_keeps_its_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_bitext");
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    run_ok(
        std::process::Command::new("python3")
            .arg(root.join("scripts/synth.py"))
            .args(["--book", "--sentences", "3000", "--seed", "3"])
            .args(["--mac-dev", "/nonexistent", "--bitext", bin, "--out"])
            .arg(&book),
    );
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(book.join("meta.json")).unwrap()).unwrap();
    assert!(meta["disturbance_counts"]["untranslated"]["count"].as_u64() >= Some(2));
    assert!(meta["disturbance_counts"]["oversplit"]["count"].as_u64() >= Some(2));
    let beads = dir.path().join("out.beads");
    Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "align",
            "-q",
            "--presplit",
            "--scorer",
            "classic",
            "-f",
            "beads",
            "-o",
        ])
        .arg(&beads)
        .arg(book.join("src.txt"))
        .arg(book.join("tgt.txt"))
        .assert()
        .success();
    let out = run_ok(
        std::process::Command::new(bin)
            .args(["eval", "--json", "--calibration"])
            .arg(book.join("gold.align"))
            .arg(&beads),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Before the block pass the default (fast) search lost this book:
    // lax 0.27, strict 0.26. Now lax 0.999, strict 0.960, calibration
    // error 0.013.
    assert!(f1(&json, "f1_lax") >= 0.99, "{out}");
    assert!(f1(&json, "f1_strict") >= 0.94, "{out}");
    let ece = json["calibration"]["ece"].as_f64().unwrap_or(1.0);
    assert!(ece <= 0.05, "calibration error {ece}: {out}");
}
