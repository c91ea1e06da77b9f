//! Requests signed with fixed inputs, shared by the native and the wasm tests so both must
//! produce what botocore produced from the same inputs (recorded in tests/fixtures/signing/ by
//! dev/record_fixtures.py): an S3 PUT's Authorization header, and a presigned IAM GET.

use firebridge::aws::credentials::AwsCredentials;
use firebridge::aws::sign::{presign_get, sign_request, Service};
use firebridge::http::{HttpRequest, Method};
use firebridge::secret::Secret;
use firebridge::time::from_unix_seconds;

pub const EXPECTED_AUTHORIZATION: &str =
    include_str!("../fixtures/signing/s3_put_authorization.txt");

pub const EXPECTED_PRESIGNED_URL: &str =
    include_str!("../fixtures/signing/iam_list_roles_presigned.txt");

/// The moment both cases are signed at.
const SIGNED_AT: u64 = 1_795_230_000;

fn credentials() -> AwsCredentials {
    AwsCredentials {
        access_key_id: "ASIAFIREBRIDGETEST".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYFIREBRIDGE"),
        session_token: Secret::new("IQoJb3JpZ2luX2VjEFIREBRIDGE//session"),
        issued_at: 0,
        expires_at: 1_800_000_000,
    }
}

pub fn signed_authorization() -> String {
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
        &credentials(),
        from_unix_seconds(SIGNED_AT),
    )
    .expect("signing");
    request.header_value("authorization").unwrap().to_string()
}

/// The IAM demo's link for a new tab (IAM is signed for us-east-1 whatever the app's region).
pub fn presigned_list_roles() -> String {
    presign_get(
        "http://127.0.0.1:5000/?Action=ListRoles&Version=2010-05-08",
        Service::Iam,
        "eu-west-1",
        &credentials(),
        from_unix_seconds(SIGNED_AT),
        std::time::Duration::from_secs(300),
    )
    .expect("presigning")
}

/// A URL's query parameters in sorted order: the order of parameters is not part of a
/// presigned URL's meaning, their values (the signature among them) are.
pub fn sorted_query(url: &str) -> Vec<String> {
    let query = url.trim().split_once('?').map_or("", |(_, q)| q);
    let mut pairs: Vec<String> = query.split('&').map(String::from).collect();
    pairs.sort();
    pairs
}
