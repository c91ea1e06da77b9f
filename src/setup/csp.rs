//! The Content-Security-Policy header the host sends with the app: code only from the app's own
//! files (WebAssembly compiled from them included), no inline script or style, no plugins, no
//! framing, and network access only to the app's own files and the endpoints of its
//! config.json. An injected `<script>` or a request to anywhere else is refused by the browser.
//! With it, the other security headers a host should send, and the part of the policy that
//! index.html carries itself (for hosts that cannot send headers).

use crate::address;
use crate::aws::s3;
use crate::config::AppConfig;

/// The header's value for an app that runs with `config`.
pub fn content_security_policy(config: &AppConfig) -> String {
    let bucket = address::origin(&s3::object_url(&config.aws, "")).unwrap_or_default();
    let endpoints = [
        &config.firebase.identity_toolkit_url,
        &config.firebase.secure_token_url,
        &config.aws.sts_endpoint,
        &bucket,
        &config.aws.iam_endpoint,
    ];
    let mut connect = vec!["'self'".to_string()];
    for origin in endpoints.into_iter().filter_map(|url| address::origin(url)) {
        if !connect.contains(&origin) {
            connect.push(origin);
        }
    }
    [
        "default-src 'none'".to_string(),
        // Instantiating the app's WebAssembly needs 'wasm-unsafe-eval' (not 'unsafe-eval').
        "script-src 'self' 'wasm-unsafe-eval'".to_string(),
        "style-src 'self'".to_string(),
        // Image previews are shown from blob: URLs of the downloaded bytes; the grid view's
        // thumbnails load from presigned links to the bucket.
        format!("img-src 'self' blob: {bucket}"),
        format!("connect-src {}", connect.join(" ")),
        // Downloads open in hidden frames: on the bucket's host (the answer saves a file), and
        // on the app's own for a zip, which its service worker answers (public/zip-sw.js).
        format!("frame-src 'self' {bucket}"),
        "worker-src 'self'".to_string(),
        // Audio and video previews play from presigned links to the bucket.
        format!("media-src {bucket}"),
        "base-uri 'self'".to_string(),
        "form-action 'self'".to_string(),
        "frame-ancestors 'none'".to_string(),
    ]
    .join("; ")
}

/// The policy index.html carries in a `<meta>` element (added by the release build,
/// dev/split/finish.sh): what does not depend on config.json. A host that sends no header still
/// runs no injected script, no plugin, and no `<base>` redirecting the app's own files.
pub const META_POLICY: &str =
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'";

/// Every header the host should send with the app's pages: the policy above; no sniffing of
/// types (a file must be what its type says); HTTPS only, for two years; no window opened
/// elsewhere keeps a handle on this one; and no Referer (sign-in links carry codes).
pub fn security_headers(config: &AppConfig) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(config)),
        ("X-Content-Type-Options", "nosniff".to_string()),
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains".to_string(),
        ),
        ("Cross-Origin-Opener-Policy", "same-origin".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ]
}

/// The headers as a host's configuration lists them, one `Name: value` a line.
pub fn security_headers_text(config: &AppConfig) -> String {
    security_headers(config)
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::config_json;
    use crate::setup::tests::real_answers;

    // Production: Firebase's two APIs, regional STS, the bucket's own host and IAM, nothing else.
    #[test]
    fn production_allows_exactly_the_endpoints_the_app_calls() {
        let config = AppConfig::from_json(&config_json(&real_answers()).to_string()).unwrap();
        let policy = content_security_policy(&config);
        assert!(policy.contains("connect-src 'self' https://identitytoolkit.googleapis.com https://securetoken.googleapis.com https://sts.eu-west-1.amazonaws.com https://my-files.s3.eu-west-1.amazonaws.com https://iam.amazonaws.com; frame-src 'self' https://my-files.s3.eu-west-1.amazonaws.com; worker-src 'self';"), "{policy}");
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
    }

    // The local stack: the emulator and the stand-in, each named once.
    #[test]
    fn the_local_stack_needs_two_origins() {
        let policy = content_security_policy(&AppConfig::local());
        assert!(
            policy.contains("connect-src 'self' http://127.0.0.1:9099 http://127.0.0.1:5000;"),
            "{policy}"
        );
    }

    // The e2e suite's server sends dev/security-headers.txt: it must be this generator's output
    // for public/config.json, so the whole suite runs under the headers users deploy.
    #[test]
    fn the_local_stack_serves_the_generated_headers() {
        let served = include_str!("../../dev/security-headers.txt");
        assert_eq!(served, security_headers_text(&AppConfig::local()));
        let meta = include_str!("../../dev/meta-content-security-policy.txt");
        assert_eq!(meta.trim_end(), META_POLICY);
    }

    // The meta policy holds nothing the header lacks: it can only narrow the page further.
    #[test]
    fn the_meta_policy_is_part_of_the_header() {
        let header = content_security_policy(&AppConfig::local());
        assert!(header.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(header.contains("base-uri 'self'"));
        assert!(META_POLICY.contains("object-src 'none'") && header.contains("default-src 'none'"));
    }
}
