//! The review XLSX, with the real binary on the corpus:
//!
//! - an insta snapshot of what `align -f xlsx` writes: every cell read back
//!   with calamine as text, and the styling parts that matter to a reviewer
//!   (frozen pane, autofilter, the status drop-down list, column widths,
//!   the fills);
//! - a reviewer's edits (a status changed, a note added, a sentence moved
//!   into the row above) made once in the XLSX and once in the CSV import
//!   to the same alignment, and a bad status fails both with the same
//!   message;
//! - corrupt files and files that are no XLSX are refused with one line,
//!   never a panic;
//! - LibreOffice Calc opens the file and keeps text cells text (`tool_`).

mod common;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1686355200");
    cmd
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023")
}

/// Aligns the corpus into `dir` as altman-baai-2023.{xlsx,csv}.
fn align(dir: &Path) -> (PathBuf, PathBuf) {
    let out = bitext()
        .args([
            "align", "-q", "--scorer", "classic", "-f", "xlsx", "-f", "csv",
        ])
        .arg("--out-dir")
        .arg(dir)
        .arg(corpus().join("zh.txt"))
        .arg(corpus().join("en.txt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        dir.join("altman-baai-2023.xlsx"),
        dir.join("altman-baai-2023.csv"),
    )
}

/// The cells of the first worksheet as text, row by row.
fn xlsx_grid(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn csv_grid(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A part of the xlsx package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The first `<tag …>…</tag>` (or `<tag …/>`) in `xml`.
fn element(xml: &str, tag: &str) -> String {
    let start = xml
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("no <{tag}>"));
    let rest = &xml[start..];
    let close = format!("</{tag}>");
    let end = match (rest.find("/>"), rest.find(&close), rest.find('>')) {
        (_, Some(c), Some(gt)) if rest.as_bytes()[gt - 1] != b'/' => c + close.len(),
        (Some(e), _, _) => e + 2,
        _ => rest.len(),
    };
    rest[..end].to_string()
}

#[test]
fn snapshot_corpus_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, csv) = align(dir.path());
    let bytes = std::fs::read(&xlsx).unwrap();
    let grid = xlsx_grid(&bytes);
    // The same columns and rows as the review CSV.
    let csv_rows = csv_grid(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(grid.len(), csv_rows.len());
    assert_eq!(grid[0], csv_rows[0]);
    let score = grid[0].iter().position(|h| h == "score").unwrap();
    for (x, c) in grid.iter().zip(&csv_rows).skip(1) {
        for (k, (a, b)) in x.iter().zip(c).enumerate() {
            if k == score {
                assert_eq!(a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap());
            } else {
                assert_eq!(a, b);
            }
        }
    }
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let styles = part(&bytes, "xl/styles.xml");
    let mut text = String::new();
    for tag in ["pane", "cols", "autoFilter", "dataValidations"] {
        text.push_str(&element(&sheet, tag));
        text.push('\n');
    }
    text.push_str(&element(&styles, "fills"));
    text.push_str("\n\n");
    for row in &grid {
        text.push_str(&row.join(" | "));
        text.push('\n');
    }
    insta::assert_snapshot!(text);
}

/// A reviewer's edits on a grid (header first): row 3 approved, a note on
/// row 4, and the sentences of row 7 moved into row 6 (row 7 emptied, as
/// the CSV import allows).
fn review(grid: &mut [Vec<String>]) {
    let col = |name: &str| grid[0].iter().position(|h| h == name).unwrap();
    let (status, note, source, target) = (col("status"), col("note"), col("source"), col("target"));
    grid[2][status] = "approved".into();
    grid[3][note] = "checked: =fine".into();
    for side in [source, target] {
        let moved = std::mem::take(&mut grid[6][side]);
        grid[5][side] = format!("{} {moved}", grid[5][side]);
    }
}

fn write_xlsx(grid: &[Vec<String>], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn write_csv(grid: &[Vec<String>], path: &Path) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in grid {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn an_edited_xlsx_imports_as_the_same_csv_would() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, csv) = align(dir.path());
    let mut from_xlsx = xlsx_grid(&std::fs::read(&xlsx).unwrap());
    let mut from_csv = csv_grid(&std::fs::read_to_string(&csv).unwrap());
    review(&mut from_xlsx);
    review(&mut from_csv);
    let (edited_xlsx, edited_csv) = (dir.path().join("r.xlsx"), dir.path().join("r.csv"));
    write_xlsx(&from_xlsx, &edited_xlsx);
    write_csv(&from_csv, &edited_csv);
    for format in ["csv", "tmx", "json"] {
        assert_eq!(
            common::import_as(&edited_xlsx, format),
            common::import_as(&edited_csv, format),
            "{format}"
        );
    }
    let imported = common::import_as(&edited_xlsx, "csv");
    let rows = csv_grid(&imported);
    assert_eq!(rows.len() + 1, from_csv.len(), "row 7 joined row 6");
    assert_eq!(rows[2][7], "approved");
    assert!(rows[3][12].contains("checked"));
    // Our own file, unedited, imports to the CSV the aligner wrote.
    assert_eq!(
        common::import_as(&xlsx, "csv"),
        std::fs::read_to_string(&csv).unwrap()
    );
    // An unknown status: the same one-line error, naming the file and row.
    let status = from_csv[0].iter().position(|h| h == "status").unwrap();
    from_xlsx[4][status] = "maybe".into();
    from_csv[4][status] = "maybe".into();
    write_xlsx(&from_xlsx, &edited_xlsx);
    write_csv(&from_csv, &edited_csv);
    let error = |path: &Path| {
        let out = bitext()
            .args(["import", "-q", "-f", "csv", "-o", "-"])
            .arg(path)
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let (e_xlsx, e_csv) = (error(&edited_xlsx), error(&edited_csv));
    assert!(
        e_xlsx.contains("r.xlsx: row 5, column status: unknown status `maybe`"),
        "{e_xlsx}"
    );
    assert_eq!(e_xlsx.replace("r.xlsx", "r.csv"), e_csv);
    assert_eq!(e_xlsx.lines().count(), 1, "{e_xlsx}");
}

#[test]
fn corrupt_and_foreign_files_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, _) = align(dir.path());
    let good = std::fs::read(&xlsx).unwrap();
    let docx = bitext::export::to_bytes(
        bitext::export::Format::Docx,
        &bitext::import::alignment::from_review_csv("source,target\na,b\n", "zh", "en", "x")
            .unwrap(),
        &Default::default(),
    )
    .unwrap()
    .0;
    let no_source = {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "target").unwrap();
        book.save_to_buffer().unwrap()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.xlsx", Vec::new(), "not a readable XLSX"),
        (
            "random.xlsx",
            (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "not a readable XLSX",
        ),
        (
            "truncated.xlsx",
            good[..good.len() / 2].to_vec(),
            "not a readable XLSX",
        ),
        (
            "text.xlsx",
            b"id,source,target\n1,a,b\n".to_vec(),
            "not a readable XLSX",
        ),
        ("word.xlsx", docx.clone(), "not a readable XLSX"),
        // A zip under a CSV's name is taken for what it is.
        ("word.csv", docx, "not a readable XLSX"),
        ("nosource.xlsx", no_source, "missing column `source`"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = bitext()
            .args(["import", "-q", "-f", "csv", "-o", "-"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(name) && stderr.contains(expected),
            "{name}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn tool_libreoffice_opens_our_xlsx_and_keeps_text_as_text() {
    let office = ["libreoffice", "soffice"].into_iter().find(|cmd| {
        std::process::Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    common::require_tool(
        office.is_some(),
        "LibreOffice",
        "apt-get install libreoffice-calc-nogui",
    );
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<String> = bitext::export::csv::COLUMNS.map(String::from).to_vec();
    let mut row = vec![String::new(); header.len()];
    row[0] = "1".into();
    row[6] = "0.250".into();
    row[7] = "review".into();
    row[10] = "=SUM(A1)".into();
    row[11] = "1.10".into();
    row[12] = "+1".into();
    let bytes = bitext::export::xlsx::workbook(&header, &[row], "20230610T000000Z").unwrap();
    let file = dir.path().join("hostile.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new(office.expect("checked"))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .unwrap();
    let converted = dir.path().join("out/hostile.csv");
    assert!(
        out.status.success() && converted.exists(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let grid = csv_grid(&std::fs::read_to_string(&converted).unwrap());
    assert_eq!(grid[0], header);
    // A formula would read 0 or an error, a number 1.1.
    assert_eq!(grid[1][10], "=SUM(A1)");
    assert_eq!(grid[1][11], "1.10");
    assert_eq!(grid[1][12], "+1");
    assert_eq!(grid[1][7], "review");
    assert_eq!(grid[1][6], "0.250");
}

#[test]
fn several_renderings_join_in_one_xlsx_as_in_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, csv) = (dir.path().join("j.xlsx"), dir.path().join("j.csv"));
    for (format, path) in [("xlsx", &xlsx), ("csv", &csv)] {
        let out = bitext()
            .args(["align", "-q", "--scorer", "classic", "-f", format, "-o"])
            .arg(path)
            .arg(corpus().join("zh.txt"))
            .arg(corpus().join("en.txt"))
            .arg(corpus().join("en-free.txt"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let grid = xlsx_grid(&std::fs::read(&xlsx).unwrap());
    let rows = csv_grid(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(grid[0], rows[0]);
    assert!(grid[0].contains(&"target_en-free".to_string()));
    assert_eq!(grid.len(), rows.len());
    let source = rows[0].iter().position(|h| h == "source").unwrap();
    for (x, c) in grid.iter().zip(&rows) {
        assert_eq!(x[source], c[source]);
    }
}
