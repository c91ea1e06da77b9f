//! STS `AssumeRoleWithWebIdentity`: the Firebase ID token in, temporary credentials out.
//! The call is unsigned (the token is the proof) and a plain form POST, so browsers send it
//! without a CORS preflight.

use crate::aws::credentials::AwsCredentials;
use crate::aws::error::AwsError;
use crate::aws::xml;
use crate::config::AwsConfig;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::i18n::AWS;
use crate::secret::Secret;
use crate::time::{parse_iso8601_utc, UnixSeconds};
use std::fmt;

/// What STS returns besides the credentials: who AWS thinks the caller is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumedRole {
    pub credentials: AwsCredentials,
    pub assumed_role_arn: String,
    /// The token's `sub` as STS read it: the Firebase uid the policies key on.
    pub subject: String,
}

pub fn assume_role_with_web_identity_request(
    config: &AwsConfig,
    uid: &str,
    id_token: &Secret,
) -> HttpRequest {
    let duration = config.session_duration_secs.to_string();
    let session_name = role_session_name(uid);
    let mut fields = vec![
        ("Action".to_string(), "AssumeRoleWithWebIdentity"),
        ("Version".to_string(), "2011-06-15"),
        ("RoleArn".to_string(), &config.role_arn),
        ("RoleSessionName".to_string(), &session_name),
        ("WebIdentityToken".to_string(), id_token.expose()),
        ("DurationSeconds".to_string(), &duration),
    ];
    if let Some(policy) = &config.session_policy {
        fields.push(("Policy".to_string(), policy));
    }
    for (n, arn) in config.policy_arns.iter().enumerate() {
        fields.push((format!("PolicyArns.member.{}.arn", n + 1), arn));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    HttpRequest::new(Method::Post, format!("{}/", config.sts_endpoint)).form(&fields)
}

/// STS accepts 2-64 characters of `[\w+=,.@-]`. The name shows up in CloudTrail, so it says
/// which Firebase user it was; access is never keyed on it (the caller chooses it).
pub fn role_session_name(uid: &str) -> String {
    let cleaned: String = format!("firebridge-{uid}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    cleaned
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StsError {
    /// The token was refused: wrong issuer/audience (the OIDC provider is misconfigured), or
    /// not a valid token.
    InvalidIdentityToken(String),
    /// The ID token expired before it reached STS.
    ExpiredToken,
    /// The role's trust policy does not accept this token (or the role does not exist).
    AccessDenied(String),
    /// STS could not reach Google to fetch signing keys: transient.
    IdpCommunication,
    Other(AwsError),
}

impl fmt::Display for StsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StsError::InvalidIdentityToken(detail) => {
                f.write_str(&AWS.tf("aws.sts-invalid-token", &[("detail", detail)]))
            }
            StsError::ExpiredToken => f.write_str(&AWS.t("aws.sts-expired-token")),
            StsError::AccessDenied(detail) => {
                f.write_str(&AWS.tf("aws.sts-access-denied", &[("detail", detail)]))
            }
            StsError::IdpCommunication => f.write_str(&AWS.t("aws.sts-idp-communication")),
            StsError::Other(error) => {
                let error = error.to_string();
                f.write_str(&AWS.tf("aws.sts-other", &[("error", &error)]))
            }
        }
    }
}

/// The credentials, with their expiry measured on this device's clock: `sent_at` (when the
/// request left) plus the duration asked for. Comparing STS's absolute `Expiration` with a
/// device clock hours off would make fresh credentials look expired, or expired ones fresh.
pub fn parse_assume_role(
    response: &HttpResponse,
    sent_at: UnixSeconds,
    duration_secs: u32,
) -> Result<AssumedRole, StsError> {
    let result = action_result(response, "AssumeRoleWithWebIdentity")?;
    let malformed = || malformed(response, "AssumeRoleWithWebIdentity");
    let field = |path: &[&str]| {
        result
            .text_at(path)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(malformed)
    };
    parse_iso8601_utc(&field(&["Credentials", "Expiration"])?).ok_or_else(malformed)?;
    Ok(AssumedRole {
        credentials: AwsCredentials {
            access_key_id: field(&["Credentials", "AccessKeyId"])?,
            secret_access_key: Secret::new(field(&["Credentials", "SecretAccessKey"])?),
            session_token: Secret::new(field(&["Credentials", "SessionToken"])?),
            issued_at: sent_at,
            expires_at: sent_at + u64::from(duration_secs),
        },
        assumed_role_arn: field(&["AssumedRoleUser", "Arn"])?,
        subject: result
            .child_text("SubjectFromWebIdentityToken")
            .unwrap_or_default()
            .to_string(),
    })
}

/// Who AWS says the caller is, from a signed `GetCallerIdentity`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallerIdentity {
    pub arn: String,
    /// `<role id>:<role session name>` for an assumed role.
    pub user_id: String,
    pub account: String,
}

