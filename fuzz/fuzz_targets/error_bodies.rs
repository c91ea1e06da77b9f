//! Error answers of every kind (AWS XML, Firebase JSON, a proxy's HTML page, truncated or empty
//! bodies): classified without panicking, and every one has a sentence for the user.
#![no_main]
use firebridge::auth::firebase;
use firebridge::aws::s3::S3Error;
use firebridge::aws::AwsError;
use firebridge::http::HttpResponse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let response = HttpResponse::new(status, body);
    let aws = AwsError::from_response(&response);
    assert!(!aws.code.is_empty());
    assert!(!S3Error::from_response(&response).to_string().is_empty());
    assert!(!firebase::error_from(&response).to_string().is_empty());
    let _ = firebase::parse_sign_in(&response, 0);
});
