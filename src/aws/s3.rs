//! S3 requests (unsigned; `sign::sign_request` signs them) and the answers they get.

use crate::aws::error::AwsError;
use crate::aws::retry;
use crate::aws::xml;
use crate::config::{AwsConfig, S3Addressing};
use crate::http::{encode_rfc3986, HttpRequest, HttpResponse, Method};
use crate::i18n::AWS;
use crate::time::{parse_iso8601_utc, UnixSeconds};
use std::fmt;

/// Where a user's own files live. The permissions policy grants exactly this prefix through
/// `${securetoken.google.com/<project>:sub}`, which is the same uid.
pub fn user_prefix(uid: &str) -> String {
    format!("users/{uid}/")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Object {
    pub key: String,
    pub size: u64,
    pub last_modified: Option<UnixSeconds>,
    pub etag: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ObjectListing {
    pub objects: Vec<S3Object>,
    /// With a delimiter: the sub-folders (full prefixes ending in `/`).
    pub folders: Vec<String>,
    /// Present when more keys follow: pass it to the next `list_objects_request`.
    pub next_continuation_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Error {
    /// The role's permissions policy does not allow this on this key.
    AccessDenied,
    NoSuchKey,
    NoSuchBucket,
    /// The temporary credentials expired or were refused.
    CredentialsRefused(AwsError),
    /// The device clock is too far from AWS's.
    ClockSkew,
    /// A part was stored but the browser hid its ETag: the bucket's CORS does not expose it.
    EtagNotExposed,
    /// S3 asked to slow down, or had trouble of its own, and still did after the retries.
    Busy(AwsError),
    /// A conditional write (`If-None-Match: *`) found something at its destination.
    PreconditionFailed,
    /// CopyObject takes sources of up to 5 GiB; bigger ones are copied in parts.
    CopySourceTooLarge,
    /// The body S3 received did not match the checksum it carried, each time it was sent.
    BadDigest,
    Other(AwsError),
}

impl fmt::Display for S3Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            S3Error::AccessDenied => AWS.t("aws.s3-access-denied"),
            S3Error::NoSuchKey => AWS.t("aws.s3-no-such-key"),
            S3Error::NoSuchBucket => AWS.t("aws.s3-no-such-bucket"),
            S3Error::CredentialsRefused(e) => {
                AWS.tf("aws.s3-credentials-refused", &[("code", &e.code)])
            }
            S3Error::ClockSkew => AWS.t("aws.s3-clock-skew"),
            S3Error::EtagNotExposed => AWS.t("aws.s3-etag-not-exposed"),
            S3Error::Busy(e) => AWS.tf("aws.s3-busy", &[("code", &e.code)]),
            S3Error::PreconditionFailed => AWS.t("aws.s3-precondition-failed"),
            S3Error::CopySourceTooLarge => AWS.t("aws.s3-copy-source-too-large"),
            S3Error::BadDigest => AWS.t("aws.s3-bad-digest"),
            S3Error::Other(e) => AWS.tf("aws.s3-other", &[("error", &e.to_string())]),
        };
        f.write_str(&text)
    }
}

impl S3Error {
    pub fn from_response(response: &HttpResponse) -> Self {
        let error = AwsError::from_response(response);
        match error.code.as_str() {
            "AccessDenied" => S3Error::AccessDenied,
            "NoSuchKey" => S3Error::NoSuchKey,
            "NoSuchBucket" => S3Error::NoSuchBucket,
            "ExpiredToken" | "InvalidToken" | "InvalidAccessKeyId" | "SignatureDoesNotMatch" => {
                S3Error::CredentialsRefused(error)
            }
            "RequestTimeTooSkewed" => S3Error::ClockSkew,
            "PreconditionFailed" => S3Error::PreconditionFailed,
            "BadDigest" => S3Error::BadDigest,
            "InvalidRequest" if error.message.contains("copy source is larger") => {
                S3Error::CopySourceTooLarge
            }
            // A HEAD's answer has no body, so it names no code: S3 documents its 403 and 404
            // as those of a GET.
            _ if response.status == 404 && error.code == "HTTP 404" => S3Error::NoSuchKey,
            _ if response.status == 403 && response.body.is_empty() => S3Error::AccessDenied,
            _ if retry::is_busy(&error) => S3Error::Busy(error),
            _ => S3Error::Other(error),
        }
    }
}

