//! The checks before AWS: config.json makes sense for where the page is served, and Firebase
//! accepts the API key.

use super::{Check, Deployment, Finding};
use crate::auth::jwt::IdTokenClaims;
use crate::auth::AuthError;
use crate::config::{is_loopback, AppConfig, S3Addressing};
use crate::error::AppError;
use crate::i18n::DOCTOR;

/// What config.json says, checked against the page's origin and the signed-in user's token.
pub fn configuration(
    config: &AppConfig,
    deployment: &Deployment,
    claims: Option<&IdTokenClaims>,
) -> Finding {
    let check = Check::Configuration;
    if let Some(claims) = claims.filter(|c| c.aud != config.firebase.project_id) {
        return Finding::fail(
            check,
            DOCTOR.tf(
                "doctor.config-other-project",
                &[
                    ("configured", &config.firebase.project_id),
                    ("project", &claims.aud),
                ],
            ),
            DOCTOR.tf(
                "doctor.config-other-project-fix",
                &[("project", &claims.aud)],
            ),
        );
    }
    let page_is_local = is_loopback(&deployment.origin);
    let insecure: Vec<&str> = endpoints(config)
        .into_iter()
        .filter(|(_, url)| url.starts_with("http://") && !is_loopback(url))
        .map(|(name, _)| name)
        .collect();
    if !insecure.is_empty() {
        return Finding::fail(
            check,
            DOCTOR.plural(
                "doctor.config-insecure",
                insecure.len() as u64,
                &[("endpoints", &insecure.join(", "))],
            ),
            DOCTOR.t("doctor.config-insecure-fix"),
        );
    }
    if config.firebase.emulator_links_url().is_some() && !page_is_local {
        return Finding::warn(
            check,
            DOCTOR.tf("doctor.config-emulator", &[("origin", &deployment.origin)]),
            DOCTOR.t("doctor.config-emulator-fix"),
        );
    }
    if deployment.origin.starts_with("http://") && !page_is_local {
        return Finding::warn(
            check,
            DOCTOR.tf(
                "doctor.config-plain-http",
                &[("origin", &deployment.origin)],
            ),
            DOCTOR.t("doctor.config-plain-http-fix"),
        );
    }
    Finding::pass(
        check,
        DOCTOR.tf(
            "doctor.config-pass",
            &[
                ("project", &deployment.project),
                ("role", &deployment.role_name),
                ("account", &deployment.account),
                ("bucket", &deployment.bucket),
                ("region", &config.aws.region),
            ],
        ),
    )
}

fn endpoints(config: &AppConfig) -> Vec<(&'static str, &str)> {
    let mut list = vec![
        (
            "Firebase Auth",
            config.firebase.identity_toolkit_url.as_str(),
        ),
        ("aws.stsEndpoint", config.aws.sts_endpoint.as_str()),
    ];
    if let S3Addressing::PathStyle { endpoint } = &config.aws.s3 {
        list.push(("aws.s3Endpoint", endpoint));
    }
    list
}

/// Firebase renewing the ID token with the configured API key.
pub fn api_key(renewal: &Result<(), AppError>) -> Finding {
    let check = Check::FirebaseApiKey;
    match renewal {
        Ok(()) => Finding::pass(check, DOCTOR.t("doctor.api-key-pass")),
        Err(AppError::Auth(AuthError::InvalidApiKey)) => Finding::fail(
            check,
            DOCTOR.t("doctor.api-key-refused"),
            DOCTOR.t("doctor.api-key-refused-fix"),
        ),
        Err(AppError::Auth(AuthError::Network(_)) | AppError::Network(_)) => Finding::fail(
            check,
            DOCTOR.t("doctor.firebase-unreachable"),
            DOCTOR.t("doctor.firebase-unreachable-fix"),
        ),
        Err(error) => Finding::fail(
            check,
            DOCTOR.tf("doctor.api-key-other", &[("error", &error.to_string())]),
            DOCTOR.t("doctor.api-key-other-fix"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::tests::deployment;
    use crate::doctor::Status;

    fn claims(aud: &str) -> IdTokenClaims {
        let iss = format!("https://securetoken.google.com/{aud}");
        serde_json::from_value(
            serde_json::json!({"iss": iss, "aud": aud, "sub": "uid-a", "exp": 2, "iat": 1}),
        )
        .unwrap()
    }

    fn config(change: impl FnOnce(&mut serde_json::Value)) -> AppConfig {
        let mut json: serde_json::Value =
            serde_json::from_str(include_str!("../../public/config.json")).unwrap();
        change(&mut json);
        AppConfig::from_json(&json.to_string()).unwrap()
    }

    // The local stack's own config, served locally: nothing to say but what it points at.
    #[test]
    fn the_local_config_passes_and_names_what_it_uses() {
        let finding = configuration(
            &AppConfig::local(),
            &deployment(),
            Some(&claims("demo-firebridge")),
        );
        assert_eq!(finding.status, Status::Pass);
        assert!(
            finding
                .detail
                .contains("role firebridge-web in account 123456789012"),
            "{}",
            finding.detail
        );
    }

    // An API key of another project signs users in there: every AWS name would then be wrong.
    #[test]
    fn a_project_id_that_is_not_the_api_keys_project_fails() {
        let finding = configuration(
            &AppConfig::local(),
            &deployment(),
            Some(&claims("other-project")),
        );
        assert_eq!(finding.status, Status::Fail);
        assert!(finding
            .fix
            .unwrap()
            .contains("Set firebase.projectId to other-project"));
    }

    // Credentials must never cross a network in clear text.
    #[test]
    fn plain_http_endpoints_off_this_machine_fail() {
        let config = config(|c| c["aws"]["s3Endpoint"] = "http://s3.example.com".into());
        let finding = configuration(&config, &deployment(), None);
        assert_eq!(finding.status, Status::Fail);
        assert!(
            finding.detail.starts_with("aws.s3Endpoint uses plain http"),
            "{}",
            finding.detail
        );
    }

    // A production page still pointing at the emulator is a classic copy-paste slip.
    #[test]
    fn the_emulator_on_a_public_origin_is_a_warning() {
        let mut public = deployment();
        public.origin = "https://files.example.com".into();
        let all_https = config(|c| {
            c["aws"]["stsEndpoint"] = "https://sts.us-east-1.amazonaws.com".into();
            c["aws"]["s3Endpoint"] = "https://s3.us-east-1.amazonaws.com".into();
            c["firebase"]["emulatorUrl"] = "https://auth-emulator.example.com".into();
        });
        let finding = configuration(&all_https, &public, None);
        assert_eq!(finding.status, Status::Warn);
        assert!(finding.fix.unwrap().contains("Remove firebase.emulatorUrl"));
    }

    // The API key check maps Firebase's refusal to where the right key is found.
    #[test]
    fn a_refused_api_key_says_where_to_copy_the_right_one() {
        let finding = api_key(&Err(AppError::Auth(AuthError::InvalidApiKey)));
        assert_eq!(finding.status, Status::Fail);
        assert!(finding
            .fix
            .unwrap()
            .contains("Project settings > General > Web API key"));
        assert_eq!(api_key(&Ok(())).status, Status::Pass);
    }
}
