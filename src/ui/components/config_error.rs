use crate::i18n::APP;
use crate::services::app_config::ConfigProblem;
use crate::ui::text::with_element;
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
                <h1>{APP.t("app.config-heading")}</h1>
                <p class="error" role="alert">{problem.to_string()}</p>
                {field.map(|field| view! {
                    <p>{with_element(APP.t("app.config-field-to-fix"), "field", view! {
                        <code data-testid="config-error-field">{field}</code>
                    })}</p>
                })}
                <p>{APP.t("app.config-example")}</p>
                <pre tabindex="0">{EXAMPLE}</pre>
                <p>{with_element(APP.t("app.config-setup"), "link", view! {
                    <a href="setup" data-testid="open-setup">{APP.t("app.config-setup-link")}</a>
                })}</p>
            </section>
        </main>
    }
}
