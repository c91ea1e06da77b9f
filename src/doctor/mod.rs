//! The doctor: each live check of a deployment (`/doctor`) turned into a green or red line that
//! says what was found and, when something is wrong, the exact fix. Pure: the service sends the
//! requests and hands the answers to the functions here.

mod aws_access;
mod firebase;
mod lock;
mod s3;

pub use aws_access::{caller_identity, exchange};
pub use firebase::{api_key, configuration};
pub use lock::{lock, security_headers, team, SignUpProbe};
pub use s3::{
    clock, cors, exposed_headers, isolation, list_own, versioning, write_and_delete, S3Attempt,
};

use crate::auth::membership::Membership;
use crate::config::AppConfig;
use crate::i18n::{self, DOCTOR};
use crate::setup;
use std::fmt::Write;

/// The name of the write check's probe (in a versioned bucket its deleted versions stay a while:
/// Recently deleted leaves it out).
pub const PROBE_NAME: &str = ".firebridge-doctor-probe";

/// The checks, in the order the page lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    Configuration,
    SecurityHeaders,
    FirebaseApiKey,
    StsExchange,
    CallerIdentity,
    Cors,
    ExposedHeaders,
    ListOwnFolder,
    WriteAndDelete,
    Versioning,
    Isolation,
    Team,
    Lock,
    Clock,
}

impl Check {
    pub const ALL: [Check; 14] = [
        Check::Configuration,
        Check::SecurityHeaders,
        Check::FirebaseApiKey,
        Check::StsExchange,
        Check::CallerIdentity,
        Check::Cors,
        Check::ExposedHeaders,
        Check::ListOwnFolder,
        Check::WriteAndDelete,
        Check::Versioning,
        Check::Isolation,
        Check::Team,
        Check::Lock,
        Check::Clock,
    ];

    /// Made with the user's AWS credentials (skipped when the exchange fails).
    pub fn needs_credentials(self) -> bool {
        !matches!(
            self,
            Check::Configuration
                | Check::SecurityHeaders
                | Check::FirebaseApiKey
                | Check::StsExchange
                | Check::Lock
        )
    }

    pub fn title(self) -> String {
        match self {
            Check::Configuration => DOCTOR.t("doctor.title-configuration"),
            Check::SecurityHeaders => DOCTOR.t("doctor.title-security-headers"),
            Check::FirebaseApiKey => DOCTOR.t("doctor.title-firebase-api-key"),
            Check::StsExchange => DOCTOR.t("doctor.title-sts-exchange"),
            Check::CallerIdentity => DOCTOR.t("doctor.title-caller-identity"),
            Check::Cors => DOCTOR.t("doctor.title-cors"),
            Check::ExposedHeaders => DOCTOR.t("doctor.title-exposed-headers"),
            Check::ListOwnFolder => DOCTOR.t("doctor.title-list-own-folder"),
            Check::WriteAndDelete => DOCTOR.t("doctor.title-write-and-delete"),
            Check::Versioning => DOCTOR.t("doctor.title-versioning"),
            Check::Isolation => DOCTOR.t("doctor.title-isolation"),
            Check::Team => DOCTOR.t("doctor.title-team"),
            Check::Lock => DOCTOR.t("doctor.title-lock"),
            Check::Clock => DOCTOR.t("doctor.title-clock"),
        }
    }

    /// A stable name, for `data-testid` and the copied report.
    pub fn id(self) -> &'static str {
        match self {
            Check::Configuration => "configuration",
            Check::SecurityHeaders => "security-headers",
            Check::FirebaseApiKey => "firebase-api-key",
            Check::StsExchange => "sts-exchange",
            Check::CallerIdentity => "caller-identity",
            Check::Cors => "cors",
            Check::ExposedHeaders => "exposed-headers",
            Check::ListOwnFolder => "list-own-folder",
            Check::WriteAndDelete => "write-and-delete",
            Check::Versioning => "versioning",
            Check::Isolation => "isolation",
            Check::Team => "team",
            Check::Lock => "lock",
            Check::Clock => "clock",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    /// Works, but something deserves attention.
    Warn,
    Fail,
    /// Could not run: an earlier check it depends on failed.
    Skipped,
}

impl Status {
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Pass => "✔",
            Status::Warn => "!",
            Status::Fail => "✖",
            Status::Skipped => "–",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warning",
            Status::Fail => "fail",
            Status::Skipped => "skipped",
        }
    }
}

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    pub status: Status,
    /// What was found, in a sentence or two.
    pub detail: String,
    /// What to do about it: steps, commands, a document to apply.
    pub fix: Option<String>,
}

