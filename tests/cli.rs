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
        bitext()
            .args(["segment", "--encoding", "utf-8"])
            .arg(&latin1),
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

#[test]
fn aligns_the_corpus_into_exports_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = bitext()
        .args(["align", "--scorer", "classic"])
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt"))
        .arg("--out-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ext in ["tmx", "csv", "html"] {
        assert!(
            dir.path().join(format!("altman-baai-2023.{ext}")).is_file(),
            "{ext} missing"
        );
    }
    let tmx = fs::read(dir.path().join("altman-baai-2023.tmx")).unwrap();
    let tmx = bitext::import::tmx::read_tmx(tmx.as_slice()).unwrap();
    let csv = fs::read(dir.path().join("altman-baai-2023.csv")).unwrap();
    let rows = bitext::import::csv::read_csv(csv.as_slice(), &["id", "source", "target"]).unwrap();
    // Every CSV row is a bead; the TMX has the beads with both sides.
    let full = rows
        .iter()
        .filter(|r| !r.get("source").is_empty() && !r.get("target").is_empty())
        .count();
    assert_eq!(tmx.units.len(), full);
    assert!(full > 120, "only {full} beads with both sides");
    // The untranslated fragment stays in the CSV.
    assert!(rows.iter().any(|r| r.get("source").contains("演讲。")));
    let zh: String = rows.iter().map(|r| r.get("source")).collect();
    let original = fs::read_to_string(corpus().join("zh.txt")).unwrap();
    assert_eq!(
        zh.chars().filter(|c| *c == '。').count(),
        original.chars().filter(|c| *c == '。').count()
    );
    let html = fs::read_to_string(dir.path().join("altman-baai-2023.html")).unwrap();
    assert!(html.contains("<style>") && !html.contains("<link") && !html.contains("<script"));
    assert!(html.contains("Sam Altman:"));
}

#[test]
fn corpus_folder_with_two_renderings_gives_joined_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = bitext()
        .args(["align", "--scorer", "classic"])
        .arg(corpus())
        .arg("--out-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "altman-baai-2023.html",
        "altman-baai-2023.csv",
        "altman-baai-2023.en.tmx",
        "altman-baai-2023.en-free.tmx",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} missing");
    }
    let csv = fs::read(dir.path().join("altman-baai-2023.csv")).unwrap();
    let rows = bitext::import::csv::read_csv(
        csv.as_slice(),
        &["group", "source", "target_en", "target_en-free"],
    )
    .unwrap();
    // Every sentence of every side is in exactly one group, in order.
    let en = segments(&corpus().join("en.txt"), "en");
    let free = segments(&corpus().join("en-free.txt"), "en");
    let joined = |col: &str| {
        rows.iter()
            .map(|r| r.get(col).replace(' ', ""))
            .collect::<String>()
    };
    let expect = |segs: &[serde_json::Value]| {
        segs.iter()
            .map(|s| s["text"].as_str().unwrap().replace(' ', ""))
            .collect::<String>()
    };
    assert_eq!(joined("target_en"), expect(&en));
    assert_eq!(joined("target_en-free"), expect(&free));
    let zh = segments(&corpus().join("zh.txt"), "zh");
    assert_eq!(joined("source"), expect(&zh));
    // The free rendering leaves out source sentence 57 (a repetition):
    // flagged. (Sentence 112, which it also leaves out, is folded into a
    // neighbour's bead by the aligner and goes unnoticed.)
    let row = rows
        .iter()
        .find(|r| r.get("source_ids").split(',').any(|id| id == "57"))
        .unwrap();
    assert!(
        row.get("flags_en-free").contains("omits"),
        "{:?}",
        row.fields
    );
    let html = fs::read_to_string(dir.path().join("altman-baai-2023.html")).unwrap();
    assert!(html.contains(r#"<th lang="en-US">en-free</th>"#));
}

#[test]
fn second_rendering_scores_against_its_gold() {
    let dir = tempfile::tempdir().unwrap();
    let beads = dir.path().join("free.beads");
    let out = bitext()
        .args(["align", "--scorer", "classic", "-f", "beads", "-o"])
        .arg(&beads)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en-free.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bitext()
        .args(["eval", "--json"])
        .arg(corpus().join("en-free.align"))
        .arg(&beads)
        .output()
        .unwrap();
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let strict = result["total"]["f1_strict"].as_f64().unwrap();
    assert!(strict >= 0.95, "en-free strict F1 {strict}");
}

#[test]
fn corpus_alignment_scores_against_its_gold() {
    let dir = tempfile::tempdir().unwrap();
    let beads = dir.path().join("en.beads");
    let out = bitext()
        .args(["align", "--format", "beads", "--output"])
        .arg(&beads)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = bitext()
        .args(["eval", "--json"])
        .arg(corpus().join("en.align"))
        .arg(&beads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let strict = result["total"]["f1_strict"].as_f64().unwrap();
    let lax = result["total"]["f1_lax"].as_f64().unwrap();
    assert!(strict >= 0.95, "strict F1 {strict}");
    assert!(lax >= 0.99, "lax F1 {lax}");
}

#[test]
fn presplit_beads_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("src"), dir.path().join("tgt"));
    fs::write(&src, "我们讨论了人工智能的安全。\n2023年6月10日在北京。\n").unwrap();
    fs::write(
        &tgt,
        "We discussed the safety of AI.\nIt was in Beijing.\nOn June 10, 2023.\n",
    )
    .unwrap();
    let out = bitext()
        .args(["align", "--presplit", "-f", "beads", "-o", "-"])
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("[0]:[0]:"), "{text}");
    assert!(lines[1].starts_with("[1]:[1, 2]:"), "{text}");
}

