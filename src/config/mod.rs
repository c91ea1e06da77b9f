//! The runtime configuration, read from `public/config.json` at start-up so that one build serves
//! every environment. Every field is validated here, and an error names the field and the shape
//! it should have.

use crate::address;
use crate::i18n::APP;
use std::fmt;

pub const PRODUCTION_IDENTITY_TOOLKIT: &str = "https://identitytoolkit.googleapis.com";
pub const PRODUCTION_SECURE_TOKEN: &str = "https://securetoken.googleapis.com";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    pub firebase: FirebaseConfig,
    pub aws: AwsConfig,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirebaseConfig {
    /// The web API key is public by design (it identifies the project, it grants nothing).
    pub api_key: String,
    pub project_id: String,
    /// Base URL of Identity Toolkit, e.g. `https://identitytoolkit.googleapis.com` or the
    /// emulator's `http://127.0.0.1:9099/identitytoolkit.googleapis.com`.
    pub identity_toolkit_url: String,
    /// Base URL of the token service, e.g. `https://securetoken.googleapis.com`.
    pub secure_token_url: String,
    /// Set when `firebase.emulatorUrl` is.
    emulator_origin: Option<String>,
    pub sign_in_methods: SignInMethods,
    /// Only invited users get in (the default): a token without the invitation's session tags
    /// (`auth::membership`) is told "not invited" before STS is asked (which would refuse it:
    /// the assistant's trust policy requires the tag), and an account its own sign-in just
    /// created is deleted. `false` for open sign-up, where anyone who signs in gets a folder.
    pub invite_only: bool,
}

/// Which sign-in forms the app offers; at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInMethods {
    pub email_link: bool,
    pub password: bool,
}

impl FirebaseConfig {
    /// Where the Auth emulator, when the app runs against it, lists the sign-in links it
    /// would have emailed.
    pub fn emulator_links_url(&self) -> Option<String> {
        self.emulator_origin
            .as_ref()
            .map(|origin| format!("{origin}/emulator/v1/projects/{}/oobCodes", self.project_id))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsConfig {
    pub region: String,
    pub role_arn: String,
    pub bucket: String,
    pub sts_endpoint: String,
    pub iam_endpoint: String,
    pub s3: S3Addressing,
    pub session_duration_secs: u32,
    /// An inline session policy (compact JSON): narrows what the role allows, never widens it.
    pub session_policy: Option<String>,
    /// Managed policies that narrow the session the same way.
    pub policy_arns: Vec<String>,
    /// A read-only area every user can browse beside their own files, such as `public/`.
    pub shared_prefix: Option<String>,
    /// Every upload carries a CRC-32C that S3 checks (`aws.uploadChecksums`, on unless set to
    /// false: for an S3-compatible store that refuses `x-amz-checksum-*`).
    pub upload_checksums: bool,
}

/// How object URLs are formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Addressing {
    /// `https://<bucket>.s3.<region>.amazonaws.com/<key>`: what AWS recommends.
    VirtualHosted { region: String },
    /// `<endpoint>/<bucket>/<key>`: a custom endpoint such as the local stand-in, or S3's
    /// regional endpoint for a bucket whose name has dots.
    PathStyle { endpoint: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The file is not JSON, or not an object.
    Malformed(String),
    /// JSON, but not one object.
    NotAnObject,
    /// A field the app does not read (a typo?), by its path.
    Unknown(String),
    /// A field is missing or its value is unusable.
    Field {
        field: &'static str,
        /// The key of the message saying what the field must be (`app.config-…`).
        expected: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Malformed(detail) => {
                f.write_str(&APP.tf("app.config-malformed", &[("detail", detail)]))
            }
            ConfigError::NotAnObject => {
                let detail = APP.t("app.config-not-an-object");
                f.write_str(&APP.tf("app.config-malformed", &[("detail", &detail)]))
            }
            ConfigError::Unknown(field) => {
                f.write_str(&APP.tf("app.config-unknown", &[("field", field)]))
            }
            ConfigError::Field { field, expected } => {
                let expected = APP.t(expected);
                let values = [("field", *field), ("expected", expected.as_str())];
                f.write_str(&APP.tf("app.config-field", &values))
            }
        }
    }
}

impl ConfigError {
    /// The field at fault, for the configuration error page.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ConfigError::Field { field, .. } => Some(field),
            ConfigError::Malformed(_) | ConfigError::NotAnObject | ConfigError::Unknown(_) => None,
        }
    }
}

