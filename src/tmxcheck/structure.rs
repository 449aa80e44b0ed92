//! The DTD's rules as the events come: elements where they may stand and
//! in their order, their attributes, text where text may be.

use super::dtd::*;
use super::*;

impl Checker {
    /// The element's place in its parent's content model.
    pub(super) fn element(
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
    ///
    /// Long because it is one match arm per TMX element, each checking that
    /// element's own rules.
    pub(super) fn start(
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

    pub(super) fn end(
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

    pub(super) fn text(
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
}
