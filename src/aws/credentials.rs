//! Temporary AWS credentials from STS.

use crate::secret::Secret;
use crate::time::UnixSeconds;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Secret,
    pub expires_at: UnixSeconds,
}

/// Credentials this close to expiry are replaced before use, as the AWS SDKs do.
pub const REFRESH_MARGIN_SECS: u64 = 5 * 60;

impl AwsCredentials {
    /// Usable for a request sent now (not within the refresh margin of expiry).
    pub fn is_fresh(&self, now: UnixSeconds) -> bool {
        now + REFRESH_MARGIN_SECS < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(expires_at: UnixSeconds) -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI"),
            session_token: Secret::new("FwoGZXIvYXdzEXAMPLETOKEN"),
            expires_at,
        }
    }

    // Credentials are printed in debug logs of the session state; secrets must not be.
    #[test]
    fn debug_redacts_secret_and_token() {
        let printed = format!("{:?}", credentials(0));
        assert!(printed.contains("ASIAEXAMPLE"));
        assert!(
            !printed.contains("wJalr") && !printed.contains("FwoGZX"),
            "{printed}"
        );
    }

    // Refresh 5 minutes ahead, so a request signed now is not refused on arrival.
    #[test]
    fn freshness_keeps_a_five_minute_margin() {
        let creds = credentials(10_000);
        assert!(creds.is_fresh(10_000 - 301));
        assert!(!creds.is_fresh(10_000 - 300));
        assert!(!creds.is_fresh(10_001));
    }
}
