//! EPUB 3 bilingual book (`--format epub`): the source text with its
//! translation, to read on an e-reader, a phone or in a browser.
//!
//! The book is cut into chapters at the source's headings: each heading
//! segment opens a new chapter XHTML file (`chapter-001.xhtml`, …), unless
//! the chapter so far holds only headings (a heading and its subheading
//! stay together); the text before the first heading, or a text without
//! any, is a chapter of its own. Beads are grouped into paragraphs by their
//! source segments' `paragraph` number (a bead without source text, 0-1,
//! joins the paragraph before it), so that a paragraph's sentences stay one
//! paragraph in each language. Two layouts, chosen with `--layout`
//! ([`Layout`]): `columns`, each paragraph a two-column table row, source
//! left and translation right; `interleaved`, each source paragraph with
//! its translation below it (better on a narrow screen). The book is the
//! clean reading text in either `--style`: no scores, no flags.
//!
//! Every source text carries the source's `lang` and `xml:lang` (the
//! page's), every translation its own; the style sheet gives Chinese a CJK
//! font stack. The table of contents (`nav.xhtml`, and `toc.ncx` for EPUB 2
//! readers) lists the chapters by the heading text of both languages. The
//! metadata: `dc:title` (the alignment's name), `dc:language` (the source,
//! then the translation), `dc:identifier` (a `urn:uuid` hashed from the
//! texts and beads, so that the same alignment is the same book) and
//! `dcterms:modified` (the creation date, fixed by `SOURCE_DATE_EPOCH`).
//!
//! The package: `mimetype` first and stored, then `META-INF/container.xml`
//! and the `OEBPS/` parts deflated, with fixed timestamps (1980-01-01) and
//! permissions, so the same alignment always gives the same bytes. Control
//! characters, which XML cannot carry, are dropped and counted.

use super::docx::w3cdtf;
use super::escape::Escaper;
use super::{ExportOptions, Exporter, Layout, Report};
use crate::model::{Alignment, Bead, Document, SegmentKind};
use std::fmt::Write as _;
use std::io::{self, Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Writes an EPUB book.
pub struct Epub;

/// The EPUB's media type, the content of its first entry, `mimetype`.
pub const MIMETYPE: &str = "application/epub+zip";

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// The style sheet: a serif text face, a CJK stack for Chinese, headings in
/// both languages, and the two layouts.
pub const STYLE: &str = r#"body { margin: 0 4%; line-height: 1.6;
  font-family: "Noto Serif", Georgia, "Times New Roman", serif; }
