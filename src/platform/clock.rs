//! The one place that reads the clock. `SystemTime::now()` panics on wasm32-unknown-unknown.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64)
}

/// Milliseconds since the epoch, for measuring how long something took.
pub fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

pub fn now_unix() -> crate::time::UnixSeconds {
    crate::time::unix_seconds(now())
}

/// Waits `seconds` without blocking the page.
pub async fn sleep_secs(seconds: u64) {
    gloo_timers::future::sleep(std::time::Duration::from_secs(seconds)).await;
}

/// Waits `millis` milliseconds without blocking the page.
pub async fn sleep_millis(millis: u64) {
    gloo_timers::future::sleep(std::time::Duration::from_millis(millis)).await;
}

/// A random number in [0, 1), for retry jitter.
pub fn jitter() -> f64 {
    js_sys::Math::random()
}