impl Finding {
    pub fn pass(check: Check, detail: impl Into<String>) -> Self {
        Self::new(check, Status::Pass, detail, None)
    }

    pub fn warn(check: Check, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(check, Status::Warn, detail, Some(fix.into()))
    }

    pub fn fail(check: Check, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(check, Status::Fail, detail, Some(fix.into()))
    }

    pub fn skipped(check: Check, reason: impl Into<String>) -> Self {
        Self::new(check, Status::Skipped, reason, None)
    }

    fn new(check: Check, status: Status, detail: impl Into<String>, fix: Option<String>) -> Self {
        Finding {
            check,
            status,
            detail: detail.into(),
            fix,
        }
    }
}

/// The names the fixes use: the deployment as config.json and the signed-in user describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub project: String,
    pub account: String,
    pub role_name: String,
    pub role_arn: String,
    pub bucket: String,
    /// The origin this page is served from (what the bucket's CORS must allow).
    pub origin: String,
    pub uid: String,
    /// What the user's invitation says (team, read-only).
    pub membership: Membership,
    /// config.json's `firebase.inviteOnly`: whether new accounts must get nothing.
    pub invite_only: bool,
}

impl Deployment {
    pub fn new(config: &AppConfig, origin: &str, uid: &str, membership: Membership) -> Self {
        let role_arn = config.aws.role_arn.clone();
        Deployment {
            project: config.firebase.project_id.clone(),
            account: role_arn.split(':').nth(4).unwrap_or_default().to_string(),
            role_name: role_arn.rsplit('/').next().unwrap_or_default().to_string(),
            role_arn,
            bucket: config.aws.bucket.clone(),
            origin: origin.to_string(),
            uid: uid.to_string(),
            membership,
            invite_only: config.firebase.invite_only,
        }
    }

    /// Another team's folder: listing it must be refused.
    pub fn foreign_team_prefix(&self) -> String {
        "teams/firebridge-doctor-another-team/".to_string()
    }

    /// The address the lock check signs up with: new each run, never a real mailbox.
    pub fn probe_email(&self, nonce: u64) -> String {
        format!("doctor-probe-{nonce:x}@firebridge.invalid")
    }

    fn provider(&self) -> String {
        setup::provider(&self.project)
    }

    fn provider_arn(&self) -> String {
        setup::provider_arn(&self.account, &self.project)
    }

    fn uid_variable(&self) -> String {
        setup::uid_variable(&self.project)
    }

    /// The user's folder, `users/<uid>/`.
    pub fn own_prefix(&self) -> String {
        crate::aws::s3::user_prefix(&self.uid)
    }

    /// A folder that is not the user's: reading it must be refused.
    pub fn foreign_prefix(&self) -> String {
        "users/firebridge-doctor-someone-else/".to_string()
    }

    /// The object the write check creates, then deletes.
    pub fn probe_key(&self) -> String {
        format!("{}{PROBE_NAME}", self.own_prefix())
    }

    /// How to apply the assistant's permissions policy (the fix of every permission failure).
    pub(crate) fn apply_permissions_policy(&self) -> String {
        DOCTOR.tf(
            "doctor.apply-permissions",
            &[("command", &self.put_permissions_policy())],
        )
    }

    /// `what` the permissions policy must say, then how to apply it.
    pub(crate) fn with_permissions_policy(&self, what: String) -> String {
        format!("{what} {}", self.apply_permissions_policy())
    }

    /// The command that applies the assistant's permissions policy.
    pub(crate) fn put_permissions_policy(&self) -> String {
        format!(
            "aws iam put-role-policy --role-name {} --policy-name firebridge-files --policy-document file://permissions-policy.json",
            self.role_name
        )
    }

    /// The command that applies the assistant's trust policy.
    pub(crate) fn update_trust_policy(&self) -> String {
        format!(
            "aws iam update-assume-role-policy --role-name {} --policy-document file://trust-policy.json",
            self.role_name
        )
    }

