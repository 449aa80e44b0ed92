//! Word documents (`.docx`, Office Open XML): a title, a line of metadata
//! and a table with one row per bead. Publication style: source | target.
//! Review style: id | source | target | score | status, low-confidence rows
//! shaded and each bead's flags under its status.
//!
//! The package holds the six parts Word and LibreOffice need
//! ([`PARTS`]), deflated, in a fixed order with fixed timestamps (1980-01-01)
//! and permissions, so the same alignment always gives the same bytes.
//! Chinese cells get an East Asian font through their paragraph style
//! (`w:rFonts w:eastAsia`, with `w:hint="eastAsia"` so that CJK punctuation
//! such as `“”` is set in it too) and every cell its language (`w:lang`).
//! Control characters, which XML cannot carry, are dropped and counted.

use super::escape::Escaper;
use super::{ExportOptions, Exporter, Report, Style};
use crate::model::{Alignment, Document, Lang, SegmentKind, Status};
use crate::review::flags::{self, Checker};
use std::io::{self, Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Writes a Word document.
pub struct Docx;

/// The parts of the package, in the order they are zipped.
pub const PARTS: [&str; 6] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/styles.xml",
];

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Page: A4 (in twentieths of a point) with 2 cm margins.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: u32 = 1134;
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;

/// The East Asian font for a Chinese language tag: PMingLiU for
/// traditional script (`zh-TW`, `zh-HK`, `zh-Hant`…), SimSun otherwise.
fn east_asian_font(lang: &str) -> &'static str {
    let tag = lang.to_ascii_lowercase().replace('_', "-");
    if ["-tw", "-hk", "-mo", "-hant"]
        .iter()
        .any(|t| tag.contains(t))
    {
        "PMingLiU"
    } else {
        "SimSun"
    }
}

