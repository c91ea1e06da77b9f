//! Addresses the app reads from the address bar (sign-in links, ?next=, ?folder=): no panic,
//! no code read from a link that is not exactly one sign-in code, no sign-in parameter left
//! after scrubbing, no page outside the app chosen by ?next=, and no folder that climbs out.
#![no_main]
use firebridge::address;
use firebridge::auth::email_link::{parse_sign_in_link, scrub_sign_in_params};
use firebridge::route::{self, Route};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|href: &str| {
    if let Some(link) = parse_sign_in_link(href) {
        assert!(!link.oob_code.is_empty());
    }
    let scrubbed = scrub_sign_in_params(href);
    assert!(parse_sign_in_link(&scrubbed).is_none());
    assert!(address::query_param(&scrubbed, "oobCode").is_none());
    let next = Route::from_next(route::next_param(href).as_deref());
    assert!(matches!(
        next,
        Route::Files | Route::Shared | Route::Identity | Route::Doctor
    ));
    let folder = route::folder_param(href);
    assert!(!folder.starts_with('/') && !folder.split('/').any(|part| part == ".." || part == "."));
    if let Some(origin) = address::origin(href) {
        assert!(!origin.contains(['?', '#', '@']) && origin.matches('/').count() == 2);
    }
});
