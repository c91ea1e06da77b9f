//! When to try again, as the AWS SDKs do: transient trouble on AWS's side, and a request the
//! network failed when it is safe to send twice, are retried with jittered backoff; an expired
//! ID token is refreshed once; everything else is a misconfiguration or a refusal to report.

use crate::aws::error::AwsError;
use crate::aws::sts::StsError;
use crate::http::{HttpRequest, Method};

/// Retries after the first attempt, for transient errors.
pub const MAX_RETRIES: u32 = 3;
const BASE_DELAY_MS: u64 = 250;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StsRetry {
    /// Try again after this many milliseconds.
    After(u64),
    /// Get a new Firebase ID token, then try again.
    RefreshIdTokenThenRetry,
    GiveUp,
}

/// `attempt` is the number of attempts made so far (1 after the first); `jitter` is a random
/// number in [0, 1), so that many clients do not retry in step.
pub fn sts_decision(error: &StsError, attempt: u32, jitter: f64) -> StsRetry {
    match error {
        StsError::ExpiredToken if attempt == 1 => StsRetry::RefreshIdTokenThenRetry,
        _ if is_transient(error) && attempt <= MAX_RETRIES => {
            StsRetry::After(backoff_millis(BASE_DELAY_MS, attempt, jitter))
        }
        _ => StsRetry::GiveUp,
    }
}

/// AWS's answer means "later": trouble on its side (5xx), or a request to slow down. Such a
/// request is sent again unchanged, as the AWS SDKs do.
pub fn is_busy(error: &AwsError) -> bool {
    error.status >= 500
        || matches!(
            error.code.as_str(),
            "SlowDown" | "Throttling" | "ThrottlingException" | "RequestLimitExceeded"
        )
}

/// How long to wait before sending again a request that AWS answered as busy, or that the
/// network failed, after `attempt` attempts; `None` to give up. Three retries, from 1 s,
/// doubling: about 7 s in all.
pub fn transient_retry_wait(attempt: u32, jitter: f64) -> Option<u64> {
    (attempt <= MAX_RETRIES).then(|| backoff_millis(1000, attempt, jitter))
}

/// Whether sending `request` a second time is harmless when the network failed and nobody knows
/// whether AWS got the first: reads (GET, HEAD), writes that leave the same state however often
/// they are made (PUT of an object or a part, a copy, DELETE, DeleteObjects), and the read-only
/// query actions (STS's exchange and GetCallerIdentity, IAM's ListRoles). Not CreateMultipartUpload
/// (each call starts another upload) or CompleteMultipartUpload (a repeat of one that succeeded
/// is refused).
pub fn is_repeatable(request: &HttpRequest) -> bool {
    match request.method {
        Method::Get | Method::Head | Method::Put | Method::Delete => true,
        Method::Post => {
            let query = request.url.split_once('?').map_or("", |(_, q)| q);
            query.split('&').any(|p| p == "delete") || is_read_only_action(&request.body)
        }
    }
}

fn is_read_only_action(form: &[u8]) -> bool {
    const READ_ONLY: [&str; 3] = [
        "AssumeRoleWithWebIdentity",
        "GetCallerIdentity",
        "ListRoles",
    ];
    form_urlencoded::parse(form)
        .any(|(name, value)| name == "Action" && READ_ONLY.contains(&value.as_ref()))
}

