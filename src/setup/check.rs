//! The assistant's answers, checked before any document is generated: each problem names the
//! field and what it should look like (the same rules config.json is held to).

use super::Answers;
use crate::address;
use crate::config;

/// A field the user must change, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub expected: &'static str,
}

fn problem(ok: bool, field: &'static str, expected: &'static str) -> Option<Problem> {
    (!ok).then_some(Problem { field, expected })
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.chars().all(|c| c.is_ascii_digit())
}

/// IAM's rule for role names: up to 64 of letters, digits and `+=,.@_-`.
fn is_role_name(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
}

/// An origin is a scheme and a host (and a port), nothing after.
fn is_origin(value: &str) -> bool {
    address::http_host(value).is_some()
        && address::split(value).is_some_and(|parts| {
            parts.path.is_empty() && parts.query.is_none() && parts.fragment.is_none()
        })
}

fn is_uid(value: &str) -> bool {
    (1..=128).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Every problem with `answers`, in the order of the form; none means the documents can be made.
pub fn check(answers: &Answers) -> Vec<Problem> {
    let shared_ok = answers
        .shared_prefix
        .as_ref()
        .is_none_or(|prefix| config::shared_prefix(prefix.clone()).is_ok());
    [
        problem(config::is_project_id(&answers.project_id), "projectId", config::PROJECT_SHAPE),
        problem(config::is_api_key(&answers.api_key), "apiKey", config::API_KEY_SHAPE),
        problem(is_account_id(&answers.account_id), "accountId", "must be the 12-digit AWS account id"),
        problem(config::is_region(&answers.region), "region", config::REGION_SHAPE),
        problem(config::is_bucket_name(&answers.bucket), "bucket", config::BUCKET_SHAPE),
        problem(is_role_name(&answers.role_name), "roleName", "must be an IAM role name: up to 64 letters, digits or +=,.@_-"),
        problem(
            !answers.origins.is_empty() && answers.origins.iter().all(|o| is_origin(o)),
            "origins",
            "must list the app's origins, one per line, such as https://files.example.com or http://localhost:8080 (no path)",
        ),
        problem(
            (900..=43200).contains(&answers.session_duration_secs),
            "sessionDuration",
            "must be between 900 and 43200 seconds",
        ),
        problem(shared_ok, "sharedPrefix", "must be a folder such as public/ (ending in /, outside users/), or empty"),
        problem(
            answers.allowed_uids.iter().all(|uid| is_uid(uid)),
            "allowedUids",
            "must list Firebase uids (letters and digits), one per line, or be empty",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::tests::real_answers;

    // Good answers generate; each bad one is named so the form can show it beside its field.
    #[test]
    fn each_bad_answer_is_named() {
        assert_eq!(check(&real_answers()), []);
        type Spoil = fn(&mut Answers);
        let cases: [(&str, Spoil); 9] = [
            ("projectId", |a| a.project_id = "My Project".into()),
            ("apiKey", |a| a.api_key = "short".into()),
            ("accountId", |a| a.account_id = "1234".into()),
            ("region", |a| a.region = "Ireland".into()),
            ("bucket", |a| a.bucket = "My_Bucket".into()),
            ("roleName", |a| a.role_name = "role with spaces".into()),
            ("origins", |a| {
                a.origins = vec!["https://files.example.com/app/".into()]
            }),
            ("sessionDuration", |a| a.session_duration_secs = 60),
            ("sharedPrefix", |a| a.shared_prefix = Some("users/".into())),
        ];
        for (field, spoil) in cases {
            let mut answers = real_answers();
            spoil(&mut answers);
            let fields: Vec<&str> = check(&answers).iter().map(|p| p.field).collect();
            assert_eq!(fields, [field]);
        }
        let mut answers = real_answers();
        answers.origins.clear();
        answers.allowed_uids = vec!["not a uid".into()];
        let fields: Vec<&str> = check(&answers).iter().map(|p| p.field).collect();
        assert_eq!(fields, ["origins", "allowedUids"]);
    }
}
