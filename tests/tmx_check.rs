//! `bitext check`, the real binary on real files:
//!
//! - a fixture per fault in `tests/fixtures/tmx-check/`, each with the
//!   exact lines the check prints (generic profile, and the profile whose
//!   tool the fault concerns) and the exit status (errors fail, warnings
//!   alone do not);
//! - the foreign TMX files in `tests/fixtures/tmx` (OmegaT 3.6 in TMX 1.1
//!   and 1.4, translate-toolkit's po2tmx, LF Aligner), with what the check
//!   finds in each;
//! - our own TMX of the corpus, clean under every profile;
//! - random bytes and mangled TMX give faults, never a panic.

mod common;

use assert_cmd::Command;
use bitext::export::TmxProfile;
use bitext::tmxcheck::check_tmx;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `bitext check NAME --profile PROFILE` in `dir`; returns the exit
/// code and standard output.
fn check_in(dir: &Path, name: &str, profile: &str) -> (i32, String) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir)
        .args(["check", name, "--profile", profile])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn check(name: &str, profile: &str) -> (i32, String) {
    check_in(&fixtures().join("tmx-check"), name, profile)
}

/// Asserts the exit code and the exact output lines.
fn expect(name: &str, profile: &str, code: i32, lines: &[&str]) {
    let (got_code, out) = check(name, profile);
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got, lines, "{name} --profile {profile}");
    assert_eq!(got_code, code, "{name} --profile {profile}");
}

#[test]
fn a_clean_file_is_clean_for_every_profile() {
    for profile in TmxProfile::ALL {
        let p = profile.name();
        let summary = format!("clean.tmx: 0 errors, 0 warnings in 1 unit (profile {p})");
        expect("clean.tmx", p, 0, &[&summary]);
    }
}

#[test]
fn byte_order_mark_is_a_warning() {
    expect(
        "bom.tmx",
        "generic",
        0,
        &[
            "bom.tmx:1: warning: column 1: a UTF-8 byte-order mark before `<?xml`: some tools refuse the file or read the declaration as text",
            "bom.tmx: 0 errors, 1 warning in 1 unit (profile generic)",
        ],
    );
}

#[test]
fn utf16_is_an_error() {
    expect(
        "utf-16.tmx",
        "generic",
        1,
        &[
            "utf-16.tmx:1: error: the file is UTF-16; bitext check reads UTF-8 TMX (most tools want UTF-8 too): convert it first",
            "utf-16.tmx: 1 error, 0 warnings in 0 units (profile generic)",
        ],
    );
}

#[test]
fn malformed_xml_gives_line_and_column() {
    expect(
        "not-well-formed.tmx",
        "generic",
        1,
        &[
            "not-well-formed.tmx:11: error: column 41: not well-formed XML: ill-formed document: expected `</seg>`, but `</tuv>` was found (unit 2)",
            "not-well-formed.tmx: 1 error, 0 warnings in 2 units (profile generic)",
        ],
    );
}

#[test]
fn dtd_rules_are_checked() {
    expect(
        "dtd-structure.tmx",
        "generic",
        1,
        &[
            "dtd-structure.tmx:4: error: column 3: <header> lacks the required attribute `o-tmf`",
            "dtd-structure.tmx:12: error: column 7: <prop> after a <tuv>: notes and props come first (unit 2)",
            "dtd-structure.tmx:13: error: column 50: a second <seg> in a <tuv> (unit 2)",
            "dtd-structure.tmx:15: error: column 5: <tu> segtype `line` is not block, paragraph, sentence or phrase (unit 3)",
            "dtd-structure.tmx:15: error: column 5: <tu> without a <tuv> (unit 3)",
            "dtd-structure.tmx: 5 errors, 0 warnings in 3 units (profile generic)",
        ],
    );
}

#[test]
fn forbidden_characters_raw_and_referenced() {
    expect(
        "forbidden-character.tmx",
        "generic",
        1,
        &[
            "forbidden-character.tmx:11: error: column 36: character U+0001 is not allowed in XML 1.0 (parsers refuse the file) (unit 2)",
            "forbidden-character.tmx:12: error: column 41: character reference to U+0002, which XML 1.0 does not allow (unit 2)",
            "forbidden-character.tmx: 2 errors, 0 warnings in 2 units (profile generic)",
        ],
    );
}

