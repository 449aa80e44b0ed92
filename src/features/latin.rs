//! Latin-script tokens of a text (`OpenAI`, `GPT-4`, `SamAltman`): those one
//! side has that the other lacks, ignoring case, spaces, hyphens and dots
//! (for the review flags), and lowercased with a similarity of two (for the
//! scorer).

/// Latin-script tokens of a text as written: runs of ASCII letters and
/// digits with inner `-`, `.`, `_`, `'` that contain a letter.
pub fn latin_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let inner = |c: char| matches!(c, '-' | '.' | '_' | '\'');
    let mut flush = |current: &mut String| {
        let t = current.trim_matches(inner);
        if t.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(t.to_string());
        }
        current.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (inner(c) && !current.is_empty()) {
            current.push(c);
        } else {
            flush(&mut current);
        }
    }
    flush(&mut current);
    out
}

/// Latin-script tokens lowercased (`openai`, `gpt-4`), as the scorer
/// compares them.
pub fn latin_keys(text: &str) -> Vec<String> {
    latin_tokens(text)
        .into_iter()
        .map(|t| t.to_ascii_lowercase())
        .collect()
}

/// How alike two Latin tokens are, in [0, 1] (normalized Damerau–Levenshtein).
pub fn latin_similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_damerau_levenshtein(a, b)
}

fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '_' | '\'' | '’' | '·'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// An acronym, a CamelCase name or a token with digits (`NATO`, `OpenAI`,
/// `GPT-4`): what two Latin-script sides should share.
fn marked(token: &str) -> bool {
    token.chars().any(|c| c.is_ascii_digit())
        || token.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
}

/// The Latin-script tokens of `from` that `to` lacks (case, spaces, hyphens
/// and dots ignored; `GPU` is found in `GPUs`). With `marked_only`, only
/// acronyms, CamelCase names and tokens with digits are checked.
pub fn missing_latin(from: &str, to: &str, marked_only: bool) -> Vec<String> {
    let to_squashed = squash(to);
    let to_tokens: Vec<String> = latin_tokens(to).iter().map(|t| squash(t)).collect();
    latin_tokens(from)
        .into_iter()
        .filter(|t| !marked_only || marked(t))
        .filter(|t| {
            let s = squash(t);
            let n = s.chars().count();
            if n < 2 {
                return false;
            }
            let found = if n >= 4 {
                to_squashed.contains(&s)
            } else {
                to_tokens
                    .iter()
                    .any(|o| *o == s || o.strip_prefix(s.as_str()) == Some("s"))
            };
            !found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_tokens_missing_on_the_other_side() {
        assert!(
            missing_latin(
                "OpenAI的SamAltman谈GPT-4和AI",
                "OpenAI's Sam Altman on GPT-4 and AI",
                false
            )
            .is_empty()
        );
        assert_eq!(
            missing_latin("OpenAI的SamAltman谈AGI", "Sam Altman on general AI", false),
            vec!["OpenAI", "AGI"]
        );
        assert!(missing_latin("几块GPU", "a few GPUs", false).is_empty());
        assert!(missing_latin("A股", "A-shares", false).is_empty());
        assert_eq!(
            missing_latin("The NATO summit", "Le sommet de l'OTAN", true),
            vec!["NATO"]
        );
    }
}
