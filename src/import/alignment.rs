//! Rebuilding an alignment from what a reviewer or another tool hands back:
//! our review CSV (as a spreadsheet saved it) or XLSX, or a TMX (ours or
//! another tool's). The CSV and the XLSX go through the same checks.
//!
//! Texts arrive joined per bead, so a bead of n sentences becomes one
//! segment holding the text and n − 1 empty segments: the ids, the shape
//! and every export stay as they were. Reviewers' edits are honoured: edited
//! text, `status`, notes, rows merged into a neighbour (the emptied row's
//! sentences join the row above) and rows added (new sentences). Of the
//! CSV's `flags`, computed again at export, only `suspect` is kept (it is
//! the aligner's, not a check of the texts); other words are ignored.

use super::csv::{CsvError, CsvRow, read_csv_delimited};
use super::tmx::{TmxError, TmxFile, TranslationUnit};
use super::xlsx::{XlsxError, read_xlsx};
use crate::model::{Alignment, Bead, Document, Segment, SegmentKind, Status};
use crate::review::flags::{self, Flag};
use thiserror::Error;

/// A review CSV or TMX that cannot become an alignment.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error("not a readable TMX")]
    Tmx(#[from] TmxError),
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    #[error("row {row}, column {column}: {message}")]
    Field {
        row: usize,
        column: &'static str,
        message: String,
    },
    #[error("translation unit {unit}: {message}")]
    Unit { unit: usize, message: String },
    #[error("no translation unit has both a {source_lang} and a {target_lang} variant")]
    NoUnits {
        source_lang: String,
        target_lang: String,
    },
}

/// The delimiter of a CSV, from its header line: `,`, `;` (European Excel)
/// or a tab.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| header.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

fn parse_ids(row: &CsvRow, column: &'static str) -> Result<Vec<usize>, ImportError> {
    row.get(column)
        .split([',', ' ', ';'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim().parse().map_err(|_| ImportError::Field {
                row: row.row,
                column,
                message: format!("`{s}` is not a sentence number"),
            })
        })
        .collect()
}

/// One bead as read, before ids are made whole.
struct Draft {
    source_ids: Vec<usize>,
    target_ids: Vec<usize>,
    source: String,
    target: String,
    score: f64,
    status: Status,
    note: String,
    /// `suspect` among the flags.
    suspect: bool,
    paragraph: usize,
    speaker: Option<String>,
    /// The CSV row (or TMX unit) it came from; 0 for none.
    origin: usize,
}

/// Builds the alignment from review CSV text (any delimiter, BOM, CRLF).
pub fn from_review_csv(
    text: &str,
    source_lang: &str,
    target_lang: &str,
    fallback_name: &str,
) -> Result<Alignment, ImportError> {
    from_review_csv_rows(text, source_lang, target_lang, fallback_name).map(|(a, _)| a)
}

/// Like [`from_review_csv`], with the CSV row each bead came from (for
/// messages that name the row).
pub fn from_review_csv_rows(
    text: &str,
    source_lang: &str,
    target_lang: &str,
    fallback_name: &str,
) -> Result<(Alignment, Vec<usize>), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let rows = read_csv_delimited(text.as_bytes(), delimiter, &["source", "target"])?;
    from_review_rows(&rows, source_lang, target_lang, fallback_name)
}

/// Like [`from_review_csv_rows`] for a review XLSX (the bytes of the file):
/// the same rows make the same alignment, with the same checks and
/// messages.
pub fn from_review_xlsx_rows(
    bytes: &[u8],
    source_lang: &str,
    target_lang: &str,
    fallback_name: &str,
) -> Result<(Alignment, Vec<usize>), ImportError> {
    let rows = read_xlsx(bytes, &["source", "target"])?;
    from_review_rows(&rows, source_lang, target_lang, fallback_name)
}

