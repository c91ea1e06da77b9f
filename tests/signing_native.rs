//! The native half of "wasm signs exactly as native does": the same case, the same header.
mod common;

// If this changes, the signing inputs or aws-sigv4 changed: check against the stand-in.
#[test]
fn native_signature_matches_the_recorded_header() {
    assert_eq!(
        common::signing_case::signed_authorization(),
        common::signing_case::EXPECTED_AUTHORIZATION.trim()
    );
}

// The presigned IAM link computes the same signature as botocore's presigner.
#[test]
fn native_presigned_url_matches_botocore() {
    use common::signing_case::{presigned_list_roles, sorted_query, EXPECTED_PRESIGNED_URL};
    assert_eq!(
        sorted_query(&presigned_list_roles()),
        sorted_query(EXPECTED_PRESIGNED_URL)
    );
}