/// "Equal jitter": half the exponential delay fixed, half random.
fn backoff_millis(base: u64, attempt: u32, jitter: f64) -> u64 {
    let ceiling = base << (attempt - 1);
    ceiling / 2 + (ceiling as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as u64
}

fn is_transient(error: &StsError) -> bool {
    match error {
        StsError::IdpCommunication => true,
        // STS could not fetch Google's signing keys: documented as retryable.
        StsError::InvalidIdentityToken(message) => {
            message.contains("Couldn't retrieve verification key")
        }
        StsError::Other(e) => is_busy(e),
        StsError::ExpiredToken | StsError::AccessDenied(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(status: u16, code: &str) -> StsError {
        StsError::Other(AwsError {
            status,
            code: code.into(),
            message: String::new(),
        })
    }

    // Transient STS trouble is retried three times, waiting longer each time, then reported.
    #[test]
    fn transient_errors_back_off_three_times() {
        let error = StsError::IdpCommunication;
        let waits: Vec<StsRetry> = (1..=4).map(|n| sts_decision(&error, n, 0.0)).collect();
        assert_eq!(
            waits,
            [
                StsRetry::After(125),
                StsRetry::After(250),
                StsRetry::After(500),
                StsRetry::GiveUp
            ]
        );
        assert_eq!(sts_decision(&error, 1, 0.999), StsRetry::After(249));
    }

    // Retrying a misconfiguration only delays the message the user needs; retrying a blip hides it.
    #[test]
    fn what_counts_as_transient() {
        for error in [
            StsError::IdpCommunication,
            StsError::InvalidIdentityToken(
                "Couldn't retrieve verification key from your identity provider".into(),
            ),
            other(503, "ServiceUnavailable"),
            other(400, "Throttling"),
        ] {
            assert!(
                matches!(sts_decision(&error, 1, 0.5), StsRetry::After(_)),
                "{error:?}"
            );
        }
        for error in [
            StsError::InvalidIdentityToken("Incorrect token audience".into()),
            StsError::AccessDenied("Not authorized".into()),
            other(400, "ValidationError"),
        ] {
            assert_eq!(sts_decision(&error, 1, 0.5), StsRetry::GiveUp, "{error:?}");
        }
    }

    // An expired ID token gets one refresh; a second expiry is reported.
    #[test]
    fn expired_token_is_refreshed_once() {
        assert_eq!(
            sts_decision(&StsError::ExpiredToken, 1, 0.5),
            StsRetry::RefreshIdTokenThenRetry
        );
        assert_eq!(
            sts_decision(&StsError::ExpiredToken, 2, 0.5),
            StsRetry::GiveUp
        );
    }

    // Requests AWS answers as busy, or the network drops, are retried three times with growing
    // waits, then the error is shown.
    #[test]
    fn transient_failures_retry_three_times() {
        assert_eq!(transient_retry_wait(1, 0.0), Some(500));
        assert_eq!(transient_retry_wait(3, 1.0), Some(4000));
        assert_eq!(transient_retry_wait(4, 0.0), None);
    }

    // A request the network dropped may have reached AWS: only those that do no harm when
    // repeated are sent again.
    #[test]
    fn what_is_safe_to_repeat() {
        let request = |method, url: &str| HttpRequest::new(method, url);
        let s3 = "https://b.s3.us-east-1.amazonaws.com/users/u/a.txt";
        for repeatable in [
            request(Method::Get, s3),
            request(Method::Head, s3),
            request(Method::Put, s3),
            request(Method::Delete, s3),
            request(Method::Post, "https://b.s3.us-east-1.amazonaws.com/?delete"),
            request(Method::Post, "https://sts.us-east-1.amazonaws.com")
                .form(&[("Action", "AssumeRoleWithWebIdentity")]),
            request(Method::Post, "https://sts.us-east-1.amazonaws.com")
                .form(&[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]),
        ] {
            assert!(is_repeatable(&repeatable), "{repeatable:?}");
        }
        for not_repeatable in [
            request(Method::Post, &format!("{s3}?uploads")),
            request(Method::Post, &format!("{s3}?uploadId=abc")),
            request(
                Method::Post,
                "https://b.s3.us-east-1.amazonaws.com/?deleted=1",
            ),
            request(Method::Post, "https://iam.amazonaws.com").form(&[("Action", "DeleteRole")]),
        ] {
            assert!(!is_repeatable(&not_repeatable), "{not_repeatable:?}");
        }
    }

    // Retrying an access denial would fail again and only delay the message.
    #[test]
    fn what_counts_as_busy() {
        let error = |status, code: &str| AwsError {
            status,
            code: code.into(),
            message: String::new(),
        };
        assert!(is_busy(&error(503, "SlowDown")));
        assert!(is_busy(&error(500, "InternalError")));
        assert!(is_busy(&error(400, "Throttling")));
        assert!(!is_busy(&error(403, "AccessDenied")));
        assert!(!is_busy(&error(404, "NoSuchKey")));
    }
}
