//! Batch alignment through the real binary: a manifest of document pairs
//! (relative paths, names, comments, standard input), malformed manifests,
//! `--shard I/N` (the shards' union is the unsharded run) and the `jsonl`
//! stream.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1686355200");
    cmd
}

/// Sentence pairs the documents are made of.
const PAIRS: [(&str, &str); 12] = [
    ("今天天气很好。", "The weather is fine today."),
    ("我们去公园散步吧。", "Let's go for a walk in the park."),
    (
        "他在北京工作了十年。",
        "He worked in Beijing for ten years.",
    ),
    (
        "这本书一共有三百页。",
        "This book has three hundred pages in all.",
    ),
    ("你为什么不早点告诉我？", "Why didn't you tell me earlier?"),
    (
        "火车晚上八点出发。",
        "The train leaves at eight in the evening.",
    ),
    (
        "她喜欢在早上喝咖啡。",
        "She likes to drink coffee in the morning.",
    ),
    (
        "OpenAI在2023年发布了GPT-4。",
        "OpenAI released GPT-4 in 2023.",
    ),
    (
        "孩子们在院子里玩耍。",
        "The children are playing in the yard.",
    ),
    (
        "我明天要去上海开会。",
        "Tomorrow I am going to Shanghai for a meeting.",
    ),
    (
        "这个问题非常复杂，需要时间研究。",
        "This problem is very complicated and needs time to study.",
    ),
    ("谢谢大家的耐心。", "Thank you all for your patience."),
];

/// Writes document `k` (one sentence a line) into `zh/NAME.txt` and
/// `en/NAME.txt` under `dir`; documents differ in length and content, and
/// some have a merged English pair (a 2-1 bead).
fn write_document(dir: &Path, name: &str, k: usize) {
    let len = 4 + k % 5;
    let picked: Vec<(&str, &str)> = (0..len).map(|i| PAIRS[(k * 5 + i) % PAIRS.len()]).collect();
    let zh: Vec<&str> = picked.iter().map(|p| p.0).collect();
    let mut en: Vec<String> = picked.iter().map(|p| p.1.to_string()).collect();
    if k % 2 == 1 {
        let second = en.remove(2);
        en[1] = format!("{} {second}", en[1]);
    }
    fs::create_dir_all(dir.join("zh")).unwrap();
    fs::create_dir_all(dir.join("en")).unwrap();
    fs::write(
        dir.join("zh").join(format!("{name}.txt")),
        zh.join("\n") + "\n",
    )
    .unwrap();
    fs::write(
        dir.join("en").join(format!("{name}.txt")),
        en.join("\n") + "\n",
    )
    .unwrap();
}

fn align(dir: &Path, args: &[&str]) -> std::process::Output {
    bitext()
        .current_dir(dir)
        .args(["align", "--presplit", "--scorer", "classic", "-q"])
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// JSON lines by document name; each line must parse on its own.
fn lines_by_name(text: &str) -> BTreeMap<String, Value> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let name = value["name"].as_str().unwrap().to_string();
        assert!(map.insert(name, value).is_none(), "a document twice");
    }
    map
}

#[test]
fn manifest_with_relative_paths_names_and_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    for (k, name) in ["a", "b", "c"].iter().enumerate() {
        write_document(&docs, name, k);
    }
    fs::create_dir_all(tmp.path().join("lists")).unwrap();
    let absolute_c = docs.join("zh/c.txt");
    let manifest = format!(
        "# documents of the test\n\
         ../docs/zh/a.txt\t../docs/en/a.txt\talpha\n\
         \n\
         ../docs/zh/b.txt\t../docs/en/b.txt\r\n\
         {}\t../docs/en/c.txt\tgamma\n",
        absolute_c.display()
    );
    fs::write(tmp.path().join("lists/m.tsv"), manifest).unwrap();
    // Run from elsewhere: paths are relative to the manifest's folder.
    let out = align(
        tmp.path(),
        &[
            "--manifest",
            "lists/m.tsv",
            "-f",
            "beads",
            "--out-dir",
            "out",
        ],
    );
    ok(&out);
    let mut written: Vec<String> = fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["alpha.beads", "b.beads", "gamma.beads"]);
    // The same beads as aligning the pair alone.
    let single = align(&docs, &["zh/a.txt", "en/a.txt", "-f", "beads", "-o", "-"]);
    assert_eq!(
        fs::read_to_string(tmp.path().join("out/alpha.beads")).unwrap(),
        ok(&single)
    );
    // From standard input, relative paths are from the current folder.
    let out = bitext()
        .current_dir(&docs)
        .args(["align", "--presplit", "--scorer", "classic", "-q"])
        .args(["--manifest", "-", "-f", "jsonl", "-o", "-"])
        .write_stdin("zh/a.txt\ten/a.txt\talpha\nzh/b.txt\ten/b.txt\n")
        .output()
        .unwrap();
    let lines = lines_by_name(&ok(&out));
    assert_eq!(lines.keys().collect::<Vec<_>>(), ["alpha", "b"]);
    assert_eq!(lines["alpha"]["source"], "zh/a.txt");
    // An empty manifest on standard input (an empty partition) is no error.
    let out = bitext()
        .current_dir(&docs)
        .args([
            "align",
            "--presplit",
            "-q",
            "--manifest",
            "-",
            "-f",
            "jsonl",
            "-o",
            "-",
        ])
        .write_stdin("# nothing\n")
        .output()
        .unwrap();
    assert_eq!(ok(&out), "");
}

