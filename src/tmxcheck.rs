//! `bitext check`: checks any TMX file, ours or another tool's, against
//! what makes CAT tools reject it or silently drop its units. It reads the
//! bytes itself (quick-xml events, no DTD processor) and reports
//! [`Fault`]s with their line (and column), and the unit they are in:
//!
//! - the bytes: a byte-order mark, UTF-16, invalid UTF-8, characters XML 1.0
//!   forbids (raw or as character references);
//! - well-formedness: what quick-xml rejects (with its position), undefined
//!   entities, unclosed elements, content outside the root;
//! - the TMX 1.4b DTD's rules: the elements and their order (`tmx` holds a
//!   `header` then a `body`; a `tu` its notes and props, then one or more
//!   `tuv`; a `tuv` its notes and props, then one `seg`; what inline
//!   elements hold), required and known attributes, enumerated values;
//! - what tools drop: a unit without a variant in its source language, a
//!   unit whose `srclang` contradicts the header's, more than one source
//!   locale in a file, `srclang="*all*"` where the profile's tool does not
//!   take it, empty or whitespace-only segments, units with one variant,
//!   segments over the profile's length limit, duplicate units (the same
//!   texts and props as an earlier unit), `<prop>` types without `x-`, language
//!   codes that are malformed or lack the region the profile's tool wants.
//!
//! What is an error and what a warning depends on the [`TmxProfile`]:
//! errors are what makes the file or a unit fail in that tool; a warning
//! is a unit that will be dropped or a rule another tool enforces. The
//! check never fails on its input: a garbage file gives faults.

use crate::export::escape::xml_allowed;
use crate::export::tmx_profile::{TmxProfile, region_of, well_formed_lang};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};

/// How bad a fault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What kind of fault (for tests and tools that filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// A UTF-8 byte-order mark before `<?xml`.
    Bom,
    /// Not UTF-8 (UTF-16, or invalid bytes).
    Encoding,
    /// A character XML 1.0 forbids, raw or as a character reference.
    ForbiddenCharacter,
    /// Not well-formed XML.
    NotWellFormed,
    /// Against the TMX 1.4b DTD: elements, their order, attributes.
    Structure,
    /// A unit's `srclang` differs from the header's.
    SrclangContradicted,
    /// A unit has no variant in its source language.
    NoSourceVariant,
    /// More than one source locale in the file.
    SeveralSourceLocales,
    /// `srclang="*all*"` where the tool does not take it.
    SrclangAll,
    /// An empty or whitespace-only segment.
    EmptySegment,
    /// A unit with a single variant (no translation).
    SingleVariant,
    /// A segment over the profile's length limit.
    SegmentTooLong,
    /// The same unit again: the same texts in the same languages and the
    /// same props.
    DuplicateUnit,
    /// A language code that is malformed or not what the tool wants.
    Language,
    /// A header value the profile's tool does not take (e.g. `datatype`).
    HeaderValue,
    /// A `<prop>` type without the `x-` prefix of tool-specific props.
    PropType,
}

/// One fault found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub severity: Severity,
    pub kind: FaultKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters), where it is known.
    pub column: Option<usize>,
    /// 1-based number of the `<tu>` it is in, if any.
    pub unit: Option<usize>,
    pub message: String,
}

