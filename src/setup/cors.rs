//! The bucket's CORS rules: what lets the app's origins call S3 from the browser.

use super::Answers;
use serde_json::{json, Value};

/// The request headers the app sends to S3, listed one by one: browsers never let `*` cover
/// `Authorization`. (`range` and `if-match` resume a zip download's file where it broke off.)
pub const ALLOWED_HEADERS: [&str; 24] = [
    "authorization",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-type",
    "expires",
    "if-match",
    "if-none-match",
    "range",
    "x-amz-checksum-algorithm",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-mode",
    "x-amz-checksum-sha256",
    "x-amz-content-sha256",
    "x-amz-copy-source",
    "x-amz-copy-source-if-match",
    "x-amz-copy-source-range",
    "x-amz-date",
    "x-amz-meta-*",
    "x-amz-metadata-directive",
    "x-amz-security-token",
    "x-amz-storage-class",
    "x-amz-user-agent",
];

pub const ALLOWED_METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/// `ETag` for multipart uploads, `Date` for clock-skew correction, the stored checksum, storage
/// class, version and the headers a type change sends again (those not safelisted) for a
/// file's details.
pub const EXPOSED_HEADERS: [&str; 13] = [
    "ETag",
    "Date",
    "Content-Disposition",
    "Content-Encoding",
    "x-amz-request-id",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-crc64nvme",
    "x-amz-checksum-sha1",
    "x-amz-checksum-sha256",
    "x-amz-checksum-type",
    "x-amz-storage-class",
    "x-amz-version-id",
];

pub fn bucket_cors(answers: &Answers) -> Value {
    json!({
        "CORSRules": [{
            "AllowedOrigins": answers.origins,
            "AllowedMethods": ALLOWED_METHODS,
            "AllowedHeaders": ALLOWED_HEADERS,
            "ExposeHeaders": EXPOSED_HEADERS,
            "MaxAgeSeconds": 3000
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::tests::dev_answers;

    // A browser sends a request only if the preflight allows each of its headers, and S3 judges
    // the preflight against this list: every header of every S3 request the app makes, as
    // signed, must be on it.
    #[test]
    fn allows_every_header_the_app_sends_to_s3() {
        use crate::aws::multipart::{self, PartRange};
        use crate::aws::sign::{tests::sign_at, Service};
        use crate::aws::{copy, s3};
        let aws = crate::config::AppConfig::local().aws;
        let part = PartRange {
            number: 1,
            start: 0,
            end: 6 << 20,
        };
        let requests = [
            s3::list_objects_request(&aws, "users/u/", true, Some("t")),
            s3::exact_key_request(&aws, "users/u/a"),
            s3::put_object_request(&aws, "users/u/a", "text/plain", b"a".to_vec()),
            s3::head_object_request(&aws, "users/u/a"),
            crate::aws::details::request(&aws, "users/u/a"),
            s3::get_object_request(&aws, "users/u/a"),
            s3::delete_object_request(&aws, "users/u/a"),
            s3::delete_objects_request(&aws, &["users/u/a".to_string()]),
            copy::copy_object_request(&aws, "users/u/a", "users/u/b"),
            copy::upload_part_copy_request(&aws, "users/u/a", 12 << 20, "users/u/b", "id", part),
            multipart::create_request(&aws, "users/u/a", "text/plain", true),
            multipart::upload_part_request(&aws, "users/u/a", "id", 1)
                .header(crate::aws::checksum::HEADER, "AAAAAA=="),
            multipart::complete_request(&aws, "users/u/a", "id", &[]).header("if-none-match", "*"),
            multipart::list_parts_request(&aws, "users/u/a", "id", Some(3)),
            multipart::abort_request(&aws, "users/u/a", "id"),
            crate::aws::tagging::get_request(&aws, "users/u/a"),
            crate::aws::tagging::put_request(&aws, "users/u/a", &[]),
            retype_of_a_file_with_everything(&aws),
        ];
        for mut request in requests {
            sign_at(&mut request, Service::S3, "us-east-1", 1_795_230_000);
            for (name, _) in &request.headers {
                // S3 takes one `*` in an allowed header, matching any run of characters.
                let allowed = |rule: &&str| match rule.strip_suffix('*') {
                    Some(start) => name.starts_with(start),
                    None => name == rule,
                };
                assert!(
                    ALLOWED_HEADERS.iter().any(allowed),
                    "{name} of {} {}",
                    request.method.as_str(),
                    request.url
                );
            }
        }
    }

    /// A type change sends every header a file can carry again.
    fn retype_of_a_file_with_everything(
        aws: &crate::config::AwsConfig,
    ) -> crate::http::HttpRequest {
        use crate::aws::details;
        let mut head = crate::http::HttpResponse::new(200, Vec::new());
        for name in [
            "cache-control",
            "content-disposition",
            "content-encoding",
            "content-language",
            "expires",
            "x-amz-meta-author",
            "x-amz-checksum-crc32c",
        ] {
            head.headers.push((name.into(), "x".into()));
        }
        head.headers
            .push(("x-amz-storage-class".into(), "STANDARD_IA".into()));
        let found = details::parse(&head).unwrap();
        details::retype_request(aws, "users/u/a", &found, "text/plain").unwrap()
    }

    // Uploads need ETag, the clock correction needs Date, and every origin must be listed.
    #[test]
    fn exposes_what_the_app_reads_for_every_origin() {
        let mut answers = dev_answers();
        answers.origins = vec![
            "https://files.example.com".into(),
            "https://abc.ngrok-free.app".into(),
        ];
        let cors = bucket_cors(&answers);
        let rule = &cors["CORSRules"][0];
        assert_eq!(rule["AllowedOrigins"], json!(answers.origins));
        assert!(rule["ExposeHeaders"]
            .as_array()
            .unwrap()
            .contains(&json!("ETag")));
        assert!(!rule["AllowedHeaders"]
            .as_array()
            .unwrap()
            .contains(&json!("*")));
    }
}
