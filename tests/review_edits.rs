//! Property test of the review's edits: whatever sequence of edits a
//! reviewer makes (accepted or refused), every sentence of every document
//! stays in exactly one bead, in order, the text of each document is kept,
//! refused edits change nothing, undoing everything gives the start back,
//! and the saved project reads back to the same state.

use bitext::model::{Alignment, Bead, Document, Status};
use bitext::review::project::{Edit, End, Project, Session, Side};
use proptest::prelude::*;

fn project(n: usize, m1: usize, m2: usize) -> Project {
    let source: Vec<String> = (0..n).map(|i| format!("第{i}句话。第{i}个分句")).collect();
    let source = Document::from_sentences("zh.txt", "zh-CN", &source);
    let alignment = |m: usize| {
        let target: Vec<String> = (0..m)
            .map(|j| format!("Sentence {j}, more words."))
            .collect();
        let target = Document::from_sentences("en.txt", "en-US", &target);
        // A simple diagonal: source i with target i, the rest as nulls.
        let mut beads: Vec<Bead> = (0..n.min(m))
            .map(|k| Bead::new(vec![k], vec![k], 0.5))
            .collect();
        beads.extend((m.min(n)..n).map(|i| Bead::new(vec![i], vec![], 0.1)));
        beads.extend((n.min(m)..m).map(|j| Bead::new(vec![], vec![j], 0.1)));
        Alignment {
            name: "p".into(),
            source: source.clone(),
            target,
            beads,
            learned: None,
        }
    };
    Project::new(
        "p",
        &["a".into(), "b".into()],
        vec![alignment(m1), alignment(m2)],
    )
    .unwrap()
}

fn text(d: &Document) -> String {
    d.segments
        .iter()
        .flat_map(|s| s.as_written().chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    let r = 0usize..2;
    let k = 0usize..14;
    let side = prop_oneof![Just(Side::Source), Just(Side::Target)];
    let end = prop_oneof![Just(End::First), Just(End::Last)];
    let status = prop_oneof![
        Just(Status::Approved),
        Just(Status::Rejected),
        Just(Status::Review)
    ];
    prop_oneof![
        (r.clone(), k.clone()).prop_map(|(rendering, bead)| Edit::Merge { rendering, bead }),
        (r.clone(), k.clone(), 0usize..4, 0usize..4).prop_map(
            |(rendering, bead, source, target)| {
                Edit::Split {
                    rendering,
                    bead,
                    source,
                    target,
                }
            }
        ),
        (r.clone(), k.clone(), side.clone(), end).prop_map(|(rendering, bead, side, end)| {
            Edit::Move {
                rendering,
                bead,
                side,
                end,
            }
        }),
        (side.clone(), r.clone(), k.clone(), 0usize..20).prop_map(
            |(side, rendering, segment, at)| Edit::SplitSegment {
                side,
                rendering,
                segment,
                at,
            }
        ),
        (side, r.clone(), k.clone()).prop_map(|(side, rendering, segment)| {
            Edit::JoinSegments {
                side,
                rendering,
                segment,
            }
        }),
        (r.clone(), k.clone(), status).prop_map(|(rendering, bead, status)| Edit::Status {
            rendering,
            bead,
            status
        }),
        (r, k, "[a-z ]{0,12}").prop_map(|(rendering, bead, note)| Edit::Note {
            rendering,
            bead,
            note
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_edits_keep_every_sentence_once_in_order(
        sizes in (1usize..10, 1usize..10, 0usize..10),
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let start = project(sizes.0, sizes.1, sizes.2);
        let texts = (text(&start.source), text(&start.renderings[0].document), text(&start.renderings[1].document));
        let mut session = Session::new(start.clone());
        let mut accepted = 0;
        for edit in &edits {
            let before = session.project().clone();
            match session.apply(before.revision, edit) {
                Ok(_) => accepted += 1,
                Err(_) => prop_assert_eq!(session.project(), &before, "refused {:?} changed the project", edit),
            }
            let p = session.project();
            prop_assert!(p.check().is_ok(), "{:?} after {:?}", p.check(), edit);
            prop_assert_eq!(&(text(&p.source), text(&p.renderings[0].document), text(&p.renderings[1].document)), &texts);
        }
        let saved = session.project().to_json();
        prop_assert_eq!(&Project::from_json(&saved).unwrap(), session.project());
        for _ in 0..accepted {
            let revision = session.project().revision;
            prop_assert!(session.undo(revision).unwrap());
        }
        prop_assert_eq!(&session.project().renderings, &start.renderings);
        prop_assert_eq!(&session.project().source, &start.source);
    }
}
