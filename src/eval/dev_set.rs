//! Development sets with their gold beads, as alignments: a folder in
//! mac-dev's layout (`src/NAME` Chinese and `tgt/NAME` English, one
//! sentence a line, `gold/NAME.align` bead lines) and a corpus folder
//! (`zh.txt`, a rendering's `.txt` and `.align`, segmented as `bitext
//! align` does). The examples that fit, probe or measure on them all load
//! them here.

use crate::import::beads::read_beads;
use crate::model::{Alignment, Document, Lang};
use crate::segment::{presplit, segment};
use std::path::Path;

/// Every document of a presplit set, by name, with its gold beads; an
/// error (a message naming the file) when the folder or a file cannot be
/// read.
pub fn load_presplit_set(dir: &Path) -> Result<Vec<Alignment>, String> {
    let gold_dir = dir.join("gold");
    let entries =
        std::fs::read_dir(&gold_dir).map_err(|e| format!("{}: {e}", gold_dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".align")
                .map(String::from)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read = |side: &str| {
                let path = dir.join(side).join(&name);
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
            };
            let gold = gold_dir.join(format!("{name}.align"));
            let (src, tgt) = (read("src")?, read("tgt")?);
            Ok(Alignment {
                name: name.clone(),
                source: Document::new(name.clone(), "zh-CN", presplit(&src)),
                target: Document::new(name, "en-US", presplit(&tgt)),
                beads: read_beads(&gold)
                    .map_err(|e| format!("{}: {e}", gold.display()))?
                    .beads,
                learned: None,
            })
        })
        .collect()
}

/// A corpus rendering with its gold beads: `zh.txt` against
/// `{rendering}.txt`, both segmented as `bitext align` does, and
/// `{rendering}.align`.
pub fn load_corpus_gold(dir: &Path, rendering: &str) -> Result<Alignment, String> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let gold = dir.join(format!("{rendering}.align"));
    Ok(Alignment {
        name: rendering.to_string(),
        source: Document::new("zh.txt", "zh-CN", segment(&read("zh.txt")?, Lang::Zh)),
        target: Document::new(
            format!("{rendering}.txt"),
            "en-US",
            segment(&read(&format!("{rendering}.txt"))?, Lang::En),
        ),
        beads: read_beads(&gold)
            .map_err(|e| format!("{}: {e}", gold.display()))?
            .beads,
        learned: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_shipped_corpus_and_a_presplit_folder() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/altman-baai-2023");
        let en = load_corpus_gold(&corpus, "en").unwrap();
        assert!(en.beads.len() > 100 && en.source.len() > 100);
        let dir = tempfile::tempdir().unwrap();
        for side in ["src", "tgt", "gold"] {
            std::fs::create_dir(dir.path().join(side)).unwrap();
        }
        std::fs::write(dir.path().join("src/a"), "一。\n二。\n").unwrap();
        std::fs::write(dir.path().join("tgt/a"), "One and two.\n").unwrap();
        std::fs::write(dir.path().join("gold/a.align"), "[0,1]:[0]\n").unwrap();
        let set = load_presplit_set(dir.path()).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!((set[0].source.len(), set[0].beads[0].source.len()), (2, 2));
        let missing = load_presplit_set(&dir.path().join("none")).unwrap_err();
        assert!(missing.contains("none/gold"), "{missing}");
    }
}