/// The alignment of review rows (CSV or XLSX), with the row each bead came
/// from.
///
/// Long because each row is read and checked column by column (ids, score,
/// status, note, texts) against the rows before it, with the row number in
/// every error.
fn from_review_rows(
    rows: &[CsvRow],
    source_lang: &str,
    target_lang: &str,
    fallback_name: &str,
) -> Result<(Alignment, Vec<usize>), ImportError> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut seen_source = std::collections::HashMap::new();
    let mut seen_target = std::collections::HashMap::new();
    let mut name = None;
    for row in rows {
        if name.is_none() && !row.get("document").is_empty() {
            name = Some(row.get("document").to_string());
        }
        let source_ids = parse_ids(row, "source_ids")?;
        let target_ids = parse_ids(row, "target_ids")?;
        for (ids, seen, column) in [
            (&source_ids, &mut seen_source, "source_ids"),
            (&target_ids, &mut seen_target, "target_ids"),
        ] {
            for &id in ids {
                if let Some(first) = seen.insert(id, row.row) {
                    return Err(ImportError::Field {
                        row: row.row,
                        column,
                        message: format!("sentence {id} is already in row {first}"),
                    });
                }
            }
        }
        let score_text = row.get("score").trim();
        let score = if score_text.is_empty() {
            1.0
        } else {
            score_text
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite())
                .ok_or_else(|| ImportError::Field {
                    row: row.row,
                    column: "score",
                    message: format!("`{score_text}` is not a number"),
                })?
        };
        let status = row
            .get("status")
            .parse::<Status>()
            .map_err(|message| ImportError::Field {
                row: row.row,
                column: "status",
                message,
            })?;
        let unguard = |s: &str| {
            s.strip_prefix('\'')
                .filter(|r| r.starts_with(['=', '+', '-', '@']))
                .unwrap_or(s)
                .to_string()
        };
        let draft = Draft {
            source_ids,
            target_ids,
            source: unguard(row.get("source")),
            target: unguard(row.get("target")),
            score,
            status,
            note: row.get("note").to_string(),
            suspect: flags::parse(row.get("flags")).contains(&Flag::Suspect),
            paragraph: row.get("paragraph").trim().parse().unwrap_or(0),
            speaker: Some(row.get("speaker").to_string()).filter(|s| !s.is_empty()),
            origin: row.row,
        };
        let emptied = draft.source.trim().is_empty() && draft.target.trim().is_empty();
        match drafts.last_mut() {
            // A row emptied by a reviewer who moved its text up: its
            // sentences join the row above.
            Some(previous)
                if emptied && !(draft.source_ids.is_empty() && draft.target_ids.is_empty()) =>
            {
                previous.source_ids.extend(&draft.source_ids);
                previous.target_ids.extend(&draft.target_ids);
            }
            _ if emptied => {}
            _ => drafts.push(draft),
        }
    }
    let name = name.unwrap_or_else(|| fallback_name.to_string());
    Ok(assemble(name, drafts, source_lang, target_lang))
}

/// Builds documents and beads from drafts: sentences are renumbered in
/// order (rows added by a reviewer get new numbers), a bead of n sentences
/// keeps its text in the first and leaves the others empty.
fn assemble(
    name: String,
    drafts: Vec<Draft>,
    source_lang: &str,
    target_lang: &str,
) -> (Alignment, Vec<usize>) {
    let mut origins = Vec::new();
    let mut source = Vec::new();
    let mut target = Vec::new();
    let mut beads = Vec::new();
    for d in drafts {
        let add = |segments: &mut Vec<Segment>, count: usize, text: &str| -> Vec<usize> {
            let count = if text.is_empty() { count } else { count.max(1) };
            (0..count)
                .map(|k| {
                    let id = segments.len();
                    segments.push(Segment {
                        id,
                        text: if k == 0 {
                            text.to_string()
                        } else {
                            String::new()
                        },
                        paragraph: d.paragraph.max(1),
                        kind: SegmentKind::Sentence,
                        speaker: d.speaker.clone(),
                        turn_start: false,
                        label: None,
                        time: None,
                    });
                    id
                })
                .collect()
        };
        let s = add(&mut source, d.source_ids.len(), &d.source);
        let t = add(&mut target, d.target_ids.len(), &d.target);
        if s.is_empty() && t.is_empty() {
            continue;
        }
        let mut bead = Bead::new(s, t, d.score.clamp(0.0, 1.0));
        bead.status = d.status;
        bead.note = d.note;
        bead.suspect = d.suspect;
        beads.push(bead);
        origins.push(d.origin);
    }
    let alignment = Alignment {
        name,
        source: Document::new("", source_lang, source),
        target: Document::new("", target_lang, target),
        beads,
        learned: None,
    };
    (alignment, origins)
}

/// True when two language tags name the same language as TMX files write
/// them (`ZH` = `zh`, `en_GB` = `en-GB`; a bare `en` matches `en-US`).
pub fn same_language(a: &str, b: &str) -> bool {
    let norm = |t: &str| t.trim().replace('_', "-").to_ascii_lowercase();
    let (a, b) = (norm(a), norm(b));
    a == b || a.split('-').next() == b.split('-').next() && (!a.contains('-') || !b.contains('-'))
}

/// The most sentences a side of a TMX may number (`x-source-ids`,
/// `x-target-ids`): sentences left out of the file come back as empty
/// beads, so without a bound one unit saying `x-source-ids: 4000000000`
/// would make four billion of them.
pub const MAX_TMX_SENTENCES: usize = 10_000_000;

/// Builds the alignment from a TMX read whole. See [`from_tmx_units`].
pub fn from_tmx(
    tmx: &TmxFile,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    fallback_name: &str,
) -> Result<Alignment, ImportError> {
    from_tmx_units(
        &tmx.header,
        tmx.units.iter().cloned().map(Ok),
        source_lang,
        target_lang,
        fallback_name,
    )
    .map(|(a, _)| a)
}

