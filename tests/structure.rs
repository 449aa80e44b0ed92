//! Structure as evidence, end to end: two Markdown documents with chapters,
//! one chapter's body untranslated. Headings stand in beads of their own,
//! no bead runs over a matched chapter heading, the untranslated body is
//! left unaligned, and the JSON and the review page say what structure was
//! read.

use assert_cmd::Command;

const ZH: &str = "# 第一章 出发\n\n他在清晨离开了家。她站在门口看着他远去。雨一直下个不停。\n\n# 第二章 归来\n\n三年以后他回来了。村子已经完全变了样。\n\n# 第三章\n\n结束。\n";
const EN: &str = "# Chapter One: Departure\n\nHe left home in the early morning. She stood at the door and watched him go. The rain would not stop.\n\n# Chapter Two: Return\n\n# Chapter Three\n\nThe end.\n";

fn align(dir: &std::path::Path, format: &str) -> Vec<u8> {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "align", "-q", "--scorer", "classic", "-f", format, "-o", "-",
        ])
        .arg(dir.join("zh.md"))
        .arg(dir.join("en.md"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn chapters_bound_the_beads_and_the_structure_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zh.md"), ZH).unwrap();
    std::fs::write(dir.path().join("en.md"), EN).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&align(dir.path(), "json")).unwrap();
    let chapter = |side: &str| -> Vec<usize> {
        let mut k = 0;
        json[side]["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                if s["kind"] == "heading" {
                    k += 1;
                }
                k
            })
            .collect()
    };
    let (zh, en) = (chapter("source"), chapter("target"));
    let heading = |side: &str, id: u64| json[side]["segments"][id as usize]["kind"] == "heading";
    for bead in json["beads"].as_array().unwrap() {
        let ids = |side: &str| -> Vec<u64> {
            bead[side]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect()
        };
        let (s, t) = (ids("source"), ids("target"));
        // A heading is never merged with a sentence of its side.
        for (side, ids) in [("source", &s), ("target", &t)] {
            let headings = ids.iter().filter(|&&id| heading(side, id)).count();
            assert!(headings == 0 || headings == ids.len(), "{bead}");
        }
        // Both sides of a bead are in the same chapter.
        let chapters: std::collections::BTreeSet<usize> = s
            .iter()
            .map(|&id| zh[id as usize])
            .chain(t.iter().map(|&id| en[id as usize]))
            .collect();
        assert_eq!(chapters.len(), 1, "{bead}");
    }
    // Chapter two's body (source sentences 5 and 6) has no translation.
    let beads: Vec<String> = json["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}:{}", b["source"], b["target"]))
        .collect();
    assert!(
        beads.contains(&"[5]:[]".to_string()) && beads.contains(&"[6]:[]".to_string()),
        "{beads:?}"
    );
    assert_eq!(json["source"]["structure"]["format"], "markdown");
    assert_eq!(json["source"]["structure"]["headings"], 3);
    assert_eq!(json["target"]["structure"]["chapters"], 3);
    assert_eq!(json["target"]["structure"]["paragraphs"], 2);
    let html = String::from_utf8(align(dir.path(), "html")).unwrap();
    assert!(
        html.contains(
            "Structure read: source MARKDOWN: 3 headings (3 at the top level), 3 paragraphs"
        ),
        "{html}"
    );
}
