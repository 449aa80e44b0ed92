//! Matrix products for the encoder with the weights packed once at load
//! time: `C (+)= A · B`, `B` a fixed k × n weight matrix, `A` and `C` given
//! as lists of row offsets into flat buffers.
//!
//! Row offsets let one product read overlapping rows of `A` (the windows of
//! a convolution over consecutive token rows, with no gathered copy) and
//! skip rows (the padding between sentences). `B` is packed in panels of 16
//! columns, so no product packs anything; on x86-64 with AVX2 and FMA a
//! 6 × 16 register-tiled kernel runs, elsewhere a portable loop.

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
    use super::{KC, MR, NR, Packed};
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
    fn reads_overlapping_windows() {
        // Rows 4 floats apart, 12 long: a sliding window of 3 slots.
        check(12, 16, 11, 4, false);
        check(520, 32, 9, 8, true);
    }
}
