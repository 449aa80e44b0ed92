//! Documents in, end to end: the real binary aligns the Chinese prefix of
//! the shipped corpus (corpus/altman-baai-2023) against DOCX (pandoc's and
//! LibreOffice's), HTML, Markdown and EPUB versions of its English
//! rendering, and a DOCX and a Markdown version of the Chinese
//! (tests/fixtures/documents, made by
//! scripts/make_document_fixtures.sh), and the beads agree with those of
//! the plain text; broken files and a zip bomb fail with one line naming
//! the file.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

/// `bitext align zh.txt TARGET -f beads -o -`'s bead lines.
fn beads(target: &Path) -> Vec<String> {
    beads_of(&fixture("zh.txt"), target)
}

/// `bitext align SOURCE TARGET -f beads -o -`'s bead lines, scores left out.
fn beads_of(source: &Path, target: &Path) -> Vec<String> {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "align", "-q", "--scorer", "classic", "-f", "beads", "-o", "-",
        ])
        .arg(source)
        .arg(target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        target.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.rsplit_once(':')
                .map_or(l, |(beads, _score)| beads)
                .to_string()
        })
        .collect()
}

/// Strict F1 of `test` against `gold`: the share of beads that are
/// exactly the same.
fn strict_f1(gold: &[String], test: &[String]) -> f64 {
    let gold_set: std::collections::HashSet<&String> = gold.iter().collect();
    let hits = test.iter().filter(|b| gold_set.contains(b)).count() as f64;
    let (p, r) = (hits / test.len() as f64, hits / gold.len() as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[test]
fn documents_align_as_their_plain_text_does() {
    let plain = beads(&fixture("en.txt"));
    assert!(plain.len() >= 20, "{plain:?}");
    for name in ["en.md", "en.html", "en.docx", "en-lo.docx", "en.epub"] {
        let got = beads(&fixture(name));
        let f1 = strict_f1(&plain, &got);
        assert!(f1 >= 0.98, "{name}: strict F1 {f1:.3}\n{got:?}\n{plain:?}");
    }
}

#[test]
fn a_chinese_docx_source_aligns_as_its_plain_text_does() {
    let plain = beads(&fixture("en.txt"));
    for (source, target) in [("zh.docx", "en.docx"), ("zh.md", "en.txt")] {
        let got = beads_of(&fixture(source), &fixture(target));
        let f1 = strict_f1(&plain, &got);
        assert!(
            f1 >= 0.98,
            "{source} {target}: strict F1 {f1:.3}\n{got:?}\n{plain:?}"
        );
    }
}

#[test]
fn document_headings_are_heading_segments() {
    for name in ["en.md", "en.html", "en.docx", "en-lo.docx", "en.epub"] {
        let out = Command::cargo_bin("bitext")
            .unwrap()
            .args(["segment", "--lang", "en", "--format", "json"])
            .arg(fixture(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}");
        let segments: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let headings: Vec<&str> = segments
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "heading")
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert!(
            headings.contains(&"Sam Altman at BAAI 2023")
                && headings
                    .contains(&"In the next ten years we will have very powerful AI systems"),
            "{name}: {headings:?}"
        );
    }
}

/// Runs `align` on a bad target; returns its standard error.
fn refused(target: &Path) -> String {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["align", "-q", "-f", "beads", "-o", "-"])
        .arg(fixture("zh.txt"))
        .arg(target)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{} was read", target.display());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(&target.display().to_string()), "{err}");
    err
}

#[test]
fn broken_documents_fail_naming_the_file() {
    let err = refused(&fixture("truncated.docx"));
    assert!(err.contains("DOCX") || err.contains("zip"), "{err}");
    let err = refused(&fixture("malformed.docx"));
    assert!(err.contains("word/document.xml: malformed XML"), "{err}");
    let err = refused(&fixture("malformed.epub"));
    assert!(err.contains("content.opf: malformed XML"), "{err}");
    // Told to read a text file as DOCX.
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "align",
            "-q",
            "--input-format",
            "docx",
            "-f",
            "beads",
            "-o",
            "-",
        ])
        .arg(fixture("zh.txt"))
        .arg(fixture("en.txt"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_zip_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.docx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1_000_000);
    let err = refused(&path);
    assert!(err.contains("zip bomb"), "{err}");
}

/// Damaged documents (bytes overwritten, cut short) give blocks or an
/// error, never a panic.
#[test]
fn damaged_documents_never_panic() {
    use bitext::documents::{InputFormat, read_blocks};
    let mut seed: u64 = 17;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for (name, format) in [
        ("en.docx", InputFormat::Docx),
        ("en-lo.docx", InputFormat::Docx),
        ("en.epub", InputFormat::Epub),
        ("en.html", InputFormat::Html),
        ("en.md", InputFormat::Markdown),
    ] {
        let original = std::fs::read(fixture(name)).unwrap();
        for _ in 0..150 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 8 {
                let at = next() % bytes.len();
                bytes[at] = next() as u8;
            }
            if next() % 4 == 0 {
                bytes.truncate(next() % bytes.len());
            }
            let _ = read_blocks(Path::new(name), &bytes, format);
        }
    }
}

/// `compare` reads documents too: three renderings of one text, in three
/// formats, agree entirely; `--input-format docx` reads all-DOCX inputs.
#[test]
fn compare_reads_documents() {
    let run = |args: &[&str], files: &[&str]| {
        let mut cmd = Command::cargo_bin("bitext").unwrap();
        cmd.args(["compare", "-q", "--scorer", "classic"])
            .args(args);
        for f in files {
            cmd.arg(fixture(f));
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let out = run(&[], &["zh.txt", "en.docx", "en.html", "en.epub"]);
    assert_eq!(out.matches(": 1.000 over 27 groups").count(), 3, "{out}");
    let out = run(
        &["--input-format", "docx"],
        &["zh.docx", "en.docx", "en-lo.docx"],
    );
    assert!(out.contains("1.000 over 27 groups"), "{out}");
}

#[test]
fn hard_wrapped_text_aligns_as_its_plain_text_does() {
    // en-wrapped.txt and zh-wrapped.txt: the plain fixtures wrapped at 60
    // and 30 characters with no blank lines (scripts/make_document_fixtures.sh).
    let plain = beads(&fixture("en.txt"));
    for (source, target) in [
        ("zh.txt", "en-wrapped.txt"),
        ("zh-wrapped.txt", "en.txt"),
        ("zh-wrapped.txt", "en-wrapped.txt"),
    ] {
        let got = beads_of(&fixture(source), &fixture(target));
        let f1 = strict_f1(&plain, &got);
        assert!(f1 >= 0.98, "{source} / {target}: strict F1 {f1:.3}");
    }
    // --no-rejoin-lines keeps every line a paragraph: sentences are cut at
    // the line ends.
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["segment", "--no-rejoin-lines"])
        .arg(fixture("en-wrapped.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines = String::from_utf8(out.stdout).unwrap().lines().count();
    let wrapped = std::fs::read_to_string(fixture("en-wrapped.txt")).unwrap();
    assert!(lines >= wrapped.lines().count(), "{lines}");
}
