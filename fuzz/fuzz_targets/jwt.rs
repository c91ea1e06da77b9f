//! ID tokens as they come (three base64url parts, or anything else): decoding never panics, and
//! the claims shown on the identity page are valid JSON when they decode.
#![no_main]
use firebridge::auth::jwt::{claims_json, decode_claims};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|token: &str| {
    let _ = decode_claims(token);
    if let Ok(json) = claims_json(token) {
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
});
