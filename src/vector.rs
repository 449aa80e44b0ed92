//! Dense vector arithmetic shared by the semantic scorer (span vectors)
//! and the search's block pass (block vectors): a dot product that
//! vectorizes, and scaling to unit length.

/// Dot product in eight interleaved lanes, so that it vectorizes (a plain
/// sum is one long dependency chain; the search calls this for every
/// candidate bead).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Scales `v` to unit length (a zero vector stays zero).
pub fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_a_plain_sum_and_normalise_gives_unit_length() {
        let a: Vec<f32> = (0..19).map(|k| k as f32 * 0.5 - 3.0).collect();
        let b: Vec<f32> = (0..19).map(|k| 1.0 - k as f32 * 0.25).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-4);
        let mut v = a.clone();
        normalise(&mut v);
        assert!((dot(&v, &v) - 1.0).abs() < 1e-5);
        let mut zero = vec![0f32; 5];
        normalise(&mut zero);
        assert!(zero.iter().all(|&x| x == 0.0));
    }
}