#[test]
fn unit_srclang_contradicting_the_header() {
    let line = "srclang-contradicted.tmx:6: {}: the unit's srclang `zh-CN` contradicts the header's `en-US` (unit 1)";
    expect(
        "srclang-contradicted.tmx",
        "generic",
        0,
        &[
            &line.replace("{}", "warning"),
            "srclang-contradicted.tmx: 0 errors, 1 warning in 1 unit (profile generic)",
        ],
    );
    // Smartling documents that every srclang must match the header's.
    expect(
        "srclang-contradicted.tmx",
        "smartling",
        1,
        &[
            &line.replace("{}", "error"),
            "srclang-contradicted.tmx: 1 error, 0 warnings in 1 unit (profile smartling)",
        ],
    );
}

#[test]
fn several_source_locales() {
    expect(
        "several-source-locales.tmx",
        "trados",
        1,
        &[
            "several-source-locales.tmx:10: error: the unit's srclang `en-US` contradicts the header's `zh-CN` (unit 2)",
            "several-source-locales.tmx:10: error: a second source locale `en-US` (the file's first is `zh-CN`): a memory has one source language (unit 2)",
            "several-source-locales.tmx: 2 errors, 0 warnings in 2 units (profile trados)",
        ],
    );
    let (code, out) = check("several-source-locales.tmx", "generic");
    assert_eq!(code, 0);
    assert!(out.contains("0 errors, 2 warnings"), "{out}");
}

#[test]
fn srclang_all_only_where_accepted() {
    for profile in TmxProfile::ALL {
        let (code, out) = check("srclang-all.tmx", profile.name());
        if profile.accepts_all_srclang() {
            assert_eq!(code, 0, "{profile}: {out}");
            assert!(out.contains("0 errors, 0 warnings"), "{profile}: {out}");
        } else {
            assert_eq!(code, 1, "{profile}: {out}");
            let line = format!(
                "srclang-all.tmx:4: error: column 3: header srclang=\"*all*\": {} needs one source language in the header",
                profile.tool()
            );
            assert!(out.lines().any(|l| l == line), "{profile}: {out}");
        }
    }
}

#[test]
fn empty_and_whitespace_segments_are_warnings() {
    expect(
        "empty-segment.tmx",
        "generic",
        0,
        &[
            "empty-segment.tmx:12: warning: empty segment in `en-US`: tools drop the unit or store an empty translation (unit 2)",
            "empty-segment.tmx:15: warning: whitespace-only segment in `zh-CN`: tools drop the unit or store an empty translation (unit 3)",
            "empty-segment.tmx: 0 errors, 2 warnings in 3 units (profile generic)",
        ],
    );
}

#[test]
fn segments_over_tradoss_limit() {
    expect(
        "too-long.tmx",
        "generic",
        0,
        &["too-long.tmx: 0 errors, 0 warnings in 2 units (profile generic)"],
    );
    expect(
        "too-long.tmx",
        "trados",
        1,
        &[
            "too-long.tmx:7: error: segment in `zh-CN` has 2001 characters, over Trados's limit of 2000: the unit is not imported (unit 1)",
            "too-long.tmx: 1 error, 0 warnings in 2 units (profile trados)",
        ],
    );
}

#[test]
fn duplicate_units() {
    expect(
        "duplicate.tmx",
        "generic",
        0,
        &[
            "duplicate.tmx:14: warning: duplicate of unit 1 (line 6): the same texts and props; tools keep one (unit 3)",
            "duplicate.tmx: 0 errors, 1 warning in 3 units (profile generic)",
        ],
    );
}

#[test]
fn languages_against_the_profile() {
    expect(
        "language.tmx",
        "generic",
        1,
        &[
            "language.tmx:12: error: language `english` is not a language code (such as zh-CN or en) (reported once) (unit 2)",
            "language.tmx: 1 error, 0 warnings in 2 units (profile generic)",
        ],
    );
    expect(
        "language.tmx",
        "smartling",
        1,
        &[
            "language.tmx:4: error: column 3: header srclang `zh` names no region: Smartling imports only units whose locale matches the memory's (e.g. `zh-XX`) (reported once)",
            "language.tmx:8: error: language `en` names no region: Smartling imports only units whose locale matches the memory's (e.g. `en-XX`) (reported once) (unit 1)",
            "language.tmx:12: error: language `english` is not a language code (such as zh-CN or en) (reported once) (unit 2)",
            "language.tmx: 3 errors, 0 warnings in 2 units (profile smartling)",
        ],
    );
}

#[test]
fn unit_without_its_source_language() {
    expect(
        "no-source-variant.tmx",
        "generic",
        1,
        &[
            "no-source-variant.tmx:10: error: no variant in the source language `zh-CN`: tools drop the unit (unit 2)",
            "no-source-variant.tmx: 1 error, 0 warnings in 2 units (profile generic)",
        ],
    );
}

