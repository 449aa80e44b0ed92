//! The EPUB book of the shipped corpus, written by the real binary
//! (`bitext align corpus/altman-baai-2023 -f epub --out-dir DIR`): a book
//! per rendering, a chapter per heading of the transcript, the contents in
//! both languages, each text with its language; and epubcheck finds no
//! error or warning in it (a `tool_` check: it fails when epubcheck is
//! missing; `.ci/run` installs it, see `common`).

mod common;

use assert_cmd::Command;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder the corpus books are written to, once per test run.
fn books() -> &'static Path {
    static BOOKS: OnceLock<PathBuf> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("epub_book");
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023");
        let out = Command::cargo_bin("bitext")
            .unwrap()
            .env("SOURCE_DATE_EPOCH", "1686355200")
            .args(["align", "-q"])
            .arg(&corpus)
            .args(["-f", "epub", "--out-dir"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// The parts of an EPUB as `(name, text)`, in the zip's order.
fn parts(path: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let name = file.name().unwrap().into_owned();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (name, text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn align_writes_a_bilingual_book_per_rendering() {
    for rendering in ["en", "en-free"] {
        let book = books().join(format!("altman-baai-2023.{rendering}.epub"));
        let parts = parts(&book);
        assert_eq!(parts[0], ("mimetype".into(), "application/epub+zip".into()));
        // The text before the first heading, then a chapter per heading
        // (对话实录 keeps its subheading).
        let chapters: Vec<&str> = parts
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| n.starts_with("OEBPS/chapter-"))
            .collect();
        assert_eq!(chapters.len(), 9, "{chapters:?}");
        let nav = part(&parts, "OEBPS/nav.xhtml");
        assert_eq!(nav.matches("<li>").count(), 9);
        assert!(nav.contains(r#"<span class="source" lang="zh-CN" xml:lang="zh-CN">人工智能的对齐问题如何解决</span>"#), "{nav}");
        assert_eq!(
            nav.matches(r#"<span class="target" lang="en-US" xml:lang="en-US">"#)
                .count(),
            8
        );
        let ncx = part(&parts, "OEBPS/toc.ncx");
        assert_eq!(ncx.matches("<navPoint ").count(), 9);
        let opf = part(&parts, "OEBPS/content.opf");
        assert!(opf.contains(&format!(
            "<dc:title>altman-baai-2023.{rendering}</dc:title>"
        )));
        assert!(opf.contains("<meta property=\"dcterms:modified\">2023-06-10T00:00:00Z</meta>"));
        let uid = opf.split("<dc:identifier id=\"bookid\">").nth(1).unwrap();
        let uid = &uid[..uid.find('<').unwrap()];
        assert!(ncx.contains(&format!("<meta name=\"dtb:uid\" content=\"{uid}\"/>")));
        // Both sides in every chapter, in the default layout (columns).
        let chapter = part(&parts, "OEBPS/chapter-002.xhtml");
        assert!(chapter.contains(r#"<td class="source" lang="zh-CN" xml:lang="zh-CN"><b class="speaker">SamAltman:</b>这很难评估具体时间。"#), "{chapter}");
        assert!(chapter.contains(r#"<td class="target" lang="en-US" xml:lang="en-US"><b class="speaker">Sam Altman:</b> "#));
    }
    // The two renderings are two books.
    let id = |r: &str| {
        let p = parts(&books().join(format!("altman-baai-2023.{r}.epub")));
        part(&p, "OEBPS/content.opf").to_string()
    };
    assert_ne!(id("en"), id("en-free"));
}

#[test]
fn tool_epubcheck_finds_no_error_in_the_corpus_book() {
    let epubcheck = common::epubcheck();
    common::require_tool(
        epubcheck.is_some(),
        "epubcheck",
        "apt-get install epubcheck",
    );
    let book = books().join("altman-baai-2023.en.epub");
    let out = epubcheck.expect("checked").arg(&book).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 fatals / 0 errors / 0 warnings"), "{text}");
}
