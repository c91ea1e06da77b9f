//! Copies inside the bucket (rename and move are a copy, then a delete). One CopyObject takes a
//! source of up to 5 GiB; a bigger one is copied in parts with UploadPartCopy, inside a
//! multipart upload. Both are conditional (`If-None-Match: *`): S3 refuses them with 412 when
//! something is at the destination already, so a copy never replaces a file, even one another
//! tab wrote a moment ago.

use crate::aws::multipart::{self, PartRange};
use crate::aws::s3::{object_url, parse_result, S3Error};
use crate::config::AwsConfig;
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};

const MIB: u64 = 1024 * 1024;
/// S3's largest source for one CopyObject (and for one UploadPartCopy).
pub const MAX_SINGLE_COPY: u64 = 5 * 1024 * MIB;
/// Copied parts are big (S3 copies them on its side, nothing crosses the network): a 6 GiB
/// file is 12 requests, a 5 TiB one still under 10,000.
const COPY_PART_SIZE: u64 = 512 * MIB;
/// S3 copies a byte range only out of a source larger than this.
const RANGE_COPY_MIN_SOURCE: u64 = 5 * MIB;

/// The source of a copy as S3 reads it from `x-amz-copy-source`: the bucket, then the key with
/// each segment encoded once.
pub fn copy_source(config: &AwsConfig, key: &str) -> String {
    let segments: Vec<String> = key.split('/').map(encode_rfc3986).collect();
    format!("{}/{}", config.bucket, segments.join("/"))
}

/// CopyObject: `to` becomes a copy of `from` (both keys of this bucket), unless `to` exists.
pub fn copy_object_request(config: &AwsConfig, from: &str, to: &str) -> HttpRequest {
    HttpRequest::new(Method::Put, object_url(config, to))
        .header("if-none-match", "*")
        .header("x-amz-copy-source", copy_source(config, from))
}

/// A copy S3 made. S3 may answer 200 and still report an error in the body (it starts answering
/// before it knows); one refused because the destination exists is `PreconditionFailed`.
pub fn check_copy(response: &HttpResponse) -> Result<(), S3Error> {
    parse_result(response, &["CopyObjectResult"], "an S3 copy answer").map(|_| ())
}

/// The parts of a copy in parts of a `size`-byte source.
pub fn copy_parts(size: u64) -> Vec<PartRange> {
    let part = COPY_PART_SIZE.max(size.div_ceil(multipart::MAX_PARTS).div_ceil(MIB) * MIB);
    multipart::parts(size, part.min(MAX_SINGLE_COPY))
}

/// UploadPartCopy: part `part.number` of the upload to `to` is `part`'s bytes of `from`. A part
/// that is the whole source goes without a range (S3 takes ranges only of sources over 5 MB).
pub fn upload_part_copy_request(
    config: &AwsConfig,
    from: &str,
    source_size: u64,
    to: &str,
    upload_id: &str,
    part: PartRange,
) -> HttpRequest {
    let url = format!(
        "{}?partNumber={}&uploadId={}",
        object_url(config, to),
        part.number,
        encode_rfc3986(upload_id)
    );
    let request =
        HttpRequest::new(Method::Put, url).header("x-amz-copy-source", copy_source(config, from));
    let whole = part.start == 0 && part.end == source_size;
    if whole && source_size <= RANGE_COPY_MIN_SOURCE {
        return request;
    }
    request.header(
        "x-amz-copy-source-range",
        format!("bytes={}-{}", part.start, part.end - 1),
    )
}

