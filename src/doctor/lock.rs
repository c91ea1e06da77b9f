//! The checks of what keeps people out: a fresh sign-up (an account nobody invited) must get
//! nothing from AWS, the user's team folder must be theirs alone, and the page must be served
//! with its security headers.

use super::s3::S3Attempt;
use super::{Check, Deployment, Finding};
use crate::auth::AuthError;
use crate::aws::sts::StsError;
use crate::error::AppError;

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
    let close_it = format!(
        "Apply the trust and permissions policies the setup assistant (/setup) writes for invite-only (the trust policy requires aws:RequestTag/firebridge = member, the permissions deny every request without aws:PrincipalTag/firebridge):\n  aws iam update-assume-role-policy --role-name {role} --policy-document file://trust-policy.json\n  aws iam put-role-policy --role-name {role} --policy-name firebridge-files --policy-document file://permissions-policy.json\nOr switch sign-up off in the Firebase console (Authentication > Settings > User actions).",
        role = deployment.role_name
    );
    match probe {
        SignUpProbe::Refused(AuthError::NotInvited) => Finding::pass(
            check,
            "Firebase refuses to create accounts nobody invited (sign-up is switched off, or a blocking function refuses them).",
        ),
        SignUpProbe::Refused(AuthError::ProviderDisabled) => Finding::warn(
            check,
            "Password sign-up is switched off, so the doctor could not create an account to try; an email-link sign-in still creates one.",
            "Make sure the role refuses accounts nobody invited: the setup assistant's invite-only trust policy does. Or switch sign-up off in the Firebase console (Authentication > Settings > User actions).",
        ),
        SignUpProbe::Refused(other) => Finding::warn(check, format!("The doctor could not sign up a test account: {other}"), "Run the doctor again."),
        SignUpProbe::ExchangeRefused(StsError::AccessDenied(_)) if deployment.invite_only => Finding::pass(
            check,
            "A new account nobody invited got no AWS credentials: STS refused its token (the trust policy requires the invitation's tag).",
        ),
        SignUpProbe::ExchangeRefused(error) if deployment.invite_only => Finding::warn(
            check,
            format!("STS refused a new account's token, though not as the invitation check does: {error}"),
            "Run the doctor again; if it persists, compare the trust policy with the setup assistant's.",
        ),
        SignUpProbe::ExchangeRefused(error) => Finding::warn(
            check,
            format!("config.json says sign-up is open (inviteOnly: false), but STS refused a new account's token: {error}"),
            "If only invited users should get in, set firebase.inviteOnly to true in config.json; otherwise apply the setup assistant's open sign-up trust policy.",
        ),
        SignUpProbe::Credentials { list, write } => {
            let refused = |attempt: &S3Attempt| match attempt {
                S3Attempt::Answered(answer) => answer.status == 403,
                _ => false,
            };
            match (refused(list) && refused(write), deployment.invite_only) {
                (true, true) => Finding::pass(
                    check,
                    "STS gave a new account nobody invited credentials, but AWS refuses them everything (the permissions deny sessions without the invitation's tag). Requiring the tag in the trust policy as well makes STS refuse the exchange itself.",
                ),
                (true, false) => Finding::warn(
                    check,
                    "config.json says sign-up is open (inviteOnly: false), yet AWS refuses a new account everything.",
                    "If only invited users should get in, set firebase.inviteOnly to true in config.json; otherwise apply the setup assistant's open sign-up policies.",
                ),
                (false, true) => Finding::fail(
                    check,
                    "A new account nobody invited got a folder in the bucket: anyone who can reach this page can sign up and store files.",
                    close_it,
                ),
                (false, false) => Finding::warn(
                    check,
                    "Open sign-up (config.json: inviteOnly false): anyone who can reach this page gets a folder in the bucket, as a new test account just did.",
                    format!("If that is not what you want, make the deployment invite-only. {close_it}"),
                ),
            }
        }
        SignUpProbe::Failed(error) => Finding::warn(check, format!("The doctor could not make a test sign-up: {error}"), "Run the doctor again."),
    }
}

/// The team's folder: listed for a member, refused for another team's.
pub fn team(own: Option<(&S3Attempt, &S3Attempt)>, deployment: &Deployment) -> Finding {
    let check = Check::Team;
    let Some(team) = &deployment.membership.team else {
        return Finding::skipped(check, "You are in no team (an administrator sets one with dev/invite.mjs set <email> --team <name>).");
    };
    let Some((mine, theirs)) = own else {
        return Finding::skipped(check, "Needs AWS credentials: the exchange above failed.");
    };
    let prefix = crate::auth::membership::team_prefix(team);
    let listed = matches!(mine, S3Attempt::Answered(answer) if answer.is_success());
    let other_refused = matches!(theirs, S3Attempt::Answered(answer) if answer.status == 403);
    match (listed, other_refused) {
        (true, true) => Finding::pass(check, format!("Listed your team's folder {prefix}; another team's was refused.")),
        (false, _) => Finding::fail(
            check,
            format!("AWS refused to list your team's folder {prefix}."),
            format!("The permissions policy must allow s3:ListBucket with s3:prefix teams/${{aws:PrincipalTag/team}}/* and the object actions on teams/${{aws:PrincipalTag/team}}/*, and the trust policy sts:TagSession. {}", deployment.apply_permissions_policy()),
        ),
        (true, false) => Finding::fail(
            check,
            "Another team's folder could be listed: team folders are not confined to their members.",
            format!("Key the team statements on ${{aws:PrincipalTag/team}}, never on a literal or \"*\". {}", deployment.apply_permissions_policy()),
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
            None => missing.push(format!("{name} (absent)")),
            Some(found) if *name == "Content-Security-Policy" => {
                let directives: Vec<&str> = found.split(';').map(str::trim).collect();
                for wanted in value.split(';').map(str::trim) {
                    if !directives.contains(&wanted) {
                        missing.push(format!("Content-Security-Policy: {wanted}"));
                    }
                }
            }
            Some(found) if found != value => {
                missing.push(format!("{name}: {value} (served: {found})"))
            }
            Some(_) => {}
        }
    }
    if missing.is_empty() {
        return Finding::pass(check, "The page is served with the Content-Security-Policy and the other security headers the setup assistant writes.");
    }
    let policy_absent = served_value("Content-Security-Policy").is_none();
    let detail = format!("The page's headers lack: {}.", missing.join("; "));
    let fix = "Have the host send the headers the setup assistant (/setup) writes with every page (CloudFront: a response headers policy; Firebase Hosting: \"headers\" in firebase.json; Netlify and Cloudflare Pages: a _headers file). Without the Content-Security-Policy header the page has only index.html's own policy (scripts and plugins), not its network limits.";
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
