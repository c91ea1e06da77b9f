//! Versions of files in a versioned bucket: whether versioning is on (GetBucketVersioning), the
//! versions and delete markers under a prefix (ListObjectVersions), and bringing one back.
//!
//! A delete in a versioned bucket only puts a delete marker on top of the file's versions. The
//! app brings a file back by copying its newest real version onto the key (a new version),
//! never by deleting the marker: removing a marker takes `s3:DeleteObjectVersion`, which IAM
//! cannot limit to markers, and which would let a user destroy any version for good.

use crate::aws::copy::copy_source;
use crate::aws::s3::{decode_key, parse_result, S3Error};
use crate::config::{AwsConfig, S3Addressing};
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};
use crate::time::{parse_iso8601_utc, UnixSeconds};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versioning {
    Enabled,
    /// Was on: old versions stay, new writes keep none.
    Suspended,
    /// Never turned on: a delete is for good.
    Off,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectVersion {
    pub key: String,
    pub version_id: String,
    /// The current version of its key.
    pub latest: bool,
    /// A delete marker: the key reads as deleted while it is the latest.
    pub deleted: bool,
    pub size: u64,
    pub last_modified: Option<UnixSeconds>,
}

/// Where the next page of a listing starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionMarker {
    pub key: String,
    pub version_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct VersionPage {
    /// Key by key in S3's order, each key's newest first.
    pub versions: Vec<ObjectVersion>,
    pub next: Option<VersionMarker>,
}

/// A file whose latest version is a delete marker, with the version a restore brings back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    pub deleted_at: Option<UnixSeconds>,
    pub version: ObjectVersion,
}

fn bucket_query_url(config: &AwsConfig, query: &str) -> String {
    let base = crate::aws::s3::bucket_url(config);
    match config.s3 {
        S3Addressing::PathStyle { .. } => format!("{base}?{query}"),
        S3Addressing::VirtualHosted { .. } => format!("{base}/?{query}"),
    }
}

pub fn versioning_request(config: &AwsConfig) -> HttpRequest {
    HttpRequest::new(Method::Get, bucket_query_url(config, "versioning"))
}

pub fn parse_versioning(response: &HttpResponse) -> Result<Versioning, S3Error> {
    let root = parse_result(
        response,
        &["VersioningConfiguration"],
        "an S3 GetBucketVersioning answer",
    )?;
    Ok(match root.child_text("Status") {
        Some("Enabled") => Versioning::Enabled,
        Some("Suspended") => Versioning::Suspended,
        _ => Versioning::Off,
    })
}

/// ListObjectVersions under `prefix`, from `after` on.
pub fn list_request(
    config: &AwsConfig,
    prefix: &str,
    after: Option<&VersionMarker>,
) -> HttpRequest {
    let mut query = format!("encoding-type=url&prefix={}", encode_rfc3986(prefix));
    if let Some(marker) = after {
        query.push_str(&format!(
            "&key-marker={}&version-id-marker={}",
            encode_rfc3986(&marker.key),
            encode_rfc3986(&marker.version_id)
        ));
    }
    query.push_str("&versions");
    HttpRequest::new(Method::Get, bucket_query_url(config, &query))
}

pub fn parse_list(response: &HttpResponse) -> Result<VersionPage, S3Error> {
    let root = parse_result(
        response,
        &["ListVersionsResult"],
        "an S3 ListObjectVersions answer",
    )?;
    let versions = root
        .children
        .iter()
        .filter(|e| e.name == "Version" || e.name == "DeleteMarker")
        .map(|e| ObjectVersion {
            key: decode_key(e.child_text("Key").unwrap_or_default()),
            version_id: e.child_text("VersionId").unwrap_or("null").to_string(),
            latest: e.child_text("IsLatest") == Some("true"),
            deleted: e.name == "DeleteMarker",
            size: e
                .child_text("Size")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            last_modified: e.child_text("LastModified").and_then(parse_iso8601_utc),
        })
        .collect();
    let next = (root.child_text("IsTruncated") == Some("true"))
        .then(|| {
            Some(VersionMarker {
                key: decode_key(root.child_text("NextKeyMarker")?),
                version_id: root.child_text("NextVersionIdMarker")?.to_string(),
            })
        })
        .flatten();
    Ok(VersionPage { versions, next })
}

/// CopyObject of `version` of its key onto the key: it becomes the current version again (the
/// versions above it stay, as older ones).
pub fn restore_request(config: &AwsConfig, version: &ObjectVersion) -> HttpRequest {
    let source = format!(
        "{}?versionId={}",
        copy_source(config, &version.key),
        encode_rfc3986(&version.version_id)
    );
    HttpRequest::new(
        Method::Put,
        crate::aws::s3::object_url(config, &version.key),
    )
    .header("x-amz-copy-source", source)
}

/// Finds, page by page, the files whose latest version is a delete marker, each with its newest
/// real version (what a restore brings back). A key's versions may span two pages: what was
/// seen of it is kept between them.
#[derive(Default)]
pub struct DeletedFinder {
    /// The key whose latest version was a delete marker (with its date), until its newest real
    /// version is seen.
    pending: Option<(String, Option<UnixSeconds>)>,
}

impl DeletedFinder {
    pub fn feed(&mut self, versions: &[ObjectVersion]) -> Vec<Deleted> {
        let mut found = Vec::new();
        for version in versions {
            if version.latest {
                self.pending = version
                    .deleted
                    .then(|| (version.key.clone(), version.last_modified));
                continue;
            }
            let Some((key, deleted_at)) = &self.pending else {
                continue;
            };
            if *key == version.key && !version.deleted {
                found.push(Deleted {
                    deleted_at: *deleted_at,
                    version: version.clone(),
                });
                self.pending = None;
            }
        }
        found
    }
}