impl Fault {
    /// `file:line: error: message (unit N)`.
    pub fn render(&self, file: &str) -> String {
        let column = self
            .column
            .map(|c| format!("column {c}: "))
            .unwrap_or_default();
        let unit = self
            .unit
            .map(|u| format!(" (unit {u})"))
            .unwrap_or_default();
        format!(
            "{file}:{}: {}: {column}{}{unit}",
            self.line,
            self.severity.name(),
            self.message
        )
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub profile: TmxProfile,
    /// In file order.
    pub faults: Vec<Fault>,
    /// `<tu>` elements seen.
    pub units: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.faults
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The faults of one kind.
    pub fn of_kind(&self, kind: FaultKind) -> Vec<&Fault> {
        self.faults.iter().filter(|f| f.kind == kind).collect()
    }

    /// `file: 2 errors, 1 warning in 40 units (profile trados)`.
    pub fn summary(&self, file: &str) -> String {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        format!(
            "{file}: {}, {} in {} (profile {})",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning"),
            plural(self.units, "unit"),
            self.profile
        )
    }
}

/// Checks the bytes of a TMX file for a profile's tool.
pub fn check_tmx(bytes: &[u8], profile: TmxProfile) -> CheckReport {
    let mut checker = Checker::new(profile);
    checker.run(bytes);
    checker
        .faults
        .sort_by_key(|f| (f.line, f.column.unwrap_or(0)));
    CheckReport {
        profile,
        faults: checker.faults,
        units: checker.units,
    }
}

/// Line starts of a text, to turn byte offsets into lines and columns.
/// Offsets asked for in increasing order (as reading goes) cost only the
/// characters since the last one: a TMX written on one long line is not
/// counted again from its start for every event.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last answer: (offset, line, column).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            text,
            starts,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last_offset, last_line, last_column) = self.last.get();
        let (from, column) = if last_line == line && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 1)
        };
        let column = column + self.text[from..offset].chars().count();
        self.last.set((offset, line, column));
        (line, column)
    }
}

/// An element open while reading, and what its content model has seen.
struct Open {
    name: String,
    /// Children seen, for the content models with an order.
    state: u8,
    /// Text in an element that takes none was reported already.
    text_reported: bool,
}

/// The `<tu>` being read.
#[derive(Default)]
struct Unit {
    number: usize,
    line: usize,
    srclang: Option<String>,
    /// (language, text, line) of each variant.
    variants: Vec<(String, String, usize)>,
    lang: Option<String>,
    text: Option<String>,
    seg_line: usize,
    /// Depth of inline code elements (their content is not text).
    code_depth: usize,
    /// The unit's props (and its variants'), `(type, value)`.
    props: Vec<(String, String)>,
    /// The prop being read.
    prop: Option<(String, String)>,
}

struct Checker {
    profile: TmxProfile,
    faults: Vec<Fault>,
    units: usize,
    /// 1-based offsets of units: (start byte, number), for placing raw
    /// character faults.
    unit_starts: Vec<(usize, usize)>,
    header_srclang: Option<String>,
    header_line: usize,
    version: Option<String>,
    legacy_lang_reported: bool,
    /// Source locales seen: (lower case, as written).
    source_locales: Vec<(String, String)>,
    languages: Vec<String>,
    seen: HashMap<Vec<(String, String)>, (usize, usize)>,
    reported_langs: HashSet<String>,
    reported_props: HashSet<String>,
}

/// Attributes each element may have (TMX 1.4b DTD), the required first.
fn attributes(element: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const DATES: [&str; 12] = [
        "o-encoding",
        "datatype",
        "usagecount",
        "lastusagedate",
        "creationtool",
        "creationtoolversion",
        "creationdate",
        "creationid",
        "changedate",
        "changeid",
        "o-tmf",
        "lang",
    ];
    Some(match element {
        "tmx" => (&["version"], &[]),
        "header" => (
            &[
                "creationtool",
                "creationtoolversion",
                "segtype",
                "o-tmf",
                "adminlang",
                "srclang",
                "datatype",
            ],
            &[
                "o-encoding",
                "creationdate",
                "creationid",
                "changedate",
                "changeid",
            ],
        ),
        "body" | "seg" => (&[], &[]),
        "note" => (&[], &["o-encoding", "xml:lang", "lang"]),
        "prop" => (&["type"], &["xml:lang", "o-encoding", "lang"]),
        "ude" => (&["name"], &["base"]),
        "map" => (&["unicode"], &["code", "ent", "subst"]),
        "tu" => (
            &[],
            &[
                "tuid",
                "o-encoding",
                "datatype",
                "usagecount",
                "lastusagedate",
                "creationtool",
                "creationtoolversion",
                "creationdate",
                "creationid",
                "changedate",
                "segtype",
                "changeid",
                "o-tmf",
                "srclang",
            ],
        ),
        "tuv" => (&["xml:lang"], &DATES),
        "bpt" => (&["i"], &["x", "type"]),
        "ept" => (&["i"], &[]),
        "sub" => (&[], &["datatype", "type"]),
        "it" => (&["pos"], &["x", "type"]),
        "ph" => (&[], &["x", "assoc", "type"]),
        "hi" => (&[], &["x", "type"]),
        "ut" => (&[], &["x"]),
        _ => return None,
    })
}