#[test]
fn refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
    fs::copy(corpus().join("zh.txt"), &src).unwrap();
    fs::copy(corpus().join("en.txt"), &tgt).unwrap();
    let before = fs::read(&tgt).unwrap();
    assert_one_line_error(
        bitext()
            .args(["align", "-f", "csv", "-o"])
            .arg(&tgt)
            .arg(&src)
            .arg(&tgt),
        "refusing to overwrite an input file",
    );
    assert_eq!(fs::read(&tgt).unwrap(), before);
}

#[test]
fn unwritable_output_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "x").unwrap();
    assert_one_line_error(
        bitext()
            .arg("align")
            .arg(corpus())
            .arg("--out-dir")
            .arg(blocker.join("sub")),
        "cannot create the output folder",
    );
}

#[test]
fn output_in_a_missing_folder_names_the_output_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("out.tmx");
    let result = bitext()
        .args(["-q", "align", "--scorer", "classic", "-f", "tmx", "-o"])
        .arg(&out)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt"))
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let err = String::from_utf8(result.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("out.tmx: cannot write"), "{err}");
    // Neither the reason twice nor the temporary file's name.
    assert_eq!(err.matches("os error").count(), 1, "{err}");
    assert!(!err.contains(".bitext-"), "{err}");
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn a_broken_model_folder_named_with_model_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("model");
    fs::create_dir(&empty).unwrap();
    let out = dir.path().join("out");
    assert_one_line_error(
        bitext()
            .args(["align", "--model"])
            .arg(&empty)
            .arg("--out-dir")
            .arg(&out)
            .arg(corpus().join("zh.txt"))
            .arg(corpus().join("en.txt")),
        "--model",
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn english_source_aligns_with_chinese_target() {
    let dir = tempfile::tempdir().unwrap();
    let beads = dir.path().join("reverse.beads");
    let out = bitext()
        .args([
            "align",
            "-f",
            "beads",
            "--source-lang",
            "en-US",
            "--target-lang",
            "zh-CN",
            "-o",
        ])
        .arg(&beads)
        .arg(corpus().join("en.txt"))
        .arg(corpus().join("zh.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("swapped"));
    // The gold with its sides exchanged.
    let gold = fs::read_to_string(corpus().join("en.align")).unwrap();
    let reversed: String = gold
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(s, t)| format!("{t}:{s}\n"))
        .collect();
    let gold_path = dir.path().join("reverse.align");
    fs::write(&gold_path, reversed).unwrap();
    let out = bitext()
        .args(["eval", "--json"])
        .arg(&gold_path)
        .arg(&beads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let strict = result["total"]["f1_strict"].as_f64().unwrap();
    assert!(strict >= 0.95, "en→zh strict F1 {strict}");
}

#[test]
fn warns_about_swapped_sides_and_unknown_language_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let out = bitext()
        .args(["align", "-f", "beads", "-o", "-"])
        .arg(corpus().join("en.txt"))
        .arg(corpus().join("zh.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("en.txt: declared as zh-CN but looks like English"),
        "{err}"
    );

    let (de, fr) = (dir.path().join("de.txt"), dir.path().join("fr.txt"));
    fs::write(
        &de,
        "Guten Tag. Wie geht es Ihnen? Im Jahr 2023 war es gut.\n",
    )
    .unwrap();
    fs::write(
        &fr,
        "Bonjour. Comment allez-vous ? En 2023, c'était bien.\n",
    )
    .unwrap();
    let out = bitext()
        .args([
            "align",
            "-f",
            "beads",
            "-o",
            "-",
            "--source-lang",
            "de",
            "--target-lang",
            "fr",
        ])
        .arg(&de)
        .arg(&fr)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("aligning on length and anchors only"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    // --quiet silences warnings.
    let out = bitext()
        .args([
            "align",
            "-q",
            "-f",
            "beads",
            "-o",
            "-",
            "--source-lang",
            "de",
            "--target-lang",
            "fr",
        ])
        .arg(&de)
        .arg(&fr)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn batch_of_folders_aligns_every_pair_and_names_failures() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt, out) = (
        dir.path().join("src"),
        dir.path().join("tgt"),
        dir.path().join("out"),
    );
    fs::create_dir_all(&src).unwrap();
    fs::create_dir_all(&tgt).unwrap();
    fs::write(
        src.join("a"),
        "我们讨论了人工智能的安全。\n今天天气很好。\n",
    )
    .unwrap();
    fs::write(
        tgt.join("a"),
        "We discussed AI safety.\nThe weather is fine today.\n",
    )
    .unwrap();
    fs::write(src.join("b"), "2023年6月10日在北京。\n").unwrap();
    fs::write(tgt.join("b"), "It was in Beijing on June 10, 2023.\n").unwrap();
    fs::write(src.join("broken"), "\n").unwrap();
    fs::write(tgt.join("broken"), "Something.\n").unwrap();
    fs::write(src.join("only-source"), "孤独。\n").unwrap();
    let output = bitext()
        .args([
            "align",
            "--presplit",
            "-f",
            "beads",
            "--jobs",
            "2",
            "--out-dir",
        ])
        .arg(&out)
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("1 of 3 documents failed: broken"), "{err}");
    assert!(err.contains("only-source"), "{err}");
    assert!(err.contains("aligned 2 documents"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("a.beads"))
            .unwrap()
            .lines()
            .count(),
        2
    );
    assert!(out.join("b.beads").is_file());
    assert!(!out.join("broken.beads").exists());
}

#[test]
fn user_dictionaries_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("src"), dir.path().join("tgt"));
    fs::write(&src, "甲乙丙丁。\n戊己庚辛。\n").unwrap();
    fs::write(&tgt, "Quux frobnicate.\nWibble wobble.\n").unwrap();
    let hunalign = dir.path().join("user.dic");
    fs::write(&hunalign, "quux @ 甲乙\nwibble @ 戊己\n").unwrap();
    let cedict = dir.path().join("user.u8");
    fs::write(&cedict, "# mine\n丙丁 丙丁 [bing3 ding1] /frobnicate/\n").unwrap();
    let out = bitext()
        .args([
            "align",
            "--presplit",
            "--no-dict",
            "-f",
            "beads",
            "-o",
            "-",
            "--dict",
        ])
        .arg(&hunalign)
        .arg("--dict")
        .arg(&cedict)
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("[0]:[0]:"), "{text}");

    let bad = dir.path().join("bad.dic");
    fs::write(&bad, "quux @ 甲乙\nthis line has no separator\n").unwrap();
    assert_one_line_error(
        bitext()
            .args(["align", "--presplit", "--dict"])
            .arg(&bad)
            .arg(&src)
            .arg(&tgt),
        "bad.dic: line 2",
    );
}

