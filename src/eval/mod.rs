//! Scoring beads against gold: strict and lax precision, recall and F1 as
//! vecalign's `score.py` computes them (after Sennrich & Volk 2011), summed
//! over documents, plus a reliability table for bead confidence scores.
//!
//! Precision looks at every test bead that is not empty on both sides: it is
//! a strict hit when the very same bead is in the gold, and a lax hit when
//! one of its source sentences is aligned in the gold to one of its target
//! sentences. Recall is the same count with the roles swapped and with
//! insertions and deletions (1-0, 0-1 beads) left out of both sides. Beads
//! are compared as sets within a document, so a duplicated bead counts once.
//!
//! [`pair_paths`] pairs gold and test bead files (or folders of them) by
//! name and [`evaluate_paths`] reads and scores them; [`Evaluation`] prints
//! the totals, [`Evaluation::breakdown`] one row per document.
//!
//! [`flags`] measures the review flags the same way: precision and recall
//! on a labelled set of gold beads, renderings and changed copies.

mod calibration;
pub mod dev_set;
pub mod flags;
mod scores;

pub use calibration::*;
pub use scores::*;

use crate::import::beads::{BeadError, read_beads};
use crate::model::Bead;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// One document's scores in an [`Evaluation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentScores {
    /// The document's name: the file name without `.align` / `.beads`.
    pub name: String,
    pub scores: Scores,
}

/// A scored set of documents: totals, one row per document and, when every
/// test bead has a score, the calibration of those scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Counts summed over all documents.
    pub total: Scores,
    pub documents: Vec<DocumentScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

/// A named document's gold and test beads, ready for [`Evaluation::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredDocument {
    pub name: String,
    pub gold: Vec<Bead>,
    pub test: Vec<Bead>,
}

impl Evaluation {
    /// Scores named documents. With `scored` set (the test beads carry real
    /// confidence scores) the result includes a [`DEFAULT_BINS`] calibration.
    pub fn new(documents: &[ScoredDocument], scored: bool) -> Evaluation {
        let pairs = || {
            documents
                .iter()
                .map(|d| (d.gold.as_slice(), d.test.as_slice()))
        };
        Evaluation {
            total: score_documents(pairs()),
            documents: documents
                .iter()
                .map(|d| DocumentScores {
                    name: d.name.clone(),
                    scores: score_document(&d.gold, &d.test),
                })
                .collect(),
            calibration: scored.then(|| calibrate(pairs(), DEFAULT_BINS)),
        }
    }

    /// A table with one row per document and a total row.
    pub fn breakdown(&self) -> Breakdown<'_> {
        Breakdown(self)
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.total)?;
        if let Some(calibration) = &self.calibration {
            writeln!(f)?;
            write!(f, "{calibration}")?;
        }
        Ok(())
    }
}

/// The per-document table of an [`Evaluation`] (see [`Evaluation::breakdown`]).
pub struct Breakdown<'a>(&'a Evaluation);

impl fmt::Display for Breakdown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .0
            .documents
            .iter()
            .map(|d| d.name.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        writeln!(
            f,
            "{:<width$}  {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
            "document", "gold", "test", "P", "R", "F1", "P lax", "R lax", "F1 lax"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Scores| {
            writeln!(
                f,
                "{name:<width$}  {:>6} {:>6}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}",
                s.gold_beads,
                s.test_beads,
                s.precision_strict,
                s.recall_strict,
                s.f1_strict,
                s.precision_lax,
                s.recall_lax,
                s.f1_lax
            )
        };
        for doc in &self.0.documents {
            row(f, &doc.name, &doc.scores)?;
        }
        row(f, "total", &self.0.total)
    }
}

/// Errors pairing and reading gold and test bead files.
#[derive(Debug, Error)]
pub enum EvalError {
    #[error("{path}: not found")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot list the folder: {cause}")]
    ReadDir {
        path: PathBuf,
        /// Why (part of the message, not a separate cause, so that `{:#}`
        /// does not print it twice).
        cause: std::io::Error,
    },
    #[error(
        "cannot compare {folder} (a folder) with {file} (a file): give two files or two folders"
    )]
    FileAndFolder { folder: PathBuf, file: PathBuf },
    #[error("{path}: no bead files in the folder")]
    EmptyFolder { path: PathBuf },
    #[error("{path}: `{first}` and `{second}` are the same document `{name}`")]
    SameName {
        path: PathBuf,
        name: String,
        first: String,
        second: String,
    },
    #[error("unpaired bead files: {}", unpaired_list(.gold_dir, .gold_only, .test_dir, .test_only))]
    Unpaired {
        gold_dir: PathBuf,
        gold_only: Vec<String>,
        test_dir: PathBuf,
        test_only: Vec<String>,
    },
    #[error(transparent)]
    Beads(#[from] BeadError),
}