/// The copied part's ETag, which S3 sends in the body (so no CORS header is needed for it).
pub fn parse_copy_part(response: &HttpResponse) -> Result<String, S3Error> {
    let root = parse_result(response, &["CopyPartResult"], "an S3 part copy answer")?;
    root.child_text("ETag")
        .filter(|etag| !etag.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            S3Error::Other(crate::aws::AwsError::malformed(
                response,
                "an S3 part copy answer",
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn local() -> AwsConfig {
        AppConfig::local().aws
    }

    // The copy source names the bucket and the key with each segment encoded once, as S3
    // decodes it; the copy never replaces what is at its destination.
    #[test]
    fn a_copy_names_its_source_encoded_and_is_conditional() {
        let request = copy_object_request(&local(), "users/u/a b+c%.txt", "users/u/d/é.txt");
        assert_eq!(request.method, Method::Put);
        assert!(
            request.url.ends_with("/users/u/d/%C3%A9.txt"),
            "{}",
            request.url
        );
        assert_eq!(
            request.header_value("x-amz-copy-source"),
            Some("firebridge-files/users/u/a%20b%2Bc%25.txt")
        );
        assert_eq!(request.header_value("if-none-match"), Some("*"));
    }

    fn recorded(status: u16, file: &str) -> HttpResponse {
        let body = std::fs::read(format!("tests/fixtures/s3/{file}")).unwrap();
        HttpResponse::new(status, body)
    }

    // A copy S3 completed, as recorded; an error S3 reported inside a 200; a destination taken.
    #[test]
    fn copy_answers_are_read_from_the_body() {
        check_copy(&recorded(200, "copy_object.xml")).unwrap();
        let body = b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
        let error = check_copy(&HttpResponse::new(200, body.to_vec())).unwrap_err();
        assert!(error.to_string().contains("internal error"), "{error}");
        let taken = check_copy(&recorded(412, "error_precondition_failed.xml"));
        assert_eq!(taken, Err(S3Error::PreconditionFailed));
        let too_big = check_copy(&recorded(400, "error_copy_source_too_large.xml"));
        assert_eq!(too_big, Err(S3Error::CopySourceTooLarge));
    }

    // Above 5 GiB a copy goes in parts of at least 512 MiB, under 10,000 parts and each at
    // most 5 GiB, covering the source exactly.
    #[test]
    fn big_sources_are_copied_in_few_large_parts() {
        let six_gib = 6 * 1024 * MIB;
        let parts = copy_parts(six_gib);
        assert_eq!(parts.len(), 12);
        assert_eq!(parts.last().unwrap().end, six_gib);
        let five_tib = 5 * 1024 * 1024 * MIB;
        let parts = copy_parts(five_tib);
        assert!(parts.len() as u64 <= multipart::MAX_PARTS);
        assert!(parts.iter().all(|p| p.end - p.start <= MAX_SINGLE_COPY));
        assert_eq!(parts.last().unwrap().end, five_tib);
    }

    // Each part names its byte range, inclusive, as S3 reads x-amz-copy-source-range; a small
    // source copied whole carries none (S3 refuses ranges of sources up to 5 MB).
    #[test]
    fn part_copies_name_their_range() {
        let part = PartRange {
            number: 2,
            start: 512 * MIB,
            end: 1024 * MIB,
        };
        let request =
            upload_part_copy_request(&local(), "users/u/big", 6 << 30, "users/u/to", "id+", part);
        assert!(request
            .url
            .ends_with("/users/u/to?partNumber=2&uploadId=id%2B"));
        assert_eq!(
            request.header_value("x-amz-copy-source-range"),
            Some("bytes=536870912-1073741823")
        );
        let whole = PartRange {
            number: 1,
            start: 0,
            end: 3 * MIB,
        };
        let request = upload_part_copy_request(
            &local(),
            "users/u/small",
            3 * MIB,
            "users/u/to",
            "id",
            whole,
        );
        assert_eq!(request.header_value("x-amz-copy-source-range"), None);
    }

    // The part's ETag comes from the recorded CopyPartResult body.
    #[test]
    fn parses_a_recorded_part_copy() {
        let etag = parse_copy_part(&recorded(200, "upload_part_copy.xml")).unwrap();
        assert!(etag.starts_with('"'), "{etag}");
    }
}
