//! Replays the inputs under `tests/fuzz_regressions/<target>/` (crashers the
//! fuzz targets found, and hand-made hostile files) through the same checks
//! the fuzz targets run (`tests/fuzz_regressions/check.rs`), on stable.
//! A file named `err-…` must be refused with an error, `ok-…` must be read;
//! any other must only not panic (its checks still run when it is read).

#[path = "fuzz_regressions/check.rs"]
mod check;

use std::fs;
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

/// Runs `check` on every input of a target and holds it to its name.
fn replay<T: std::fmt::Debug, E: std::fmt::Display>(
    target: &str,
    check: impl Fn(&[u8]) -> Result<T, E>,
) {
    for path in inputs(target) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)))
            .unwrap_or_else(|_| panic!("{target}/{name}: panicked"));
        match (&outcome, name.split('-').next()) {
            (Ok(v), Some("err")) => panic!("{target}/{name}: read ({v:?}), want an error"),
            (Err(e), Some("ok")) => panic!("{target}/{name}: refused ({e}), want it read"),
            _ => {}
        }
    }
}

#[test]
fn segment_inputs() {
    replay("segment", check::segment);
}

#[test]
fn tmx_inputs() {
    replay("tmx", check::tmx);
}

/// The TMX check reads the TMX reader's hostile inputs (their `ok-`/`err-`
/// names are the reader's verdicts, so only "no panic" holds here).
#[test]
fn tmxcheck_inputs() {
    for path in inputs("tmx") {
        let data = fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check::tmxcheck(&data));
        assert!(outcome.is_ok(), "tmx/{}: panicked", path.display());
    }
}

#[test]
fn csv_inputs() {
    replay("csv", check::csv);
}

/// Declared entities, external or nested, stay as written: no file is read,
/// nothing is fetched, nothing grows.
#[test]
fn tmx_entities_are_never_expanded() {
    use bitext::import::tmx::read_tmx;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/tmx");
    let xxe = read_tmx(&fs::read(dir.join("ok-xxe.tmx")).unwrap()[..]).unwrap();
    assert_eq!(xxe.units[0].variants[0].1, "你好&xxe;");
    assert_eq!(xxe.units[0].variants[1].1, "Hello &web;");
    let data = fs::read(dir.join("ok-billion-laughs.tmx")).unwrap();
    let laughs = read_tmx(&data[..]).unwrap();
    assert_eq!(laughs.units[0].variants[1].1, "&lol9;&lol9;");
    assert_eq!(laughs.units[0].prop("x-score"), Some("&lol9;"));
}
