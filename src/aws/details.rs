//! What S3 says about one object, for the details panel: a HEAD asking for the stored checksum
//! (`x-amz-checksum-mode: ENABLED`), read from the answer's headers. The bucket's CORS must
//! expose those that are not safelisted (the assistant's rules do, `setup::cors`); user
//! metadata shows only for names the rules expose (CORS has no wildcard for them).
//! A file's type changes by a copy onto itself that sends its metadata again (`retype_request`).

use crate::aws::copy::{copy_source, MAX_SINGLE_COPY};
use crate::aws::s3::{self, S3Error};
use crate::config::AwsConfig;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::time::{parse_http_date, UnixSeconds};

/// The checksums S3 may store with an object, as their header names end.
const CHECKSUM_ALGORITHMS: [&str; 5] = ["crc32c", "crc32", "crc64nvme", "sha256", "sha1"];

/// The headers S3 keeps with an object beside its type: a copy that replaces the metadata must
/// send them again or they are lost. (Cache-Control, Content-Language and Expires are
/// safelisted; the others the CORS rules expose.)
const KEPT_HEADERS: [&str; 5] = [
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "expires",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDetails {
    pub size: u64,
    pub content_type: String,
    pub last_modified: Option<UnixSeconds>,
    pub etag: String,
    pub checksum: Option<Checksum>,
    pub storage_class: String,
    /// None where the bucket's versioning was never on (S3 sends no version id then).
    pub version_id: Option<String>,
    /// `x-amz-meta-<name>` headers the page may read: (name, value).
    pub metadata: Vec<(String, String)>,
    /// The `KEPT_HEADERS` the object has: (name, value).
    pub kept_headers: Vec<(&'static str, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checksum {
    /// As S3 names it: `CRC32C`, `SHA256`…
    pub algorithm: String,
    /// Base64; a multipart upload's ends in `-<parts>` (a checksum of the parts' checksums).
    pub value: String,
    /// `FULL_OBJECT` or `COMPOSITE`, when S3 says.
    pub kind: Option<String>,
}

pub fn request(config: &AwsConfig, key: &str) -> HttpRequest {
    s3::head_object_request(config, key).header("x-amz-checksum-mode", "ENABLED")
}

pub fn parse(response: &HttpResponse) -> Result<ObjectDetails, S3Error> {
    s3::check(response)?;
    let header = |name: &str| response.header_value(name).map(str::to_string);
    let checksum = CHECKSUM_ALGORITHMS.iter().find_map(|algorithm| {
        Some(Checksum {
            algorithm: algorithm.to_ascii_uppercase(),
            value: header(&format!("x-amz-checksum-{algorithm}"))?,
            kind: header("x-amz-checksum-type"),
        })
    });
    let metadata = response
        .headers
        .iter()
        .filter_map(|(name, value)| {
            let name = name.to_ascii_lowercase();
            let name = name.strip_prefix("x-amz-meta-")?;
            Some((name.to_string(), value.clone()))
        })
        .collect();
    Ok(ObjectDetails {
        size: header("content-length")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        content_type: header("content-type").unwrap_or_default(),
        last_modified: header("last-modified").as_deref().and_then(parse_http_date),
        etag: header("etag").unwrap_or_default(),
        checksum,
        // S3 names the class only when it is not STANDARD.
        storage_class: header("x-amz-storage-class").unwrap_or_else(|| "STANDARD".into()),
        version_id: header("x-amz-version-id").filter(|v| v != "null"),
        metadata,
        kept_headers: KEPT_HEADERS
            .iter()
            .filter_map(|name| Some((*name, header(name)?)))
            .collect(),
    })
}

/// Whether `text` reads as a media type, `type/subtype` (parameters allowed after `;`): what
/// the page asks for before sending it as Content-Type. S3 takes any text.
pub fn is_media_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or_default().trim();
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    let printable = text.chars().all(|c| (' '..='~').contains(&c));
    matches!(essence.split_once('/'), Some((kind, sub)) if token(kind) && token(sub)) && printable
}

/// Why a file's type cannot be changed with one copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLargeToRetype;

/// CopyObject of the file onto itself with type `content_type`. S3 changes metadata only by
/// replacing all of it (`REPLACE`), so everything else the page read with `details` is sent
/// again: the kept headers, the user metadata, the storage class (a copy is STANDARD unless
/// told), the checksum's algorithm (S3 computes it anew for the whole file). Conditional on the
/// ETag of `details`: a file written since is refused (412), so what is sent again is never
/// another version's. Tags stay (the tagging directive defaults to COPY).
pub fn retype_request(
    config: &AwsConfig,
    key: &str,
    details: &ObjectDetails,
    content_type: &str,
) -> Result<HttpRequest, TooLargeToRetype> {
    if details.size > MAX_SINGLE_COPY {
        return Err(TooLargeToRetype);
    }
    let mut request = HttpRequest::new(Method::Put, s3::object_url(config, key))
        .header("x-amz-copy-source", copy_source(config, key))
        .header("x-amz-copy-source-if-match", details.etag.clone())
        .header("x-amz-metadata-directive", "REPLACE")
        .header("content-type", content_type);
    for (name, value) in &details.kept_headers {
        request = request.header(name, value.clone());
    }
    for (name, value) in &details.metadata {
        request = request.header(&format!("x-amz-meta-{name}"), value.clone());
    }
    if details.storage_class != "STANDARD" {
        request = request.header("x-amz-storage-class", details.storage_class.clone());
    }
    if let Some(checksum) = &details.checksum {
        request = request.header("x-amz-checksum-algorithm", checksum.algorithm.clone());
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(headers: &[(&str, &str)]) -> HttpResponse {
        let mut response = HttpResponse::new(200, Vec::new());
        for (name, value) in headers {
            response.headers.push((name.to_string(), value.to_string()));
        }
        response
    }

    // The details panel needs the stored checksum: the HEAD must ask for it.
    #[test]
    fn asks_for_the_stored_checksum() {
        let request = request(&crate::config::AppConfig::local().aws, "users/u/a b.txt");
        assert_eq!(request.header_value("x-amz-checksum-mode"), Some("ENABLED"));
        assert!(request.url.ends_with("/users/u/a%20b.txt"));
    }

    // A multipart upload's composite checksum, a class S3 names, a version and metadata.
    #[test]
    fn reads_what_s3_says_about_an_object() {
        let details = parse(&answer(&[
            ("content-length", "20971520"),
            ("content-type", "application/pdf"),
            ("last-modified", "Tue, 01 Dec 2026 19:39:00 GMT"),
            ("etag", "\"abc-3\""),
            ("x-amz-checksum-crc32c", "KYE/qQ==-3"),
            ("x-amz-checksum-type", "COMPOSITE"),
            ("x-amz-storage-class", "STANDARD_IA"),
            ("x-amz-version-id", "3HL4kqtJlcpXroDTDmJ"),
            ("X-Amz-Meta-Author", "Ann"),
        ]))
        .unwrap();
        assert_eq!(details.size, 20 << 20);
        assert_eq!(details.content_type, "application/pdf");
        assert!(details.last_modified.is_some());
        assert_eq!(
            details.checksum,
            Some(Checksum {
                algorithm: "CRC32C".into(),
                value: "KYE/qQ==-3".into(),
                kind: Some("COMPOSITE".into())
            })
        );
        assert_eq!(details.storage_class, "STANDARD_IA");
        assert_eq!(details.version_id.as_deref(), Some("3HL4kqtJlcpXroDTDmJ"));
        assert_eq!(
            details.metadata,
            [("author".to_string(), "Ann".to_string())]
        );
    }

    // An object uploaded without a checksum, in a bucket never versioned ("null" version).
    #[test]
    fn what_s3_leaves_out_reads_as_its_default() {
        let details = parse(&answer(&[
            ("content-length", "5"),
            ("x-amz-version-id", "null"),
        ]))
        .unwrap();
        assert_eq!(details.checksum, None);
        assert_eq!(details.storage_class, "STANDARD");
        assert_eq!(details.version_id, None);
        assert!(details.metadata.is_empty());
    }

    fn standard_file() -> ObjectDetails {
        parse(&answer(&[
            ("content-length", "5"),
            ("content-type", "text/plain"),
            ("etag", "\"5d41402abc4b2a76b9719d911017c592\""),
        ]))
        .unwrap()
    }

    // REPLACE drops whatever is not sent again: the presentation headers, user metadata, the
    // storage class and the checksum's algorithm must all be in the copy, and it must be
    // conditional on the ETag the panel showed.
    #[test]
    fn a_retype_sends_everything_else_again_and_only_onto_the_same_file() {
        let config = crate::config::AppConfig::local().aws;
        let details = parse(&answer(&[
            ("content-length", "5"),
            ("content-type", "text/plain"),
            ("etag", "\"abc\""),
            ("cache-control", "max-age=60"),
            ("content-disposition", "attachment"),
            ("x-amz-meta-author", "Ann"),
            ("x-amz-storage-class", "STANDARD_IA"),
            ("x-amz-checksum-crc32c", "KYE/qQ=="),
        ]))
        .unwrap();
        let request = retype_request(&config, "users/u/a b.md", &details, "text/markdown").unwrap();
        let header = |name| request.header_value(name);
        assert_eq!(request.method, Method::Put);
        assert!(request.url.ends_with("/users/u/a%20b.md"));
        assert_eq!(
            header("x-amz-copy-source"),
            Some("firebridge-files/users/u/a%20b.md")
        );
        assert_eq!(header("x-amz-copy-source-if-match"), Some("\"abc\""));
        assert_eq!(header("x-amz-metadata-directive"), Some("REPLACE"));
        assert_eq!(header("content-type"), Some("text/markdown"));
        assert_eq!(header("cache-control"), Some("max-age=60"));
        assert_eq!(header("content-disposition"), Some("attachment"));
        assert_eq!(header("x-amz-meta-author"), Some("Ann"));
        assert_eq!(header("x-amz-storage-class"), Some("STANDARD_IA"));
        assert_eq!(header("x-amz-checksum-algorithm"), Some("CRC32C"));
        assert_eq!(header("if-none-match"), None);
    }

    // What is sent as a header must be one: a typo or a control character is caught first.
    #[test]
    fn a_media_type_is_type_slash_subtype() {
        for good in [
            "text/plain",
            "image/svg+xml",
            "text/csv; charset=utf-8",
            "application/vnd.ms-excel",
        ] {
            assert!(is_media_type(good), "{good}");
        }
        for bad in [
            "",
            "text",
            "text/",
            "/plain",
            "text plain/x",
            "text/plain\n",
            "bild/ä",
        ] {
            assert!(!is_media_type(bad), "{bad:?}");
        }
    }

    // A STANDARD file without a checksum: nothing invented for it.
    #[test]
    fn a_retype_adds_nothing_the_file_did_not_have() {
        let config = crate::config::AppConfig::local().aws;
        let request = retype_request(&config, "k", &standard_file(), "text/csv").unwrap();
        for absent in [
            "x-amz-storage-class",
            "x-amz-checksum-algorithm",
            "cache-control",
        ] {
            assert_eq!(request.header_value(absent), None, "{absent}");
        }
    }

    // One CopyObject takes at most 5 GiB: a bigger file is refused before anything is sent.
    #[test]
    fn a_file_over_five_gib_cannot_be_retyped_in_one_copy() {
        let config = crate::config::AppConfig::local().aws;
        let mut details = standard_file();
        details.size = MAX_SINGLE_COPY + 1;
        assert_eq!(
            retype_request(&config, "k", &details, "text/csv"),
            Err(TooLargeToRetype)
        );
    }
}
