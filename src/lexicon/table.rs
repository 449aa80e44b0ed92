//! Reading the tables `build.rs` writes into `OUT_DIR` (the CC-CEDICT
//! lexicon, the sorted jieba dictionary) in place from the program's bytes:
//! little-endian u32s, and lists of strings as offsets into a byte run.

/// The u32 at index `k` of `bytes`.
pub(super) fn u32_at(bytes: &[u8], k: usize) -> usize {
    let at = 4 * k;
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize
}

/// Hands out consecutive slices of a table, after its 8-byte magic.
pub(super) struct Cursor {
    bytes: &'static [u8],
    at: usize,
}

impl Cursor {
    /// Opens `bytes`; panics when they do not start with `magic` (the table
    /// is part of the program, so that is a build fault).
    pub(super) fn open(bytes: &'static [u8], magic: &[u8; 8], what: &str) -> Cursor {
        assert!(
            bytes.starts_with(magic),
            "the built-in {what} table is damaged"
        );
        Cursor { bytes, at: 8 }
    }

    /// The next `n` bytes.
    pub(super) fn take(&mut self, n: usize) -> &'static [u8] {
        let slice = &self.bytes[self.at..self.at + n];
        self.at += n;
        slice
    }

    /// The next u32.
    pub(super) fn read(&mut self) -> usize {
        u32_at(self.take(4), 0)
    }

    /// A list of `len` strings: `len + 1` offsets, the bytes, padding to 4.
    pub(super) fn strings(&mut self, len: usize) -> StrList {
        let offsets = self.take(4 * (len + 1));
        let bytes = self.take(u32_at(offsets, len).next_multiple_of(4));
        StrList {
            offsets,
            bytes,
            len,
        }
    }
}

/// A list of strings stored as offsets into a byte run (sorted where
/// [`StrList::find`] is used).
#[derive(Clone, Copy)]
pub(super) struct StrList {
    offsets: &'static [u8],
    bytes: &'static [u8],
    pub(super) len: usize,
}

impl StrList {
    /// The bytes of string `k`.
    pub(super) fn bytes(&self, k: usize) -> &'static [u8] {
        &self.bytes[u32_at(self.offsets, k)..u32_at(self.offsets, k + 1)]
    }

    /// String `k`.
    pub(super) fn get(&self, k: usize) -> &'static str {
        // The table was written from `&str`s.
        std::str::from_utf8(self.bytes(k)).expect("the built-in table holds UTF-8")
    }

    /// The index of `key` in a sorted list.
    pub(super) fn find(&self, key: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.bytes(mid).cmp(key.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}
