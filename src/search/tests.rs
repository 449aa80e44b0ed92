//! Tests of the whole search on a toy scorer: sentences are numbers, and a
//! source and a target sentence match when their numbers are equal.

use super::*;

/// Source and target sentences as numbers; a 1-1 bead of equal numbers is
/// cheap, any other bead with both sides dear, a null middling.
struct Toy {
    source: Vec<u32>,
    target: Vec<u32>,
    sc: Vec<f64>,
    tc: Vec<f64>,
}

impl Toy {
    fn new(source: Vec<u32>, target: Vec<u32>) -> Toy {
        let cum = |n: usize| (0..=n).map(|k| k as f64).collect();
        Toy {
            sc: cum(source.len()),
            tc: cum(target.len()),
            source,
            target,
        }
    }
}

impl Scoring for Toy {
    fn dims(&self) -> (usize, usize) {
        (self.source.len(), self.target.len())
    }

    fn cumulative_lengths(&self) -> (&[f64], &[f64]) {
        (&self.sc, &self.tc)
    }

    fn prepare<'s>(&'s self, _band: &Band, _max_side: usize) -> CostFn<'s> {
        Box::new(move |i, a, j, b| match (a, b) {
            (1, 0) | (0, 1) => 3.0,
            (1, 1) if self.source[i] == self.target[j] => -4.0,
            _ => 8.0 + (a + b) as f64,
        })
    }

    fn null_run(&self) -> f64 {
        0.5
    }

    fn vector_dim(&self) -> usize {
        64
    }

    fn add_vector(&self, source: bool, k: usize, out: &mut [f32]) {
        let x = if source {
            self.source[k]
        } else {
            self.target[k]
        };
        let h = x.wrapping_mul(2_654_435_761) >> 8;
        out[h as usize % out.len()] += 1.0;
        out[(h >> 8) as usize % out.len()] += 1.0;
    }
}

fn options() -> SearchOptions {
    SearchOptions {
        shapes: vec![(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)],
        temperature: 1.0,
        corridor: 4,
        window: 500,
        widen: 60,
        exhaustive: false,
    }
}

/// The 1-1 beads of what was found, as (source number, target number).
fn matches(toy: &Toy, found: &Found) -> Vec<(u32, u32)> {
    found
        .beads
        .iter()
        .filter(|b| b.step.1 == 1 && b.step.3 == 1)
        .map(|b| (toy.source[b.step.0], toy.target[b.step.2]))
        .collect()
}

fn assert_covers(found: &Found, n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in &found.beads {
        assert_eq!((b.step.0, b.step.2), (i, j), "beads out of order");
        i += b.step.1;
        j += b.step.3;
    }
    assert_eq!((i, j), (n, m));
}

#[test]
fn the_first_pass_recovers_the_path_across_a_gap_of_2000_sentences() {
    // 6,000 numbered sentences a side, but the target lacks 2,000 of them
    // in the middle and has 500 of its own at the front.
    let source: Vec<u32> = (0..6000).collect();
    let mut target: Vec<u32> = (100_000..100_500).collect();
    target.extend((0..6000).filter(|k| !(2000..4000).contains(k)));
    let toy = Toy::new(source, target);
    let found = search(&toy, &options());
    assert_covers(&found, 6000, 4500);
    let right = matches(&toy, &found).iter().filter(|(s, t)| s == t).count();
    assert!(right >= 3990, "{right} of 4,000 right 1-1 beads");
}

#[test]
fn a_search_again_keeps_the_plan_and_finds_the_same() {
    let source: Vec<u32> = (0..1500).collect();
    let target: Vec<u32> = (0..1500).filter(|k| k % 97 != 5).collect();
    let toy = Toy::new(source, target);
    let first = search(&toy, &options());
    let again = search_again(&toy, &first, &options());
    assert_eq!(first.beads, again.beads);
    assert!(!again.plan.is_empty());
}

#[test]
fn expected_shapes_add_up_to_about_the_beads() {
    let source: Vec<u32> = (0..800).collect();
    let target: Vec<u32> = (0..800).collect();
    let toy = Toy::new(source, target);
    let found = search(&toy, &options());
    let total: f64 = found.expected_shapes.iter().map(|s| s.1).sum();
    assert!((total - 800.0).abs() < 2.0, "{total}");
    let one_one = found
        .expected_shapes
        .iter()
        .find(|s| s.0 == (1, 1))
        .map_or(0.0, |s| s.1);
    assert!(one_one > 799.0, "{one_one}");
}

