//! One S3 PUT signed with fixed inputs, shared by the native and the wasm test so both must
//! produce the Authorization header recorded in tests/fixtures/signing/.

use firebridge::aws::credentials::AwsCredentials;
use firebridge::aws::sign::{sign_request, Service};
use firebridge::http::{HttpRequest, Method};
use firebridge::secret::Secret;
use firebridge::time::from_unix_seconds;

pub const EXPECTED_AUTHORIZATION: &str =
    include_str!("../fixtures/signing/s3_put_authorization.txt");

pub fn signed_authorization() -> String {
    let credentials = AwsCredentials {
        access_key_id: "ASIAFIREBRIDGETEST".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYFIREBRIDGE"),
        session_token: Secret::new("IQoJb3JpZ2luX2VjEFIREBRIDGE//session"),
        issued_at: 0,
        expires_at: 1_800_000_000,
    };
    let mut request = HttpRequest::new(
        Method::Put,
        "http://127.0.0.1:5000/firebridge-files/users/uid%201/caf%C3%A9%20%2B%20menu.txt",
    )
    .header("content-type", "text/plain")
    .body("bonjour");
    sign_request(
        &mut request,
        Service::S3,
        "us-east-1",
        &credentials,
        from_unix_seconds(1_795_230_000),
    )
    .expect("signing");
    request.header_value("authorization").unwrap().to_string()
}
