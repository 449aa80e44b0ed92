//! Reading TMX back: translation units with their variants and props,
//! streamed (a large file is never loaded whole). No DTD is fetched and no
//! entity beyond XML's five and character references is expanded.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::BufRead;
use thiserror::Error;

/// One `<tu>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TranslationUnit {
    pub tuid: Option<String>,
    /// The unit's own `srclang`, which overrides the header's.
    pub srclang: Option<String>,
    /// `(type, value)` of each `<prop>`, in order.
    pub props: Vec<(String, String)>,
    /// `(xml:lang, segment text)` of each `<tuv>`, in order.
    pub variants: Vec<(String, String)>,
}

impl TranslationUnit {
    /// The value of the first prop of a type.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }
}

/// A TMX file: header attributes and units.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TmxFile {
    /// Attributes of `<header>` (`srclang`, `creationtool` …).
    pub header: Vec<(String, String)>,
    pub units: Vec<TranslationUnit>,
}

impl TmxFile {
    pub fn header_attr(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A TMX that could not be read.
#[derive(Debug, Error)]
#[error("byte {position}: {message}")]
pub struct TmxError {
    pub position: u64,
    pub message: String,
}

/// Inline elements whose content is native markup, not text.
const CODE_ELEMENTS: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];

fn attrs(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (a.key.as_ref().to_string(), value)
        })
        .collect()
}

/// Reads a TMX document whole (units kept in memory). For large files use
/// [`TmxReader`], which hands out one unit at a time.
pub fn read_tmx<R: BufRead>(input: R) -> Result<TmxFile, TmxError> {
    let mut reader = TmxReader::new(input)?;
    let header = reader.header().to_vec();
    let units = reader.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(TmxFile { header, units })
}

/// A streaming TMX reader: the header is read on creation, then each
/// `<tu>` is parsed when asked for, so memory holds one unit at a time.
pub struct TmxReader<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    header: Vec<(String, String)>,
    /// A unit started while looking for the header (a TMX without one).
    pending: Option<TranslationUnit>,
    done: bool,
}

impl<R: BufRead> TmxReader<R> {
    /// Starts reading: everything up to the `<header>` (or the first
    /// `<tu>`, or the end) is consumed.
    pub fn new(input: R) -> Result<Self, TmxError> {
        let mut this = TmxReader {
            reader: Reader::from_reader(input),
            buf: Vec::new(),
            header: Vec::new(),
            pending: None,
            done: false,
        };
        loop {
            let event = this.event()?;
            match event {
                Ev::Header(h) => {
                    this.header = h;
                    break;
                }
                Ev::UnitStart(u) => {
                    this.pending = Some(u);
                    break;
                }
                Ev::Eof => {
                    this.done = true;
                    break;
                }
                Ev::Other(_) => {}
            }
        }
        Ok(this)
    }

    /// Attributes of `<header>` (`srclang`, `creationtool` …); empty when
    /// the file has none.
    pub fn header(&self) -> &[(String, String)] {
        &self.header
    }

