//! The catalogue of bad input, native half (the browser half is tests/e2e/specs/hostile_input.spec.mjs):
//! what a careless host, a proxy, a tampered link or a hostile bucket can hand the app. One
//! test per case, each checking what the user is told, and that nothing is taken for valid.

use firebridge::address;
use firebridge::auth::email_link::{parse_sign_in_link, scrub_sign_in_params};
use firebridge::auth::firebase::{self, AuthError};
use firebridge::auth::jwt::{claims_json, decode_claims};
use firebridge::aws::s3::{self, S3Error};
use firebridge::aws::sts::{self, StsError};
use firebridge::config::AppConfig;
use firebridge::error::AppError;
use firebridge::folder;
use firebridge::http::HttpResponse;
use firebridge::route::{self, Route};

const LOCAL_CONFIG: &str = include_str!("../public/config.json");

/// public/config.json with one change.
fn config_with(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut json: serde_json::Value = serde_json::from_str(LOCAL_CONFIG).unwrap();
    change(&mut json);
    json.to_string()
}

/// The message the configuration error page shows for `text`.
fn config_error(text: &str) -> String {
    AppConfig::from_json(text)
        .expect_err("must be refused")
        .to_string()
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn sts_answer(status: u16, body: impl Into<Vec<u8>>) -> Result<sts::AssumedRole, StsError> {
    sts::parse_assume_role(&HttpResponse::new(status, body), 0, 3600)
}

fn listing(status: u16, body: impl Into<Vec<u8>>) -> Result<s3::ObjectListing, S3Error> {
    s3::parse_list(&HttpResponse::new(status, body))
}

fn user_sees(error: impl Into<AppError>) -> String {
    error.into().to_string()
}

const PROXY_PAGE: &str = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><script>alert(1)</script></body></html>";

// --- config.json ---------------------------------------------------------------------------

// A host answering config.json with its HTML fallback page (a missing file, an SPA rewrite).
#[test]
fn config_that_is_an_html_page() {
    assert!(config_error(PROXY_PAGE).starts_with("config.json could not be read:"));
}

// An empty file (a failed deploy).
#[test]
fn config_that_is_empty() {
    assert!(config_error("").starts_with("config.json could not be read:"));
}

// JSON, but not an object.
#[test]
fn config_that_is_an_array() {
    assert!(config_error("[1, 2, 3]").starts_with("config.json could not be read:"));
}

// A number where the API key goes: named, with the type expected.
#[test]
fn config_with_a_number_for_the_api_key() {
    let message = config_error(&config_with(|c| c["firebase"]["apiKey"] = 12345.into()));
    assert_eq!(
        message,
        "config.json: `firebase.apiKey` must be a string, in double quotes"
    );
}

// A field the app does not know (a typo such as "bukcet") is refused, not silently ignored.
#[test]
fn config_with_an_unknown_field() {
    let message = config_error(&config_with(|c| c["aws"]["bukcet"] = "x".into()));
    assert!(message.contains("`aws.bukcet` is not a field"), "{message}");
}

// A megabyte of API key: refused by shape, not stored.
#[test]
fn config_with_a_huge_api_key() {
    let message = config_error(&config_with(|c| {
        c["firebase"]["apiKey"] = "A".repeat(1 << 20).into()
    }));
    assert!(
        message.starts_with("config.json: `firebase.apiKey`"),
        "{message}"
    );
}

// A session length past u32: a clear type error, no overflow.
#[test]
fn config_with_a_huge_session_duration() {
    let message = config_error(&config_with(|c| {
        c["aws"]["sessionDurationSeconds"] = 1e15.into()
    }));
    assert_eq!(
        message,
        "config.json: `aws.sessionDurationSeconds` must be a whole number of seconds"
    );
}

// A negative session length.
#[test]
fn config_with_a_negative_session_duration() {
    assert!(config_error(&config_with(
        |c| c["aws"]["sessionDurationSeconds"] = (-1).into()
    ))
    .contains("`aws.sessionDurationSeconds` must be a whole number"));
}

// Beyond STS's 12 hours: named with the limits.
#[test]
fn config_with_a_session_longer_than_sts_allows() {
    let message = config_error(&config_with(|c| {
        c["aws"]["sessionDurationSeconds"] = 50_000.into()
    }));
    assert!(message.contains("between 900 and 43200"), "{message}");
}

// An endpoint that would run script: only http(s) endpoints are accepted.
#[test]
fn config_with_a_javascript_endpoint() {
    let message = config_error(&config_with(|c| {
        c["aws"]["stsEndpoint"] = "javascript:alert(1)".into()
    }));
    assert!(
        message.starts_with("config.json: `aws.stsEndpoint`"),
        "{message}"
    );
}

// An endpoint with a path or query (where a signature could leak): refused.
#[test]
fn config_with_an_endpoint_carrying_a_query() {
    let message = config_error(&config_with(|c| {
        c["aws"]["s3Endpoint"] = "https://evil.example/?steal=".into()
    }));
    assert!(
        message.starts_with("config.json: `aws.s3Endpoint`"),
        "{message}"
    );
}

// A role ARN that is not one.
#[test]
fn config_with_a_role_that_is_not_an_arn() {
    let message = config_error(&config_with(|c| {
        c["aws"]["roleArn"] = "firebridge-web".into()
    }));
    assert!(
        message.starts_with("config.json: `aws.roleArn`"),
        "{message}"
    );
}

// A bucket name S3 would refuse (and one that could alter a URL).
#[test]
fn config_with_a_bucket_name_holding_a_path() {
    let message = config_error(&config_with(|c| {
        c["aws"]["bucket"] = "files/../other".into()
    }));
    assert!(
        message.starts_with("config.json: `aws.bucket`"),
        "{message}"
    );
}

// A shared area that would expose every user's folder.
#[test]
fn config_with_a_shared_area_over_users() {
    let message = config_error(&config_with(|c| c["aws"]["sharedPrefix"] = "users/".into()));
    assert!(message.contains("outside users/"), "{message}");
}

// A shared area that climbs out of the bucket's root.
#[test]
fn config_with_a_shared_area_climbing_out() {
    let message = config_error(&config_with(|c| c["aws"]["sharedPrefix"] = "../".into()));
    assert!(
        message.starts_with("config.json: `aws.sharedPrefix`"),
        "{message}"
    );
}

// A session policy too big for STS: refused before any request.
#[test]
fn config_with_a_huge_session_policy() {
    let statement = serde_json::json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "x".repeat(3000)});
    let message = config_error(&config_with(|c| {
        c["aws"]["sessionPolicy"] = serde_json::json!({"Statement": [statement]})
    }));
    assert!(message.contains("2048 characters"), "{message}");
}