/// The longest prefix every key shares (the listing that finds them all).
pub fn common_prefix(keys: &[String]) -> String {
    let Some(first) = keys.first() else {
        return String::new();
    };
    let mut end = first.len();
    for key in &keys[1..] {
        end = first
            .char_indices()
            .zip(key.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, c), _)| i + c.len_utf8())
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn fixture(name: &str) -> HttpResponse {
        let path = format!("tests/fixtures/s3/{name}");
        HttpResponse::new(
            200,
            std::fs::read(&path).unwrap_or_else(|_| panic!("{path}")),
        )
    }

    fn version(key: &str, id: &str, latest: bool, deleted: bool) -> ObjectVersion {
        ObjectVersion {
            key: key.into(),
            version_id: id.into(),
            latest,
            deleted,
            size: 1,
            last_modified: None,
        }
    }

    // The recorded answer of a versioned folder: a file written twice then deleted (a marker on
    // top), one written once, a name with a space; keys decoded, markers told from versions.
    #[test]
    fn reads_versions_and_delete_markers_in_order() {
        let page = parse_list(&fixture("list_object_versions.xml")).unwrap();
        let summary: Vec<(String, bool, bool, u64)> = page
            .versions
            .iter()
            .map(|v| {
                (
                    v.key.rsplit('/').next().unwrap().to_string(),
                    v.latest,
                    v.deleted,
                    v.size,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("a b.txt".to_string(), true, true, 0),
                ("a b.txt".to_string(), false, false, 6),
                ("a b.txt".to_string(), false, false, 5),
                ("kept.txt".to_string(), true, false, 4),
            ]
        );
        assert!(page.versions.iter().all(|v| !v.version_id.is_empty()));
        assert!(page.versions[1].last_modified.is_some());
        assert_eq!(page.next, None);
    }

    // A bucket answers its versioning status; one never versioned answers no Status at all.
    #[test]
    fn reads_whether_versioning_is_on() {
        assert_eq!(
            parse_versioning(&fixture("get_bucket_versioning.xml")),
            Ok(Versioning::Enabled)
        );
        let never = HttpResponse::new(
            200,
            "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>",
        );
        assert_eq!(parse_versioning(&never), Ok(Versioning::Off));
    }

    // The listing continues after the marker S3 named; both parts encoded.
    #[test]
    fn a_next_page_starts_after_the_marker() {
        let config = AppConfig::local().aws;
        let marker = VersionMarker {
            key: "users/u/a b".into(),
            version_id: "x+y".into(),
        };
        let request = list_request(&config, "users/u/", Some(&marker));
        assert!(request.url.contains("prefix=users%2Fu%2F"));
        assert!(request
            .url
            .contains("&key-marker=users%2Fu%2Fa%20b&version-id-marker=x%2By"));
        assert!(request.url.ends_with("&versions"));
    }

    // A restore copies that very version: the version id rides on the copy source.
    #[test]
    fn a_restore_copies_the_version_onto_its_key() {
        let config = AppConfig::local().aws;
        let request = restore_request(&config, &version("users/u/a b.txt", "3/L+4", false, false));
        assert_eq!(request.method, Method::Put);
        assert!(request.url.ends_with("/users/u/a%20b.txt"));
        assert_eq!(
            request.header_value("x-amz-copy-source"),
            Some("firebridge-files/users/u/a%20b.txt?versionId=3%2FL%2B4")
        );
        assert_eq!(request.header_value("if-none-match"), None);
    }

    // Deleted files: a marker on top, restored from the newest real version below it, even
    // when a page ends between the two; a file written again after its delete is not deleted,
    // and a marker with nothing below it has nothing to bring back.
    #[test]
    fn finds_deleted_files_across_pages() {
        let mut finder = DeletedFinder::default();
        let first = finder.feed(&[
            version("a", "a3", true, true),
            version("a", "a2", false, false),
            version("a", "a1", false, false),
            version("b", "b2", true, false),
            version("b", "b1", false, true),
            version("c", "c2", true, true),
        ]);
        assert_eq!(
            first
                .iter()
                .map(|d| d.version.version_id.as_str())
                .collect::<Vec<_>>(),
            ["a2"]
        );
        let second = finder.feed(&[
            version("c", "c1", false, true),
            version("c", "c0", false, false),
            version("d", "d1", true, true),
            version("e", "e1", true, false),
        ]);
        assert_eq!(
            second
                .iter()
                .map(|d| d.version.version_id.as_str())
                .collect::<Vec<_>>(),
            ["c0"]
        );
    }

    // The listing that finds every deleted key must start where they all do: one folder's
    // files share the folder, a single key is its own prefix, and a multibyte character is
    // never cut in half.
    #[test]
    fn the_common_prefix_of_deleted_keys() {
        let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(
            common_prefix(&keys(&["users/u/a/x.txt", "users/u/a/y/z.txt"])),
            "users/u/a/"
        );
        assert_eq!(
            common_prefix(&keys(&["users/u/report.pdf"])),
            "users/u/report.pdf"
        );
        assert_eq!(
            common_prefix(&keys(&["users/u/é1", "users/u/é2"])),
            "users/u/é"
        );
        assert_eq!(
            common_prefix(&keys(&["users/u/éa", "users/u/èa"])),
            "users/u/"
        );
        assert_eq!(common_prefix(&[]), "");
    }
}
