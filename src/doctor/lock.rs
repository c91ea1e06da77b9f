//! The checks of what keeps people out: a fresh sign-up (an account nobody invited) must get
//! nothing from AWS, the user's team folder must be theirs alone, and the page must be served
//! with its security headers.

use super::s3::S3Attempt;
use super::{Check, Deployment, Finding};
use crate::auth::AuthError;
use crate::aws::sts::StsError;
use crate::error::AppError;
use crate::i18n::DOCTOR;

/// What happened to the account the doctor signed up (a random address, deleted afterwards).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignUpProbe {
    /// Firebase would not create the account.
    Refused(AuthError),
    /// Firebase created it, and STS refused its token.
    ExchangeRefused(StsError),
    /// STS issued credentials; how S3 answered a listing of the account's folder and a write
    /// there.
    Credentials { list: S3Attempt, write: S3Attempt },
    /// The probe could not be made (network, an unexpected answer).
    Failed(AppError),
}

/// A fresh sign-up gets nothing (invite-only), or gets a folder (open sign-up, as chosen).
pub fn lock(probe: &SignUpProbe, deployment: &Deployment) -> Finding {
    let check = Check::Lock;
    let close_it = DOCTOR.tf(
        "doctor.lock-close-fix",
        &[
            ("trust_command", &deployment.update_trust_policy()),
            ("permissions_command", &deployment.put_permissions_policy()),
        ],
    );
    match probe {
        SignUpProbe::Refused(AuthError::NotInvited) => {
            Finding::pass(check, DOCTOR.t("doctor.lock-firebase-refuses"))
        }
        SignUpProbe::Refused(AuthError::ProviderDisabled) => Finding::warn(
            check,
            DOCTOR.t("doctor.lock-password-off"),
            DOCTOR.t("doctor.lock-password-off-fix"),
        ),
        SignUpProbe::Refused(other) => Finding::warn(
            check,
            DOCTOR.tf(
                "doctor.lock-sign-up-failed",
                &[("error", &other.to_string())],
            ),
            DOCTOR.t("doctor.run-again-fix"),
        ),
        SignUpProbe::ExchangeRefused(StsError::AccessDenied(_)) if deployment.invite_only => {
            Finding::pass(check, DOCTOR.t("doctor.lock-sts-refuses"))
        }
        SignUpProbe::ExchangeRefused(error) if deployment.invite_only => Finding::warn(
            check,
            DOCTOR.tf("doctor.lock-sts-other", &[("error", &error.to_string())]),
            DOCTOR.t("doctor.lock-sts-other-fix"),
        ),
        SignUpProbe::ExchangeRefused(error) => Finding::warn(
            check,
            DOCTOR.tf(
                "doctor.lock-open-sts-refuses",
                &[("error", &error.to_string())],
            ),
            DOCTOR.t("doctor.lock-open-sts-refuses-fix"),
        ),
        SignUpProbe::Credentials { list, write } => {
            let refused = |attempt: &S3Attempt| match attempt {
                S3Attempt::Answered(answer) => answer.status == 403,
                _ => false,
            };
            match (refused(list) && refused(write), deployment.invite_only) {
                (true, true) => Finding::pass(check, DOCTOR.t("doctor.lock-s3-refuses")),
                (true, false) => Finding::warn(
                    check,
                    DOCTOR.t("doctor.lock-open-s3-refuses"),
                    DOCTOR.t("doctor.lock-open-s3-refuses-fix"),
                ),
                (false, true) => Finding::fail(check, DOCTOR.t("doctor.lock-open-door"), close_it),
                (false, false) => Finding::warn(
                    check,
                    DOCTOR.t("doctor.lock-open-sign-up"),
                    format!("{} {close_it}", DOCTOR.t("doctor.lock-open-sign-up-fix")),
                ),
            }
        }
        SignUpProbe::Failed(error) => Finding::warn(
            check,
            DOCTOR.tf("doctor.lock-probe-failed", &[("error", &error.to_string())]),
            DOCTOR.t("doctor.run-again-fix"),
        ),
    }
}

/// The team's folder: listed for a member, refused for another team's.
pub fn team(own: Option<(&S3Attempt, &S3Attempt)>, deployment: &Deployment) -> Finding {
    let check = Check::Team;
    let Some(team) = &deployment.membership.team else {
        return Finding::skipped(check, DOCTOR.t("doctor.team-none"));
    };
    let Some((mine, theirs)) = own else {
        return Finding::skipped(check, DOCTOR.t("doctor.needs-credentials"));
    };
    let prefix = crate::auth::membership::team_prefix(team);
    let listed = matches!(mine, S3Attempt::Answered(answer) if answer.is_success());
    let other_refused = matches!(theirs, S3Attempt::Answered(answer) if answer.status == 403);
    let team_variable = "${aws:PrincipalTag/team}";
    match (listed, other_refused) {
        (true, true) => Finding::pass(check, DOCTOR.tf("doctor.team-pass", &[("folder", &prefix)])),
        (false, _) => Finding::fail(
            check,
            DOCTOR.tf("doctor.team-refused", &[("folder", &prefix)]),
            deployment.with_permissions_policy(DOCTOR.tf(
                "doctor.team-refused-fix",
                &[("team_folder", &format!("teams/{team_variable}/*"))],
            )),
        ),
        (true, false) => Finding::fail(
            check,
            DOCTOR.t("doctor.team-leak"),
            deployment.with_permissions_policy(
                DOCTOR.tf("doctor.team-leak-fix", &[("team_variable", team_variable)]),
            ),
        ),
    }
}

