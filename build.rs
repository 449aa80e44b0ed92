//! Precomputes the built-in Chinese→English lexicon from the CC-CEDICT file
//! in `data/`, so that the program embeds a compact table that needs no
//! parsing at run time (see `src/lexicon/dict.rs` for the reader).
//!
//! The glosses are cleaned and lemmatized by the very code the library uses
//! for English text (`src/lexicon/morph/`, `src/lexicon/gloss.rs`, compiled
//! in here by `#[path]`), so dictionary words and text words agree.
//!
//! Table layout (all integers u32 little-endian):
//! `MAGIC`, word count W, W+1 word offsets, word bytes (sorted), a bitset of
//! W bits (rounded up to bytes, padded to 4) marking the words of the English
//! index, key count K, the longest key in chars, K+1 key offsets, key bytes
//! (sorted, padded to 4), K+1 value offsets, then the values: word numbers.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/lexicon/morph/mod.rs"]
mod morph;

#[allow(dead_code)]
#[path = "src/lexicon/gloss.rs"]
mod gloss;

const CEDICT: &str = "data/cedict_1_0_ts_utf-8_mdbg.txt";
const MAGIC: &[u8; 8] = b"BTLEX001";
const JIEBA_MAGIC: &[u8; 8] = b"BTJIEBA1";

fn main() {
    let jieba_dict = jieba_dict();
    jieba_table(&jieba_dict);
    println!("cargo:rerun-if-changed={}", jieba_dict.display());
    println!("cargo:rerun-if-changed=Cargo.lock");
    for path in [
        CEDICT,
        "src/lexicon/morph/mod.rs",
        "src/lexicon/morph/words.rs",
        "src/lexicon/gloss.rs",
        "build.rs",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let text = std::fs::read_to_string(CEDICT).unwrap_or_else(|e| panic!("{CEDICT}: {e}"));
    let entries: Vec<gloss::CedictEntry> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(k, line)| {
            gloss::parse_cedict_line(line)
                .unwrap_or_else(|e| panic!("{CEDICT}: line {}: {e}", k + 1))
        })
        .collect();

    // Both passes run on all cores: the build script is compiled without
    // optimization, and it stands between the dependencies and the crate.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunks: Vec<&[gloss::CedictEntry]> = entries
        .chunks(entries.len().div_ceil(threads).max(1))
        .collect();

    // The English index: every gloss word.
    let index: HashSet<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut words = HashSet::new();
                    for entry in *chunk {
                        for sense in &entry.senses {
                            words.extend(gloss::index_words(sense));
                        }
                    }
                    words
                })
            })
            .collect();
        let mut index = HashSet::new();
        for handle in handles {
            index.extend(handle.join().expect("index thread"));
        }
        index
    });

    // The lemmas of each entry (lemmatization memoized per thread).
    let lemmas: Vec<Vec<String>> = std::thread::scope(|scope| {
        let index = &index;
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let known = |w: &str| index.contains(w);
                    let mut memo: HashMap<String, Option<String>> = HashMap::new();
                    let mut content_lemma = |word: &str| -> Option<String> {
                        if let Some(hit) = memo.get(word) {
                            return hit.clone();
                        }
                        let lemma = morph::content_lemma_with(word, &known);
                        memo.insert(word.to_string(), lemma.clone());
                        lemma
                    };
                    chunk
                        .iter()
                        .map(|entry| gloss::gloss_lemmas_by(&entry.senses, &mut content_lemma))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("lemma thread"))
            .collect()
    });

    // Key → lemmas, entries for the same key merged in file order.
    let mut table: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (entry, lemmas) in entries.iter().zip(&lemmas) {
        if lemmas.is_empty() {
            continue;
        }
        let keys = [entry.simplified, entry.traditional];
        for key in keys.iter().take(if entry.simplified == entry.traditional {
            1
        } else {
            2
        }) {
            let list = table.entry(key).or_default();
            for lemma in lemmas {
                if !list.contains(lemma) {
                    list.push(lemma.clone());
                }
            }
        }
    }

    let mut words: BTreeSet<&str> = index.iter().map(String::as_str).collect();
    words.extend(table.values().flatten().map(String::as_str));
    let words: Vec<&str> = words.into_iter().collect();
    let numbers: HashMap<&str, usize> = words.iter().enumerate().map(|(k, w)| (*w, k)).collect();

    let mut out: Vec<u8> = Vec::with_capacity(8 << 20);
    out.extend_from_slice(MAGIC);
    push(&mut out, words.len());
    push_strings(&mut out, &words);
    let mut bits = vec![0u8; words.len().div_ceil(8)];
    for (k, w) in words.iter().enumerate() {
        if index.contains(*w) {
            bits[k / 8] |= 1 << (k % 8);
        }
    }
    out.extend_from_slice(&bits);
    pad(&mut out);

    push(&mut out, table.len());
    push(
        &mut out,
        table.keys().map(|k| k.chars().count()).max().unwrap_or(0),
    );
    push_strings(&mut out, &table.keys().copied().collect::<Vec<_>>());
    let mut offset = 0;
    push(&mut out, 0);
    for lemmas in table.values() {
        offset += lemmas.len();
        push(&mut out, offset);
    }
    for lemmas in table.values() {
        for lemma in lemmas {
            push(&mut out, numbers[lemma.as_str()]);
        }
    }

    write_out("lexicon.bin", &out);
}

