//! `bitext import`: round trips byte for byte (TMX → TMX, CSV → CSV, an
//! unedited CSV → the TMX exported directly), a reviewed CSV as European
//! Excel saves it, a foreign TMX, and hostile XML.

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

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Aligns the corpus once into `dir`: altman-baai-2023.{tmx,csv}.
fn exports(dir: &Path) {
    run(bitext()
        .args([
            "align",
            "-q",
            "--scorer",
            "classic",
            "-f",
            "tmx",
            "-f",
            "csv",
            "--out-dir",
        ])
        .arg(dir)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt")));
}

#[test]
fn round_trips_are_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    exports(dir.path());
    let tmx = dir.path().join("altman-baai-2023.tmx");
    let csv = dir.path().join("altman-baai-2023.csv");
    let again = dir.path().join("again.tmx");
    run(bitext().args(["import", "-q", "-o"]).arg(&again).arg(&tmx));
    assert_eq!(
        fs::read(&tmx).unwrap(),
        fs::read(&again).unwrap(),
        "TMX → import → TMX"
    );
    let again = dir.path().join("again.csv");
    run(bitext()
        .args(["import", "-q", "-f", "csv", "-o"])
        .arg(&again)
        .arg(&csv));
    assert_eq!(
        fs::read(&csv).unwrap(),
        fs::read(&again).unwrap(),
        "CSV → import → CSV"
    );
    // The review CSV holds the sentences without their speaker labels (the
    // speaker has a column), so the TMX made from it is the label-free one.
    let from_csv = dir.path().join("from-csv.tmx");
    run(bitext()
        .args(["import", "-q", "-o"])
        .arg(&from_csv)
        .arg(&csv));
    let stripped = dir.path().join("stripped.tmx");
    run(bitext()
        .args(["align", "-q", "--scorer", "classic", "--tmx-strip-labels"])
        .args(["-f", "tmx", "-o"])
        .arg(&stripped)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt")));
    assert_ne!(fs::read(&tmx).unwrap(), fs::read(&stripped).unwrap());
    assert_eq!(
        fs::read(&stripped).unwrap(),
        fs::read(&from_csv).unwrap(),
        "CSV → import → TMX"
    );
}

#[test]
fn reviewed_csv_as_european_excel_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\u{feff}note;status;id;target;source;extra;source_ids;target_ids;score\r\n\
        ;approved;1;\"He said \"\"yes\"\".\";他说是。;x;0;0;0,95\r\n\
        ;rejected;2;Wrong pair.;错误。;;1;1;0,30\r\n\
        fixed;review;3;\"Corrected; and longer.\";改正了。再一句。;;2;2;0,55\r\n\
        ;auto;4;;;;3;3;0,90\r\n\
        ;auto;5;Added by the reviewer.;审校者加的。;;;;\r\n";
    let path = dir.path().join("reviewed.csv");
    fs::write(&path, csv).unwrap();
    let tmx = run(bitext().args(["import", "-q", "-o", "-"]).arg(&path));
    let file = bitext::import::tmx::read_tmx(tmx.as_bytes()).unwrap();
    // The rejected row is left out; the emptied row 4 joined row 3; the
    // added row is a new unit.
    let texts: Vec<&str> = file
        .units
        .iter()
        .map(|u| u.variants[1].1.as_str())
        .collect();
    assert_eq!(
        texts,
        vec![
            "He said \"yes\".",
            "Corrected; and longer.",
            "Added by the reviewer."
        ]
    );
    assert_eq!(file.units[0].prop("x-status"), Some("approved"));
    assert_eq!(file.units[0].prop("x-score"), Some("0.950"));
    assert_eq!(file.units[1].prop("x-bead"), Some("2-2"));

    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "source,target,source_ids,target_ids,status\na,b,0,0,auto\nc,d,1,1,maybe\n",
    )
    .unwrap();
    let out = bitext()
        .args(["import", "-o", "-"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv: row 3, column status: unknown status `maybe`"),
        "{err}"
    );
}

#[test]
fn foreign_tmx_with_uppercase_codes_and_inline_elements() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lf.tmx");
    fs::write(
        &path,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="LF Aligner" srclang="ZH" datatype="unknown" segtype="sentence" adminlang="EN" o-tmf="x" creationtoolversion="4"/>
<body>
<tu><tuv xml:lang="ZH"><seg>你好。</seg></tuv><tuv xml:lang="EN-GB"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>there<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
<tu><tuv xml:lang="zh_CN"><seg>再见。</seg></tuv><tuv xml:lang="en_gb"><seg>Bye.</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    let csv = run(bitext()
        .args(["import", "-q", "-f", "csv", "-o", "-"])
        .arg(&path));
    let rows = bitext::import::csv::read_csv(csv.as_bytes(), &["source", "target"]).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get("target"), "Hello there.");
    assert_eq!(rows[1].get("source"), "再见。");
    let tmx = run(bitext().args(["import", "-q", "-o", "-"]).arg(&path));
    assert!(
        tmx.contains(r#"srclang="ZH""#) && tmx.contains(r#"xml:lang="EN-GB""#),
        "{tmx}"
    );
}

