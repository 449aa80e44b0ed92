//! The architecture as a test: data flows one way, files → text → evidence
//! → scores → search → alignment → review and evaluation → formats, and no
//! module of the library imports one above it (or beside it, where the two
//! must stay apart: the search knows nothing of documents, dictionaries,
//! encoders or scoring; the formats never see the search). Reads every
//! library file's `crate::` paths and fails, naming the file and the
//! import, on one that [`LAYERS`] does not allow. A new top-level module
//! fails until it is given its place here.
//!
//! The binary's own files (`main.rs`, `cli/`, `config.rs`, `commands/`)
//! are not the library and go through its public paths (`bitext::…`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each library module and the modules it may import, bottom up.
const LAYERS: &[(&str, &[&str])] = &[
    // The bottom: shared types and small utilities.
    ("error", &[]),
    ("vector", &[]),
    ("timing", &[]),
    ("model", &["error"]),
    // Files and text.
    ("io", &["error", "model"]),
    ("segment", &["error", "model"]),
    // Structured documents (DOCX, EPUB, HTML, Markdown) read as blocks.
    ("documents", &["error", "model", "segment"]),
    // Evidence.
    ("lexicon", &["error", "model"]),
    ("features", &["segment", "lexicon"]),
    ("embed", &["error", "vector"]),
    // Scores, and the search that sees them only through its own trait.
    (
        "score",
        &[
            "error", "model", "segment", "lexicon", "features", "embed", "vector", "timing",
        ],
    ),
    ("search", &["vector", "timing"]),
    // The one pipeline.
    (
        "align",
        &[
            "error",
            "model",
            "io",
            "segment",
            "documents",
            "lexicon",
            "embed",
            "score",
            "search",
            "vector",
            "timing",
        ],
    ),
    // After the alignment: review, then the formats, then evaluation (which
    // reads bead files through the importers, and measures the review flags
    // on segmented gold sets).
    (
        "review",
        &["error", "model", "segment", "lexicon", "features", "score"],
    ),
    // The bilingual DOCX that keeps a DOCX source reads it with the
    // documents' zip and XML readers.
    ("export", &["error", "model", "io", "review", "documents"]),
    ("import", &["error", "model", "io", "review", "export"]),
    // The TMX check reads any TMX against the profiles the TMX writer uses.
    ("tmxcheck", &["export"]),
    (
        "eval",
        &["error", "model", "import", "review", "features", "segment"],
    ),
];

/// Files of the binary, not the library.
const BINARY: &[&str] = &["main.rs", "cli", "config.rs", "lib.rs", "commands"];

/// The top-level modules a file's text refers to through `crate::`, in
/// code (comment lines are skipped), `crate::{a, b::c}` groups included.
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        // `bitext_crate::` or `$crate::` are other things.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.insert(ident(&group[start..k]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident(&group[start..k]));
                        start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty());
    found
}

/// The rules a module's imports break, one line each: `file: module
/// imports other, which its layer does not allow`.
fn violations(files: &[(String, String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (file, module, text) in files {
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| m == module) else {
            out.push(format!(
                "{file}: module `{module}` has no place in tests/layers.rs LAYERS; add it"
            ));
            continue;
        };
        for import in imports(text) {
            if import != *module && !allowed.contains(&import.as_str()) {
                out.push(format!(
                    "{file}: `{module}` imports `crate::{import}`, which its layer does not allow"
                ));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every library file as (path, its top-level module, its text).
fn library_files() -> Vec<(String, String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).expect("under src");
            let first = relative.components().next()?.as_os_str().to_str()?;
            if BINARY.contains(&first) {
                return None;
            }
            let module = first.strip_suffix(".rs").unwrap_or(first).to_string();
            let text = std::fs::read_to_string(&path).expect("readable source");
            Some((format!("src/{}", relative.display()), module, text))
        })
        .collect()
}

#[test]
fn every_module_imports_only_what_its_layer_allows() {
    let files = library_files();
    assert!(files.len() > 40, "found only {} library files", files.len());
    let broken = violations(&files);
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
}

#[test]
fn every_module_in_the_table_exists() {
    let modules: BTreeSet<String> = library_files().into_iter().map(|f| f.1).collect();
    for (module, _) in LAYERS {
        assert!(
            modules.contains(*module),
            "LAYERS names `{module}`, not in src/"
        );
    }
}

#[test]
fn unsafe_code_lives_in_the_encoders_kernels_only() {
    let mut paths = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut paths,
    );
    let with_unsafe: Vec<String> = paths
        .iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .expect("readable source")
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| {
                    l.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|word| word == "unsafe")
                })
        })
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(with_unsafe.len(), 1, "{with_unsafe:?}");
    assert!(
        with_unsafe[0].ends_with("src/embed/gemm.rs"),
        "{with_unsafe:?}"
    );
}

#[test]
fn a_broken_rule_is_caught() {
    let file = |module: &str, text: &str| {
        (
            format!("src/{module}/x.rs"),
            module.to_string(),
            text.to_string(),
        )
    };
    let files = [
        // The search reaching for the scorer, the exporters for the search.
        file("search", "use crate::score::PairScorer;\n"),
        file(
            "export",
            "use crate::{model::Bead, search::{self, Found}};\n",
        ),
        // Comments and the module's own paths are fine.
        file(
            "model",
            "// crate::align::Aligner\nuse crate::model::Bead;\n",
        ),
        file("eval", "let x = crate::import::beads::read(p);\n"),
        file("newthing", "\n"),
    ];
    assert_eq!(
        violations(&files),
        vec![
            "src/search/x.rs: `search` imports `crate::score`, which its layer does not allow",
            "src/export/x.rs: `export` imports `crate::search`, which its layer does not allow",
            "src/newthing/x.rs: module `newthing` has no place in tests/layers.rs LAYERS; add it",
        ]
    );
}
