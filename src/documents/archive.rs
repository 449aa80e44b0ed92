//! Zip archives (DOCX, EPUB) read within limits: at most
//! [`MAX_ENTRIES`] entries, [`MAX_TOTAL`] bytes uncompressed in all, and no
//! entry expanding more than [`MAX_RATIO`] times, so that a zip bomb is
//! refused with a clear error instead of filling the memory. The limits
//! are checked against the sizes the archive declares and again while
//! reading (a lying header gains nothing).

use super::{DocumentError, InputFormat};
use std::io::{Cursor, Read};

/// The most entries an archive may have.
pub const MAX_ENTRIES: usize = 10_000;
/// The most bytes all entries may hold uncompressed (512 MiB).
pub const MAX_TOTAL: u64 = 512 * 1024 * 1024;
/// The most an entry may expand (uncompressed ÷ compressed size).
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this are not held to the ratio (a tiny XML part
/// of repeated tags compresses well and harms no one).
const RATIO_FLOOR: u64 = 1024 * 1024;

/// An opened archive, its limits checked.
pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    path: String,
    format: &'static str,
}

/// DOCX or EPUB, when `bytes` are a zip with their parts; `None` for any
/// other zip or a broken one.
pub fn zip_format(bytes: &[u8]) -> Option<InputFormat> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.index_for_name("word/document.xml").is_some() {
        return Some(InputFormat::Docx);
    }
    if zip.index_for_name("META-INF/container.xml").is_some() {
        let mut mimetype = String::new();
        let file = zip.by_name("mimetype").ok()?;
        file.take(100).read_to_string(&mut mimetype).ok()?;
        if mimetype.trim() == "application/epub+zip" {
            return Some(InputFormat::Epub);
        }
    }
    None
}

impl<'a> Archive<'a> {
    /// Opens an archive and checks its declared sizes against the limits.
    pub fn open(path: &str, format: &'static str, bytes: &'a [u8]) -> Result<Self, DocumentError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocumentError::Zip {
            path: path.to_string(),
            format,
            message: one_line(e),
        })?;
        let mut archive = Archive {
            zip,
            path: path.to_string(),
            format,
        };
        archive.check()?;
        Ok(archive)
    }

    fn bomb(&self, reason: String) -> DocumentError {
        DocumentError::ZipBomb {
            path: self.path.clone(),
            reason,
        }
    }

    fn check(&mut self) -> Result<(), DocumentError> {
        if self.zip.len() > MAX_ENTRIES {
            return Err(self.bomb(format!(
                "{} entries (at most {MAX_ENTRIES})",
                self.zip.len()
            )));
        }
        let mut total = 0u64;
        for i in 0..self.zip.len() {
            let (name, size, compressed) = match self.zip.by_index_raw(i) {
                Ok(f) => (
                    f.name().map(|n| n.into_owned()).unwrap_or_default(),
                    f.size(),
                    f.compressed_size(),
                ),
                Err(e) => return Err(broken(&self.path, self.format, e)),
            };
            total = total.saturating_add(size);
            if total > MAX_TOTAL {
                return Err(self.bomb(format!("more than {} MiB uncompressed", MAX_TOTAL >> 20)));
            }
            if size > RATIO_FLOOR && size / compressed.max(1) > MAX_RATIO {
                return Err(self.bomb(format!(
                    "{name} expands {}:1 (at most {MAX_RATIO}:1)",
                    size / compressed.max(1)
                )));
            }
        }
        Ok(())
    }

    fn broken(&self, e: impl std::fmt::Display) -> DocumentError {
        broken(&self.path, self.format, e)
    }

    /// True when the archive has an entry of that name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The bytes of an entry, `None` when there is none; reading stops at
    /// the declared size and the limits.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocumentError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let (declared, compressed) = match self.zip.by_index_raw(index) {
            Ok(f) => (f.size(), f.compressed_size()),
            Err(e) => return Err(broken(&self.path, self.format, e)),
        };
        let limit = declared
            .min(MAX_TOTAL)
            .min(compressed.max(1).saturating_mul(MAX_RATIO).max(RATIO_FLOOR));
        let mut out = Vec::new();
        let result = match self.zip.by_index(index) {
            Ok(file) => file.take(limit + 1).read_to_end(&mut out).map(|_| ()),
            Err(e) => return Err(broken(&self.path, self.format, e)),
        };
        if let Err(e) = result {
            return Err(self.broken(format!("{name}: {e}")));
        }
        if out.len() as u64 > limit {
            return Err(self.bomb(format!("{name} holds more than it declares")));
        }
        Ok(Some(out))
    }

    /// The bytes of an entry that must be there.
    /// The names of the entries, in the archive's order.
    pub fn names(&self) -> Vec<String> {
        (0..self.zip.len())
            .filter_map(|i| self.zip.name_for_index(i)?.ok().map(|n| n.into_owned()))
            .collect()
    }

    pub fn require(&mut self, name: &str) -> Result<Vec<u8>, DocumentError> {
        self.read(name)?.ok_or_else(|| DocumentError::MissingPart {
            path: self.path.clone(),
            part: name.to_string(),
            format: self.format,
        })
    }
}

/// A broken archive.
fn broken(path: &str, format: &'static str, e: impl std::fmt::Display) -> DocumentError {
    DocumentError::Zip {
        path: path.to_string(),
        format,
        message: one_line(e),
    }
}

/// An error's message on one line.
pub(crate) fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("e{i}")).collect();
        let entries: Vec<(&str, Vec<u8>)> =
            names.iter().map(|n| (n.as_str(), Vec::new())).collect();
        let bytes = zip_of(&entries);
        let err = Archive::open("x.docx", "DOCX", &bytes).err().unwrap();
        assert!(err.to_string().contains("10001 entries"), "{err}");
    }

    #[test]
    fn a_highly_compressed_entry_is_refused_and_a_normal_one_read() {
        let bytes = zip_of(&[("a.xml", vec![b'a'; 4 << 20]), ("b.xml", b"<b/>".to_vec())]);
        let err = Archive::open("x.docx", "DOCX", &bytes).err().unwrap();
        assert!(err.to_string().contains("zip bomb"), "{err}");
        let bytes = zip_of(&[("b.xml", b"<b/>".to_vec())]);
        let mut archive = Archive::open("x.docx", "DOCX", &bytes).unwrap();
        assert_eq!(archive.read("b.xml").unwrap().unwrap(), b"<b/>");
        assert!(archive.read("c.xml").unwrap().is_none());
        assert!(archive.require("c.xml").is_err());
    }
}
