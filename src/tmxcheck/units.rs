//! What tools drop or refuse, unit by unit and for the whole file: the
//! header's languages, each unit's source variant, empty and over-long
//! segments, duplicates, props and language codes for the profile.

use super::*;

impl Checker {
    pub(super) fn header(&mut self, attrs: &HashMap<String, String>, here: (usize, Option<usize>)) {
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
    pub(super) fn language(
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
    ///
    /// Long because it runs every unit-level fault check in turn, one block
    /// each, in the order the `tmxcheck` module documentation lists them.
    pub(super) fn unit(&mut self, u: Unit) {
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
    pub(super) fn file_level(&mut self) {
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
