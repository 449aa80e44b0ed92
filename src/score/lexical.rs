//! Lexical similarity of two spans: how much of each side's content words
//! find a translation on the other side, IDF-weighted, as a bounded
//! similarity in [0, 1] (the harmonic mean of the two coverages).
//!
//! Side A holds word units that each carry candidate keys (their
//! translations, numbers, Latin tokens); side B holds bags of keys. Only
//! words whose translation occurs somewhere in the other document count, so
//! out-of-vocabulary words do not dilute the evidence. Per sentence pair the
//! matches are kept as 64-bit masks, so any span pair is scored by ORs.

/// One word of side A: its type (for IDF) and the keys it may translate to.
#[derive(Debug, Clone, PartialEq)]
pub struct WordUnit {
    pub word: u32,
    pub keys: Vec<u32>,
}

/// At most this many content words per sentence take part (the rarest).
const MAX_WORDS: usize = 64;

/// The matchable items of one side's segments, flat: segment `s` holds
/// items `seg[s]..seg[s + 1]`, item `k` the keys `item[k]..item[k + 1]`.
#[derive(Debug, Default, Clone)]
struct Side {
    seg: Vec<u32>,
    item: Vec<u32>,
    keys: Vec<u32>,
    weights: Vec<f64>,
    /// Bloom signature of each segment's keys: a key whose bit is not set
    /// is not in the segment.
    sigs: Vec<[u64; 4]>,
    totals: Vec<f64>,
}

/// The word and bit of a key in a segment's signature.
fn key_bit(key: u32) -> (usize, u64) {
    let h = key.wrapping_mul(0x9E37_79B1) >> 24;
    ((h >> 6) as usize, 1 << (h & 63))
}

impl Side {
    fn with_capacity(n: usize) -> Side {
        Side {
            seg: {
                let mut v = Vec::with_capacity(n + 1);
                v.push(0);
                v
            },
            item: vec![0],
            ..Side::default()
        }
    }

    fn len(&self) -> usize {
        self.seg.len() - 1
    }

    /// Adds a segment of (weight, keys) items: at most [`MAX_WORDS`], the
    /// rarest.
    fn push(&mut self, items: &mut Vec<(f64, &[u32])>) {
        if items.len() > MAX_WORDS {
            items.sort_by(|x, y| y.0.total_cmp(&x.0));
            items.truncate(MAX_WORDS);
        }
        let mut sig = [0u64; 4];
        let mut total = 0.0;
        for (weight, keys) in items.drain(..) {
            for &k in keys {
                let (w, bit) = key_bit(k);
                sig[w] |= bit;
            }
            total += weight;
            self.keys.extend_from_slice(keys);
            self.item.push(self.keys.len() as u32);
            self.weights.push(weight);
        }
        self.seg.push(self.weights.len() as u32);
        self.sigs.push(sig);
        self.totals.push(total);
    }

    fn items(&self, s: usize) -> std::ops::Range<usize> {
        self.seg[s] as usize..self.seg[s + 1] as usize
    }

    fn item_keys(&self, k: usize) -> &[u32] {
        &self.keys[self.item[k] as usize..self.item[k + 1] as usize]
    }

    /// Summed weight of the segment's items whose bits are set in `mask`.
    fn weight(&self, s: usize, mut mask: u64) -> f64 {
        let weights = &self.weights[self.items(s)];
        let mut sum = 0.0;
        while mask != 0 {
            let bit = mask.trailing_zeros() as usize;
            sum += weights[bit];
            mask &= mask - 1;
        }
        sum
    }
}

/// The two sides' matchable words, IDF-weighted; the match masks of a sentence
/// pair are computed on demand (the search caches them per band).
#[derive(Debug, Default, Clone)]
pub struct LexicalIndex {
    a: Side,
    b: Side,
}

impl LexicalIndex {
    /// Builds the index from tokenized sides.
    pub fn new(a_segments: &[Vec<WordUnit>], b_segments: &[Vec<u32>]) -> LexicalIndex {
        let table: Vec<WordUnit> = a_segments.iter().flatten().cloned().collect();
        let mut next = 0u32;
        let a_ids = a_segments
            .iter()
            .map(|units| {
                units
                    .iter()
                    .map(|_| {
                        next += 1;
                        next - 1
                    })
                    .collect()
            })
            .collect();
        Self::from_units(table, a_ids, b_segments.to_vec())
    }

