//! The role: who may assume it (trust policy), what it allows (permissions policy), and its
//! settings.

use super::Answers;
use crate::auth::membership;
use serde_json::{json, Value};

/// Tokens of this Firebase project only (the audience is checked), only the listed users when
/// `allowed_uids` names some, and, invite-only, only tokens carrying the invitation tag: STS
/// itself then refuses a self-created account's token. Tokens may pass the invitation's tags and
/// no others (`sts:TagSession`, `aws:TagKeys`).
pub fn trust_policy(answers: &Answers) -> Value {
    let provider = answers.provider();
    let mut conditions = json!({
        "StringEquals": { format!("{provider}:aud"): answers.project_id },
        "ForAllValues:StringEquals": { "aws:TagKeys": membership::TAG_KEYS }
    });
    if !answers.allowed_uids.is_empty() {
        conditions["StringEquals"][format!("{provider}:sub")] = json!(answers.allowed_uids);
    }
    if answers.invite_only {
        conditions["StringEquals"][format!("aws:RequestTag/{}", membership::MEMBER_TAG)] =
            json!(membership::MEMBER);
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": if answers.invite_only { "InvitedUsersOfTheProject" } else { "UsersOfTheProject" },
            "Effect": "Allow",
            "Principal": { "Federated": answers.provider_arn() },
            "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
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

/// What a session may write: everything that changes an object.
const WRITES: [&str; 4] = [
    "s3:PutObject",
    "s3:PutObjectTagging",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
];

/// Each user reaches only `users/<their uid>/` (the uid comes from the policy variable, filled
/// in by AWS per request), a team's members `teams/<team>/` (from the `team` session tag), plus
/// read-only access to the shared area and the IAM demo if asked. Invite-only, a session without
/// the invitation tag gets nothing (an explicit Deny outweighs every Allow); a session tagged
/// read-only writes nothing.
pub fn permissions_policy(answers: &Answers) -> Value {
    let bucket = format!("arn:aws:s3:::{}", answers.bucket);
    let own = format!("users/{}/", answers.uid_variable());
    let team = format!("teams/${{aws:PrincipalTag/{}}}/", membership::TEAM_TAG);
    let mut listable = vec![format!("{own}*"), format!("{team}*")];
    listable.extend(
        answers
            .shared_prefix
            .iter()
            .map(|prefix| format!("{prefix}*")),
    );
    let versioned = vec![format!("{own}*"), format!("{team}*")];
    let read_write = json!([
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetObjectTagging",
        "s3:PutObject",
        "s3:PutObjectTagging",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts"
    ]);
    let mut statements = Vec::new();
    if answers.invite_only {
        statements.push(json!({
            "Sid": "NothingWithoutAnInvitation",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": { "StringNotEquals": {
                format!("aws:PrincipalTag/{}", membership::MEMBER_TAG): membership::MEMBER
            } }
        }));
    }
    statements.extend([
        json!({
            "Sid": "ReadOnlyAccountsWriteNothing",
            "Effect": "Deny",
            "Action": WRITES,
            "Resource": "*",
            "Condition": { "StringEquals": {
                format!("aws:PrincipalTag/{}", membership::ACCESS_TAG): membership::READ_ONLY
            } }
        }),
        json!({
            "Sid": "ListOwnTeamAndSharedFolders",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": bucket,
            "Condition": { "StringLike": { "s3:prefix": listable } }
        }),
        json!({
            // Versions, Recently deleted and Undo (old versions are read with
            // s3:GetObjectVersion; nobody may delete a version for good).
            "Sid": "ListVersionsInOwnAndTeamFolders",
            "Effect": "Allow",
            "Action": "s3:ListBucketVersions",
            "Resource": bucket,
            "Condition": { "StringLike": { "s3:prefix": versioned } }
        }),
        json!({
            // The doctor and the files page tell whether a delete can be undone.
            "Sid": "SeeWhetherVersioningIsOn",
            "Effect": "Allow",
            "Action": "s3:GetBucketVersioning",
            "Resource": bucket
        }),
        json!({
            "Sid": "ReadWriteOwnFolder",
            "Effect": "Allow",
            "Action": read_write,
            "Resource": format!("{bucket}/{own}*")
        }),
        json!({
            "Sid": "ReadWriteTeamFolder",
            "Effect": "Allow",
            "Action": read_write,
            "Resource": format!("{bucket}/{team}*")
        }),
    ]);
    if let Some(prefix) = &answers.shared_prefix {
        statements.push(json!({
            "Sid": "ReadSharedArea",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:GetObjectTagging"],
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
        let own = statement(&policy, "ReadWriteOwnFolder");
        assert_eq!(
            own["Resource"],
            "arn:aws:s3:::my-files/users/${securetoken.google.com/my-app-1234:sub}/*"
        );
        assert!(!text.contains("iam:ListRoles"));
    }

    fn statement<'a>(policy: &'a Value, sid: &str) -> &'a Value {
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == sid)
            .unwrap_or_else(|| panic!("no statement {sid} in {policy}"))
    }

    // Invite-only is AWS's to enforce: STS refuses a token without the invitation tag, and a
    // session without it (should the trust policy ever allow one) is denied everything.
    #[test]
    fn invite_only_is_enforced_by_sts_and_by_the_permissions() {
        let answers = answers();
        assert!(answers.invite_only);
        let trust = trust_policy(&answers);
        let allow = &trust["Statement"][0];
        assert_eq!(
            allow["Action"],
            json!(["sts:AssumeRoleWithWebIdentity", "sts:TagSession"])
        );
        assert_eq!(
            allow["Condition"]["StringEquals"]["aws:RequestTag/firebridge"],
            "member"
        );
        assert_eq!(
            allow["Condition"]["ForAllValues:StringEquals"]["aws:TagKeys"],
            json!(["firebridge", "team", "access"])
        );
        let permissions = permissions_policy(&answers);
        let deny = statement(&permissions, "NothingWithoutAnInvitation");
        assert_eq!(
            (&deny["Effect"], &deny["Action"], &deny["Resource"]),
            (&json!("Deny"), &json!("*"), &json!("*"))
        );
        assert_eq!(
            deny["Condition"]["StringNotEquals"]["aws:PrincipalTag/firebridge"],
            "member"
        );
    }

    // Open sign-up is a choice: then anyone who signs in gets a folder, and the documents
    // carry no invitation condition.
    #[test]
    fn open_sign_up_drops_the_invitation_conditions() {
        let mut answers = answers();
        answers.invite_only = false;
        let trust = trust_policy(&answers).to_string();
        assert!(!trust.contains("aws:RequestTag/firebridge"), "{trust}");
        assert!(trust.contains("sts:TagSession"), "teams still work");
        let permissions = permissions_policy(&answers).to_string();
        assert!(!permissions.contains("NothingWithoutAnInvitation"));
    }

    // Teams share teams/<team>/ through the session tag; read-only sessions write nothing.
    #[test]
    fn teams_share_a_folder_and_read_only_writes_nothing() {
        let policy = permissions_policy(&answers());
        let team = statement(&policy, "ReadWriteTeamFolder");
        assert_eq!(
            team["Resource"],
            "arn:aws:s3:::my-files/teams/${aws:PrincipalTag/team}/*"
        );
        let listing = statement(&policy, "ListOwnTeamAndSharedFolders");
        assert_eq!(
            listing["Condition"]["StringLike"]["s3:prefix"][1],
            "teams/${aws:PrincipalTag/team}/*"
        );
        let read_only = statement(&policy, "ReadOnlyAccountsWriteNothing");
        assert_eq!(read_only["Effect"], "Deny");
        assert_eq!(
            read_only["Condition"]["StringEquals"]["aws:PrincipalTag/access"],
            "read"
        );
        assert_eq!(read_only["Action"], json!(WRITES));
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
        assert_eq!(
            shared["Action"],
            json!(["s3:GetObject", "s3:GetObjectTagging"])
        );
        assert_eq!(shared["Resource"], "arn:aws:s3:::${BUCKET}/public/*");
        let listing = statement(&policy, "ListOwnTeamAndSharedFolders");
        assert_eq!(
            listing["Condition"]["StringLike"]["s3:prefix"][2],
            "public/*"
        );
    }
}
