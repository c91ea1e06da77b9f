//! Plain HTTP request and response values. Pure modules build and parse these; only
//! `platform::http` sends them, so every protocol can be tested without a network.

use crate::i18n::APP;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Head,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    /// Absolute URL, already percent-encoded exactly as it must go on the wire.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub payload: Payload,
}

/// What the signature says of a request's body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Payload {
    /// `body` is the payload, and its SHA-256 is signed.
    #[default]
    Signed,
    /// The payload travels beside the request (a file's slice the transport streams) and the
    /// signature says `UNSIGNED-PAYLOAD` (S3 only; the upload's checksum header protects it).
    Unsigned,
}

impl HttpRequest {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            payload: Payload::Signed,
        }
    }

    /// Marks the payload as sent beside the request and left out of the signature.
    pub fn unsigned_payload(mut self) -> Self {
        self.payload = Payload::Unsigned;
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// `application/x-www-form-urlencoded` body from name/value pairs.
    pub fn form(self, fields: &[(&str, &str)]) -> Self {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    }

    pub fn json(self, value: &serde_json::Value) -> Self {
        self.header("content-type", "application/json")
            .body(value.to_string())
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Headers may carry credentials (Authorization, session tokens), so they are never printed.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_query(&self.url))
            .field("header_names", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Query strings can hold API keys or presigned signatures; keep only the path in debug output.
fn redact_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request that never got an answer: a refused connection, a DNS failure, or a CORS refusal.
/// Browsers deliberately do not say which, so the message names all three.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkError {
    /// The origin that could not be reached (never the full URL: it may carry a signature).
    pub origin: String,
}

impl NetworkError {
    /// The error for a request to `url` that got no answer, naming only its origin.
    pub fn reaching(url: &str) -> Self {
        let origin = crate::address::origin(url).unwrap_or_else(|| APP.t("app.the-server"));
        NetworkError { origin }
    }
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = APP.tf("app.error-offline", &[("origin", &self.origin)]);
        f.write_str(&text)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Percent-encodes `value` leaving only RFC 3986 unreserved characters, as AWS requires for
/// query values and (with `/` kept) for S3 object keys.
pub fn encode_rfc3986(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, UNRESERVED_COMPLEMENT).to_string()
}

const UNRESERVED_COMPLEMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    // Signed requests carry credentials in headers; a stray `{:?}` must not leak them.
    #[test]
    fn debug_hides_header_values_and_query() {
        let request = HttpRequest::new(Method::Get, "https://example.com/a?X-Amz-Signature=abc")
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/secret");
        let printed = format!("{request:?}");
        assert!(!printed.contains("AKID"), "{printed}");
        assert!(!printed.contains("X-Amz-Signature"), "{printed}");
        assert!(printed.contains("authorization"));
    }

    // S3 and moto compare against the exact encoding sent; only unreserved characters stay bare.
    #[test]
    fn rfc3986_encoding_keeps_only_unreserved() {
        assert_eq!(encode_rfc3986("a b/c~d_e.f-g"), "a%20b%2Fc~d_e.f-g");
        assert_eq!(encode_rfc3986("é(+)*"), "%C3%A9%28%2B%29%2A");
    }

    // A lost connection, a refused one and a CORS refusal look the same to the page: the
    // sentence speaks to the user (most likely offline) and sends the administrator to the
    // doctor; it names the origin only (a full URL may carry a presigned signature).
    #[test]
    fn network_error_names_the_origin_and_the_likely_causes() {
        let text = NetworkError {
            origin: "https://sts.eu-west-1.amazonaws.com".into(),
        }
        .to_string();
        assert!(text.starts_with(
            "You seem to be offline: https://sts.eu-west-1.amazonaws.com did not answer"
        ));
        assert!(text.contains("Check your connection") && text.contains("/doctor"));
        // A presigned URL's signature must never reach a message.
        let reaching = NetworkError::reaching("https://b.s3.amazonaws.com/k?X-Amz-Signature=abc");
        assert_eq!(reaching.origin, "https://b.s3.amazonaws.com");
        assert_eq!(NetworkError::reaching("not a url").origin, "the server");
    }

    // STS needs a form body; spaces and '&' inside values must not break the fields apart.
    #[test]
    fn form_body_is_urlencoded() {
        let request = HttpRequest::new(Method::Post, "https://sts.example").form(&[("A", "x y&z")]);
        assert_eq!(request.body, b"A=x+y%26z");
        assert_eq!(
            request.header_value("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
    }
}
