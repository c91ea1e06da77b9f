//! The bucket's CORS rules: what lets the app's origins call S3 from the browser.

use super::Answers;
use serde_json::{json, Value};

/// The request headers the app sends to S3, listed one by one: browsers never let `*` cover
/// `Authorization`.
pub const ALLOWED_HEADERS: [&str; 8] = [
    "authorization",
    "content-type",
    "x-amz-checksum-sha256",
    "x-amz-content-sha256",
    "x-amz-copy-source",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-user-agent",
];

pub const ALLOWED_METHODS: [&str; 5] = ["GET", "PUT", "POST", "DELETE", "HEAD"];

/// `ETag` for multipart uploads, `Date` for clock-skew correction.
pub const EXPOSED_HEADERS: [&str; 3] = ["ETag", "Date", "x-amz-request-id"];

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