    /// [`LexicalIndex::new`] with side A as ids into a table of distinct
    /// word units (far smaller on long documents), freeing the tokenized
    /// sides as it goes.
    pub fn from_units(
        mut table: Vec<WordUnit>,
        a_segments: Vec<Vec<u32>>,
        b_segments: Vec<Vec<u32>>,
    ) -> LexicalIndex {
        for unit in &mut table {
            unit.keys.sort_unstable();
            unit.keys.dedup();
        }
        let key_count = table
            .iter()
            .flat_map(|u| u.keys.iter())
            .chain(b_segments.iter().flatten())
            .max()
            .map_or(0, |&k| k as usize + 1);
        let word_count = table.iter().map(|u| u.word as usize + 1).max().unwrap_or(0);
        let b_df = document_frequency(b_segments.iter().map(|s| s.as_slice()), key_count);
        // A key no B segment has can never match: dropping it makes pair
        // masks cheaper and changes nothing else.
        for unit in &mut table {
            unit.keys.retain(|&k| b_df[k as usize] > 0);
        }
        let reaches: Vec<bool> = table.iter().map(|u| !u.keys.is_empty()).collect();
        let mut a_reach = vec![false; key_count];
        for (unit, _) in table.iter().zip(&reaches).filter(|(_, r)| **r) {
            for &k in &unit.keys {
                a_reach[k as usize] = true;
            }
        }
        let a_words: Vec<Vec<u32>> = a_segments
            .iter()
            .map(|s| s.iter().map(|&u| table[u as usize].word).collect())
            .collect();
        let a_df = document_frequency(a_words.iter().map(Vec::as_slice), word_count);
        drop(a_words);
        let na = a_segments.len().max(1) as f64;
        let nb = b_segments.len().max(1) as f64;
        let idf = |df: u32, n: f64| (1.0 + n / df.max(1) as f64).ln();

        let mut a = Side::with_capacity(a_segments.len());
        let mut seen = Vec::new();
        for units in a_segments {
            seen.clear();
            let mut items: Vec<(f64, &[u32])> = units
                .into_iter()
                .map(|u| u as usize)
                .filter(|&u| {
                    let word = table[u].word;
                    let first = !seen.contains(&word);
                    seen.push(word);
                    first && reaches[u]
                })
                .map(|u| {
                    let unit = &table[u];
                    (idf(a_df[unit.word as usize], na), unit.keys.as_slice())
                })
                .collect();
            a.push(&mut items);
        }
        let mut b = Side::with_capacity(b_segments.len());
        for keys in b_segments {
            seen.clear();
            let mut items: Vec<(f64, &[u32])> = keys
                .iter()
                .filter(|&&k| {
                    let first = !seen.contains(&k);
                    seen.push(k);
                    first && a_reach[k as usize]
                })
                .map(|k| (idf(b_df[*k as usize], nb), std::slice::from_ref(k)))
                .collect();
            b.push(&mut items);
        }
        LexicalIndex { a, b }
    }

    /// Which words of A segment `i` and of B segment `j` match each other,
    /// as bit masks over their items.
    pub fn pair_masks(&self, i: usize, j: usize) -> (u64, u64) {
        if i >= self.a.len() || j >= self.b.len() {
            return (0, 0);
        }
        let b_sig = &self.b.sigs[j];
        let b_items = self.b.items(j);
        let b_keys =
            &self.b.keys[self.b.item[b_items.start] as usize..self.b.item[b_items.end] as usize];
        let mut ma = 0u64;
        let mut mb = 0u64;
        for (bit, k) in self.a.items(i).enumerate() {
            for key in self.a.item_keys(k) {
                let (w, b) = key_bit(*key);
                if b_sig[w] & b == 0 {
                    continue;
                }
                if let Some(pos) = b_keys.iter().position(|x| x == key) {
                    ma |= 1 << bit;
                    mb |= 1 << pos;
                }
            }
        }
        (ma, mb)
    }

    /// Similarity of A segments `a0..a1` with B segments `b0..b1`, or `None`
    /// when either side has no matchable word (no evidence either way).
    pub fn similarity(&self, a0: usize, a1: usize, b0: usize, b1: usize) -> Option<f64> {
        self.similarity_with(a0, a1, b0, b1, |i, j| self.pair_masks(i, j))
    }

