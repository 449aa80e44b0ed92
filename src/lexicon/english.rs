//! English words as the aligner compares them: lowercase lemmas of content
//! words (`The models worked` → `model`, `work`).
//!
//! The lemmatizer ([`super::morph`]) is rule-based with an irregular-form
//! table; it picks among candidate base forms with the English index of the
//! built-in dictionary (every CC-CEDICT gloss word), which `build.rs` also
//! used when it lemmatized the dictionary's glosses, so that text and
//! dictionary agree.

use super::dict::is_known_english;
use super::morph;

pub use super::morph::is_stopword;

/// Lowercase word tokens of English text (see [`morph::words`]): letters
/// and digits, inner apostrophes kept, possessive `'s` dropped, hyphens
/// splitting.
pub fn tokens(text: &str) -> Vec<String> {
    morph::words(text).collect()
}

/// The base form of one word (lowercased first): `models` → `model`,
/// `worked` → `work`, `went` → `go`, `children` → `child`.
pub fn lemma(word: &str) -> String {
    let lower = word.to_lowercase();
    morph::lemma_with(&lower, &is_known_english)
}

/// The content words of English text as lemmas, in order: no stop words,
/// single letters or numbers.
pub fn content_lemmas(text: &str) -> Vec<String> {
    morph::content_lemmas_with(text, &is_known_english)
}

/// The lemma of one token if it is a content word (see [`content_lemmas`]).
pub fn content_lemma(token: &str) -> Option<String> {
    let lower = token.to_lowercase();
    morph::content_lemma_with(&lower, &is_known_english)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_with_the_builtin_index() {
        for (form, base) in [
            ("models", "model"),
            ("modeled", "model"),
            ("Models", "model"),
            ("worked", "work"),
            ("working", "work"),
            ("hoped", "hope"),
            ("stopped", "stop"),
            ("studies", "study"),
            ("used", "use"),
            ("went", "go"),
            ("was", "be"),
            ("children", "child"),
            ("men", "man"),
            ("said", "say"),
            ("thought", "think"),
            ("making", "make"),
            ("countries", "country"),
            ("boxes", "box"),
            ("seed", "seed"),
        ] {
            assert_eq!(lemma(form), base, "{form}");
        }
    }

    #[test]
    fn content_lemmas_of_a_sentence() {
        assert_eq!(
            content_lemmas("The researchers' models worked, and they said it's safer."),
            ["researcher", "model", "work", "say", "safer"]
        );
        assert!(content_lemmas("It is what it is.").is_empty());
        assert_eq!(content_lemma("Children"), Some("child".to_string()));
        assert_eq!(content_lemma("the"), None);
        assert!(is_stopword("the"));
    }
}