fn unpaired_list(
    gold_dir: &Path,
    gold_only: &[String],
    test_dir: &Path,
    test_only: &[String],
) -> String {
    let mut parts = Vec::new();
    if !gold_only.is_empty() {
        parts.push(format!(
            "{} has no test for {}",
            gold_dir.display(),
            gold_only.join(", ")
        ));
    }
    if !test_only.is_empty() {
        parts.push(format!(
            "{} has no gold for {}",
            test_dir.display(),
            test_only.join(", ")
        ));
    }
    parts.join("; ")
}

/// A gold file and the test file that pairs with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPair {
    /// The shared name, e.g. `001` for `001.align` and `001.beads`.
    pub name: String,
    pub gold: PathBuf,
    pub test: PathBuf,
}

/// A file name without a trailing `.align` or `.beads`.
pub fn document_name(file_name: &str) -> &str {
    file_name
        .strip_suffix(".align")
        .or_else(|| file_name.strip_suffix(".beads"))
        .unwrap_or(file_name)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The bead files of a folder by document name (hidden files and
/// subfolders are skipped).
fn folder_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, EvalError> {
    let read_dir = |source| EvalError::ReadDir {
        path: dir.to_path_buf(),
        cause: source,
    };
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(read_dir)? {
        let path = entry.map_err(read_dir)?.path();
        let name = file_name(&path);
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        let key = document_name(&name).to_string();
        if let Some(other) = files.get(&key) {
            let mut both = [file_name(other), name];
            both.sort();
            let [first, second] = both;
            return Err(EvalError::SameName {
                path: dir.to_path_buf(),
                name: key,
                first,
                second,
            });
        }
        files.insert(key, path);
    }
    if files.is_empty() {
        return Err(EvalError::EmptyFolder {
            path: dir.to_path_buf(),
        });
    }
    Ok(files)
}

/// Pairs gold and test: two bead files, or two folders whose files pair by
/// name with a trailing `.align` or `.beads` ignored on either side
/// (`001.align` ↔ `001.beads` ↔ `001`). Pairs come sorted by name; a file
/// without a partner is an error that names it.
pub fn pair_paths(gold: &Path, test: &Path) -> Result<Vec<DocPair>, EvalError> {
    for path in [gold, test] {
        if !path.exists() {
            return Err(EvalError::NotFound {
                path: path.to_path_buf(),
            });
        }
    }
    match (gold.is_dir(), test.is_dir()) {
        (false, false) => Ok(vec![DocPair {
            name: document_name(&file_name(gold)).to_string(),
            gold: gold.to_path_buf(),
            test: test.to_path_buf(),
        }]),
        (true, false) => Err(EvalError::FileAndFolder {
            folder: gold.to_path_buf(),
            file: test.to_path_buf(),
        }),
        (false, true) => Err(EvalError::FileAndFolder {
            folder: test.to_path_buf(),
            file: gold.to_path_buf(),
        }),
        (true, true) => {
            let gold_files = folder_files(gold)?;
            let mut test_files = folder_files(test)?;
            let mut pairs = Vec::new();
            let mut gold_only = Vec::new();
            for (name, gold_path) in gold_files {
                match test_files.remove(&name) {
                    Some(test_path) => pairs.push(DocPair {
                        name,
                        gold: gold_path,
                        test: test_path,
                    }),
                    None => gold_only.push(file_name(&gold_path)),
                }
            }
            let test_only: Vec<String> = test_files.values().map(|p| file_name(p)).collect();
            if !gold_only.is_empty() || !test_only.is_empty() {
                return Err(EvalError::Unpaired {
                    gold_dir: gold.to_path_buf(),
                    gold_only,
                    test_dir: test.to_path_buf(),
                    test_only,
                });
            }
            Ok(pairs)
        }
    }
}

/// Pairs ([`pair_paths`]), reads and scores gold and test bead files. The
/// calibration is included when every test file carries scores.
pub fn evaluate_paths(gold: &Path, test: &Path) -> Result<Evaluation, EvalError> {
    let pairs = pair_paths(gold, test)?;
    let mut documents = Vec::with_capacity(pairs.len());
    let mut scored = true;
    for pair in pairs {
        let gold = read_beads(&pair.gold)?;
        let test = read_beads(&pair.test)?;
        scored &= test.has_scores;
        documents.push(ScoredDocument {
            name: pair.name,
            gold: gold.beads,
            test: test.beads,
        });
    }
    Ok(Evaluation::new(&documents, scored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::beads::parse_beads;

    fn beads(text: &str) -> Vec<Bead> {
        parse_beads(text).unwrap().beads
    }

    const GOLD: &str = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2, 3]\n[]:[4]\n[5]:[5]\n";

    #[test]
    fn identical_alignments_score_one() {
        let gold = beads(GOLD);
        let s = score_document(&gold, &gold);
        for v in [
            s.precision_strict,
            s.recall_strict,
            s.f1_strict,
            s.precision_lax,
            s.recall_lax,
            s.f1_lax,
        ] {
            assert_eq!(v, 1.0);
        }
        // 6 beads in precision; 4 without the 1-0 / 0-1 in recall.
        assert_eq!(
            s.precision_counts,
            Counts {
                tp_strict: 6,
                fp_strict: 0,
                tp_lax: 6,
                fp_lax: 0
            }
        );
        assert_eq!(
            s.recall_counts,
            Counts {
                tp_strict: 4,
                fp_strict: 0,
                tp_lax: 4,
                fp_lax: 0
            }
        );
        assert_eq!((s.documents, s.gold_beads, s.test_beads), (1, 6, 6));
    }

    #[test]
    fn hand_computed_counts() {
        let gold = beads(GOLD);
        // [0]:[0] strict; [1]:[1] and [2]:[] split the gold 2-1: [1]:[1] is
        // lax ([1] ~ [1] in gold), [2]:[] is neither; [3]:[2] is a miss
        // (3 was deleted in the gold); [4]:[3] lax; []:[4] strict;
        // [5]:[5] strict.
        let test = beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[2]\n[4]:[3]\n[]:[4]\n[5]:[5]\n");
        let s = score_document(&gold, &test);
        assert_eq!(
            s.precision_counts,
            Counts {
                tp_strict: 3,
                fp_strict: 4,
                tp_lax: 5,
                fp_lax: 2
            }
        );
        // Recall: gold without nulls ([0]:[0], [1,2]:[1], [4]:[2,3], [5]:[5])
        // against test without nulls: [0]:[0] and [5]:[5] strict, [1,2]:[1]
        // lax via [1]:[1], [4]:[2,3] lax via [4]:[3].
        assert_eq!(
            s.recall_counts,
            Counts {
                tp_strict: 2,
                fp_strict: 2,
                tp_lax: 4,
                fp_lax: 0
            }
        );
        assert!((s.precision_strict - 3.0 / 7.0).abs() < 1e-12);
        assert!((s.recall_strict - 0.5).abs() < 1e-12);
        let f = 2.0 * (3.0 / 7.0) * 0.5 / (3.0 / 7.0 + 0.5);
        assert!((s.f1_strict - f).abs() < 1e-12);
        assert!((s.precision_lax - 5.0 / 7.0).abs() < 1e-12);
        assert_eq!(s.recall_lax, 1.0);
        assert!(s.f1_lax > s.f1_strict);
    }

    #[test]
    fn shifted_alignment_is_lax_but_not_strict() {
        let gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n");
        // Every bead is off by one on the target side but overlaps.
        let test = beads("[0]:[0, 1]\n[1]:[2]\n[2]:[3]\n[3]:[]\n");
        let s = score_document(&gold, &test);
        assert!(s.f1_lax > s.f1_strict, "{s}");
        assert_eq!(s.precision_counts.tp_strict, 0);
        assert!(s.precision_counts.tp_lax >= 1);
    }

    #[test]
    fn counts_sum_over_documents_before_dividing() {
        let a_gold = beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n");
        let a_test = a_gold.clone();
        let b_gold = beads("[0]:[0]\n");
        let b_test = beads("[0]:[1]\n");
        let s = score_documents([
            (a_gold.as_slice(), a_test.as_slice()),
            (b_gold.as_slice(), b_test.as_slice()),
        ]);
        // Micro average: 3 of 4, not the mean of 1.0 and 0.0.
        assert_eq!(s.precision_strict, 0.75);
        assert_eq!(s.recall_strict, 0.75);
        assert_eq!((s.documents, s.gold_beads, s.test_beads), (2, 4, 4));
    }

    #[test]
    fn empty_and_duplicate_beads() {
        let gold = beads("[0]:[0]\n[]:[]\n");
        let test = beads("[0]:[0]\n[0]:[0]\n[]:[]\n");
        let s = score_document(&gold, &test);
        assert_eq!(s.precision_counts.tp_strict, 1);
        assert_eq!(s.precision_counts.fp_strict, 0);
        let none = score_document(&[], &[]);
        assert_eq!(none.f1_strict, 0.0);
        assert_eq!(none.precision_lax, 0.0);
    }

    #[test]
    fn display_and_serde() {
        let gold = beads(GOLD);
        let s = score_document(&gold, &gold);
        let text = s.to_string();
        assert!(text.contains("| F1        |  1.000 |  1.000 |"), "{text}");
        let json = serde_json::to_string(&s).unwrap();
        let back: Scores = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    fn scored(text: &str) -> Vec<Bead> {
        let file = parse_beads(text).unwrap();
        assert!(file.has_scores);
        file.beads
    }

    #[test]
    fn calibration_table() {
        let gold = beads(GOLD);
        let test = scored(
            "[0]:[0]:0.95\n[1]:[1]:0.92\n[2]:[]:0.05\n[3]:[2]:0.35\n[4]:[3]:0.3\n[]:[4]:1.0\n[5]:[5]:0.9\n",
        );
        let c = calibrate([(gold.as_slice(), test.as_slice())], DEFAULT_BINS);
        assert_eq!(c.bins.len(), 10);
        assert_eq!(c.beads, 7);
        assert_eq!(c.exact, 3);
        assert_eq!((c.bins[0].beads, c.bins[0].exact), (1, 0));
        // 0.3 and 0.35 both land in [0.3, 0.4).
        assert_eq!((c.bins[3].beads, c.bins[3].exact), (2, 0));
        assert_eq!(c.bins[3].lower, 0.3);
        assert_eq!(c.bins[5].exact_share, None);
        // 0.9, 0.92, 0.95 and 1.0 in the last, closed bin; 3 exact.
        assert_eq!((c.bins[9].beads, c.bins[9].exact), (4, 3));
        assert_eq!((c.confident_beads, c.confident_exact), (4, 3));
        assert_eq!(c.confident_share, Some(0.75));
        // ECE: bin0 1/7·|0−0.05|, bin3 2/7·|0−0.325|, bin9 4/7·|0.75−0.9425|.
        let ece = (0.05 + 2.0 * 0.325 + 4.0 * (0.9425 - 0.75)) / 7.0;
        assert!((c.ece - ece).abs() < 1e-12, "{} vs {ece}", c.ece);
        let text = c.to_string();
        assert!(text.contains("[0.90, 1.00]"), "{text}");
        assert!(text.contains("expected calibration error"), "{text}");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["bins"][5]["exact_share"], serde_json::Value::Null);
    }

    #[test]
    fn evaluation_breakdown() {
        let docs = vec![
            ScoredDocument {
                name: "001".into(),
                gold: beads(GOLD),
                test: beads(GOLD),
            },
            ScoredDocument {
                name: "002".into(),
                gold: beads("[0]:[0]\n"),
                test: beads("[0]:[1]\n"),
            },
        ];
        let e = Evaluation::new(&docs, false);
        assert!(e.calibration.is_none());
        assert_eq!(e.documents.len(), 2);
        assert_eq!(e.documents[0].scores.f1_strict, 1.0);
        assert_eq!(e.documents[1].scores.f1_strict, 0.0);
        assert_eq!(e.total.documents, 2);
        let table = e.breakdown().to_string();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(
            lines[1].starts_with("001 ") && lines[3].starts_with("total"),
            "{table}"
        );
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn pairs_folders_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        let (gold, test) = (tmp.path().join("gold"), tmp.path().join("test"));
        std::fs::create_dir_all(&gold).unwrap();
        std::fs::create_dir_all(&test).unwrap();
        write(&gold, "001.align", GOLD);
        write(&gold, "002.align", "[0]:[0]\n");
        write(&gold, ".hidden", "junk");
        write(&test, "001.beads", "[0]:[0]:0.9\n");
        write(&test, "002", "[0]:[0]:0.8\n");
        let pairs = pair_paths(&gold, &test).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].name, "001");
        assert!(pairs[0].test.ends_with("001.beads"));
        assert!(pairs[1].test.ends_with("002"));
        let e = evaluate_paths(&gold, &test).unwrap();
        assert_eq!(e.total.documents, 2);
        assert!(e.calibration.is_some());
        assert_eq!(e.total.precision_counts.tp_strict, 2);

        write(&test, "003.beads", "[0]:[0]\n");
        write(&gold, "004.align", "[0]:[0]\n");
        let err = pair_paths(&gold, &test).unwrap_err().to_string();
        assert!(
            err.contains("003.beads") && err.contains("004.align"),
            "{err}"
        );

        let err = pair_paths(&gold, &test.join("001.beads"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a folder"), "{err}");

        write(&gold, "004", "[0]:[0]\n");
        let err = pair_paths(&gold, &test).unwrap_err().to_string();
        assert!(err.contains("`004`") && err.contains("004.align"), "{err}");
    }

    #[test]
    fn pairs_two_files_and_reports_bad_lines() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "a.align", GOLD);
        write(tmp.path(), "b.beads", "[0]:[0]\n[1]:oops\n");
        let pairs = pair_paths(&tmp.path().join("a.align"), &tmp.path().join("b.beads")).unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].name, "a");
        let err = evaluate_paths(&tmp.path().join("a.align"), &tmp.path().join("b.beads"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.beads") && err.contains("line 2"), "{err}");
        let err = pair_paths(&tmp.path().join("missing"), &tmp.path().join("b.beads")).unwrap_err();
        assert!(matches!(err, EvalError::NotFound { .. }));
    }
}