mod read;

/// config.json as written, before its values are checked (`read.rs` fills it in).
struct RawConfig {
    firebase: Option<RawFirebase>,
    aws: Option<RawAws>,
}

struct RawFirebase {
    api_key: Option<String>,
    project_id: Option<String>,
    /// Set to the Auth emulator's origin (`http://127.0.0.1:9099`) to use it.
    emulator_url: Option<String>,
    sign_in_methods: Option<Vec<String>>,
    invite_only: Option<bool>,
}

struct RawAws {
    region: Option<String>,
    role_arn: Option<String>,
    bucket: Option<String>,
    sts_endpoint: Option<String>,
    s3_endpoint: Option<String>,
    iam_endpoint: Option<String>,
    session_duration_seconds: Option<u32>,
    session_policy: Option<serde_json::Value>,
    policy_arns: Option<Vec<String>>,
    shared_prefix: Option<String>,
    upload_checksums: Option<bool>,
}

impl AppConfig {
    /// The shipped local config (public/config.json), for unit tests of request building.
    #[cfg(test)]
    pub fn local() -> Self {
        Self::from_json(include_str!("../../public/config.json")).expect("public/config.json")
    }

    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let raw = read::read(text)?;
        let firebase = raw.firebase.ok_or(ConfigError::Field {
            field: "firebase",
            expected: "app.config-firebase-missing",
        })?;
        let aws = raw.aws.ok_or(ConfigError::Field {
            field: "aws",
            expected: "app.config-aws-missing",
        })?;
        Ok(Self {
            firebase: firebase.validate()?,
            aws: aws.validate()?,
        })
    }
}

impl RawFirebase {
    fn validate(self) -> Result<FirebaseConfig, ConfigError> {
        let api_key = required(self.api_key, "firebase.apiKey", API_KEY_SHAPE)?;
        check(is_api_key(&api_key), "firebase.apiKey", API_KEY_SHAPE)?;
        let project_id = required(self.project_id, "firebase.projectId", PROJECT_SHAPE)?;
        check(
            is_project_id(&project_id),
            "firebase.projectId",
            PROJECT_SHAPE,
        )?;
        let emulator_origin = self
            .emulator_url
            .map(|url| endpoint(url, "firebase.emulatorUrl"))
            .transpose()?;
        let (identity_toolkit_url, secure_token_url) = match &emulator_origin {
            None => (
                PRODUCTION_IDENTITY_TOOLKIT.to_string(),
                PRODUCTION_SECURE_TOKEN.to_string(),
            ),
            Some(base) => (
                format!("{base}/identitytoolkit.googleapis.com"),
                format!("{base}/securetoken.googleapis.com"),
            ),
        };
        Ok(FirebaseConfig {
            api_key,
            project_id,
            identity_toolkit_url,
            secure_token_url,
            emulator_origin,
            sign_in_methods: sign_in_methods(self.sign_in_methods)?,
            invite_only: self.invite_only.unwrap_or(true),
        })
    }
}

