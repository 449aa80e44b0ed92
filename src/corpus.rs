//! Corpus I/O: reading the user's text files with clear errors, finding the
//! files of a corpus folder, and writing outputs atomically (a temporary file
//! renamed into place, so nothing is ever left half-written).

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads a whole text file as UTF-8 (a BOM is dropped). Missing, unreadable,
/// empty, binary and non-UTF-8 files are errors that name the file.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Error::Unreadable {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    decode(path, &bytes)
}

/// Checks and decodes the bytes of a text file.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text.to_string())
}

/// The files of a corpus folder: the Chinese `zh.txt` and every `en*.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusFiles {
    pub source: PathBuf,
    pub targets: Vec<PathBuf>,
}

/// Finds `zh.txt` and the `en*.txt` renderings (sorted by name) in a folder.
pub fn corpus_files(dir: &Path) -> Result<CorpusFiles> {
    let source = dir.join("zh.txt");
    let entries = fs::read_dir(dir).map_err(|source| Error::Unreadable {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut targets: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("en") && n.ends_with(".txt"))
        })
        .collect();
    targets.sort();
    if !source.is_file() || targets.is_empty() {
        return Err(Error::NotACorpus {
            path: dir.to_path_buf(),
        });
    }
    Ok(CorpusFiles { source, targets })
}

/// A short name for outputs: the folder name for a corpus folder, else the
/// source file's stem.
pub fn output_name(path: &Path) -> String {
    let stem = if path.is_dir() {
        path.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
    } else {
        path.file_stem().map(|n| n.to_string_lossy().into_owned())
    };
    stem.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "alignment".to_string())
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place: an existing file is replaced whole or not at all.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let unwritable = |source| Error::Unwritable {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".bitext-")
        .tempfile_in(dir)
        .map_err(unwritable)?;
    tmp.write_all(bytes).map_err(unwritable)?;
    tmp.as_file().sync_all().map_err(unwritable)?;
    // Temporary files are private; an export is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(unwritable)?;
    }
    tmp.persist(path).map_err(|e| unwritable(e.error))?;
    Ok(())
}

/// Refuses an output path that is one of the inputs.
pub fn check_not_input(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let out = output.canonicalize().ok();
    for input in inputs {
        let same = match (&out, input.canonicalize().ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => output == input,
        };
        if same {
            return Err(Error::OutputIsInput {
                path: output.to_path_buf(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_name_the_line() {
        let p = Path::new("x.txt");
        assert!(matches!(
            decode(p, b"ok\nbad \xff\n"),
            Err(Error::NotUtf8 { line: 2, .. })
        ));
        assert!(matches!(decode(p, b" \n\t"), Err(Error::Empty { .. })));
        assert!(matches!(
            decode(p, b"PNG\0\x01"),
            Err(Error::Binary { offset: 3, .. })
        ));
        assert_eq!(decode(p, "\u{feff}你好".as_bytes()).unwrap(), "你好");
    }

    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("out.txt");
        write_atomic(&f, b"one").unwrap();
        write_atomic(&f, b"two").unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
