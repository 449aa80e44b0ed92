//! The review page's API: the project as the page shows it, edits, undo,
//! redo and "align the rest again", each saved before it is answered.

use super::*;

/// A segment as the page shows it.
#[derive(Serialize)]
struct SegmentView<'a> {
    text: String,
    paragraph: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    heading: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    /// The text begins with the speaker's label as written.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    labelled: bool,
}

fn segments(document: &Document) -> Vec<SegmentView<'_>> {
    document
        .segments
        .iter()
        .map(|s| SegmentView {
            text: s.as_written(),
            paragraph: s.paragraph,
            heading: s.kind == bitext::model::SegmentKind::Heading,
            speaker: s.speaker.as_deref(),
            labelled: s.label.is_some(),
        })
        .collect()
}

/// A bead as the page shows it.
#[derive(Serialize)]
struct BeadView<'a> {
    source: &'a [usize],
    target: &'a [usize],
    score: f64,
    status: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    flags: Vec<&'static str>,
}

fn bead_view<'a>(bead: &'a Bead, flags: &[Flag]) -> BeadView<'a> {
    BeadView {
        source: &bead.source,
        target: &bead.target,
        score: (bead.score * 1000.0).round() / 1000.0,
        status: bead.status.as_str(),
        note: &bead.note,
        flags: flags.iter().map(|f| f.as_str()).collect(),
    }
}

#[derive(Serialize)]
struct RenderingView<'a> {
    name: &'a str,
    lang: &'a str,
    segments: Vec<SegmentView<'a>>,
    beads: Vec<BeadView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    learned: Option<String>,
}

#[derive(Serialize)]
struct ProjectView<'a> {
    name: &'a str,
    revision: u64,
    file: String,
    reviewed: usize,
    beads: usize,
    undo: usize,
    redo: usize,
    source_lang: &'a str,
    source: Vec<SegmentView<'a>>,
    renderings: Vec<RenderingView<'a>>,
}

fn project_json(server: &mut Server) -> Response {
    server.checkers = server
        .session
        .project()
        .renderings
        .iter()
        .map(|r| Checker::of(&server.session.project().source, &r.document, &r.beads))
        .collect();
    let session = &server.session;
    let project = session.project();
    let (reviewed, beads) = project.progress();
    let (undo, redo) = session.history();
    let renderings = project
        .renderings
        .iter()
        .zip(&server.checkers)
        .map(|(r, checker)| {
            let flags: Vec<Vec<Flag>> = r
                .beads
                .iter()
                .map(|b| checker.flags_of(&project.source, &r.document, b))
                .collect();
            RenderingView {
                name: &r.name,
                lang: &r.document.lang,
                segments: segments(&r.document),
                beads: r
                    .beads
                    .iter()
                    .zip(&flags)
                    .map(|(b, f)| bead_view(b, f))
                    .collect(),
                learned: r.learned.as_ref().map(|l| l.summary()),
            }
        })
        .collect();
    axum::Json(ProjectView {
        name: &project.name,
        revision: project.revision,
        file: server.path.display().to_string(),
        reviewed,
        beads,
        undo,
        redo,
        source_lang: &project.source.lang,
        source: segments(&project.source),
        renderings,
    })
    .into_response()
}

/// Reads the project file again when someone else wrote it since.
fn sync_from_disk(server: &mut Server) -> Result<(), Refusal> {
    let now = stamp_of(&server.path);
    if now.is_none() || now == server.stamp {
        return Ok(());
    }
    match super::super::read_project(&server.path) {
        Ok(project) => {
            server.session = Session::new(project);
            server.stamp = now;
            Ok(())
        }
        Err(e) => Err(Refusal(StatusCode::CONFLICT, format!("{e:#}"))),
    }
}

pub(super) async fn project_view(State(app): State<App>) -> Response {
    let mut server = app.server.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(response) = sync_from_disk(&mut server) {
        return response.into_response();
    }
    project_json(&mut server)
}

/// Saves after a change; refuses (and keeps the change from being
/// answered as saved) when the file cannot be written.
fn persist(server: &mut Server) -> Result<(), Refusal> {
    save(&server.path, server.session.project()).map_err(|e| {
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("not saved: {e:#}"),
        )
    })?;
    server.stamp = stamp_of(&server.path);
    Ok(())
}

/// Refuses a change when the project file was written by someone else
/// since this server read it: their edits would be lost.
fn check_disk(server: &Server) -> Result<(), Refusal> {
    let now = stamp_of(&server.path);
    if now.is_some() && now != server.stamp {
        return Err(Refusal(
            StatusCode::CONFLICT,
            format!(
                "{} was changed by another program since this page loaded it: reload the page to see its changes",
                server.path.display()
            ),
        ));
    }
    Ok(())
}