pub(crate) fn bucket_url(config: &AwsConfig) -> String {
    match &config.s3 {
        S3Addressing::PathStyle { endpoint } => format!("{endpoint}/{}", config.bucket),
        S3Addressing::VirtualHosted { region } => {
            format!("https://{}.s3.{region}.amazonaws.com", config.bucket)
        }
    }
}

/// The URL of an object: each path segment of the key encoded once (S3 signs it that way).
pub fn object_url(config: &AwsConfig, key: &str) -> String {
    let path: Vec<String> = key.split('/').map(encode_rfc3986).collect();
    format!("{}/{}", bucket_url(config), path.join("/"))
}

/// Lists under `prefix`: every key below it, or with `folders` only its direct children
/// (deeper keys are grouped into sub-folders by the `/` delimiter).
pub fn list_objects_request(
    config: &AwsConfig,
    prefix: &str,
    folders: bool,
    continuation_token: Option<&str>,
) -> HttpRequest {
    // encoding-type=url: XML cannot carry every character a key may hold; keys come back
    // form-encoded and are decoded in `parse_list`.
    let delimiter = if folders { "delimiter=%2F&" } else { "" };
    let mut query = format!(
        "{delimiter}encoding-type=url&list-type=2&prefix={}",
        encode_rfc3986(prefix)
    );
    if let Some(token) = continuation_token {
        query.push_str("&continuation-token=");
        query.push_str(&encode_rfc3986(token));
    }
    let base = bucket_url(config);
    let url = match config.s3 {
        S3Addressing::PathStyle { .. } => format!("{base}?{query}"),
        S3Addressing::VirtualHosted { .. } => format!("{base}/?{query}"),
    };
    HttpRequest::new(Method::Get, url)
}

/// ListObjectsV2 of exactly `key` (one key at most: the key itself sorts first among those it
/// prefixes). The app's users may list the bucket only under a prefix, and S3 answers them a GET
/// or HEAD of a missing key with 403, as it answers a refusal: listing the key tells the two
/// apart.
pub fn exact_key_request(config: &AwsConfig, key: &str) -> HttpRequest {
    let query = format!(
        "encoding-type=url&list-type=2&max-keys=1&prefix={}",
        encode_rfc3986(key)
    );
    let base = bucket_url(config);
    let url = match config.s3 {
        S3Addressing::PathStyle { .. } => format!("{base}?{query}"),
        S3Addressing::VirtualHosted { .. } => format!("{base}/?{query}"),
    };
    HttpRequest::new(Method::Get, url)
}

/// Whether an answer to `exact_key_request` lists `key` itself.
pub fn lists_key(response: &HttpResponse, key: &str) -> Result<bool, S3Error> {
    Ok(parse_list(response)?.objects.iter().any(|o| o.key == key))
}

pub fn put_object_request(
    config: &AwsConfig,
    key: &str,
    content_type: &str,
    body: Vec<u8>,
) -> HttpRequest {
    let content_type = if content_type.is_empty() {
        "application/octet-stream"
    } else {
        content_type
    };
    HttpRequest::new(Method::Put, object_url(config, key))
        .header("content-type", content_type)
        .body(body)
}

pub fn get_object_request(config: &AwsConfig, key: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, object_url(config, key))
}

pub fn head_object_request(config: &AwsConfig, key: &str) -> HttpRequest {
    HttpRequest::new(Method::Head, object_url(config, key))
}

pub fn delete_object_request(config: &AwsConfig, key: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, object_url(config, key))
}

/// S3 deletes at most this many keys per DeleteObjects request.
pub const DELETE_BATCH: usize = 1000;

