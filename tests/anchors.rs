//! `bitext align --anchors`: the beads a reviewer approved (in a reviewed
//! CSV or a review project) are kept and the search runs between them;
//! anchors that do not fit the documents are refused naming the file and
//! row. Runs the real binary on the shipped corpus in a temporary folder.

use assert_cmd::Command;
use bitext::import::alignment::from_review_csv;
use bitext::model::Status;
use bitext::review::project::Project;
use std::path::{Path, PathBuf};

fn corpus(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/altman-baai-2023")
        .join(file)
}

fn bitext() -> Command {
    Command::cargo_bin("bitext").unwrap()
}

/// Aligns the transcript with `en.txt` into `dir/out.csv`, with `extra`
/// arguments.
fn align(dir: &Path, out: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    bitext()
        .args(["align", "-q", "--scorer", "classic", "-f", "csv", "-o"])
        .arg(dir.join(out))
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .args(extra)
        .assert()
}

fn read(path: &Path) -> bitext::model::Alignment {
    from_review_csv(
        &std::fs::read_to_string(path).unwrap(),
        "zh-CN",
        "en-US",
        "t",
    )
    .unwrap()
}

#[test]
fn a_review_projects_approved_beads_are_kept_and_the_rest_aligned_around_them() {
    let dir = tempfile::tempdir().unwrap();
    let load = |file: &str, lang: &str| {
        bitext::align::aligner::read_document(&corpus(file), lang, false, None)
            .unwrap()
            .0
    };
    let aligner = bitext::align::Aligner::builder()
        .scorer(bitext::align::ScorerKind::Classic)
        .build()
        .unwrap();
    let first = aligner
        .align(
            "altman-baai-2023",
            load("zh.txt", "zh-CN"),
            load("en.txt", "en-US"),
        )
        .alignment;
    // A reviewer's project in which bead 0's first source sentence was
    // moved to bead 1 (approved there) and bead 5 approved.
    let mut project =
        Project::new("altman-baai-2023", &["en".into()], vec![first.clone()]).unwrap();
    let k = first
        .beads
        .iter()
        .position(|b| b.source.len() > 1)
        .expect("a bead with two source sentences");
    use bitext::review::project::{Edit, End, Side};
    project
        .apply(&Edit::Move {
            rendering: 0,
            bead: k,
            side: Side::Source,
            end: End::Last,
        })
        .unwrap();
    project
        .apply(&Edit::Status {
            rendering: 0,
            bead: k + 5,
            status: Status::Approved,
        })
        .unwrap();
    let approved: Vec<_> = project.renderings[0]
        .beads
        .iter()
        .filter(|b| b.status == Status::Approved && !b.is_null())
        .cloned()
        .collect();
    assert!(approved.len() >= 2);
    let file = dir.path().join("review.json");
    std::fs::write(&file, project.to_json()).unwrap();

    align(
        dir.path(),
        "second.csv",
        &["--anchors", file.to_str().unwrap()],
    )
    .success();
    let second = read(&dir.path().join("second.csv"));
    second.check_coverage().unwrap();
    for a in &approved {
        let kept = second
            .beads
            .iter()
            .find(|b| b.source == a.source && b.target == a.target)
            .unwrap_or_else(|| panic!("approved bead {:?} was not kept", a.source));
        assert_eq!(kept.status, Status::Approved);
    }
    // Away from the anchors, the alignment is what it was.
    let far = &first.beads[first.beads.len() - 5..];
    assert_eq!(
        far.iter()
            .map(|b| (&b.source, &b.target))
            .collect::<Vec<_>>(),
        second.beads[second.beads.len() - 5..]
            .iter()
            .map(|b| (&b.source, &b.target))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_reviewed_csvs_anchors_must_be_the_documents_sentences() {
    let dir = tempfile::tempdir().unwrap();
    align(dir.path(), "first.csv", &[]).success();
    let text = std::fs::read_to_string(dir.path().join("first.csv")).unwrap();
    // Approve row 3 (line 4), whose source is then changed as if the
    // text had been edited after the review.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].replacen(",auto,", ",approved,", 1);
    let good = lines.join("\n");
    std::fs::write(dir.path().join("good.csv"), &good).unwrap();
    let good_path = dir.path().join("good.csv");
    align(
        dir.path(),
        "out.csv",
        &["--anchors", good_path.to_str().unwrap()],
    )
    .success();
    let first_char = lines[3]
        .split(",approved,")
        .nth(1)
        .unwrap()
        .chars()
        .find(|c| !c.is_ascii())
        .unwrap();
    lines[3] = lines[3].replacen(first_char, "某", 1);
    std::fs::write(dir.path().join("bad.csv"), lines.join("\n")).unwrap();
    let bad_path = dir.path().join("bad.csv");
    let out = align(
        dir.path(),
        "out.csv",
        &["--anchors", bad_path.to_str().unwrap()],
    )
    .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("bad.csv row 4"), "{err}");
    assert!(err.contains("not the document's"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_review_projects_segment_splits_and_joins_apply_again() {
    let dir = tempfile::tempdir().unwrap();
    let load = |file: &str, lang: &str| {
        bitext::align::aligner::read_document(&corpus(file), lang, false, None)
            .unwrap()
            .0
    };
    let aligner = bitext::align::Aligner::builder()
        .scorer(bitext::align::ScorerKind::Classic)
        .build()
        .unwrap();
    let first = aligner
        .align(
            "altman-baai-2023",
            load("zh.txt", "zh-CN"),
            load("en.txt", "en-US"),
        )
        .alignment;
    use bitext::review::project::{Edit, Side};
    let mut project =
        Project::new("altman-baai-2023", &["en".into()], vec![first.clone()]).unwrap();
    // Split a long source sentence after its tenth character; join two
    // target sentences of one bead and one paragraph.
    let long = first
        .source
        .segments
        .iter()
        .position(|s| s.text.chars().count() > 30 && !s.text.chars().take(12).any(|c| c.is_ascii()))
        .expect("a long Chinese sentence");
    let joined = first
        .beads
        .iter()
        .find_map(|b| match b.target.as_slice() {
            [a, b, ..]
                if first.target.segments[*a].paragraph == first.target.segments[*b].paragraph
                    && !first.target.segments[*b].turn_start =>
            {
                Some(*a)
            }
            _ => None,
        })
        .expect("a bead with two target sentences in one paragraph");
    project
        .apply(&Edit::SplitSegment {
            side: Side::Source,
            rendering: 0,
            segment: long,
            at: 10,
        })
        .unwrap();
    project
        .apply(&Edit::JoinSegments {
            side: Side::Target,
            rendering: 0,
            segment: joined,
        })
        .unwrap();
    assert_eq!(
        project.source_rules.rules.len(),
        1,
        "{:?}",
        project.source_rules
    );
    assert_eq!(
        project.rules_of(0).rules.len(),
        1,
        "{:?}",
        project.rules_of(0)
    );
    let file = dir.path().join("review.json");
    std::fs::write(&file, project.to_json()).unwrap();

    // Aligned again with the project as anchors, the files are split as
    // the reviewer left them and the edited beads are kept.
    let out = dir.path().join("second.beads");
    bitext()
        .args(["align", "-q", "--scorer", "classic", "-f", "beads", "-o"])
        .arg(&out)
        .arg(corpus("zh.txt"))
        .arg(corpus("en.txt"))
        .arg("--anchors")
        .arg(&file)
        .assert()
        .success();
    let second = bitext::import::beads::read_beads(&out).unwrap().beads;
    let count = |side: fn(&bitext::model::Bead) -> &Vec<usize>| {
        second.iter().map(|b| side(b).len()).sum::<usize>()
    };
    assert_eq!(count(|b| &b.source), first.source.segments.len() + 1);
    assert_eq!(count(|b| &b.target), first.target.segments.len() - 1);
    let reviewed = &project.renderings[0].beads;
    let edited: Vec<_> = reviewed
        .iter()
        .filter(|b| b.status == Status::Approved)
        .collect();
    assert_eq!(edited.len(), 2, "{edited:?}");
    for a in edited {
        assert!(
            second
                .iter()
                .any(|b| b.source == a.source && b.target == a.target),
            "edited bead {:?}:{:?} was not kept",
            a.source,
            a.target
        );
    }
}