    /// The value of a header attribute.
    pub fn header_attr(&self, name: &str) -> Option<&str> {
        self.header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn error(&self, message: impl ToString) -> TmxError {
        TmxError {
            position: self.reader.buffer_position(),
            message: message.to_string(),
        }
    }

    /// The next event that matters outside a unit.
    fn event(&mut self) -> Result<Ev, TmxError> {
        let event = next_event(&mut self.reader, &mut self.buf)?;
        Ok(match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref().to_ascii_lowercase().as_str() {
                    "header" => {
                        let h = attrs(e);
                        if !empty {
                            self.skip_to_end("header")?;
                        }
                        Ev::Header(h)
                    }
                    "tu" => {
                        let mut unit = TranslationUnit::default();
                        for (k, v) in attrs(e) {
                            match k.as_str() {
                                "tuid" => unit.tuid = Some(v),
                                "srclang" => unit.srclang = Some(v),
                                _ => {}
                            }
                        }
                        if empty {
                            Ev::Other(Some(unit))
                        } else {
                            Ev::UnitStart(unit)
                        }
                    }
                    _ => Ev::Other(None),
                }
            }
            Event::Eof => Ev::Eof,
            _ => Ev::Other(None),
        })
    }

    /// Skips to the end tag of `name` (the header's own props and notes).
    fn skip_to_end(&mut self, name: &str) -> Result<(), TmxError> {
        let mut depth = 1usize;
        loop {
            let event = next_event(&mut self.reader, &mut self.buf)?;
            match event {
                Event::Start(ref e) if e.name().as_ref().eq_ignore_ascii_case(name) => depth += 1,
                Event::End(ref e) if e.name().as_ref().eq_ignore_ascii_case(name) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(self.error(format!("the file ends inside <{name}>")));
                }
                _ => {}
            }
        }
    }

    /// Reads the inside of a `<tu>` up to its end tag.
    ///
    /// Long because it is one loop over the unit's XML events (props, notes,
    /// variants, segments with inline tags) whose state lives in the loop.
    fn read_unit(&mut self, mut unit: TranslationUnit) -> Result<TranslationUnit, TmxError> {
        let mut lang: Option<String> = None;
        let mut prop_type: Option<String> = None;
        let mut text: Option<String> = None; // inside <seg> or <prop>
        let mut code_depth = 0usize;
        loop {
            let event = next_event(&mut self.reader, &mut self.buf)?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let name = e.name().as_ref().to_ascii_lowercase();
                    match name.as_str() {
                        "tuv" => {
                            lang = attrs(e)
                                .into_iter()
                                .find(|(k, _)| k == "xml:lang" || k == "lang")
                                .map(|(_, v)| v);
                        }
                        "seg" if !empty => text = Some(String::new()),
                        "prop" if !empty => {
                            prop_type = attrs(e)
                                .into_iter()
                                .find(|(k, _)| k == "type")
                                .map(|(_, v)| v);
                            text = Some(String::new());
                        }
                        n if !empty && CODE_ELEMENTS.contains(&n) => code_depth += 1,
                        _ => {}
                    }
                }
                Event::End(ref e) => {
                    let name = e.name().as_ref().to_ascii_lowercase();
                    match name.as_str() {
                        "seg" => {
                            if let Some(t) = text.take() {
                                unit.variants.push((lang.clone().unwrap_or_default(), t));
                            }
                        }
                        "prop" => {
                            if let Some(t) = text.take() {
                                unit.props.push((prop_type.take().unwrap_or_default(), t));
                            }
                        }
                        "tu" => return Ok(unit),
                        n if CODE_ELEMENTS.contains(&n) => {
                            code_depth = code_depth.saturating_sub(1)
                        }
                        _ => {}
                    }
                }
                Event::Text(ref t) if code_depth == 0 => {
                    if let Some(s) = text.as_mut() {
                        s.push_str(&t.xml10_content());
                    }
                }
                Event::CData(ref t) if code_depth == 0 => {
                    if let Some(s) = text.as_mut() {
                        s.push_str(&t.clone().into_inner());
                    }
                }
                Event::GeneralRef(ref r) if code_depth == 0 => {
                    if let Some(s) = text.as_mut() {
                        let name = r.clone().into_inner();
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => s.push(c),
                            _ => match name.as_ref() {
                                "amp" => s.push('&'),
                                "lt" => s.push('<'),
                                "gt" => s.push('>'),
                                "quot" => s.push('"'),
                                "apos" => s.push('\''),
                                // Declared entities are never expanded.
                                other => {
                                    s.push('&');
                                    s.push_str(other);
                                    s.push(';');
                                }
                            },
                        }
                    }
                }
                Event::Eof => return Err(self.error("the file ends inside a <tu>")),
                _ => {}
            }
        }
    }
}

/// The next XML event, read into `buf` (cleared first).
fn next_event<'b, R: BufRead>(
    reader: &mut Reader<R>,
    buf: &'b mut Vec<u8>,
) -> Result<Event<'b>, TmxError> {
    buf.clear();
    reader.read_event_into(buf).map_err(|e| TmxError {
        position: reader.error_position(),
        message: e.to_string(),
    })
}

/// What matters outside a unit.
enum Ev {
    Header(Vec<(String, String)>),
    UnitStart(TranslationUnit),
    /// Anything else; an empty `<tu/>` carries its (empty) unit.
    Other(Option<TranslationUnit>),
    Eof,
}

impl<R: BufRead> Iterator for TmxReader<R> {
    type Item = Result<TranslationUnit, TmxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(unit) = self.pending.take() {
            let result = self.read_unit(unit);
            self.done |= result.is_err();
            return Some(result);
        }
        while !self.done {
            match self.event() {
                Ok(Ev::UnitStart(unit)) => {
                    let result = self.read_unit(unit);
                    self.done |= result.is_err();
                    return Some(result);
                }
                Ok(Ev::Other(Some(unit))) => return Some(Ok(unit)),
                Ok(Ev::Eof) => self.done = true,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_props_and_inline_codes() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="ZH" creationtool="x"/>
<body><tu tuid="7"><prop type="x-score">0.5</prop>
<tuv xml:lang="ZH"><seg>你好 &amp; <bpt i="1">&lt;b&gt;</bpt>世界<ept i="1">&lt;/b&gt;</ept>&#x21;&xxe;</seg></tuv>
<tuv lang="EN-GB"><seg><![CDATA[Hello <world>]]></seg></tuv></tu></body></tmx>"#;
        let f = read_tmx(xml.as_bytes()).unwrap();
        assert_eq!(f.header_attr("srclang"), Some("ZH"));
        assert_eq!(f.units.len(), 1);
        let u = &f.units[0];
        assert_eq!(u.tuid.as_deref(), Some("7"));
        assert_eq!(u.prop("x-score"), Some("0.5"));
        assert_eq!(
            u.variants[0],
            ("ZH".to_string(), "你好 & 世界!&xxe;".to_string())
        );
        assert_eq!(
            u.variants[1],
            ("EN-GB".to_string(), "Hello <world>".to_string())
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(read_tmx("<tmx><body><tu></body>".as_bytes()).is_err());
    }

    #[test]
    fn truncated_file_names_where_it_ends() {
        let xml = "<tmx><header srclang=\"zh\"/><body><tu><tuv xml:lang=\"zh\"><seg>你好";
        let err = read_tmx(xml.as_bytes()).unwrap_err();
        assert_eq!(err.position, xml.len() as u64);
        assert_eq!(err.message, "the file ends inside a <tu>");
    }
}
