//! When to try again, as the AWS SDKs do: transient trouble on AWS's side (and, for uploads, the
//! network) is retried with jittered backoff; an expired ID token is refreshed once; everything
//! else is a misconfiguration or a refusal to report.

use crate::aws::error::AwsError;
use crate::aws::sts::StsError;

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
