//! S3 multipart uploads: how a file is cut into parts, and the five requests involved
//! (create, upload part, complete, abort, list parts) with their answers.
//!
//! Parts are sent with `UNSIGNED-PAYLOAD` (hashing a whole part with SHA-256 for the signature
//! would cost more than sending it) and, unless `aws.uploadChecksums` is off, with a CRC-32C
//! that S3 checks against what it receives (`aws::checksum`): the upload is created naming the
//! algorithm, each part carries its value, and the completion lists them.

use crate::aws::checksum;
use crate::aws::error::AwsError;
use crate::aws::s3::{self, object_url, xml_escape, S3Error};
use crate::aws::xml;
use crate::config::AwsConfig;
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};

const MIB: u64 = 1024 * 1024;
/// Files up to this size go in one PUT; above it, in parts.
pub const SINGLE_PUT_MAX: u64 = 16 * MIB;
/// S3 needs at least 5 MiB per part but the last; 8 MiB keeps the number of requests low.
pub const MIN_PART_SIZE: u64 = 8 * MIB;
/// S3's limit on the number of parts of one upload.
pub const MAX_PARTS: u64 = 10_000;
/// Days after which the bucket's lifecycle rule (the assistant writes it) has S3 abort a
/// multipart upload nobody finished; records of interrupted uploads are forgotten after as long.
pub const ABORT_INCOMPLETE_UPLOADS_DAYS: u64 = 7;

/// One part: its number (from 1) and its byte range in the file, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartRange {
    pub number: u32,
    pub start: u64,
    pub end: u64,
}

/// A finished part, as CompleteMultipartUpload needs it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DonePart {
    pub number: u32,
    pub etag: String,
    /// Its CRC-32C (base64), when the upload carries checksums: the completion must list it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
}

/// What tells a local file from another: its name, size and modification time (the same three
/// mean the same file). Kept as a three-item array, as records written before it was a type.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "(String, u64, u64)", into = "(String, u64, u64)")]
pub struct FileIdentity {
    pub name: String,
    pub size: u64,
    /// Milliseconds since the Unix epoch, as the browser reports it.
    pub modified: u64,
}

impl From<(String, u64, u64)> for FileIdentity {
    fn from((name, size, modified): (String, u64, u64)) -> Self {
        FileIdentity {
            name,
            size,
            modified,
        }
    }
}

impl From<FileIdentity> for (String, u64, u64) {
    fn from(file: FileIdentity) -> Self {
        (file.name, file.size, file.modified)
    }
}

/// What lets an interrupted upload resume when the user picks the same file again: where it
/// goes, S3's upload id, and the parts already stored. No secrets: it stays in localStorage.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResumeRecord {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    /// The local file it sends.
    pub file: FileIdentity,
    pub part_size: u64,
    pub done: Vec<DonePart>,
    /// When the upload started (Unix seconds; 0 in records written before it was kept).
    #[serde(default)]
    pub started_at: crate::time::UnixSeconds,
    /// Whether the upload was created with CRC-32C: then every part must carry one (false in
    /// records written before checksums, whose uploads take none).
    #[serde(default)]
    pub checksummed: bool,
}

impl ResumeRecord {
    /// Past the bucket's lifecycle rule, S3 has aborted the upload: the record is worth
    /// nothing and is forgotten (it names a file and a key, in localStorage).
    pub fn expired(&self, now: crate::time::UnixSeconds) -> bool {
        let limit = ABORT_INCOMPLETE_UPLOADS_DAYS * 24 * 3600;
        now.saturating_sub(self.started_at) >= limit
    }

    /// Bytes of the file in the parts stored so far.
    pub fn stored_bytes(&self) -> u64 {
        parts(self.file.size, self.part_size)
            .iter()
            .filter(|range| self.done.iter().any(|d| d.number == range.number))
            .map(|range| range.end - range.start)
            .sum()
    }

    /// Whether `file` is the file this upload was sending.
    pub fn is_of(&self, file: &FileIdentity) -> bool {
        &self.file == file
    }

