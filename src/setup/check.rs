//! The assistant's answers, checked before any document is generated: each problem names the
//! field and what it should look like (the same rules config.json is held to).

use super::Answers;
use crate::address;
use crate::config;
use crate::i18n::{APP, SETUP};
use std::fmt;

/// A field the user must change, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    /// The key of the message saying what the field must be: config.json's own rule
    /// (`app.config-…`) where the assistant holds the field to it, the assistant's (`setup.…`)
    /// otherwise.
    pub expected: &'static str,
}

impl Problem {
    /// What the field must be, in the language shown ("must be an S3 bucket name: …").
    pub fn expected_text(&self) -> String {
        let catalogue = if self.expected.starts_with("app.") {
            &APP
        } else {
            &SETUP
        };
        catalogue.t(self.expected)
    }
}

/// The whole sentence: "bucket must be an S3 bucket name: …".
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = self.expected_text();
        let values = [("field", self.field), ("expected", expected.as_str())];
        f.write_str(&SETUP.tf("setup.problem", &values))
    }
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
        problem(
            config::is_project_id(&answers.project_id),
            "projectId",
            config::PROJECT_SHAPE,
        ),
        problem(
            config::is_api_key(&answers.api_key),
            "apiKey",
            config::API_KEY_SHAPE,
        ),
        problem(
            is_account_id(&answers.account_id),
            "accountId",
            "setup.account-id-shape",
        ),
        problem(
            config::is_region(&answers.region),
            "region",
            config::REGION_SHAPE,
        ),
        problem(
            config::is_bucket_name(&answers.bucket),
            "bucket",
            config::BUCKET_SHAPE,
        ),
        problem(
            is_role_name(&answers.role_name),
            "roleName",
            "setup.role-name-shape",
        ),
        problem(
            !answers.origins.is_empty() && answers.origins.iter().all(|o| is_origin(o)),
            "origins",
            "setup.origins-shape",
        ),
        problem(
            (900..=43200).contains(&answers.session_duration_secs),
            "sessionDuration",
            "setup.session-duration-shape",
        ),
        problem(shared_ok, "sharedPrefix", "setup.shared-prefix-shape"),
        problem(
            answers.allowed_uids.iter().all(|uid| is_uid(uid)),
            "allowedUids",
            "setup.allowed-uids-shape",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What is allowed but deserves a second look before it goes to production, in sentences.
pub fn warnings(answers: &Answers) -> Vec<String> {
    let mut found = Vec::new();
    let development: Vec<&str> = answers
        .origins
        .iter()
        .map(String::as_str)
        .filter(|origin| is_development_origin(origin))
        .collect();
    if !development.is_empty() {
        let origins = development.join(", ");
        found.push(SETUP.plural(
            "setup.warning-development-origins",
            development.len() as u64,
            &[("origins", &origins)],
        ));
    }
    if answers.iam_demo {
        found.push(SETUP.t("setup.warning-iam-demo"));
    }
    if !answers.invite_only {
        found.push(SETUP.t("setup.warning-open-sign-up"));
    }
    found
}

/// localhost, a loopback address, or a tunnel service's domain.
fn is_development_origin(origin: &str) -> bool {
    let Some(host) = address::http_host(origin) else {
        return false;
    };
    let host = host.split(':').next().unwrap_or_default();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || [".ngrok-free.app", ".ngrok.app", ".ngrok.io", ".ngrok.dev"]
            .iter()
            .any(|tunnel| host.ends_with(tunnel))
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

    // Each problem reads as a sentence from the catalogue (config.json's rule where the field
    // is one of its own), never as a key.
    #[test]
    fn each_problem_says_what_the_field_must_be() {
        let mut answers = real_answers();
        answers.bucket = "My_Bucket".into();
        answers.account_id = "1234".into();
        answers.session_duration_secs = 60;
        let problems = check(&answers);
        let said: Vec<String> = problems.iter().map(Problem::to_string).collect();
        assert!(
            said[0].starts_with("accountId must be the 12-digit AWS account id"),
            "{said:?}"
        );
        assert!(
            said[1].starts_with("bucket must be an S3 bucket name"),
            "{said:?}"
        );
        assert_eq!(
            said[2],
            "sessionDuration must be between 900 and 43200 seconds"
        );
        let mut all = real_answers();
        all.project_id = "My Project".into();
        all.api_key = "short".into();
        all.account_id = String::new();
        all.region = "Ireland".into();
        all.bucket = "My_Bucket".into();
        all.role_name = "role with spaces".into();
        all.origins.clear();
        all.session_duration_secs = 60;
        all.shared_prefix = Some("users/".into());
        all.allowed_uids = vec!["not a uid".into()];
        let problems = check(&all);
        assert_eq!(problems.len(), 10);
        for problem in problems {
            let text = problem.expected_text();
            assert!(text.starts_with("must "), "{}: {text}", problem.field);
        }
    }

    // Development origins and the IAM demo are allowed, and said out loud.
    #[test]
    fn development_origins_and_the_iam_demo_are_warned_about() {
        let mut answers = real_answers();
        answers.origins = vec!["https://files.example.com".into()];
        assert_eq!(warnings(&answers), Vec::<String>::new());
        answers.origins.push("http://localhost:8080".into());
        assert!(warnings(&answers)[0]
            .starts_with("A development origin is listed (http://localhost:8080)"));
        answers.origins.push("https://abc123.ngrok-free.app".into());
        answers.iam_demo = true;
        let found = warnings(&answers);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with(
            "Development origins are listed (http://localhost:8080, https://abc123.ngrok-free.app)"
        ));
        assert!(found[0].contains("taken by someone else"));
        assert!(found[1].contains("every role"));
        answers.invite_only = false;
        assert!(warnings(&answers)
            .iter()
            .any(|w| w.starts_with("Open sign-up")));
    }
}