/// Whether `child` may appear in `parent` (None: the document level).
fn allowed_child(parent: Option<&str>, child: &str) -> bool {
    match parent {
        None => child == "tmx",
        Some("tmx") => matches!(child, "header" | "body"),
        Some("header") => matches!(child, "note" | "prop" | "ude"),
        Some("body") => child == "tu",
        Some("tu") => matches!(child, "note" | "prop" | "tuv"),
        Some("tuv") => matches!(child, "note" | "prop" | "seg"),
        Some("ude") => child == "map",
        Some("seg" | "sub" | "hi") => matches!(child, "bpt" | "ept" | "it" | "ph" | "hi" | "ut"),
        Some("bpt" | "ept" | "it" | "ph" | "ut") => child == "sub",
        _ => false,
    }
}

/// Whether an element holds text (#PCDATA).
fn takes_text(element: &str) -> bool {
    matches!(
        element,
        "seg" | "sub" | "hi" | "bpt" | "ept" | "it" | "ph" | "ut" | "prop" | "note"
    )
}

const CODE_ELEMENTS: [&str; 5] = ["bpt", "ept", "it", "ph", "ut"];

impl Checker {
    fn new(profile: TmxProfile) -> Self {
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
    fn strict_source(&self) -> bool {
        !self.profile.accepts_all_srclang()
    }

    fn push(
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

    fn run(&mut self, bytes: &[u8]) {
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
    fn forbidden_characters(&mut self, text: &str, lines: &Lines<'_>) {
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

    fn parse(&mut self, text: &str, lines: &Lines<'_>) {
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
    fn attributes_of(
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

    /// The element's place in its parent's content model.
    fn element(
        &mut self,
        name: &str,
        parent: Option<&str>,
        stack: &mut [Open],
        here: (usize, Option<usize>),
        unit: Option<usize>,
    ) {
        if attributes(name).is_none() {
            self.push(
                Severity::Error,
                FaultKind::Structure,
                here,
                unit,
                format!("<{name}> is not a TMX 1.4b element"),
            );
            return;
        }
        if !allowed_child(parent, name) {
            let place = parent.map_or("the document".to_string(), |p| format!("<{p}>"));
            self.push(
                Severity::Error,
                FaultKind::Structure,
                here,
                unit,
                format!("<{name}> is not allowed in {place}"),
            );
            return;
        }
        let Some(open) = stack.last_mut() else {
            return;
        };
        // Order: tmx (header, body); tu ((note|prop)*, tuv+);
        // tuv ((note|prop)*, seg).
        let message = match (open.name.as_str(), name, open.state) {
            ("tmx", "header", 0) => {
                open.state = 1;
                None
            }
            ("tmx", "body", 1) => {
                open.state = 2;
                None
            }
            ("tmx", "header", _) => Some("a second <header>".to_string()),
            ("tmx", "body", 0) => Some("<body> before <header>".to_string()),
            ("tmx", "body", _) => Some("a second <body>".to_string()),
            ("tu", "tuv", _) => {
                open.state = 1;
                None
            }
            ("tu", _, 1) => Some(format!(
                "<{name}> after a <tuv>: notes and props come first"
            )),
            ("ude", "map", _) => {
                open.state = 1;
                None
            }
            ("tuv", "seg", 0) => {
                open.state = 1;
                None
            }
            ("tuv", "seg", _) => Some("a second <seg> in a <tuv>".to_string()),
            ("tuv", _, 1) => Some(format!("<{name}> after the <seg>")),
            _ => None,
        };
        if let Some(message) = message {
            self.push(Severity::Error, FaultKind::Structure, here, unit, message);
        }
    }

    /// What the start of an element means for the TMX's content.
    fn start(
        &mut self,
        name: &str,
        attrs: &HashMap<String, String>,
        here: (usize, Option<usize>),
        unit: &mut Option<Unit>,
        position: usize,
    ) {
        match name {
            "tmx" => {
                self.version = attrs.get("version").cloned();
                if let Some(v) = &self.version
                    && v != "1.4"
                {
                    self.push(
                        Severity::Warning,
                        FaultKind::Structure,
                        here,
                        None,
                        format!("TMX version `{v}`: checked against TMX 1.4b's rules"),
                    );
                }
            }
            "header" => self.header(attrs, here),
            "tu" => {
                self.units += 1;
                self.unit_starts.push((position, self.units));
                *unit = Some(Unit {
                    number: self.units,
                    line: here.0,
                    srclang: attrs.get("srclang").cloned(),
                    ..Unit::default()
                });
            }
            "tuv" => {
                if let Some(u) = unit.as_mut() {
                    u.lang = attrs.get("xml:lang").or_else(|| attrs.get("lang")).cloned();
                }
            }
            "prop" => {
                if let Some(u) = unit.as_mut() {
                    u.prop = Some((
                        attrs.get("type").cloned().unwrap_or_default(),
                        String::new(),
                    ));
                }
                let number = unit.as_ref().map(|u| u.number);
                if let Some(kind) = attrs.get("type")
                    && !kind.starts_with("x-")
                    && self.reported_props.insert(kind.clone())
                {
                    let trados = if self.profile == TmxProfile::Trados {
                        "Trados imports a field only with the `x-` prefix"
                    } else {
                        "tools read tool-specific props by their `x-` prefix (Trados imports no other)"
                    };
                    self.push(
                        Severity::Warning,
                        FaultKind::PropType,
                        here,
                        number,
                        format!(
                            "<prop type=\"{kind}\"> has no `x-` prefix: {trados} (reported once)"
                        ),
                    );
                }
            }
            "seg" => {
                if let Some(u) = unit.as_mut() {
                    u.text = Some(String::new());
                    u.seg_line = here.0;
                }
            }
            _ if CODE_ELEMENTS.contains(&name) => {
                if let Some(u) = unit.as_mut() {
                    u.code_depth += 1;
                }
            }
            _ => {}
        }
    }

    fn end(
        &mut self,
        name: &str,
        stack: &mut [Open],
        here: (usize, Option<usize>),
        unit: &mut Option<Unit>,
        empty: bool,
    ) {
        let number = unit.as_ref().map(|u| u.number);
        // Content models that need children (an empty element has none).
        let state = if empty {
            0
        } else {
            stack.last().map_or(0, |o| o.state)
        };
        let missing = match (name, state) {
            ("tmx", 0) => Some("<tmx> without <header> and <body>"),
            ("tmx", 1) => Some("<tmx> without <body>"),
            ("tu", 0) => Some("<tu> without a <tuv>"),
            ("tuv", 0) => Some("<tuv> without a <seg>"),
            ("ude", 0) => Some("<ude> without a <map>"),
            _ => None,
        };
        if let Some(message) = missing {
            self.push(Severity::Error, FaultKind::Structure, here, number, message);
        }
        match name {
            "tu" => {
                if let Some(u) = unit.take() {
                    self.unit(u);
                }
            }
            "prop" => {
                if let Some(u) = unit.as_mut()
                    && let Some(prop) = u.prop.take()
                {
                    u.props.push(prop);
                }
            }
            "tuv" => {
                if let Some(u) = unit.as_mut() {
                    let lang = u.lang.take().unwrap_or_default();
                    let text = u.text.take().unwrap_or_default();
                    u.variants.push((lang, text, u.seg_line));
                }
            }
            _ if CODE_ELEMENTS.contains(&name) => {
                if let Some(u) = unit.as_mut() {
                    u.code_depth = u.code_depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn text(
        &mut self,
        content: &str,
        stack: &mut [Open],
        here: (usize, Option<usize>),
        unit: &mut Option<Unit>,
    ) {
        let number = unit.as_ref().map(|u| u.number);
        match stack.last_mut() {
            None => {
                if !content.trim().is_empty() {
                    self.push(
                        Severity::Error,
                        FaultKind::NotWellFormed,
                        here,
                        None,
                        "text outside the root element",
                    );
                }
            }
            Some(open) if !takes_text(&open.name) => {
                if !content.trim().is_empty() && !open.text_reported {
                    open.text_reported = true;
                    let name = open.name.clone();
                    self.push(
                        Severity::Error,
                        FaultKind::Structure,
                        here,
                        number,
                        format!("text directly in <{name}>, which holds elements only"),
                    );
                }
            }
            Some(_) => {
                if let Some((_, value)) = unit.as_mut().and_then(|u| u.prop.as_mut()) {
                    value.push_str(content);
                } else if let Some(u) = unit.as_mut()
                    && u.code_depth == 0
                    && let Some(t) = u.text.as_mut()
                {
                    t.push_str(content);
                }
            }
        }
    }

    fn header(&mut self, attrs: &HashMap<String, String>, here: (usize, Option<usize>)) {
        self.header_line = here.0;
        let tool = self.profile.tool();
        if let Some(srclang) = attrs.get("srclang") {
            self.header_srclang = Some(srclang.clone());
            if srclang == "*all*" {
                if !self.profile.accepts_all_srclang() {
                    self.push(
                        Severity::Error,
                        FaultKind::SrclangAll,
                        here,
                        None,
                        format!(
                            "header srclang=\"*all*\": {tool} needs one source language in the header"
                        ),
                    );
                }
            } else {
                self.language(srclang, here, None, "header srclang");
            }
        }
        if self.profile == TmxProfile::Smartling
            && let Some(datatype) = attrs.get("datatype")
        {
            let known = ["unknown", "html", "plaintext", "rtf", "sgml", "xml"];
            if !known.iter().any(|k| k.eq_ignore_ascii_case(datatype)) {
                self.push(
                    Severity::Error,
                    FaultKind::HeaderValue,
                    here,
                    None,
                    format!(
                        "header datatype `{datatype}`: Smartling takes unknown, html, plaintext, rtf, sgml or xml"
                    ),
                );
            }
        }
    }

    /// Checks a language code against the profile (each code once).
    fn language(
        &mut self,
        code: &str,
        here: (usize, Option<usize>),
        unit: Option<usize>,
        what: &str,
    ) {
        let lower = code.to_ascii_lowercase();
        if what == "language" && !self.languages.contains(&lower) {
            self.languages.push(lower.clone());
        }
        if !self.reported_langs.insert(lower) {
            return;
        }
        let tool = self.profile.tool();
        if !well_formed_lang(code) {
            self.push(
                Severity::Error,
                FaultKind::Language,
                here,
                unit,
                format!(
                    "{what} `{code}` is not a language code (such as zh-CN or en) (reported once)"
                ),
            );
        } else if self.profile.region_required() && region_of(code).is_none() {
            self.push(
                Severity::Error,
                FaultKind::Language,
                here,
                unit,
                format!(
                    "{what} `{code}` names no region: {tool} imports only units whose locale matches the memory's (e.g. `{code}-XX`) (reported once)"
                ),
            );
        }
    }

    /// The checks on a whole unit.
    fn unit(&mut self, u: Unit) {
        let here = (u.line, None);
        let n = Some(u.number);
        let strict = self.strict_source();
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        for (lang, _, line) in &u.variants {
            if lang.is_empty() {
                continue;
            }
            self.language(lang, (*line, None), n, "language");
        }
        let header = self.header_srclang.clone().filter(|h| h != "*all*");
        if let (Some(unit_src), Some(header)) = (&u.srclang, &header)
            && !unit_src.eq_ignore_ascii_case(header)
        {
            self.push(
                severity,
                FaultKind::SrclangContradicted,
                here,
                n,
                format!("the unit's srclang `{unit_src}` contradicts the header's `{header}`"),
            );
        }
        let source = u.srclang.clone().or(header).filter(|s| s != "*all*");
        if let Some(source) = source.as_ref().filter(|_| !u.variants.is_empty()) {
            let lower = source.to_ascii_lowercase();
            if !u
                .variants
                .iter()
                .any(|(lang, _, _)| lang.eq_ignore_ascii_case(source))
            {
                self.push(
                    Severity::Error,
                    FaultKind::NoSourceVariant,
                    here,
                    n,
                    format!("no variant in the source language `{source}`: tools drop the unit"),
                );
            }
            if !self.source_locales.iter().any(|(l, _)| *l == lower) {
                self.source_locales.push((lower, source.clone()));
                if self.source_locales.len() > 1 {
                    let first = self.source_locales[0].1.clone();
                    self.push(
                        severity,
                        FaultKind::SeveralSourceLocales,
                        here,
                        n,
                        format!(
                            "a second source locale `{source}` (the file's first is `{first}`): a memory has one source language"
                        ),
                    );
                }
            }
        }
        if u.variants.len() == 1 {
            self.push(
                Severity::Warning,
                FaultKind::SingleVariant,
                here,
                n,
                "the unit has one variant only: it holds no translation",
            );
        }
        for (lang, text, line) in &u.variants {
            if text.trim().is_empty() {
                let what = if text.is_empty() {
                    "empty"
                } else {
                    "whitespace-only"
                };
                self.push(
                    Severity::Warning,
                    FaultKind::EmptySegment,
                    (*line, None),
                    n,
                    format!("{what} segment in `{lang}`: tools drop the unit or store an empty translation"),
                );
            }
            if let Some(limit) = self.profile.segment_limit() {
                let length = text.chars().count();
                if length > limit {
                    self.push(
                        Severity::Error,
                        FaultKind::SegmentTooLong,
                        (*line, None),
                        n,
                        format!(
                            "segment in `{lang}` has {length} characters, over {}'s limit of {limit}: the unit is not imported",
                            self.profile.tool()
                        ),
                    );
                }
            }
        }
        // A duplicate repeats an earlier unit in everything a tool stores:
        // the texts in their languages and the props (context, document,
        // ids). Units that differ in a prop (a repeated sentence in another
        // context) are not duplicates.
        let mut key: Vec<(String, String)> = u
            .variants
            .iter()
            .map(|(lang, text, _)| (lang.to_ascii_lowercase(), text.clone()))
            .collect();
        key.sort();
        let mut props = u.props.clone();
        props.sort();
        key.push((String::new(), String::new()));
        key.extend(props);
        if !key.is_empty() {
            match self.seen.get(&key) {
                Some(&(first, line)) => self.push(
                    Severity::Warning,
                    FaultKind::DuplicateUnit,
                    here,
                    n,
                    format!(
                        "duplicate of unit {first} (line {line}): the same texts and props; tools keep one"
                    ),
                ),
                None => {
                    self.seen.insert(key, (u.number, u.line));
                }
            }
        }
    }

    /// Faults of the file as a whole.
    fn file_level(&mut self) {
        if self.profile == TmxProfile::Trados && self.languages.len() > 2 {
            let list = self.languages.join(", ");
            self.push(
                Severity::Warning,
                FaultKind::Language,
                (self.header_line, None),
                None,
                format!(
                    "{} languages in the file ({list}): Trados imports one language pair at a time",
                    self.languages.len()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmx(header_srclang: &str, units: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="{header_srclang}" datatype="plaintext"/>
  <body>
{units}
  </body>
</tmx>
"#
        )
    }

    fn unit(zh: &str, en: &str) -> String {
        format!(
            r#"    <tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>"#
        )
    }

    fn kinds(report: &CheckReport) -> Vec<FaultKind> {
        report.faults.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_clean_file_is_clean() {
        let text = tmx("zh-CN", &unit("你好。", "Hello."));
        for profile in TmxProfile::ALL {
            let report = check_tmx(text.as_bytes(), profile);
            assert!(report.faults.is_empty(), "{profile}: {:?}", report.faults);
            assert_eq!(report.units, 1);
        }
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        assert_eq!(
            report.summary("f.tmx"),
            "f.tmx: 0 errors, 0 warnings in 1 unit (profile generic)"
        );
    }

    #[test]
    fn malformed_xml_has_line_and_column() {
        let text = tmx("zh-CN", "    <tu><tuv xml:lang=\"zh-CN\"><seg>a</tuv></tu>");
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        let fault = &report.of_kind(FaultKind::NotWellFormed)[0];
        assert_eq!(fault.line, 5);
        assert!(fault.column.is_some());
        assert_eq!(fault.unit, Some(1));
        assert!(
            fault.render("f").starts_with("f:5: error: column "),
            "{}",
            fault.render("f")
        );
    }

    #[test]
    fn structure_follows_the_dtd() {
        let text = tmx(
            "zh-CN",
            r#"    <tu><tuv xml:lang="zh-CN"><seg>a</seg></tuv><prop type="x">late</prop><tuv xml:lang="en-US"><seg>b</seg><seg>c</seg></tuv></tu>
    <tu bogus="1"><note>n</note></tu>
    <tuv xml:lang="en"><seg>x</seg></tuv>
    <tu><tuv><seg>y</seg></tuv>stray<foo/></tu>"#,
        );
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        let messages: Vec<String> = report
            .of_kind(FaultKind::Structure)
            .iter()
            .map(|f| f.message.clone())
            .collect();
        let all = messages.join("\n");
        for expected in [
            "<prop> after a <tuv>",
            "a second <seg> in a <tuv>",
            "attribute `bogus`",
            "<tu> without a <tuv>",
            "<tuv> is not allowed in <body>",
            "lacks the required attribute `xml:lang`",
            "text directly in <tu>",
            "<foo> is not a TMX 1.4b element",
        ] {
            assert!(all.contains(expected), "{expected} not in\n{all}");
        }
    }

    #[test]
    fn units_faults() {
        let units = [
            unit("你好。", "Hello."),
            unit("你好。", "Hello."),
            unit("  ", "Blank."),
            r#"    <tu srclang="en-US"><tuv xml:lang="en-US"><seg>Only.</seg></tuv></tu>"#.to_string(),
            r#"    <tu><tuv xml:lang="zh"><seg>中</seg></tuv><tuv xml:lang="en-US"><seg>x</seg></tuv></tu>"#
                .to_string(),
        ]
        .join("\n");
        let text = tmx("zh-CN", &units);
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        let kinds = kinds(&report);
        for kind in [
            FaultKind::DuplicateUnit,
            FaultKind::EmptySegment,
            FaultKind::SrclangContradicted,
            FaultKind::SeveralSourceLocales,
            FaultKind::SingleVariant,
            FaultKind::NoSourceVariant,
        ] {
            assert!(kinds.contains(&kind), "{kind:?}: {:?}", report.faults);
        }
        // Generic takes `zh`; Trados wants a region, and the contradicting
        // srclang is an error there.
        assert!(!kinds.contains(&FaultKind::Language));
        let trados = check_tmx(text.as_bytes(), TmxProfile::Trados);
        let languages = trados.of_kind(FaultKind::Language);
        assert_eq!(languages.len(), 2, "{languages:?}");
        assert!(languages[1].message.contains("`zh` names no region"));
        assert!(
            languages[0]
                .message
                .contains("3 languages in the file (zh-cn, en-us, zh)")
        );
        assert_eq!(
            trados.of_kind(FaultKind::SrclangContradicted)[0].severity,
            Severity::Error
        );
        assert_eq!(
            report.of_kind(FaultKind::SrclangContradicted)[0].severity,
            Severity::Warning
        );
        assert_eq!(report.of_kind(FaultKind::DuplicateUnit)[0].unit, Some(2));
    }

    #[test]
    fn a_repeated_sentence_in_another_context_is_no_duplicate() {
        let with = |pre: &str| {
            format!(
                r#"    <tu><prop type="x-context-pre">{pre}</prop><tuv xml:lang="zh-CN"><seg>好。</seg></tuv><tuv xml:lang="en-US"><seg>Good.</seg></tuv></tu>"#
            )
        };
        let text = tmx("zh-CN", &[with("一"), with("二"), with("一")].join("\n"));
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        let duplicates = report.of_kind(FaultKind::DuplicateUnit);
        assert_eq!(duplicates.len(), 1, "{:?}", report.faults);
        assert_eq!(duplicates[0].unit, Some(3));
        assert!(
            duplicates[0]
                .message
                .starts_with("duplicate of unit 1 (line 5)")
        );
    }

    #[test]
    fn bytes_faults() {
        let text = tmx("zh-CN", &unit("a\u{1}b", "c&#2;d"));
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(text.as_bytes());
        let report = check_tmx(&bytes, TmxProfile::Generic);
        assert_eq!(report.of_kind(FaultKind::Bom).len(), 1);
        let forbidden = report.of_kind(FaultKind::ForbiddenCharacter);
        assert_eq!(forbidden.len(), 2, "{:?}", report.faults);
        assert!(forbidden.iter().all(|f| f.unit == Some(1) && f.line == 5));
        let report = check_tmx(&[0xFF, 0xFE, b'<', 0], TmxProfile::Generic);
        assert_eq!(kinds(&report), vec![FaultKind::Encoding]);
        let report = check_tmx(b"<tmx>\n\xC3(</tmx>", TmxProfile::Generic);
        assert_eq!(report.faults[0].kind, FaultKind::Encoding);
        assert_eq!(report.faults[0].line, 2);
    }

    #[test]
    fn srclang_all_and_limits_per_profile() {
        let long = "长".repeat(2001);
        let text = tmx("*all*", &unit(&long, "Long."));
        let generic = check_tmx(text.as_bytes(), TmxProfile::Generic);
        assert!(generic.faults.is_empty(), "{:?}", generic.faults);
        let trados = check_tmx(text.as_bytes(), TmxProfile::Trados);
        assert_eq!(trados.of_kind(FaultKind::SrclangAll).len(), 1);
        assert_eq!(trados.of_kind(FaultKind::SegmentTooLong).len(), 1);
        assert!(
            check_tmx(text.as_bytes(), TmxProfile::Omegat)
                .faults
                .is_empty()
        );
    }

    #[test]
    fn lines_and_columns_in_any_order() {
        let lines = Lines::new("ab\n好c\n\nxyz");
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(4), (2, 1));
        assert_eq!(lines.at(6), (2, 2));
        assert_eq!(lines.at(1), (1, 2));
        assert_eq!(lines.at(8), (3, 1));
        assert_eq!(lines.at(11), (4, 3));
        assert_eq!(lines.at(5), (2, 1), "inside a character: its start");
        assert_eq!(lines.at(99), (4, 4));
    }

    #[test]
    fn one_long_line_is_quick() {
        let units: String = (0..20_000)
            .map(|k| unit(&format!("句{k}。"), "S."))
            .collect();
        let text = tmx("zh-CN", &units).replace('\n', "");
        let started = std::time::Instant::now();
        let report = check_tmx(text.as_bytes(), TmxProfile::Generic);
        assert_eq!(report.units, 20_000);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn nothing_to_read() {
        for bytes in [
            &b""[..],
            b"   ",
            b"hello",
            b"<a></b>",
            b"<tmx",
            b"<?xml version=\"1.0\"?>",
        ] {
            let report = check_tmx(bytes, TmxProfile::Generic);
            assert!(report.errors() > 0, "{:?}", String::from_utf8_lossy(bytes));
        }
    }
}
