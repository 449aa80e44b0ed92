//! Matrix products for the encoder with the weights packed once at load
//! time: `C (+)= A · B`, `B` a fixed k × n weight matrix, `A` and `C` given
//! as lists of row offsets into flat buffers.
//!
//! Row offsets let one product read overlapping rows of `A` (the windows of
//! a convolution over consecutive token rows, with no gathered copy) and
//! skip rows (the padding between sentences). `B` is packed in panels of 16
//! columns, so no product packs anything; on x86-64 with AVX2 and FMA a
//! 6 × 16 register-tiled kernel runs, elsewhere a portable loop.
//!
//! [`gemm_i16`] is the same product in 16-bit integers, for the encoder's
//! largest one (the second convolution): `A` quantized per 256-wide block
//! of a row, `B` per column, products summed exactly in 32 bits within a
//! block and scaled back to floats after it. The value ranges (A ±4095,
//! B ±1023) keep a block's sum of 256 products below 2³⁰, so it cannot
//! overflow.

/// Columns per panel of a packed matrix.
const NR: usize = 16;
/// Rows of `A` per register tile.
const MR: usize = 6;
/// Depth per pass over `B`: a panel block of 256 × 16 floats (16 KB) stays
/// in the L1 cache while every row of `A` streams past it.
const KC: usize = 256;

/// A k × n weight matrix (n a multiple of 16) in panels of 16 columns:
/// panel `p` holds rows `0..k` of columns `16p..16p+16`, row after row.
#[derive(Clone)]
pub struct Packed {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} × {})", self.k, self.n)
    }
}

impl Packed {
    /// Packs the row-major k × n matrix `b` (n a multiple of 16).
    pub fn new(b: &[f32], k: usize, n: usize) -> Packed {
        assert!(n.is_multiple_of(NR) && b.len() == k * n, "bad weight shape");
        let mut data = Vec::with_capacity(k * n);
        for p in 0..n / NR {
            for row in b.chunks_exact(n) {
                data.extend_from_slice(&row[p * NR..][..NR]);
            }
        }
        Packed { k, n, data }
    }
}

/// `C[ci] = A[ai] · B` for each pair of row offsets (`+=` when
/// `accumulate`): row `r` of `A` is `a[a_rows[r]..][..k]`, row `r` of `C` is
/// `c[c_rows[r]..][..n]`. Rows of `A` may overlap; rows of `C` must not.
pub fn gemm(
    a: &[f32],
    a_rows: &[usize],
    b: &Packed,
    c: &mut [f32],
    c_rows: &[usize],
    accumulate: bool,
) {
    assert_eq!(a_rows.len(), c_rows.len(), "one C row per A row");
    let (k, n) = (b.k, b.n);
    assert!(
        a_rows.iter().all(|&r| r + k <= a.len()),
        "A row out of range"
    );
    assert!(
        c_rows.iter().all(|&r| r + n <= c.len()),
        "C row out of range"
    );
    if k == 0 {
        if !accumulate {
            for &r in c_rows {
                c[r..][..n].fill(0.0);
            }
        }
        return;
    }
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU has AVX2 and FMA, and the asserts above keep
            // every row the kernel reads or writes inside `a` and `c`.
            unsafe { avx2::gemm(a, a_rows, b, c, c_rows, accumulate) };
            return;
        }
    }
    portable(a, a_rows, b, c, c_rows, accumulate);
}

