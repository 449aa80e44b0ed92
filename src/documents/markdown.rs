//! Markdown read with pulldown-cmark (CommonMark with tables and
//! footnotes): headings, paragraphs, list items, table cells and footnote
//! definitions become blocks; code blocks, HTML blocks and images' URLs
//! are dropped; emphasis, links and inline code are reduced to their text.

use super::{Block, BlockKind};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The blocks of a Markdown text.
pub fn read(text: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut kind = BlockKind::Paragraph;
    // Containers whose paragraphs take their kind: list items, footnotes.
    let mut containers: Vec<BlockKind> = Vec::new();
    let mut code_depth = 0usize;
    let flush = |blocks: &mut Vec<Block>, buf: &mut String, kind: BlockKind| {
        if !buf.trim().is_empty() {
            blocks.push(Block::new(kind, buf.trim()));
        }
        buf.clear();
    };
    let inner =
        |containers: &[BlockKind]| containers.last().copied().unwrap_or(BlockKind::Paragraph);
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                code_depth = code_depth.saturating_sub(1)
            }
            _ if code_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut blocks, &mut buf, kind);
                kind = BlockKind::Heading {
                    level: heading_level(level),
                };
            }
            Event::Start(Tag::Item) => {
                flush(&mut blocks, &mut buf, kind);
                containers.push(BlockKind::ListItem);
                kind = BlockKind::ListItem;
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                flush(&mut blocks, &mut buf, kind);
                containers.push(BlockKind::Footnote);
                kind = BlockKind::Footnote;
            }
            Event::Start(Tag::TableCell) => {
                flush(&mut blocks, &mut buf, kind);
                kind = BlockKind::TableCell;
            }
            Event::Start(Tag::Paragraph) => {
                flush(&mut blocks, &mut buf, kind);
                kind = inner(&containers);
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut blocks, &mut buf, kind);
                containers.pop();
                kind = inner(&containers);
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::TableCell) => {
                flush(&mut blocks, &mut buf, kind);
                kind = inner(&containers);
            }
            Event::Text(t) | Event::Code(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push('\n'),
            _ => {}
        }
    }
    flush(&mut blocks, &mut buf, kind);
    blocks
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_and_drops_code() {
        let md = "# Title\n\nOne *very* `good` [link](http://x).\nSecond line.\n\n\
                  ```\ncode();\n```\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n";
        let blocks = read(md);
        let got: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading { level: 1 }, "Title"),
                (BlockKind::Paragraph, "One very good link.\nSecond line."),
                (BlockKind::ListItem, "item one"),
                (BlockKind::ListItem, "item two"),
                (BlockKind::TableCell, "a"),
                (BlockKind::TableCell, "b"),
                (BlockKind::TableCell, "c"),
                (BlockKind::TableCell, "d"),
            ]
        );
    }
}
