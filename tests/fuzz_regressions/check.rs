//! What the fuzz targets run on each input, shared by `fuzz/fuzz_targets/*`
//! and `tests/fuzz_regressions.rs`, so that a saved crasher replays through
//! exactly the code that crashed. Each function panics when an invariant
//! breaks and otherwise says how the input was taken (read, or refused with
//! which error).

use bitext::import::alignment::{from_review_csv, from_tmx};
use bitext::import::csv::read_csv_delimited;
use bitext::import::tmx::read_tmx;
use bitext::io;
use bitext::model::{Alignment, Lang};
use bitext::segment::{self, speaker};
use std::path::Path;

fn non_space(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when `part` appears in `whole` in order, gaps allowed.
fn is_subsequence(part: &[char], whole: &[char]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|c| rest.any(|w| w == c))
}

/// Bytes as a text file, the way the CLI reads one (encoding detection),
/// then Chinese and English segmentation and the one-sentence-per-line
/// reader. Segmentation loses and reorders no text (speaker labels, kept
/// as metadata, are the only text it may drop), numbers segments 0, 1, 2 …
/// and never goes back a paragraph. Returns the decode error, or the number
/// of segments per language.
pub fn segment(data: &[u8]) -> Result<[usize; 2], bitext::error::Error> {
    let text = io::decode(Path::new("fuzz.txt"), data, None)?.text;
    let mut counts = [0; 2];
    for (k, lang) in [Lang::Zh, Lang::En].into_iter().enumerate() {
        let segs = segment::segment(&text, lang);
        let mut last_paragraph = 0;
        for (i, s) in segs.iter().enumerate() {
            assert_eq!(s.id, i, "{lang:?}: ids out of order");
            assert!(!s.text.trim().is_empty(), "{lang:?}: empty segment {i}");
            assert!(
                s.paragraph >= last_paragraph,
                "{lang:?}: paragraph went back"
            );
            last_paragraph = s.paragraph;
        }
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        // A U+FEFF left at the start (a second BOM) is a BOM to the
        // segmenter too, not text.
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (joined, input) = (non_space(&joined), non_space(body));
        let labels = speaker::accepted_labels(&segment::paragraphs(&text, lang), lang);
        if labels.is_empty() {
            assert!(joined == input, "{lang:?}: text lost or changed");
        } else {
            assert!(is_subsequence(&joined, &input), "{lang:?}: text changed");
        }
        counts[k] = segs.len();
    }
    let lines = segment::presplit(&text);
    assert!(lines.len() <= text.len() + 1);
    Ok(counts)
}

/// What is checked of every alignment an importer returns.
fn check_alignment(a: &Alignment, input_len: usize) {
    a.check_coverage()
        .expect("imported beads cover every sentence once");
    for b in &a.beads {
        assert!(!(b.source.is_empty() && b.target.is_empty()), "empty bead");
        assert!(
            (0.0..=1.0).contains(&b.score),
            "score {} out of [0, 1]",
            b.score
        );
    }
    // An import is never much larger than the file it came from.
    let text: usize = a
        .source
        .segments
        .iter()
        .chain(&a.target.segments)
        .map(|s| s.text.len())
        .sum();
    assert!(text <= input_len, "imported text larger than the file");
}

/// Bytes as a TMX file → the TMX reader → an alignment, as `bitext import`
/// does it. The reader expands no entity (the text it returns is never
/// longer than the file) and the import covers every sentence once.
/// Returns the error message, or the number of beads.
pub fn tmx(data: &[u8]) -> Result<usize, String> {
    let file = read_tmx(data).map_err(|e| e.to_string())?;
    let text: usize = file
        .units
        .iter()
        .flat_map(|u| u.variants.iter().chain(&u.props).map(|(_, t)| t.len()))
        .sum();
    assert!(
        text <= data.len(),
        "TMX text longer than the file: {text} > {}",
        data.len()
    );
    let a = from_tmx(&file, None, None, "fuzz").map_err(|e| e.to_string())?;
    check_alignment(&a, data.len());
    Ok(a.beads.len())
}

/// Bytes as a TMX file → `bitext check` under every profile: faults,
/// never a panic; every fault has a line, errors and warnings add up.
/// Returns the faults of the generic profile.
pub fn tmxcheck(data: &[u8]) -> Result<usize, String> {
    let mut generic = 0;
    for profile in bitext::export::TmxProfile::ALL {
        let report = bitext::tmxcheck::check_tmx(data, profile);
        assert!(report.faults.iter().all(|f| f.line >= 1));
        assert_eq!(report.errors() + report.warnings(), report.faults.len());
        if profile == bitext::export::TmxProfile::Generic {
            generic = report.faults.len();
        }
    }
    Ok(generic)
}

/// Bytes as a reviewed CSV → decoded as the CLI reads a text file → the
/// review importer (delimiter sniffing, BOM, quoting). The raw bytes also
/// go straight to the CSV reader with each delimiter. Returns the error
/// message, or the number of beads.
pub fn csv(data: &[u8]) -> Result<usize, String> {
    for delimiter in [b',', b';', b'\t'] {
        let _ = read_csv_delimited(data, delimiter, &["source", "target"]);
    }
    let text = io::decode(Path::new("fuzz.csv"), data, None)
        .map_err(|e| e.to_string())?
        .text;
    let a = from_review_csv(&text, "zh-CN", "en-US", "fuzz").map_err(|e| e.to_string())?;
    check_alignment(&a, text.len());
    Ok(a.beads.len())
}