:lang(zh) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", STSong, SimSun, "Noto Sans CJK SC", serif; }
:lang(zh-TW), :lang(zh-HK), :lang(zh-Hant) { font-family: "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", PMingLiU, serif; }
h1, h2 { line-height: 1.35; margin: 1.6em 0 .9em; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.45em; }
h2 { font-size: 1.15em; }
h1 span, h2 span { display: block; }
h1 .target, h2 .target { font-weight: normal; font-size: .8em; margin-top: .2em; color: #444; }
p { margin: 0; text-indent: 0; }
.speaker { font-weight: bold; }
.target { color: #333; }
div.pair { margin: 0 0 1.1em; }
div.pair p.target { margin-top: .35em; padding-left: .8em; border-left: 3px solid #ccc; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 .9em; }
table.pair td { width: 50%; vertical-align: top; padding: 0 .6em 0 0; }
table.pair td.target { padding: 0 0 0 .6em; border-left: 1px solid #ddd; }
nav ol { list-style: none; padding: 0; }
nav li { margin: 0 0 .7em; }
nav a { color: inherit; text-decoration: none; }
nav li span { display: block; }
nav li span.target { font-size: .85em; color: #555; }
"#;

/// Consecutive beads of one source paragraph (or one heading).
struct Group<'a> {
    heading: bool,
    beads: Vec<&'a Bead>,
}

/// A BCP 47 tag as XML and EPUB want it: `-` for `_`, `und` for none.
fn lang_tag(doc: &Document) -> String {
    let tag = doc.lang.trim().replace('_', "-");
    if tag.is_empty() { "und".into() } else { tag }
}

/// The beads in paragraphs: a bead opens a new one when its source is in
/// another paragraph, or it is a heading and the one before is not (or the
/// other way round); a bead without source text stays with the one before.
fn groups(alignment: &Alignment) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    let mut paragraph = None;
    for bead in &alignment.beads {
        let heading = alignment
            .lead_segment(bead)
            .is_some_and(|s| s.kind == SegmentKind::Heading);
        let own = bead
            .source
            .first()
            .and_then(|&i| alignment.source.segments.get(i))
            .map(|s| s.paragraph);
        let same = groups
            .last()
            .is_some_and(|g| g.heading == heading && (own.is_none() || own == paragraph));
        match groups.last_mut() {
            Some(g) if same => g.beads.push(bead),
            _ => groups.push(Group {
                heading,
                beads: vec![bead],
            }),
        }
        if own.is_some() {
            paragraph = own;
        }
    }
    groups
}

/// The paragraphs in chapters: a heading opens a new chapter unless the
/// chapter so far holds only headings.
fn chapters(groups: Vec<Group<'_>>) -> Vec<Vec<Group<'_>>> {
    let mut chapters: Vec<Vec<Group>> = Vec::new();
    for group in groups {
        let opens = group.heading && chapters.last().is_none_or(|c| c.iter().any(|g| !g.heading));
        match chapters.last_mut() {
            Some(c) if !opens => c.push(group),
            _ => chapters.push(vec![group]),
        }
    }
    chapters
}

/// One side of a group as escaped XHTML: the beads' texts as running text,
/// a speaker's name in bold where a turn starts.
fn side(doc: &Document, beads: &[&Bead], source: bool, esc: &mut Escaper) -> String {
    let mut parts = Vec::new();
    for bead in beads {
        let ids = if source { &bead.source } else { &bead.target };
        let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
            continue;
        };
        let mut part = String::new();
        if let (Some(name), true) = (&first.speaker, first.turn_start) {
            // No space after the colon in Chinese, as the text writes it.
            let space = doc.family().joiner();
            let _ = write!(part, r#"<b class="speaker">{}:</b>{space}"#, esc.esc(name));
        }
        part.push_str(&esc.esc(&doc.join(ids)));
        if !part.is_empty() {
            parts.push(part);
        }
    }
    parts.join(doc.family().joiner())
}

/// ` lang="…" xml:lang="…"` for a document's language.
fn lang_attrs(doc: &Document) -> String {
    let (tag, _) = super::escape::xml(&lang_tag(doc));
    format!(r#" lang="{tag}" xml:lang="{tag}""#)
}

/// A heading in both languages: `h1` opening a chapter, `h2` after.
fn heading_xhtml(alignment: &Alignment, group: &Group, level: u8, esc: &mut Escaper) -> String {
    let (src, tgt) = (&alignment.source, &alignment.target);
    let mut spans = Vec::new();
    for (doc, source, class) in [(src, true, "source"), (tgt, false, "target")] {
        let text = side(doc, &group.beads, source, esc);
        if !text.is_empty() {
            spans.push(format!(
                r#"<span class="{class}"{}>{text}</span>"#,
                lang_attrs(doc)
            ));
        }
    }
    format!("<h{level}>{}</h{level}>\n", spans.join(" "))
}

/// A paragraph in both languages, as the layout puts them.
fn paragraph_xhtml(
    alignment: &Alignment,
    group: &Group,
    layout: Layout,
    esc: &mut Escaper,
) -> String {
    let (src, tgt) = (&alignment.source, &alignment.target);
    let source = side(src, &group.beads, true, esc);
    let target = side(tgt, &group.beads, false, esc);
    let (sl, tl) = (lang_attrs(src), lang_attrs(tgt));
    match layout {
        Layout::Columns => format!(
            "<table class=\"pair\"><tr><td class=\"source\"{sl}>{source}</td><td class=\"target\"{tl}>{target}</td></tr></table>\n"
        ),
        Layout::Interleaved => {
            let mut out = String::from("<div class=\"pair\">");
            for (class, attrs, text) in [("source", sl, source), ("target", tl, target)] {
                if !text.is_empty() {
                    let _ = write!(out, r#"<p class="{class}"{attrs}>{text}</p>"#);
                }
            }
            out.push_str("</div>\n");
            out
        }
    }
}

/// The head of an XHTML page in the source's language.
fn xhtml_head(alignment: &Alignment, title: &str) -> String {
    format!(
        r#"{XML_DECL}
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"{}>
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
"#,
        lang_attrs(&alignment.source)
    )
}

/// One chapter's XHTML page.
fn chapter_xhtml(
    alignment: &Alignment,
    chapter: &[Group],
    layout: Layout,
    title: &str,
    esc: &mut Escaper,
) -> String {
    let mut body = String::new();
    for (k, group) in chapter.iter().enumerate() {
        if group.heading {
            let level = if k == 0 { 1 } else { 2 };
            body.push_str(&heading_xhtml(alignment, group, level, esc));
        } else {
            body.push_str(&paragraph_xhtml(alignment, group, layout, esc));
        }
    }
    format!(
        "{}<body>\n<section epub:type=\"chapter\" class=\"{}\">\n{body}</section>\n</body>\n</html>\n",
        xhtml_head(alignment, title),
        layout.name()
    )
}

/// A chapter's heading in both languages (escaped), from its first group
/// when that is a heading; `None` for a chapter that opens with text.
fn chapter_heading(alignment: &Alignment, chapter: &[Group]) -> Option<(String, String)> {
    let first = chapter.first().filter(|g| g.heading)?;
    let mut esc = Escaper::default();
    let source = side(&alignment.source, &first.beads, true, &mut esc);
    let target = side(&alignment.target, &first.beads, false, &mut esc);
    Some((strip_tags(&source), strip_tags(&target)))
}

/// Escaped XHTML without its tags (a speaker's name in bold stays as text).
fn strip_tags(xhtml: &str) -> String {
    let mut out = String::with_capacity(xhtml.len());
    let mut inside = false;
    for c in xhtml.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A chapter in the table of contents: its file and its heading in both
/// languages (escaped; the book's title for a chapter without a heading).
struct Entry {
    file: String,
    source: String,
    target: String,
}

impl Entry {
    /// One line for the EPUB 2 table of contents and the page's title.
    fn plain(&self) -> String {
        match (self.source.is_empty(), self.target.is_empty()) {
            (false, false) => format!("{} · {}", self.source, self.target),
            (true, _) => self.target.clone(),
            (false, true) => self.source.clone(),
        }
    }
}

fn nav_xhtml(alignment: &Alignment, title: &str, entries: &[Entry]) -> String {
    let mut items = String::new();
    for e in entries {
        let mut spans = Vec::new();
        for (doc, class, text) in [
            (&alignment.source, "source", &e.source),
            (&alignment.target, "target", &e.target),
        ] {
            if !text.is_empty() {
                spans.push(format!(
                    r#"<span class="{class}"{}>{text}</span>"#,
                    lang_attrs(doc)
                ));
            }
        }
        let _ = writeln!(
            items,
            r#"<li><a href="{}">{}</a></li>"#,
            e.file,
            spans.join(" ")
        );
    }
    format!(
        "{}<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>{title}</h1>\n<ol>\n{items}</ol>\n</nav>\n</body>\n</html>\n",
        xhtml_head(alignment, title)
    )
}

fn toc_ncx(id: &str, title: &str, entries: &[Entry]) -> String {
    let mut points = String::new();
    for (k, e) in entries.iter().enumerate() {
        let _ = writeln!(
            points,
            r#"    <navPoint id="nav-{n}" playOrder="{n}"><navLabel><text>{}</text></navLabel><content src="{}"/></navPoint>"#,
            e.plain(),
            e.file,
            n = k + 1
        );
    }
    format!(
        r#"{XML_DECL}
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head>
    <meta name="dtb:uid" content="{id}"/>
    <meta name="dtb:depth" content="1"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{title}</text></docTitle>
  <navMap>
{points}  </navMap>
</ncx>
"#
    )
}

/// FNV-1a, 128 bits, over `bytes` from `state`.
fn fnv1a(mut state: u128, bytes: &[u8]) -> u128 {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    for &b in bytes {
        state ^= u128::from(b);
        state = state.wrapping_mul(PRIME);
    }
    state
}

/// The book's identifier: a `urn:uuid` (version 8, RFC 9562's custom
/// version) from a 128-bit FNV-1a hash of the name, the languages, every
/// segment (text, paragraph and kind) and every bead; the same alignment
/// always gets the same.
pub fn book_id(alignment: &Alignment) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    h = fnv1a(h, alignment.name.as_bytes());
    for doc in [&alignment.source, &alignment.target] {
        h = fnv1a(h, b"\x1edoc\x1f");
        h = fnv1a(h, doc.lang.as_bytes());
        for s in &doc.segments {
            let mark = format!("\x1f{}:{}:", s.paragraph, s.kind);
            h = fnv1a(h, mark.as_bytes());
            h = fnv1a(h, s.text.as_bytes());
        }
    }
    for bead in &alignment.beads {
        let ids = format!("\x1e{:?}:{:?}", bead.source, bead.target);
        h = fnv1a(h, ids.as_bytes());
    }
    // Version 8 in bits 48-51, variant 0b10 in bits 64-65.
    let h = (h & !(0xF << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62);
    let hex = format!("{h:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The package document: metadata, manifest and spine (the contents page
/// first when there are several chapters).
fn content_opf(
    alignment: &Alignment,
    options: &ExportOptions,
    id: &str,
    title: &str,
    files: &[String],
) -> String {
    let (sl, tl) = (lang_tag(&alignment.source), lang_tag(&alignment.target));
    let (sl, tl) = (super::escape::xml(&sl).0, super::escape::xml(&tl).0);
    let modified =
        w3cdtf(&options.creation_date).unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut manifest = String::new();
    let mut spine = String::new();
    if files.len() > 1 {
        spine.push_str("    <itemref idref=\"nav\"/>\n");
    }
    for (k, file) in files.iter().enumerate() {
        let _ = writeln!(
            manifest,
            r#"    <item id="c{}" href="{file}" media-type="application/xhtml+xml"/>"#,
            k + 1
        );
        let _ = writeln!(spine, r#"    <itemref idref="c{}"/>"#, k + 1);
    }
    format!(
        r#"{XML_DECL}
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="{sl}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid">{id}</dc:identifier>
    <dc:title>{title}</dc:title>
    <dc:language>{sl}</dc:language>
    <dc:language>{tl}</dc:language>
    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
{manifest}  </manifest>
  <spine toc="ncx">
{spine}  </spine>
</package>
"#
    )
}

/// The parts of the package as `(name, content)` in the order they are
/// zipped (`mimetype` first), and how many characters the chapters'
/// text dropped.
pub fn parts(alignment: &Alignment, options: &ExportOptions) -> (Vec<(String, String)>, usize) {
    let title = super::escape::xml(&alignment.name).0;
    let id = book_id(alignment);
    let chapters = chapters(groups(alignment));
    let mut esc = Escaper::default();
    let mut entries = Vec::new();
    let mut pages = Vec::new();
    for (k, chapter) in chapters.iter().enumerate() {
        let file = format!("chapter-{:03}.xhtml", k + 1);
        let entry = match chapter_heading(alignment, chapter) {
            Some((source, target)) if !(source.is_empty() && target.is_empty()) => Entry {
                file,
                source,
                target,
            },
            _ => Entry {
                file,
                source: title.clone(),
                target: String::new(),
            },
        };
        let page = chapter_xhtml(alignment, chapter, options.layout, &entry.plain(), &mut esc);
        pages.push((format!("OEBPS/{}", entry.file), page));
        entries.push(entry);
    }
    let files: Vec<String> = entries.iter().map(|e| e.file.clone()).collect();
    let mut parts = vec![
        ("mimetype".to_string(), MIMETYPE.to_string()),
        ("META-INF/container.xml".to_string(), CONTAINER.to_string()),
        (
            "OEBPS/content.opf".to_string(),
            content_opf(alignment, options, &id, &title, &files),
        ),
        (
            "OEBPS/nav.xhtml".to_string(),
            nav_xhtml(alignment, &title, &entries),
        ),
        ("OEBPS/toc.ncx".to_string(), toc_ncx(&id, &title, &entries)),
        ("OEBPS/style.css".to_string(), STYLE.to_string()),
    ];
    parts.extend(pages);
    (parts, esc.dropped)
}

/// Zips the parts into an EPUB: `mimetype` stored, the others deflated,
/// fixed timestamps and permissions.
pub fn package(parts: &[(String, String)]) -> io::Result<Vec<u8>> {
    let stored = SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Stored)
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        let options = if name == "mimetype" { stored } else { deflated };
        zip.start_file(name.as_str(), options)
            .map_err(io::Error::other)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

impl Exporter for Epub {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let (parts, dropped) = parts(alignment, options);
        out.write_all(&package(&parts)?)?;
        Ok(Report::dropped(dropped, "EPUB"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Segment;
    use std::io::Read;

    fn seg(id: usize, text: &str, paragraph: usize, heading: bool) -> Segment {
        Segment {
            paragraph,
            kind: if heading {
                SegmentKind::Heading
            } else {
                SegmentKind::Sentence
            },
            ..Segment::sentence(id, text)
        }
    }

    /// A preface paragraph, then two chapters: a heading with a subheading
    /// and a paragraph of two beads and a 0-1; a heading and a paragraph.
    fn book() -> Alignment {
        let source = Document::new(
            "zh.txt",
            "zh_CN",
            vec![
                seg(0, "序。", 1, false),
                seg(1, "第一章", 2, true),
                seg(2, "开始", 3, true),
                seg(3, "一。", 4, false),
                seg(4, "二\u{1}。", 4, false),
                seg(5, "第二章", 5, true),
                seg(6, "三。", 6, false),
            ],
        );
        let target = Document::from_sentences(
            "en.txt",
            "en",
            &["Preface.", "One", "Start", "1.", "2.", "Note.", "Two", "3."],
        );
        let mut target = target;
        for (j, p, h) in [(1, 2, true), (2, 3, true), (6, 5, true)] {
            target.segments[j] = seg(j, &target.segments[j].text.clone(), p, h);
        }
        let beads = (0..5)
            .map(|i| Bead::new(vec![i], vec![i], 0.9))
            .chain([
                Bead::new(vec![], vec![5], 0.2),
                Bead::new(vec![5], vec![6], 0.9),
                Bead::new(vec![6], vec![7], 0.9),
            ])
            .collect();
        Alignment {
            name: "book <1>".into(),
            source,
            target,
            beads,
            learned: None,
        }
    }

    #[test]
    fn chapters_open_at_headings_and_paragraphs_keep_their_beads() {
        let alignment = book();
        let chapters = chapters(groups(&alignment));
        let shape: Vec<Vec<(bool, usize)>> = chapters
            .iter()
            .map(|c| c.iter().map(|g| (g.heading, g.beads.len())).collect())
            .collect();
        // The preface; heading, subheading and the paragraph with its 0-1;
        // the second heading and its paragraph.
        assert_eq!(
            shape,
            vec![
                vec![(false, 1)],
                vec![(true, 1), (true, 1), (false, 3)],
                vec![(true, 1), (false, 1)]
            ]
        );
        let (parts, dropped) = parts(&alignment, &ExportOptions::default());
        assert_eq!(dropped, 1, "the control character, counted once");
        let chapter = &parts
            .iter()
            .find(|p| p.0 == "OEBPS/chapter-002.xhtml")
            .unwrap()
            .1;
        assert!(chapter.contains(
            "<h1><span class=\"source\" lang=\"zh-CN\" xml:lang=\"zh-CN\">第一章</span>"
        ));
        assert!(chapter.contains("<h2>"));
        assert!(chapter.contains(
            ">一。二。</td><td class=\"target\" lang=\"en\" xml:lang=\"en\">1. 2. Note.</td>"
        ));
        let nav = &parts.iter().find(|p| p.0 == "OEBPS/nav.xhtml").unwrap().1;
        assert!(nav.contains(">book &lt;1&gt;</span></a></li>"), "{nav}");
        assert_eq!(nav.matches("<li>").count(), 3);
    }

    #[test]
    fn a_text_without_headings_is_one_chapter() {
        let mut alignment = book();
        for doc in [&mut alignment.source, &mut alignment.target] {
            for s in &mut doc.segments {
                s.kind = SegmentKind::Sentence;
            }
        }
        let (parts, _) = parts(&alignment, &ExportOptions::default());
        let chapters = parts.iter().filter(|p| p.0.contains("chapter-")).count();
        assert_eq!(chapters, 1);
        // One chapter: no contents page in the spine.
        let opf = &parts.iter().find(|p| p.0 == "OEBPS/content.opf").unwrap().1;
        assert!(!opf.contains(r#"<itemref idref="nav"/>"#));
    }

    #[test]
    fn the_zip_is_deterministic_with_mimetype_first_and_stored() {
        let options = ExportOptions {
            creation_date: "20230610T123456Z".into(),
            ..ExportOptions::default()
        };
        let (bytes, report) =
            crate::export::to_bytes(crate::export::Format::Epub, &book(), &options).unwrap();
        let (again, _) =
            crate::export::to_bytes(crate::export::Format::Epub, &book(), &options).unwrap();
        assert_eq!(bytes, again);
        assert_eq!(report.dropped_characters, 1);
        // OCF: the first local header is `mimetype`, stored, no extra field,
        // its content right after the name.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
        assert_eq!(
            u16::from_le_bytes([bytes[28], bytes[29]]),
            0,
            "no extra field"
        );
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], MIMETYPE.as_bytes());
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(
            names[..3],
            ["mimetype", "META-INF/container.xml", "OEBPS/content.opf"]
        );
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let expected = if i == 0 {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(file.compression(), expected, "entry {i}");
            let time = file.last_modified().unwrap();
            assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
        }
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        assert!(opf.contains("<meta property=\"dcterms:modified\">2023-06-10T12:34:56Z</meta>"));
        assert!(
            opf.contains("<dc:language>zh-CN</dc:language>\n    <dc:language>en</dc:language>")
        );
    }

    #[test]
    fn the_identifier_is_a_uuid_of_the_content() {
        let id = book_id(&book());
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        let uuid = id.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8", "version 8");
        assert!("89ab".contains(&uuid[19..20]), "RFC 9562 variant");
        assert_eq!(book_id(&book()), id);
        let mut other = book();
        other.target.segments[0].text = "Foreword.".into();
        assert_ne!(book_id(&other), id);
    }
}
