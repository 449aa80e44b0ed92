//! Helpers shared by integration tests (`mod common;` in each that needs
//! them): running `bitext import` and reading the rows back.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::Path;

/// What `bitext import FILE -f FORMAT -o -` prints (with a fixed
/// `SOURCE_DATE_EPOCH`); fails the test when the import fails.
pub fn import_as(path: &Path, format: &str) -> String {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1686355200")
        .args(["import", "-q", "-f", format, "-o", "-"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `(source, target)` of each row of the file imported as CSV.
pub fn import_rows(path: &Path) -> Vec<(String, String)> {
    bitext::import::csv::read_csv(import_as(path, "csv").as_bytes(), &["source", "target"])
        .unwrap()
        .iter()
        .map(|r| (r.get("source").to_string(), r.get("target").to_string()))
        .collect()
}