    /// The command that applies the assistant's CORS rules to the bucket.
    pub(crate) fn put_bucket_cors(&self) -> String {
        format!(
            "aws s3api put-bucket-cors --bucket {} --cors-configuration file://bucket-cors.json",
            self.bucket
        )
    }
}

/// The findings as plain text, one line each with its fix indented below: what a user pastes
/// into an issue or a chat.
pub fn report_text(title: &str, findings: &[Finding]) -> String {
    let mut text = format!("{title}\n");
    // The fix's further lines line up under its first, after the message's lead ("Fix: ").
    let fix_message = DOCTOR.t("doctor.report-fix");
    let lead = fix_message.split("{fix}").next().unwrap_or_default();
    let indent = " ".repeat(lead.chars().count());
    for finding in findings {
        let line = DOCTOR.tf(
            "doctor.report-line",
            &[
                ("mark", finding.status.symbol()),
                ("title", &finding.check.title()),
                ("detail", &finding.detail),
            ],
        );
        let _ = writeln!(text, "{line}");
        if let Some(fix) = &finding.fix {
            for (n, line) in fix.lines().enumerate() {
                let line = if n == 0 {
                    i18n::fill(&fix_message, &[("fix", line)])
                } else {
                    format!("{indent}{line}")
                };
                let _ = writeln!(text, "    {line}");
            }
        }
    }
    text
}

/// A count of each status, as the page's summary says it.
pub fn summary(findings: &[Finding]) -> String {
    let count = |status| findings.iter().filter(|f| f.status == status).count();
    let (failed, warned) = (count(Status::Fail), count(Status::Warn));
    let skipped = count(Status::Skipped);
    let total = findings.len() as u64;
    match (failed as u64, warned as u64) {
        (0, 0) if skipped > 0 => {
            let ran = i18n::number(total - skipped as u64);
            DOCTOR.plural(
                "doctor.summary-passed-skipped",
                skipped as u64,
                &[("ran", &ran)],
            )
        }
        (0, 0) => DOCTOR.plural("doctor.summary-passed", total, &[]),
        (0, w) => DOCTOR.plural("doctor.summary-warnings", w, &[]),
        (f, _) => DOCTOR.plural(
            "doctor.summary-failed",
            f,
            &[("total", &i18n::number(total))],
        ),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn deployment() -> Deployment {
        let membership = Membership {
            member: true,
            team: None,
            read_only: false,
        };
        Deployment::new(
            &AppConfig::local(),
            "http://127.0.0.1:4173",
            "uid-a",
            membership,
        )
    }

    // The fixes name the account and role: both come from the role ARN in config.json.
    #[test]
    fn the_deployment_is_read_from_the_config() {
        let d = deployment();
        assert_eq!(
            (d.account.as_str(), d.role_name.as_str()),
            ("123456789012", "firebridge-web")
        );
        assert_eq!(
            d.provider_arn(),
            "arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/demo-firebridge"
        );
        assert_eq!(d.probe_key(), "users/uid-a/.firebridge-doctor-probe");
        assert!(!d.foreign_prefix().starts_with(&d.own_prefix()));
    }

    // The copied report keeps every line and indents multi-line fixes under their check.
    #[test]
    fn the_report_is_one_line_per_check_with_fixes_below() {
        let findings = [
            Finding::pass(Check::Configuration, "fine"),
            Finding::fail(Check::Cors, "blocked", "step one\nstep two"),
        ];
        assert_eq!(
            report_text("Doctor", &findings),
            "Doctor\n✔ Configuration (config.json): fine\n✖ The bucket's CORS lets this page call S3: blocked\n    Fix: step one\n         step two\n"
        );
        assert_eq!(
            summary(&findings),
            "1 of 2 checks failed: its fix is below."
        );
        assert_eq!(summary(&findings[..1]), "1 check passed.");
        assert_eq!(
            summary(&[findings[1].clone(), findings[1].clone()]),
            "2 of 2 checks failed: the first one is where to start."
        );
        let with_skipped = [
            findings[0].clone(),
            Finding::skipped(Check::Team, "no team"),
        ];
        assert_eq!(
            summary(&with_skipped),
            "All 1 checks that could run passed; 1 did not apply."
        );
    }

    // Every check has its own id (tests and the report find them by it).
    #[test]
    fn check_ids_are_unique() {
        let ids: std::collections::HashSet<_> = Check::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(ids.len(), Check::ALL.len());
    }
}