/// A form POST to be signed for `sts` (the browser then sends a CORS preflight, which STS
/// answers).
pub fn get_caller_identity_request(config: &AwsConfig) -> HttpRequest {
    HttpRequest::new(Method::Post, format!("{}/", config.sts_endpoint))
        .form(&[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")])
}

pub fn parse_caller_identity(response: &HttpResponse) -> Result<CallerIdentity, StsError> {
    let result = action_result(response, "GetCallerIdentity")?;
    let malformed = || malformed(response, "GetCallerIdentity");
    let field = |name: &str| {
        result
            .child_text(name)
            .map(str::to_string)
            .ok_or_else(malformed)
    };
    Ok(CallerIdentity {
        arn: field("Arn")?,
        user_id: field("UserId")?,
        account: field("Account")?,
    })
}

/// The `<{action}Result>` element of a successful STS answer, or the error the answer carries.
fn action_result(response: &HttpResponse, action: &str) -> Result<xml::Element, StsError> {
    if !response.is_success() {
        return Err(classify(AwsError::from_response(response)));
    }
    let root = xml::parse(&response.text()).map_err(|_| malformed(response, action))?;
    let name = format!("{action}Result");
    root.children
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| malformed(response, action))
}

fn malformed(response: &HttpResponse, action: &str) -> StsError {
    StsError::Other(AwsError::malformed(
        response,
        &format!("an STS {action} response"),
    ))
}

fn classify(error: AwsError) -> StsError {
    match error.code.as_str() {
        "InvalidIdentityToken" => StsError::InvalidIdentityToken(error.message),
        "ExpiredTokenException" => StsError::ExpiredToken,
        "AccessDenied" => StsError::AccessDenied(error.message),
        "IDPCommunicationError" => StsError::IdpCommunication,
        _ => StsError::Other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn config() -> AwsConfig {
        AppConfig::local().aws
    }

    fn recorded(status: u16, file: &str) -> HttpResponse {
        HttpResponse::new(
            status,
            std::fs::read(format!("tests/fixtures/sts/{file}")).unwrap(),
        )
    }

    // An unsigned form POST with exactly the parameters STS documents; no custom headers, so
    // browsers send it without a preflight.
    #[test]
    fn request_is_a_simple_form_post() {
        let request =
            assume_role_with_web_identity_request(&config(), "uid123", &Secret::new("a.b.c"));
        assert_eq!(request.url, "http://127.0.0.1:5000/");
        assert_eq!(
            request.headers,
            vec![(
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string()
            )]
        );
        let body = String::from_utf8(request.body).unwrap();
        assert_eq!(
            body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ffirebridge-web&RoleSessionName=firebridge-uid123&WebIdentityToken=a.b.c&DurationSeconds=3600"
        );
    }

    // A configured session policy and managed policies narrow the session; STS takes them as
    // Policy and PolicyArns.member.N.arn.
    #[test]
    fn session_policies_are_sent() {
        let config = AwsConfig {
            session_policy: Some(r#"{"Statement":[]}"#.into()),
            policy_arns: vec![
                "arn:aws:iam::aws:policy/A".into(),
                "arn:aws:iam::aws:policy/B".into(),
            ],
            ..config()
        };
        let request = assume_role_with_web_identity_request(&config, "u1", &Secret::new("t"));
        let body = String::from_utf8(request.body).unwrap();
        assert!(body.ends_with("&DurationSeconds=3600&Policy=%7B%22Statement%22%3A%5B%5D%7D&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FA&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FB"), "{body}");
    }

    // STS rejects names outside 2-64 chars of [\w+=,.@-].
    #[test]
    fn session_names_satisfy_sts_constraints() {
        assert_eq!(role_session_name("a b/c"), "firebridge-a-b-c");
        let long = role_session_name(&"x".repeat(100));
        assert_eq!(long.len(), 64);
    }

    // Recorded from the stand-in: a success gives credentials with an absolute expiry and the
    // subject the per-user policy keys on.
    #[test]
    fn parses_recorded_success() {
        let role =
            parse_assume_role_at(&recorded(200, "assume_role_with_web_identity.xml")).unwrap();
        assert!(role.credentials.access_key_id.starts_with("ASIA"));
        assert_eq!(
            role.credentials.expires_at, 1_000_900,
            "sent_at + duration, device clock"
        );
        assert!(role
            .assumed_role_arn
            .contains(":assumed-role/firebridge-web/"));
        assert!(!role.subject.is_empty());
    }

    // Recorded error bodies, each mapped to the misconfiguration it points at.
    #[test]
    fn parses_recorded_errors() {
        assert!(matches!(
            parse_assume_role_at(&recorded(400, "error_invalid_identity_token.xml")),
            Err(StsError::InvalidIdentityToken(_))
        ));
        assert!(matches!(
            parse_assume_role_at(&recorded(403, "error_access_denied.xml")),
            Err(StsError::AccessDenied(_))
        ));
        assert_eq!(
            parse_assume_role_at(&recorded(400, "error_expired_token.xml")),
            Err(StsError::ExpiredToken)
        );
    }

    // Recorded from the stand-in: a signed GetCallerIdentity with web-identity credentials.
    #[test]
    fn parses_recorded_caller_identity() {
        let identity = parse_caller_identity(&recorded(200, "get_caller_identity.xml")).unwrap();
        assert_eq!(identity.account, "123456789012");
        assert!(identity.arn.contains(":assumed-role/firebridge-web/"));
        assert!(identity.user_id.contains(':'));
        let request = get_caller_identity_request(&config());
        assert_eq!(request.body, b"Action=GetCallerIdentity&Version=2011-06-15");
    }

    fn parse_assume_role_at(response: &HttpResponse) -> Result<AssumedRole, StsError> {
        parse_assume_role(response, 1_000_000, 900)
    }

    // A captive portal or proxy can answer 200 with HTML: report it, do not panic.
    #[test]
    fn garbage_is_reported_not_panicked_on() {
        let response = HttpResponse::new(200, b"<html>captive portal</html>".to_vec());
        assert!(matches!(
            parse_assume_role_at(&response),
            Err(StsError::Other(_))
        ));
    }
}