/// DeleteObjects for up to 1,000 keys. S3 requires a checksum of the body; SHA-256 is used.
pub fn delete_objects_request(config: &AwsConfig, keys: &[String]) -> HttpRequest {
    use base64::Engine;
    use sha2::Digest;
    let objects: String = keys
        .iter()
        .map(|k| format!("<Object><Key>{}</Key></Object>", xml_escape(k)))
        .collect();
    let body = format!("<Delete><Quiet>true</Quiet>{objects}</Delete>");
    let checksum = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&body));
    let base = bucket_url(config);
    let url = match config.s3 {
        S3Addressing::PathStyle { .. } => format!("{base}?delete"),
        S3Addressing::VirtualHosted { .. } => format!("{base}/?delete"),
    };
    HttpRequest::new(Method::Post, url)
        .header("content-type", "application/xml")
        .header("x-amz-checksum-sha256", checksum)
        .body(body)
}

/// A key DeleteObjects could not delete, and S3's error code saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotDeleted {
    pub key: String,
    pub code: String,
}

/// The keys DeleteObjects could not delete, with S3's reason for each.
pub fn parse_delete_objects(response: &HttpResponse) -> Result<Vec<NotDeleted>, S3Error> {
    check(response)?;
    let root = xml::parse(&response.text()).map_err(|_| {
        S3Error::Other(AwsError::malformed(
            response,
            "an S3 DeleteObjects response",
        ))
    })?;
    Ok(root
        .children_named("Error")
        .map(|e| {
            let text = |name| e.child_text(name).unwrap_or_default().to_string();
            NotDeleted {
                key: text("Key"),
                code: text("Code"),
            }
        })
        .collect())
}

/// Escapes text for an XML element's content.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XML answer of a request whose success names one of `root_names`. S3 may answer 200 and
/// still report an error in the body (it starts answering before it knows), so the body is
/// checked too.
pub(crate) fn parse_result(
    response: &HttpResponse,
    root_names: &[&str],
    what: &str,
) -> Result<xml::Element, S3Error> {
    if !response.is_success() {
        return Err(S3Error::from_response(response));
    }
    let malformed = || S3Error::Other(AwsError::malformed(response, what));
    let root = xml::parse(&response.text()).map_err(|_| malformed())?;
    match root.name.as_str() {
        name if root_names.contains(&name) => Ok(root),
        // An error inside a 200: the body names it as it would for any refusal.
        "Error" => Err(S3Error::from_response(response)),
        _ => Err(malformed()),
    }
}

/// Whether S3 refused a body that did not match its checksum: altered on the way, so worth
/// reading and sending again.
pub fn is_bad_digest(response: &HttpResponse) -> bool {
    response.status == 400 && S3Error::from_response(response) == S3Error::BadDigest
}

/// Any 2xx is success for PUT, GET and DELETE.
pub fn check(response: &HttpResponse) -> Result<(), S3Error> {
    if response.is_success() {
        Ok(())
    } else {
        Err(S3Error::from_response(response))
    }
}

/// Keys listed with `encoding-type=url` are form-encoded (S3 writes a space as `+`).
pub(crate) fn decode_key(encoded: &str) -> String {
    form_urlencoded::parse(format!("k={encoded}").as_bytes())
        .next()
        .map(|(_, key)| key.into_owned())
        .unwrap_or_else(|| encoded.to_string())
}

