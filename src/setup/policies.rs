//! The role: who may assume it (trust policy), what it allows (permissions policy), and its
//! settings.

use super::Answers;
use serde_json::{json, Value};

/// Tokens of this Firebase project only (the audience is checked), and only the listed users
/// when `allowed_uids` names some.
pub fn trust_policy(answers: &Answers) -> Value {
    let provider = answers.provider();
    let mut conditions = json!({
        "StringEquals": { format!("{provider}:aud"): answers.project_id }
    });
    if !answers.allowed_uids.is_empty() {
        conditions["StringEquals"][format!("{provider}:sub")] = json!(answers.allowed_uids);
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": answers.provider_arn() },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions
        }]
    })
}

/// The role's own settings beside its policies (what `aws iam create-role` is given). STS
/// refuses a session longer than MaxSessionDuration, so it is at least what the app asks for,
/// and at least IAM's default of an hour.
pub fn role_settings(answers: &Answers) -> Value {
    json!({
        "RoleName": answers.role_name,
        "MaxSessionDuration": answers.session_duration_secs.max(3600),
    })
}

/// Each user reaches only `users/<their uid>/` (the uid comes from the policy variable, filled
/// in by AWS per request), plus read-only access to the shared area and the IAM demo if asked.
pub fn permissions_policy(answers: &Answers) -> Value {
    let bucket = format!("arn:aws:s3:::{}", answers.bucket);
    let own = format!("users/{}/", answers.uid_variable());
    let mut listable = vec![format!("{own}*")];
    listable.extend(
        answers
            .shared_prefix
            .iter()
            .map(|prefix| format!("{prefix}*")),
    );
    let mut statements = vec![
        json!({
            "Sid": "ListOwnFolderAndSharedArea",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": bucket,
            "Condition": { "StringLike": { "s3:prefix": listable } }
        }),
        json!({
            "Sid": "ReadWriteOwnFolder",
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts"
            ],
            "Resource": format!("{bucket}/{own}*")
        }),
    ];
    if let Some(prefix) = &answers.shared_prefix {
        statements.push(json!({
            "Sid": "ReadSharedArea",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": format!("{bucket}/{prefix}*")
        }));
    }
    if answers.iam_demo {
        statements.push(json!({
            "Sid": "IamListRolesDemo",
            "Effect": "Allow",
            "Action": "iam:ListRoles",
            "Resource": "*"
        }));
    }
    json!({ "Version": "2012-10-17", "Statement": statements })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::tests::{dev_answers, real_answers};

    fn answers() -> Answers {
        real_answers()
    }

    // STS compares the token's aud with the condition: the wrong key would let any project in.
    #[test]
    fn trust_checks_the_audience_and_names_the_provider() {
        let policy = trust_policy(&answers());
        let statement = &policy["Statement"][0];
        assert_eq!(
            statement["Principal"]["Federated"],
            "arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/my-app-1234"
        );
        assert_eq!(
            statement["Condition"]["StringEquals"]["securetoken.google.com/my-app-1234:aud"],
            "my-app-1234"
        );
        assert!(statement["Condition"]["StringEquals"]
            .get("securetoken.google.com/my-app-1234:sub")
            .is_none());
    }

    // An allow-list narrows the role to named users.
    #[test]
    fn trust_can_name_the_only_users_allowed() {
        let mut answers = answers();
        answers.allowed_uids = vec!["uid-a".into(), "uid-b".into()];
        let policy = trust_policy(&answers);
        assert_eq!(
            policy["Statement"][0]["Condition"]["StringEquals"]
                ["securetoken.google.com/my-app-1234:sub"],
            json!(["uid-a", "uid-b"])
        );
    }

    // The isolation between users rests on the policy variable: a literal uid, or none, would
    // open every folder to every user.
    #[test]
    fn permissions_confine_each_user_to_their_own_prefix() {
        let policy = permissions_policy(&answers());
        let text = policy.to_string();
        assert!(text.contains("users/${securetoken.google.com/my-app-1234:sub}/*"));
        assert_eq!(policy["Statement"].as_array().unwrap().len(), 2);
        assert_eq!(
            policy["Statement"][1]["Resource"],
            "arn:aws:s3:::my-files/users/${securetoken.google.com/my-app-1234:sub}/*"
        );
        assert!(!text.contains("iam:ListRoles"));
    }

    // The shared area is listable and readable, never writable.
    #[test]
    fn the_shared_area_is_read_only() {
        let policy = permissions_policy(&dev_answers());
        let statements = policy["Statement"].as_array().unwrap();
        let shared = statements
            .iter()
            .find(|s| s["Sid"] == "ReadSharedArea")
            .unwrap();
        assert_eq!(shared["Action"], "s3:GetObject");
        assert_eq!(shared["Resource"], "arn:aws:s3:::${BUCKET}/public/*");
        assert_eq!(
            statements[0]["Condition"]["StringLike"]["s3:prefix"][1],
            "public/*"
        );
    }
}
