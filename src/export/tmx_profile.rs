//! `--tmx-profile`: what each CAT tool needs from a TMX, in one place, for
//! the TMX writer ([`super::tmx`]) and the TMX check ([`crate::tmxcheck`]).
//! A profile decides how language codes are written (case, region),
//! which `x-` props a unit carries, whether units carry their context
//! (`x-context-pre` / `x-context-post`) and creation fields, whether the
//! tool takes `srclang="*all*"`, and the tool's segment length limit.
//! `docs/tmx-profiles.md` gives the source of each rule (or says that it is
//! our assumption).

/// The CAT tool a TMX is written for (or checked against).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TmxProfile {
    /// Plain TMX 1.4b, written as it always was: language codes as given,
    /// every bead's metadata as `x-` props.
    #[default]
    Generic,
    /// OmegaT (a TMX in `tm/` or `tm/auto/`).
    Omegat,
    /// Trados Studio / Trados Cloud.
    Trados,
    /// memoQ.
    Memoq,
    /// Phrase TMS (formerly Memsource).
    Phrase,
    /// Smartling.
    Smartling,
}

/// Trados's limit on a source or target segment, in characters (each side
/// on its own).
pub const TRADOS_SEGMENT_LIMIT: usize = 2000;

impl TmxProfile {
    /// Every profile, in the order of the help text.
    pub const ALL: [TmxProfile; 6] = [
        TmxProfile::Generic,
        TmxProfile::Omegat,
        TmxProfile::Trados,
        TmxProfile::Memoq,
        TmxProfile::Phrase,
        TmxProfile::Smartling,
    ];

    /// The `--tmx-profile` name.
    pub fn name(self) -> &'static str {
        match self {
            TmxProfile::Generic => "generic",
            TmxProfile::Omegat => "omegat",
            TmxProfile::Trados => "trados",
            TmxProfile::Memoq => "memoq",
            TmxProfile::Phrase => "phrase",
            TmxProfile::Smartling => "smartling",
        }
    }

    /// The tool's name as its maker writes it.
    pub fn tool(self) -> &'static str {
        match self {
            TmxProfile::Generic => "a TMX 1.4b reader",
            TmxProfile::Omegat => "OmegaT",
            TmxProfile::Trados => "Trados",
            TmxProfile::Memoq => "memoQ",
            TmxProfile::Phrase => "Phrase",
            TmxProfile::Smartling => "Smartling",
        }
    }

    /// The profile of a name (case-insensitive).
    pub fn from_name(name: &str) -> Option<TmxProfile> {
        TmxProfile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Language codes must name a region (`zh-CN`, not `zh`): the tool's
    /// memories are per locale, and units whose locale is not the memory's
    /// are not imported.
    pub fn region_required(self) -> bool {
        matches!(
            self,
            TmxProfile::Trados | TmxProfile::Phrase | TmxProfile::Smartling
        )
    }

    /// The tool takes a header `srclang="*all*"` (any variant may be the
    /// source).
    pub fn accepts_all_srclang(self) -> bool {
        matches!(
            self,
            TmxProfile::Generic | TmxProfile::Omegat | TmxProfile::Memoq
        )
    }

    /// The tool's limit on one segment, in characters, if it has one.
    pub fn segment_limit(self) -> Option<usize> {
        match self {
            TmxProfile::Trados => Some(TRADOS_SEGMENT_LIMIT),
            _ => None,
        }
    }

    /// Units carry the neighbouring source segments as `x-context-pre` and
    /// `x-context-post`, which the tool reads for in-context matches.
    pub fn context_props(self) -> bool {
        matches!(self, TmxProfile::Memoq | TmxProfile::Phrase)
    }

    /// Units carry the bead's metadata (`x-score`, `x-bead`, …) as props.
    /// Trados imports a field only when its memory defines it and may mark
    /// units with unknown fields invalid, so its units carry none.
    pub fn bead_props(self) -> bool {
        !matches!(self, TmxProfile::Trados)
    }

    /// Units carry `creationdate` and `creationid` (the tools show them as
    /// the translation's date and author, and keep the newest of two
    /// units).
    pub fn unit_creation_fields(self) -> bool {
        !matches!(self, TmxProfile::Generic | TmxProfile::Omegat)
    }

    /// Language codes are written in their canonical case (`zh-CN`,
    /// `zh-Hant-TW`); the generic profile writes them as given.
    pub fn canonical_case(self) -> bool {
        !matches!(self, TmxProfile::Generic)
    }

    /// A language code as this profile writes it: the generic profile as
    /// given; the others in canonical case, and with the usual region added
    /// to a bare `zh` or `en` where the tool wants a region (`zh` →
    /// `zh-CN`, `zh-Hant` → `zh-Hant-TW`, `en` → `en-US`).
    pub fn lang_code(self, tag: &str) -> String {
        if !self.canonical_case() {
            return tag.to_string();
        }
        let mut code = canonical_lang(tag);
        if self.region_required() && region_of(&code).is_none() {
            let language = code.split('-').next().unwrap_or("").to_string();
            let script = code.split('-').nth(1).unwrap_or("");
            let region = match (language.as_str(), script) {
                ("zh", "Hant") => Some("TW"),
                ("zh", _) => Some("CN"),
                ("en", _) => Some("US"),
                _ => None,
            };
            if let Some(region) = region {
                code = format!("{code}-{region}");
            }
        }
        code
    }
}