/// The same product in plain Rust, tile by tile.
fn portable(
    a: &[f32],
    a_rows: &[usize],
    b: &Packed,
    c: &mut [f32],
    c_rows: &[usize],
    accumulate: bool,
) {
    let k = b.k;
    for p in 0..b.n / NR {
        let panel = &b.data[p * k * NR..][..k * NR];
        for (&ar, &cr) in a_rows.iter().zip(c_rows) {
            let row = &a[ar..][..k];
            let mut acc = [0f32; NR];
            for (x, bs) in row.iter().zip(panel.chunks_exact(NR)) {
                for (s, w) in acc.iter_mut().zip(bs) {
                    *s += x * w;
                }
            }
            let out = &mut c[cr + p * NR..][..NR];
            for (o, s) in out.iter_mut().zip(acc) {
                *o = if accumulate { *o + s } else { s };
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{KC, MR, NR, Packed, PackedI16, QBLOCK};
    use std::arch::x86_64::*;

    /// See [`super::gemm`]; the caller checks the CPU and the row bounds.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn gemm(
        a: &[f32],
        a_rows: &[usize],
        b: &Packed,
        c: &mut [f32],
        c_rows: &[usize],
        accumulate: bool,
    ) {
        let (k, n) = (b.k, b.n);
        let a0 = a.as_ptr();
        let c0 = c.as_mut_ptr();
        let mut k0 = 0;
        while k0 < k {
            let kc = KC.min(k - k0);
            let load = accumulate || k0 > 0;
            for p in 0..n / NR {
                let panel = unsafe { b.data.as_ptr().add(p * k * NR + k0 * NR) };
                let mut r = 0;
                while r < a_rows.len() {
                    let rows = MR.min(a_rows.len() - r);
                    let ap = |i: usize| unsafe { a0.add(a_rows[r + i] + k0) };
                    let cp = |i: usize| unsafe { c0.add(c_rows[r + i] + p * NR) };
                    // SAFETY (all arms): rows r..r+rows exist, each A row has
                    // k0 + kc ≤ k floats from its offset and each C row 16
                    // from p·16 (checked by the caller).
                    unsafe {
                        match rows {
                            6 => tile::<6>(
                                kc,
                                [ap(0), ap(1), ap(2), ap(3), ap(4), ap(5)],
                                panel,
                                [cp(0), cp(1), cp(2), cp(3), cp(4), cp(5)],
                                load,
                            ),
                            5 => tile::<5>(
                                kc,
                                [ap(0), ap(1), ap(2), ap(3), ap(4)],
                                panel,
                                [cp(0), cp(1), cp(2), cp(3), cp(4)],
                                load,
                            ),
                            4 => tile::<4>(
                                kc,
                                [ap(0), ap(1), ap(2), ap(3)],
                                panel,
                                [cp(0), cp(1), cp(2), cp(3)],
                                load,
                            ),
                            3 => tile::<3>(
                                kc,
                                [ap(0), ap(1), ap(2)],
                                panel,
                                [cp(0), cp(1), cp(2)],
                                load,
                            ),
                            2 => tile::<2>(kc, [ap(0), ap(1)], panel, [cp(0), cp(1)], load),
                            _ => tile::<1>(kc, [ap(0)], panel, [cp(0)], load),
                        }
                    }
                    r += rows;
                }
            }
            k0 += kc;
        }
    }

    /// See [`super::gemm_i16`]; the caller checks the CPU and the bounds.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn gemm_i16(
        a: &[i16],
        a_scales: &[f32],
        a_rows: &[usize],
        b: &PackedI16,
        c: &mut [f32],
        c_rows: &[usize],
    ) {
        let (k, n) = (b.k, b.n);
        let a0 = a.as_ptr();
        let c0 = c.as_mut_ptr();
        for k0 in (0..k).step_by(QBLOCK) {
            for p in 0..n / NR {
                let panel = unsafe { b.data.as_ptr().add(p * k * NR + k0 * NR) };
                let sb = unsafe { b.scales.as_ptr().add(p * NR) };
                let mut r = 0;
                while r < a_rows.len() {
                    let rows = MR.min(a_rows.len() - r);
                    let ap = |i: usize| unsafe { a0.add(a_rows[r + i] + k0) };
                    let sa = |i: usize| a_scales[(a_rows[r + i] + k0) / QBLOCK];
                    let cp = |i: usize| unsafe { c0.add(c_rows[r + i] + p * NR) };
                    // SAFETY (all arms): rows r..r+rows exist, each A row has
                    // k0 + QBLOCK ≤ k values from its offset and each C row
                    // 16 from p·16 (checked by the caller).
                    unsafe {
                        match rows {
                            6 => qtile::<6>(
                                [ap(0), ap(1), ap(2), ap(3), ap(4), ap(5)],
                                [sa(0), sa(1), sa(2), sa(3), sa(4), sa(5)],
                                panel,
                                sb,
                                [cp(0), cp(1), cp(2), cp(3), cp(4), cp(5)],
                            ),
                            5 => qtile::<5>(
                                [ap(0), ap(1), ap(2), ap(3), ap(4)],
                                [sa(0), sa(1), sa(2), sa(3), sa(4)],
                                panel,
                                sb,
                                [cp(0), cp(1), cp(2), cp(3), cp(4)],
                            ),
                            4 => qtile::<4>(
                                [ap(0), ap(1), ap(2), ap(3)],
                                [sa(0), sa(1), sa(2), sa(3)],
                                panel,
                                sb,
                                [cp(0), cp(1), cp(2), cp(3)],
                            ),
                            3 => qtile::<3>(
                                [ap(0), ap(1), ap(2)],
                                [sa(0), sa(1), sa(2)],
                                panel,
                                sb,
                                [cp(0), cp(1), cp(2)],
                            ),
                            2 => qtile::<2>(
                                [ap(0), ap(1)],
                                [sa(0), sa(1)],
                                panel,
                                sb,
                                [cp(0), cp(1)],
                            ),
                            _ => qtile::<1>([ap(0)], [sa(0)], panel, sb, [cp(0)]),
                        }
                    }
                    r += rows;
                }
            }
        }
    }

    /// `C[i] += A[i] · panel` over one block of [`QBLOCK`] for `R` rows:
    /// pairs of products summed by `vpmaddwd` into 2·R 32-bit accumulators,
    /// then scaled into `C`.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn qtile<const R: usize>(
        a: [*const i16; R],
        sa: [f32; R],
        panel: *const i16,
        sb: *const f32,
        c: [*mut f32; R],
    ) {
        unsafe {
            let mut lo = [_mm256_setzero_si256(); R];
            let mut hi = [_mm256_setzero_si256(); R];
            for t in 0..QBLOCK / 2 {
                let w = panel.add(t * 2 * NR) as *const __m256i;
                let b0 = _mm256_loadu_si256(w);
                let b1 = _mm256_loadu_si256(w.add(1));
                for i in 0..R {
                    let pair = (a[i].add(2 * t) as *const i32).read_unaligned();
                    let x = _mm256_set1_epi32(pair);
                    lo[i] = _mm256_add_epi32(lo[i], _mm256_madd_epi16(x, b0));
                    hi[i] = _mm256_add_epi32(hi[i], _mm256_madd_epi16(x, b1));
                }
            }
            let s0 = _mm256_loadu_ps(sb);
            let s1 = _mm256_loadu_ps(sb.add(8));
            for i in 0..R {
                let s = _mm256_set1_ps(sa[i]);
                let v0 = _mm256_mul_ps(_mm256_cvtepi32_ps(lo[i]), _mm256_mul_ps(s, s0));
                let v1 = _mm256_mul_ps(_mm256_cvtepi32_ps(hi[i]), _mm256_mul_ps(s, s1));
                _mm256_storeu_ps(c[i], _mm256_add_ps(_mm256_loadu_ps(c[i]), v0));
                _mm256_storeu_ps(c[i].add(8), _mm256_add_ps(_mm256_loadu_ps(c[i].add(8)), v1));
            }
        }
    }

    /// `C[i] (+)= A[i] · panel` for `R` rows: 2·R accumulators of 8 floats.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn tile<const R: usize>(
        kc: usize,
        a: [*const f32; R],
        panel: *const f32,
        c: [*mut f32; R],
        load: bool,
    ) {
        unsafe {
            let mut lo = [_mm256_setzero_ps(); R];
            let mut hi = [_mm256_setzero_ps(); R];
            if load {
                for i in 0..R {
                    lo[i] = _mm256_loadu_ps(c[i]);
                    hi[i] = _mm256_loadu_ps(c[i].add(8));
                }
            }
            for kk in 0..kc {
                let b0 = _mm256_loadu_ps(panel.add(kk * NR));
                let b1 = _mm256_loadu_ps(panel.add(kk * NR + 8));
                for i in 0..R {
                    let x = _mm256_broadcast_ss(&*a[i].add(kk));
                    lo[i] = _mm256_fmadd_ps(x, b0, lo[i]);
                    hi[i] = _mm256_fmadd_ps(x, b1, hi[i]);
                }
            }
            for i in 0..R {
                _mm256_storeu_ps(c[i], lo[i]);
                _mm256_storeu_ps(c[i].add(8), hi[i]);
            }
        }
    }
}

