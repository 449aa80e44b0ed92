//! The review page's web server (axum on tokio): the page and its assets,
//! built into the binary; the project as JSON; edits, undo, redo, "align
//! the rest again" and exports. Every change is saved to the project file
//! before it is answered.
//!
//! Security: it listens on 127.0.0.1 unless told otherwise; every request
//! needs the session's secret token (in the printed address, then a
//! cookie); a request whose `Host` is not this server or whose `Origin` is
//! another site is refused; bodies over [`BODY_LIMIT`] are refused; no
//! file is served or written but the built-in assets and the project file.

use super::save;
use crate::config::ReviewConfig;
use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bitext::align::Aligner;
use bitext::export::{self, ExportOptions, Format};
use bitext::model::{Alignment, Bead, Document};
use bitext::review::flags::{Checker, Flag};
use bitext::review::project::{Change, Edit, Project, ReviewError, Session};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// The largest request body accepted (an edit is a few hundred bytes).
const BODY_LIMIT: usize = 1 << 20;

const PAGE: &str = include_str!("../../../assets/review/index.html");
const SCRIPT: &str = include_str!("../../../assets/review/review.js");
const STYLE: &str = include_str!("../../../assets/review/review.css");

const COOKIE: &str = "bitext_token";

/// The server's state: the session, where it is saved, and what guards it.
struct Server {
    session: Session,
    path: PathBuf,
    /// The project file's modification time and length when this server
    /// last read or wrote it: another value means someone else wrote it.
    stamp: Option<(SystemTime, u64)>,
    token: String,
    /// `Host` values this server answers to.
    hosts: Vec<String>,
    /// Each rendering's flag checks (document-wide figures), computed when
    /// the page loads the project and kept for the beads an edit changes.
    checkers: Vec<Checker>,
}

type Shared = Arc<Mutex<Server>>;

#[derive(Clone)]
struct App {
    server: Shared,
    aligner: Arc<Aligner>,
}

/// Serves the review until Ctrl-C.
pub(super) fn serve(
    c: &ReviewConfig,
    project: Project,
    path: PathBuf,
    aligner: Aligner,
    quiet: bool,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the web server's runtime")?;
    runtime.block_on(serve_async(c, project, path, aligner, quiet))
}

async fn serve_async(
    c: &ReviewConfig,
    project: Project,
    path: PathBuf,
    aligner: Aligner,
    quiet: bool,
) -> Result<()> {
    let address = SocketAddr::new(c.listen, c.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    let port = listener.local_addr()?.port();
    if !c.listen.is_loopback() && !quiet {
        eprintln!(
            "bitext: warning: listening on {} lets other machines reach this review (they need the token in the address)",
            c.listen
        );
    }
    let token = new_token()?;
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let shown = match c.listen {
        std::net::IpAddr::V6(ip) if !ip.is_unspecified() => format!("[{ip}]:{port}"),
        ip if !ip.is_unspecified() => format!("{ip}:{port}"),
        _ => format!("127.0.0.1:{port}"),
    };
    if !hosts.contains(&shown) {
        hosts.push(shown.clone());
    }
    let url = format!("http://{shown}/?token={token}");
    let stamp = stamp_of(&path);
    let app = App {
        server: Arc::new(Mutex::new(Server {
            session: Session::new(project),
            path: path.clone(),
            stamp,
            token,
            hosts,
            checkers: Vec::new(),
        })),
        aligner: Arc::new(aligner),
    };
    let router = Router::new()
        .route("/", get(page))
        .route("/review.js", get(script))
        .route("/review.css", get(style))
        .route("/api/project", get(project_view))
        .route("/api/edit", post(edit))
        .route("/api/undo", post(undo))
        .route("/api/redo", post(redo))
        .route("/api/realign", post(realign))
        .route("/api/export", get(export_file))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{url}")?;
        out.flush()?;
    }
    if !quiet {
        eprintln!(
            "reviewing {} at the address above; Ctrl-C stops (every edit is saved as it is made)",
            path.display()
        );
    }
    if c.open {
        open_browser(&url);
    }
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the web server stopped")?;
    if !quiet {
        eprintln!("stopped; the review is saved in {}", path.display());
    }
    Ok(())
}

/// 128 random bits in hex.
fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Opens `url` in the user's browser (`$BROWSER`, else the desktop's
/// opener); the address is printed anyway, so a failure is not an error.
fn open_browser(url: &str) {
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let program = browser.unwrap_or_else(|| opener.to_string());
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn stamp_of(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// A refusal with a one-line message.
fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    Refusal(status, message.into()).into_response()
}

/// A request refused: its status and a one-line message, answered as
/// `{"error": message}`.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
        }
        (self.0, axum::Json(Body { error: self.1 })).into_response()
    }
}