#[test]
fn exhaustive_and_windowed_searches_agree_on_a_clean_text() {
    let source: Vec<u32> = (0..900).collect();
    let target: Vec<u32> = (0..900).filter(|k| k % 50 != 7).collect();
    let toy = Toy::new(source, target);
    let windowed = search(&toy, &options());
    let exhaustive = search(
        &toy,
        &SearchOptions {
            exhaustive: true,
            ..options()
        },
    );
    assert_eq!(matches(&toy, &windowed), matches(&toy, &exhaustive));
}

#[test]
fn far_pairs_keep_away_from_the_diagonal_and_repeat() {
    let pairs: Vec<_> = far_pairs((1000, 1300), 7, 500, 100).collect();
    assert!(pairs.len() > 300, "{} of 500 draws kept", pairs.len());
    for &(i, j) in &pairs {
        assert!(i < 1000 && j < 1300);
        assert!(j.abs_diff(i * 1300 / 1000) >= 100, "({i}, {j})");
    }
    assert_eq!(
        pairs,
        far_pairs((1000, 1300), 7, 500, 100).collect::<Vec<_>>()
    );
}

#[test]
fn the_coarse_pass_can_start_with_target_sentences_alone() {
    // Ten target sentences of front matter before 50 matching pairs.
    let source: Vec<u32> = (0..50).collect();
    let mut target: Vec<u32> = (100_000..100_010).collect();
    target.extend(0..50);
    let toy = Toy::new(source, target);
    let (sc, tc) = toy.cumulative_lengths();
    let band = Band::around_diagonal(sc, tc, 20);
    let mut path = Vec::new();
    coarse::path_by_parts(&toy, &band, |part| path.extend_from_slice(part));
    let front: Vec<Step> = (0..10).map(|j| (0, 0, j, 1)).collect();
    assert_eq!(path[..10], front[..], "{path:?}");
    assert!(
        path[10..]
            .iter()
            .all(|&(i, a, j, b)| (a, b) == (1, 1) && j == i + 10)
    );
}

#[test]
fn the_coarse_pass_crosses_a_long_untranslated_passage_as_one_run() {
    // 600 source sentences without counterpart in the middle: more than
    // the rows between checks for a settled path, so the path is handed on
    // in parts while in the run.
    let source: Vec<u32> = (0..1400).collect();
    let target: Vec<u32> = (0..1400).filter(|k| !(400..1000).contains(k)).collect();
    let toy = Toy::new(source, target);
    let expected: Vec<Step> = (0..1400)
        .map(|i| match i {
            0..400 => (i, 1, i, 1),
            400..1000 => (i, 1, 400, 0),
            _ => (i, 1, i - 600, 1),
        })
        .collect();
    let band = Band::around_path(&expected, 30);
    let mut parts = 0;
    let mut path = Vec::new();
    coarse::path_by_parts(&toy, &band, |part| {
        parts += 1;
        path.extend_from_slice(part);
    });
    assert!(parts > 3, "{parts} parts");
    assert_eq!(path, expected);
}

#[test]
fn a_repair_searches_a_stretch_again_in_the_whole_rectangle() {
    // 300 matching pairs, but the target lacks 100..140: the right path
    // skips source 100..140 as nulls. Beads led astray skip source 60..100
    // instead (a passage entered early), then pair source 100..140 with
    // target 60..100 (the wrong sentences), and rejoin at 140.
    let source: Vec<u32> = (0..300).collect();
    let target: Vec<u32> = (0..300).filter(|k| !(100..140).contains(k)).collect();
    let toy = Toy::new(source, target);
    let right = search(&toy, &options());
    let bead = |step| FoundBead {
        step,
        posterior: 0.5,
    };
    let mut astray: Vec<FoundBead> = (0..60).map(|i| bead((i, 1, i, 1))).collect();
    astray.extend((60..100).map(|i| bead((i, 1, 60, 0))));
    astray.extend((100..140).map(|i| bead((i, 1, i - 40, 1))));
    astray.extend((140..300).map(|i| bead((i, 1, i - 40, 1))));
    let astray = Found {
        beads: astray,
        ..Found::default()
    };
    assert_covers(&astray, 300, 260);
    // The weak stretch: the wrong pairs (beads 100..140).
    let repaired = repair(&toy, &astray, &[(100, 139)], &options());
    assert_covers(&repaired, 300, 260);
    let steps = |f: &Found| f.beads.iter().map(|b| b.step).collect::<Vec<_>>();
    assert_eq!(steps(&repaired), steps(&right));
    // Outside the stretch and its margin, the beads are kept as they were.
    assert_eq!(repaired.beads[..40], astray.beads[..40]);
}
