//! Runs in headless Chromium (`cargo test --target wasm32-unknown-unknown`): the platform layer
//! against the real browser APIs, and signing compiled to wasm.
#![cfg(target_arch = "wasm32")]

mod common;

use firebridge::platform::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The session survives a reload only through sessionStorage; the value must come back whole.
#[wasm_bindgen_test]
fn session_storage_round_trip() {
    let value = vec!["a".to_string(), "é".to_string()];
    storage::session_set("firebridge.test", &value);
    assert_eq!(
        storage::session_get::<Vec<String>>("firebridge.test"),
        Some(value)
    );
}

// Saving a signed-out session removes the stored one: no token outlives the session.
#[wasm_bindgen_test]
fn session_remove_forgets_the_key() {
    storage::session_set("firebridge.gone", &1);
    storage::session_remove("firebridge.gone");
    assert_eq!(storage::session_get::<i32>("firebridge.gone"), None);
}

// Sign-out must remove every key of the app and nothing that belongs to another app.
#[wasm_bindgen_test]
fn wipe_removes_only_the_apps_keys() {
    storage::session_set("firebridge.session", &1);
    storage::local_set(storage::EMAIL_FOR_SIGN_IN_KEY, &"a@example.com");
    storage::local_set("other-app.setting", &true);
    storage::wipe_all();
    assert_eq!(storage::session_get::<i32>("firebridge.session"), None);
    assert_eq!(
        storage::local_get::<String>(storage::EMAIL_FOR_SIGN_IN_KEY),
        None
    );
    assert_eq!(storage::local_get::<bool>("other-app.setting"), Some(true));
    storage::local_remove("other-app.setting");
}

// aws-sigv4 compiled to wasm (its sha2/hmac, its time formatting) signs exactly as natively.
#[wasm_bindgen_test]
fn signature_in_wasm_equals_native() {
    assert_eq!(
        common::signing_case::signed_authorization(),
        common::signing_case::EXPECTED_AUTHORIZATION.trim()
    );
}

// Presigning in wasm (query-string SigV4) gives botocore's URL too.
#[wasm_bindgen_test]
fn presigned_url_in_wasm_equals_botocore() {
    use common::signing_case::{presigned_list_roles, sorted_query, EXPECTED_PRESIGNED_URL};
    assert_eq!(
        sorted_query(&presigned_list_roles()),
        sorted_query(EXPECTED_PRESIGNED_URL)
    );
}

// The clock reads the browser's time (SystemTime::now would panic here).
#[wasm_bindgen_test]
fn clock_reads_browser_time() {
    let now = firebridge::platform::clock::now_unix();
    assert!(now > 1_700_000_000, "{now}");
}
