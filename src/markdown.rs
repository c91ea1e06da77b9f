//! Markdown, read into a tree of blocks and inlines for a preview, in the subset READMEs and
//! notes use: ATX and setext headings, paragraphs, emphasis and strong, code spans, fenced and
//! indented code, block quotes, bullet and numbered lists (nested), rules, links, hard breaks
//! and backslash escapes. Raw HTML is never markup: `<script>` stays the text it is (the view
//! makes text nodes of it), and a link works only to `http:`, `https:` or `mailto:`, so a
//! `javascript:` link is text too. Images show as their alt text: the page loads nothing a
//! file names. What is not in the subset (tables, footnotes) shows as the text it is.
//!
//! Written here rather than with pulldown-cmark, which is CommonMark-complete but weighs more
//! than the whole files page's preview code; a preview needs to be readable, not exact.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Paragraph(Vec<Inline>),
    Code(String),
    Quote(Vec<Block>),
    List {
        /// The first number of a numbered list; None for bullets.
        start: Option<u32>,
        items: Vec<Vec<Block>>,
    },
    Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Link { text: Vec<Inline>, url: String },
    Break,
}

/// How deep quotes and lists may nest; deeper ones read as text (a hostile file of a million
/// `>` must not exhaust the stack).
const MAX_DEPTH: usize = 16;
/// How far an emphasis, code span or link looks for its end, in characters: bounded, so a
/// megabyte of unmatched `*` stays fast.
const MAX_SPAN: usize = 4_000;

/// The blocks of `text`.
pub fn parse(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    blocks(&lines, 0)
}

fn blocks(lines: &[&str], depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            i += 1;
        } else if indent >= 4 {
            let end = run(lines, i, |l| l.trim().is_empty() || indent_of(l) >= 4);
            let code: Vec<&str> = lines[i..end]
                .iter()
                .map(|l| l.get(4..).unwrap_or(""))
                .collect();
            out.push(Block::Code(
                code.join("\n").trim_end_matches('\n').to_string(),
            ));
            i = end;
        } else if let Some(fence) = fence(trimmed) {
            let close = (i + 1..lines.len())
                .find(|&j| {
                    lines[j].trim().starts_with(fence)
                        && lines[j]
                            .trim()
                            .trim_start_matches(fence.chars().next().unwrap())
                            .is_empty()
                })
                .unwrap_or(lines.len());
            out.push(Block::Code(lines[i + 1..close].join("\n")));
            i = close + 1;
        } else if let Some((level, title)) = heading(trimmed) {
            out.push(Block::Heading(level, inlines(title)));
            i += 1;
        } else if is_rule(trimmed) {
            out.push(Block::Rule);
            i += 1;
        } else if trimmed.starts_with('>') && depth < MAX_DEPTH {
            let end = run(lines, i, |l| l.trim_start().starts_with('>'));
            let inner: Vec<&str> = lines[i..end]
                .iter()
                .map(|l| {
                    let rest = l.trim_start().strip_prefix('>').unwrap_or("");
                    rest.strip_prefix(' ').unwrap_or(rest)
                })
                .collect();
            out.push(Block::Quote(blocks(&inner, depth + 1)));
            i = end;
        } else if let Some(marker) = list_marker(trimmed).filter(|_| depth < MAX_DEPTH) {
            let (list, end) = list(lines, i, marker, depth);
            out.push(list);
            i = end;
        } else {
            let end = run(lines, i + 1, |l| !l.trim().is_empty() && !starts_block(l));
            match lines.get(end).map(|l| l.trim()) {
                // A setext heading: the paragraph underlined with = or -.
                Some(under) if is_underline(under, '=') || is_underline(under, '-') => {
                    let level = if under.starts_with('=') { 1 } else { 2 };
                    out.push(Block::Heading(level, inlines(&joined(&lines[i..end]))));
                    i = end + 1;
                }
                _ => {
                    out.push(Block::Paragraph(inlines(&joined(&lines[i..end]))));
                    i = end;
                }
            }
        }
    }
    out
}

/// The first line from `from` on for which `keep` fails.
fn run(lines: &[&str], from: usize, keep: impl Fn(&str) -> bool) -> usize {
    (from..lines.len())
        .find(|&j| !keep(lines[j]))
        .unwrap_or(lines.len())
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A paragraph's lines, each trimmed, joined by newlines (which `inlines` reads as breaks
/// or spaces).
fn joined(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim_start())
        .collect::<Vec<_>>()
        .join("\n")
}

fn starts_block(line: &str) -> bool {
    let trimmed = line.trim_start();
    fence(trimmed).is_some()
        || heading(trimmed).is_some()
        || is_rule(trimmed)
        || trimmed.starts_with('>')
        || list_marker(trimmed).is_some()
        || is_underline(trimmed.trim_end(), '=')
}

