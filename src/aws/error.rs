//! AWS error bodies. STS and IAM answer `<ErrorResponse><Error><Code>`, moto sometimes wraps an
//! extra `<Errors>`, S3 answers `<Error><Code>`: the first Code and Message found are used.

use crate::aws::xml::{self, Element};
use crate::http::HttpResponse;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub status: u16,
    /// The service's error code (`AccessDenied`, `SignatureDoesNotMatch`...), or a description of
    /// a body that had none.
    pub code: String,
    pub message: String,
}

impl AwsError {
    pub fn from_response(response: &HttpResponse) -> Self {
        let (code, message) = code_and_message(&response.body);
        Self {
            status: response.status,
            code: code.unwrap_or_else(|| format!("HTTP {}", response.status)),
            message: message.unwrap_or_default(),
        }
    }

    /// AWS refused the temporary credentials themselves (expired, or unknown to it): new ones
    /// from STS may well succeed where these failed.
    pub fn is_credentials_refusal(response: &HttpResponse) -> bool {
        !response.is_success()
            && matches!(
                Self::from_response(response).code.as_str(),
                "ExpiredToken" | "InvalidToken" | "InvalidClientTokenId" | "InvalidAccessKeyId"
            )
    }

    pub fn malformed(response: &HttpResponse, what: &str) -> Self {
        Self {
            status: response.status,
            code: "MalformedResponse".into(),
            message: format!("the answer could not be read as {what}"),
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{} ({})", self.code, self.status)
        } else {
            write!(f, "{}: {} ({})", self.code, self.message, self.status)
        }
    }
}

/// The first `Code` at any depth, and the `Message` beside it.
fn code_and_message(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(root) = xml::parse(&String::from_utf8_lossy(body)) else {
        return (None, None);
    };
    let Some(error) = find_with_code(&root) else {
        return (None, None);
    };
    (
        error.child_text("Code").map(str::to_string),
        error.child_text("Message").map(str::to_string),
    )
}

fn find_with_code(element: &Element) -> Option<&Element> {
    if element
        .child_text("Code")
        .is_some_and(|code| !code.is_empty())
    {
        return Some(element);
    }
    element.children.iter().find_map(find_with_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, file: &str) -> AwsError {
        let body = std::fs::read(format!("tests/fixtures/{file}")).unwrap();
        AwsError::from_response(&HttpResponse::new(status, body))
    }

    // Recorded from the stand-in (botocore's signer refused a tampered signature).
    #[test]
    fn s3_error_body() {
        let e = error(403, "s3/error_signature_does_not_match.xml");
        assert_eq!(e.code, "SignatureDoesNotMatch");
        assert!(!e.message.is_empty());
    }

    // STS error with the <ErrorResponse><Error> envelope real AWS uses.
    #[test]
    fn sts_error_body() {
        let e = error(400, "sts/error_invalid_identity_token.xml");
        assert_eq!(e.code, "InvalidIdentityToken");
    }

    // Only refusals of the credentials themselves are worth new credentials and a second try;
    // an access denial or a bad signature would fail the same way again.
    #[test]
    fn credentials_refusals_are_told_apart() {
        let refused = |status, file: &str| {
            let body = std::fs::read(format!("tests/fixtures/{file}")).unwrap();
            AwsError::is_credentials_refusal(&HttpResponse::new(status, body))
        };
        assert!(refused(400, "s3/error_expired_token.xml"));
        assert!(!refused(403, "s3/error_access_denied.xml"));
        assert!(!refused(403, "s3/error_signature_does_not_match.xml"));
        assert!(
            !refused(400, "sts/error_expired_token.xml"),
            "STS's ExpiredTokenException is about the ID token"
        );
    }

    // A proxy's HTML page carries no code: the status is what is left to report.
    #[test]
    fn non_xml_body_falls_back_to_status() {
        let e = AwsError::from_response(&HttpResponse::new(
            502,
            b"<html><body>Bad Gateway</body></html>".to_vec(),
        ));
        assert_eq!(e.code, "HTTP 502");
        let e = AwsError::from_response(&HttpResponse::new(500, Vec::new()));
        assert_eq!(e.code, "HTTP 500");
    }
}
