//! Escaping for XML and HTML output, and the characters XML 1.0 forbids.

/// True for a character XML 1.0 allows in content.
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escapes text for XML content and attribute values (`&`, `<`, `>`, `"`,
/// `'`), dropping characters XML 1.0 forbids; returns how many it dropped.
pub fn xml(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut dropped = 0;
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if xml_allowed(c) => out.push(c),
            _ => dropped += 1,
        }
    }
    (out, dropped)
}

/// Escapes text for XML ([`xml`]), counting the characters it drops over
/// every call (a Word document and an EPUB report them).
#[derive(Debug, Default)]
pub struct Escaper {
    /// Characters dropped so far.
    pub dropped: usize,
}

impl Escaper {
    /// The text escaped for XML content or an attribute value.
    pub fn esc(&mut self, text: &str) -> String {
        let (s, n) = xml(text);
        self.dropped += n;
        s
    }
}

/// Drops the characters XML 1.0 forbids (C0 controls other than tab, line
/// feed and carriage return; U+FFFE, U+FFFF; lone surrogates cannot occur in
/// Rust strings); returns the text and how many it dropped.
pub fn strip_forbidden(text: &str) -> (String, usize) {
    let mut dropped = 0;
    let out = text
        .chars()
        .filter(|&c| {
            let ok = xml_allowed(c);
            dropped += usize::from(!ok);
            ok
        })
        .collect();
    (out, dropped)
}

/// Escapes text for HTML (`&#39;` for the apostrophe, which HTML 4 lacks as
/// a named entity); forbidden control characters are dropped.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops() {
        assert_eq!(
            xml("a<b & \"c\" 'd'\u{1}"),
            ("a&lt;b &amp; &quot;c&quot; &apos;d&apos;".to_string(), 1)
        );
        assert_eq!(
            html("<script>'x'</script>"),
            "&lt;script&gt;&#39;x&#39;&lt;/script&gt;"
        );
        assert_eq!(xml("你好😀\t").1, 0);
        assert_eq!(
            strip_forbidden("a\u{1}b\u{FFFE}\u{FFFF}\n\u{7F}"),
            ("ab\n\u{7F}".to_string(), 3)
        );
    }
}
