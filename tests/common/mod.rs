//! Helpers shared by integration tests (`mod common;` in each that needs
//! them): running `bitext import` and reading the rows back; the external
//! tools and the data beside the project that some checks need.
//!
//! No check passes by doing nothing when what it needs is missing:
//! - a check that runs one of the tools `.ci/run` installs (xmllint,
//!   OmegaT, LibreOffice, translate-toolkit, epubcheck) fails, saying
//!   what to install;
//!   its name starts with `tool_`, so that without the tools
//!   `cargo test --release -- --skip tool_` leaves them out (and the
//!   harness counts them as filtered out);
//! - a check that needs `../shared/data` (not in a clone) is `#[ignore]`d
//!   with the reason; `cargo test --release -- --ignored` runs them, and
//!   they fail if the data is not there.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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

/// True when `program arg` can be started (its exit status is not looked
/// at: some tools' `--help` exits non-zero).
pub fn starts(program: &str, arg: &str) -> bool {
    std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok()
}

/// Fails the test when a tool it checks our output with is missing.
pub fn require_tool(present: bool, tool: &str, install: &str) {
    assert!(
        present,
        "{tool} is not installed: {install} (.ci/run installs it). Without it, \
         leave the tool checks out with `cargo test --release -- --skip tool_`."
    );
}

/// The command that runs epubcheck: `epubcheck` when it starts (Debian's
/// is the jar itself, which runs only where binfmt_misc hands jars to
/// java), else `java -jar` on the jar Debian's package installs; `None`
/// when neither is there.
pub fn epubcheck() -> Option<std::process::Command> {
    // `--version` names the tool, then exits non-zero: no file was given.
    let runs = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("EPUBCheck"))
    };
    if runs("epubcheck", &["--version"]) {
        return Some(std::process::Command::new("epubcheck"));
    }
    let jar = "/usr/share/java/epubcheck.jar";
    if Path::new(jar).exists() && runs("java", &["-jar", jar, "--version"]) {
        let mut command = std::process::Command::new("java");
        command.args(["-jar", jar]);
        return Some(command);
    }
    None
}

/// `../shared/data/REL` (beside the project, not in a clone); fails the test
/// when it is not there. The tests that call this are `#[ignore]`d.
pub fn shared_data(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    assert!(
        path.exists(),
        "{} not found: this ignored test needs the data beside the project \
         (../shared/data); a plain `cargo test --release` leaves it out.",
        path.display()
    );
    path
}
