//! The sign-in link's URL: where Firebase sends the user back, and what the app reads from it.

use crate::address;

/// Query parameters Firebase appends to the continue URL. All of them are removed from the
/// address bar once read: the code is a single-use credential and the key is noise.
const LINK_PARAMS: [&str; 5] = ["mode", "oobCode", "apiKey", "continueUrl", "lang"];

/// The page Firebase sends a sign-in link back to, under the app's base URL, with the page to
/// show after sign-in (`next`, see `Route::as_next`).
pub fn continue_url(app_base_url: &str, next: &str) -> String {
    format!(
        "{}/login?next={}",
        app_base_url.trim_end_matches('/'),
        crate::http::encode_rfc3986(next)
    )
}

#[derive(Clone, PartialEq, Eq)]
pub struct SignInLink {
    pub oob_code: String,
}

impl std::fmt::Debug for SignInLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignInLink { oob_code: <redacted> }")
    }
}

/// Reads a sign-in link out of a full URL: `mode=signIn` with exactly one non-empty `oobCode`.
pub fn parse_sign_in_link(href: &str) -> Option<SignInLink> {
    let pairs = address::query_pairs(href);
    let values = |name: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let (modes, codes) = (values("mode"), values("oobCode"));
    match (modes.as_slice(), codes.as_slice()) {
        ([mode], [code]) if *mode == "signIn" && !code.is_empty() => Some(SignInLink {
            oob_code: code.to_string(),
        }),
        _ => None,
    }
}

/// Whether the URL carries any of the parameters Firebase adds to a sign-in link (usable or
/// not): such a URL is scrubbed, and one that is not a usable link is said to be unusable.
pub fn has_sign_in_params(href: &str) -> bool {
    address::query_pairs(href)
        .iter()
        .any(|(k, _)| LINK_PARAMS.contains(&k.as_str()))
}

/// The same URL without the sign-in parameters, for `history.replaceState`. Other query
/// parameters and the fragment are kept.
pub fn scrub_sign_in_params(href: &str) -> String {
    let kept: Vec<(String, String)> = address::query_pairs(href)
        .into_iter()
        .filter(|(k, _)| !LINK_PARAMS.contains(&k.as_str()))
        .collect();
    address::with_query(href, &kept)
}

/// A light check before spending a request: something@something.tld, no spaces.
pub fn looks_like_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape of the URL the emulator's oobLink redirects to (recorded).
    const EMULATOR_REDIRECT: &str =
        "http://localhost:8080/login?mode=signIn&oobCode=Xy_12-ab&apiKey=fake-api-key&lang=en";

    // The code is read from the URL the emulator (and Firebase) redirect to.
    #[test]
    fn reads_the_code_from_a_link() {
        assert_eq!(
            parse_sign_in_link(EMULATOR_REDIRECT),
            Some(SignInLink {
                oob_code: "Xy_12-ab".into()
            })
        );
    }

    // Tampered links (no code, wrong mode, repeated code) are not treated as sign-in links.
    #[test]
    fn ignores_incomplete_or_tampered_links() {
        for href in [
            "http://localhost:8080/login",
            "http://localhost:8080/login?mode=signIn",
            "http://localhost:8080/login?mode=resetPassword&oobCode=x",
            "http://localhost:8080/login?mode=signIn&oobCode=",
            "http://localhost:8080/login?mode=signIn&oobCode=a&oobCode=b",
            "not a url",
        ] {
            assert_eq!(parse_sign_in_link(href), None, "{href}");
        }
    }

    // The single-use code must not stay in the address bar or in history.
    // Any of Firebase's link parameters marks a URL as a sign-in link to scrub, usable or not;
    // the app's own parameters do not.
    #[test]
    fn tells_link_urls_from_plain_ones() {
        assert!(has_sign_in_params("https://a.example/login?mode=signIn"));
        assert!(has_sign_in_params(
            "https://a.example/login?next=files&oobCode=x&oobCode=y"
        ));
        assert!(!has_sign_in_params(
            "https://a.example/login?next=identity&folder=a%2F"
        ));
        assert!(!has_sign_in_params("https://a.example/login#oobCode=x"));
    }

    #[test]
    fn scrubbing_removes_only_sign_in_params() {
        assert_eq!(
            scrub_sign_in_params(EMULATOR_REDIRECT),
            "http://localhost:8080/login"
        );
        assert_eq!(
            scrub_sign_in_params(
                "https://app.example/base/login?next=%2Ffiles&mode=signIn&oobCode=c#top"
            ),
            "https://app.example/base/login?next=%2Ffiles#top"
        );
    }

    // Links must come back to this deployment's /login, sub-path included, with the page wanted.
    #[test]
    fn continue_url_is_the_login_page_under_the_base() {
        assert_eq!(
            continue_url("https://a.example/app/", "identity"),
            "https://a.example/app/login?next=identity"
        );
        assert_eq!(
            continue_url("http://localhost:8080", "files"),
            "http://localhost:8080/login?next=files"
        );
    }

    // Obvious typos are caught before a request is spent on them; valid addresses are not refused.
    #[test]
    fn email_shape() {
        assert!(looks_like_email("alice@example.com"));
        assert!(looks_like_email("  bob+tag@sub.example.org "));
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "a b@example.com",
            "a@example",
            "a@b@c.com",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
