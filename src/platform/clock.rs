//! The one place that reads the clock. `SystemTime::now()` panics on wasm32-unknown-unknown.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64)
}

pub fn now_unix() -> crate::time::UnixSeconds {
    crate::time::unix_seconds(now())
}
