//! Small, strict readers of the few URLs the app itself handles before any network code runs:
//! the address bar (sign-in link, `?next=`, `?folder=`) and the endpoints in config.json. A
//! general URL parser (the `url` crate, about 30 KB of wasm) would weigh on every first visit;
//! it stays with the network code, which needs it anyway.

/// A URL cut into its parts, without normalizing anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    pub scheme: &'a str,
    /// `user@host:port`, as written.
    pub authority: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Cuts an absolute URL (`scheme://authority/path?query#fragment`) into its parts.
pub fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return None;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    Some(Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    })
}

/// The decoded name/value pairs of a URL's query, in order (`+` is a space, as browsers send it).
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = split(url).and_then(|parts| parts.query).unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// The first value of the query parameter `name`.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    query_pairs(url)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value)
}

/// `url` with its query replaced by `pairs` (none: no `?` at all); the rest is kept as written.
pub fn with_query(url: &str, pairs: &[(String, String)]) -> String {
    let Some(parts) = split(url) else {
        return url.to_string();
    };
    let mut rebuilt = format!("{}://{}{}", parts.scheme, parts.authority, parts.path);
    if !pairs.is_empty() {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        rebuilt = format!("{rebuilt}?{query}");
    }
    if let Some(fragment) = parts.fragment {
        rebuilt = format!("{rebuilt}#{fragment}");
    }
    rebuilt
}

/// The host of an http(s) URL, lowercased, if its authority is a plain `host[:port]` (no
/// user name, a port of digits only).
pub fn http_host(url: &str) -> Option<String> {
    let parts = split(url).filter(|p| matches!(p.scheme, "http" | "https"))?;
    let authority = parts.authority;
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (address, after) = v6.split_once(']')?;
            let valid =
                !address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
            (valid.then_some(&authority[..address.len() + 2])?, after)
        }
        None => {
            let end = authority.find(':').unwrap_or(authority.len());
            (&authority[..end], &authority[end..])
        }
    };
    let valid_host = !host.is_empty()
        && (host.starts_with('[')
            || host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
    let valid_port = port.is_empty()
        || port.strip_prefix(':').is_some_and(|digits| {
            digits.chars().all(|c| c.is_ascii_digit()) && digits.parse::<u16>().is_ok()
        });
    (valid_host && valid_port).then(|| host.to_ascii_lowercase())
}

/// `scheme://host[:port]` of an http(s) URL: what an error may name (a full URL may carry a
/// signature).
pub fn origin(url: &str) -> Option<String> {
    http_host(url)?;
    let parts = split(url)?;
    Some(format!(
        "{}://{}",
        parts.scheme,
        parts.authority.to_ascii_lowercase()
    ))
}

/// Whether `path` is a folder path as the app writes them (in `?folder=`, in config.json's
/// shared prefix): `""`, or segments that are neither empty nor `.`/`..`, each ending in `/`.
pub fn is_folder_path(path: &str) -> bool {
    path.is_empty()
        || path.ends_with('/')
            && path
                .split_terminator('/')
                .all(|s| !s.is_empty() && s != "." && s != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    // The fragment may hold `?`, the query may hold `/`: each part ends where the URL says.
    #[test]
    fn splits_at_the_right_delimiters() {
        let parts = split("https://a.example:8080/login/x?next=a/b&q=%3F#frag?not-query").unwrap();
        assert_eq!(
            parts,
            Parts {
                scheme: "https",
                authority: "a.example:8080",
                path: "/login/x",
                query: Some("next=a/b&q=%3F"),
                fragment: Some("frag?not-query"),
            }
        );
        assert_eq!(split("https://a.example").unwrap().path, "");
        assert_eq!(split("/relative?x=1"), None);
        assert_eq!(split("1http://a"), None);
    }

    // Query values arrive percent- and form-encoded; a repeated name keeps its first value.
    #[test]
    fn reads_query_parameters_decoded() {
        let url = "http://a.example/?folder=a%20b%2F%C3%A9%2B%26%2F&x=1+2&x=3";
        assert_eq!(query_param(url, "folder").as_deref(), Some("a b/é+&/"));
        assert_eq!(query_param(url, "x").as_deref(), Some("1 2"));
        assert_eq!(query_param(url, "missing"), None);
        assert_eq!(query_param("http://a.example/#x=1", "x"), None);
    }

    // Rewriting the query keeps the path and the fragment as they were.
    #[test]
    fn replaces_the_query_only() {
        let url = "http://a.example/app/login?oobCode=secret&next=files#top";
        let kept = vec![("next".to_string(), "files".to_string())];
        assert_eq!(
            with_query(url, &kept),
            "http://a.example/app/login?next=files#top"
        );
        assert_eq!(with_query(url, &[]), "http://a.example/app/login#top");
    }

    // Endpoints are plain hosts: no user names (a phishing shape), no junk ports or hosts.
    #[test]
    fn hosts_of_http_urls() {
        assert_eq!(
            http_host("https://STS.us-east-1.amazonaws.com/").as_deref(),
            Some("sts.us-east-1.amazonaws.com")
        );
        assert_eq!(
            http_host("http://127.0.0.1:5000").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(http_host("http://[::1]:9099").as_deref(), Some("[::1]"));
        for bad in [
            "ftp://a.example",
            "http://",
            "http://user@evil.example",
            "http://a.example:80x",
            "http://a b.example",
            "http://[zz]",
            "localhost:9099",
        ] {
            assert_eq!(http_host(bad), None, "{bad}");
        }
    }

    // An error names where it could not connect, never the path or a signed query.
    #[test]
    fn origins_drop_path_and_query() {
        assert_eq!(
            origin("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc").as_deref(),
            Some("https://b.s3.amazonaws.com")
        );
        assert_eq!(origin("not a url"), None);
    }
}
