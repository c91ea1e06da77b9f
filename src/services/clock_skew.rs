//! The offset between this device's clock and AWS's, learned from S3 answers, for signing.

use crate::aws::clock_skew::{corrected, offset_from};
use crate::http::HttpResponse;
use crate::platform::clock;
use std::cell::Cell;
use std::time::SystemTime;

thread_local! {
    static OFFSET_SECS: Cell<i64> = const { Cell::new(0) };
}

/// The time to put in signatures: the device clock, corrected.
pub fn signing_time() -> SystemTime {
    corrected(clock::now(), OFFSET_SECS.get())
}

/// Updates the offset from an answer's `Date` header (S3 exposes it through the bucket's CORS).
pub fn learn(response: &HttpResponse) {
    if let Some(offset) = offset_from(response, clock::now_unix()) {
        OFFSET_SECS.set(offset);
    }
}
