//! File I/O: reading the user's text files with clear errors, finding the
//! files of a corpus folder, and writing outputs atomically (a temporary file
//! renamed into place, so nothing is ever left half-written).

use crate::error::{Error, Result};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A decoded text file and the encoding it was in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, with CRLF and lone CR line ends turned into LF.
    pub text: String,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `GB18030`, `Big5` …).
    pub encoding: &'static str,
    /// UTF-8 that ends inside a character (a file cut short): those last
    /// bytes were left out.
    pub cut_short: bool,
}

/// Reads a whole text file: UTF-8 (with or without BOM), UTF-16 with a BOM
/// (or without one, recognised by its zero bytes), or a legacy encoding
/// such as GB18030, GBK or Big5, detected; `encoding` (a WHATWG label such
/// as `gbk` or `big5`) names it instead. Missing, unreadable, empty, binary
/// and undecodable files are errors that name the file.
pub fn read_text_as(path: &Path, encoding: Option<&str>) -> Result<Decoded> {
    let bytes = read_bytes(path)?;
    decode(path, &bytes, encoding)
}

/// Reads a whole file's bytes; a missing or unreadable file is an error
/// that names it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: path.to_path_buf(),
            }
        } else {
            Error::Unreadable {
                path: path.to_path_buf(),
                cause: source,
            }
        }
    })
}

/// Reads a whole text file with its encoding detected (see [`read_text_as`]).
pub fn read_text(path: &Path) -> Result<String> {
    Ok(read_text_as(path, None)?.text)
}

/// The encoding of a label, for `--encoding`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes the bytes of a text file (see [`read_text_as`]).
pub fn decode(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<Decoded> {
    let forced = match encoding {
        Some(label) => Some(
            encoding_for_label(label).ok_or_else(|| Error::UnknownEncoding {
                path: path.to_path_buf(),
                label: label.to_string(),
            })?,
        ),
        None => None,
    };
    let (encoding, body) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), _) => (
            e,
            Encoding::for_bom(bytes).map_or(bytes, |(_, n)| &bytes[n..]),
        ),
        (None, Some((e, n))) => (e, &bytes[n..]),
        (None, None) => (sniff(path, bytes)?, bytes),
    };
    // UTF-8 that fails only on a last character cut short is read up to it.
    let (text, cut_short) = match encoding.decode_without_bom_handling_and_without_replacement(body)
    {
        Some(text) => (Some(text), false),
        None => match utf8_cut_at(body).filter(|_| encoding == UTF_8) {
            Some(end) => (
                encoding.decode_without_bom_handling_and_without_replacement(&body[..end]),
                true,
            ),
            None => (None, false),
        },
    };
    let text = text.ok_or_else(|| Error::Undecodable {
        path: path.to_path_buf(),
        encoding: encoding.name(),
        line: first_bad_line(encoding, body),
    })?;
    // Text has few control characters; an image or archive has many.
    let sample = text.chars().take(65_536);
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in sample {
        chars += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'));
    }
    let mostly_controls = controls > 8 && controls * 20 > chars;
    if let Some(offset) = text.find('\0').or(mostly_controls.then_some(0)) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    if text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    };
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        cut_short,
    })
}

/// Where UTF-8 `bytes` end before a last character cut short; `None` when
/// they are whole or broken elsewhere.
fn utf8_cut_at(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes)
        .err()
        .filter(|e| e.error_len().is_none())
        .map(|e| e.valid_up_to())
}

