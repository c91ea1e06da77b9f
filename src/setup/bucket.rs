//! The bucket's own rules beside its CORS: versioning (a deleted or replaced file can be brought
//! back), lifecycle rules that abort multipart uploads left unfinished (their parts are billed
//! until then) and expire old versions, and a policy refusing plain-HTTP requests.

use super::Answers;
use crate::aws::multipart::ABORT_INCOMPLETE_UPLOADS_DAYS;
use serde_json::{json, Value};

/// Days a deleted or replaced file's old version is kept (Recently deleted, Versions) before S3
/// expires it.
pub const KEEP_VERSIONS_DAYS: u32 = 30;

pub fn bucket_lifecycle(_answers: &Answers) -> Value {
    json!({
        "Rules": [
            {
                "ID": "abort-incomplete-multipart-uploads",
                "Status": "Enabled",
                "Filter": { "Prefix": "" },
                "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": ABORT_INCOMPLETE_UPLOADS_DAYS }
            },
            {
                // Old versions go after the days; a delete marker left with no version behind
                // it goes too (nothing is left to restore).
                "ID": "expire-noncurrent-versions",
                "Status": "Enabled",
                "Filter": { "Prefix": "" },
                "NoncurrentVersionExpiration": { "NoncurrentDays": KEEP_VERSIONS_DAYS },
                "Expiration": { "ExpiredObjectDeleteMarker": true }
            }
        ]
    })
}

/// Requests over plain HTTP (which would carry credentials and files in the clear) are refused
/// by S3 itself, whatever the role allows.
pub fn bucket_policy(answers: &Answers) -> Value {
    let bucket = format!("arn:aws:s3:::{}", answers.bucket);
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "RefusePlainHttp",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [bucket.clone(), format!("{bucket}/*")],
            "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::tests::real_answers;

    // Unfinished uploads are aborted after a week, everywhere in the bucket.
    #[test]
    fn incomplete_uploads_are_aborted() {
        let rule = &bucket_lifecycle(&real_answers())["Rules"][0];
        assert_eq!(rule["Status"], "Enabled");
        assert_eq!(rule["Filter"]["Prefix"], "");
        assert_eq!(
            rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"],
            7
        );
    }

    // The bucket and every object in it refuse requests not made over TLS.
    #[test]
    fn plain_http_is_refused() {
        let statement = &bucket_policy(&real_answers())["Statement"][0];
        assert_eq!(statement["Effect"], "Deny");
        assert_eq!(
            statement["Resource"],
            json!(["arn:aws:s3:::my-files", "arn:aws:s3:::my-files/*"])
        );
        assert_eq!(
            statement["Condition"]["Bool"]["aws:SecureTransport"],
            "false"
        );
    }
}
