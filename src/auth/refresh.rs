//! When to refresh the Firebase ID token, as the Firebase JS SDK does: five minutes before it
//! expires; after a network failure, 30 s, doubling up to 16 minutes.

use crate::time::UnixSeconds;

pub const REFRESH_BEFORE_EXPIRY_SECS: u64 = 5 * 60;
const FIRST_RETRY_SECS: u64 = 30;
const MAX_RETRY_SECS: u64 = 16 * 60;

/// When the next refresh should run, given how many attempts in a row failed on the network.
pub fn next_refresh_at(
    expires_at: UnixSeconds,
    now: UnixSeconds,
    consecutive_failures: u32,
) -> UnixSeconds {
    if consecutive_failures == 0 {
        return expires_at
            .saturating_sub(REFRESH_BEFORE_EXPIRY_SECS)
            .max(now);
    }
    let doublings = (consecutive_failures - 1).min(10);
    now + (FIRST_RETRY_SECS << doublings).min(MAX_RETRY_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixSeconds = 1_800_000_000;

    // A fresh token is refreshed 5 minutes before it expires; a late one at once.
    #[test]
    fn schedules_five_minutes_ahead() {
        assert_eq!(next_refresh_at(NOW + 3600, NOW, 0), NOW + 3300);
        assert_eq!(next_refresh_at(NOW + 100, NOW, 0), NOW);
        assert_eq!(next_refresh_at(NOW - 100, NOW, 0), NOW);
    }

    // Network failures back off 30 s, 60 s, 120 s ... and never wait more than 16 minutes.
    #[test]
    fn backs_off_doubling_to_sixteen_minutes() {
        let waits: Vec<u64> = (1..=8)
            .map(|n| next_refresh_at(NOW + 3600, NOW, n) - NOW)
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 960, 960]);
        assert_eq!(next_refresh_at(NOW, NOW, u32::MAX) - NOW, 960);
    }
}
