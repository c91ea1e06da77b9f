//! S3 answers read as XML (listings, DeleteObjects results, multipart uploads and parts, IAM
//! ListRoles): no panic, whatever the bytes.
#![no_main]
use firebridge::aws::{iam, multipart, s3};
use firebridge::http::HttpResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let response = HttpResponse::new(status, body);
    if let Ok(listing) = s3::parse_list(&response) {
        assert!(response.is_success());
        assert!(listing.next_continuation_token.as_deref() != Some(""));
    }
    let _ = s3::parse_delete_objects(&response);
    let _ = multipart::parse_create(&response);
    let _ = multipart::parse_list_parts(&response);
    let _ = multipart::check_complete(&response);
    let _ = iam::parse_list_roles(&response);
});
