//! The STS checks: the token exchanged for credentials (each refusal mapped to the IAM setting
//! that causes it), and GetCallerIdentity with those credentials.

use super::{Check, Deployment, Finding};
use crate::aws::sts::{AssumedRole, CallerIdentity, StsError};
use crate::error::AppError;
use crate::i18n::DOCTOR;

/// AssumeRoleWithWebIdentity with a fresh ID token.
pub fn exchange(outcome: &Result<AssumedRole, AppError>, deployment: &Deployment) -> Finding {
    let check = Check::StsExchange;
    let error = match outcome {
        Ok(role) => {
            return Finding::pass(
                check,
                DOCTOR.tf(
                    "doctor.sts-issued",
                    &[("role", &role.assumed_role_arn), ("subject", &role.subject)],
                ),
            )
        }
        Err(AppError::Sts(error)) => error,
        Err(AppError::Network(_)) => {
            return Finding::fail(
                check,
                DOCTOR.t("doctor.sts-unreachable"),
                DOCTOR.t("doctor.sts-unreachable-fix"),
            )
        }
        Err(other) => {
            return Finding::fail(
                check,
                other.to_string(),
                DOCTOR.t("doctor.sts-sign-in-again-fix"),
            )
        }
    };
    let (provider, project) = (deployment.provider(), deployment.project.as_str());
    match error {
        StsError::InvalidIdentityToken(message) if message.contains("audience") => {
            let command = format!(
                "aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn {} --client-id {project}",
                deployment.provider_arn()
            );
            Finding::fail(
                check,
                DOCTOR.tf(
                    "doctor.sts-audience",
                    &[
                        ("message", message),
                        ("provider", &provider),
                        ("project", project),
                    ],
                ),
                DOCTOR.tf("doctor.sts-audience-fix", &[("command", &command)]),
            )
        }
        StsError::InvalidIdentityToken(message)
            if message.contains("No OpenIDConnect provider") =>
        {
            let command = format!(
                "aws iam create-open-id-connect-provider --url https://{provider} --client-id-list {project}"
            );
            Finding::fail(
                check,
                DOCTOR.tf("doctor.sts-no-provider", &[("message", message)]),
                DOCTOR.tf("doctor.sts-no-provider-fix", &[("command", &command)]),
            )
        }
        StsError::InvalidIdentityToken(message) => Finding::fail(
            check,
            DOCTOR.tf("doctor.sts-token-refused", &[("message", message)]),
            DOCTOR.tf(
                "doctor.sts-token-refused-fix",
                &[("provider", &provider), ("project", project)],
            ),
        ),
        StsError::AccessDenied(message) => {
            let values = [
                ("provider_arn", deployment.provider_arn()),
                ("provider", provider.clone()),
                ("project", project.to_string()),
                ("uid", deployment.uid.clone()),
                ("command", deployment.update_trust_policy()),
            ];
            let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let fix = if deployment.membership.member {
                DOCTOR.tf("doctor.sts-access-denied-fix-invited", &values)
            } else {
                DOCTOR.tf("doctor.sts-access-denied-fix-uninvited", &values)
            };
            Finding::fail(
                check,
                DOCTOR.tf(
                    "doctor.sts-access-denied",
                    &[
                        ("message", message),
                        ("role", &deployment.role_arn),
                        ("uid", &deployment.uid),
                    ],
                ),
                fix,
            )
        }
        StsError::Other(aws)
            if aws.message.contains("DurationSeconds")
                || aws.message.contains("MaxSessionDuration") =>
        {
            let command = format!(
                "aws iam update-role --role-name {} --max-session-duration 43200",
                deployment.role_name
            );
            Finding::fail(
                check,
                DOCTOR.tf("doctor.sts-session-length", &[("message", &aws.message)]),
                DOCTOR.tf("doctor.sts-session-length-fix", &[("command", &command)]),
            )
        }
        StsError::IdpCommunication => {
            Finding::warn(check, error.to_string(), DOCTOR.t("doctor.sts-idp-fix"))
        }
        other => Finding::fail(check, other.to_string(), DOCTOR.t("doctor.sts-other-fix")),
    }
}

