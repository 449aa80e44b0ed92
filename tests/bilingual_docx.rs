//! The bilingual DOCX made from a DOCX source, end to end: `bitext align
//! SOURCE.docx TARGET -f docx --style publication` keeps the source package
//! (its styles byte for byte, every source paragraph's XML as it was, the
//! section settings once) and adds each paragraph's translation after it
//! (`--layout interleaved`, headings in their heading style, list items
//! without their numbering, footnotes too) or beside it in a two-column
//! table (`--layout columns`); LibreOffice opens both.

mod common;

use assert_cmd::Command;
use std::io::{Cursor, Read, Write};
use std::path::Path;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A small Chinese DOCX: a heading, a numbered list item, a paragraph with
/// a footnote, a last paragraph holding a section break.
fn source_docx() -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>第一章 出发</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>他在清晨离开了家。</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>她站在门口看着他远去。</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>雨一直下个不停。</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr><w:r><w:t>三年以后他回来了。</w:t></w:r></w:p><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:t>这是一条脚注。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, xml) in [
        ("[Content_Types].xml", types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/_rels/document.xml.rels", document_rels.to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/footnotes.xml", footnotes),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const ENGLISH: &str = "Chapter One: Departure\n\nHe left home in the early morning.\n\nShe stood at the door and watched him go. The rain would not stop.\n\nThree years later he came back.\n\nThis is a footnote.\n";

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The bilingual DOCX of the sample in `layout`.
fn bilingual(dir: &Path, layout: &str) -> Vec<u8> {
    std::fs::write(dir.join("zh.docx"), source_docx()).unwrap();
    std::fs::write(dir.join("en.txt"), ENGLISH).unwrap();
    let out = dir.join(format!("{layout}.docx"));
    let run = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "align",
            "-q",
            "--scorer",
            "classic",
            "-f",
            "docx",
            "--style",
            "publication",
        ])
        .args(["--layout", layout, "-o"])
        .arg(&out)
        .arg(dir.join("zh.docx"))
        .arg(dir.join("en.txt"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

/// Each outermost `<w:p>…</w:p>` of a part (none of the samples nest them).
fn paragraphs(xml: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:p>").or_else(|| rest.find("<w:p ")) {
        let end = start + rest[start..].find("</w:p>").unwrap() + "</w:p>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn interleaved_keeps_the_source_and_adds_each_translation_after_its_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let docx = bilingual(dir.path(), "interleaved");
    let source = source_docx();
    for name in [
        "word/styles.xml",
        "word/numbering.xml",
        "[Content_Types].xml",
    ] {
        assert_eq!(part(&docx, name), part(&source, name), "{name}");
    }
    let original = part(&source, "word/document.xml");
    let document = part(&docx, "word/document.xml");
    let written = paragraphs(&document);
    let source_paragraphs = paragraphs(&original);
    assert_eq!(written.len(), 2 * source_paragraphs.len(), "{document}");
    for (k, p) in source_paragraphs.iter().enumerate() {
        assert_eq!(written[2 * k], *p);
    }
    // The heading's translation is a heading; the list item's is not
    // numbered; the section break stays once.
    assert!(
        written[1].contains(r#"<w:pStyle w:val="Heading1"/>"#),
        "{}",
        written[1]
    );
    assert!(written[1].contains("Chapter One: Departure"));
    assert!(
        written[3].contains(r#"<w:pStyle w:val="ListParagraph"/>"#)
            && !written[3].contains("numPr")
    );
    assert!(written[3].contains("He left home") && written[3].contains(r#"w:lang w:val="en-US""#));
    assert!(
        written[5].contains("She stood at the door and watched him go. The rain would not stop.")
    );
    assert_eq!(document.matches("<w:sectPr>").count(), 2, "{document}");
    assert!(!written[7].contains("sectPr"));
    let footnotes = part(&docx, "word/footnotes.xml");
    let notes = paragraphs(&footnotes);
    assert!(
        notes.last().unwrap().contains("This is a footnote."),
        "{footnotes}"
    );
    assert!(notes.last().unwrap().contains("FootnoteText"));
}

#[test]
fn columns_put_each_translation_beside_its_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let docx = bilingual(dir.path(), "columns");
    let document = part(&docx, "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tr>").count(), 4, "{document}");
    let rows: Vec<&str> = document.split("<w:tr>").skip(1).collect();
    assert!(rows[0].contains("第一章 出发") && rows[0].contains("Chapter One: Departure"));
    assert!(rows[3].contains("三年以后") && rows[3].contains("Three years later"));
    // The body's own section settings follow the table.
    let after = &document[document.find("</w:tbl>").unwrap()..];
    assert!(after.contains("<w:sectPr>"), "{after}");
}

#[test]
fn a_text_source_still_gets_the_table_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zh.txt"), "他在清晨离开了家。\n").unwrap();
    std::fs::write(
        dir.path().join("en.txt"),
        "He left home in the early morning.\n",
    )
    .unwrap();
    let out = dir.path().join("out.docx");
    let run = Command::cargo_bin("bitext")
        .unwrap()
        .args(["align", "-q", "-f", "docx", "--style", "publication", "-o"])
        .arg(&out)
        .arg(dir.path().join("zh.txt"))
        .arg(dir.path().join("en.txt"))
        .output()
        .unwrap();
    assert!(run.status.success());
    let docx = std::fs::read(out).unwrap();
    assert!(part(&docx, "word/document.xml").contains("<w:tbl>"));
}

#[test]
fn tool_libreoffice_reads_the_bilingual_docx() {
    let office = ["libreoffice", "soffice"].into_iter().find(|cmd| {
        std::process::Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    common::require_tool(
        office.is_some(),
        "LibreOffice",
        "apt-get install libreoffice-writer-nogui",
    );
    let dir = tempfile::tempdir().unwrap();
    for layout in ["interleaved", "columns"] {
        bilingual(dir.path(), layout);
        let out = std::process::Command::new(office.unwrap())
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(dir.path().join(format!("{layout}.docx")))
            .output()
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join(format!("{layout}.txt")))
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
        for needle in [
            "第一章 出发",
            "Chapter One: Departure",
            "三年以后他回来了。",
            "Three years later he came back.",
        ] {
            assert!(text.contains(needle), "{layout}: {needle}\n{text}");
        }
    }
}