impl RawAws {
    fn validate(self) -> Result<AwsConfig, ConfigError> {
        let region = required(self.region, "aws.region", REGION_SHAPE)?;
        check(is_region(&region), "aws.region", REGION_SHAPE)?;
        let role_arn = required(self.role_arn, "aws.roleArn", ROLE_ARN_SHAPE)?;
        check(is_role_arn(&role_arn), "aws.roleArn", ROLE_ARN_SHAPE)?;
        let bucket = required(self.bucket, "aws.bucket", BUCKET_SHAPE)?;
        check(is_bucket_name(&bucket), "aws.bucket", BUCKET_SHAPE)?;
        let sts_endpoint = match self.sts_endpoint {
            Some(url) => endpoint(url, "aws.stsEndpoint")?,
            None => format!("https://sts.{region}.amazonaws.com"),
        };
        let iam_endpoint = match self.iam_endpoint {
            Some(url) => endpoint(url, "aws.iamEndpoint")?,
            None => "https://iam.amazonaws.com".to_string(),
        };
        let s3 = match self.s3_endpoint {
            Some(url) => S3Addressing::PathStyle {
                endpoint: endpoint(url, "aws.s3Endpoint")?,
            },
            // S3's TLS certificate (*.s3.<region>.amazonaws.com) covers no host with a dot in
            // its first label, so a bucket named like a domain is reached path-style.
            None if bucket.contains('.') => S3Addressing::PathStyle {
                endpoint: format!("https://s3.{region}.amazonaws.com"),
            },
            None => S3Addressing::VirtualHosted {
                region: region.clone(),
            },
        };
        let session_duration_secs = self.session_duration_seconds.unwrap_or(3600);
        // Only the local stand-in issues credentials shorter than STS's 15 minutes (for tests of
        // expiry that take seconds); real STS refuses them.
        let shortest = if is_loopback(&sts_endpoint) { 15 } else { 900 };
        check(
            (shortest..=43200).contains(&session_duration_secs),
            "aws.sessionDurationSeconds",
            "app.config-session-duration",
        )?;
        Ok(AwsConfig {
            region,
            role_arn,
            bucket,
            sts_endpoint,
            iam_endpoint,
            s3,
            session_duration_secs,
            session_policy: self.session_policy.map(session_policy).transpose()?,
            policy_arns: policy_arns(self.policy_arns.unwrap_or_default())?,
            shared_prefix: self.shared_prefix.map(shared_prefix).transpose()?,
            upload_checksums: self.upload_checksums.unwrap_or(true),
        })
    }
}

/// STS's limit on a session policy's plain text (inline and managed together, in practice the
/// inline one dominates).
const SESSION_POLICY_MAX_CHARS: usize = 2048;

fn session_policy(policy: serde_json::Value) -> Result<String, ConfigError> {
    const SHAPE: &str = "app.config-session-policy";
    let has_statement = policy.get("Statement").is_some_and(|s| !s.is_null());
    let compact = policy.to_string();
    check(
        has_statement && compact.len() <= SESSION_POLICY_MAX_CHARS,
        "aws.sessionPolicy",
        SHAPE,
    )?;
    Ok(compact)
}

pub(crate) fn shared_prefix(prefix: String) -> Result<String, ConfigError> {
    let valid = prefix.ends_with('/')
        && !prefix.starts_with('/')
        && !prefix.starts_with("users/")
        && address::is_folder_path(&prefix);
    check(valid, "aws.sharedPrefix", "app.config-shared-prefix")?;
    Ok(prefix)
}

fn policy_arns(arns: Vec<String>) -> Result<Vec<String>, ConfigError> {
    const SHAPE: &str = "app.config-policy-arns";
    let valid = arns.len() <= 10 && arns.iter().all(|arn| is_policy_arn(arn));
    check(valid, "aws.policyArns", SHAPE)?;
    Ok(arns)
}

pub(crate) fn is_loopback(endpoint: &str) -> bool {
    address::http_host(endpoint).is_some_and(|host| {
        matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]") || host.ends_with(".localhost")
    })
}

fn sign_in_methods(names: Option<Vec<String>>) -> Result<SignInMethods, ConfigError> {
    const SHAPE: &str = "app.config-sign-in-methods";
    let Some(names) = names else {
        return Ok(SignInMethods {
            email_link: true,
            password: false,
        });
    };
    let known = names.iter().all(|n| n == "emailLink" || n == "password");
    check(known && !names.is_empty(), "firebase.signInMethods", SHAPE)?;
    Ok(SignInMethods {
        email_link: names.iter().any(|n| n == "emailLink"),
        password: names.iter().any(|n| n == "password"),
    })
}

pub(crate) const API_KEY_SHAPE: &str = "app.config-api-key";
pub(crate) const PROJECT_SHAPE: &str = "app.config-project-id";
pub(crate) const REGION_SHAPE: &str = "app.config-region";
const ROLE_ARN_SHAPE: &str = "app.config-role-arn";
pub(crate) const BUCKET_SHAPE: &str = "app.config-bucket";

fn required(
    value: Option<String>,
    field: &'static str,
    expected: &'static str,
) -> Result<String, ConfigError> {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(ConfigError::Field { field, expected }),
    }
}

fn check(ok: bool, field: &'static str, expected: &'static str) -> Result<(), ConfigError> {
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Field { field, expected })
    }
}