// A sign-in method that does not exist.
#[test]
fn config_with_an_unknown_sign_in_method() {
    let message = config_error(&config_with(|c| {
        c["firebase"]["signInMethods"] = serde_json::json!(["magic"])
    }));
    assert!(message.contains("emailLink"), "{message}");
}

// null for a required section.
#[test]
fn config_with_null_aws() {
    let message = config_error(&config_with(|c| c["aws"] = serde_json::Value::Null));
    assert!(message.contains("`aws` is missing"), "{message}");
}

// --- sign-in links and the address bar -------------------------------------------------------

const LINK: &str = "https://app.example/login?mode=signIn&oobCode=CODE&apiKey=k&lang=en";

// A link whose code was cut off (a mail client wrapping the line).
#[test]
fn link_without_its_code() {
    assert!(parse_sign_in_link("https://app.example/login?mode=signIn&apiKey=k").is_none());
}

// An empty code.
#[test]
fn link_with_an_empty_code() {
    assert!(parse_sign_in_link("https://app.example/login?mode=signIn&oobCode=").is_none());
}

// Two codes: which would be spent is ambiguous, so neither is.
#[test]
fn link_with_two_codes() {
    assert!(parse_sign_in_link(&format!("{LINK}&oobCode=OTHER")).is_none());
}

// Another Firebase action's link (a password reset) is not a sign-in.
#[test]
fn link_of_another_mode() {
    assert!(
        parse_sign_in_link("https://app.example/login?mode=resetPassword&oobCode=CODE").is_none()
    );
}