/// The dictionary the jieba-rs of `Cargo.lock` embeds (`src/data/dict.txt`
/// in its package), so that the words our table holds are the very words
/// its segmenter knows and the dictionary is not shipped twice. Found in
/// cargo's registry (`$CARGO_HOME/registry/src/*/jieba-rs-VERSION`), where
/// cargo unpacked the package to build it, or else through `cargo metadata
/// --offline` (vendored sources).
fn jieba_dict() -> PathBuf {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"jieba-rs\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_string());
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let (Some(version), Some(home)) = (&version, cargo_home)
        && let Ok(indexes) = std::fs::read_dir(home.join("registry/src"))
    {
        for index in indexes.flatten() {
            let dict = index
                .path()
                .join(format!("jieba-rs-{version}/src/data/dict.txt"));
            if dict.is_file() {
                return dict;
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = std::env::var("TARGET").expect("TARGET");
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(&target)
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(
        out.status.success(),
        "jieba-rs {version:?} is not in cargo's registry, and cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("cargo metadata JSON");
    let package = metadata["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "jieba-rs"))
        .expect("jieba-rs in cargo metadata");
    let dir = PathBuf::from(package["manifest_path"].as_str().expect("manifest_path"));
    let dict = dir
        .parent()
        .expect("package folder")
        .join("src/data/dict.txt");
    assert!(
        dict.is_file(),
        "{}: jieba-rs's dictionary is not there",
        dict.display()
    );
    dict
}

/// The jieba dictionary (`word freq tag` lines) as a table sorted by word,
/// so that the words a short text holds are found without building the
/// segmenter's trie (see `src/lexicon/chinese.rs`). Layout (u32 little-endian
/// unless said): `JIEBA_MAGIC`, word count W, the total frequency as u64,
/// W+1 word offsets, word bytes (padded to 4), W frequencies, tag count T,
/// T+1 tag offsets, tag bytes (padded to 4), W tag numbers as u8.
fn jieba_table(path: &std::path::Path) {
    let name = path.display();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut entries: Vec<(&str, u32, &str)> = Vec::new();
    let mut total: u64 = 0;
    for (k, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq: u32 = fields
            .next()
            .map_or(Ok(0), str::parse)
            .unwrap_or_else(|e| panic!("{name}: line {}: {e}", k + 1));
        total += u64::from(freq);
        entries.push((word, freq, fields.next().unwrap_or("")));
    }
    entries.sort_by(|x, y| x.0.cmp(y.0));
    for pair in entries.windows(2) {
        assert!(pair[0].0 != pair[1].0, "{name}: {} twice", pair[0].0);
    }
    let tags: Vec<&str> = entries
        .iter()
        .map(|e| e.2)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(tags.len() <= 256, "{name}: over 256 tags");
    let tag_number: HashMap<&str, usize> = tags.iter().enumerate().map(|(k, t)| (*t, k)).collect();

    let mut out: Vec<u8> = Vec::with_capacity(12 << 20);
    out.extend_from_slice(JIEBA_MAGIC);
    push(&mut out, entries.len());
    out.extend_from_slice(&total.to_le_bytes());
    push_strings(&mut out, &entries.iter().map(|e| e.0).collect::<Vec<_>>());
    for e in &entries {
        push(&mut out, e.1 as usize);
    }
    push(&mut out, tags.len());
    push_strings(&mut out, &tags);
    out.extend(entries.iter().map(|e| tag_number[e.2] as u8));

    write_out("jieba.bin", &out);
}

/// Appends `v` as a little-endian u32.
fn push(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&u32::try_from(v).expect("fits u32").to_le_bytes());
}

/// Zero bytes up to the next multiple of 4.
fn pad(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(4), 0);
}

/// A list of strings as the program reads it (`StrList` in
/// `src/lexicon/table.rs`): `len + 1` offsets from 0, the bytes, padding.
fn push_strings(out: &mut Vec<u8>, list: &[&str]) {
    let mut offset = 0;
    push(out, 0);
    for s in list {
        offset += s.len();
        push(out, offset);
    }
    for s in list {
        out.extend_from_slice(s.as_bytes());
    }
    pad(out);
}

/// Writes a table into `OUT_DIR`.
fn write_out(name: &str, bytes: &[u8]) {
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set")).join(name);
    std::fs::write(&dest, bytes).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