impl std::fmt::Display for TmxProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A language tag in its canonical case (BCP 47): the language lower case,
/// a script title case, a region upper case, anything else lower case;
/// `_` is read as `-`.
pub fn canonical_lang(tag: &str) -> String {
    let parts: Vec<String> = tag
        .trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| {
            let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
            if i == 0 {
                part.to_ascii_lowercase()
            } else if alpha && part.len() == 4 {
                let mut s = part[..1].to_ascii_uppercase();
                s.push_str(&part[1..].to_ascii_lowercase());
                s
            } else if (alpha && part.len() == 2)
                || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
            {
                part.to_ascii_uppercase()
            } else {
                part.to_ascii_lowercase()
            }
        })
        .collect();
    parts.join("-")
}

/// The region subtag of a language tag (`CN` in `zh-Hans-CN`), if any: a
/// subtag of two letters or three digits after the language (and script).
pub fn region_of(tag: &str) -> Option<&str> {
    tag.split(['-', '_']).skip(1).take(2).find(|part| {
        (part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
            || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit()))
    })
}

/// True for a well-formed language tag as TMX reads them (RFC 4646 /
/// BCP 47 shape: a language of 2–3 letters, or `i`/`x` with subtags,
/// then subtags of 1–8 letters or digits).
pub fn well_formed_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    let first_ok = ((2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic()))
        || first.eq_ignore_ascii_case("i")
        || first.eq_ignore_ascii_case("x");
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in TmxProfile::ALL {
            assert_eq!(TmxProfile::from_name(p.name()), Some(p));
            assert_eq!(TmxProfile::from_name(&p.name().to_uppercase()), Some(p));
        }
        assert_eq!(TmxProfile::from_name("wordfast"), None);
        assert_eq!(TmxProfile::default(), TmxProfile::Generic);
    }

    #[test]
    fn language_codes_per_profile() {
        assert_eq!(TmxProfile::Generic.lang_code("ZH-cn"), "ZH-cn");
        assert_eq!(TmxProfile::Omegat.lang_code("ZH-cn"), "zh-CN");
        assert_eq!(TmxProfile::Omegat.lang_code("zh"), "zh");
        assert_eq!(TmxProfile::Trados.lang_code("zh"), "zh-CN");
        assert_eq!(TmxProfile::Trados.lang_code("zh-hant"), "zh-Hant-TW");
        assert_eq!(TmxProfile::Smartling.lang_code("en"), "en-US");
        assert_eq!(TmxProfile::Phrase.lang_code("en_gb"), "en-GB");
        assert_eq!(TmxProfile::Trados.lang_code("fr"), "fr");
        assert_eq!(TmxProfile::Memoq.lang_code("EN-us"), "en-US");
    }

    #[test]
    fn regions_and_shapes() {
        assert_eq!(region_of("zh-Hans-CN"), Some("CN"));
        assert_eq!(region_of("es-419"), Some("419"));
        assert_eq!(region_of("zh-Hans"), None);
        assert_eq!(region_of("en"), None);
        assert!(well_formed_lang("zh-CN") && well_formed_lang("x-klingon"));
        assert!(!well_formed_lang("*all*") && !well_formed_lang("zh_CN") && !well_formed_lang(""));
        assert!(!well_formed_lang("chinese-simplified"));
    }
}
