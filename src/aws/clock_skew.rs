//! A device clock off by more than 15 minutes makes AWS refuse every signature
//! (RequestTimeTooSkewed). The AWS SDKs learn the offset from the server's `Date` header and
//! sign with the corrected time; so does this app.

use crate::http::HttpResponse;
use crate::time::{parse_http_date, UnixSeconds};
use std::time::{Duration, SystemTime};

/// Seconds to add to the device clock to get the server's, from an answer's `Date` header.
pub fn offset_from(response: &HttpResponse, device_now: UnixSeconds) -> Option<i64> {
    let server = parse_http_date(response.header_value("date")?)?;
    Some(server as i64 - device_now as i64)
}

/// The time to sign with: the device clock corrected by `offset_secs`.
pub fn corrected(device_now: SystemTime, offset_secs: i64) -> SystemTime {
    let shift = Duration::from_secs(offset_secs.unsigned_abs());
    if offset_secs >= 0 {
        device_now + shift
    } else {
        device_now - shift
    }
}

/// The service says the signature's time was too far from its clock: S3 answers
/// RequestTimeTooSkewed, STS and IAM "Signature expired" (a SignatureDoesNotMatch).
pub fn is_skew_refusal(response: &HttpResponse) -> bool {
    let error = crate::aws::AwsError::from_response(response);
    response.status == 403
        && (error.code == "RequestTimeTooSkewed"
            || (error.code == "SignatureDoesNotMatch"
                && error.message.starts_with("Signature expired")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{from_unix_seconds, unix_seconds};

    fn refusal() -> HttpResponse {
        let mut response = HttpResponse::new(
            403,
            std::fs::read("tests/fixtures/s3/error_request_time_too_skewed.xml").unwrap(),
        );
        response
            .headers
            .push(("date".into(), "Sun, 30 Aug 2015 12:36:00 GMT".into()));
        response
    }

    // A device three hours behind learns +3 h, and signs with the server's time.
    #[test]
    fn learns_the_offset_from_the_date_header() {
        let device_now = 1_440_938_160 - 3 * 3600;
        assert_eq!(offset_from(&refusal(), device_now), Some(3 * 3600));
        let fixed = corrected(from_unix_seconds(device_now), 3 * 3600);
        assert_eq!(unix_seconds(fixed), 1_440_938_160);
        assert_eq!(unix_seconds(corrected(from_unix_seconds(100), -40)), 60);
        assert_eq!(offset_from(&HttpResponse::new(200, Vec::new()), 0), None);
    }

    // Recorded from the stand-in, which refuses skewed signatures as S3 does.
    #[test]
    fn recognises_s3s_refusal() {
        assert!(is_skew_refusal(&refusal()));
        let denied = HttpResponse::new(
            403,
            std::fs::read("tests/fixtures/s3/error_access_denied.xml").unwrap(),
        );
        assert!(!is_skew_refusal(&denied));
    }

    // STS and IAM word it as an expired signature (recorded: GetCallerIdentity signed 3 h ago).
    #[test]
    fn recognises_sts_refusal() {
        let body = std::fs::read("tests/fixtures/sts/error_signature_expired.xml").unwrap();
        assert!(is_skew_refusal(&HttpResponse::new(403, body)));
        let body = std::fs::read("tests/fixtures/s3/error_signature_does_not_match.xml").unwrap();
        assert!(!is_skew_refusal(&HttpResponse::new(403, body)));
    }
}
