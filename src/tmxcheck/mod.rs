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

mod dtd;
mod reader;
mod structure;
mod units;

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
