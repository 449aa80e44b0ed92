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

mod api;
mod download;

use api::{edit, project_view, realign, redo, undo};
use download::export_file;

/// The largest request body accepted (an edit is a few hundred bytes).
const BODY_LIMIT: usize = 1 << 20;

const PAGE: &str = include_str!("../../../../assets/review/index.html");
const SCRIPT: &str = include_str!("../../../../assets/review/review.js");
const STYLE: &str = include_str!("../../../../assets/review/review.css");

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

/// Long because it builds the router, binds, prints the address and token, and
/// waits for the shutdown signal: the server's whole life in order.
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
