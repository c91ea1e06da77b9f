//! A file's tags (GetObjectTagging, PutObjectTagging), and S3's rules for them, checked before
//! sending so that a mistake is named beside the field rather than as S3's refusal. S3 checks
//! them again: these are a courtesy.

use crate::aws::checksum;
use crate::aws::s3::{object_url, parse_result, xml_escape, S3Error};
use crate::config::AwsConfig;
use crate::http::{HttpRequest, HttpResponse, Method};

/// S3 keeps at most this many tags on an object.
pub const MAX_TAGS: usize = 10;
/// In characters (Unicode scalar values), as S3 counts them.
const MAX_KEY_CHARS: usize = 128;
const MAX_VALUE_CHARS: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// What is wrong with a set of tags, naming the tag (0-based) where it is one tag's fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagProblem {
    TooMany,
    EmptyKey(usize),
    KeyTooLong(usize),
    ValueTooLong(usize),
    /// The `aws:` prefix is AWS's own.
    ReservedKey(usize),
    /// A character outside letters, digits, spaces and `_ . : / = + - @`.
    Character(usize, char),
    /// The second use of a key.
    Repeated(usize),
}

pub fn get_request(config: &AwsConfig, key: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, format!("{}?tagging", object_url(config, key)))
}

/// PutObjectTagging replaces the whole set. S3 requires a checksum of the body (as it does for
/// DeleteObjects); CRC-32C is already in the module.
pub fn put_request(config: &AwsConfig, key: &str, tags: &[Tag]) -> HttpRequest {
    let tags: String = tags
        .iter()
        .map(|t| {
            format!(
                "<Tag><Key>{}</Key><Value>{}</Value></Tag>",
                xml_escape(&t.key),
                xml_escape(&t.value)
            )
        })
        .collect();
    let body = format!(
        "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>{tags}</TagSet></Tagging>"
    );
    HttpRequest::new(Method::Put, format!("{}?tagging", object_url(config, key)))
        .header("content-type", "application/xml")
        .header(
            checksum::HEADER,
            checksum::crc32c(body.as_bytes()).header_value(),
        )
        .body(body)
}

pub fn parse_tags(response: &HttpResponse) -> Result<Vec<Tag>, S3Error> {
    let root = parse_result(response, &["Tagging"], "an S3 GetObjectTagging answer")?;
    let Some(set) = root.child("TagSet") else {
        return Ok(Vec::new());
    };
    Ok(set
        .children_named("Tag")
        .map(|tag| Tag {
            key: tag.child_text("Key").unwrap_or_default().to_string(),
            value: tag.child_text("Value").unwrap_or_default().to_string(),
        })
        .collect())
}

/// The first problem S3 would refuse the set for, if any.
pub fn check_tags(tags: &[Tag]) -> Result<(), TagProblem> {
    if tags.len() > MAX_TAGS {
        return Err(TagProblem::TooMany);
    }
    for (i, tag) in tags.iter().enumerate() {
        if tag.key.is_empty() {
            return Err(TagProblem::EmptyKey(i));
        }
        if tag.key.chars().count() > MAX_KEY_CHARS {
            return Err(TagProblem::KeyTooLong(i));
        }
        if tag.value.chars().count() > MAX_VALUE_CHARS {
            return Err(TagProblem::ValueTooLong(i));
        }
        if tag.key.to_ascii_lowercase().starts_with("aws:") {
            return Err(TagProblem::ReservedKey(i));
        }
        let refused = tag
            .key
            .chars()
            .chain(tag.value.chars())
            .find(|c| !allowed(*c));
        if let Some(c) = refused {
            return Err(TagProblem::Character(i, c));
        }
        if tags[..i].iter().any(|earlier| earlier.key == tag.key) {
            return Err(TagProblem::Repeated(i));
        }
    }
    Ok(())
}

/// S3's tag characters: letters, digits and white space in any script, and `_ . : / = + - @`.
fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }

    fn fixture(name: &str) -> HttpResponse {
        let path = format!("tests/fixtures/s3/{name}");
        HttpResponse::new(
            200,
            std::fs::read(&path).unwrap_or_else(|_| panic!("{path}")),
        )
    }

    // The tag set as the stand-in (moto) answers GetObjectTagging, names with spaces and UTF-8.
    #[test]
    fn reads_the_recorded_tag_set() {
        let tags = parse_tags(&fixture("get_object_tagging.xml")).unwrap();
        assert_eq!(
            tags,
            [
                tag("project", "Q4 report: 2026/12 +draft"),
                tag("review", "")
            ]
        );
    }

    // A file without tags answers an empty TagSet: no tags, not an error.
    #[test]
    fn an_empty_set_is_no_tags() {
        let tags = parse_tags(&fixture("get_object_tagging_empty.xml")).unwrap();
        assert!(tags.is_empty());
    }

    // S3 refuses a PutObjectTagging without a checksum of its body, and parses XML: the body
    // must carry the matching CRC-32C and escape what the user typed.
    #[test]
    fn a_put_carries_the_escaped_set_and_its_checksum() {
        let config = AppConfig::local().aws;
        let request = put_request(&config, "users/u/a b.txt", &[tag("a<b", "x & y")]);
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert!(request.url.ends_with("/users/u/a%20b.txt?tagging"));
        assert!(body.contains("<Key>a&lt;b</Key><Value>x &amp; y</Value>"));
        assert_eq!(
            request.header_value(checksum::HEADER).unwrap(),
            checksum::crc32c(body.as_bytes()).header_value()
        );
    }

    // Each of S3's rules, named with the tag at fault, so the editor can point at it.
    #[test]
    fn names_the_first_rule_a_set_breaks() {
        let eleven: Vec<Tag> = (0..11).map(|i| tag(&format!("k{i}"), "")).collect();
        assert_eq!(check_tags(&eleven), Err(TagProblem::TooMany));
        assert_eq!(check_tags(&eleven[..10]), Ok(()));
        assert_eq!(check_tags(&[tag("", "v")]), Err(TagProblem::EmptyKey(0)));
        let long_key = "é".repeat(129);
        assert_eq!(
            check_tags(&[tag("ok", ""), tag(&long_key, "")]),
            Err(TagProblem::KeyTooLong(1))
        );
        assert_eq!(check_tags(&[tag(&"é".repeat(128), "")]), Ok(()));
        assert_eq!(
            check_tags(&[tag("k", &"v".repeat(257))]),
            Err(TagProblem::ValueTooLong(0))
        );
        assert_eq!(
            check_tags(&[tag("AWS:owner", "")]),
            Err(TagProblem::ReservedKey(0))
        );
        assert_eq!(
            check_tags(&[tag("k", "50%")]),
            Err(TagProblem::Character(0, '%'))
        );
        assert_eq!(
            check_tags(&[tag("k", "a"), tag("k", "b")]),
            Err(TagProblem::Repeated(1))
        );
        assert_eq!(
            check_tags(&[tag("Projekt 1", "Bücher/2026 = fertig+gut@ja_-.:")]),
            Ok(())
        );
    }
}
