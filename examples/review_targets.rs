//! How fast the review workbench answers, as a markdown table: for each
//! document pair given, the time until the page in headless chromium shows
//! its beads, the median time of an edit (a merge, answered and saved), and
//! "re-align the rest" after one edit. Needs chromium and chromium-driver.
//!
//!   cargo run --release --example review_targets -- corpus/altman-baai-2023
//!   cargo run --release --example review_targets -- --presplit BOOK/src.txt BOOK/tgt.txt
//!
//! Each argument group (separated by `--next`) is passed to `bitext review`
//! as its inputs; the project file goes to a temporary folder.

use fantoccini::{ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn post(host: &str, token: &str, path: &str, body: &Value) -> (Duration, Value) {
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: bitext_token={token}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let start = Instant::now();
    let mut stream = TcpStream::connect(host).expect("the review server");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let took = start.elapsed();
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (took, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let groups: Vec<&[String]> = args.split(|a| a == "--next").collect();
    // target/release/examples/review_targets → target/release/bitext
    let bitext = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|p| p.parent())
        .unwrap()
        .join("bitext");
    assert!(
        bitext.exists(),
        "build the binary first: cargo build --release"
    );
    let driver_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut driver = Command::new("chromedriver")
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (apt-get install chromium-driver)");
    while TcpStream::connect(("127.0.0.1", driver_port)).is_err() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a chromium session");
    println!(
        "| inputs | beads | page ready | edit (median of 20) | re-align the rest after one edit |"
    );
    println!("|---|---|---|---|---|");
    for group in groups {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("targets.review.json");
        let mut server = Command::new(&bitext)
            .arg("review")
            .args(group)
            .arg("--project")
            .arg(&project)
            .args(["--no-open", "-q"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut url = String::new();
        BufReader::new(server.stdout.take().unwrap())
            .read_line(&mut url)
            .unwrap();
        let url = url.trim().to_string();
        let rest = url.trim_start_matches("http://");
        let (host, token) = rest.split_once("/?token=").unwrap();

        let start = Instant::now();
        client.goto(&url).await.unwrap();
        client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(".row"))
            .await
            .unwrap();
        let page = start.elapsed();
        let beads: usize = client
            .execute("return state.project.renderings[0].beads.length", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0) as usize;
        let mut revision = client
            .execute("return state.project.revision", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(0);

        let mut edits = Vec::new();
        for k in 0..20 {
            // Each merge leaves one bead fewer.
            let bead = (k * 37 + 11) % beads.saturating_sub(1 + k).max(1);
            let (took, reply) = post(
                host,
                token,
                "/api/edit",
                &json!({"revision": revision, "edit": {"op": "merge", "rendering": 0, "bead": bead}}),
            );
            revision = reply["revision"]
                .as_u64()
                .unwrap_or_else(|| panic!("an accepted edit, not {reply}"));
            edits.push(took);
        }
        let (_, reply) = post(
            host,
            token,
            "/api/edit",
            &json!({"revision": revision, "edit": {"op": "status", "rendering": 0, "bead": beads / 2, "status": "approved"}}),
        );
        revision = reply["revision"].as_u64().unwrap();
        let (realign, reply) = post(host, token, "/api/realign", &json!({"revision": revision}));
        assert!(reply["revision"].is_u64(), "{reply}");
        println!(
            "| {} | {beads} | {:.2} s | {:.1} ms | {:.2} s |",
            group.join(" "),
            page.as_secs_f64(),
            median(edits).as_secs_f64() * 1000.0,
            realign.as_secs_f64()
        );
        let _ = server.kill();
        let _ = server.wait();
    }
    let _ = client.close().await;
    let _ = driver.kill();
    let _ = driver.wait();
}