#[test]
fn prop_types_without_x() {
    expect(
        "prop-type.tmx",
        "trados",
        0,
        &[
            "prop-type.tmx:7: warning: column 7: <prop type=\"fileId\"> has no `x-` prefix: Trados imports a field only with the `x-` prefix (reported once) (unit 1)",
            "prop-type.tmx: 0 errors, 1 warning in 1 unit (profile trados)",
        ],
    );
}

#[test]
fn a_missing_file_is_a_one_line_error() {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args(["check", "no/such/file.tmx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("bitext: cannot read no/such/file.tmx"),
        "{err}"
    );
}

// ------------------------------------------------------- foreign files

fn foreign(name: &str, profile: &str) -> (i32, String) {
    check_in(&fixtures().join("tmx"), name, profile)
}

#[test]
fn foreign_omegat_files() {
    // OmegaT 3.6's level-2 TMX (1.4): clean for every profile.
    for profile in TmxProfile::ALL {
        let (code, out) = foreign("omegat-3.6-project-level2.tmx", profile.name());
        assert_eq!(code, 0);
        assert_eq!(
            out,
            format!(
                "omegat-3.6-project-level2.tmx: 0 errors, 0 warnings in 68 units (profile {profile})\n"
            )
        );
    }
    // Its OmegaT-flavoured TMX is version 1.1, with `lang` for `xml:lang`.
    let (code, out) = foreign("omegat-3.6-project-omegat.tmx", "generic");
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "omegat-3.6-project-omegat.tmx:3: warning: column 1: TMX version `1.1`: checked against TMX 1.4b's rules",
            "omegat-3.6-project-omegat.tmx:8: warning: column 7: <tuv> names its language with TMX 1.1's `lang`, not `xml:lang` (reported once) (unit 1)",
            "omegat-3.6-project-omegat.tmx: 0 errors, 2 warnings in 68 units (profile generic)",
        ]
    );
}

#[test]
fn foreign_translate_toolkit_file() {
    // po2tmx writes the header's srclang from the PO (`en`) and each unit's
    // from its own source (`zh-CN`).
    let (code, out) = foreign("po2tmx-3.20.tmx", "generic");
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "po2tmx-3.20.tmx:6: warning: the unit's srclang `zh-CN` contradicts the header's `en` (unit 1)",
            "po2tmx-3.20.tmx:14: warning: the unit's srclang `zh-CN` contradicts the header's `en` (unit 2)",
            "po2tmx-3.20.tmx: 0 errors, 2 warnings in 2 units (profile generic)",
        ]
    );
    // Smartling refuses both the contradiction and a header locale
    // without region.
    let (code, out) = foreign("po2tmx-3.20.tmx", "smartling");
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "po2tmx-3.20.tmx:4: error: column 3: header srclang `en` names no region: Smartling imports only units whose locale matches the memory's (e.g. `en-XX`) (reported once)",
            "po2tmx-3.20.tmx:6: error: the unit's srclang `zh-CN` contradicts the header's `en` (unit 1)",
            "po2tmx-3.20.tmx:14: error: the unit's srclang `zh-CN` contradicts the header's `en` (unit 2)",
            "po2tmx-3.20.tmx: 3 errors, 0 warnings in 2 units (profile smartling)",
        ]
    );
}

#[test]
fn foreign_lf_aligner_file() {
    // LF Aligner's props are not `x-` prefixed; its upper-case codes
    // (ZH-CN, EN-GB) are fine (TMX compares them case-insensitively).
    let (code, out) = foreign("lf-aligner-style.tmx", "trados");
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "lf-aligner-style.tmx:16: warning: column 1: <prop type=\"fileId\"> has no `x-` prefix: Trados imports a field only with the `x-` prefix (reported once) (unit 1)",
            "lf-aligner-style.tmx:16: warning: column 44: <prop type=\"Txt::Note\"> has no `x-` prefix: Trados imports a field only with the `x-` prefix (reported once) (unit 1)",
            "lf-aligner-style.tmx: 0 errors, 2 warnings in 4 units (profile trados)",
        ]
    );
}

/// A TMX translate-toolkit's `po2tmx` writes now (not the saved fixture):
/// the header keeps `srclang="en"` whatever the units say.
#[test]
fn tool_po2tmx_output_is_checked() {
    common::require_tool(
        common::starts("po2tmx", "--version"),
        "po2tmx (translate-toolkit)",
        "pip install translate-toolkit",
    );
    let dir = tempfile::tempdir().unwrap();
    let po = dir.path().join("t.po");
    std::fs::write(
        &po,
        "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
         msgid \"你好。\"\nmsgstr \"Hello.\"\n",
    )
    .unwrap();
    let out = std::process::Command::new("po2tmx")
        .args([
            "--progress=none",
            "--source-language=zh-CN",
            "-l",
            "en-US",
            "-i",
        ])
        .arg(&po)
        .arg("-o")
        .arg(dir.path().join("t.tmx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, out) = check_in(dir.path(), "t.tmx", "generic");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: the unit's srclang `zh-CN` contradicts the header's `en` (unit 1)"),
        "{out}"
    );
    assert!(
        out.ends_with("t.tmx: 0 errors, 1 warning in 1 unit (profile generic)\n"),
        "{out}"
    );
}