// Two modes.
#[test]
fn link_with_two_modes() {
    assert!(parse_sign_in_link(&format!("{LINK}&mode=verifyEmail")).is_none());
}

// A code in the fragment is not a query parameter, and is not read.
#[test]
fn link_with_the_code_in_the_fragment() {
    assert!(parse_sign_in_link("https://app.example/login#?mode=signIn&oobCode=CODE").is_none());
}

// The intact link is read, and scrubbing leaves no sign-in parameter, the others kept.
#[test]
fn link_scrubbed_of_every_sign_in_parameter() {
    assert_eq!(parse_sign_in_link(LINK).unwrap().oob_code, "CODE");
    let scrubbed = scrub_sign_in_params(&format!(
        "{LINK}&continueUrl=https%3A%2F%2Fevil.example&next=identity"
    ));
    assert_eq!(scrubbed, "https://app.example/login?next=identity");
}

// ?next=javascript: must not become a place to go.
#[test]
fn next_that_is_javascript() {
    assert_eq!(
        Route::from_next(
            route::next_param("https://app.example/login?next=javascript:alert(1)").as_deref()
        ),
        Route::Files
    );
}

// ?next= pointing at another site: no open redirect.
#[test]
fn next_that_is_another_site() {
    for next in [
        "https://evil.example",
        "//evil.example",
        "%2F%2Fevil.example",
    ] {
        let href = format!("https://app.example/login?next={next}");
        assert_eq!(
            Route::from_next(route::next_param(&href).as_deref()),
            Route::Files,
            "{next}"
        );
    }
}

// A repeated ?next= still only names an app page.
#[test]
fn next_repeated() {
    let next =
        route::next_param("https://app.example/login?next=identity&next=https://evil.example");
    assert!(matches!(
        Route::from_next(next.as_deref()),
        Route::Identity | Route::Files
    ));
}

// ?folder= climbing out of the user's folder opens the top instead.
#[test]
fn folder_climbing_out() {
    for folder in [
        "..%2F..%2F",
        "a%2F..%2F..%2F",
        "%2Fetc%2F",
        ".%2F",
        "a%2F%2F",
    ] {
        assert_eq!(
            route::folder_param(&format!("https://app.example/?folder={folder}")),
            "",
            "{folder}"
        );
    }
}

// An origin is only scheme, host and port: user info, paths and queries never pass.
#[test]
fn origins_that_hide_another_host() {
    assert_eq!(address::origin("https://app.example@evil.example/"), None);
    assert_eq!(address::origin("https://evil.example:99999/"), None);
    assert_eq!(address::origin("javascript://evil.example/"), None);
    assert_eq!(
        address::origin("https://ok.example/a?b#c").as_deref(),
        Some("https://ok.example")
    );
}

// --- XML from AWS, or from something in its place ------------------------------------------

// A proxy's HTML error page where STS's XML should be: no credentials, a readable error.
#[test]
fn sts_answered_by_a_proxy_page() {
    let message = user_sees(sts_answer(502, PROXY_PAGE).unwrap_err());
    assert!(
        message.starts_with("AWS STS refused the request:"),
        "{message}"
    );
    assert!(!message.contains("<script>"), "{message}");
}

// An STS success cut off mid-way (a dropped connection).
#[test]
fn sts_success_truncated() {
    let body = fixture("sts/assume_role_with_web_identity.xml");
    let error = sts_answer(200, &body[..body.len() / 2]).unwrap_err();
    assert!(
        user_sees(error).contains("could not be read as an STS AssumeRoleWithWebIdentity response")
    );
}

// A 200 with an empty body.
#[test]
fn sts_success_empty() {
    assert!(sts_answer(200, "").is_err());
}

// A 200 with bytes that are not text at all.
#[test]
fn sts_success_binary_garbage() {
    assert!(sts_answer(200, vec![0xff, 0xfe, 0x00, 0x9c, 0x80]).is_err());
}

// Credentials with an empty secret are no credentials.
#[test]
fn sts_success_with_an_empty_secret() {
    let body = String::from_utf8(fixture("sts/assume_role_with_web_identity.xml")).unwrap();
    let start = body.find("<SecretAccessKey>").unwrap() + "<SecretAccessKey>".len();
    let end = body.find("</SecretAccessKey>").unwrap();
    let emptied = format!("{}{}", &body[..start], &body[end..]);
    assert!(sts_answer(200, emptied).is_err());
}

