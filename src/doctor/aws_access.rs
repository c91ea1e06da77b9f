//! The STS checks: the token exchanged for credentials (each refusal mapped to the IAM setting
//! that causes it), and GetCallerIdentity with those credentials.

use super::{Check, Deployment, Finding};
use crate::aws::sts::{AssumedRole, CallerIdentity, StsError};
use crate::error::AppError;

/// AssumeRoleWithWebIdentity with a fresh ID token.
pub fn exchange(outcome: &Result<AssumedRole, AppError>, deployment: &Deployment) -> Finding {
    let check = Check::StsExchange;
    let error = match outcome {
        Ok(role) => {
            return Finding::pass(
                check,
                format!("AWS issued credentials for {} to {}.", role.assumed_role_arn, role.subject),
            )
        }
        Err(AppError::Sts(error)) => error,
        Err(AppError::Network(_)) => {
            return Finding::fail(
                check,
                "STS could not be reached, or refused this page's origin.",
                "Check aws.stsEndpoint (leave it out to use https://sts.<region>.amazonaws.com) and the connection.",
            )
        }
        Err(other) => return Finding::fail(check, other.to_string(), "Sign out and sign in again, then run the doctor again."),
    };
    match error {
        StsError::InvalidIdentityToken(message) if message.contains("audience") => Finding::fail(
            check,
            format!("AWS refused the token: \"{message}\". The IAM OpenID Connect provider {} does not list your project {} as an audience (client ID).", deployment.provider(), deployment.project),
            format!("Add the project as the provider's audience:\n  aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn {} --client-id {}", deployment.provider_arn(), deployment.project),
        ),
        StsError::InvalidIdentityToken(message) if message.contains("No OpenIDConnect provider") => Finding::fail(
            check,
            format!("AWS refused the token: \"{message}\". The account has no IAM OpenID Connect provider for your Firebase project."),
            format!("Create it (the setup assistant's script does this first):\n  aws iam create-open-id-connect-provider --url https://{} --client-id-list {}", deployment.provider(), deployment.project),
        ),
        StsError::InvalidIdentityToken(message) => Finding::fail(
            check,
            format!("AWS refused the token: \"{message}\"."),
            format!("The IAM OpenID Connect provider's URL must be exactly https://{} with {} as its audience. If it is, AWS could not fetch Google's signing keys: try again in a minute.", deployment.provider(), deployment.project),
        ),
        StsError::AccessDenied(message) => Finding::fail(
            check,
            format!("AWS refused: \"{message}\". The role {} does not exist, or its trust policy does not accept this project's tokens for you ({}).", deployment.role_arn, deployment.uid),
            format!(
                "The trust policy must name {} as its Federated principal, allow sts:AssumeRoleWithWebIdentity and sts:TagSession, and require {}:aud = {}; if it lists allowed uids ({}:sub), {} must be among them. Invite-only, it also requires aws:RequestTag/firebridge = member, which your token carries only once an administrator has invited you (dev/invite.mjs invite <your email>; your invitation: {}). Apply the trust policy the setup assistant (/setup) writes:\n  aws iam update-assume-role-policy --role-name {} --policy-document file://trust-policy.json",
                deployment.provider_arn(), deployment.provider(), deployment.project, deployment.provider(), deployment.uid,
                if deployment.membership.member { "present" } else { "missing" }, deployment.role_name
            ),
        ),
        StsError::Other(aws) if aws.message.contains("DurationSeconds") || aws.message.contains("MaxSessionDuration") => Finding::fail(
            check,
            format!("AWS refused the session length: \"{}\".", aws.message),
            format!("Raise the role's maximum session duration to at least aws.sessionDurationSeconds, or lower that setting:\n  aws iam update-role --role-name {} --max-session-duration 43200", deployment.role_name),
        ),
        StsError::IdpCommunication => Finding::warn(check, error.to_string(), "This is on AWS's side and passes: run the doctor again in a minute."),
        other => Finding::fail(check, other.to_string(), "Check aws.roleArn and aws.region in config.json against the setup assistant's output."),
    }
}

/// A signed GetCallerIdentity: AWS accepts the credentials and names the role assumed.
pub fn caller_identity(
    outcome: &Result<CallerIdentity, AppError>,
    deployment: &Deployment,
) -> Finding {
    let check = Check::CallerIdentity;
    match outcome {
        Ok(identity) if identity.arn.contains(&format!(":assumed-role/{}/", deployment.role_name)) => {
            Finding::pass(check, format!("You are {} in account {}.", identity.arn, identity.account))
        }
        Ok(identity) => Finding::warn(
            check,
            format!("AWS says you are {}, not the role {}.", identity.arn, deployment.role_arn),
            "Check aws.roleArn in config.json.",
        ),
        Err(error) => Finding::fail(
            check,
            format!("AWS refused the new credentials: {error}"),
            "Check this device's clock (below) and aws.stsEndpoint; CORS for STS is AWS's own and needs nothing.",
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
