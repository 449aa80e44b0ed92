//! `bitext review`'s web server, tested against the real binary on
//! 127.0.0.1 with the shipped corpus in a temporary folder: every edit kind,
//! refused and stale edits, undo and redo, re-aligning the rest, exports,
//! reopening the saved project, and the security checks (token, Host,
//! Origin, paths, body size, malformed bodies). Requests are written by hand
//! over a TCP socket so that the tests can send what a browser never would.

use bitext::review::project::Project;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `bitext review`, stopped when dropped.
struct Review {
    child: Child,
    host: String,
    token: String,
    project: PathBuf,
    dir: Option<tempfile::TempDir>,
}

impl Drop for Review {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023");
    let to = dir.path().join("altman-baai-2023");
    std::fs::create_dir(&to).unwrap();
    for f in ["zh.txt", "en.txt", "en-free.txt"] {
        std::fs::copy(corpus.join(f), to.join(f)).unwrap();
    }
    dir
}

fn start_in(dir: tempfile::TempDir, args: &[&str]) -> Review {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("review")
        .args(args)
        .args(["--no-open", "-q"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim();
    let rest = url.strip_prefix("http://").expect(url);
    let (host, token) = rest.split_once("/?token=").expect(url);
    Review {
        child,
        host: host.to_string(),
        token: token.to_string(),
        project: dir
            .path()
            .join("altman-baai-2023/altman-baai-2023.review.json"),
        dir: Some(dir),
    }
}

fn start() -> Review {
    start_in(corpus_copy(), &["altman-baai-2023", "--scorer", "classic"])
}

/// One HTTP/1.1 request; the status and the body.
fn raw(host: &str, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(host).unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

impl Review {
    /// Stops the server (as Ctrl-C would, once the last answer is out) and
    /// gives back its folder.
    fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.dir.take().unwrap()
    }

    fn send(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &str) -> (u16, String) {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("cookie")) {
            head.push_str(&format!("Cookie: bitext_token={}\r\n", self.token));
        }
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        raw(&self.host, &bytes)
    }

    fn get(&self, path: &str) -> Value {
        let (status, body) = self.send("GET", path, &[], "");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let (status, text) = self.send("POST", path, &[], &body.to_string());
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    fn edit(&self, revision: u64, edit: Value) -> (u16, Value) {
        self.post("/api/edit", json!({ "revision": revision, "edit": edit }))
    }

    fn saved(&self) -> Project {
        Project::from_json(&std::fs::read_to_string(&self.project).unwrap()).unwrap()
    }
}

fn shape(bead: &Value) -> (Vec<u64>, Vec<u64>) {
    let ids = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    };
    (ids(&bead["source"]), ids(&bead["target"]))
}

#[test]
fn every_edit_kind_is_checked_applied_and_saved() {
    let review = start();
    let state = review.get("/api/project");
    assert_eq!(state["revision"], 0);
    assert_eq!(state["renderings"].as_array().unwrap().len(), 2);
    let beads = state["renderings"][0]["beads"].as_array().unwrap().clone();
    let (s1, t1) = shape(&beads[1]);

    // Merge beads 1 and 2.
    let (status, reply) = review.edit(0, json!({"op": "merge", "rendering": 0, "bead": 1}));
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["revision"], 1);
    assert_eq!(reply["removed"], 2);
    let merged = shape(&reply["inserted"][0]);
    assert_eq!(merged.0[0], s1[0]);
    assert_eq!(reply["inserted"][0]["status"], "approved");
    assert_eq!(review.saved().revision, 1);

    // Split it back where it was.
    let (status, reply) = review.edit(
        1,
        json!({"op": "split", "rendering": 0, "bead": 1, "source": s1.len(), "target": t1.len()}),
    );
    assert_eq!(status, 200, "{reply}");
    assert_eq!(shape(&reply["inserted"][0]), (s1.clone(), t1.clone()));

    // Move the last target sentence of bead 3 to bead 4, and back.
    for (revision, bead, end) in [(2, 3, "last"), (3, 4, "first")] {
        let (status, reply) = review.edit(
            revision,
            json!({"op": "move", "rendering": 0, "bead": bead, "side": "target", "end": end}),
        );
        assert_eq!(status, 200, "{reply}");
    }
    let saved = review.saved();
    assert_eq!(saved.revision, 4);
    saved.check().unwrap();

    // Status and note.
    let (status, _) = review.edit(
        4,
        json!({"op": "status", "rendering": 1, "bead": 0, "status": "rejected"}),
    );
    assert_eq!(status, 200);
    let (status, _) = review.edit(
        5,
        json!({"op": "note", "rendering": 1, "bead": 0, "note": "names differ"}),
    );
    assert_eq!(status, 200);
    let saved = review.saved();
    assert_eq!(saved.renderings[1].beads[0].note, "names differ");
    assert_eq!(saved.renderings[1].beads[0].status.as_str(), "rejected");

    // Cut a source sentence in two, then join it again: the text is kept.
    let before = saved.source.segments[2].text.clone();
    let n = saved.source.len();
    let (status, reply) = review.edit(
        6,
        json!({"op": "split_segment", "side": "source", "rendering": 0, "segment": 2, "at": 10}),
    );
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["reload"], true);
    let saved = review.saved();
    assert_eq!(saved.source.len(), n + 1);
    assert_eq!(
        format!(
            "{}{}",
            saved.source.segments[2].text, saved.source.segments[3].text
        ),
        before.replace(' ', "")
    );
    let (status, reply) = review.edit(
        7,
        json!({"op": "join_segments", "side": "source", "rendering": 0, "segment": 2}),
    );
    assert_eq!(status, 200, "{reply}");
    let saved = review.saved();
    assert_eq!(saved.source.segments[2].text, before);
    saved.check().unwrap();

    // What the page is served is what was saved.
    let state = review.get("/api/project");
    assert_eq!(state["revision"], 8);
    assert_eq!(
        state["renderings"][0]["beads"].as_array().unwrap().len(),
        saved.renderings[0].beads.len()
    );
}