/// Guesses the encoding of bytes without a BOM.
fn sniff(path: &Path, bytes: &[u8]) -> Result<&'static Encoding> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a BOM: ASCII text has a zero in every other byte.
        let sample = &bytes[..bytes.len().min(4096)];
        let zeros = |parity: usize| {
            sample
                .iter()
                .skip(parity)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count()
        };
        let half = sample.len() / 2;
        if bytes.len().is_multiple_of(2) && half >= 8 {
            if zeros(1) * 10 >= half * 4 && zeros(0) * 10 < half {
                return Ok(UTF_16LE);
            }
            if zeros(0) * 10 >= half * 4 && zeros(1) * 10 < half {
                return Ok(UTF_16BE);
            }
        }
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    if std::str::from_utf8(bytes).is_ok() || utf8_cut_at(bytes).is_some_and(|end| end > 0) {
        return Ok(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    Ok(detector.guess(None, chardetng::Utf8Detection::Deny))
}

/// The 1-based line of the first byte sequence that does not decode.
fn first_bad_line(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    let at = match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    };
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The files of a corpus folder: the Chinese `zh.txt` and every `en*.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusFiles {
    pub source: PathBuf,
    pub targets: Vec<PathBuf>,
}

/// Finds `zh.txt` and the `en*.txt` renderings (`en.txt` first, then by
/// name) in a folder.
pub fn corpus_files(dir: &Path) -> Result<CorpusFiles> {
    let source = dir.join("zh.txt");
    let entries = fs::read_dir(dir).map_err(|source| Error::Unreadable {
        path: dir.to_path_buf(),
        cause: source,
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
    // `en.txt` first (the main rendering), then the others by name.
    targets.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "en.txt"), p.clone()));
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

/// True when `path` exists and is neither a regular file nor a folder: a
/// device such as `/dev/null`, or a named pipe. Output goes straight into
/// it: renaming a written temporary file onto it would replace the device
/// (as root, `-o /dev/null` left a regular file in its place).
pub fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens a special file (see [`is_special`]) for writing.
pub fn open_special(path: &Path) -> Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(unwritable(path))
}

/// A temporary file in the folder of `path`, to be renamed to `path` once
/// written (see [`write_atomic`]).
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".bitext-")
        .tempfile_in(dir)
        .map_err(unwritable(path))
}

/// Turns an error writing `path` (or its temporary file) into ours. tempfile
/// adds `at path "<the temporary file>"` to its errors; the user knows only
/// the output's name, which our error gives.
pub fn unwritable(path: &Path) -> impl Fn(std::io::Error) -> Error + Copy + '_ {
    move |e| {
        let cause = match e.to_string().rsplit_once(" at path \"") {
            Some((reason, _)) => std::io::Error::new(e.kind(), reason.to_string()),
            None => e,
        };
        Error::Unwritable {
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place: an existing file is replaced whole or not at all.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let unwritable = unwritable(path);
    if is_special(path) {
        let mut out = open_special(path)?;
        return out.write_all(bytes).map_err(unwritable);
    }
    let mut tmp = temp_beside(path)?;
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
            decode(p, b"ok\nbad \xff\n", Some("utf-8")),
            Err(Error::Undecodable { line: 2, .. })
        ));
        assert!(matches!(
            decode(p, b" \n\t", None),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            decode(p, b"PNG\0\x01\x02", None),
            Err(Error::Binary { offset: 3, .. })
        ));
        assert!(matches!(
            decode(p, b"x", Some("klingon")),
            Err(Error::UnknownEncoding { .. })
        ));
        assert_eq!(
            decode(p, "\u{feff}你好".as_bytes(), None).unwrap().text,
            "你好"
        );
    }

    #[test]
    fn utf8_cut_inside_its_last_character_stays_utf8() {
        let p = Path::new("x.txt");
        let bytes = "人工智能安全。你好".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        let d = decode(p, cut, None).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str(), d.cut_short),
            ("UTF-8", "人工智能安全。你", true)
        );
        assert!(!decode(p, bytes, None).unwrap().cut_short);
        // A bad byte inside the text is no cut: still an error with its line.
        assert!(matches!(
            decode(p, b"ok\n\xe4\xbd ok\n", Some("utf-8")),
            Err(Error::Undecodable { line: 2, .. })
        ));
    }

    #[test]
    fn detects_chinese_encodings_and_utf16() {
        let p = Path::new("x.txt");
        let zh = "我们距离通用人工智能还有多远?风险是不是很紧迫,还是我们离它还很遥远?这很难评估具体时间。\r\n第二行。\r第三行。";
        let want = zh.replace("\r\n", "\n").replace('\r', "\n");
        let (gb, _, _) = encoding_rs::GB18030.encode(zh);
        let d = decode(p, &gb, None).unwrap();
        // encoding_rs reads GBK with the GB18030 decoder.
        assert_eq!(d.text, want);
        assert!(matches!(d.encoding, "GBK" | "GB18030"), "{}", d.encoding);
        let trad = "我們距離通用人工智慧還有多遠?風險是不是很緊迫,還是我們離它還很遙遠?這很難評估具體時間。";
        let (big5, _, _) = encoding_rs::BIG5.encode(trad);
        assert_eq!(decode(p, &big5, None).unwrap().encoding, "Big5");
        assert_eq!(decode(p, &big5, Some("big5")).unwrap().text, trad);
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hi 你好\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(p, &le, None).unwrap().text, "Hi 你好\n");
        let be: Vec<u8> = "Hello there, no BOM here.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let d = decode(p, &be, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Hello there, no BOM here.\n", "UTF-16BE")
        );
    }

    #[test]
    #[cfg(unix)]
    fn output_into_a_named_pipe_keeps_the_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write_atomic(&fifo, b"beads\n").unwrap();
        // Checked before joining: a pipe renamed away never gets a writer.
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), b"beads\n");
        assert!(is_special(Path::new("/dev/null")));
        assert!(!is_special(dir.path()));
    }

    #[test]
    fn unwritable_names_the_output_not_the_temporary_file() {
        let e = std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device (os error 28) at path \"/out/.bitext-abc\"",
        );
        let message = unwritable(Path::new("/out/x.tmx"))(e).to_string();
        assert_eq!(
            message,
            "/out/x.tmx: cannot write: No space left on device (os error 28)"
        );
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
