//! HTML (and the XHTML of EPUB chapters) read with scraper: `p`, `div`,
//! `li`, `td`, `th`, `h1`–`h6`, `blockquote` and the like become blocks;
//! `script`, `style`, `nav`, `noscript`, `template`, `pre`, page-level
//! `header` and `footer` (navigation, not inside an `article`, `main` or
//! `section`), and elements that are `hidden` or `display:none` are
//! dropped; inline markup is reduced to its text, `br` to a line break.

use super::{Block, BlockKind};
use scraper::{Html, Node};

/// Elements whose content is not text to align.
const DROPPED: [&str; 10] = [
    "script", "style", "nav", "noscript", "template", "pre", "head", "svg", "math", "iframe",
];

enum Step<N> {
    Open(N),
    Close(N),
}

/// The kind of block an element opens, if it is a block element.
fn block_kind(name: &str, containers: &[BlockKind]) -> Option<BlockKind> {
    let inner = containers.last().copied().unwrap_or(BlockKind::Paragraph);
    Some(match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading {
            level: name.as_bytes()[1] - b'0',
        },
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "td" | "th" => BlockKind::TableCell,
        "aside" if inner == BlockKind::Paragraph => BlockKind::Footnote,
        "p" | "div" | "blockquote" | "section" | "article" | "main" | "body" | "aside"
        | "figure" | "figcaption" | "caption" | "header" | "footer" | "ul" | "ol" | "dl"
        | "table" | "tr" | "address" | "center" | "hr" => inner,
        _ => return None,
    })
}

fn hidden(element: &scraper::node::Element) -> bool {
    if element.attr("hidden").is_some() {
        return true;
    }
    // An EPUB's title page or cover repeats what the book's first heading
    // says.
    let front = element.attr("epub:type").is_some_and(|t| {
        t.split_whitespace()
            .any(|w| matches!(w, "titlepage" | "cover"))
    });
    if front {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none")
    })
}

/// The blocks of an HTML document.
pub fn read(text: &str) -> Vec<Block> {
    let html = Html::parse_document(text);
    let mut blocks = Vec::new();
    let mut buf = String::new();
    // The kinds of the open block elements, innermost last.
    let mut containers: Vec<BlockKind> = Vec::new();
    // Open `article`, `main` and `section` elements.
    let mut sections = 0usize;
    let flush = |blocks: &mut Vec<Block>, buf: &mut String, containers: &[BlockKind]| {
        if !buf.trim().is_empty() {
            let kind = containers.last().copied().unwrap_or(BlockKind::Paragraph);
            blocks.push(Block::new(kind, buf.trim()));
        }
        buf.clear();
    };
    // Depth-first without recursion: deeply nested input cannot overflow
    // the stack.
    let mut stack = vec![Step::Open(html.tree.root())];
    while let Some(step) = stack.pop() {
        match step {
            Step::Open(node) => match node.value() {
                Node::Text(t) => buf.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    let page_level = matches!(name, "header" | "footer") && sections == 0;
                    if DROPPED.contains(&name) || hidden(e) || page_level {
                        continue;
                    }
                    if name == "br" {
                        buf.push('\n');
                        continue;
                    }
                    if let Some(kind) = block_kind(name, &containers) {
                        flush(&mut blocks, &mut buf, &containers);
                        containers.push(kind);
                    }
                    if matches!(name, "article" | "main" | "section") {
                        sections += 1;
                    }
                    stack.push(Step::Close(node));
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Open));
                }
                Node::Document | Node::Fragment => {
                    let children: Vec<_> = node.children().collect();
                    stack.extend(children.into_iter().rev().map(Step::Open));
                }
                _ => {}
            },
            Step::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if block_kind(name, &containers).is_some() {
                        flush(&mut blocks, &mut buf, &containers);
                        containers.pop();
                    }
                    if matches!(name, "article" | "main" | "section") {
                        sections = sections.saturating_sub(1);
                    }
                }
            }
        }
    }
    flush(&mut blocks, &mut buf, &containers);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_blocks_and_drops_navigation() {
        let html = r#"<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head>
<body><header><nav>Home | About</nav></header>
<h1>Title</h1><p>One <em>very</em> good<br>line.</p>
<div style="display: none">Hidden.</div><p hidden>Also hidden.</p>
<ul><li>item <b>one</b></li><li><p>item two</p></li></ul>
<table><tr><th>a</th><td>b</td></tr></table>
<blockquote>Quoted.</blockquote><script>var x = 1;</script>
<section epub:type="titlepage"><h1>Book</h1></section>
<footer>Copyright</footer></body></html>"#;
        let blocks = read(html);
        let got: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading { level: 1 }, "Title"),
                (BlockKind::Paragraph, "One very good\nline."),
                (BlockKind::ListItem, "item one"),
                (BlockKind::ListItem, "item two"),
                (BlockKind::TableCell, "a"),
                (BlockKind::TableCell, "b"),
                (BlockKind::Paragraph, "Quoted."),
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}text{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
        assert_eq!(read(&html).len(), 1);
    }
}
