//! A Markdown file as anyone may have uploaded it: reading it ends, never panics, and no link
//! comes out that is not a web or mail address (the preview must not carry a javascript: link).
#![no_main]
use firebridge::markdown::{parse, Block, Inline};
use libfuzzer_sys::fuzz_target;

fn check_inlines(inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Link { text, url } => {
                let lower = url.to_ascii_lowercase();
                assert!(
                    ["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| lower.starts_with(s)),
                    "{url}"
                );
                check_inlines(text);
            }
            Inline::Emphasis(inner) | Inline::Strong(inner) => check_inlines(inner),
            Inline::Text(_) | Inline::Code(_) | Inline::Break => {}
        }
    }
}

fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                assert!((1..=6).contains(level));
                check_inlines(text);
            }
            Block::Paragraph(text) => check_inlines(text),
            Block::Quote(inner) => check_blocks(inner),
            Block::List { items, .. } => items.iter().for_each(|item| check_blocks(item)),
            Block::Code(_) | Block::Rule => {}
        }
    }
}

fuzz_target!(|text: &str| check_blocks(&parse(text)));
