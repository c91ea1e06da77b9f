//! A Markdown file's preview: the blocks `crate::markdown` read, drawn as elements. Only text
//! nodes carry the file's words, so nothing in it becomes markup; links (web and mail only)
//! open in a new tab without a handle back to the app. Headings sit below the dialog's own
//! title.

use crate::markdown::{Block, Inline};
use leptos::prelude::*;

/// The view of `blocks`.
pub fn blocks_view(blocks: Vec<Block>) -> AnyView {
    blocks.into_iter().map(block_view).collect_view().into_any()
}

fn block_view(block: Block) -> AnyView {
    match block {
        // The dialog's title is the level-2 heading: the file's title is a level 3, every
        // heading below it a level 4 (two element kinds keep the module small).
        Block::Heading(1, text) => view! { <h3>{inlines_view(text)}</h3> }.into_any(),
        Block::Heading(_, text) => view! { <h4>{inlines_view(text)}</h4> }.into_any(),
        Block::Paragraph(text) => view! { <p>{inlines_view(text)}</p> }.into_any(),
        Block::Code(code) => view! { <pre><code>{code}</code></pre> }.into_any(),
        Block::Quote(inner) => view! { <blockquote>{blocks_view(inner)}</blockquote> }.into_any(),
        Block::List { start: None, items } => view! { <ul>{items_view(items)}</ul> }.into_any(),
        Block::List {
            start: Some(start),
            items,
        } => view! { <ol start=start.to_string()>{items_view(items)}</ol> }.into_any(),
        Block::Rule => view! { <hr /> }.into_any(),
    }
}

fn items_view(items: Vec<Vec<Block>>) -> AnyView {
    items
        .into_iter()
        .map(|item| view! { <li>{blocks_view(item)}</li> })
        .collect_view()
        .into_any()
}

fn inlines_view(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(inline_view)
        .collect_view()
        .into_any()
}

fn inline_view(inline: Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.into_any(),
        Inline::Code(code) => view! { <code>{code}</code> }.into_any(),
        Inline::Emphasis(inner) => view! { <em>{inlines_view(inner)}</em> }.into_any(),
        Inline::Strong(inner) => view! { <strong>{inlines_view(inner)}</strong> }.into_any(),
        Inline::Link { text, url } => view! {
            <a href=url target="_blank" rel="noopener noreferrer">{inlines_view(text)}</a>
        }
        .into_any(),
        Inline::Break => view! { <br /> }.into_any(),
    }
}
