//! The steps outside the app: one AWS CLI script that creates everything in order, and the
//! Firebase console steps (the console has no API a browser-only assistant could call).

use super::{
    bucket_cors, bucket_lifecycle, bucket_policy, permissions_policy, role_settings, trust_policy,
    Answers,
};
use crate::address;
use crate::i18n::SETUP;
use serde_json::Value;

fn heredoc(file: &str, document: &Value) -> String {
    let text = serde_json::to_string_pretty(document).unwrap_or_default();
    format!("cat > {file} <<'JSON'\n{text}\nJSON\n")
}

/// A bash script with every AWS CLI call in order, the documents written beside it first.
pub fn aws_cli_script(answers: &Answers) -> String {
    let (project, role, bucket, region) = (
        &answers.project_id,
        &answers.role_name,
        &answers.bucket,
        &answers.region,
    );
    let location = if region == "us-east-1" {
        String::new()
    } else {
        format!(" --create-bucket-configuration LocationConstraint={region}")
    };
    format!(
        r#"#!/usr/bin/env bash
# Firebridge on AWS for the Firebase project {project}: the identity provider, the role and the
# bucket. Written by Firebridge's setup assistant. Run it once with the AWS CLI v2, signed in to
# account {account} as an administrator; it creates only what is named here.
set -euo pipefail
cd "$(mktemp -d)"

{trust}
{permissions}
{cors}
{lifecycle}
{bucket_policy}
# 1. Firebase as an OpenID Connect identity provider (AWS checks Google's certificate against
#    its own trusted root CAs, so no thumbprint is needed).
aws iam create-open-id-connect-provider --url https://{provider} --client-id-list {project}

# 2. The role users assume, and what it allows.
aws iam create-role --role-name {role} --max-session-duration {max} \
  --assume-role-policy-document file://trust-policy.json
aws iam put-role-policy --role-name {role} --policy-name firebridge-files \
  --policy-document file://permissions-policy.json

# 3. The bucket (private: S3 blocks public access by default), versioned (a deleted or replaced
#    file can be brought back), its CORS rules, lifecycle rules aborting multipart uploads left
#    unfinished for a week and expiring old versions after {keep} days, and a policy refusing
#    plain HTTP.
aws s3api create-bucket --bucket {bucket} --region {region}{location}
aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled
aws s3api put-bucket-cors --bucket {bucket} --cors-configuration file://bucket-cors.json
aws s3api put-bucket-lifecycle-configuration --bucket {bucket} --lifecycle-configuration file://bucket-lifecycle.json
aws s3api put-bucket-policy --bucket {bucket} --policy file://bucket-policy.json

echo "Done. config.json: aws.roleArn = {role_arn}"
"#,
        account = answers.account_id,
        provider = answers.provider(),
        max = role_settings(answers)["MaxSessionDuration"],
        keep = super::bucket::KEEP_VERSIONS_DAYS,
        role_arn = answers.role_arn(),
        trust = heredoc("trust-policy.json", &trust_policy(answers)),
        permissions = heredoc("permissions-policy.json", &permissions_policy(answers)),
        cors = heredoc("bucket-cors.json", &bucket_cors(answers)),
        lifecycle = heredoc("bucket-lifecycle.json", &bucket_lifecycle(answers)),
        bucket_policy = heredoc("bucket-policy.json", &bucket_policy(answers)),
    )
}

/// What to click in the Firebase console, in order, in the language shown.
pub fn firebase_steps(answers: &Answers) -> Vec<String> {
    let domains: Vec<String> = answers
        .origins
        .iter()
        .filter_map(|origin| address::http_host(origin))
        .collect();
    let domains = domains.join(", ");
    let mut steps = vec![
        SETUP.tf(
            "setup.step-open-console",
            &[("project", &answers.project_id)],
        ),
        SETUP.t("setup.step-sign-in-methods"),
        SETUP.tf("setup.step-authorized-domains", &[("domains", &domains)]),
    ];
    if answers.invite_only {
        steps.push(SETUP.t("setup.step-invite"));
        steps.push(SETUP.t("setup.step-disable-sign-up"));
    } else {
        steps.push(SETUP.t("setup.step-open-sign-up"));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::tests::real_answers;

    /// The document the script writes to `file`, read back.
    fn written(script: &str, file: &str) -> Value {
        let start = script.find(&format!("cat > {file} <<'JSON'\n")).unwrap();
        let body = &script[start..];
        let body = &body[body.find('\n').unwrap() + 1..];
        serde_json::from_str(&body[..body.find("\nJSON\n").unwrap()]).unwrap()
    }

    // The script carries the very documents the assistant shows, and calls the CLI in an order
    // that works: the provider before the role that trusts it, the bucket before its CORS.
    #[test]
    fn the_script_writes_the_documents_then_creates_in_order() {
        let answers = real_answers();
        let script = aws_cli_script(&answers);
        assert_eq!(
            written(&script, "trust-policy.json"),
            trust_policy(&answers)
        );
        assert_eq!(
            written(&script, "permissions-policy.json"),
            permissions_policy(&answers)
        );
        assert_eq!(written(&script, "bucket-cors.json"), bucket_cors(&answers));
        assert_eq!(
            written(&script, "bucket-lifecycle.json"),
            bucket_lifecycle(&answers)
        );
        assert_eq!(
            written(&script, "bucket-policy.json"),
            bucket_policy(&answers)
        );
        let order = [
            "create-open-id-connect-provider --url https://securetoken.google.com/my-app-1234 --client-id-list my-app-1234",
            "create-role --role-name firebridge-web --max-session-duration 3600",
            "put-role-policy --role-name firebridge-web",
            "create-bucket --bucket my-files --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1",
            "put-bucket-versioning --bucket my-files --versioning-configuration Status=Enabled",
            "put-bucket-cors --bucket my-files",
            "put-bucket-lifecycle-configuration --bucket my-files",
            "put-bucket-policy --bucket my-files",
        ];
        let positions: Vec<usize> = order.iter().map(|c| script.find(c).expect(c)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
        assert!(script.starts_with("#!/usr/bin/env bash\n"));
        assert!(script.contains("set -euo pipefail"));
    }

    // us-east-1 refuses a LocationConstraint; a longer session needs a longer role maximum.
    #[test]
    fn region_and_session_details() {
        let mut answers = real_answers();
        answers.region = "us-east-1".into();
        answers.session_duration_secs = 43200;
        let script = aws_cli_script(&answers);
        assert!(!script.contains("LocationConstraint"));
        assert!(script.contains("--max-session-duration 43200"));
    }

    // Sign-in links only come back to authorized domains: every origin's host is listed.
    #[test]
    fn firebase_steps_authorize_every_origin() {
        let steps = firebase_steps(&real_answers());
        assert!(steps[2].contains("files.example.com, localhost"));
        assert!(steps.iter().any(|s| s.contains("dev/invite.mjs")));
    }
}
