//! Gale–Church length evidence, with the length ratio and its variance
//! estimated from the pair of documents rather than fixed.

use crate::model::{Document, Lang};

/// Length of a text in the units Gale–Church compares: characters without
/// whitespace (a Chinese character carries about three English letters'
/// worth of meaning; the ratio absorbs that).
pub fn text_len(text: &str) -> f64 {
    text.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// The length model of a document pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    /// Expected target length per source length unit.
    pub ratio: f64,
    /// Variance of the target length per source length unit.
    pub variance: f64,
}

impl LengthModel {
    /// Estimates the ratio from the documents' total lengths. The variance
    /// starts from a value typical of the language pair, scaled to the ratio;
    /// [`LengthModel::with_ratio`] moves both to a ratio measured on an
    /// alignment.
    /// `spread` is the variance per unit at a ratio of 1 across scripts
    /// (Chinese against English); pairs in one script use Gale–Church's 6.8.
    pub fn estimate(source: &Document, target: &Document, spread: f64) -> LengthModel {
        let ls: f64 = source.segments.iter().map(|s| text_len(&s.text)).sum();
        let lt: f64 = target.segments.iter().map(|s| text_len(&s.text)).sum();
        let ratio = if ls > 0.0 && lt > 0.0 { lt / ls } else { 1.0 };
        let cross = source.family() != target.family()
            && (source.family() == Lang::Zh || target.family() == Lang::Zh);
        // Gale–Church's 6.8 is for letters against letters at a ratio near 1.
        // Scaling the variance with ratio^1.5 gives a sentence the same
        // relative spread whichever side is the source, so zh→en and en→zh
        // agree.
        let base = if cross { spread } else { 6.8 };
        LengthModel {
            ratio,
            variance: base * ratio.max(0.05).powf(1.5),
        }
    }

    /// The model with the length ratio `ratio` (say, measured on an
    /// alignment's beads rather than on the whole documents, which one-sided
    /// passages skew), its variance scaled as [`LengthModel::estimate`]
    /// scales it. The variance itself is not re-estimated from beads: the
    /// beads a search found are those whose lengths agreed, and their spread
    /// understates the document's.
    pub fn with_ratio(&self, ratio: f64) -> LengthModel {
        if !(ratio.is_finite() && ratio > 0.0) {
            return *self;
        }
        LengthModel {
            ratio,
            variance: self.variance * (ratio.max(0.05) / self.ratio.max(0.05)).powf(1.5),
        }
    }

    /// The normalised length difference δ of Gale & Church (1993).
    pub fn delta(&self, source_len: f64, target_len: f64) -> f64 {
        let mean = (source_len + target_len / self.ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        (target_len - source_len * self.ratio) / (mean * self.variance).sqrt()
    }

    /// −log P(|δ|) under the normal model: 0 for a perfect length match.
    pub fn cost(&self, source_len: f64, target_len: f64) -> f64 {
        delta_cost(self.delta(source_len, target_len))
    }
}

/// The most a length cost can be: −ln 1e-12.
const MAX_COST: f64 = 27.631_021_115_928_547;

/// The length cost of δ: −ln(2 (1 − Φ(|δ|))) with Φ as in [`normal_cdf`],
/// whose tail is e^(−δ²/2) / √(2π) · poly(t): one logarithm and no
/// exponential (and no cancellation in 1 − Φ for large δ); capped at
/// −ln 1e-12.
pub fn delta_cost(delta: f64) -> f64 {
    let d = delta.abs();
    let t = 1.0 / (1.0 + 0.231_641_9 * d);
    (d * d / 2.0 - (2.0 * tail_poly(t) / (2.0 * std::f64::consts::PI).sqrt()).ln()).min(MAX_COST)
}

/// A lower bound of [`delta_cost`] without the logarithm (the tail is at
/// most e^(−δ²/2)).
pub fn delta_cost_floor(delta: f64) -> f64 {
    (delta * delta / 2.0).min(MAX_COST) - 1e-6
}

/// Standard normal cumulative distribution (Abramowitz & Stegun 26.2.17).
pub fn normal_cdf(x: f64) -> f64 {
    if x < 0.0 {
        return 1.0 - normal_cdf(-x);
    }
    let t = 1.0 / (1.0 + 0.231_641_9 * x);
    1.0 - (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * tail_poly(t)
}

/// The polynomial of Abramowitz & Stegun 26.2.17 at `t = 1 / (1 + p x)`.
fn tail_poly(t: f64) -> f64 {
    t * (0.319_381_530
        + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
        assert!((normal_cdf(-1.0) - 0.1587).abs() < 1e-3);
    }

    #[test]
    fn matching_lengths_cost_least() {
        let m = LengthModel {
            ratio: 3.0,
            variance: 3.0,
        };
        assert!(m.cost(10.0, 30.0) < 0.01);
        assert!(m.cost(10.0, 30.0) < m.cost(10.0, 60.0));
        assert!(m.cost(10.0, 60.0) < m.cost(10.0, 120.0));
        assert!(m.cost(10.0, 0.0) > m.cost(10.0, 20.0));
    }

    #[test]
    fn cost_is_minus_log_of_the_two_sided_tail() {
        let m = LengthModel {
            ratio: 3.0,
            variance: 3.0,
        };
        for (s, t) in [
            (10.0, 30.0),
            (10.0, 33.0),
            (10.0, 45.0),
            (20.0, 10.0),
            (5.0, 80.0),
        ] {
            let d = m.delta(s, t).abs();
            let direct = -(2.0 * (1.0 - normal_cdf(d))).max(1e-12).ln();
            assert!((m.cost(s, t) - direct).abs() < 1e-6, "{s} {t}");
        }
        assert!((m.cost(1.0, 1000.0) + (1e-12f64).ln()).abs() < 1e-9);
        for k in 0..400 {
            let d = k as f64 * 0.05;
            assert!(delta_cost_floor(d) <= delta_cost(d), "{d}");
        }
    }
}