/// The run properties of one side's text style: East Asian font and
/// language for Chinese, language otherwise.
fn side_rpr(doc: &Document, esc: &mut Escaper) -> String {
    let lang = esc.esc(&doc.lang);
    match doc.family() {
        Lang::Zh => format!(
            r#"<w:rPr><w:rFonts w:hint="eastAsia" w:eastAsia="{}"/><w:lang w:eastAsia="{lang}"/></w:rPr>"#,
            east_asian_font(&doc.lang)
        ),
        _ => format!(r#"<w:rPr><w:lang w:val="{lang}"/></w:rPr>"#),
    }
}

fn styles_xml(alignment: &Alignment, esc: &mut Escaper) -> String {
    let source = side_rpr(&alignment.source, esc);
    let target = side_rpr(&alignment.target, esc);
    let east_asian = [&alignment.source, &alignment.target]
        .into_iter()
        .find(|d| d.family() == Lang::Zh)
        .map(|d| east_asian_font(&d.lang))
        .unwrap_or("SimSun");
    format!(
        r#"{XML_DECL}
<w:styles xmlns:w="{W}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="{east_asian}" w:cs="Calibri"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
  <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
  <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="6E7781"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="TableHeading"><w:name w:val="Table Heading"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="6E7781"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="SourceText"><w:name w:val="Source Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>{source}</w:style>
  <w:style w:type="paragraph" w:styleId="TargetText"><w:name w:val="Target Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>{target}</w:style>
  <w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr><w:rPr><w:color w:val="6E7781"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="SmallRight"><w:name w:val="Small Right"/><w:basedOn w:val="Small"/><w:qFormat/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Flags"><w:name w:val="Flags"/><w:basedOn w:val="Small"/><w:qFormat/><w:rPr><w:color w:val="B35900"/></w:rPr></w:style>
</w:styles>
"#
    )
}

/// A run of text: line breaks become `<w:br/>`, tabs `<w:tab/>`.
fn runs(text: &str, bold: bool, esc: &mut Escaper) -> String {
    let rpr = if bold {
        "<w:rPr><w:b/><w:bCs/></w:rPr>"
    } else {
        ""
    };
    let mut out = format!("<w:r>{rpr}");
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut first_line = true;
    for line in normalized.split('\n') {
        if !first_line {
            out.push_str("<w:br/>");
        }
        first_line = false;
        let mut first_cell = true;
        for piece in line.split('\t') {
            if !first_cell {
                out.push_str("<w:tab/>");
            }
            first_cell = false;
            if !piece.is_empty() {
                out.push_str(&format!(
                    r#"<w:t xml:space="preserve">{}</w:t>"#,
                    esc.esc(piece)
                ));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// A table cell of one or more paragraphs `(style, content runs)`.
fn cell(width: u32, shade: Option<&str>, paragraphs: &[(&str, String)]) -> String {
    let shd = shade
        .map(|fill| format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#))
        .unwrap_or_default();
    let mut out = format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>"#);
    for (style, content) in paragraphs {
        out.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>"#
        ));
    }
    out.push_str("</w:tc>");
    out
}

/// The runs of one side of a bead: the speaker in bold at a turn's start,
/// headings in bold.
fn side_runs(doc: &Document, ids: &[usize], esc: &mut Escaper) -> String {
    let Some(first) = ids.first().and_then(|&i| doc.segments.get(i)) else {
        return String::new();
    };
    let mut out = String::new();
    if let (Some(name), true) = (&first.speaker, first.turn_start) {
        out.push_str(&runs(&format!("{name}: "), true, esc));
    }
    let text = doc.join(ids);
    if !text.is_empty() {
        out.push_str(&runs(&text, first.kind == SegmentKind::Heading, esc));
    }
    out
}

/// The column widths of a style, in twentieths of a point.
fn widths(style: Style) -> Vec<u32> {
    match style {
        Style::Publication => {
            let half = TEXT_WIDTH / 2;
            vec![half, TEXT_WIDTH - half]
        }
        Style::Review => {
            let (id, score, status) = (454, 794, 1134);
            let text = TEXT_WIDTH - id - score - status;
            vec![id, text / 2, text - text / 2, score, status]
        }
    }
}

/// Long because it writes the document in reading order (title, metadata line,
/// table grid, header row, a row per bead); each part is a few lines of the
/// same XML string.
fn document_xml(alignment: &Alignment, options: &ExportOptions, esc: &mut Escaper) -> String {
    let (src, tgt) = (&alignment.source, &alignment.target);
    let review = options.style == Style::Review;
    let widths = widths(options.style);
    let mut body = String::new();
    body.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>{}</w:p>"#,
        runs(&alignment.name, false, esc)
    ));
    let mut subtitle = format!(
        "{} ({}) ↔ {} ({}) · {} beads",
        src.path,
        src.lang,
        tgt.path,
        tgt.lang,
        alignment.beads.len()
    );
    if review && !alignment.beads.is_empty() {
        let mean =
            alignment.beads.iter().map(|b| b.score).sum::<f64>() / alignment.beads.len() as f64;
        let to_review = alignment
            .beads
            .iter()
            .filter(|b| b.status == Status::Review)
            .count();
        subtitle.push_str(&format!(
            " · mean confidence {mean:.2} · {to_review} to review"
        ));
    }
    body.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr>{}</w:p>"#,
        runs(&subtitle, false, esc)
    ));
    body.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="D0D7DE"/><w:left w:val="nil"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="D0D7DE"/><w:right w:val="nil"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="D0D7DE"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>"#);
    body.push_str("<w:tblGrid>");
    for w in &widths {
        body.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    body.push_str("</w:tblGrid>");
    // The header row, repeated on every page.
    let headings: Vec<String> = if review {
        vec![
            "id".into(),
            src.lang.clone(),
            tgt.lang.clone(),
            "score".into(),
            "status".into(),
        ]
    } else {
        vec![src.lang.clone(), tgt.lang.clone()]
    };
    body.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (w, h) in widths.iter().zip(&headings) {
        body.push_str(&cell(*w, None, &[("TableHeading", runs(h, false, esc))]));
    }
    body.push_str("</w:tr>");
    let checker = Checker::new(alignment).with_flags(&options.flags);
    for (k, bead) in alignment.beads.iter().enumerate() {
        let source = side_runs(src, &bead.source, esc);
        let target = side_runs(tgt, &bead.target, esc);
        body.push_str("<w:tr>");
        if review {
            let shade = match bead.status {
                Status::Review => Some("FFF4D6"),
                Status::Rejected => Some("EEEEEE"),
                _ => None,
            };
            let mut status = vec![("Small", runs(bead.status.as_str(), false, esc))];
            let bead_flags = checker.flags(alignment, bead);
            if !bead_flags.is_empty() {
                status.push(("Flags", runs(&flags::join(&bead_flags), false, esc)));
            }
            body.push_str(&cell(
                widths[0],
                shade,
                &[("Small", runs(&(k + 1).to_string(), false, esc))],
            ));
            body.push_str(&cell(widths[1], shade, &[("SourceText", source)]));
            body.push_str(&cell(widths[2], shade, &[("TargetText", target)]));
            body.push_str(&cell(
                widths[3],
                shade,
                &[(
                    "SmallRight",
                    runs(&format!("{:.2}", bead.score), false, esc),
                )],
            ));
            body.push_str(&cell(widths[4], shade, &status));
        } else {
            body.push_str(&cell(widths[0], None, &[("SourceText", source)]));
            body.push_str(&cell(widths[1], None, &[("TargetText", target)]));
        }
        body.push_str("</w:tr>\n");
    }
    body.push_str("</w:tbl>");
    // Word wants a paragraph between a table and the section's end.
    body.push_str("<w:p/>");
    body.push_str(&format!(
        r#"<w:sectPr><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>"#
    ));
    format!("{XML_DECL}\n<w:document xmlns:w=\"{W}\"><w:body>\n{body}</w:body></w:document>\n")
}

/// `YYYYMMDDThhmmssZ` as W3CDTF (`YYYY-MM-DDThh:mm:ssZ`).
pub(super) fn w3cdtf(date: &str) -> Option<String> {
    let b = date.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let ok = b.len() == 16 && digits(0..8) && b[8] == b'T' && digits(9..15) && b[15] == b'Z';
    ok.then(|| {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[0..4],
            &date[4..6],
            &date[6..8],
            &date[9..11],
            &date[11..13],
            &date[13..15]
        )
    })
}

