//! Temporary AWS credentials from STS.

use crate::secret::Secret;
use crate::time::UnixSeconds;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Secret,
    /// When they were asked for, on this device's clock (0 in sessions saved before it was kept).
    #[serde(default)]
    pub issued_at: UnixSeconds,
    pub expires_at: UnixSeconds,
}

/// Credentials this close to expiry are replaced before use, as the AWS SDKs do.
pub const REFRESH_MARGIN_SECS: u64 = 5 * 60;

impl AwsCredentials {
    /// Usable for a request sent now: not within the refresh margin of expiry. The margin is
    /// five minutes, or a third of the lifetime for credentials shorter than 15 minutes (only
    /// the local stand-in issues those, to test expiry in seconds rather than hours).
    pub fn is_fresh(&self, now: UnixSeconds) -> bool {
        let lifetime = self.expires_at.saturating_sub(self.issued_at);
        now + REFRESH_MARGIN_SECS.min(lifetime / 3) < self.expires_at
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
            issued_at: expires_at.saturating_sub(3600),
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

    // 30-second test credentials would never be fresh with a 5-minute margin: every request
    // would make an STS call, and the expiry paths would go untested.
    #[test]
    fn short_lived_credentials_keep_a_third_of_their_lifetime() {
        let creds = AwsCredentials {
            issued_at: 1_000,
            ..credentials(1_030)
        };
        assert!(creds.is_fresh(1_019));
        assert!(!creds.is_fresh(1_020));
    }

    // Sessions saved before issued_at existed must keep the five-minute margin.
    #[test]
    fn credentials_saved_without_issue_time_keep_the_full_margin() {
        let creds = AwsCredentials {
            issued_at: 0,
            ..credentials(10_000)
        };
        assert!(creds.is_fresh(10_000 - 301));
        assert!(!creds.is_fresh(10_000 - 300));
    }
}
