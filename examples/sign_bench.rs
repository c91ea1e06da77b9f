//! `make bench`'s signing figures: the app's own SigV4 signing (aws-sigv4, through
//! `firebridge::aws::sign`) of the recorded S3 PUT case, over and over.
//!
//! Native: `cargo run --release --example sign_bench [TIMES]` prints microseconds per signature.
//! wasm32: `sign_repeatedly` is exported for bench/signing.mjs, which times it in Chromium beside
//! the AWS JS SDK's SignatureV4 signing the same request in the same page.

#[path = "../tests/common/signing_case.rs"]
#[allow(dead_code)]
mod signing_case;

/// Signs the recorded case `times` times; returns the last Authorization header, which must
/// equal the one botocore produced (checked by the caller).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen::prelude::wasm_bindgen)]
pub fn sign_repeatedly(times: u32) -> String {
    let mut authorization = String::new();
    for _ in 0..times {
        authorization = signing_case::signed_authorization();
    }
    authorization
}

// The benchmark's own stopwatch, native only: the app itself reads the clock in platform::clock.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods)]
fn main() {
    let times: u32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    sign_repeatedly(times / 10); // warm-up
    let started = std::time::Instant::now();
    let authorization = sign_repeatedly(times);
    let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(times);
    assert_eq!(
        authorization,
        signing_case::EXPECTED_AUTHORIZATION.trim(),
        "the signature differs from botocore's"
    );
    println!("{{\"microsPerSignature\": {micros:.2}, \"times\": {times}}}");
}

#[cfg(target_arch = "wasm32")]
fn main() {}