#[test]
fn malformed_manifests_name_the_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    write_document(tmp.path(), "a", 0);
    let cases = [
        ("zh/a.txt\ten/a.txt\n# fine\nzh/a.txt en/a.txt\n", 3),
        ("zh/a.txt\ten/a.txt\tx\tmore\n", 1),
        ("\n\nzh/a.txt\t\n", 3),
        ("zh/a.txt\ten/a.txt\tsame\nzh/a.txt\ten/a.txt\tsame\n", 2),
    ];
    for (text, line) in cases {
        fs::write(tmp.path().join("bad.tsv"), text).unwrap();
        let out = align(tmp.path(), &["--manifest", "bad.tsv", "-f", "beads"]);
        assert!(!out.status.success(), "{text:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("bad.tsv:{line}:")), "{text:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    fs::write(tmp.path().join("empty.tsv"), "# nothing\n").unwrap();
    let out = align(tmp.path(), &["--manifest", "empty.tsv", "-f", "beads"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no documents"));
    // A missing file fails its document only, named.
    fs::write(
        tmp.path().join("m.tsv"),
        "zh/a.txt\ten/a.txt\nzh/none.txt\ten/a.txt\tghost\n",
    )
    .unwrap();
    let out = align(
        tmp.path(),
        &["--manifest", "m.tsv", "-f", "jsonl", "-o", "-"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ghost") && err.contains("1 of 2 documents failed"),
        "{err}"
    );
    assert_eq!(
        lines_by_name(&String::from_utf8_lossy(&out.stdout)).len(),
        1
    );
}

#[test]
fn shards_partition_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..8).map(|k| format!("doc{k}")).collect();
    let mut manifest = String::new();
    for (k, name) in names.iter().enumerate() {
        write_document(tmp.path(), name, k);
        manifest.push_str(&format!("zh/{name}.txt\ten/{name}.txt\n"));
    }
    fs::write(tmp.path().join("m.tsv"), &manifest).unwrap();
    let all = lines_by_name(&ok(&align(
        tmp.path(),
        &["--manifest", "m.tsv", "-f", "jsonl", "-o", "-"],
    )));
    assert_eq!(all.len(), 8);
    let mut union = BTreeMap::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let file = format!("shard-{i}.jsonl");
        ok(&align(
            tmp.path(),
            &[
                "--manifest",
                "m.tsv",
                "--shard",
                &shard,
                "-f",
                "jsonl",
                "-o",
                &file,
            ],
        ));
        let part = lines_by_name(&fs::read_to_string(tmp.path().join(&file)).unwrap());
        // Document k (0-based, as listed) is in shard k % 3 + 1.
        let expected: Vec<&String> = names
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 3 + 1 == i)
            .map(|(_, n)| n)
            .collect();
        assert_eq!(part.keys().collect::<Vec<_>>(), expected);
        for (name, value) in part {
            assert!(union.insert(name, value).is_none(), "in two shards");
        }
    }
    assert_eq!(union, all, "the shards' union differs from the single run");

    // Folders shard the same way (files sorted by name), into --out-dir.
    let mut files = BTreeMap::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        ok(&align(
            tmp.path(),
            &[
                "zh",
                "en",
                "--shard",
                &shard,
                "-f",
                "beads",
                "--out-dir",
                "out",
            ],
        ));
        for e in fs::read_dir(tmp.path().join("out")).unwrap() {
            let path = e.unwrap().path();
            files.entry(path.clone()).or_insert(i);
        }
    }
    assert_eq!(files.len(), 8);
    for (path, shard) in files {
        let k: usize = path.file_stem().unwrap().to_str().unwrap()[3..]
            .parse()
            .unwrap();
        assert_eq!(k % 3 + 1, shard);
    }
}

