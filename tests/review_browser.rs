//! The review page end to end in a real headless browser (Debian's chromium
//! driven through chromium-driver with fantoccini): open the corpus, merge
//! two beads, move a sentence, approve a bead, re-align the rest, reload and
//! find the same state, once with the keyboard and once with the mouse.
//! Like every `tool_` test it fails when the tool is missing.

mod common;

use bitext::model::Status;
use bitext::review::project::Project;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The corpus in a temporary folder, a review of it, and its address.
fn review(dir: &Path) -> (Killed, String, PathBuf) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023");
    let to = dir.join("altman-baai-2023");
    std::fs::create_dir_all(&to).unwrap();
    for f in ["zh.txt", "en.txt", "en-free.txt"] {
        std::fs::copy(corpus.join(f), to.join(f)).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args([
            "review",
            "altman-baai-2023",
            "--no-open",
            "-q",
            "--scorer",
            "classic",
        ])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    (
        Killed(child),
        url.trim().to_string(),
        to.join("altman-baai-2023.review.json"),
    )
}

async fn browser() -> (Killed, Client) {
    let present = common::starts("chromedriver", "--version");
    common::require_tool(
        present,
        "chromedriver",
        "apt-get install chromium chromium-driver",
    );
    let port = free_port();
    let driver = Killed(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]}),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a chromium session");
    (driver, client)
}

fn saved(path: &Path) -> Project {
    Project::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Waits until the saved project is at `revision`.
async fn saved_at(path: &Path, revision: u64) -> Project {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let p = saved(path);
        if p.revision >= revision {
            return p;
        }
        assert!(
            Instant::now() < deadline,
            "the page's edit {revision} never reached the project file"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn keys(client: &Client, text: &str) {
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".row"))
        .await
        .unwrap();
}

fn shapes(p: &Project) -> Vec<(Vec<usize>, Vec<usize>, Status)> {
    p.renderings[0]
        .beads
        .iter()
        .map(|b| (b.source.clone(), b.target.clone(), b.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tool_chromium_reviews_with_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, url, project) = review(dir.path());
    let (_driver, client) = browser().await;
    open(&client, &url).await;
    let start = saved(&project);

    // Bead 2 selected (j), merged with bead 3 (m).
    keys(&client, "j").await;
    keys(&client, "m").await;
    let p = saved_at(&project, 1).await;
    let (b1, b2) = (&start.renderings[0].beads[1], &start.renderings[0].beads[2]);
    let merged = &p.renderings[0].beads[1];
    assert_eq!(
        merged.source,
        [b1.source.clone(), b2.source.clone()].concat()
    );
    assert_eq!(
        merged.target,
        [b1.target.clone(), b2.target.clone()].concat()
    );
    // Its last target sentence moved to the next bead (]… for the target: }).
    keys(&client, "}").await;
    let p = saved_at(&project, 2).await;
    assert_eq!(
        p.renderings[0].beads[1].target.len(),
        merged.target.len() - 1
    );
    // The next bead approved (j, a), then the rest re-aligned (Shift+R).
    keys(&client, "j").await;
    keys(&client, "a").await;
    let p = saved_at(&project, 3).await;
    assert_eq!(p.renderings[0].beads[2].status, Status::Approved);
    keys(&client, "R").await;
    let after = saved_at(&project, 4).await;
    after.check().unwrap();
    assert!(
        after.renderings[0]
            .beads
            .contains(&p.renderings[0].beads[2])
    );
    // Undo and redo the re-alignment.
    keys(&client, "u").await;
    saved_at(&project, 5).await;
    keys(&client, "U").await;
    let again = saved_at(&project, 6).await;
    assert_eq!(shapes(&again), shapes(&after));

    // Reloaded, the page shows the saved state.
    client.refresh().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".row"))
        .await
        .unwrap();
    let progress = client
        .find(Locator::Id("progress-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (reviewed, total) = again.progress();
    assert_eq!(progress, format!("{reviewed} of {total} reviewed"));
    let first = client
        .find(Locator::Css(".row.approved"))
        .await
        .unwrap()
        .attr("data-bead")
        .await
        .unwrap();
    let k: usize = first.unwrap().parse().unwrap();
    assert_eq!(again.renderings[0].beads[k].status, Status::Approved);

    // `/` finds text: only beads that hold it are shown; Escape clears.
    keys(&client, "/").await;
    keys(&client, "GPT").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rows = client.find_all(Locator::Css(".row")).await.unwrap();
    assert!(!rows.is_empty());
    let mut shown = Vec::new();
    for row in &rows {
        let text = row.text().await.unwrap();
        assert!(text.contains("GPT"), "a row without GPT: {text}");
        shown.push(row.attr("data-bead").await.unwrap().unwrap());
    }
    assert_ne!(shown[0], "0", "the first bead does not mention GPT");
    keys(&client, "\u{e00c}").await; // Escape
    tokio::time::sleep(Duration::from_millis(300)).await;
    let first = client
        .find(Locator::Css(".row"))
        .await
        .unwrap()
        .attr("data-bead")
        .await
        .unwrap();
    assert_eq!(first.as_deref(), Some("0"));
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn tool_chromium_reviews_with_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, url, project) = review(dir.path());
    let (_driver, client) = browser().await;
    open(&client, &url).await;
    let start = saved(&project);
    // The page redraws its rows after every answer: an element found just
    // before a redraw is stale, so find it again.
    let click = |css: String| {
        let client = client.clone();
        async move {
            for attempt in 0.. {
                let found = client.find(Locator::Css(&css)).await;
                match found {
                    Ok(element) => match element.click().await {
                        Ok(()) => return,
                        Err(e) if attempt < 20 => {
                            let _ = e;
                        }
                        Err(e) => panic!("{css}: {e}"),
                    },
                    Err(e) if attempt >= 20 => panic!("{css}: {e}"),
                    Err(_) => {}
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    // Select bead 4, merge it with bead 5.
    click(".row[data-bead=\"3\"] .sentence".into()).await;
    click(".row[data-bead=\"3\"] button[data-act=\"merge\"]".into()).await;
    let p = saved_at(&project, 1).await;
    assert_eq!(
        p.renderings[0].beads[3].source,
        [
            start.renderings[0].beads[3].source.clone(),
            start.renderings[0].beads[4].source.clone()
        ]
        .concat()
    );
    // Move its first source sentence up, approve bead 6, re-align.
    click(".row[data-bead=\"3\"] button[data-act=\"src-up\"]".into()).await;
    saved_at(&project, 2).await;
    click(".row[data-bead=\"5\"] .sentence".into()).await;
    click(".row[data-bead=\"5\"] button[data-act=\"approve\"]".into()).await;
    let p = saved_at(&project, 3).await;
    assert_eq!(p.renderings[0].beads[5].status, Status::Approved);
    click("#realign".into()).await;
    let after = saved_at(&project, 4).await;
    after.check().unwrap();
    assert!(
        after.renderings[0]
            .beads
            .contains(&p.renderings[0].beads[5])
    );
    let message = client
        .wait()
        .for_element(Locator::Css("#message.info"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.starts_with("re-aligned"), "{message}");
    // Reload: the same beads.
    client.refresh().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css(".row"))
        .await
        .unwrap();
    let rows = client.find_all(Locator::Css(".row")).await.unwrap();
    assert!(!rows.is_empty());
    assert_eq!(saved(&project), after);
    client.close().await.unwrap();
}
