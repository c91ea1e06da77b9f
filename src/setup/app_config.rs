//! The app's config.json for the answers given.

use super::Answers;
use serde_json::{json, Value};

/// Both sign-in methods are offered (enable both in the Firebase console, or trim the list).
pub fn config_json(answers: &Answers) -> Value {
    let mut aws = json!({
        "region": answers.region,
        "roleArn": answers.role_arn(),
        "bucket": answers.bucket,
        "sessionDurationSeconds": answers.session_duration_secs
    });
    if let Some(prefix) = &answers.shared_prefix {
        aws["sharedPrefix"] = json!(prefix);
    }
    json!({
        "firebase": {
            "apiKey": answers.api_key,
            "projectId": answers.project_id,
            "signInMethods": ["emailLink", "password"],
            "inviteOnly": answers.invite_only
        },
        "aws": aws
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;
    use crate::setup::tests::real_answers;

    // What the assistant writes, the app accepts as it is, pointing at production endpoints.
    #[test]
    fn the_app_accepts_the_generated_config() {
        let mut answers = real_answers();
        answers.shared_prefix = Some("public/".into());
        let config = AppConfig::from_json(&config_json(&answers).to_string()).unwrap();
        assert_eq!(
            config.aws.role_arn,
            "arn:aws:iam::123456789012:role/firebridge-web"
        );
        assert_eq!(
            config.aws.sts_endpoint,
            "https://sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(config.aws.shared_prefix.as_deref(), Some("public/"));
        assert!(config.firebase.invite_only);
        assert!(config.firebase.sign_in_methods.password);
    }
}