#[test]
fn legacy_encodings_are_detected_and_give_the_same_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let zh = fs::read_to_string(corpus().join("zh.txt")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&zh);
    let gb_path = dir.path().join("zh-gb.txt");
    fs::write(&gb_path, &gb).unwrap();
    let en = fs::read_to_string(corpus().join("en.txt")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        en.replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let en_path = dir.path().join("en-utf16.txt");
    fs::write(&en_path, &utf16).unwrap();
    let run = |src: &Path, tgt: &Path| {
        let out = bitext()
            .args(["align", "-f", "beads", "-o", "-"])
            .arg(src)
            .arg(tgt)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (plain, _) = run(&corpus().join("zh.txt"), &corpus().join("en.txt"));
    let (legacy, err) = run(&gb_path, &en_path);
    assert_eq!(plain, legacy);
    assert!(err.contains("zh-gb.txt: read as G"), "{err}");

    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"ok line\ncaf\xe9 au lait\n").unwrap();
    let out = bitext().arg("segment").arg(&latin1).output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("café au lait")
    );
}

#[test]
fn a_long_line_without_punctuation_is_cut_and_a_cut_short_file_warns() {
    let dir = tempfile::tempdir().unwrap();
    let han = "人工智能安全是全球合作的问题我们需要共同努力".repeat(400); // 8,800 characters
    let mut bytes = han.clone().into_bytes();
    bytes.extend_from_slice(&"好".as_bytes()[..2]); // cut inside its last character
    let (zh, en) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
    fs::write(&zh, &bytes).unwrap();
    fs::write(&en, "AI safety needs global cooperation.\n").unwrap();
    let out = bitext()
        .args(["align", "--format", "json", "-o", "-"])
        .args([&zh, &en])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("zh.txt: the file ends inside a UTF-8 character"),
        "{stderr}"
    );
    assert!(!stderr.contains("windows-1252"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = json["source"]["segments"].as_array().unwrap();
    let source: String = segments
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(source, han, "every character exported, in order");
    let pieces = segments.len();
    assert_eq!(pieces, 9, "cut into pieces of at most 1,000 characters");
}

#[test]
fn segment_explains_cuts_and_applies_a_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("zh.txt");
    fs::write(
        &text,
        "“这是对的。”他说。《摔跤吧！爸爸》是一部电影。Dr. Smith说GPT-4.5很好。第一章好的。\n",
    )
    .unwrap();
    let out = bitext()
        .args(["segment", "--lang", "zh"])
        .arg(&text)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "“这是对的。”他说。\n《摔跤吧！爸爸》是一部电影。\nDr. Smith说GPT-4.5很好。\n第一章好的。\n"
    );
    let rules = dir.path().join("rules.txt");
    fs::write(&rules, "# chapters\nzh split 第一章\nzh keep 电影。Dr\n").unwrap();
    let out = bitext()
        .args(["segment", "--lang", "zh", "--explain", "--segment-rules"])
        .arg(&rules)
        .arg(&text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines[0], "“这是对的。”他说。\t[sentence end `。`]");
    assert!(
        lines[1].starts_with("《摔跤吧！爸爸》是一部电影。Dr. Smith说"),
        "{lines:?}"
    );
    assert_eq!(
        lines[2],
        "第一章\t[rules file line 2: split after `第一章`]"
    );
    assert_eq!(lines[3], "好的。\t[end of paragraph]");
    // A bad rules file: one line naming the file and line, for align too.
    fs::write(&rules, "zh keep a\nzh join b\n").unwrap();
    for args in [
        vec!["segment".to_string(), text.display().to_string()],
        vec![
            "align".to_string(),
            corpus().join("zh.txt").display().to_string(),
            corpus().join("en.txt").display().to_string(),
        ],
    ] {
        let out = bitext()
            .args(&args)
            .arg("--segment-rules")
            .arg(&rules)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("{}:2: unknown rule `join`", rules.display())),
            "{stderr}"
        );
    }
}

