//! EPUB read through its package: `META-INF/container.xml` names the OPF
//! package file, whose spine gives the chapters in reading order (items
//! marked `linear="no"` and the navigation document left out); each
//! chapter's XHTML is read as HTML ([`super::html`]). A chapter with text
//! but no heading gets one from its `<title>`, when it has one.

use super::archive::Archive;
use super::xml::{Ev, XmlReader, xml_error};
use super::{Block, BlockKind, DocumentError, text_of};
use std::collections::HashMap;

/// The blocks of an EPUB file, chapter after chapter; `path` names it in
/// errors.
pub fn read(path: &str, bytes: &[u8]) -> Result<Vec<Block>, DocumentError> {
    let mut archive = Archive::open(path, "EPUB", bytes)?;
    let container = archive.require("META-INF/container.xml")?;
    let opf_path = rootfile(&container)
        .map_err(|m| xml_error(path, "META-INF/container.xml", m))?
        .ok_or_else(|| xml_error(path, "META-INF/container.xml", "no rootfile".to_string()))?;
    let opf = archive.require(&opf_path)?;
    let chapters = spine(&opf).map_err(|m| xml_error(path, &opf_path, m))?;
    let base = match opf_path.rfind('/') {
        Some(i) => &opf_path[..=i],
        None => "",
    };
    let mut blocks = Vec::new();
    for href in chapters {
        let part = resolve(base, &href);
        let Some(xhtml) = archive.read(&part)? else {
            return Err(DocumentError::MissingPart {
                path: path.to_string(),
                part,
                format: "EPUB",
            });
        };
        let text = text_of(path, &part, &xhtml)?;
        let chapter = super::html::read(&text);
        if chapter.is_empty() {
            continue;
        }
        if !chapter.iter().any(Block::is_heading)
            && let Some(title) = title(&text)
        {
            blocks.push(Block::new(BlockKind::Heading { level: 1 }, title));
        }
        blocks.extend(chapter);
    }
    Ok(blocks)
}

/// The `full-path` of the first `rootfile` of `container.xml`.
fn rootfile(xml: &[u8]) -> Result<Option<String>, String> {
    let mut reader = XmlReader::new(xml);
    loop {
        let ev = reader.next()?;
        match &ev {
            Ev::Start { name, .. } if name == "rootfile" => {
                if let Some(p) = ev.attr("full-path") {
                    return Ok(Some(p.to_string()));
                }
            }
            Ev::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The hrefs of the spine's chapters, in reading order.
fn spine(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = XmlReader::new(xml);
    let mut items: HashMap<String, String> = HashMap::new();
    let mut order = Vec::new();
    loop {
        let ev = reader.next()?;
        match &ev {
            Ev::Start { name, .. } if name == "item" => {
                let nav = ev
                    .attr("properties")
                    .is_some_and(|p| p.split_whitespace().any(|w| w == "nav"));
                if let (Some(id), Some(href), false) = (ev.attr("id"), ev.attr("href"), nav) {
                    items.insert(id.to_string(), href.to_string());
                }
            }
            Ev::Start { name, .. } if name == "itemref" => {
                if ev.attr("linear") != Some("no")
                    && let Some(id) = ev.attr("idref")
                {
                    order.push(id.to_string());
                }
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| items.get(&id).cloned())
        .collect())
}

/// A chapter's href as a path in the archive: relative to the package
/// file, `%xx` decoded, `..` resolved, the fragment dropped.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or(href);
    let mut bytes = Vec::new();
    let raw = href.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if raw[i] == b'%'
            && i + 2 < raw.len()
            && let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2]))
        {
            bytes.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        bytes.push(raw[i]);
        i += 1;
    }
    let href = String::from_utf8_lossy(&bytes);
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{base}{href}");
    for part in joined.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The text of a document's `<title>`, when it has one.
fn title(xhtml: &str) -> Option<String> {
    let html = scraper::Html::parse_document(xhtml);
    let selector = scraper::Selector::parse("title").ok()?;
    let title = html.select(&selector).next()?.text().collect::<String>();
    let title = super::clean(&title);
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_order_without_nav_and_non_linear() {
        let opf = br#"<package xmlns="http://www.idpf.org/2007/opf"><manifest>
<item id="nav" href="nav.xhtml" properties="nav"/><item id="c2" href="text/ch2.xhtml"/>
<item id="c1" href="text/ch%201.xhtml"/><item id="cover" href="cover.xhtml"/></manifest>
<spine><itemref idref="cover" linear="no"/><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#;
        let hrefs = spine(opf).unwrap();
        assert_eq!(hrefs, vec!["text/ch%201.xhtml", "text/ch2.xhtml"]);
        assert_eq!(resolve("OEBPS/", &hrefs[0]), "OEBPS/text/ch 1.xhtml");
        assert_eq!(resolve("OEBPS/", "../x.xhtml#a"), "x.xhtml");
    }

    #[test]
    fn chapter_title_when_no_heading() {
        assert_eq!(
            title("<html><head><title> Chapter\n One </title></head><body><p>x</p></body></html>"),
            Some("Chapter One".to_string())
        );
    }
}