/// Builds the alignment from a TMX's header and its units as they are read
/// (a [`TmxReader`](super::tmx::TmxReader) streams them, so only the
/// alignment is ever held, never the file): the variant in `source_lang`
/// (default: the header's `srclang`, else the first unit's first language)
/// against the first other one (or `target_lang`). Units written by bitext
/// keep their sentence numbers (`x-source-ids`), and sentences left out of
/// the TMX come back as 1-0 and 0-1 beads with empty text, so that bead
/// numbers stay. Also returns each bead's unit number (1-based; 0 for the
/// beads of sentences the file left out).
///
/// Long because units are read, their sentence numbers checked against each
/// other, and the sentences the file left out restored as 1-0 and 0-1 beads,
/// over the same running state.
pub fn from_tmx_units<I>(
    header: &[(String, String)],
    units: I,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    fallback_name: &str,
) -> Result<(Alignment, Vec<usize>), ImportError>
where
    I: IntoIterator<Item = Result<TranslationUnit, TmxError>>,
{
    let header_attr = |name: &str| {
        header
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let header_srclang = header_attr("srclang")
        .filter(|l| !l.eq_ignore_ascii_case("*all*"))
        .map(str::to_string);
    let mut srclang = source_lang.map(str::to_string);
    let mut tgtlang = target_lang.map(str::to_string);
    let mut name = header_attr("x-document").map(str::to_string);
    let ids = |v: Option<&str>| -> Option<Vec<usize>> {
        v.map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
    };
    let mut drafts = Vec::new();
    let (mut next_source, mut next_target) = (0usize, 0usize);
    for (k, unit) in units.into_iter().enumerate() {
        let mut unit = unit?;
        if name.is_none() {
            name = unit.prop("x-document").map(str::to_string);
        }
        if srclang.is_none() {
            srclang = source_language(&unit, header_srclang.as_deref());
        }
        let Some(src) = srclang.clone() else {
            continue;
        };
        if tgtlang.is_none() {
            tgtlang = unit
                .variants
                .iter()
                .find(|(l, _)| !same_language(l, &src))
                .map(|(l, _)| l.clone());
        }
        let Some(tgt) = tgtlang.as_deref() else {
            continue;
        };
        let mut take = |lang: &str| {
            let k = unit
                .variants
                .iter()
                .position(|(l, _)| same_language(l, lang))?;
            Some(std::mem::take(&mut unit.variants[k].1))
        };
        let (Some(source), Some(target)) = (take(&src), take(tgt)) else {
            continue;
        };
        let source_ids = ids(unit.prop("x-source-ids")).unwrap_or_else(|| vec![next_source]);
        let target_ids = ids(unit.prop("x-target-ids")).unwrap_or_else(|| vec![next_target]);
        // Sentences the TMX left out (unaligned ones) come back as nulls,
        // within bounds.
        let gaps = source_ids
            .first()
            .map_or(0, |&f| f.saturating_sub(next_source))
            + target_ids
                .first()
                .map_or(0, |&f| f.saturating_sub(next_target));
        let goes_back = |ids: &[usize], next: usize| {
            ids.first().is_some_and(|&f| f < next) || ids.windows(2).any(|w| w[1] <= w[0])
        };
        if goes_back(&source_ids, next_source) || goes_back(&target_ids, next_target) {
            return Err(ImportError::Unit {
                unit: k + 1,
                message: "sentence numbers (x-source-ids, x-target-ids) go back".into(),
            });
        }
        let too_many = |ids: &[usize]| ids.iter().any(|&id| id >= MAX_TMX_SENTENCES);
        if too_many(&source_ids)
            || too_many(&target_ids)
            || drafts.len() + gaps > 2 * MAX_TMX_SENTENCES
        {
            return Err(ImportError::Unit {
                unit: k + 1,
                message: format!(
                    "sentence numbers (x-source-ids, x-target-ids) beyond {MAX_TMX_SENTENCES}"
                ),
            });
        }
        for id in next_source..source_ids.first().copied().unwrap_or(next_source) {
            drafts.push(null_draft(vec![id], vec![]));
        }
        for id in next_target..target_ids.first().copied().unwrap_or(next_target) {
            drafts.push(null_draft(vec![], vec![id]));
        }
        next_source = source_ids.last().map_or(next_source, |&l| l + 1);
        next_target = target_ids.last().map_or(next_target, |&l| l + 1);
        drafts.push(Draft {
            source_ids,
            target_ids,
            source,
            target,
            score: unit
                .prop("x-score")
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|s| s.is_finite())
                .unwrap_or(1.0),
            status: unit
                .prop("x-status")
                .and_then(|s| s.parse().ok())
                .unwrap_or_default(),
            note: String::new(),
            suspect: false,
            paragraph: unit
                .prop("x-paragraph")
                .and_then(|s| s.parse().ok())
                .unwrap_or(1),
            speaker: unit.prop("x-speaker").map(str::to_string),
            origin: k + 1,
        });
    }
    let srclang = srclang
        .or(header_srclang)
        .unwrap_or_else(|| "zh-CN".to_string());
    let tgtlang = match tgtlang {
        Some(t) if !drafts.is_empty() => t,
        other => {
            return Err(ImportError::NoUnits {
                source_lang: srclang,
                target_lang: other.unwrap_or_else(|| "second language".into()),
            });
        }
    };
    let name = name.unwrap_or_else(|| fallback_name.to_string());
    Ok(assemble(name, drafts, &srclang, &tgtlang))
}