#[test]
fn align_applies_a_rules_file_to_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
    fs::write(&src, "第一章我们讨论了安全。他们同意了。\n").unwrap();
    fs::write(&tgt, "Chapter one. We discussed safety. They agreed.\n").unwrap();
    let rules = dir.path().join("rules.txt");
    fs::write(&rules, "zh split 第一章\nen keep one. We\n").unwrap();
    let out = bitext()
        .args([
            "align",
            "--scorer",
            "classic",
            "-f",
            "json",
            "-o",
            "-",
            "--segment-rules",
        ])
        .arg(&rules)
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"第一章\""), "{text}");
    assert!(text.contains("Chapter one. We discussed safety."), "{text}");
}

#[test]
fn flags_chooses_the_review_flags_marked() {
    let dir = tempfile::tempdir().unwrap();
    let (src, tgt) = (dir.path().join("zh.txt"), dir.path().join("en.txt"));
    let mut zh = ["我们讨论了安全问题。"; 8];
    let mut en = ["We discussed the safety questions."; 8];
    zh[2] = "我们不知道具体什么时候。";
    en[2] = "We know exactly when.";
    zh[5] = "他花了七个月。";
    en[5] = "He spent six months.";
    fs::write(&src, zh.join("\n")).unwrap();
    fs::write(&tgt, en.join("\n")).unwrap();
    let csv = |flags: Option<&str>| {
        let mut cmd = bitext();
        cmd.args([
            "align",
            "-q",
            "--presplit",
            "--scorer",
            "classic",
            "-f",
            "csv",
            "-o",
            "-",
        ]);
        if let Some(flags) = flags {
            cmd.args(["--flags", flags]);
        }
        let out = cmd.arg(&src).arg(&tgt).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // By default numbers are flagged and the negation is not.
    let default = csv(None);
    assert!(default.contains("numbers"), "{default}");
    assert!(!default.contains("negation"), "{default}");
    let chosen = csv(Some("negation,length"));
    assert!(chosen.contains("negation"), "{chosen}");
    assert!(!chosen.contains("numbers"), "{chosen}");
    // An unknown flag is refused, naming the choices (clap's usage error).
    let out = bitext()
        .args(["align", "--presplit", "--flags", "colour", "-o", "-"])
        .arg(&src)
        .arg(&tgt)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`colour` is no review flag (one of: numbers, latin"),
        "{err}"
    );
}
