//! SigV4 through aws-sigv4, with the settings each service needs (as the AWS SDKs set them).

use crate::aws::credentials::AwsCredentials;
use crate::http::{HttpRequest, Payload};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningInstructions, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::SystemTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    S3,
    Sts,
    Iam,
}

impl Service {
    pub fn signing_name(self) -> &'static str {
        match self {
            Service::S3 => "s3",
            Service::Sts => "sts",
            Service::Iam => "iam",
        }
    }

    /// S3 keys are URI-encoded once and never normalised (`a//b` and `a/./b` are distinct keys),
    /// and S3 requires `x-amz-content-sha256`. STS and IAM use the SigV4 defaults.
    pub fn settings(self) -> SigningSettings {
        let mut settings = SigningSettings::default();
        if self == Service::S3 {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
            settings.percent_encoding_mode = PercentEncodingMode::Single;
            settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        }
        settings
    }

    /// IAM is a global service signed for us-east-1 whatever the app's region.
    pub fn signing_region(self, region: &str) -> &str {
        match self {
            Service::Iam => "us-east-1",
            Service::S3 | Service::Sts => region,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignError(pub String);

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::AWS.tf("aws.sign-failed", &[("why", &self.0)]))
    }
}

/// Signs `request` in place: adds `x-amz-date`, `authorization`, the session token and (S3)
/// the payload hash.
pub fn sign_request(
    request: &mut HttpRequest,
    service: Service,
    region: &str,
    credentials: &AwsCredentials,
    now: SystemTime,
) -> Result<(), SignError> {
    sign_with_identity(
        request,
        &identity(credentials),
        service.signing_name(),
        service.signing_region(region),
        service.settings(),
        now,
    )
}

/// A presigned URL for a GET: anyone holding it can make that one request until it expires
/// (and no longer than the credentials last: AWS refuses it once they have expired).
pub fn presign_get(
    url: &str,
    service: Service,
    region: &str,
    credentials: &AwsCredentials,
    now: SystemTime,
    lifetime: std::time::Duration,
) -> Result<String, SignError> {
    let mut settings = service.settings();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(lifetime);
    // S3 presigns without hashing the payload; the other services hash the empty body.
    let body = match service {
        Service::S3 => SignableBody::UnsignedPayload,
        Service::Sts | Service::Iam => SignableBody::Bytes(&[]),
    };
    let request = HttpRequest::new(crate::http::Method::Get, url);
    let signing_region = service.signing_region(region);
    let instructions = instructions(
        &request,
        &identity(credentials),
        service.signing_name(),
        signing_region,
        settings,
        now,
        body,
    )?;
    let (_headers, params) = instructions.into_parts();
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", crate::http::encode_rfc3986(value)))
        .collect();
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{separator}{}", query.join("&")))
}

fn identity(credentials: &AwsCredentials) -> Identity {
    Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.expose().to_string(),
        Some(credentials.session_token.expose().to_string()),
        None,
        "firebridge",
    )
    .into()
}

/// The general form, also used to check the official SigV4 test vectors.
pub fn sign_with_identity(
    request: &mut HttpRequest,
    identity: &Identity,
    signing_name: &str,
    region: &str,
    settings: SigningSettings,
    now: SystemTime,
) -> Result<(), SignError> {
    let body = match request.payload {
        Payload::Signed => SignableBody::Bytes(&request.body),
        Payload::Unsigned => SignableBody::UnsignedPayload,
    };
    let instructions = instructions(request, identity, signing_name, region, settings, now, body)?;
    let (headers, _query) = instructions.into_parts();
    for header in headers {
        request
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case(header.name()));
        request
            .headers
            .push((header.name().to_string(), header.value().to_string()));
    }
    Ok(())
}

fn instructions(
    request: &HttpRequest,
    identity: &Identity,
    signing_name: &str,
    region: &str,
    settings: SigningSettings,
    now: SystemTime,
    body: SignableBody<'_>,
) -> Result<SigningInstructions, SignError> {
    let params = v4::SigningParams::builder()
        .identity(identity)
        .region(region)
        .name(signing_name)
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| SignError(e.to_string()))?
        .into();
    let headers = request.headers.iter();
    let signable = SignableRequest::new(
        request.method.as_str(),
        request.url.as_str(),
        headers.map(|(name, value)| (name.as_str(), value.as_str())),
        body,
    )
    .map_err(|e| SignError(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| SignError(e.to_string()))?
        .into_parts();
    Ok(instructions)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::http::Method;
    use crate::secret::Secret;
    use crate::time::from_unix_seconds;

    fn credentials() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAFIREBRIDGE".into(),
            secret_access_key: Secret::new("secret/key+example"),
            session_token: Secret::new("session-token"),
            issued_at: 0,
            expires_at: 2_000_000_000,
        }
    }

    /// Signs with the test credentials at `seconds` since the epoch (other modules' tests of
    /// what a signed request carries use it too).
    pub(crate) fn sign_at(request: &mut HttpRequest, service: Service, region: &str, seconds: u64) {
        sign_request(
            request,
            service,
            region,
            &credentials(),
            from_unix_seconds(seconds),
        )
        .unwrap();
    }

    // S3 must carry the payload hash and the session token; the signature covers both.
    #[test]
    fn s3_request_gets_payload_hash_token_and_authorization() {
        let mut request =
            HttpRequest::new(Method::Put, "http://127.0.0.1:5000/b/users/u/a%20b.txt")
                .header("content-type", "text/plain")
                .body("hi");
        sign_at(&mut request, Service::S3, "us-east-1", 1_440_938_160);
        assert_eq!(
            request.header_value("x-amz-content-sha256"),
            Some("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4")
        );
        assert_eq!(
            request.header_value("x-amz-security-token"),
            Some("session-token")
        );
        assert_eq!(request.header_value("x-amz-date"), Some("20150830T123600Z"));
        let authorization = request.header_value("authorization").unwrap();
        assert!(authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=ASIAFIREBRIDGE/20150830/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
        ), "{authorization}");
    }

    // IAM is global: its signing scope is us-east-1 even for an app in another region.
    #[test]
    fn iam_signs_for_us_east_1() {
        let mut request = HttpRequest::new(
            Method::Get,
            "https://iam.amazonaws.com/?Action=ListRoles&Version=2010-05-08",
        );
        sign_at(&mut request, Service::Iam, "eu-west-1", 1_440_938_160);
        assert!(request
            .header_value("authorization")
            .unwrap()
            .contains("/us-east-1/iam/aws4_request"));
        assert_eq!(request.header_value("x-amz-content-sha256"), None);
    }

    // Signing twice (a retry) must replace, not duplicate, the signature headers.
    #[test]
    fn re_signing_replaces_headers() {
        let mut request = HttpRequest::new(Method::Get, "http://127.0.0.1:5000/b?list-type=2");
        sign_at(&mut request, Service::S3, "us-east-1", 1_440_938_160);
        sign_at(&mut request, Service::S3, "us-east-1", 1_440_938_161);
        assert_eq!(
            request
                .headers
                .iter()
                .filter(|(n, _)| n == "authorization")
                .count(),
            1
        );
        assert_eq!(request.header_value("x-amz-date"), Some("20150830T123601Z"));
    }
}