/// Checks `Host`, `Origin` and the token of every request; a page load
/// with `?token=` gets the token as a cookie and is sent to the page
/// without it.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let (token, hosts) = {
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        (server.token.clone(), server.hosts.clone())
    };
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hosts.iter().any(|h| h == host) {
        return refuse(
            StatusCode::FORBIDDEN,
            format!("this review answers to {} only", hosts[0]),
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !hosts.iter().any(|h| origin == format!("http://{h}")) {
            return refuse(
                StatusCode::FORBIDDEN,
                "requests from other sites are refused",
            );
        }
    }
    let query_token = request.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(str::to_string)
    });
    let cookie_token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            kv.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        });
    let header_token = headers
        .get("x-bitext-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let given = [&query_token, &cookie_token, &header_token];
    if !given.iter().any(|t| t.as_deref() == Some(token.as_str())) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "this review needs its token: open the address bitext printed",
        );
    }
    if request.uri().path() == "/" && query_token.is_some() {
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
        if let Ok(cookie) = HeaderValue::from_str(&format!(
            "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        )) {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
        }
        return response;
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn not_found() -> Response {
    refuse(StatusCode::NOT_FOUND, "no such page")
}

async fn page() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

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
    match super::read_project(&server.path) {
        Ok(project) => {
            server.session = Session::new(project);
            server.stamp = now;
            Ok(())
        }
        Err(e) => Err(Refusal(StatusCode::CONFLICT, format!("{e:#}"))),
    }
}

async fn project_view(State(app): State<App>) -> Response {
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

async fn edit(State(app): State<App>, body: axum::body::Bytes) -> Response {
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

async fn undo(State(app): State<App>, body: axum::body::Bytes) -> Response {
    history(app, &body, true)
}

async fn redo(State(app): State<App>, body: axum::body::Bytes) -> Response {
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
async fn realign(State(app): State<App>, body: axum::body::Bytes) -> Response {
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

#[derive(Deserialize)]
struct ExportQuery {
    format: String,
    /// A rendering's number, or absent for all of them joined (csv, html,
    /// docx) or the only one.
    rendering: Option<usize>,
    /// The page sends its token here too; the guard has checked it.
    #[allow(dead_code)]
    token: Option<String>,
}

async fn export_file(State(app): State<App>, Query(q): Query<ExportQuery>) -> Response {
    if q.format == "rules" {
        // The segmentation exceptions, as a `--segment-rules` file.
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        let project = server.session.project();
        let mut rules = project.source_rules.clone();
        for r in 0..project.renderings.len() {
            if q.rendering.is_none_or(|k| k == r) {
                rules = rules.merged(&project.rules_of(r));
            }
        }
        let text = format!(
            "# segmentation exceptions of {} (bitext review); use with --segment-rules\n{}",
            project.name,
            rules.to_file_text()
        );
        return attachment(&format!("{}.rules", project.name), false, text.into_bytes());
    }
    let Some(format) = Format::from_name(&q.format) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            format!("unknown format `{}`", q.format),
        );
    };
    let project = {
        let server = app.server.lock().unwrap_or_else(|e| e.into_inner());
        server.session.project().clone()
    };
    let options = ExportOptions {
        creation_date: crate::commands::creation_date()
            .unwrap_or_else(|_| "19700101T000000Z".into()),
        ..ExportOptions::default()
    };
    let several = project.renderings.len() > 1;
    let mut buffer = Vec::new();
    let name = match (q.rendering, several) {
        (None, true) => {
            // Joined, each rendering goes by its own name.
            let named = project
                .alignments()
                .into_iter()
                .zip(&project.renderings)
                .map(|(a, r)| Alignment {
                    name: r.name.clone(),
                    ..a
                })
                .collect();
            let multi =
                bitext::review::renderings::MultiAlignment::join(project.name.clone(), named);
            let written = match format {
                Format::Html => export::multi::write_html(&multi, true, &mut buffer),
                Format::Docx => export::multi::write_docx(&multi, &options, &mut buffer),
                Format::Csv => export::multi::write_csv(&multi, &mut buffer),
                Format::Xlsx => export::multi::write_xlsx(&multi, &options, &mut buffer),
                _ => {
                    return refuse(
                        StatusCode::BAD_REQUEST,
                        format!("{} is written per rendering: choose one", format.name()),
                    );
                }
            };
            if let Err(e) = written {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
            }
            format!("{}.{}", project.name, format.extension())
        }
        (r, _) => {
            let r = r.unwrap_or(0);
            let Some(alignment) = project.alignment(r) else {
                return refuse(StatusCode::NOT_FOUND, format!("there is no rendering {r}"));
            };
            match export::to_bytes(format, &alignment, &options) {
                Ok((bytes, _)) => buffer = bytes,
                Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
            let suffix = if several {
                format!(".{}", project.renderings[r].name)
            } else {
                String::new()
            };
            format!("{}{suffix}.{}", project.name, format.extension())
        }
    };
    attachment(&name, format.is_binary(), buffer)
}

/// A download named `name` (made safe for a file name).
fn attachment(name: &str, binary: bool, bytes: Vec<u8>) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if binary {
            "application/octet-stream"
        } else {
            "text/plain; charset=utf-8"
        }),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, Body::from(bytes)).into_response()
}