    /// [`LexicalIndex::similarity`] with the pair masks from `masks` (a
    /// caller's cache of [`LexicalIndex::pair_masks`]).
    pub fn similarity_with(
        &self,
        a0: usize,
        a1: usize,
        b0: usize,
        b1: usize,
        masks: impl Fn(usize, usize) -> (u64, u64),
    ) -> Option<f64> {
        let total_a: f64 = self.a.totals[a0..a1].iter().sum();
        let total_b: f64 = self.b.totals[b0..b1].iter().sum();
        if total_a <= 0.0 || total_b <= 0.0 {
            return None;
        }
        let mut covered_a = 0.0;
        let mut mask_b = [0u64; 8];
        for i in a0..a1 {
            let mut ma = 0u64;
            for (k, j) in (b0..b1).enumerate() {
                let (x, y) = masks(i, j);
                ma |= x;
                if let Some(m) = mask_b.get_mut(k) {
                    *m |= y;
                }
            }
            covered_a += self.a.weight(i, ma);
        }
        let covered_b: f64 = (b0..b1)
            .enumerate()
            .map(|(k, j)| {
                let m = mask_b
                    .get(k)
                    .copied()
                    .unwrap_or_else(|| (a0..a1).fold(0, |acc, i| acc | masks(i, j).1));
                self.b.weight(j, m)
            })
            .sum();
        let ca = covered_a / total_a;
        let cb = covered_b / total_b;
        Some(if ca + cb > 0.0 {
            2.0 * ca * cb / (ca + cb)
        } else {
            0.0
        })
    }

    /// Adds segment `s` of side A (or else of side B) to `out` as a hashed
    /// bag of its keys, IDF-weighted (a side-A word spreads its weight over
    /// the keys it may translate to), so that a text and its translation
    /// point the same way.
    pub fn add_vector(&self, side_a: bool, s: usize, out: &mut [f32]) {
        let side = if side_a { &self.a } else { &self.b };
        if s >= side.len() || out.is_empty() {
            return;
        }
        for k in side.items(s) {
            let keys = side.item_keys(k);
            let share = side.weights[k] / keys.len().max(1) as f64;
            for &key in keys {
                let h = (key.wrapping_mul(0x9E37_79B1) >> 7) as usize % out.len();
                out[h] += share as f32;
            }
        }
    }

    /// Number of A segments.
    pub fn len_a(&self) -> usize {
        self.a.len()
    }
}

/// In how many segments each id (below `count`) occurs.
fn document_frequency<'s>(segments: impl Iterator<Item = &'s [u32]>, count: usize) -> Vec<u32> {
    let mut df = vec![0u32; count];
    // The segment that last counted each id.
    let mut last = vec![u32::MAX; count];
    for (s, seg) in segments.enumerate() {
        for &k in seg {
            if last[k as usize] != s as u32 {
                last[k as usize] = s as u32;
                df[k as usize] += 1;
            }
        }
    }
    df
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(word: u32, keys: &[u32]) -> WordUnit {
        WordUnit {
            word,
            keys: keys.to_vec(),
        }
    }

    #[test]
    fn full_and_partial_coverage() {
        // A: [w1→k10, w2→k20], [w3→k30]; B: [k10, k20], [k30, k99]
        let a = vec![vec![unit(1, &[10]), unit(2, &[20])], vec![unit(3, &[30])]];
        let b = vec![vec![10, 20], vec![30, 99]];
        let idx = LexicalIndex::new(&a, &b);
        assert!((idx.similarity(0, 1, 0, 1).unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(idx.similarity(0, 1, 1, 2).unwrap(), 0.0);
        // k99 has no source word anywhere: it does not dilute coverage.
        assert!((idx.similarity(1, 2, 1, 2).unwrap() - 1.0).abs() < 1e-9);
        assert!((idx.similarity(0, 2, 0, 2).unwrap() - 1.0).abs() < 1e-9);
        let half = idx.similarity(0, 2, 0, 1).unwrap();
        assert!(half > 0.3 && half < 0.9, "{half}");
    }

    #[test]
    fn no_evidence_is_none() {
        let a = vec![vec![unit(1, &[5])]];
        let b = vec![vec![7]];
        let idx = LexicalIndex::new(&a, &b);
        assert_eq!(idx.similarity(0, 1, 0, 1), None);
    }
}