fn fence(trimmed: &str) -> Option<&'static str> {
    ["```", "~~~"]
        .into_iter()
        .find(|fence| trimmed.starts_with(fence))
}

fn heading(trimmed: &str) -> Option<(u8, &str)> {
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    let rest = &trimmed[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim_end();
    Some((level as u8, title))
}

fn is_rule(trimmed: &str) -> bool {
    let marks: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| marks.chars().all(|c| c == m))
}

fn is_underline(trimmed: &str, mark: char) -> bool {
    !trimmed.is_empty() && trimmed.chars().all(|c| c == mark)
}

/// A list item's marker: its number for a numbered item, and the width of marker and space.
#[derive(Clone, Copy)]
struct Marker {
    number: Option<u32>,
    width: usize,
}

fn list_marker(trimmed: &str) -> Option<Marker> {
    if let Some(rest) = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('*'))
        .or_else(|| trimmed.strip_prefix('+'))
    {
        return (rest.starts_with(' ') || rest.is_empty()).then_some(Marker {
            number: None,
            width: 2,
        });
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = trimmed.get(digits..)?;
    let after = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !(1..=9).contains(&digits) || !(after.starts_with(' ') || after.is_empty()) {
        return None;
    }
    Some(Marker {
        number: trimmed[..digits].parse().ok(),
        width: digits + 2,
    })
}

/// The list starting at line `at` (whose marker is `first`), and the line after it. An item
/// holds its first line and what follows indented under it; a blank line ends the list unless
/// another item or an indented line comes next.
fn list(lines: &[&str], at: usize, first: Marker, depth: usize) -> (Block, usize) {
    let base = indent_of(lines[at]);
    let numbered = first.number.is_some();
    let mut items = Vec::new();
    let mut i = at;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let Some(marker) = list_marker(trimmed).filter(|m| m.number.is_some() == numbered) else {
            break;
        };
        if indent_of(lines[i]) != base {
            break;
        }
        let content = base + marker.width;
        let mut item = vec![trimmed.get(marker.width..).unwrap_or("").trim_start()];
        i += 1;
        while i < lines.len() {
            let line = lines[i];
            let blank = line.trim().is_empty();
            let next_is_inside = lines
                .get(i + 1)
                .is_some_and(|next| indent_of(next) >= content && !next.trim().is_empty());
            if blank && !next_is_inside {
                break;
            }
            if !blank && indent_of(line) < content && (starts_block(line) || item_ended(&item)) {
                break;
            }
            item.push(line.get(content.min(indent_of(line))..).unwrap_or(""));
            i += 1;
        }
        items.push(blocks(&item, depth + 1));
        // Blank lines between items keep the list going.
        let next = run(lines, i, |l| l.trim().is_empty());
        if next < lines.len()
            && list_marker(lines[next].trim_start()).is_some()
            && indent_of(lines[next]) == base
        {
            i = next;
        } else if next > i {
            break;
        }
    }
    (
        Block::List {
            start: first.number,
            items,
        },
        i,
    )
}

/// Whether an item's last line closed a paragraph (a lazy continuation line may follow only
/// paragraph text).
fn item_ended(item: &[&str]) -> bool {
    item.last().is_none_or(|l| l.trim().is_empty())
}

/// The inlines of a paragraph's or heading's text.
pub fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text_run = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let flush = |run: &mut String, out: &mut Vec<Inline>| {
        if !run.is_empty() {
            out.push(Inline::Text(std::mem::take(run)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                text_run.push(chars[i + 1]);
                i += 2;
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                flush(&mut text_run, &mut out);
                out.push(Inline::Break);
                i += 2;
            }
            '\n' => {
                let hard = text_run.ends_with("  ");
                let kept = text_run.trim_end().len();
                text_run.truncate(kept);
                if hard {
                    flush(&mut text_run, &mut out);
                    out.push(Inline::Break);
                } else {
                    text_run.push(' ');
                }
                i += 1;
            }
            '`' => match code_span(&chars, i) {
                Some((code, end)) => {
                    flush(&mut text_run, &mut out);
                    out.push(Inline::Code(code));
                    i = end;
                }
                None => {
                    let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
                    text_run.extend(&chars[i..i + ticks]);
                    i += ticks;
                }
            },
            '*' | '_' => match emphasis(&chars, i) {
                Some((inline, end)) => {
                    flush(&mut text_run, &mut out);
                    out.push(inline);
                    i = end;
                }
                None => {
                    text_run.push(c);
                    i += 1;
                }
            },
            '!' if chars.get(i + 1) == Some(&'[') => match link(&chars, i + 1) {
                // An image shows as its alt text: the page loads nothing a file names.
                Some((alt, _, end)) => {
                    flush(&mut text_run, &mut out);
                    out.extend(inlines(&alt));
                    i = end;
                }
                None => {
                    text_run.push(c);
                    i += 1;
                }
            },
            '[' => match link(&chars, i) {
                Some((label, url, end)) => {
                    flush(&mut text_run, &mut out);
                    let text = inlines(&label);
                    match safe_url(&url) {
                        Some(url) => out.push(Inline::Link { text, url }),
                        None => out.extend(text),
                    }
                    i = end;
                }
                None => {
                    text_run.push(c);
                    i += 1;
                }
            },
            '<' => match autolink(&chars, i) {
                Some((url, end)) => {
                    flush(&mut text_run, &mut out);
                    out.push(Inline::Link {
                        text: vec![Inline::Text(url.clone())],
                        url,
                    });
                    i = end;
                }
                None => {
                    text_run.push(c);
                    i += 1;
                }
            },
            _ => {
                text_run.push(c);
                i += 1;
            }
        }
    }
    flush(&mut text_run, &mut out);
    out
}

