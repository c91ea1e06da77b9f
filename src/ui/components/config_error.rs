use crate::services::app_config::ConfigProblem;
use leptos::prelude::*;

const EXAMPLE: &str = r#"{
  "firebase": { "apiKey": "AIzaSy...", "projectId": "my-project" },
  "aws": {
    "region": "us-east-1",
    "roleArn": "arn:aws:iam::123456789012:role/firebridge-web",
    "bucket": "my-bucket"
  }
}"#;

/// Shown instead of the app when config.json is missing or wrong: names the field at fault.
#[component]
pub fn ConfigErrorPage(problem: ConfigProblem) -> impl IntoView {
    let field = match &problem {
        ConfigProblem::Invalid(error) => error.field(),
        _ => None,
    };
    view! {
        <main>
            <section class="card" data-testid="config-error">
                <h1>"Firebridge is not configured correctly"</h1>
                <p class="error" role="alert">{problem.to_string()}</p>
                {field.map(|field| view! {
                    <p>"Field to fix: " <code data-testid="config-error-field">{field}</code></p>
                })}
                <p>"A minimal config.json looks like this (the README lists every field):"</p>
                <pre>{EXAMPLE}</pre>
                <p>"The " <a href="setup" data-testid="open-setup">"setup assistant"</a>
                   " writes one for your Firebase project and AWS account, with everything else they need."</p>
            </section>
        </main>
    }
}
