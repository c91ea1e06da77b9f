//! A small element tree for AWS's XML answers, built from quick-xml's event reader. One code
//! path for every response shape: much smaller in wasm than serde derives per struct, and
//! tolerant of the element order and the extra elements services add over time.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Answers nest a handful of levels; anything deeper is not an AWS answer.
const MAX_DEPTH: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The local name (namespace prefix removed).
    pub name: String,
    /// The element's own text, entities resolved, surrounding white space trimmed.
    pub text: String,
    pub children: Vec<Element>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError;

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child called `name`.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }

    /// The text at the end of a path of child names, e.g. `["Credentials", "AccessKeyId"]`.
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        let mut element = self;
        for name in path {
            element = element.child(name)?;
        }
        Some(element.text.as_str())
    }

    /// The first element called `name` at any depth, this one included (depth first).
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

/// Parses a whole document into its root element. Malformed, truncated or non-XML input (an
/// HTML error page from a proxy, say) is an error, never a panic.
pub fn parse(document: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(document);
    let mut stack: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().map_err(|_| XmlError)? {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError);
                }
                stack.push(named(start.local_name().as_ref()));
            }
            Event::Empty(start) => {
                let element = named(start.local_name().as_ref());
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::End(_) => {
                let mut element = stack.pop().ok_or(XmlError)?;
                element.text = element.text.trim().to_string();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(element),
                }
            }
            Event::Text(text) => append(&mut stack, &text.xml10_content()),
            Event::CData(data) => append(&mut stack, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|_| XmlError)? {
                    Some(c) => c,
                    None => predefined_entity(&reference).ok_or(XmlError)?,
                };
                append(&mut stack, resolved.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => return Err(XmlError),
            _ => {}
        }
    }
}

fn named(name: &str) -> Element {
    Element {
        name: name.to_string(),
        ..Element::default()
    }
}

/// Text outside any element (before the root) is ignored, as XML requires it to be blank.
fn append(stack: &mut [Element], text: &str) {
    if let Some(current) = stack.last_mut() {
        current.text.push_str(text);
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shapes AWS uses: a declaration, a namespaced root, nesting, repeated children.
    #[test]
    fn builds_the_tree() {
        let root = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Contents><Key>a</Key><Size>1</Size></Contents>
              <Contents><Key>b</Key><Size>2</Size></Contents>
              <IsTruncated>false</IsTruncated>
            </ListBucketResult>"#,
        )
        .unwrap();
        assert_eq!(root.name, "ListBucketResult");
        let keys: Vec<&str> = root
            .children_named("Contents")
            .filter_map(|c| c.child_text("Key"))
            .collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(root.text_at(&["Contents", "Size"]), Some("1"));
        assert_eq!(
            root.find("IsTruncated").map(|e| e.text.as_str()),
            Some("false")
        );
    }

    // Object keys and messages carry every character; entities and CDATA must come back whole.
    #[test]
    fn resolves_entities_character_references_and_cdata() {
        let root = parse(
            "<R><K>a &amp; b &lt;c&gt; &quot;d&apos; &#233;&#x65E5;</K><C><![CDATA[<x>&]]></C></R>",
        )
        .unwrap();
        assert_eq!(root.child_text("K"), Some("a & b <c> \"d' \u{e9}\u{65e5}"));
        assert_eq!(root.child_text("C"), Some("<x>&"));
    }

    // S3 writes <Prefix/> for an empty prefix; the tree must hold it as an empty child.
    #[test]
    fn empty_elements_are_children_with_no_text() {
        let root = parse("<R><Prefix/><Name>b</Name></R>").unwrap();
        assert_eq!(root.child_text("Prefix"), Some(""));
        assert_eq!(root.child_text("Name"), Some("b"));
    }

    // Hostile or broken answers: errors, never panics.
    #[test]
    fn rejects_what_is_not_a_whole_document() {
        for bad in [
            "",
            "plain text",
            "<R><K>truncated",
            "<R></S>",
            "<R>&unknown;</R>",
            "<html><body><p>502 Bad Gateway</body></html>",
        ] {
            assert_eq!(parse(bad), Err(XmlError), "{bad:?}");
        }
        let deep = "<a>".repeat(40) + &"</a>".repeat(40);
        assert_eq!(parse(&deep), Err(XmlError));
    }
}
