//! The offset between this device's clock and AWS's, learned from AWS's answers, for signing.
//! Kept for the tab (sessionStorage), so a reload on a device whose clock is off signs with the
//! corrected time at once instead of being refused first.

use crate::aws::clock_skew::{corrected, offset_from};
use crate::http::HttpResponse;
use crate::platform::{clock, storage};
use std::cell::Cell;
use std::time::SystemTime;

thread_local! {
    /// None until read from sessionStorage.
    static OFFSET_SECS: Cell<Option<i64>> = const { Cell::new(None) };
}

fn offset_secs() -> i64 {
    OFFSET_SECS.get().unwrap_or_else(|| {
        let stored = storage::session_get::<i64>(storage::CLOCK_OFFSET_KEY).unwrap_or(0);
        OFFSET_SECS.set(Some(stored));
        stored
    })
}

/// The time to put in signatures: the device clock, corrected.
pub fn signing_time() -> SystemTime {
    corrected(clock::now(), offset_secs())
}

/// Offsets are whole seconds read from answers that took time to arrive: a difference this
/// small is noise, and AWS accepts signatures 15 minutes off.
const NOISE_SECS: i64 = 60;

/// Updates the offset from an answer (its `Date` header, which S3 exposes through the bucket's
/// CORS, or the time a skew refusal states); returns by how many seconds it moved.
pub fn learn(response: &HttpResponse) -> i64 {
    let Some(offset) = offset_from(response, clock::now_unix()) else {
        return 0;
    };
    let moved = offset - offset_secs();
    if moved.abs() <= NOISE_SECS {
        return 0;
    }
    OFFSET_SECS.set(Some(offset));
    storage::session_set(storage::CLOCK_OFFSET_KEY, &offset);
    moved
}
