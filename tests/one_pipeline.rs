//! `align` (one pair or a batch) and `compare` go through one pipeline
//! (`bitext::Aligner`), seen through the real binary: `compare` scores a
//! rendering exactly as `align` does (same default scorer, same
//! dictionary), and a batch warns about a document as a single pair does.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1686355200");
    cmd
}

const ZH: &str = "今天天气很好。我们去公园散步吧。他在北京工作了十年。这本书一共有三百页。\
你为什么不早点告诉我？火车晚上八点出发。OpenAI在2023年发布了GPT-4。谢谢大家的耐心。\n";
const EN: &str = "The weather is fine today. Let's go for a walk in the park. \
He worked in Beijing for ten years. This book has three hundred pages in all. \
Why didn't you tell me earlier? The train leaves at eight in the evening. \
OpenAI released GPT-4 in 2023. Thank you all for your patience.\n";

/// Runs `bitext ARGS`, fails the test on failure, returns (stdout, stderr).
fn run(args: &[&str], dir: &Path) -> (String, String) {
    let out = bitext().current_dir(dir).args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "bitext {args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// The `bitext: warning:` lines of a run's standard error.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("bitext: warning:"))
        .collect()
}

/// A folder with `zh.txt` and two identical renderings, `en.txt` and
/// `en-copy.txt`.
fn source_and_two_copies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("zh.txt"), ZH).unwrap();
    fs::write(dir.path().join("en.txt"), EN).unwrap();
    fs::write(dir.path().join("en-copy.txt"), EN).unwrap();
    dir
}

#[test]
fn compare_scores_a_rendering_as_align_does() {
    let dir = source_and_two_copies();
    let (json, _) = run(
        &["align", "zh.txt", "en.txt", "-f", "json", "-o", "-"],
        dir.path(),
    );
    let aligned: Value = serde_json::from_str(&json).unwrap();
    let beads = aligned["beads"].as_array().unwrap();
    let (json, _) = run(
        &["compare", "zh.txt", "en.txt", "en-copy.txt", "--json"],
        dir.path(),
    );
    let compared: Value = serde_json::from_str(&json).unwrap();
    let groups = compared["groups"].as_array().unwrap();
    // Two copies of one rendering: a group per bead, with the bead's score
    // (before the one pipeline, compare scored with the classic scorer
    // while align used the combined one).
    assert_eq!(groups.len(), beads.len());
    for (group, bead) in groups.iter().zip(beads) {
        assert_eq!(group["source"], bead["source"]);
        assert_eq!(group["targets"][0], bead["target"]);
        let (a, b) = (
            group["scores"][0].as_f64().unwrap(),
            bead["score"].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-12, "compare {a} against align {b}");
    }
}

#[test]
fn a_batch_warns_about_a_document_as_a_single_pair_does() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["src", "tgt"] {
        fs::create_dir(dir.path().join(side)).unwrap();
    }
    // Source and target swapped: English declared as Chinese and back.
    fs::write(dir.path().join("src/swapped.txt"), EN).unwrap();
    fs::write(dir.path().join("tgt/swapped.txt"), ZH).unwrap();
    let (_, single) = run(
        &[
            "align",
            "src/swapped.txt",
            "tgt/swapped.txt",
            "-f",
            "beads",
            "-o",
            "-",
        ],
        dir.path(),
    );
    let (_, batch) = run(
        &["align", "src", "tgt", "-f", "beads", "--out-dir", "out"],
        dir.path(),
    );
    let expected = [
        "bitext: warning: src/swapped.txt: declared as zh-CN but looks like English: are source and target swapped? (see --source-lang/--target-lang)",
        "bitext: warning: tgt/swapped.txt: declared as en-US but looks like Chinese: are source and target swapped? (see --source-lang/--target-lang)",
    ];
    for line in expected {
        assert!(warnings(&single).contains(&line), "single pair: {single}");
    }
    assert_eq!(warnings(&batch), warnings(&single), "batch: {batch}");
    // And --quiet silences them in a batch too.
    let (_, quiet) = run(
        &[
            "align",
            "-q",
            "src",
            "tgt",
            "-f",
            "beads",
            "--out-dir",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(quiet, "");
}

#[test]
fn a_batch_reports_what_an_export_dropped_as_a_single_pair_does() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["src", "tgt"] {
        fs::create_dir(dir.path().join(side)).unwrap();
    }
    fs::write(
        dir.path().join("src/doc.txt"),
        "今天天气很好。我们去公园散步吧。\n",
    )
    .unwrap();
    // A control character, which XML (so TMX) cannot carry.
    fs::write(
        dir.path().join("tgt/doc.txt"),
        "The weather is fine \u{7}today. Let's go for a walk in the park.\n",
    )
    .unwrap();
    let (_, single) = run(
        &[
            "align",
            "src/doc.txt",
            "tgt/doc.txt",
            "-f",
            "tmx",
            "-o",
            "-",
        ],
        dir.path(),
    );
    let (_, batch) = run(
        &["align", "src", "tgt", "-f", "tmx", "--out-dir", "out"],
        dir.path(),
    );
    let expected = [
        "bitext: warning: doc: dropped 1 character(s) that the TMX cannot carry (control characters)",
    ];
    assert_eq!(warnings(&single), expected, "single pair: {single}");
    assert_eq!(warnings(&batch), expected, "batch: {batch}");
    // A batch still says `wrote` for no file.
    assert!(!batch.contains("wrote"), "{batch}");
}

