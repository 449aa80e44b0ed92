//! What the TMX 1.4b DTD allows: each element's attributes (the required
//! first), which element may hold which, and which hold text.

/// Attributes each element may have (TMX 1.4b DTD), the required first.
pub(super) fn attributes(
    element: &str,
) -> Option<(&'static [&'static str], &'static [&'static str])> {
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
pub(super) fn allowed_child(parent: Option<&str>, child: &str) -> bool {
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
pub(super) fn takes_text(element: &str) -> bool {
    matches!(
        element,
        "seg" | "sub" | "hi" | "bpt" | "ept" | "it" | "ph" | "ut" | "prop" | "note"
    )
}

pub(super) const CODE_ELEMENTS: [&str; 5] = ["bpt", "ept", "it", "ph", "ut"];