    /// The parts to keep, after S3 said which it really holds: a part counts only if S3 has it
    /// with the ETag and the size this upload expects.
    pub fn confirmed(&self, stored: &[(DonePart, u64)]) -> Vec<DonePart> {
        let expected = parts(self.file.size, self.part_size);
        self.done
            .iter()
            .filter(|part| {
                let size = expected
                    .iter()
                    .find(|r| r.number == part.number)
                    .map(|r| r.end - r.start);
                stored
                    .iter()
                    .any(|(s, bytes)| s == *part && Some(*bytes) == size)
            })
            .cloned()
            .collect()
    }
}

/// The part size for a file: 8 MiB, or more (in whole MiB) so that 10,000 parts cover it.
pub fn part_size(file_size: u64) -> u64 {
    let needed = file_size.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
    needed.max(MIN_PART_SIZE)
}

/// The parts of a file of `file_size` bytes.
pub fn parts(file_size: u64, part_size: u64) -> Vec<PartRange> {
    (0..file_size.div_ceil(part_size))
        .map(|i| PartRange {
            number: i as u32 + 1,
            start: i * part_size,
            end: ((i + 1) * part_size).min(file_size),
        })
        .collect()
}

/// CreateMultipartUpload; `checksummed`: every part will carry a CRC-32C.
pub fn create_request(
    config: &AwsConfig,
    key: &str,
    content_type: &str,
    checksummed: bool,
) -> HttpRequest {
    let request = HttpRequest::new(Method::Post, format!("{}?uploads", object_url(config, key)));
    let request = match checksummed {
        true => request.header("x-amz-checksum-algorithm", checksum::ALGORITHM),
        false => request,
    };
    request.header("content-type", content_type)
}

pub fn parse_create(response: &HttpResponse) -> Result<String, S3Error> {
    let root = parse_ok(response, &["InitiateMultipartUploadResult"])?;
    root.child_text("UploadId")
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| malformed(response))
}

/// The request for one part; its body (the file's slice) is sent alongside, unsigned.
pub fn upload_part_request(
    config: &AwsConfig,
    key: &str,
    upload_id: &str,
    number: u32,
) -> HttpRequest {
    let url = format!(
        "{}?partNumber={number}&uploadId={}",
        object_url(config, key),
        encode_rfc3986(upload_id)
    );
    HttpRequest::new(Method::Put, url).unsigned_payload()
}

/// The part's ETag. A success without one means the bucket's CORS does not expose ETag, so the
/// browser hides it and the upload cannot be completed.
pub fn part_etag(response: &HttpResponse) -> Result<String, S3Error> {
    if !response.is_success() {
        return Err(S3Error::from_response(response));
    }
    response
        .header_value("etag")
        .filter(|etag| !etag.is_empty())
        .map(str::to_string)
        .ok_or(S3Error::EtagNotExposed)
}

pub fn complete_request(
    config: &AwsConfig,
    key: &str,
    upload_id: &str,
    parts: &[DonePart],
) -> HttpRequest {
    let mut sorted = parts.to_vec();
    sorted.sort_by_key(|p| p.number);
    let body: String = sorted
        .iter()
        .map(|p| {
            let checksum = p
                .checksum
                .as_ref()
                .map(|c| format!("<ChecksumCRC32C>{}</ChecksumCRC32C>", xml_escape(c)))
                .unwrap_or_default();
            format!(
                "<Part>{checksum}<ETag>{}</ETag><PartNumber>{}</PartNumber></Part>",
                xml_escape(&p.etag),
                p.number
            )
        })
        .collect();
    let url = format!(
        "{}?uploadId={}",
        object_url(config, key),
        encode_rfc3986(upload_id)
    );
    HttpRequest::new(Method::Post, url)
        .header("content-type", "application/xml")
        .body(format!(
            "<CompleteMultipartUpload>{body}</CompleteMultipartUpload>"
        ))
}

/// S3 may answer 200 and still report an error in the body (it starts answering before it
/// knows), so the body is checked too.
pub fn check_complete(response: &HttpResponse) -> Result<(), S3Error> {
    parse_ok(response, &["CompleteMultipartUploadResult"]).map(|_| ())
}