#[test]
fn compare_takes_the_evidence_and_search_options_of_align() {
    let dir = source_and_two_copies();
    // The classic scorer without the built-in dictionary, with align's
    // search options, scores as `align` with the same options.
    let options = [
        "--scorer",
        "classic",
        "--no-dict",
        "--learn-rounds",
        "0",
        "--search",
        "exhaustive",
        "--band",
        "30",
    ];
    let mut args = vec!["align", "zh.txt", "en.txt", "-f", "json", "-o", "-"];
    args.extend(options);
    let (json, _) = run(&args, dir.path());
    let aligned: Value = serde_json::from_str(&json).unwrap();
    let mut args = vec!["compare", "zh.txt", "en.txt", "en-copy.txt", "--json"];
    args.extend(options);
    let (json, _) = run(&args, dir.path());
    let compared: Value = serde_json::from_str(&json).unwrap();
    let scores: Vec<f64> = compared["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["scores"][0].as_f64().unwrap())
        .collect();
    let expected: Vec<f64> = aligned["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores, expected);
    // And differs from the default's, or the options did nothing.
    let (json, _) = run(
        &["compare", "zh.txt", "en.txt", "en-copy.txt", "--json"],
        dir.path(),
    );
    assert_ne!(serde_json::from_str::<Value>(&json).unwrap(), compared);
    // A dictionary that is not there is an error naming it.
    let out = bitext()
        .current_dir(dir.path())
        .args(["compare", "zh.txt", "en.txt", "en-copy.txt"])
        .args(["--dict", "missing.dict"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("missing.dict"), "{stderr}");
}

#[test]
fn one_output_file_holds_several_renderings_in_a_format_that_joins_them() {
    let dir = source_and_two_copies();
    let args = [
        "align",
        "zh.txt",
        "en.txt",
        "en-copy.txt",
        "--scorer",
        "classic",
    ];
    // The review CSV and the page: one file with a column per rendering.
    let (_, _) = run(
        &[&args[..], &["-f", "csv", "-o", "both.csv"]].concat(),
        dir.path(),
    );
    let csv = fs::read_to_string(dir.path().join("both.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("target_en,") && header.contains("target_en-copy"),
        "{header}"
    );
    let (html, _) = run(
        &[&args[..], &["-f", "html", "-o", "-"]].concat(),
        dir.path(),
    );
    assert!(html.contains("en-copy"), "{html}");
    // One TMX for both only when asked for.
    run(
        &[
            &args[..],
            &["-f", "tmx", "--tmx-combined", "-o", "both.tmx"],
        ]
        .concat(),
        dir.path(),
    );
    let tmx = fs::read_to_string(dir.path().join("both.tmx")).unwrap();
    assert!(
        tmx.contains(r#"<prop type="x-rendering">en-copy</prop>"#),
        "{tmx}"
    );
    // Markdown and JSON join them too: a column or a part per rendering.
    run(
        &[&args[..], &["-f", "md", "-o", "both.md"]].concat(),
        dir.path(),
    );
    let md = fs::read_to_string(dir.path().join("both.md")).unwrap();
    assert!(md.contains("| zh-CN | en | en-copy |"), "{md}");
    let (json, _) = run(
        &[&args[..], &["-f", "json", "-o", "-"]].concat(),
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["format"], "bitext-renderings");
    assert_eq!(json["renderings"][1]["name"], "en-copy");
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups[0]["renderings"].as_array().unwrap().len(), 2);
    // Formats written per rendering cannot share one file.
    for format in ["tmx", "beads", "tsv"] {
        let out = bitext()
            .current_dir(dir.path())
            .args(args)
            .args(["-f", format, "-o", "x.out"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{format}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("use --out-dir"), "{format}: {stderr}");
        assert!(!dir.path().join("x.out").exists());
    }
}
