//! A small pull reader over quick-xml for the parts of DOCX and EPUB:
//! owned events with local names (no namespace prefixes), text with the
//! five predefined entities and character references resolved and every
//! other entity left as written (never expanded).

use super::DocumentError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One XML event, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ev {
    /// An opening tag (`empty`: `<x/>`, no end follows), its local name and
    /// its attributes (local names too).
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        empty: bool,
    },
    End {
        name: String,
    },
    Text(String),
    Eof,
}

impl Ev {
    /// The value of an attribute of a start tag.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Ev::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// The error of a part of `path` whose XML could not be read.
pub(crate) fn xml_error(path: &str, part: &str, message: String) -> DocumentError {
    DocumentError::Xml {
        path: path.to_string(),
        part: part.to_string(),
        message,
    }
}

/// Reads events from one part; errors are messages (the caller names the
/// file and the part).
pub(crate) struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    buf: Vec<u8>,
}

fn local(name: &str) -> String {
    match name.rfind(':') {
        Some(i) => name[i + 1..].to_string(),
        None => name.to_string(),
    }
}

fn attrs(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (local(a.key.as_ref()), value)
        })
        .collect()
}

impl<'a> XmlReader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        XmlReader {
            reader: Reader::from_reader(bytes),
            buf: Vec::new(),
        }
    }

    /// The byte offset just after the last event read.
    pub(crate) fn position(&self) -> usize {
        self.reader.buffer_position() as usize
    }

    /// The next event; text, CDATA and references come as [`Ev::Text`].
    pub(crate) fn next(&mut self) -> Result<Ev, String> {
        loop {
            self.buf.clear();
            let event = self
                .reader
                .read_event_into(&mut self.buf)
                .map_err(|e| format!("at byte {}: {e}", self.reader.error_position()))?;
            return Ok(match event {
                Event::Start(ref e) => Ev::Start {
                    name: local(e.name().as_ref()),
                    attrs: attrs(e),
                    empty: false,
                },
                Event::Empty(ref e) => Ev::Start {
                    name: local(e.name().as_ref()),
                    attrs: attrs(e),
                    empty: true,
                },
                Event::End(ref e) => Ev::End {
                    name: local(e.name().as_ref()),
                },
                Event::Text(ref t) => Ev::Text(t.xml10_content().to_string()),
                Event::CData(ref t) => Ev::Text(t.clone().into_inner().into_owned()),
                Event::GeneralRef(ref r) => {
                    let name = r.clone().into_inner().into_owned();
                    Ev::Text(match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match name.as_str() {
                            "amp" => "&".to_string(),
                            "lt" => "<".to_string(),
                            "gt" => ">".to_string(),
                            "quot" => "\"".to_string(),
                            "apos" => "'".to_string(),
                            // Declared entities are never expanded.
                            other => format!("&{other};"),
                        },
                    })
                }
                Event::Eof => Ev::Eof,
                _ => continue,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_beyond_the_predefined_are_not_expanded() {
        let xml =
            br#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "boom">]><a>&e;&amp;&#x4e2d;</a>"#;
        let mut r = XmlReader::new(xml);
        let mut text = String::new();
        loop {
            match r.next().unwrap() {
                Ev::Text(t) => text.push_str(&t),
                Ev::Eof => break,
                _ => {}
            }
        }
        assert_eq!(text, "&e;&中");
    }
}
