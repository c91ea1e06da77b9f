//! A device clock off by more than 15 minutes makes AWS refuse every signature
//! (RequestTimeTooSkewed). The AWS SDKs learn the offset from the server's `Date` header and
//! sign with the corrected time; so does this app.

use crate::http::HttpResponse;
use crate::time::{parse_http_date, parse_iso8601_utc, UnixSeconds};
use std::time::{Duration, SystemTime};

/// Seconds to add to the device clock to get the server's: from an answer's `Date` header, or
/// when the browser hides it (a CORS rule that does not expose it), from the server time a skew
/// refusal states in its body.
pub fn offset_from(response: &HttpResponse, device_now: UnixSeconds) -> Option<i64> {
    let server = response
        .header_value("date")
        .and_then(parse_http_date)
        .or_else(|| server_time_of_refusal(response))?;
    Some(server as i64 - device_now as i64)
}

/// The server's time in a skew refusal: S3's `<ServerTime>2015-06-04T22:26:16Z</ServerTime>`, or
/// STS's and IAM's "… (20210112T071125Z + 15 min.)".
fn server_time_of_refusal(response: &HttpResponse) -> Option<UnixSeconds> {
    if !is_skew_refusal(response) {
        return None;
    }
    let text = response.text();
    if let Some(stated) = crate::aws::xml::parse(&text).ok()?.child_text("ServerTime") {
        return parse_iso8601_utc(stated);
    }
    let message = crate::aws::AwsError::from_response(response).message;
    let (_, after) = message.rsplit_once('(')?;
    let compact = after.get(..16)?;
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        compact.get(..4)?,
        compact.get(4..6)?,
        compact.get(6..8)?,
        compact.get(9..11)?,
        compact.get(11..13)?,
        compact.get(13..15)?
    );
    parse_iso8601_utc(&iso)
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
/// RequestTimeTooSkewed either way; STS and IAM answer SignatureDoesNotMatch, "Signature
/// expired" for a clock behind theirs and "Signature not yet current" for one ahead.
pub fn is_skew_refusal(response: &HttpResponse) -> bool {
    let error = crate::aws::AwsError::from_response(response);
    let sts_wording =
        |m: &str| m.starts_with("Signature expired") || m.starts_with("Signature not yet current");
    response.status == 403
        && (error.code == "RequestTimeTooSkewed"
            || (error.code == "SignatureDoesNotMatch" && sts_wording(&error.message)))
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

    // A browser sees Date only if the CORS rules expose it; the refusals state the server's
    // time in their bodies too (recorded: S3 signed 3 h behind, STS 3 h behind and ahead).
    #[test]
    fn learns_the_offset_from_a_refusal_without_date() {
        let s3 = HttpResponse::new(
            403,
            std::fs::read("tests/fixtures/s3/error_request_time_too_skewed.xml").unwrap(),
        );
        let server = server_time_of_refusal(&s3).unwrap();
        assert_eq!(offset_from(&s3, server - 3 * 3600), Some(3 * 3600));
        for (file, device_offset) in [
            ("error_signature_expired.xml", -3 * 3600),
            ("error_signature_not_yet_current.xml", 3 * 3600),
        ] {
            let body = std::fs::read(format!("tests/fixtures/sts/{file}")).unwrap();
            let sts = HttpResponse::new(403, body);
            let server = server_time_of_refusal(&sts).expect(file) as i64;
            let device_now = (server + device_offset) as u64;
            assert_eq!(
                offset_from(&sts, device_now),
                Some(-device_offset),
                "{file}"
            );
        }
        let denied = HttpResponse::new(
            403,
            std::fs::read("tests/fixtures/s3/error_access_denied.xml").unwrap(),
        );
        assert_eq!(
            offset_from(&denied, 0),
            None,
            "only skew refusals say the time"
        );
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

    // STS and IAM word it as an expired signature (recorded: GetCallerIdentity signed 3 h ago)
    // or, for a clock ahead of theirs, as one not yet current (signed 3 h ahead).
    #[test]
    fn recognises_sts_refusal() {
        let body = std::fs::read("tests/fixtures/sts/error_signature_expired.xml").unwrap();
        assert!(is_skew_refusal(&HttpResponse::new(403, body)));
        let body = std::fs::read("tests/fixtures/sts/error_signature_not_yet_current.xml").unwrap();
        assert!(is_skew_refusal(&HttpResponse::new(403, body)));
        let body = std::fs::read("tests/fixtures/s3/error_signature_does_not_match.xml").unwrap();
        assert!(!is_skew_refusal(&HttpResponse::new(403, body)));
    }
}