// An internal entity declaration (the "billion laughs"): never expanded.
#[test]
fn xml_with_entity_declarations() {
    let body = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><ListBucketResult><Contents><Key>&b;</Key></Contents></ListBucketResult>"#;
    assert!(listing(200, body).is_err());
}

// Elements nested a hundred thousand deep: refused without exhausting the stack.
#[test]
fn xml_nested_very_deep() {
    let body = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    assert!(listing(200, body).is_err());
}

// Ten megabytes of junk where a listing should be.
#[test]
fn listing_of_ten_megabytes_of_junk() {
    assert!(listing(200, "<".repeat(10 << 20)).is_err());
}

// A listing whose root is another document.
#[test]
fn listing_that_is_another_document() {
    assert!(listing(200, fixture("s3/error_access_denied.xml")).is_err());
}

// An HTML page with status 200 (a captive portal): not a listing.
#[test]
fn listing_that_is_an_html_page() {
    let message = user_sees(listing(200, PROXY_PAGE).unwrap_err());
    assert!(
        message.contains("could not be read as an S3 ListObjectsV2 response"),
        "{message}"
    );
}

// A 503 HTML page from a proxy in front of S3: S3 is taken as busy (retried), not as an answer.
#[test]
fn s3_503_from_a_proxy() {
    let error = listing(503, PROXY_PAGE).unwrap_err();
    assert!(matches!(error, S3Error::Busy(_)), "{error:?}");
    assert!(error.to_string().starts_with("S3 is busy"));
}

// A 403 HTML page from a firewall: refused, said plainly, markup not echoed.
#[test]
fn s3_403_html_page() {
    let message = listing(403, PROXY_PAGE).unwrap_err().to_string();
    assert!(
        message.contains("HTTP 403") && !message.contains("<h1>"),
        "{message}"
    );
}

// Keys and sizes that are not what they claim: a non-numeric size does not panic.
#[test]
fn listing_with_a_non_numeric_size() {
    let body =
        "<ListBucketResult><Contents><Key>a</Key><Size>lots</Size></Contents></ListBucketResult>";
    let listed = listing(200, body).unwrap();
    assert_eq!(
        (listed.objects[0].key.as_str(), listed.objects[0].size),
        ("a", 0)
    );
}

// A key made of markup is kept as the text it is (shown as text by the page).
#[test]
fn listing_with_markup_in_a_key() {
    let body = "<ListBucketResult><Contents><Key>&lt;img src=x onerror=alert(1)&gt;.txt</Key><Size>1</Size></Contents></ListBucketResult>";
    assert_eq!(
        listing(200, body).unwrap().objects[0].key,
        "<img src=x onerror=alert(1)>.txt"
    );
}

// An S3 error whose message holds markup: the user's sentence never includes the message.
#[test]
fn s3_error_message_with_markup() {
    let body = "<Error><Code>AccessDenied</Code><Message><![CDATA[<script>steal()</script>]]></Message></Error>";
    let message = listing(403, body).unwrap_err().to_string();
    assert!(!message.contains("<script>"), "{message}");
}

// --- JSON from Firebase, or from something in its place ------------------------------------

fn sign_in(status: u16, body: &str) -> Result<firebridge::auth::FirebaseUser, AuthError> {
    firebase::parse_sign_in(&HttpResponse::new(status, body), 0)
}

// A proxy page where Identity Toolkit's JSON should be.
#[test]
fn firebase_answered_by_a_proxy_page() {
    let error = sign_in(502, PROXY_PAGE).unwrap_err();
    assert_eq!(
        error,
        AuthError::Unexpected {
            status: 502,
            code: "NON_JSON_ERROR".into()
        }
    );
    assert!(error.to_string().contains("(502 NON_JSON_ERROR)"));
}

// A success body cut off.
#[test]
fn firebase_success_truncated() {
    let body = String::from_utf8(fixture("firebase/sign_in_with_email_link.json")).unwrap();
    let error = sign_in(200, &body[..body.len() / 2]).unwrap_err();
    assert!(error.to_string().contains("MALFORMED_RESPONSE"), "{error}");
}