#[test]
fn hostile_xml_is_read_without_expanding_anything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.tmx");
    fs::write(
        &path,
        r#"<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="zh-CN"/><body>
<tu><tuv xml:lang="zh-CN"><seg>你好&xxe;</seg></tuv><tuv xml:lang="en-US"><seg>Hi &lol3;</seg></tuv></tu>
</body></tmx>"#,
    )
    .unwrap();
    let csv = run(bitext()
        .args(["import", "-q", "-f", "csv", "-o", "-"])
        .arg(&path));
    assert!(!csv.contains("root:"), "{csv}");
    assert!(
        csv.contains("你好&xxe;") && csv.contains("Hi &lol3;"),
        "{csv}"
    );
}

#[test]
fn strict_import_checks_rows_against_the_aligned_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (corpus().join("zh.txt"), corpus().join("en.txt"));
    run(bitext()
        .args(["-q", "align"])
        .args([&zh, &en])
        .args(["--format", "csv", "--out-dir"])
        .arg(dir.path()));
    let csv_path = dir.path().join("altman-baai-2023.csv");
    let check = |file: &Path, out: &str| {
        bitext()
            .args(["import", "--strict", "--source"])
            .arg(&zh)
            .arg("--target")
            .arg(&en)
            .arg("--out-dir")
            .arg(dir.path().join(out))
            .arg(file)
            .output()
            .unwrap()
    };
    // Unedited, and with full-width digits typed by a reviewer: accepted.
    let out = check(&csv_path, "clean");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.contains("GPT-4"));
    let widened = dir.path().join("widened.csv");
    std::fs::write(&widened, text.replacen("GPT-4", "ＧＰＴ－４", 1)).unwrap();
    let out = check(&widened, "widened");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An edited target and a source sentence copied into a second row.
    let mut rows: Vec<csv::StringRecord> = csv::Reader::from_path(&csv_path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect();
    let header = csv::Reader::from_path(&csv_path)
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let edit = |r: &csv::StringRecord, c: usize, v: &str| -> csv::StringRecord {
        r.iter()
            .enumerate()
            .map(|(k, f)| if k == c { v.to_string() } else { f.to_string() })
            .collect()
    };
    let edited_target = format!("{} Invented.", &rows[2][col("target")]);
    rows[2] = edit(&rows[2], col("target"), &edited_target);
    let copied = rows[1][col("source")].to_string();
    rows[4] = edit(&rows[4], col("source"), &copied);
    let broken = dir.path().join("broken.csv");
    let mut w = csv::Writer::from_path(&broken).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let out = check(&broken, "broken");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("row 4, column target: `") && stderr.contains("matches no sentence of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 6, column source: sentence ") && stderr.contains("already in row 3"),
        "{stderr}"
    );
    assert!(!dir.path().join("broken").exists(), "nothing written");
    // Without --strict the same file is imported with warnings.
    let out = bitext()
        .args(["import", "--source"])
        .arg(&zh)
        .arg("--out-dir")
        .arg(dir.path().join("lenient"))
        .arg(&broken)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert!(dir.path().join("lenient/altman-baai-2023.tmx").exists());
}

#[test]
fn strict_import_of_a_tmx_names_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (corpus().join("zh.txt"), corpus().join("en.txt"));
    exports(dir.path());
    let tmx = std::fs::read_to_string(dir.path().join("altman-baai-2023.tmx")).unwrap();
    // The first unit taken out: its sentences come back as empty beads, so
    // bead numbers and unit numbers part.
    let (start, end) = (tmx.find("<tu ").unwrap(), tmx.find("</tu>").unwrap());
    let tmx = format!("{}{}", &tmx[..start], &tmx[end + "</tu>".len()..]);
    let sentence = "China has some of the best AI talent in the world.";
    let at = tmx.find(sentence).expect("the sentence is in the TMX");
    let unit = tmx[..at].matches("<tu ").count();
    let edited = dir.path().join("edited.tmx");
    std::fs::write(&edited, tmx.replacen(sentence, "China has talent.", 1)).unwrap();
    let out = bitext()
        .args(["import", "--strict", "--source"])
        .arg(&zh)
        .arg("--target")
        .arg(&en)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .arg(&edited)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(&format!(
            "edited.tmx: unit {unit}, column target: `China has talent.` matches no sentence of"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("are in no row (sentence 1"),
        "the sentences of the unit taken out: {stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