/// The headers this page was served with, against those the setup assistant writes: the
/// Content-Security-Policy directive by directive, then the others.
pub fn security_headers(served: &[(String, String)], expected: &[(&str, String)]) -> Finding {
    let check = Check::SecurityHeaders;
    let served_value = |name: &str| {
        served
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut missing = Vec::new();
    for (name, value) in expected {
        match served_value(name) {
            None => missing.push(DOCTOR.tf("doctor.header-absent", &[("name", name)])),
            Some(found) if *name == "Content-Security-Policy" => {
                let directives: Vec<&str> = found.split(';').map(str::trim).collect();
                for wanted in value.split(';').map(str::trim) {
                    if !directives.contains(&wanted) {
                        missing.push(format!("Content-Security-Policy: {wanted}"));
                    }
                }
            }
            Some(found) if found != value => missing.push(DOCTOR.tf(
                "doctor.header-differs",
                &[("name", name), ("value", value), ("served", found)],
            )),
            Some(_) => {}
        }
    }
    if missing.is_empty() {
        return Finding::pass(check, DOCTOR.t("doctor.headers-all-served"));
    }
    let policy_absent = served_value("Content-Security-Policy").is_none();
    let detail = DOCTOR.tf(
        "doctor.headers-lacking",
        &[("missing", &missing.join("; "))],
    );
    let fix = DOCTOR.t("doctor.headers-fix");
    if policy_absent {
        Finding::fail(check, detail, fix)
    } else {
        Finding::warn(check, detail, fix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::membership::Membership;
    use crate::doctor::tests::deployment;
    use crate::http::HttpResponse;

    fn answered(status: u16) -> S3Attempt {
        S3Attempt::Answered(HttpResponse::new(status, Vec::new()))
    }

    // The lock holds when Firebase refuses the account, when STS refuses its token, or when
    // AWS refuses its every request; it is broken when the new account gets a folder.
    #[test]
    fn a_self_created_account_must_get_nothing() {
        let d = deployment();
        assert!(d.invite_only);
        let pass = [
            SignUpProbe::Refused(AuthError::NotInvited),
            SignUpProbe::ExchangeRefused(StsError::AccessDenied("Not authorized".into())),
            SignUpProbe::Credentials {
                list: answered(403),
                write: answered(403),
            },
        ];
        for probe in pass {
            assert_eq!(
                lock(&probe, &d).status,
                crate::doctor::Status::Pass,
                "{probe:?}"
            );
        }
        let open = lock(
            &SignUpProbe::Credentials {
                list: answered(200),
                write: answered(200),
            },
            &d,
        );
        assert_eq!(open.status, crate::doctor::Status::Fail);
        assert!(open.detail.contains("anyone who can reach this page"));
        assert!(open
            .fix
            .unwrap()
            .contains("update-assume-role-policy --role-name firebridge-web"));
    }

    // Open sign-up is a choice: said plainly, not failed.
    #[test]
    fn open_sign_up_is_a_warning_that_says_what_it_means() {
        let mut d = deployment();
        d.invite_only = false;
        let open = lock(
            &SignUpProbe::Credentials {
                list: answered(200),
                write: answered(200),
            },
            &d,
        );
        assert_eq!(open.status, crate::doctor::Status::Warn);
        assert!(open
            .detail
            .contains("anyone who can reach this page gets a folder"));
    }

    // A team member lists the team's folder and not another's.
    #[test]
    fn the_team_folder_is_the_teams_alone() {
        let mut d = deployment();
        assert_eq!(team(None, &d).status, crate::doctor::Status::Skipped);
        d.membership = Membership {
            member: true,
            team: Some("alpha".into()),
            read_only: false,
        };
        let (ok, refused) = (answered(200), answered(403));
        assert_eq!(
            team(Some((&ok, &refused)), &d).status,
            crate::doctor::Status::Pass
        );
        assert_eq!(
            team(Some((&refused, &refused)), &d).status,
            crate::doctor::Status::Fail
        );
        let leaky = team(Some((&ok, &ok)), &d);
        assert_eq!(leaky.status, crate::doctor::Status::Fail);
        assert!(leaky.detail.contains("Another team's folder"));
    }

    // Each missing directive or header is named; no policy header at all is a failure.
    #[test]
    fn missing_security_headers_are_named() {
        let expected = crate::setup::security_headers(&crate::config::AppConfig::local());
        let all: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_lowercase(), v.clone()))
            .collect();
        assert_eq!(
            security_headers(&all, &expected).status,
            crate::doctor::Status::Pass
        );
        let mut weaker = all.clone();
        weaker[0].1 = weaker[0].1.replace("; frame-ancestors 'none'", "");
        weaker.retain(|(n, _)| n != "referrer-policy");
        let finding = security_headers(&weaker, &expected);
        assert_eq!(finding.status, crate::doctor::Status::Warn);
        assert!(
            finding.detail.contains("frame-ancestors 'none'")
                && finding.detail.contains("Referrer-Policy (absent)"),
            "{}",
            finding.detail
        );
        let none = security_headers(&[], &expected);
        assert_eq!(none.status, crate::doctor::Status::Fail);
    }
}
