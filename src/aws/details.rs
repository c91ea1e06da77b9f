//! What S3 says about one object, for the details panel: a HEAD asking for the stored checksum
//! (`x-amz-checksum-mode: ENABLED`), read from the answer's headers. The bucket's CORS must
//! expose those that are not safelisted (the assistant's rules do, `setup::cors`); user
//! metadata shows only for names the rules expose (CORS has no wildcard for them).

use crate::aws::s3::{self, S3Error};
use crate::config::AwsConfig;
use crate::http::{HttpRequest, HttpResponse};
use crate::time::{parse_http_date, UnixSeconds};

/// The checksums S3 may store with an object, as their header names end.
const CHECKSUM_ALGORITHMS: [&str; 5] = ["crc32c", "crc32", "crc64nvme", "sha256", "sha1"];

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
    })
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
}