#[test]
fn refused_and_stale_edits_change_nothing() {
    let review = start();
    let before = std::fs::read_to_string(&review.project).unwrap();
    for edit in [
        json!({"op": "merge", "rendering": 0, "bead": 100000}),
        json!({"op": "merge", "rendering": 7, "bead": 0}),
        json!({"op": "split", "rendering": 0, "bead": 0, "source": 0, "target": 0}),
        json!({"op": "move", "rendering": 0, "bead": 0, "side": "source", "end": "first"}),
        json!({"op": "join_segments", "side": "target", "rendering": 0, "segment": 100000}),
        json!({"op": "split_segment", "side": "source", "rendering": 0, "segment": 0, "at": 0}),
    ] {
        let (status, reply) = review.edit(0, edit.clone());
        assert_eq!(status, 422, "{edit}: {reply}");
        assert!(reply["error"].as_str().unwrap().len() > 10, "{reply}");
    }
    // Malformed: not JSON, an unknown edit, a missing field.
    for body in [
        "{\"revision\": 0, \"edit\": ",
        "{\"revision\": 0, \"edit\": {\"op\": \"explode\"}}",
        "{\"edit\": {\"op\": \"merge\", \"rendering\": 0, \"bead\": 0}}",
        "[]",
    ] {
        let (status, text) = review.send("POST", "/api/edit", &[], body);
        assert_eq!(status, 400, "{body}: {text}");
    }
    assert_eq!(std::fs::read_to_string(&review.project).unwrap(), before);

    // A page that loaded revision 0 cannot write over revision 1.
    let (status, _) = review.edit(0, json!({"op": "merge", "rendering": 0, "bead": 0}));
    assert_eq!(status, 200);
    let (status, reply) = review.edit(0, json!({"op": "merge", "rendering": 0, "bead": 0}));
    assert_eq!(status, 409, "{reply}");
    assert!(reply["error"].as_str().unwrap().contains("reload"));

    // Another program writes the project: this server refuses to write
    // over it, and serves the new file on the next load.
    let mut theirs = review.saved();
    theirs.renderings[0].beads[5].note = "written elsewhere".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&review.project, theirs.to_json()).unwrap();
    let (status, reply) = review.edit(1, json!({"op": "merge", "rendering": 0, "bead": 3}));
    assert_eq!(status, 409, "{reply}");
    assert_eq!(
        review.saved().renderings[0].beads[5].note,
        "written elsewhere"
    );
    let state = review.get("/api/project");
    assert_eq!(
        state["renderings"][0]["beads"][5]["note"],
        "written elsewhere"
    );
}

#[test]
fn undo_redo_realign_export_and_reopen() {
    let review = start();
    let first = review.get("/api/project")["renderings"][0]["beads"][0].clone();
    review.edit(0, json!({"op": "merge", "rendering": 0, "bead": 0}));
    let (status, reply) = review.post("/api/undo", json!({"revision": 1}));
    assert_eq!(status, 200, "{reply}");
    let state = review.get("/api/project");
    assert_eq!(
        state["renderings"][0]["beads"][0]["source"],
        first["source"]
    );
    let (status, _) = review.post("/api/redo", json!({"revision": 2}));
    assert_eq!(status, 200);
    let (status, reply) = review.post("/api/redo", json!({"revision": 3}));
    assert_eq!(status, 409, "{reply}");

    // Move a sentence so that bead 10 is wrong on purpose, approve bead
    // 11, and align the rest again: the approved bead stays; bead 10's
    // neighbourhood is searched again.
    let (status, _) = review.edit(
        3,
        json!({"op": "move", "rendering": 0, "bead": 10, "side": "target", "end": "last"}),
    );
    assert_eq!(status, 200);
    let approved = review.saved().renderings[0].beads[11].clone();
    let (status, reply) = review.post("/api/realign", json!({"revision": 4}));
    assert_eq!(status, 200, "{reply}");
    let saved = review.saved();
    saved.check().unwrap();
    assert!(saved.renderings[0].beads.contains(&approved));

    // Exports from the page.
    let (status, tmx) = review.send("GET", "/api/export?format=tmx&rendering=1", &[], "");
    assert_eq!(status, 200);
    assert!(tmx.contains("<tmx version=\"1.4\">"));
    let (status, csv) = review.send("GET", "/api/export?format=csv", &[], "");
    assert_eq!(status, 200);
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains(",target_en,") && header.contains(",target_en-free,"),
        "{header}"
    );
    let (status, _) = review.send("GET", "/api/export?format=pdf", &[], "");
    assert_eq!(status, 400);

    // Stop and reopen: the same review comes back.
    let revision = saved.revision;
    let dir = review.stop();
    let again = start_in(dir, &["altman-baai-2023", "--scorer", "classic"]);
    let state = again.get("/api/project");
    assert_eq!(state["revision"], revision);
    assert_eq!(again.saved(), saved);
}

