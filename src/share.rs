//! Links to a file that work without signing in: presigned GET URLs. A link can never outlive
//! the credentials that signed it (AWS refuses it once they expire), nor SigV4's seven days.

/// The lifetimes offered when sharing: the message naming each, and its seconds.
pub const CHOICES: [(&str, u64); 4] = [
    ("files.share-5-minutes", 5 * 60),
    ("files.share-1-hour", 3600),
    ("files.share-12-hours", 12 * 3600),
    ("files.share-7-days", 7 * 24 * 3600),
];

/// SigV4's limit on a presigned URL's lifetime.
pub const MAX_SECS: u64 = 7 * 24 * 3600;

/// The lifetime a link gets: the one chosen, cut to what the credentials have left.
pub fn link_lifetime(chosen_secs: u64, credentials_left_secs: u64) -> u64 {
    chosen_secs.min(credentials_left_secs).min(MAX_SECS)
}

/// The `Content-Disposition` that makes a browser save the object as `name` instead of showing
/// it: an ASCII fallback, and the exact name in RFC 5987 form for browsers that read it.
pub fn attachment(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        crate::http::encode_rfc3986(name)
    )
}

/// The query a share link carries so that S3 serves `name` safely: as the inert type its name
/// implies (shown in the browser), or as an attachment (saved, never shown).
pub fn served_as(name: &str) -> String {
    use crate::http::encode_rfc3986;
    match crate::preview::inline_type(name) {
        Some(kind) => format!(
            "response-content-disposition=inline&response-content-type={}",
            encode_rfc3986(kind)
        ),
        None => format!(
            "response-content-disposition={}",
            encode_rfc3986(&attachment(name))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The page promises a link lasts as chosen only when the credentials last that long.
    #[test]
    fn links_never_outlive_the_credentials() {
        assert_eq!(link_lifetime(3600, 900), 900);
        assert_eq!(link_lifetime(300, 3600), 300);
        assert_eq!(link_lifetime(MAX_SECS * 2, u64::MAX), MAX_SECS);
    }

    // Any name survives the header: quotes and non-ASCII fall back in `filename`, exact in
    // `filename*`.
    #[test]
    fn attachment_names_survive() {
        assert_eq!(
            attachment("a \"b\" é.txt"),
            "attachment; filename=\"a _b_ _.txt\"; filename*=UTF-8''a%20%22b%22%20%C3%A9.txt"
        );
    }

    // An uploaded page or SVG must never run as a page of the bucket's host: its link saves it.
    #[test]
    fn share_links_serve_by_name() {
        assert_eq!(
            served_as("cat.png"),
            "response-content-disposition=inline&response-content-type=image%2Fpng"
        );
        let page = served_as("evil.html");
        assert!(
            page.starts_with("response-content-disposition=attachment%3B"),
            "{page}"
        );
        assert!(served_as("logo.svg").contains("attachment"));
    }
}