pub fn abort_request(config: &AwsConfig, key: &str, upload_id: &str) -> HttpRequest {
    let url = format!(
        "{}?uploadId={}",
        object_url(config, key),
        encode_rfc3986(upload_id)
    );
    HttpRequest::new(Method::Delete, url)
}

pub fn list_parts_request(
    config: &AwsConfig,
    key: &str,
    upload_id: &str,
    marker: Option<u32>,
) -> HttpRequest {
    let mut url = format!(
        "{}?uploadId={}",
        object_url(config, key),
        encode_rfc3986(upload_id)
    );
    if let Some(marker) = marker {
        url.push_str(&format!("&part-number-marker={marker}"));
    }
    HttpRequest::new(Method::Get, url)
}

/// A page of the parts S3 holds for an upload.
pub struct PartsPage {
    /// Each part with its size in bytes.
    pub parts: Vec<(DonePart, u64)>,
    /// Where the next page starts, when there is one.
    pub next_marker: Option<u32>,
}

pub fn parse_list_parts(response: &HttpResponse) -> Result<PartsPage, S3Error> {
    // S3 names the root ListPartsResult; moto (the stand-in) ListPartsResponse.
    let root = parse_ok(response, &["ListPartsResult", "ListPartsResponse"])?;
    let parts = root
        .children_named("Part")
        .filter_map(|part| {
            let number = part.child_text("PartNumber")?.parse().ok()?;
            let etag = part.child_text("ETag")?.to_string();
            let size = part.child_text("Size")?.parse().ok()?;
            let checksum = part.child_text("ChecksumCRC32C").map(str::to_string);
            Some((
                DonePart {
                    number,
                    etag,
                    checksum,
                },
                size,
            ))
        })
        .collect();
    let next_marker = (root.child_text("IsTruncated") == Some("true"))
        .then(|| root.child_text("NextPartNumberMarker")?.parse().ok())
        .flatten();
    Ok(PartsPage { parts, next_marker })
}

const WHAT: &str = "an S3 multipart upload answer";

fn parse_ok(response: &HttpResponse, root_names: &[&str]) -> Result<xml::Element, S3Error> {
    s3::parse_result(response, root_names, WHAT)
}