/// An http(s) origin with an optional path, without a trailing slash.
fn endpoint(value: String, field: &'static str) -> Result<String, ConfigError> {
    const SHAPE: &str = "app.config-endpoint";
    let value = value.trim();
    let usable = address::http_host(value).is_some()
        && address::split(value).is_some_and(|parts| {
            parts.query.is_none() && parts.fragment.is_none() && !parts.path.contains(' ')
        });
    check(usable, field, SHAPE)?;
    Ok(value.trim_end_matches('/').to_string())
}

pub(crate) fn is_api_key(value: &str) -> bool {
    (10..=100).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub(crate) fn is_project_id(value: &str) -> bool {
    (6..=30).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase())
        && !value.ends_with('-')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(crate) fn is_region(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

pub(crate) fn is_role_arn(value: &str) -> bool {
    is_iam_arn(value, "role/", false)
}

/// A customer managed policy (12-digit account) or an AWS managed one (account `aws`).
fn is_policy_arn(value: &str) -> bool {
    is_iam_arn(value, "policy/", true)
}

fn is_iam_arn(value: &str, kind: &str, aws_managed_allowed: bool) -> bool {
    let Some(rest) = value.strip_prefix("arn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let account_ok = |account: &str| {
        (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
            || (aws_managed_allowed && account == "aws")
    };
    matches!(parts.as_slice(), [partition, "iam", "", account, resource]
        if partition.starts_with("aws")
            && account_ok(account)
            && resource.strip_prefix(kind).is_some_and(|name| !name.is_empty()))
}

pub(crate) fn is_bucket_name(value: &str) -> bool {
    (3..=63).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value.ends_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: &str = include_str!("../../public/config.json");

    fn with(firebase: &str, aws: &str) -> String {
        format!(r#"{{"firebase": {{{firebase}}}, "aws": {{{aws}}}}}"#)
    }

    const FIREBASE: &str = r#""apiKey": "AIzaSyTest-key_123", "projectId": "my-app-1234""#;
    const AWS: &str = r#""region": "eu-west-1", "roleArn": "arn:aws:iam::123456789012:role/web", "bucket": "my-bucket""#;

    // The shipped config.json is what `make dev` and the e2e suite run on: it must always parse.
    #[test]
    fn shipped_local_config_is_valid() {
        let config = AppConfig::from_json(LOCAL).expect("public/config.json");
        assert!(config.firebase.project_id.starts_with("demo-"));
        assert!(matches!(config.aws.s3, S3Addressing::PathStyle { .. }));
    }

    // Without endpoint overrides a production config must point at the real services.
    #[test]
    fn production_defaults() {
        let config = AppConfig::from_json(&with(FIREBASE, AWS)).unwrap();
        assert_eq!(
            config.firebase.identity_toolkit_url,
            PRODUCTION_IDENTITY_TOOLKIT
        );
        assert_eq!(
            config.aws.sts_endpoint,
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            config.aws.s3,
            S3Addressing::VirtualHosted {
                region: "eu-west-1".into()
            }
        );
        assert_eq!(config.aws.session_duration_secs, 3600);
        assert_eq!(config.firebase.emulator_links_url(), None);
    }

    // A bucket named like a domain cannot be reached virtual-hosted over HTTPS (the wildcard
    // certificate matches one label): it is addressed path-style on the regional endpoint.
    #[test]
    fn a_bucket_with_dots_is_addressed_path_style() {
        let aws = AWS.replace(
            r#""bucket": "my-bucket""#,
            r#""bucket": "files.example.com""#,
        );
        assert_ne!(aws, AWS, "the fixture names its bucket my-bucket");
        let config = AppConfig::from_json(&with(FIREBASE, &aws)).unwrap();
        assert_eq!(
            crate::aws::s3::object_url(&config.aws, "users/u/a b"),
            "https://s3.eu-west-1.amazonaws.com/files.example.com/users/u/a%20b"
        );
    }

    // The emulator serves both Firebase services under one origin, prefixed by the host name.
    #[test]
    fn emulator_url_prefixes_both_services() {
        let firebase = format!(r#"{FIREBASE}, "emulatorUrl": "http://127.0.0.1:9099/""#);
        let config = AppConfig::from_json(&with(&firebase, AWS)).unwrap();
        assert_eq!(
            config.firebase.identity_toolkit_url,
            "http://127.0.0.1:9099/identitytoolkit.googleapis.com"
        );
        assert_eq!(
            config.firebase.secure_token_url,
            "http://127.0.0.1:9099/securetoken.googleapis.com"
        );
        assert_eq!(
            config.firebase.emulator_links_url().as_deref(),
            Some("http://127.0.0.1:9099/emulator/v1/projects/my-app-1234/oobCodes")
        );
    }

    // Uploads carry checksums S3 checks unless the deployment turns them off (for a store that
    // refuses x-amz-checksum-*).
    #[test]
    fn upload_checksums_are_on_unless_turned_off() {
        let config = AppConfig::from_json(&with(FIREBASE, AWS)).unwrap();
        assert!(config.aws.upload_checksums);
        let aws = format!(r#"{AWS}, "uploadChecksums": false"#);
        assert!(
            !AppConfig::from_json(&with(FIREBASE, &aws))
                .unwrap()
                .aws
                .upload_checksums
        );
    }

    // A project chooses link, password, or both; the default is the email link alone. Invite-only
    // is the default: open sign-up must be chosen.
    #[test]
    fn sign_in_methods_and_invite_only() {
        let config = AppConfig::from_json(&with(FIREBASE, AWS)).unwrap();
        assert_eq!(
            config.firebase.sign_in_methods,
            SignInMethods {
                email_link: true,
                password: false
            }
        );
        assert!(config.firebase.invite_only);
        let firebase = format!(r#"{FIREBASE}, "signInMethods": ["password"], "inviteOnly": false"#);
        let config = AppConfig::from_json(&with(&firebase, AWS)).unwrap();
        assert_eq!(
            config.firebase.sign_in_methods,
            SignInMethods {
                email_link: false,
                password: true
            }
        );
        assert!(!config.firebase.invite_only);
        for bad in [r#"[]"#, r#"["sms"]"#] {
            let firebase = format!(r#"{FIREBASE}, "signInMethods": {bad}"#);
            let error = AppConfig::from_json(&with(&firebase, AWS)).unwrap_err();
            assert_eq!(error.field(), Some("firebase.signInMethods"));
        }
    }

    // The error page must name the field at fault; one case per field and kind of mistake.
    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (
                with(r#""projectId": "my-app-1234""#, AWS),
                "firebase.apiKey",
            ),
            (
                with(
                    r#""apiKey": "AIzaSyTest-key_123", "projectId": "My App""#,
                    AWS,
                ),
                "firebase.projectId",
            ),
            (
                with(
                    &format!(r#"{FIREBASE}, "emulatorUrl": "localhost:9099""#),
                    AWS,
                ),
                "firebase.emulatorUrl",
            ),
            (
                with(FIREBASE, &AWS.replace("eu-west-1", "Ireland")),
                "aws.region",
            ),
            (
                with(
                    FIREBASE,
                    &AWS.replace("123456789012:role/web", "1234:role/web"),
                ),
                "aws.roleArn",
            ),
            (
                with(FIREBASE, &AWS.replace("my-bucket", "My_Bucket")),
                "aws.bucket",
            ),
            (
                with(FIREBASE, &format!(r#"{AWS}, "stsEndpoint": "ftp://x""#)),
                "aws.stsEndpoint",
            ),
            (
                with(FIREBASE, &format!(r#"{AWS}, "sessionDurationSeconds": 60"#)),
                "aws.sessionDurationSeconds",
            ),
            (
                with(
                    FIREBASE,
                    &format!(r#"{AWS}, "sessionPolicy": {{"Version": "2012-10-17"}}"#),
                ),
                "aws.sessionPolicy",
            ),
            (
                with(
                    FIREBASE,
                    &format!(r#"{AWS}, "policyArns": ["arn:aws:iam::123456789012:role/web"]"#),
                ),
                "aws.policyArns",
            ),
            (format!(r#"{{"firebase": {{{FIREBASE}}}}}"#), "aws"),
        ];
        for (json, field) in cases {
            let error = AppConfig::from_json(&json).expect_err(field);
            assert_eq!(error.field(), Some(field), "{json}");
            assert!(error.to_string().contains(field));
        }
    }

    // Credentials of seconds exist only to test expiry against the local stand-in; a production
    // config asking for them would fail at STS with a less helpful message.
    #[test]
    fn short_sessions_only_against_a_local_sts() {
        let short = |sts: &str| {
            let aws = format!(r#"{AWS}, "stsEndpoint": "{sts}", "sessionDurationSeconds": 30"#);
            AppConfig::from_json(&with(FIREBASE, &aws)).map(|c| c.aws.session_duration_secs)
        };
        assert_eq!(short("http://127.0.0.1:5000"), Ok(30));
        assert_eq!(short("http://sts.localhost:5000"), Ok(30));
        assert!(short("https://sts.eu-west-1.amazonaws.com").is_err());
        assert!(short("https://127.0.0.1.example.com").is_err());
    }

    // The session policy goes to STS as compact JSON; managed policies may be AWS's own.
    #[test]
    fn session_policy_and_policy_arns() {
        let aws = format!(
            r#"{AWS}, "sessionPolicy": {{"Version": "2012-10-17", "Statement": [ {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}} ]}},
            "policyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/files"]"#
        );
        let config = AppConfig::from_json(&with(FIREBASE, &aws)).unwrap().aws;
        assert_eq!(
            config.session_policy.as_deref(),
            Some(
                r#"{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#
            )
        );
        assert_eq!(config.policy_arns.len(), 2);
        let huge = format!(
            r#"{AWS}, "sessionPolicy": {{"Statement": "{}"}}"#,
            "x".repeat(2100)
        );
        let error = AppConfig::from_json(&with(FIREBASE, &huge)).unwrap_err();
        assert_eq!(error.field(), Some("aws.sessionPolicy"));
    }

    // The shared area is a folder of its own: never a user's folder, never the bucket's top.
    #[test]
    fn shared_prefix_is_a_folder_outside_users() {
        let config = |prefix: &str| {
            AppConfig::from_json(&with(
                FIREBASE,
                &format!(r#"{AWS}, "sharedPrefix": "{prefix}""#),
            ))
        };
        assert_eq!(
            config("public/").unwrap().aws.shared_prefix.as_deref(),
            Some("public/")
        );
        assert!(config("team/docs/").is_ok());
        for bad in [
            "public", "/public/", "users/", "users/x/", "", "a//b/", "../x/",
        ] {
            let error = config(bad).unwrap_err();
            assert_eq!(error.field(), Some("aws.sharedPrefix"), "{bad:?}");
        }
        let none = AppConfig::from_json(&with(FIREBASE, AWS)).unwrap();
        assert_eq!(none.aws.shared_prefix, None);
    }

    // Typos in field names would otherwise be silently ignored and fall back to production.
    #[test]
    fn unknown_fields_and_wrong_types_are_rejected() {
        let typo = with(FIREBASE, &format!(r#"{AWS}, "s3Endpont": "http://x""#));
        let error = AppConfig::from_json(&typo).unwrap_err();
        assert_eq!(error, ConfigError::Unknown("aws.s3Endpont".into()));
        let wrong_type = with(
            FIREBASE,
            &format!(r#"{AWS}, "sessionDurationSeconds": "1h""#),
        );
        let error = AppConfig::from_json(&wrong_type).unwrap_err();
        assert_eq!(error.field(), Some("aws.sessionDurationSeconds"));
        assert_eq!(
            error.to_string(),
            "config.json: `aws.sessionDurationSeconds` must be a whole number of seconds"
        );
        for (text, field) in [
            (r#"{"firebase": [1]}"#, "firebase"),
            (
                r#"{"firebase": {"inviteOnly": "yes"}}"#,
                "firebase.inviteOnly",
            ),
            (
                r#"{"aws": {"uploadChecksums": "off"}}"#,
                "aws.uploadChecksums",
            ),
            (
                r#"{"firebase": {"signInMethods": ["password", 2]}}"#,
                "firebase.signInMethods",
            ),
            (
                r#"{"aws": {"sessionDurationSeconds": 1e15}}"#,
                "aws.sessionDurationSeconds",
            ),
            (
                r#"{"aws": {"sessionDurationSeconds": -1}}"#,
                "aws.sessionDurationSeconds",
            ),
        ] {
            let error = AppConfig::from_json(text).unwrap_err();
            assert_eq!(error.field(), Some(field), "{text}: {error}");
        }
        assert_eq!(
            AppConfig::from_json(r#"{"extra": 1}"#).unwrap_err(),
            ConfigError::Unknown("extra".into())
        );
        assert!(matches!(
            AppConfig::from_json("<html>"),
            Err(ConfigError::Malformed(_))
        ));
        assert_eq!(AppConfig::from_json("[1]"), Err(ConfigError::NotAnObject));
    }
}