// A success with an ID token that is not a JWT.
#[test]
fn firebase_success_with_a_broken_token() {
    let error = sign_in(
        200,
        r#"{"localId":"u","idToken":"not.a-token","refreshToken":"r"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("MALFORMED_ID_TOKEN"), "{error}");
}

// `null` as the whole answer.
#[test]
fn firebase_success_null() {
    assert!(sign_in(200, "null").is_err());
}

// An error code Firebase may add one day: shown with its code, for support.
#[test]
fn firebase_error_of_an_unknown_code() {
    let error = sign_in(
        400,
        r#"{"error":{"code":400,"message":"SOMETHING_NEW : detail"}}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("(400 SOMETHING_NEW)"), "{error}");
}

// An error message made of markup: the code is read, the markup is not shown.
#[test]
fn firebase_error_with_markup() {
    let error = sign_in(
        400,
        r#"{"error":{"message":"<img src=x onerror=alert(1)>"}}"#,
    )
    .unwrap_err();
    assert!(!error.to_string().contains("onerror"), "{error}");
}

// A refresh answer that is valid JSON of the wrong shape.
#[test]
fn firebase_refresh_of_the_wrong_shape() {
    let user = sign_in(
        200,
        &String::from_utf8(fixture("firebase/sign_in_with_email_link.json")).unwrap(),
    )
    .unwrap();
    let error = firebase::parse_refresh(&HttpResponse::new(200, r#"{"id_token": 5}"#), &user, 0)
        .unwrap_err();
    assert!(error.to_string().contains("MALFORMED_RESPONSE"), "{error}");
}

// --- ID tokens --------------------------------------------------------------------------------

// Two parts instead of three.
#[test]
fn jwt_with_two_parts() {
    assert!(decode_claims("aGVhZGVy.cGF5bG9hZA").is_err());
}

// A payload that is not base64url.
#[test]
fn jwt_with_a_payload_not_base64() {
    assert!(decode_claims("e30.!!!.sig").is_err());
}

// A payload that decodes to something other than JSON claims.
#[test]
fn jwt_with_an_array_payload() {
    assert!(decode_claims("e30.WzEsMl0.sig").is_err());
    assert!(
        claims_json("e30.WzEsMl0.sig").is_ok(),
        "the identity page may still show it as it is"
    );
}

// Claims without a subject: no uid can be taken from it.
#[test]
fn jwt_without_a_subject() {
    let payload = "eyJpc3MiOiJ4IiwiYXVkIjoieCIsImV4cCI6MSwiaWF0IjoxfQ"; // {"iss":"x","aud":"x","exp":1,"iat":1}
    assert!(decode_claims(&format!("e30.{payload}.sig")).is_err());
}

// A token of a megabyte.
#[test]
fn jwt_of_a_megabyte() {
    let token = format!("e30.{}.sig", "A".repeat(1 << 20));
    assert!(decode_claims(&token).is_err());
}

// --- names a bucket can hold -------------------------------------------------------------

// A folder named "..": refused with the reason.
#[test]
fn new_folder_named_dot_dot() {
    assert!(folder::new_folder_path("", "..").is_err());
}

// A rename that climbs out of the user's folder.
#[test]
fn rename_climbing_out() {
    let refused = folder::rename_target("users/u/", "users/u/a.txt", "../v/a.txt").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Folders in the path cannot be empty, . or .."
    );
}

// A name past S3's key limit: refused before any byte is sent.
#[test]
fn upload_with_a_name_past_the_key_limit() {
    let refused = folder::upload_key("users/u/", "", &"n".repeat(1100)).unwrap_err();
    assert!(refused
        .to_string()
        .starts_with("Its name is too long for S3"));
}

// A markup name is a name like any other: kept exactly as typed.
#[test]
fn upload_of_a_file_named_with_markup() {
    let key = folder::upload_key("users/u/", "", "<img src=x onerror=alert(1)>.txt").unwrap();
    assert_eq!(key, "users/u/<img src=x onerror=alert(1)>.txt");
}