/// Depth of a quantization block: one scale per 256 values of a row of `A`.
pub const QBLOCK: usize = 256;
/// Largest magnitude of a quantized `A` value.
const A_MAX: f32 = 4095.0;
/// Largest magnitude of a quantized `B` value.
const B_MAX: f32 = 1023.0;

/// Quantizes `x` (its length a multiple of [`QBLOCK`]) block by block:
/// `q[i] · scales[block] ≈ x[i]`.
pub fn quantize_rows(x: &[f32], q: &mut [i16], scales: &mut [f32]) {
    // Adding 1.5 · 2²³ rounds a float under 2²² to the nearest integer,
    // which then sits in the low mantissa bits (no libm call, vectorizes).
    const MAGIC: f32 = 12_582_912.0;
    for ((x, q), s) in x
        .chunks_exact(QBLOCK)
        .zip(q.chunks_exact_mut(QBLOCK))
        .zip(scales.iter_mut())
    {
        let mut lanes = [0f32; 8];
        for c in x.chunks_exact(8) {
            for (l, v) in lanes.iter_mut().zip(c) {
                *l = l.max(v.abs());
            }
        }
        let max = lanes.iter().fold(0f32, |m, &v| m.max(v));
        if max == 0.0 || !max.is_finite() {
            q.fill(0);
            *s = 0.0;
            continue;
        }
        let inv = A_MAX / max;
        for (q, v) in q.iter_mut().zip(x) {
            *q = ((v * inv + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32) as i16;
        }
        *s = max / A_MAX;
    }
}

/// A k × n weight matrix (k a multiple of [`QBLOCK`], n of 16) in 16-bit
/// integers with one scale per column, in panels of 16 columns whose rows
/// are interleaved in pairs: for rows 2t and 2t + 1, the 16 columns' two
/// values side by side.
#[derive(Clone)]
pub struct PackedI16 {
    k: usize,
    n: usize,
    data: Vec<i16>,
    scales: Vec<f32>,
}

impl std::fmt::Debug for PackedI16 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PackedI16({} × {})", self.k, self.n)
    }
}