fn malformed(response: &HttpResponse) -> S3Error {
    S3Error::Other(AwsError::malformed(response, WHAT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn local() -> AwsConfig {
        AppConfig::local().aws
    }

    // S3 allows 10,000 parts: big files need bigger parts, small ones keep 8 MiB.
    #[test]
    fn part_size_stays_under_ten_thousand_parts() {
        assert_eq!(part_size(64 * MIB), 8 * MIB);
        for size in [80_000 * MIB, 5 * 1024 * 1024 * MIB, 123_456_789_012] {
            let part = part_size(size);
            assert!(size.div_ceil(part) <= MAX_PARTS, "{size}: {part}");
            assert_eq!(part % MIB, 0);
        }
    }

    // The parts cover the file exactly, numbered from 1, the last one shorter.
    #[test]
    fn parts_cover_the_file_exactly() {
        let list = parts(20 * MIB + 3, 8 * MIB);
        assert_eq!(list.len(), 3);
        assert_eq!(
            list[0],
            PartRange {
                number: 1,
                start: 0,
                end: 8 * MIB
            }
        );
        assert_eq!(
            list[2],
            PartRange {
                number: 3,
                start: 16 * MIB,
                end: 20 * MIB + 3
            }
        );
        assert!(parts(0, 8 * MIB).is_empty());
    }

    // A part is signed with UNSIGNED-PAYLOAD (its body is streamed from the file), said once
    // in the one header S3 expects.
    #[test]
    fn parts_are_signed_with_an_unsigned_payload() {
        use crate::aws::sign::{tests::sign_at, Service};
        let mut request = upload_part_request(&local(), "users/u/big file.bin", "id+/=", 7);
        assert!(request
            .url
            .ends_with("/users/u/big%20file.bin?partNumber=7&uploadId=id%2B%2F%3D"));
        sign_at(&mut request, Service::S3, "us-east-1", 1_795_230_000);
        let hashes: Vec<_> = request
            .headers
            .iter()
            .filter(|(n, _)| n == "x-amz-content-sha256")
            .collect();
        assert_eq!(hashes.len(), 1);
        assert_eq!(hashes[0].1, "UNSIGNED-PAYLOAD");
        // Whatever bytes the request holds: the payload kind, not the body, decides.
        let mut with_bytes = upload_part_request(&local(), "k", "id", 1).body(b"abc".to_vec());
        sign_at(&mut with_bytes, Service::S3, "us-east-1", 1_795_230_000);
        assert_eq!(
            with_bytes.header_value("x-amz-content-sha256"),
            Some("UNSIGNED-PAYLOAD")
        );
    }

    // The completion lists parts in order, with ETags (which carry quotes) escaped for XML.
    #[test]
    fn completion_lists_parts_in_order() {
        let done = [
            DonePart {
                number: 2,
                etag: "\"b\"".into(),
                checksum: None,
            },
            DonePart {
                number: 1,
                etag: "\"a\"".into(),
                checksum: None,
            },
        ];
        let request = complete_request(&local(), "users/u/f", "up", &done);
        assert_eq!(
            String::from_utf8(request.body).unwrap(),
            "<CompleteMultipartUpload><Part><ETag>&quot;a&quot;</ETag><PartNumber>1</PartNumber></Part><Part><ETag>&quot;b&quot;</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>"
        );
    }

    // An upload created with CRC-32C: S3 refuses a completion that does not list each part's
    // checksum ("The upload was created using a crc32c checksum…").
    #[test]
    fn a_checksummed_upload_names_its_algorithm_and_lists_each_parts_checksum() {
        let create = create_request(&local(), "users/u/f", "text/plain", true);
        assert_eq!(
            create.header_value("x-amz-checksum-algorithm"),
            Some("CRC32C")
        );
        let plain = create_request(&local(), "users/u/f", "text/plain", false);
        assert_eq!(plain.header_value("x-amz-checksum-algorithm"), None);
        let done = [DonePart {
            number: 1,
            etag: "\"a\"".into(),
            checksum: Some("4waSgw==".into()),
        }];
        let request = complete_request(&local(), "users/u/f", "up", &done);
        assert_eq!(
            String::from_utf8(request.body).unwrap(),
            "<CompleteMultipartUpload><Part><ChecksumCRC32C>4waSgw==</ChecksumCRC32C><ETag>&quot;a&quot;</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>"
        );
    }

    // A stored part whose ETag the browser cannot see: the bucket's CORS must expose it.
    #[test]
    fn a_hidden_etag_is_explained() {
        let error = part_etag(&HttpResponse::new(200, Vec::new())).unwrap_err();
        assert_eq!(error, S3Error::EtagNotExposed);
        assert!(error.to_string().contains("ExposeHeaders"));
        let mut ok = HttpResponse::new(200, Vec::new());
        ok.headers.push(("ETag".into(), "\"abc\"".into()));
        assert_eq!(part_etag(&ok).unwrap(), "\"abc\"");
    }

    // S3 can answer 200 with an error in the body for CompleteMultipartUpload.
    #[test]
    fn an_error_inside_a_200_completion_is_an_error() {
        let body = b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
        let error = check_complete(&HttpResponse::new(200, body.to_vec())).unwrap_err();
        assert!(matches!(error, S3Error::Other(e) if e.code == "InternalError"));
    }

    fn recorded(status: u16, file: &str) -> HttpResponse {
        let body = std::fs::read(format!("tests/fixtures/s3/{file}")).unwrap();
        let mut response = HttpResponse::new(status, body);
        response.headers.push(("etag".into(), "\"e\"".into()));
        response
    }

    // Recorded from the stand-in: a two-part upload's create, list and complete answers.
    #[test]
    fn parses_recorded_multipart_answers() {
        let id = parse_create(&recorded(200, "create_multipart_upload.xml")).unwrap();
        assert!(id.len() > 20, "{id}");
        let page = parse_list_parts(&recorded(200, "list_parts.xml")).unwrap();
        assert_eq!(page.parts.len(), 2);
        assert_eq!(page.parts[0].0.number, 1);
        assert_eq!(page.parts[0].1, 5 * MIB);
        assert!(page.parts[1].0.etag.starts_with('"'));
        assert_eq!(page.next_marker, None);
        check_complete(&recorded(200, "complete_multipart_upload.xml")).unwrap();
    }

    // An upload id S3 no longer knows (completed or aborted): resuming must start afresh.
    #[test]
    fn a_forgotten_upload_is_an_error() {
        let error = parse_list_parts(&recorded(404, "error_no_such_upload.xml"));
        assert!(matches!(error, Err(S3Error::Other(e)) if e.code == "NoSuchUpload"));
    }

    // Resuming keeps only parts S3 really holds, with the expected ETag and size.
    #[test]
    fn resuming_keeps_only_confirmed_parts() {
        let part = |number, etag: &str| DonePart {
            number,
            etag: etag.into(),
            checksum: Some(format!("c{number}")),
        };
        let record = ResumeRecord {
            bucket: "b".into(),
            key: "k".into(),
            upload_id: "u".into(),
            file: ("f".to_string(), 20 * MIB, 1).into(),
            part_size: 8 * MIB,
            done: vec![part(1, "a"), part(2, "b"), part(3, "c")],
            started_at: 1_000,
            checksummed: true,
        };
        let stored = [
            (part(1, "a"), 8 * MIB),
            (part(2, "other"), 8 * MIB),
            (part(3, "c"), 1),
        ];
        assert_eq!(record.confirmed(&stored), vec![part(1, "a")]);
    }

    // Records in localStorage outlive versions of the app: the file reads and writes as the
    // three-item array it always was, so an upload interrupted before an update resumes after.
    #[test]
    fn a_records_file_keeps_its_stored_form() {
        let stored = r#"{"bucket":"b","key":"k","upload_id":"u","file":["a b.bin",20,7],"part_size":8,"done":[]}"#;
        let record: ResumeRecord = serde_json::from_str(stored).unwrap();
        assert_eq!(
            record.file,
            FileIdentity {
                name: "a b.bin".into(),
                size: 20,
                modified: 7
            }
        );
        let written = serde_json::to_value(&record).unwrap();
        assert_eq!(written["file"], serde_json::json!(["a b.bin", 20, 7]));
    }

    // A record outlives its upload by nothing: the lifecycle rule aborts uploads after a week,
    // and a record without a start time (written before it was kept) is stale already.
    #[test]
    fn records_expire_with_the_upload() {
        let record: ResumeRecord = serde_json::from_str(
            r#"{"bucket":"b","key":"k","upload_id":"u","file":["f",1,1],"part_size":8,"done":[]}"#,
        )
        .unwrap();
        assert!(record.expired(1_000_000));
        let fresh = ResumeRecord {
            started_at: 1_000_000,
            ..record
        };
        assert!(!fresh.expired(1_000_000 + 6 * 86_400));
        assert!(fresh.expired(1_000_000 + 7 * 86_400));
    }

    // The interrupted-uploads list says how much is already stored: the parts done, the last
    // one shorter.
    #[test]
    fn stored_bytes_count_the_parts_done() {
        let part = 8 << 20;
        let mut record = ResumeRecord {
            bucket: "b".into(),
            key: "users/u/big.bin".into(),
            upload_id: "id".into(),
            file: ("big.bin".to_string(), 2 * part + 5, 1).into(),
            part_size: part,
            done: Vec::new(),
            started_at: 0,
            checksummed: false,
        };
        assert_eq!(record.stored_bytes(), 0);
        for number in [1, 3] {
            record.done.push(DonePart {
                number,
                etag: "e".into(),
                checksum: None,
            });
        }
        assert_eq!(record.stored_bytes(), part + 5);
        assert!(record.is_of(&("big.bin".to_string(), 2 * part + 5, 1).into()));
        assert!(!record.is_of(&("big.bin".to_string(), 2 * part + 5, 2).into()));
    }
}