/// The source language of a file, as its first unit with variants shows
/// it: the unit's own `srclang` (it overrides the header's, and po2tmx
/// writes `srclang="en"` in the header whatever the language), else the
/// header's, each only when the unit has a variant in it; else the unit's
/// first variant.
fn source_language(unit: &TranslationUnit, header: Option<&str>) -> Option<String> {
    let has = |lang: &str| unit.variants.iter().any(|(l, _)| same_language(l, lang));
    unit.srclang
        .as_deref()
        .filter(|l| has(l))
        .or(header.filter(|l| has(l)))
        .map(str::to_string)
        .or_else(|| unit.variants.first().map(|v| v.0.clone()))
}

fn null_draft(source_ids: Vec<usize>, target_ids: Vec<usize>) -> Draft {
    Draft {
        source_ids,
        target_ids,
        source: String::new(),
        target: String::new(),
        score: 0.0,
        status: Status::Review,
        note: String::new(),
        suspect: false,
        paragraph: 1,
        speaker: None,
        origin: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewed_csv_with_merge_edit_and_new_row() {
        let csv = "\u{feff}id;source;target;source_ids;target_ids;score;status;extra\r\n\
                   1;你好。;Hello.;0;0;0.9;approved;x\r\n\
                   2;再见。谢谢。;Bye. Thanks.;1;1;0.5;review;\r\n\
                   3;;;2;2;0.4;auto;\r\n\
                   4;新的。;New one.;;;;auto;\r\n";
        let a = from_review_csv(csv, "zh-CN", "en-US", "x").unwrap();
        assert_eq!(a.beads.len(), 3);
        assert_eq!(a.beads[0].status, Status::Approved);
        // Row 3 was emptied: its sentences joined row 2.
        assert_eq!(a.beads[1].source, vec![1, 2]);
        assert_eq!(a.source_text(&a.beads[1]), "再见。谢谢。");
        assert_eq!(a.beads[2].source, vec![3]);
        a.check_coverage().unwrap();
    }

    #[test]
    fn suspect_flag_is_kept_and_other_flags_ignored() {
        let csv = "source,target,source_ids,target_ids,flags\n\
                   a,b,0,0,numbers;suspect\n\
                   c,d,1,1,unaligned;latin;whatever\n\
                   e,,2,,suspect\n";
        let a = from_review_csv(csv, "zh-CN", "en-US", "x").unwrap();
        let suspect: Vec<bool> = a.beads.iter().map(|b| b.suspect).collect();
        assert_eq!(suspect, vec![true, false, true]);
    }

    #[test]
    fn duplicate_sentence_is_reported_with_row_and_column() {
        let csv = "source,target,source_ids,target_ids\na,b,0,0\nc,d,0,1\n";
        let err = from_review_csv(csv, "zh", "en", "x")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "row 3, column source_ids: sentence 0 is already in row 2"
        );
    }

    #[test]
    fn language_codes_match_loosely() {
        assert!(same_language("ZH", "zh-CN"));
        assert!(same_language("en_GB", "EN-gb"));
        assert!(!same_language("en-GB", "en-US"));
        assert!(!same_language("zh", "en"));
    }

    #[test]
    fn source_language_prefers_the_units_own() {
        let unit = |srclang: Option<&str>| TranslationUnit {
            srclang: srclang.map(str::to_string),
            variants: vec![
                ("en-US".into(), "Hi.".into()),
                ("zh-CN".into(), "你好。".into()),
            ],
            ..Default::default()
        };
        let pick = |u: &TranslationUnit, h| source_language(u, h).unwrap();
        assert_eq!(pick(&unit(Some("zh-CN")), Some("en")), "zh-CN");
        assert_eq!(pick(&unit(None), Some("ZH")), "ZH");
        assert_eq!(pick(&unit(Some("fr")), Some("de")), "en-US");
        assert_eq!(
            source_language(&TranslationUnit::default(), Some("zh")),
            None
        );
    }
}
