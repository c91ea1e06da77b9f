//! The official SigV4 test suite (aws-signing-test-suite, copied under tests/fixtures/sigv4/):
//! the cases S3 and STS rely on, signed through the app's own `sign_with_identity`. A matching
//! signature proves the canonical request and the string to sign matched too.

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SigningSettings,
    UriPathNormalizationMode,
};
use firebridge::aws::sign::sign_with_identity;
use firebridge::http::{encode_rfc3986, HttpRequest, Method};
use firebridge::time::{from_unix_seconds, parse_iso8601_utc};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Context {
    credentials: ContextCredentials,
    normalize: bool,
    region: String,
    service: String,
    sign_body: bool,
    timestamp: String,
    #[serde(default)]
    omit_session_token: bool,
}

#[derive(Deserialize)]
struct ContextCredentials {
    access_key_id: String,
    secret_access_key: String,
    #[serde(default)]
    token: Option<String>,
}

/// `request.txt` is raw HTTP with unencoded paths; the app always sends encoded URLs.
fn parse_request(text: &str) -> HttpRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    let (method, rest) = request_line.split_once(' ').unwrap();
    let target = rest.rsplit_once(' ').unwrap().0;
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        other => panic!("method {other} not used by the app"),
    };
    let mut host = String::new();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        if name.eq_ignore_ascii_case("host") {
            host = value.to_string();
        }
        headers.push((name.to_ascii_lowercase(), value.to_string()));
    }
    let mut request = HttpRequest::new(method, format!("https://{host}{}", encode_target(target)));
    request.headers = headers;
    request.body = body.as_bytes().to_vec();
    request
}

fn encode_target(target: &str) -> String {
    let (path, query) = target
        .split_once('?')
        .map_or((target, None), |(p, q)| (p, Some(q)));
    let path: Vec<String> = path.split('/').map(encode_rfc3986).collect();
    let mut encoded = path.join("/");
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => format!("{}={}", encode_rfc3986(k), encode_rfc3986(v)),
                None => encode_rfc3986(pair),
            })
            .collect();
        encoded.push('?');
        encoded.push_str(&pairs.join("&"));
    }
    encoded
}

fn check_vector(name: &str) {
    let dir = Path::new("tests/fixtures/sigv4").join(name);
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap();
    let context: Context = serde_json::from_str(&read("context.json")).unwrap();
    let mut request = parse_request(&read("request.txt"));
    let identity = Credentials::new(
        context.credentials.access_key_id,
        context.credentials.secret_access_key,
        context.credentials.token,
        None,
        "sigv4-test-suite",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = if context.normalize {
        UriPathNormalizationMode::Enabled
    } else {
        UriPathNormalizationMode::Disabled
    };
    if context.sign_body {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if context.omit_session_token {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    let time = from_unix_seconds(parse_iso8601_utc(&context.timestamp).unwrap());
    sign_with_identity(
        &mut request,
        &identity,
        &context.service,
        &context.region,
        settings,
        time,
    )
    .unwrap();
    let authorization = request.header_value("authorization").unwrap();
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert_eq!(
        signature,
        read("header-signature.txt").trim(),
        "vector {name}"
    );
    let canonical = read("header-canonical-request.txt");
    let signed_headers = canonical.lines().rev().nth(1).unwrap();
    assert!(
        authorization.contains(&format!("SignedHeaders={signed_headers},")),
        "vector {name}: {authorization}"
    );
}

macro_rules! vectors {
    ($($test:ident => $name:literal),* $(,)?) => {
        $( #[test] fn $test() { check_vector($name); } )*
    };
}

vectors! {
    get_vanilla => "get-vanilla",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_unreserved => "get-unreserved",
    get_utf8 => "get-utf8",
    get_space_unnormalized => "get-space-unnormalized",
    get_slashes_unnormalized => "get-slashes-unnormalized",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    post_vanilla => "post-vanilla",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
    post_sts_header_before => "post-sts-header-before",
    post_header_key_sort => "post-header-key-sort",
}