impl PackedI16 {
    /// Quantizes and packs the row-major k × n matrix `b`.
    pub fn new(b: &[f32], k: usize, n: usize) -> PackedI16 {
        assert!(
            n.is_multiple_of(NR) && k.is_multiple_of(QBLOCK) && b.len() == k * n,
            "bad weight shape"
        );
        let scales: Vec<f32> = (0..n)
            .map(|j| (0..k).fold(0f32, |m, t| m.max(b[t * n + j].abs())) / B_MAX)
            .collect();
        let q = |t: usize, j: usize| {
            if scales[j] == 0.0 {
                0
            } else {
                (b[t * n + j] / scales[j]).round() as i16
            }
        };
        let mut data = Vec::with_capacity(k * n);
        for p in 0..n / NR {
            for t in (0..k).step_by(2) {
                for j in p * NR..(p + 1) * NR {
                    data.push(q(t, j));
                    data.push(q(t + 1, j));
                }
            }
        }
        PackedI16 { k, n, data, scales }
    }
}

/// `C[ci] += A[ai] · B` in 16-bit integers: `a` holds quantized values with
/// one scale per [`QBLOCK`] (`a_scales`, from [`quantize_rows`]); every
/// row offset of `A` is a multiple of [`QBLOCK`]. Rows of `A` may overlap;
/// rows of `C` must not.
pub fn gemm_i16(
    a: &[i16],
    a_scales: &[f32],
    a_rows: &[usize],
    b: &PackedI16,
    c: &mut [f32],
    c_rows: &[usize],
) {
    assert_eq!(a_rows.len(), c_rows.len(), "one C row per A row");
    let (k, n) = (b.k, b.n);
    assert!(a.len() <= a_scales.len() * QBLOCK, "a scale per block");
    assert!(
        a_rows
            .iter()
            .all(|&r| r.is_multiple_of(QBLOCK) && r + k <= a.len()),
        "A row out of range"
    );
    assert!(
        c_rows.iter().all(|&r| r + n <= c.len()),
        "C row out of range"
    );
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, and the asserts above keep every row
            // the kernel reads or writes inside `a`, `a_scales` and `c`.
            unsafe { avx2::gemm_i16(a, a_scales, a_rows, b, c, c_rows) };
            return;
        }
    }
    portable_i16(a, a_scales, a_rows, b, c, c_rows);
}

