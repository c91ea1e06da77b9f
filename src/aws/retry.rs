//! What to do when STS refuses a web-identity exchange, as the AWS SDKs do: transient trouble
//! on AWS's side is retried with jittered backoff, an expired ID token is refreshed once, and
//! everything else is a misconfiguration to report.

use crate::aws::s3::S3Error;
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

/// How long to wait before retrying an S3 part upload that failed with `error` after
/// `attempt` attempts, or `None` to give up. `error` is S3's answer, or `None` when the network
/// failed: the network, S3's 5xx and SlowDown are retried three times (from 1 s, doubling),
/// anything else would fail again.
pub fn s3_part_retry(error: Option<&S3Error>, attempt: u32, jitter: f64) -> Option<u64> {
    let transient = match error {
        None => true,
        Some(S3Error::Other(e)) => {
            e.status >= 500 || matches!(e.code.as_str(), "SlowDown" | "RequestTimeout")
        }
        Some(_) => false,
    };
    (transient && attempt <= MAX_RETRIES).then(|| backoff_millis(1000, attempt, jitter))
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
        StsError::Other(e) => {
            e.status >= 500
                || matches!(
                    e.code.as_str(),
                    "Throttling" | "ThrottlingException" | "RequestLimitExceeded"
                )
        }
        StsError::ExpiredToken | StsError::AccessDenied(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::error::AwsError;

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

    // A part upload hit by the network or S3's own trouble is retried three times with growing
    // waits; an access denial would fail again and is not.
    #[test]
    fn part_uploads_retry_only_transient_failures() {
        let slow_down = S3Error::Other(AwsError {
            status: 503,
            code: "SlowDown".into(),
            message: String::new(),
        });
        assert_eq!(s3_part_retry(Some(&slow_down), 1, 0.0), Some(500));
        assert_eq!(s3_part_retry(Some(&slow_down), 3, 1.0), Some(4000));
        assert_eq!(s3_part_retry(Some(&slow_down), 4, 0.0), None);
        assert_eq!(
            s3_part_retry(None, 1, 0.0),
            Some(500),
            "network failures retry"
        );
        assert_eq!(s3_part_retry(Some(&S3Error::AccessDenied), 1, 0.0), None);
    }
}