fn core_xml(alignment: &Alignment, options: &ExportOptions, esc: &mut Escaper) -> String {
    let dates = w3cdtf(&options.creation_date)
        .map(|d| {
            format!(
                r#"
  <dcterms:created xsi:type="dcterms:W3CDTF">{d}</dcterms:created>
  <dcterms:modified xsi:type="dcterms:W3CDTF">{d}</dcterms:modified>"#
            )
        })
        .unwrap_or_default();
    format!(
        r#"{XML_DECL}
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <dc:title>{}</dc:title>
  <dc:creator>bitext {}</dc:creator>
  <dc:language>{}</dc:language>{dates}
</cp:coreProperties>
"#,
        esc.esc(&alignment.name),
        env!("CARGO_PKG_VERSION"),
        esc.esc(&alignment.source.lang),
    )
}

const CONTENT_TYPES: &str = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"#;

const PACKAGE_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"#;

const DOCUMENT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"#;

/// The parts of the package as `(name, XML)`, in the order of [`PARTS`],
/// and how many characters were dropped.
pub fn parts(
    alignment: &Alignment,
    options: &ExportOptions,
) -> (Vec<(&'static str, String)>, usize) {
    let mut esc = Escaper { dropped: 0 };
    let document = document_xml(alignment, options, &mut esc);
    let dropped = esc.dropped;
    let styles = styles_xml(alignment, &mut esc);
    let core = core_xml(alignment, options, &mut esc);
    let parts = vec![
        (PARTS[0], format!("{XML_DECL}\n{CONTENT_TYPES}")),
        (PARTS[1], format!("{XML_DECL}\n{PACKAGE_RELS}")),
        (PARTS[2], core),
        (PARTS[3], format!("{XML_DECL}\n{DOCUMENT_RELS}")),
        (PARTS[4], document),
        (PARTS[5], styles),
    ];
    // Only the document's text counts: the name and languages repeat there.
    (parts, dropped)
}

/// Zips package parts into a DOCX (deflated, fixed timestamps).
pub fn package(parts: &[(&'static str, String)]) -> io::Result<Vec<u8>> {
    let file_options = SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(*name, file_options)
            .map_err(io::Error::other)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

impl Exporter for Docx {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let (parts, dropped) = parts(alignment, options);
        out.write_all(&package(&parts)?)?;
        Ok(Report::dropped(dropped, "Word document"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_fonts() {
        assert_eq!(
            w3cdtf("20230610T123456Z").as_deref(),
            Some("2023-06-10T12:34:56Z")
        );
        assert_eq!(w3cdtf("2023-06-10"), None);
        assert_eq!(east_asian_font("zh-TW"), "PMingLiU");
        assert_eq!(east_asian_font("zh_Hant_HK"), "PMingLiU");
        assert_eq!(east_asian_font("zh-CN"), "SimSun");
    }

    #[test]
    fn review_widths_fill_the_page() {
        for style in [Style::Review, Style::Publication] {
            assert_eq!(widths(style).iter().sum::<u32>(), TEXT_WIDTH);
        }
    }
}
