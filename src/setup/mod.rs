//! The setup assistant's documents: what a user applies to AWS and Firebase, generated from a
//! few answers. Pure, so that the documents `/setup` shows are the ones the local stack applies
//! to the AWS stand-in (dev/aws/ holds them, and a test keeps it so).

mod app_config;
mod bucket;
mod check;
mod cloudformation;
pub mod cors;
mod csp;
mod policies;
mod script;

pub use app_config::config_json;
pub use bucket::{bucket_lifecycle, bucket_policy};
pub use check::{check, warnings, Problem};
pub use cloudformation::{cloudformation_template, firebase_hosting_config};
pub use cors::bucket_cors;
pub use csp::{content_security_policy, security_headers, security_headers_text, META_POLICY};
pub use policies::{permissions_policy, role_settings, trust_policy};
pub use script::{aws_cli_script, firebase_steps};

/// What the assistant asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// The Firebase project id: the OpenID Connect provider is `securetoken.google.com/<id>`.
    pub project_id: String,
    /// The project's web API key (public by design).
    pub api_key: String,
    /// The 12-digit AWS account id.
    pub account_id: String,
    pub region: String,
    pub bucket: String,
    pub role_name: String,
    pub session_duration_secs: u32,
    pub invite_only: bool,
    /// The app's origins (`https://files.example.com`, `http://localhost:8080`, an ngrok
    /// domain): the bucket's CORS rules allow them.
    pub origins: Vec<String>,
    /// A read-only area every user may list and read, such as `public/`.
    pub shared_prefix: Option<String>,
    /// Only these Firebase uids may assume the role (empty: every user of the project).
    pub allowed_uids: Vec<String>,
    /// Grant `iam:ListRoles` for the IAM demo.
    pub iam_demo: bool,
}

/// The IAM identity provider of a Firebase project: its host and path, also the prefix of its
/// condition keys. (The assistant writes documents with it; the doctor names it in fixes.)
pub fn provider(project_id: &str) -> String {
    format!("securetoken.google.com/{project_id}")
}

pub fn provider_arn(account_id: &str, project_id: &str) -> String {
    format!(
        "arn:aws:iam::{account_id}:oidc-provider/{}",
        provider(project_id)
    )
}

/// The IAM policy variable AWS replaces with the signed-in user's Firebase uid.
pub fn uid_variable(project_id: &str) -> String {
    format!("${{{}:sub}}", provider(project_id))
}

impl Answers {
    pub fn provider(&self) -> String {
        provider(&self.project_id)
    }

    pub fn provider_arn(&self) -> String {
        provider_arn(&self.account_id, &self.project_id)
    }

    pub fn role_arn(&self) -> String {
        format!("arn:aws:iam::{}:role/{}", self.account_id, self.role_name)
    }

    pub fn uid_variable(&self) -> String {
        uid_variable(&self.project_id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The answers dev/aws/ is generated from: placeholders dev/standin/seed.py fills in.
    pub fn dev_answers() -> Answers {
        Answers {
            project_id: "${PROJECT_ID}".into(),
            api_key: "fake-api-key".into(),
            account_id: "${ACCOUNT_ID}".into(),
            region: "us-east-1".into(),
            bucket: "${BUCKET}".into(),
            role_name: "firebridge-web".into(),
            session_duration_secs: 3600,
            invite_only: true,
            origins: vec!["${ORIGINS}".into()],
            shared_prefix: Some("public/".into()),
            allowed_uids: Vec::new(),
            iam_demo: true,
        }
    }

    /// Answers a user with a real project would give.
    pub fn real_answers() -> Answers {
        Answers {
            project_id: "my-app-1234".into(),
            api_key: "AIzaSyD-example-key_0123456789".into(),
            account_id: "123456789012".into(),
            region: "eu-west-1".into(),
            bucket: "my-files".into(),
            role_name: "firebridge-web".into(),
            session_duration_secs: 3600,
            invite_only: true,
            origins: vec![
                "https://files.example.com".into(),
                "http://localhost:8080".into(),
            ],
            shared_prefix: None,
            allowed_uids: Vec::new(),
            iam_demo: false,
        }
    }

    fn dev_document(name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(format!("dev/aws/{name}")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// dev/aws/ as the generator writes it, file by file.
    fn dev_documents() -> [(&'static str, serde_json::Value); 6] {
        let answers = dev_answers();
        [
            ("trust-policy.json", trust_policy(&answers)),
            ("permissions-policy.json", permissions_policy(&answers)),
            ("role.json", role_settings(&answers)),
            ("bucket-cors.json", bucket_cors(&answers)),
            ("bucket-lifecycle.json", bucket_lifecycle(&answers)),
            ("bucket-policy.json", bucket_policy(&answers)),
        ]
    }

    // Not a test: `cargo test --lib -- --ignored write_dev_documents` rewrites dev/aws/ from the
    // generator after a change to it (then review the diff).
    #[test]
    #[ignore]
    fn write_dev_documents() {
        for (name, document) in dev_documents() {
            let text = serde_json::to_string_pretty(&document).unwrap() + "\n";
            std::fs::write(format!("dev/aws/{name}"), text).unwrap();
        }
    }

    // The local stack applies dev/aws/ to the stand-in, so every e2e test runs on exactly what
    // the assistant generates. If this fails, write the generated documents there.
    #[test]
    fn the_local_stack_applies_the_generated_documents() {
        for (name, document) in dev_documents() {
            assert_eq!(dev_document(name), document, "dev/aws/{name}");
        }
    }
}
