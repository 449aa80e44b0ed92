//! Suspect stretches: runs of consecutive beads the aligner marked
//! `suspect` (weak evidence), the sentences they cover, and the one-line
//! warning that names them (`sentences 11,600–11,900: weak evidence, check
//! this stretch`). Part of the alignment's metadata: the aligner warns with
//! them, the review outputs list them.

use super::Bead;

/// Stretches of consecutive suspect beads, as (first bead, last bead)
/// indices, inclusive.
pub fn suspect_stretches(beads: &[Bead]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, bead) in beads.iter().enumerate() {
        if !bead.suspect {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1 + 1 == k => last.1 = k,
            _ => out.push((k, k)),
        }
    }
    out
}

/// What the review outputs say of a suspect stretch.
pub const WEAK_EVIDENCE: &str = "weak evidence, check this stretch";

/// A run of consecutive suspect beads and the sentences it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// First and last bead, 0-based, inclusive.
    pub beads: (usize, usize),
    /// First and last source sentence, 0-based, inclusive; none when the
    /// stretch has only 0-1 beads.
    pub source: Option<(usize, usize)>,
    /// First and last target sentence, likewise.
    pub target: Option<(usize, usize)>,
}

/// `12,345`: a number with thousands separators.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `sentence 12` or `sentences 11,600–11,900` (1-based), after `side`.
fn sentences(side: &str, (first, last): (usize, usize)) -> String {
    if first == last {
        format!("{side}sentence {}", thousands(first + 1))
    } else {
        format!(
            "{side}sentences {}–{}",
            thousands(first + 1),
            thousands(last + 1)
        )
    }
}

/// `14,010–14,390` or `14`: a range of 1-based sentence numbers.
fn numbers((first, last): (usize, usize)) -> String {
    if first == last {
        thousands(first + 1)
    } else {
        format!("{}–{}", thousands(first + 1), thousands(last + 1))
    }
}

impl Stretch {
    /// Its source sentences, `sentences 11,600–11,900`, or its target ones
    /// (`target sentences 14,010–14,390`) when it has no source sentence.
    pub fn sentences(&self) -> String {
        match (self.source, self.target) {
            (Some(s), _) => sentences("", s),
            (None, Some(t)) => sentences("target ", t),
            (None, None) => "no sentences".to_string(),
        }
    }

    /// Both sides: `source sentences 11,600–11,900 (target 14,010–14,390)`.
    pub fn describe(&self) -> String {
        match (self.source, self.target) {
            (Some(s), Some(t)) => format!("{} (target {})", sentences("source ", s), numbers(t)),
            (Some(s), None) => format!("{} (no target)", sentences("source ", s)),
            (None, Some(t)) => sentences("target ", t),
            (None, None) => "no sentences".to_string(),
        }
    }
}

/// First and last id of the ids of some beads, if any.
fn id_range<'a>(ids: impl Iterator<Item = &'a usize>) -> Option<(usize, usize)> {
    ids.fold(None, |range, &i| match range {
        None => Some((i, i)),
        Some((a, b)) => Some((a.min(i), b.max(i))),
    })
}

/// The stretches of consecutive suspect beads, in order.
pub fn stretches(beads: &[Bead]) -> Vec<Stretch> {
    suspect_stretches(beads)
        .into_iter()
        .map(|(first, last)| {
            let run = &beads[first..=last];
            Stretch {
                beads: (first, last),
                source: id_range(run.iter().flat_map(|b| &b.source)),
                target: id_range(run.iter().flat_map(|b| &b.target)),
            }
        })
        .collect()
}

/// One line per suspect stretch, for the user to check:
/// `sentences 11,600–11,900: weak evidence, check this stretch` (1-based
/// source sentences; target sentences when the stretch has none).
pub fn suspect_warnings(beads: &[Bead]) -> Vec<String> {
    stretches(beads)
        .iter()
        .map(|s| format!("{}: {WEAK_EVIDENCE}", s.sentences()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suspect(source: Vec<usize>, target: Vec<usize>) -> Bead {
        Bead {
            suspect: true,
            ..Bead::new(source, target, 0.2)
        }
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(11_600), "11,600");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn one_warning_per_suspect_stretch() {
        // Beads 1-1 over sentences 0..12_000, with two suspect stretches:
        // source 11,599..=11,899 and a lone sentence 5.
        let mut beads: Vec<Bead> = (0..12_000)
            .map(|i| Bead::new(vec![i], vec![i + 2_410], 0.9))
            .collect();
        for b in &mut beads[11_599..=11_899] {
            b.suspect = true;
        }
        beads[5].suspect = true;
        assert_eq!(
            suspect_warnings(&beads),
            vec![
                "sentence 6: weak evidence, check this stretch",
                "sentences 11,600–11,900: weak evidence, check this stretch",
            ]
        );
        let s = stretches(&beads);
        assert_eq!(s[1].beads, (11_599, 11_899));
        assert_eq!(
            s[1].describe(),
            "source sentences 11,600–11,900 (target 14,010–14,310)"
        );
        assert!(suspect_warnings(&beads[..5]).is_empty());
    }

    #[test]
    fn stretches_without_source_name_the_target() {
        let beads = vec![
            Bead::new(vec![0], vec![0], 0.9),
            suspect(vec![], vec![1]),
            suspect(vec![], vec![2]),
            Bead::new(vec![1], vec![3], 0.9),
            suspect(vec![2, 3], vec![]),
            Bead::new(vec![4], vec![4], 0.9),
            suspect(vec![], vec![1_233]),
        ];
        assert_eq!(
            suspect_warnings(&beads),
            vec![
                "target sentences 2–3: weak evidence, check this stretch",
                "sentences 3–4: weak evidence, check this stretch",
                "target sentence 1,234: weak evidence, check this stretch",
            ]
        );
        let s = stretches(&beads);
        assert_eq!(s[0].describe(), "target sentences 2–3");
        assert_eq!(s[1].describe(), "source sentences 3–4 (no target)");
        assert_eq!(s[1].target, None);
    }
}