/// A signed GetCallerIdentity: AWS accepts the credentials and names the role assumed.
pub fn caller_identity(
    outcome: &Result<CallerIdentity, AppError>,
    deployment: &Deployment,
) -> Finding {
    let check = Check::CallerIdentity;
    match outcome {
        Ok(identity)
            if identity
                .arn
                .contains(&format!(":assumed-role/{}/", deployment.role_name)) =>
        {
            Finding::pass(
                check,
                DOCTOR.tf(
                    "doctor.caller-pass",
                    &[("arn", &identity.arn), ("account", &identity.account)],
                ),
            )
        }
        Ok(identity) => Finding::warn(
            check,
            DOCTOR.tf(
                "doctor.caller-other-role",
                &[("arn", &identity.arn), ("role", &deployment.role_arn)],
            ),
            DOCTOR.t("doctor.caller-other-role-fix"),
        ),
        Err(error) => Finding::fail(
            check,
            DOCTOR.tf("doctor.caller-refused", &[("error", &error.to_string())]),
            DOCTOR.t("doctor.caller-refused-fix"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sts::parse_assume_role;
    use crate::doctor::tests::deployment;
    use crate::doctor::Status;
    use crate::http::HttpResponse;

    fn refusal(fixture: &str) -> Result<AssumedRole, AppError> {
        let path = format!(
            "{}/tests/fixtures/sts/{fixture}",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = std::fs::read(path).unwrap();
        let status = if fixture.contains("access_denied") {
            403
        } else {
            400
        };
        Ok(parse_assume_role(&HttpResponse::new(status, body), 0, 900)?)
    }

    fn sts_error(code: &str, message: &str) -> Result<AssumedRole, AppError> {
        let body = format!("<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>");
        Ok(parse_assume_role(&HttpResponse::new(400, body), 0, 900)?)
    }

    // "Incorrect token audience": the provider lacks the project as client ID; the fix adds it.
    #[test]
    fn a_provider_without_the_audience_gets_the_add_client_id_command() {
        let finding = exchange(
            &sts_error("InvalidIdentityToken", "Incorrect token audience"),
            &deployment(),
        );
        assert_eq!(finding.status, Status::Fail);
        assert!(finding.fix.unwrap().contains("add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/demo-firebridge --client-id demo-firebridge"));
    }

    // No provider at all: the fix creates it with the right URL and audience.
    #[test]
    fn a_missing_provider_gets_the_create_command() {
        let outcome = sts_error("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://securetoken.google.com/demo-firebridge");
        let fix = exchange(&outcome, &deployment()).fix.unwrap();
        assert!(fix.contains("create-open-id-connect-provider --url https://securetoken.google.com/demo-firebridge --client-id-list demo-firebridge"), "{fix}");
    }

    // A recorded AccessDenied (trust policy): the fix says what the trust policy must hold.
    #[test]
    fn a_trust_refusal_names_provider_audience_and_uid() {
        let finding = exchange(&refusal("error_access_denied.xml"), &deployment());
        assert_eq!(finding.status, Status::Fail);
        let fix = finding.fix.unwrap();
        assert!(
            fix.contains("securetoken.google.com/demo-firebridge:aud = demo-firebridge"),
            "{fix}"
        );
        assert!(fix.contains("uid-a must be among them"));
        assert!(fix.contains("update-assume-role-policy --role-name firebridge-web"));
    }

    // An InvalidIdentityToken that is neither audience nor provider: the provider's URL.
    #[test]
    fn other_token_refusals_point_at_the_provider_url() {
        let outcome = sts_error(
            "InvalidIdentityToken",
            "Couldn't retrieve verification key from your identity provider",
        );
        let finding = exchange(&outcome, &deployment());
        assert_eq!(finding.status, Status::Fail);
        assert!(finding
            .fix
            .unwrap()
            .contains("https://securetoken.google.com/demo-firebridge"));
    }

    // A session longer than the role allows is refused as a ValidationError.
    #[test]
    fn a_session_longer_than_the_roles_maximum_gets_update_role() {
        let outcome = sts_error(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        );
        assert!(exchange(&outcome, &deployment())
            .fix
            .unwrap()
            .contains("update-role --role-name firebridge-web --max-session-duration"));
    }

    // The caller is the configured role: pass; another identity is worth a warning.
    #[test]
    fn caller_identity_matches_the_configured_role() {
        let identity = |arn: &str| {
            Ok(CallerIdentity {
                arn: arn.into(),
                user_id: "AROA:x".into(),
                account: "123456789012".into(),
            })
        };
        let mine =
            identity("arn:aws:sts::123456789012:assumed-role/firebridge-web/firebridge-uid-a");
        assert_eq!(caller_identity(&mine, &deployment()).status, Status::Pass);
        let other = identity("arn:aws:sts::123456789012:assumed-role/admin/x");
        assert_eq!(caller_identity(&other, &deployment()).status, Status::Warn);
    }
}