fn review_error(e: ReviewError) -> Response {
    match e {
        ReviewError::Stale { .. } => refuse(StatusCode::CONFLICT, e.to_string()),
        _ => refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    revision: u64,
    edit: Edit,
}

/// What a change answers: the new revision and progress, and the beads
/// that changed (or `reload` when anything may have).
#[derive(Serialize)]
struct Changed<'a> {
    revision: u64,
    reviewed: usize,
    beads: usize,
    undo: usize,
    redo: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    reload: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    rendering: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    inserted: Vec<BeadView<'a>>,
    /// Beads a re-alignment changed, by rendering.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changed: Vec<Vec<usize>>,
}

fn changed_json(
    server: &mut Server,
    change: Option<&Change>,
    changed: Vec<Vec<usize>>,
) -> Response {
    let project = server.session.project();
    if server.checkers.len() != project.renderings.len() {
        server.checkers = project
            .renderings
            .iter()
            .map(|r| Checker::of(&project.source, &r.document, &r.beads))
            .collect();
    }
    let (reviewed, beads) = project.progress();
    let (undo, redo) = server.session.history();
    let mut out = Changed {
        revision: project.revision,
        reviewed,
        beads,
        undo,
        redo,
        reload: true,
        rendering: None,
        from: None,
        removed: None,
        inserted: Vec::new(),
        changed,
    };
    if let Some(&Change::Beads {
        rendering,
        from,
        removed,
        inserted,
    }) = change
    {
        let r = &project.renderings[rendering];
        let checker = &server.checkers[rendering];
        out.inserted = r.beads[from..from + inserted]
            .iter()
            .map(|b| bead_view(b, &checker.flags_of(&project.source, &r.document, b)))
            .collect();
        out.reload = false;
        out.rendering = Some(rendering);
        out.from = Some(from);
        out.removed = Some(removed);
    }
    axum::Json(out).into_response()
}

pub(super) async fn edit(State(app): State<App>, body: axum::body::Bytes) -> Response {
    let request: EditRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("not an edit: {e}")),
    };
    let mut server = app.server.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(r) = check_disk(&server) {
        return r.into_response();
    }
    let change = match server.session.apply(request.revision, &request.edit) {
        Ok(c) => c,
        Err(e) => return review_error(e),
    };
    if let Err(r) = persist(&mut server) {
        return r.into_response();
    }
    changed_json(&mut server, Some(&change), Vec::new())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionRequest {
    revision: u64,
}

fn revision_of(body: &[u8]) -> Result<u64, Refusal> {
    serde_json::from_slice::<RevisionRequest>(body)
        .map(|r| r.revision)
        .map_err(|e| {
            Refusal(
                StatusCode::BAD_REQUEST,
                format!("expected {{\"revision\": N}}: {e}"),
            )
        })
}

pub(super) async fn undo(State(app): State<App>, body: axum::body::Bytes) -> Response {
    history(app, &body, true)
}

pub(super) async fn redo(State(app): State<App>, body: axum::body::Bytes) -> Response {
    history(app, &body, false)
}

fn history(app: App, body: &[u8], back: bool) -> Response {
    let revision = match revision_of(body) {
        Ok(r) => r,
        Err(r) => return r.into_response(),
    };
    let mut server = app.server.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(r) = check_disk(&server) {
        return r.into_response();
    }
    let done = if back {
        server.session.undo(revision)
    } else {
        server.session.redo(revision)
    };
    match done {
        Ok(false) => refuse(
            StatusCode::CONFLICT,
            if back {
                "nothing to undo"
            } else {
                "nothing to redo"
            },
        ),
        Ok(true) => match persist(&mut server) {
            Ok(()) => changed_json(&mut server, None, Vec::new()),
            Err(r) => r.into_response(),
        },
        Err(e) => review_error(e),
    }
}

/// Aligns every rendering again around the reviewed beads
/// ([`Project::kept_for_realign`]) and answers which beads changed.
pub(super) async fn realign(State(app): State<App>, body: axum::body::Bytes) -> Response {
    let revision = match revision_of(&body) {
        Ok(r) => r,
        Err(r) => return r.into_response(),
    };
    let project = {
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(r) = check_disk(&server) {
            return r.into_response();
        }
        if let Err(e) = server.session.project().check_revision(revision) {
            return review_error(e);
        }
        server.session.project().clone()
    };
    let aligner = app.aligner.clone();
    let work = tokio::task::spawn_blocking(move || {
        let mut next = project.clone();
        let mut changed = Vec::new();
        for r in 0..project.renderings.len() {
            let kept = project.kept_for_realign(r);
            let Some(alignment) = project.alignment(r) else {
                continue;
            };
            let beads = aligner.align_around(&alignment, |k| kept[k]);
            let (with, new) = next.with_beads(r, beads);
            next = with;
            changed.push(new);
        }
        (next, changed)
    })
    .await;
    let Ok((next, changed)) = work else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "the re-alignment failed");
    };
    let mut server = app.server.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = server.session.replace(revision, next) {
        return review_error(e);
    }
    if let Err(r) = persist(&mut server) {
        return r.into_response();
    }
    changed_json(&mut server, None, changed)
}