#[test]
fn bad_shards_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    write_document(tmp.path(), "a", 0);
    for bad in ["0/3", "4/3", "1/0", "2", "x/3"] {
        let out = align(tmp.path(), &["zh", "en", "--shard", bad, "-f", "beads"]);
        assert!(!out.status.success(), "{bad} accepted");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--shard"));
    }
    let out = align(
        tmp.path(),
        &[
            "zh/a.txt", "en/a.txt", "--shard", "1/2", "-f", "beads", "-o", "-",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shard splits a batch"));
    // A shard with nothing to do succeeds (a job array wider than the batch).
    let out = align(
        tmp.path(),
        &["zh", "en", "--shard", "2/2", "-f", "jsonl", "-o", "-"],
    );
    assert_eq!(ok(&out), "");
    // A batch streams JSON lines only.
    let out = align(tmp.path(), &["zh", "en", "-f", "beads", "-o", "-"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-f jsonl"));
}

#[test]
fn jsonl_lines_parse_and_cover_every_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    for k in 0..5 {
        write_document(tmp.path(), &format!("d{k}"), k);
    }
    let text = ok(&align(tmp.path(), &["zh", "en", "-f", "jsonl", "-o", "-"]));
    assert_eq!(text.lines().count(), 5);
    assert!(text.ends_with('\n'));
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
        let name = value["name"].as_str().unwrap();
        assert_eq!(value["source"], format!("zh/{name}.txt"));
        assert_eq!(value["target"], format!("en/{name}.txt"));
        let n = value["sentences"][0].as_u64().unwrap() as usize;
        let m = value["sentences"][1].as_u64().unwrap() as usize;
        let (mut src, mut tgt) = (Vec::new(), Vec::new());
        for bead in value["beads"].as_array().unwrap() {
            let score = bead["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score));
            src.extend(
                bead["source"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as usize),
            );
            tgt.extend(
                bead["target"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as usize),
            );
        }
        assert_eq!(src, (0..n).collect::<Vec<_>>());
        assert_eq!(tgt, (0..m).collect::<Vec<_>>());
    }
    // With --out-dir, one .jsonl per document.
    ok(&align(
        tmp.path(),
        &["zh", "en", "-f", "jsonl", "--out-dir", "out"],
    ));
    let one = fs::read_to_string(tmp.path().join("out/d3.jsonl")).unwrap();
    assert_eq!(one.lines().count(), 1);
    assert_eq!(lines_by_name(&one)["d3"], lines_by_name(&text)["d3"]);
}

#[test]
fn a_batch_writes_tmx_for_the_profile_and_it_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let mut manifest = String::new();
    for (k, name) in ["a", "b"].iter().enumerate() {
        write_document(tmp.path(), name, k);
        manifest.push_str(&format!("zh/{name}.txt\ten/{name}.txt\n"));
    }
    fs::write(tmp.path().join("m.tsv"), &manifest).unwrap();
    let out = align(
        tmp.path(),
        &[
            "--manifest",
            "m.tsv",
            "-f",
            "tmx",
            "--tmx-profile",
            "memoq",
            "--out-dir",
            "out",
        ],
    );
    ok(&out);
    for name in ["a", "b"] {
        let path = tmp.path().join(format!("out/{name}.tmx"));
        let tmx = fs::read_to_string(&path).unwrap();
        assert!(tmx.contains(r#"<prop type="x-context-post">"#), "{name}");
        assert!(tmx.contains(r#"creationid="bitext""#), "{name}");
        let check = bitext()
            .args(["check", "--profile", "memoq"])
            .arg(&path)
            .output()
            .unwrap();
        let report = ok(&check);
        assert!(report.contains(": 0 errors, 0 warnings in "), "{report}");
    }
}
