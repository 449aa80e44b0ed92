//! Reading a TMX for the check: the bytes (encoding, byte-order mark,
//! forbidden characters), then quick-xml's events, with well-formedness
//! faults placed at their line and column.

use super::dtd::*;
use super::*;

impl Checker {
    pub(super) fn new(profile: TmxProfile) -> Self {
        Checker {
            profile,
            faults: Vec::new(),
            units: 0,
            unit_starts: Vec::new(),
            header_srclang: None,
            header_line: 1,
            version: None,
            legacy_lang_reported: false,
            source_locales: Vec::new(),
            languages: Vec::new(),
            seen: HashMap::new(),
            reported_langs: HashSet::new(),
            reported_props: HashSet::new(),
        }
    }

    /// The tool keeps one source locale per memory and refuses units that
    /// say otherwise.
    pub(super) fn strict_source(&self) -> bool {
        !self.profile.accepts_all_srclang()
    }

    pub(super) fn push(
        &mut self,
        severity: Severity,
        kind: FaultKind,
        (line, column): (usize, Option<usize>),
        unit: Option<usize>,
        message: impl Into<String>,
    ) {
        self.faults.push(Fault {
            severity,
            kind,
            line,
            column,
            unit,
            message: message.into(),
        });
    }

    pub(super) fn run(&mut self, bytes: &[u8]) {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            self.push(
                Severity::Error,
                FaultKind::Encoding,
                (1, None),
                None,
                "the file is UTF-16; bitext check reads UTF-8 TMX (most tools want UTF-8 too): convert it first",
            );
            return;
        }
        let (base, body) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => {
                self.push(
                    Severity::Warning,
                    FaultKind::Bom,
                    (1, Some(1)),
                    None,
                    "a UTF-8 byte-order mark before `<?xml`: some tools refuse the file or read the declaration as text",
                );
                (3, rest)
            }
            None => (0, bytes),
        };
        let text = match std::str::from_utf8(body) {
            Ok(text) => text,
            Err(e) => {
                let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or("");
                let (line, column) = Lines::new(valid).at(valid.len());
                self.push(
                    Severity::Error,
                    FaultKind::Encoding,
                    (line, Some(column)),
                    None,
                    format!(
                        "not UTF-8: invalid byte 0x{:02X} (byte {})",
                        body[e.valid_up_to()],
                        base + e.valid_up_to() + 1
                    ),
                );
                return;
            }
        };
        let lines = Lines::new(text);
        self.parse(text, &lines);
        self.forbidden_characters(text, &lines);
        self.file_level();
    }

    /// Raw characters XML 1.0 forbids, each with its unit.
    pub(super) fn forbidden_characters(&mut self, text: &str, lines: &Lines<'_>) {
        for (offset, c) in text.char_indices().filter(|&(_, c)| !xml_allowed(c)) {
            let (line, column) = lines.at(offset);
            let unit = self
                .unit_starts
                .partition_point(|&(start, _)| start <= offset)
                .checked_sub(1)
                .map(|k| self.unit_starts[k].1);
            self.push(
                Severity::Error,
                FaultKind::ForbiddenCharacter,
                (line, Some(column)),
                unit,
                format!(
                    "character U+{:04X} is not allowed in XML 1.0 (parsers refuse the file)",
                    c as u32
                ),
            );
        }
    }

    /// Reads the whole file's XML events, handing each element to its checks.
    /// Long because it is one loop over the events whose state (open elements,
    /// the unit being read) lives in the loop.
    pub(super) fn parse(&mut self, text: &str, lines: &Lines<'_>) {
        let mut reader = Reader::from_str(text);
        reader.config_mut().enable_all_checks(true);
        let mut stack: Vec<Open> = Vec::new();
        let mut root_seen = false;
        let mut unit: Option<Unit> = None;
        loop {
            let position = reader.buffer_position() as usize;
            let at = lines.at(position);
            let here = (at.0, Some(at.1));
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let (line, column) = lines.at(reader.error_position() as usize);
                    self.push(
                        Severity::Error,
                        FaultKind::NotWellFormed,
                        (line, Some(column)),
                        unit.as_ref().map(|u| u.number),
                        format!("not well-formed XML: {e}"),
                    );
                    return;
                }
            };
            let unit_number = unit.as_ref().map(|u| u.number);
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let name = e.name().as_ref().to_string();
                    let parent = stack.last().map(|o| o.name.clone());
                    if parent.is_none() {
                        if root_seen {
                            self.push(
                                Severity::Error,
                                FaultKind::NotWellFormed,
                                here,
                                None,
                                format!("<{name}> after the root element: a document has one root"),
                            );
                        }
                        root_seen = true;
                    }
                    // A `<tu>`'s own faults carry its number.
                    let number = if name == "tu" {
                        Some(self.units + 1)
                    } else {
                        unit_number
                    };
                    let attrs = self.attributes_of(e, &name, here, number);
                    self.element(&name, parent.as_deref(), &mut stack, here, unit_number);
                    self.start(&name, &attrs, here, &mut unit, position);
                    if empty {
                        self.end(&name, &mut stack, here, &mut unit, true);
                    } else {
                        stack.push(Open {
                            name,
                            state: 0,
                            text_reported: false,
                        });
                    }
                }
                Event::End(ref e) => {
                    let name = e.name().as_ref().to_string();
                    self.end(&name, &mut stack, here, &mut unit, false);
                    stack.pop();
                }
                Event::Text(ref t) => {
                    let content = t.xml10_content();
                    self.text(&content, &mut stack, here, &mut unit);
                }
                Event::CData(ref t) => {
                    let content = t.clone().into_inner().into_owned();
                    self.text(&content, &mut stack, here, &mut unit);
                }
                Event::GeneralRef(ref r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) if xml_allowed(c) => Some(c.to_string()),
                        Ok(Some(c)) => {
                            self.push(
                                Severity::Error,
                                FaultKind::ForbiddenCharacter,
                                here,
                                unit_number,
                                format!(
                                    "character reference to U+{:04X}, which XML 1.0 does not allow",
                                    c as u32
                                ),
                            );
                            None
                        }
                        Ok(None) => match &**r {
                            "amp" => Some("&".to_string()),
                            "lt" => Some("<".to_string()),
                            "gt" => Some(">".to_string()),
                            "quot" => Some("\"".to_string()),
                            "apos" => Some("'".to_string()),
                            other => {
                                self.push(
                                    Severity::Error,
                                    FaultKind::NotWellFormed,
                                    here,
                                    unit_number,
                                    format!("undefined entity `&{other};` (TMX declares none)"),
                                );
                                None
                            }
                        },
                        Err(e) => {
                            self.push(
                                Severity::Error,
                                FaultKind::NotWellFormed,
                                here,
                                unit_number,
                                format!("bad character reference `&{};`: {e}", &**r),
                            );
                            None
                        }
                    };
                    if let Some(s) = resolved {
                        self.text(&s, &mut stack, here, &mut unit);
                    }
                }
                Event::Decl(_) if position != 0 => self.push(
                    Severity::Error,
                    FaultKind::NotWellFormed,
                    here,
                    None,
                    "the XML declaration is not at the very start of the file",
                ),
                Event::DocType(_) if root_seen => self.push(
                    Severity::Error,
                    FaultKind::NotWellFormed,
                    here,
                    None,
                    "<!DOCTYPE> after the root element",
                ),
                Event::Eof => {
                    if let Some(open) = stack.last() {
                        let name = open.name.clone();
                        self.push(
                            Severity::Error,
                            FaultKind::NotWellFormed,
                            here,
                            unit_number,
                            format!("the file ends inside <{name}>"),
                        );
                    } else if !root_seen {
                        self.push(
                            Severity::Error,
                            FaultKind::NotWellFormed,
                            here,
                            None,
                            "no root element: this is no XML document",
                        );
                    }
                    return;
                }
                _ => {}
            }
        }
    }

    /// Reads the attributes of an element and checks them against the DTD.
    ///
    /// Long because it lists the DTD's attribute rules element by element.
    pub(super) fn attributes_of(
        &mut self,
        e: &BytesStart<'_>,
        name: &str,
        here: (usize, Option<usize>),
        unit: Option<usize>,
    ) -> HashMap<String, String> {
        let mut found = HashMap::new();
        for attr in e.attributes() {
            match attr {
                Ok(a) => {
                    let key = a.key.as_ref().to_string();
                    let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(v) => v.into_owned(),
                        Err(err) => {
                            self.push(
                                Severity::Error,
                                FaultKind::NotWellFormed,
                                here,
                                unit,
                                format!("<{name}> attribute `{key}`: {err}"),
                            );
                            a.value.to_string()
                        }
                    };
                    found.insert(key, value);
                }
                Err(err) => {
                    self.push(
                        Severity::Error,
                        FaultKind::NotWellFormed,
                        here,
                        unit,
                        format!("<{name}>: bad attribute: {err}"),
                    );
                    break;
                }
            }
        }
        let Some((required, optional)) = attributes(name) else {
            return found;
        };
        for &key in required {
            if found.contains_key(key) {
                continue;
            }
            let legacy = key == "xml:lang" && found.contains_key("lang");
            if legacy && self.version.as_deref().is_some_and(|v| v != "1.4") {
                if !self.legacy_lang_reported {
                    self.legacy_lang_reported = true;
                    self.push(
                        Severity::Warning,
                        FaultKind::Structure,
                        here,
                        unit,
                        "<tuv> names its language with TMX 1.1's `lang`, not `xml:lang` (reported once)",
                    );
                }
                continue;
            }
            self.push(
                Severity::Error,
                FaultKind::Structure,
                here,
                unit,
                format!("<{name}> lacks the required attribute `{key}`"),
            );
        }
        let mut keys: Vec<&String> = found.keys().collect();
        keys.sort();
        for key in keys {
            let known = required.contains(&key.as_str())
                || optional.contains(&key.as_str())
                || key.starts_with("xmlns");
            if !known {
                self.push(
                    Severity::Error,
                    FaultKind::Structure,
                    here,
                    unit,
                    format!("<{name}> has an attribute `{key}` that TMX 1.4b does not define"),
                );
            }
        }
        let segtype = found.get("segtype").map(String::as_str);
        if let Some(v) = segtype
            && !matches!(v, "block" | "paragraph" | "sentence" | "phrase")
        {
            self.push(
                Severity::Error,
                FaultKind::Structure,
                here,
                unit,
                format!("<{name}> segtype `{v}` is not block, paragraph, sentence or phrase"),
            );
        }
        if name == "it"
            && let Some(v) = found.get("pos")
            && !matches!(v.as_str(), "begin" | "end")
        {
            self.push(
                Severity::Error,
                FaultKind::Structure,
                here,
                unit,
                format!("<it> pos `{v}` is not begin or end"),
            );
        }
        found
    }
}