pub fn parse_list(response: &HttpResponse) -> Result<ObjectListing, S3Error> {
    check(response)?;
    let malformed = || {
        S3Error::Other(AwsError::malformed(
            response,
            "an S3 ListObjectsV2 response",
        ))
    };
    let root = xml::parse(&response.text()).map_err(|_| malformed())?;
    if root.name != "ListBucketResult" {
        return Err(malformed());
    }
    let objects = root
        .children_named("Contents")
        .map(|c| S3Object {
            key: decode_key(c.child_text("Key").unwrap_or_default()),
            size: c
                .child_text("Size")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            last_modified: c.child_text("LastModified").and_then(parse_iso8601_utc),
            etag: c
                .child_text("ETag")
                .unwrap_or_default()
                .trim_matches('"')
                .to_string(),
        })
        .collect();
    let truncated = root.child_text("IsTruncated") == Some("true");
    let folders = root
        .children_named("CommonPrefixes")
        .filter_map(|c| c.child_text("Prefix"))
        .map(decode_key)
        .collect();
    Ok(ObjectListing {
        objects,
        folders,
        next_continuation_token: root
            .child_text("NextContinuationToken")
            .filter(|_| truncated)
            .map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn local() -> AwsConfig {
        AppConfig::local().aws
    }

    fn production() -> AwsConfig {
        let mut config = local();
        config.s3 = S3Addressing::VirtualHosted {
            region: "eu-west-1".into(),
        };
        config
    }

    fn recorded(status: u16, file: &str) -> HttpResponse {
        HttpResponse::new(
            status,
            std::fs::read(format!("tests/fixtures/s3/{file}")).unwrap(),
        )
    }

    // Keys are encoded once, segment by segment; '/' stays a separator.
    #[test]
    fn object_urls_encode_each_segment_once() {
        assert_eq!(
            object_url(&local(), "users/u1/a b+c%.txt"),
            "http://127.0.0.1:5000/firebridge-files/users/u1/a%20b%2Bc%25.txt"
        );
        assert_eq!(
            object_url(&production(), "users/u1/é"),
            "https://firebridge-files.s3.eu-west-1.amazonaws.com/users/u1/%C3%A9"
        );
    }

    // The stand-in and S3 compare the signed query exactly: the prefix's '/' must be %2F.
    #[test]
    fn list_request_encodes_prefix_and_token() {
        let request = list_objects_request(&local(), "users/u1/", false, Some("tok/+="));
        assert_eq!(
            request.url,
            "http://127.0.0.1:5000/firebridge-files?encoding-type=url&list-type=2&prefix=users%2Fu1%2F&continuation-token=tok%2F%2B%3D"
        );
        let request = list_objects_request(&production(), "users/u1/a b/", true, None);
        assert_eq!(
            request.url,
            "https://firebridge-files.s3.eu-west-1.amazonaws.com/?delimiter=%2F&encoding-type=url&list-type=2&prefix=users%2Fu1%2Fa%20b%2F"
        );
    }

    // Telling a missing key from a refused one: the listing of exactly that key, recorded from
    // the stand-in for a key that exists and one that does not (only its longer sibling does).
    #[test]
    fn an_exact_key_listing_tells_whether_the_key_exists() {
        let request = exact_key_request(&local(), "users/u1/a b.txt");
        assert_eq!(
            request.url,
            "http://127.0.0.1:5000/firebridge-files?encoding-type=url&list-type=2&max-keys=1&prefix=users%2Fu1%2Fa%20b.txt"
        );
        // Recorded with a.txt and a.txt.bak in the folder: the listing of "a.txt" holds it,
        // the listing of "a.tx" (missing) holds only its longer neighbour.
        let found = recorded(200, "list_objects_v2_exact_key.xml");
        let key = parse_list(&found).unwrap().objects[0].key.clone();
        assert!(key.ends_with("/a.txt"), "{key}");
        assert!(lists_key(&found, &key).unwrap());
        assert!(!lists_key(&found, &format!("{key}.bak")).unwrap());
        let missing = recorded(200, "list_objects_v2_exact_key_missing.xml");
        assert!(!lists_key(&missing, key.trim_end_matches('t')).unwrap());
    }

    // Recorded from the stand-in after two uploads.
    #[test]
    fn parses_recorded_listing() {
        let listing = parse_list(&recorded(200, "list_objects_v2.xml")).unwrap();
        assert_eq!(listing.objects.len(), 2);
        let first = &listing.objects[0];
        assert!(first.key.starts_with("users/"));
        assert!(first.size > 0);
        assert!(first.last_modified.is_some());
        assert!(!first.etag.contains('"'));
        assert!(
            listing.objects[1].key.ends_with("/photos/cat & dog.jpg"),
            "{:?}",
            listing.objects[1]
        );
        assert_eq!(listing.next_continuation_token, None);
    }

    // Recorded with the delimiter: a file at the top and the "photos/" sub-folder.
    #[test]
    fn parses_recorded_folder_listing() {
        let listing = parse_list(&recorded(200, "list_objects_v2_folders.xml")).unwrap();
        assert_eq!(listing.objects.len(), 1);
        assert_eq!(listing.folders.len(), 1);
        assert!(
            listing.folders[0].ends_with("/photos/"),
            "{:?}",
            listing.folders
        );
    }

    // DeleteObjects carries the SHA-256 checksum S3 requires, and keys escaped for XML.
    #[test]
    fn delete_objects_request_is_checksummed() {
        use base64::Engine;
        use sha2::Digest;
        let keys = ["users/u/a&b<c>.txt".to_string(), "users/u/d".to_string()];
        let request = delete_objects_request(&local(), &keys);
        assert_eq!(request.url, "http://127.0.0.1:5000/firebridge-files?delete");
        let body = String::from_utf8(request.body.clone()).unwrap();
        assert_eq!(body, "<Delete><Quiet>true</Quiet><Object><Key>users/u/a&amp;b&lt;c&gt;.txt</Key></Object><Object><Key>users/u/d</Key></Object></Delete>");
        let expected =
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&request.body));
        assert_eq!(
            request.header_value("x-amz-checksum-sha256"),
            Some(expected.as_str())
        );
    }

    // Recorded: the user's own key went, another user's was refused by IAM, key by key.
    #[test]
    fn parses_recorded_partial_delete() {
        let failed =
            parse_delete_objects(&recorded(200, "delete_objects_partly_denied.xml")).unwrap();
        assert_eq!(
            failed,
            vec![NotDeleted {
                key: "users/someone-else/theirs.txt".to_string(),
                code: "AccessDenied".to_string()
            }]
        );
    }

    // S3 writes a space as '+' and a literal '+' as %2B under encoding-type=url.
    #[test]
    fn listed_keys_are_decoded() {
        assert_eq!(decode_key("a+b%2Bc%20d%C3%A9"), "a b+c d\u{e9}");
    }

    // A new user's empty folder is a normal answer, not an error.
    #[test]
    fn parses_recorded_empty_listing() {
        let listing = parse_list(&recorded(200, "list_objects_v2_empty.xml")).unwrap();
        assert!(listing.objects.is_empty());
    }

    // What the user reads when the per-user policy refuses another user's prefix (recorded).
    #[test]
    fn access_denied_is_explained() {
        let error = parse_list(&recorded(403, "error_access_denied.xml")).unwrap_err();
        assert_eq!(error, S3Error::AccessDenied);
        assert!(error.to_string().contains("your own folder"));
    }

    // A HEAD's refusal has no body: a bare 403 is S3's AccessDenied, a bare 404 NoSuchKey.
    #[test]
    fn bodyless_head_answers_are_read_by_status() {
        assert_eq!(
            check(&HttpResponse::new(403, Vec::new())),
            Err(S3Error::AccessDenied)
        );
        assert_eq!(
            check(&HttpResponse::new(404, Vec::new())),
            Err(S3Error::NoSuchKey)
        );
        // A proxy's own 403 page is not S3's refusal: it is reported as what it is.
        let proxy = check(&HttpResponse::new(403, b"<html>Forbidden</html>".to_vec()));
        assert!(matches!(proxy, Err(S3Error::Other(_))), "{proxy:?}");
    }

    // Signature and token errors mean the session's credentials are bad: the fix is a new sign-in.
    #[test]
    fn signature_errors_mean_credentials_refused() {
        let error = check(&recorded(403, "error_signature_does_not_match.xml")).unwrap_err();
        assert!(matches!(error, S3Error::CredentialsRefused(_)));
    }
}