#[test]
fn requests_without_the_token_or_from_elsewhere_are_refused() {
    let review = start();
    let none = [("Cookie", "other=1")];
    assert_eq!(review.send("GET", "/api/project", &none, "").0, 401);
    let wrong = [("Cookie", "bitext_token=0000")];
    assert_eq!(review.send("GET", "/api/project", &wrong, "").0, 401);
    let (status, _) = review.send("GET", &format!("/?token={}", review.token), &none, "");
    assert_eq!(status, 303);
    // A foreign Origin (a page elsewhere posting to us) and a foreign Host
    // (DNS rebinding).
    let origin = [("Origin", "http://evil.example")];
    let (status, _) = review.send(
        "POST",
        "/api/edit",
        &origin,
        "{\"revision\":0,\"edit\":{\"op\":\"merge\",\"rendering\":0,\"bead\":0}}",
    );
    assert_eq!(status, 403);
    let request = format!(
        "GET /api/project HTTP/1.1\r\nHost: evil.example\r\nCookie: bitext_token={}\r\nConnection: close\r\n\r\n",
        review.token
    );
    assert_eq!(raw(&review.host, request.as_bytes()).0, 403);
    // Paths outside the page are not files.
    for path in [
        "/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/api/../Cargo.toml",
        "/zh.txt",
    ] {
        let (status, body) = review.send("GET", path, &[], "");
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!body.contains("root:"), "{path}");
    }
    // Oversized bodies.
    let big = "x".repeat(2 << 20);
    assert_eq!(review.send("POST", "/api/edit", &[], &big).0, 413);
    assert_eq!(review.saved().revision, 0);
    // The page and its assets.
    for path in ["/", "/review.js", "/review.css"] {
        assert_eq!(review.send("GET", path, &[], "").0, 200, "{path}");
    }
}

#[test]
fn a_reviewed_xlsx_opens_and_segment_edits_export_as_rules() {
    let dir = corpus_copy();
    let xlsx = dir.path().join("reviewed.xlsx");
    let status = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(["align", "-q", "--scorer", "classic", "-f", "xlsx", "-o"])
        .arg(&xlsx)
        .arg(dir.path().join("altman-baai-2023/zh.txt"))
        .arg(dir.path().join("altman-baai-2023/en.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut review = start_in(dir, &["reviewed.xlsx"]);
    review.project = review
        .dir
        .as_ref()
        .unwrap()
        .path()
        .join("reviewed.review.json");
    let state = review.get("/api/project");
    let beads = state["renderings"][0]["beads"].as_array().unwrap();
    assert!(beads.len() > 100, "{}", beads.len());
    // Split target sentence 0 after its first word: a `split` rule.
    let (status, reply) = review.edit(
        0,
        json!({"op": "split_segment", "side": "target", "rendering": 0, "segment": 0, "at": 5}),
    );
    assert_eq!(status, 200, "{reply}");
    let saved = review.saved();
    assert_eq!(saved.rules_of(0).rules.len(), 1);
    let (status, rules) = review.send("GET", "/api/export?format=rules", &[], "");
    assert_eq!(status, 200);
    let line = rules.lines().find(|l| !l.starts_with('#')).unwrap();
    assert!(line.starts_with("en split "), "{rules}");
    bitext::segment::SegmentRules::parse(&rules, "exported").unwrap();
    let (status, body) = review.send("GET", "/api/export?format=xlsx", &[], "");
    assert_eq!(status, 200);
    assert!(body.starts_with("PK"), "an XLSX is a zip archive");
    let (status, body) = review.send("GET", "/api/export?format=epub&rendering=0", &[], "");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.starts_with("PK") && body.contains("application/epub+zip"),
        "an EPUB book"
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly_with_the_review_saved() {
    let mut review = start();
    let (status, _) = review.edit(
        0,
        json!({"op": "status", "rendering": 0, "bead": 3, "status": "approved"}),
    );
    assert_eq!(status, 200);
    let pid = review.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = review.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after SIGINT"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    let saved = review.saved();
    assert_eq!(saved.revision, 1);
    assert_eq!(
        saved.renderings[0].beads[3].status,
        bitext::model::Status::Approved
    );
}
