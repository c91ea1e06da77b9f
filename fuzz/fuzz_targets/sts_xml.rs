//! STS answers (AssumeRoleWithWebIdentity, GetCallerIdentity) of any status and body: parsed
//! without panicking, and credentials only from a 2xx answer.
#![no_main]
use firebridge::aws::sts::{parse_assume_role, parse_caller_identity};
use firebridge::http::HttpResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let response = HttpResponse::new(status, body);
    if let Ok(role) = parse_assume_role(&response, 1_000, 3_600) {
        assert!(response.is_success());
        assert_eq!(role.credentials.expires_at, 4_600);
        assert!(!role.credentials.access_key_id.is_empty());
    }
    if parse_caller_identity(&response).is_ok() {
        assert!(response.is_success());
    }
});