/// A code span opened by the backticks at `at`: its text and the index after its closing run.
fn code_span(chars: &[char], at: usize) -> Option<(String, usize)> {
    let ticks = chars[at..].iter().take_while(|&&c| c == '`').count();
    let mut j = at + ticks;
    while j < chars.len().min(at + MAX_SPAN) {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&c| c == '`').count();
            if run == ticks {
                let code: String = chars[at + ticks..j].iter().collect();
                let code = code.replace('\n', " ");
                let stripped = match code.len() > 2 && code.starts_with(' ') && code.ends_with(' ')
                {
                    true => code[1..code.len() - 1].to_string(),
                    false => code,
                };
                return Some((stripped, j + run));
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// Emphasis or strong opened at `at` (`*`/`_` once or twice), closed by the same run later
/// with text in between; `_` only at word boundaries (so `snake_case_name` stays text).
fn emphasis(chars: &[char], at: usize) -> Option<(Inline, usize)> {
    let mark = chars[at];
    let run = chars[at..]
        .iter()
        .take_while(|&&c| c == mark)
        .count()
        .min(2);
    let opens = chars.get(at + run).is_some_and(|c| !c.is_whitespace());
    let word_before = at > 0 && chars[at - 1].is_alphanumeric();
    if !opens || (mark == '_' && word_before) {
        return None;
    }
    let mut j = at + run + 1;
    while j + run <= chars.len().min(at + MAX_SPAN) {
        let closes = chars[j..j + run].iter().all(|&c| c == mark)
            && !chars[j - 1].is_whitespace()
            && chars.get(j + run) != Some(&mark);
        let word_after = chars.get(j + run).is_some_and(|c| c.is_alphanumeric());
        if closes && !(mark == '_' && word_after) {
            let inner: String = chars[at + run..j].iter().collect();
            let children = inlines(&inner);
            let inline = match run {
                2 => Inline::Strong(children),
                _ => Inline::Emphasis(children),
            };
            return Some((inline, j + run));
        }
        j += 1;
    }
    None
}

/// `[label](url)` or `[label](url "title")` at `at`: the label, the URL, the index after `)`.
fn link(chars: &[char], at: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut j = at;
    let close = loop {
        if j > at + MAX_SPAN {
            return None;
        }
        match chars.get(j)? {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            '\\' => j += 1,
            _ => {}
        }
        j += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    // The destination's parentheses may nest, as CommonMark allows: `(a(b)c)`.
    let mut open = 0;
    let end = (close + 2..chars.len().min(close + MAX_SPAN)).find(|&k| match chars[k] {
        '(' => {
            open += 1;
            false
        }
        ')' if open > 0 => {
            open -= 1;
            false
        }
        ')' => true,
        _ => false,
    })?;
    let inside: String = chars[close + 2..end].iter().collect();
    let url = inside.split_whitespace().next().unwrap_or("");
    let url = url
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(url);
    let label: String = chars[at + 1..close].iter().collect();
    Some((label, url.to_string(), end + 1))
}

/// `<https://…>` or `<mailto:…>` at `at`: the URL and the index after `>`.
fn autolink(chars: &[char], at: usize) -> Option<(String, usize)> {
    let end =
        (at + 1..chars.len()).find(|&k| chars[k] == '>' || chars[k] == ' ' || chars[k] == '<')?;
    if chars[end] != '>' {
        return None;
    }
    let url: String = chars[at + 1..end].iter().collect();
    safe_url(&url).map(|url| (url, end + 1))
}

/// `url` if it is one a preview may link to: `http:`, `https:` or `mailto:` (any case).
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        .then(|| url.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    // The blocks a README is made of, each read as what it is.
    #[test]
    fn reads_the_blocks_of_a_readme() {
        let doc = "# Title\n\nSome *intro*\ntext.\n\n- one\n- two\n  more\n\n1. first\n2. second\n\n```sh\nmake run\n```\n\n> quoted\n\n---\nSub\n===\n";
        assert_eq!(
            parse(doc),
            vec![
                Block::Heading(1, vec![text("Title")]),
                Block::Paragraph(vec![
                    text("Some "),
                    Inline::Emphasis(vec![text("intro")]),
                    text(" text.")
                ]),
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Paragraph(vec![text("one")])],
                        vec![Block::Paragraph(vec![text("two more")])]
                    ]
                },
                Block::List {
                    start: Some(1),
                    items: vec![
                        vec![Block::Paragraph(vec![text("first")])],
                        vec![Block::Paragraph(vec![text("second")])]
                    ]
                },
                Block::Code("make run".to_string()),
                Block::Quote(vec![Block::Paragraph(vec![text("quoted")])]),
                Block::Rule,
                Block::Heading(1, vec![text("Sub")]),
            ]
        );
    }

    // A list inside a list item, and an indented code block.
    #[test]
    fn nests_lists_and_reads_indented_code() {
        let doc = "- outer\n  - inner\n- next\n\nText\n\n    let x = 1;\n    let y = 2;\n";
        assert_eq!(
            parse(doc),
            vec![
                Block::List {
                    start: None,
                    items: vec![
                        vec![
                            Block::Paragraph(vec![text("outer")]),
                            Block::List {
                                start: None,
                                items: vec![vec![Block::Paragraph(vec![text("inner")])]]
                            }
                        ],
                        vec![Block::Paragraph(vec![text("next")])]
                    ]
                },
                Block::Paragraph(vec![text("Text")]),
                Block::Code("let x = 1;\nlet y = 2;".to_string()),
            ]
        );
    }

    // Raw HTML stays text, and only web and mail links are links: a file cannot run script or
    // send the user to a javascript: address through its preview.
    #[test]
    fn html_and_unsafe_links_stay_text() {
        assert_eq!(
            inlines("<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"),
            vec![
                text("<script>alert(1)</script> "),
                text("x"),
                text(" <img src=x onerror=y>")
            ]
        );
        assert_eq!(
            inlines("[site](https://example.com \"t\") <mailto:a@b.c>"),
            vec![
                Inline::Link {
                    text: vec![text("site")],
                    url: "https://example.com".to_string()
                },
                text(" "),
                Inline::Link {
                    text: vec![text("mailto:a@b.c")],
                    url: "mailto:a@b.c".to_string()
                },
            ]
        );
        assert_eq!(inlines("![a cat](cat.png)"), vec![text("a cat")]);
    }

    // The inline marks: strong, code (its text as written), escapes, breaks, and underscores
    // inside words left alone.
    #[test]
    fn reads_inline_marks() {
        assert_eq!(
            inlines("**bold** `a *b*` \\*not\\* snake_case_name"),
            vec![
                Inline::Strong(vec![text("bold")]),
                text(" "),
                Inline::Code("a *b*".to_string()),
                text(" *not* snake_case_name"),
            ]
        );
        assert_eq!(
            inlines("line  \nnext\\\nlast"),
            vec![
                text("line"),
                Inline::Break,
                text("next"),
                Inline::Break,
                text("last")
            ]
        );
        assert_eq!(inlines("2 * 3 * 4"), vec![text("2 * 3 * 4")]);
    }

    // A hostile file: deep nesting reads as text past MAX_DEPTH instead of exhausting the
    // stack, and long runs of unmatched marks end (a search without MAX_SPAN would take hours).
    #[test]
    fn hostile_files_end_and_stay_shallow() {
        let deep = ">".repeat(100_000) + " x";
        assert!(matches!(parse(&deep).first(), Some(Block::Quote(_))));
        for mark in ["*", "_", "`", "[", "<", "**a"] {
            assert!(!parse(&mark.repeat(50_000)).is_empty());
        }
    }

    // Whatever the bytes, reading ends and gives blocks back (fuzz-like inputs).
    #[test]
    fn never_hangs_or_panics_on_odd_input() {
        for doc in [
            "",
            "#",
            "```",
            "> ",
            "- ",
            "1.",
            "**",
            "[",
            "[]()",
            "`",
            "***",
            "_a_b_",
            "\\",
            "*a **b* c**",
            "- a\n\n\n- b",
            "    ",
            "===",
            "<",
            "![](",
            "1) x\n2) y",
        ] {
            let _ = parse(doc);
        }
    }
}