// ------------------------------------------------------- our own TMX

#[test]
fn our_tmx_of_the_corpus_is_clean_for_every_profile() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023");
    for profile in TmxProfile::ALL {
        let name = format!("{profile}.tmx");
        let out = Command::cargo_bin("bitext")
            .unwrap()
            .env("SOURCE_DATE_EPOCH", "1686355200")
            .args(["align", "-q", "--scorer", "classic", "-f", "tmx"])
            .args(["--tmx-profile", profile.name(), "-o"])
            .arg(dir.path().join(&name))
            .arg(corpus.join("zh.txt"))
            .arg(corpus.join("en.txt"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (code, out) = check_in(dir.path(), &name, profile.name());
        assert_eq!(code, 0, "{out}");
        // Trados leaves out the one unit that repeats an earlier one.
        let units = if profile == TmxProfile::Trados {
            134
        } else {
            135
        };
        assert_eq!(
            out,
            format!("{name}: 0 errors, 0 warnings in {units} units (profile {profile})\n")
        );
    }
}

/// `import` takes `--tmx-profile` too: LF Aligner's TMX (upper-case codes,
/// props without `x-`) comes out for Smartling with canonical codes and
/// checks clean.
#[test]
fn an_imported_tmx_is_written_for_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1686355200")
        .args(["import", "-q", "--tmx-profile", "smartling", "-o"])
        .arg(dir.path().join("lf.tmx"))
        .arg(fixtures().join("tmx/lf-aligner-style.tmx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmx = std::fs::read_to_string(dir.path().join("lf.tmx")).unwrap();
    assert!(tmx.contains(r#"srclang="zh-CN""#) && tmx.contains(r#"xml:lang="en-GB""#));
    assert!(!tmx.contains("ZH-CN"));
    let (code, out) = check_in(dir.path(), "lf.tmx", "smartling");
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "lf.tmx: 0 errors, 0 warnings in 4 units (profile smartling)\n"
    );
}

// ------------------------------------------------------- garbage

fn sample_tmx() -> Vec<u8> {
    std::fs::read(fixtures().join("tmx-check/dtd-structure.tmx")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_give_faults_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for profile in TmxProfile::ALL {
            let report = check_tmx(&bytes, profile);
            prop_assert_eq!(report.errors() + report.warnings(), report.faults.len());
            prop_assert!(report.faults.iter().all(|f| f.line >= 1));
        }
    }

    #[test]
    fn random_tmx_like_text_gives_faults_not_panics(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "<tmx version=\"1.4\">", "</tmx>", "<header srclang=\"*all*\"/>", "<body>", "</body>",
            "<tu>", "</tu>", "<tu srclang=\"en\">", "<tuv xml:lang=\"zh\">", "<tuv lang=\"x\">",
            "</tuv>", "<seg>", "</seg>", "<bpt i=\"1\">", "</bpt>", "<sub>", "</sub>", "<prop type=\"t\">",
            "</prop>", "&amp;", "&#1;", "&#xD800;", "&bogus;", "&", "<![CDATA[x]]>", "<!-- c -->",
            "<?pi x?>", "<!DOCTYPE tmx>", "text", " ", "\n", "\u{1}", "好", "<", ">", "\"", "=",
        ]), 0..60)
    ) {
        let text: String = pieces.concat();
        for profile in TmxProfile::ALL {
            let report = check_tmx(text.as_bytes(), profile);
            prop_assert_eq!(report.errors() + report.warnings(), report.faults.len());
        }
    }

    #[test]
    fn mangled_tmx_gives_faults_not_panics(
        cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<u8>()), 1..6)
    ) {
        let mut bytes = sample_tmx();
        for (at, len, byte) in cuts {
            let start = at.index(bytes.len());
            let end = (start + len.index(8)).min(bytes.len());
            bytes.splice(start..end, [byte]);
        }
        for profile in [TmxProfile::Generic, TmxProfile::Trados] {
            let report = check_tmx(&bytes, profile);
            prop_assert!(report.faults.iter().all(|f| f.line >= 1));
            prop_assert!(!report.summary("x").is_empty());
        }
    }
}