/// [`gemm_i16`] in plain Rust, with the same integer sums.
fn portable_i16(
    a: &[i16],
    a_scales: &[f32],
    a_rows: &[usize],
    b: &PackedI16,
    c: &mut [f32],
    c_rows: &[usize],
) {
    let k = b.k;
    for p in 0..b.n / NR {
        let panel = &b.data[p * k * NR..][..k * NR];
        for (&ar, &cr) in a_rows.iter().zip(c_rows) {
            for k0 in (0..k).step_by(QBLOCK) {
                let mut acc = [0i32; NR];
                for t in (k0..k0 + QBLOCK).step_by(2) {
                    let (x0, x1) = (i32::from(a[ar + t]), i32::from(a[ar + t + 1]));
                    let w = &panel[t * NR..][..2 * NR];
                    for (j, s) in acc.iter_mut().enumerate() {
                        *s += x0 * i32::from(w[2 * j]) + x1 * i32::from(w[2 * j + 1]);
                    }
                }
                let sa = a_scales[(ar + k0) / QBLOCK];
                let out = &mut c[cr + p * NR..][..NR];
                for (j, (o, s)) in out.iter_mut().zip(acc).enumerate() {
                    *o += s as f32 * (sa * b.scales[p * NR + j]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], a_rows: &[usize], b: &[f32], k: usize, n: usize) -> Vec<Vec<f32>> {
        a_rows
            .iter()
            .map(|&r| {
                (0..n)
                    .map(|j| (0..k).map(|t| a[r + t] * b[t * n + j]).sum())
                    .collect()
            })
            .collect()
    }

    fn check(k: usize, n: usize, m: usize, stride: usize, accumulate: bool) {
        let a: Vec<f32> = (0..m * stride + k)
            .map(|i| ((i * 7919) % 97) as f32 / 97.0 - 0.5)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104_729) % 89) as f32 / 89.0 - 0.5)
            .collect();
        let a_rows: Vec<usize> = (0..m).map(|r| r * stride).collect();
        // C rows 3 floats further apart than n, the gaps left alone.
        let c_rows: Vec<usize> = (0..m).map(|r| r * (n + 3)).collect();
        let mut c = vec![1.0f32; m * (n + 3)];
        gemm(
            &a,
            &a_rows,
            &Packed::new(&b, k, n),
            &mut c,
            &c_rows,
            accumulate,
        );
        let want = naive(&a, &a_rows, &b, k, n);
        for (r, row) in want.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                let w = if accumulate { w + 1.0 } else { *w };
                let got = c[c_rows[r] + j];
                assert!((got - w).abs() < 1e-3, "k {k} n {n} m {m}: {got} vs {w}");
            }
            assert_eq!(c[c_rows[r] + n], 1.0, "gap untouched");
        }
        let out = portable_result(&a, &a_rows, &b, k, n, &c_rows, accumulate);
        for (x, y) in out.iter().zip(&c) {
            assert!((x - y).abs() < 1e-3);
        }
    }

    fn portable_result(
        a: &[f32],
        a_rows: &[usize],
        b: &[f32],
        k: usize,
        n: usize,
        c_rows: &[usize],
        accumulate: bool,
    ) -> Vec<f32> {
        let mut c = vec![1.0f32; c_rows.len() * (n + 3)];
        portable(a, a_rows, &Packed::new(b, k, n), &mut c, c_rows, accumulate);
        c
    }

    #[test]
    fn matches_the_naive_product() {
        for (k, n, m) in [
            (5, 16, 1),
            (256, 32, 7),
            (300, 48, 13),
            (600, 16, 6),
            (0, 16, 2),
        ] {
            for accumulate in [false, true] {
                check(k, n, m, k, accumulate);
            }
        }
    }

    #[test]
    fn integer_product_is_close_to_the_float_one() {
        // Windows of 3 rows of 256 over 9 rows, as the convolution reads them.
        let (k, n, rows) = (3 * QBLOCK, 32, 9);
        let a: Vec<f32> = (0..rows * QBLOCK)
            .map(|i| ((i * 7919) % 97) as f32 / 9.7 - 5.0)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104_729) % 89) as f32 / 890.0 - 0.05)
            .collect();
        let mut q = vec![0i16; a.len()];
        let mut scales = vec![0f32; rows];
        quantize_rows(&a, &mut q, &mut scales);
        let a_rows: Vec<usize> = (0..rows - 2).map(|r| r * QBLOCK).collect();
        let c_rows: Vec<usize> = (0..rows - 2).map(|r| r * n).collect();
        let packed = PackedI16::new(&b, k, n);
        let mut c = vec![0.5f32; (rows - 2) * n];
        gemm_i16(&q, &scales, &a_rows, &packed, &mut c, &c_rows);
        let mut c2 = vec![0.5f32; (rows - 2) * n];
        portable_i16(&q, &scales, &a_rows, &packed, &mut c2, &c_rows);
        let want = naive(&a, &a_rows, &b, k, n);
        for (r, row) in want.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                let (got, got2) = (c[c_rows[r] + j], c2[c_rows[r] + j]);
                assert!((got - 0.5 - w).abs() < 0.01, "{got} vs {w}");
                assert!((got - got2).abs() < 1e-4, "{got} vs {got2}");
            }
        }
    }

    #[test]
    fn reads_overlapping_windows() {
        // Rows 4 floats apart, 12 long: a sliding window of 3 slots.
        check(12, 16, 11, 4, false);
        check(520, 32, 9, 8, true);
    }
}
