//! What the commands read: input documents, the inputs of an `align` run
//! and their names, the dictionary and the aligner asked for.

use super::report::print_warnings;
use crate::config::{AlignConfig, Evidence};
use anyhow::{Result, bail};
use bitext::align::AlignOptions;
use bitext::align::Aligner;
pub(crate) use bitext::align::aligner::ReadAs;
use bitext::io;
use bitext::lexicon::Dictionary;
use bitext::model::{Document, Lang};
use bitext::segment::SegmentRules;
use std::path::{Path, PathBuf};

/// Reads and segments one input file (UTF-8, or its encoding detected).
pub(crate) fn load_document(path: &Path, lang: &str, presplit: bool) -> Result<Document> {
    load_document_as(
        path,
        lang,
        presplit,
        None,
        no_rules(),
        true,
        ReadAs::default(),
    )
}

/// No segmentation exceptions.
pub(crate) fn no_rules() -> &'static SegmentRules {
    static NONE: std::sync::OnceLock<SegmentRules> = std::sync::OnceLock::new();
    NONE.get_or_init(SegmentRules::default)
}

/// Reads and segments one input file in a named encoding (`None`: detect)
/// and format (`Auto`: told from the file), with a reviewer's segmentation
/// exceptions; says so when the file was not UTF-8.
pub(crate) fn load_document_as(
    path: &Path,
    lang: &str,
    presplit: bool,
    encoding: Option<&str>,
    rules: &SegmentRules,
    quiet: bool,
    format: ReadAs,
) -> Result<Document> {
    let (document, warnings) =
        bitext::align::aligner::read_document_in(path, lang, presplit, encoding, rules, format)?;
    print_warnings(&warnings, quiet);
    Ok(document)
}

/// The source and target files of an `align` run, and the output name.
pub(crate) fn resolve_inputs(inputs: &[PathBuf]) -> Result<(PathBuf, Vec<PathBuf>, String)> {
    match inputs {
        [dir] if dir.is_dir() => {
            let files = io::corpus_files(dir)?;
            Ok((files.source, files.targets, io::output_name(dir)))
        }
        [one] => bail!(
            "{}: align needs a corpus folder (with zh.txt and en*.txt) or SOURCE and TARGET files",
            one.display()
        ),
        [source, targets @ ..] => {
            for p in inputs {
                if p.is_dir() {
                    bail!(
                        "{}: is a folder; give files, or one corpus folder alone",
                        p.display()
                    );
                }
            }
            Ok((source.clone(), targets.to_vec(), name_for(source)))
        }
        [] => bail!("align needs input files"),
    }
}

/// Output name from a source file: its stem, or its folder's name when the
/// stem is only a language code (`corpus/book/zh.txt` → `book`).
pub(crate) fn name_for(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_lang = stem.len() <= 5 && Lang::from_tag(&stem) != Lang::Other;
    if let Some(parent) = source.parent().filter(|p| !p.as_os_str().is_empty())
        && (is_lang || stem.is_empty())
    {
        return io::output_name(parent);
    }
    if stem.is_empty() {
        "alignment".to_string()
    } else {
        stem
    }
}

/// Names for renderings: the given ones, else file stems, made unique by
/// their folder (or a number) when two files share a name.
pub(crate) fn rendering_names(paths: &[PathBuf], given: &[String]) -> Result<Vec<String>> {
    if !given.is_empty() {
        if given.len() != paths.len() {
            bail!(
                "{} --name values for {} renderings",
                given.len(),
                paths.len()
            );
        }
        let mut seen = std::collections::HashSet::new();
        for name in given {
            if !seen.insert(name) {
                bail!("--name {name} is given twice");
            }
        }
        return Ok(given.to_vec());
    }
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let stems: Vec<String> = paths.iter().map(|p| stem(p)).collect();
    let mut names: Vec<String> = stems
        .iter()
        .enumerate()
        .map(|(k, name)| {
            if stems.iter().filter(|n| *n == name).count() == 1 {
                return name.clone();
            }
            let parent = paths[k]
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if parent.is_empty() {
                format!("{name}-{}", k + 1)
            } else {
                format!("{parent}-{name}")
            }
        })
        .collect();
    for k in 0..names.len() {
        if names[..k].contains(&names[k]) {
            names[k] = format!("{}-{}", names[k], k + 1);
        }
    }
    Ok(names)
}

/// The dictionary asked for: built-in, user files, both or none.
pub(crate) fn load_dictionary(c: &Evidence) -> Result<std::borrow::Cow<'static, Dictionary>> {
    if c.user_dictionaries.is_empty() {
        return Ok(if c.builtin_dictionary {
            std::borrow::Cow::Borrowed(Dictionary::builtin())
        } else {
            std::borrow::Cow::Owned(Dictionary::empty())
        });
    }
    let mut dictionary = Dictionary::empty();
    for path in &c.user_dictionaries {
        dictionary.merge(Dictionary::from_path(path)?);
    }
    if c.builtin_dictionary {
        dictionary = dictionary.with_builtin();
    }
    Ok(std::borrow::Cow::Owned(dictionary))
}

/// The aligner an `align` run asked for (scorer, dictionaries, model,
/// languages, search), with its set-up warnings printed.
pub(crate) fn build_aligner(c: &AlignConfig, quiet: bool) -> Result<Aligner> {
    aligner_for(
        &c.evidence,
        &c.align,
        (&c.source_lang, &c.target_lang),
        c.presplit,
        quiet,
    )
}

/// An aligner with the given evidence, options, languages (source,
/// target) and segmentation, with its set-up warnings printed: `align`'s
/// and `compare`'s.
pub(crate) fn aligner_for(
    c: &Evidence,
    options: &AlignOptions,
    (source_lang, target_lang): (&str, &str),
    presplit: bool,
    quiet: bool,
) -> Result<Aligner> {
    let mut builder = Aligner::builder()
        .options(options.clone())
        .dictionary(load_dictionary(c)?)
        .languages(source_lang, target_lang)
        .presplit(presplit);
    if let Some(scorer) = c.scorer {
        builder = builder.scorer(scorer);
    }
    if let Some(dir) = &c.model {
        builder = builder.model_dir(dir);
    }
    let aligner = builder.build()?;
    print_warnings(aligner.warnings(), quiet);
    Ok(aligner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_paths() {
        assert_eq!(name_for(Path::new("corpus/book/zh.txt")), "book");
        assert_eq!(name_for(Path::new("novel.txt")), "novel");
    }

    #[test]
    fn rendering_names_are_unique() {
        let paths = [
            PathBuf::from("a/en.txt"),
            PathBuf::from("b/en.txt"),
            PathBuf::from("en-free.txt"),
        ];
        assert_eq!(
            rendering_names(&paths, &[]).unwrap(),
            vec!["a-en", "b-en", "en-free"]
        );
        let given = ["one".to_string(), "two".to_string(), "three".to_string()];
        assert_eq!(rendering_names(&paths, &given).unwrap(), given.to_vec());
        assert!(rendering_names(&paths, &given[..2]).is_err());
        let twice = ["x".to_string(), "x".to_string(), "y".to_string()];
        assert!(rendering_names(&paths, &twice).is_err());
    }

    #[test]
    fn detects_chinese() {
        assert_eq!(bitext::segment::detect_lang("你好,世界。GPT-4"), "zh-CN");
        assert_eq!(bitext::segment::detect_lang("Hello, world."), "en-US");
    }
}
