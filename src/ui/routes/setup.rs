//! `/setup`: the setup assistant. A few answers in, every document out (AWS CLI script, IAM
//! policies, bucket CORS, Firebase console steps, config.json), each with Copy and Download.
//! Works signed out and without a working config.json. The answers stay in this tab's
//! sessionStorage, so a reload loses nothing (nothing in them is secret).

use crate::i18n::SETUP;
use crate::platform::files as browser_files;
use crate::platform::{location, storage};
use crate::setup::{self, Answers};
use crate::ui::clipboard::copy_task;
use crate::ui::lazy::lazy_page;
use crate::ui::text::with_code;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

lazy_page!(setup_page, load_setup_page, SetupPage);

const FORM_KEY: &str = "firebridge.setup";

/// The form as typed (numbers and lists stay text until checked).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Form {
    project_id: String,
    api_key: String,
    account_id: String,
    region: String,
    bucket: String,
    role_name: String,
    origins: String,
    session_duration: String,
    invite_only: bool,
    shared_prefix: String,
    allowed_uids: String,
    iam_demo: bool,
}

impl Form {
    /// What a new user starts from: the usual region and role name, this page's origin only
    /// (development origins are added on purpose, not by default), invite-only.
    fn first() -> Self {
        Form {
            region: "us-east-1".into(),
            role_name: "firebridge-web".into(),
            origins: location::origin(),
            session_duration: "3600".into(),
            invite_only: true,
            ..Form::default()
        }
    }

    fn answers(&self) -> Answers {
        let lines = |text: &str| -> Vec<String> {
            text.split(|c: char| c.is_whitespace() || c == ',')
                .filter(|s| !s.is_empty())
                .map(|s| s.trim_end_matches('/').to_string())
                .collect()
        };
        Answers {
            project_id: self.project_id.trim().into(),
            api_key: self.api_key.trim().into(),
            account_id: self.account_id.trim().into(),
            region: self.region.trim().into(),
            bucket: self.bucket.trim().into(),
            role_name: self.role_name.trim().into(),
            origins: lines(&self.origins),
            session_duration_secs: self.session_duration.trim().parse().unwrap_or(0),
            invite_only: self.invite_only,
            shared_prefix: Some(self.shared_prefix.trim().to_string()).filter(|p| !p.is_empty()),
            allowed_uids: lines(&self.allowed_uids),
            iam_demo: self.iam_demo,
        }
    }
}

#[component]
fn SetupPage() -> impl IntoView {
    let form = RwSignal::new(storage::session_get::<Form>(FORM_KEY).unwrap_or_else(Form::first));
    Effect::new(move || form.with(|f| storage::session_set(FORM_KEY, f)));
    let answers = Memo::new(move |_| form.with(Form::answers));
    let problems = Memo::new(move |_| answers.with(setup::check));
    view! {
        <section class="card setup">
            <h1>{SETUP.t("setup.title")}</h1>
            <p>{SETUP.t("setup.intro")}</p>
            <SetupForm form />
            {move || {
                // Both read here, tracked: a component's props are read untracked.
                let (answers, problems) = (answers.get(), problems.get());
                if problems.is_empty() {
                    let warnings = setup::warnings(&answers);
                    view! {
                        {(!warnings.is_empty()).then(|| view! {
                            <div class="notice" data-testid="setup-warnings">
                                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        <Documents answers />
                    }.into_any()
                } else {
                    view! {
                        <div class="notice" data-testid="setup-problems">
                            <p>{SETUP.t("setup.problems-intro")}</p>
                            <ul>{problems.into_iter().map(|p| {
                                // The field as code, where the language puts it in the sentence.
                                let sentence = SETUP.tf("setup.problem", &[("expected", &p.expected_text())]);
                                view! { <li>{with_code(sentence, "field", p.field.to_string())}</li> }
                            }).collect_view()}</ul>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The value of one field, tracked. One accessor serves reading and writing (reading clones the
/// form, a dozen short strings).
fn read<T: Clone>(form: RwSignal<Form>, field: fn(&mut Form) -> &mut T) -> T {
    form.with(|f| field(&mut f.clone()).clone())
}

/// A text input bound to one field of the form; with `lines`, a box of lines (origins, uids).
fn text_field(
    form: RwSignal<Form>,
    (id, label, hint): (&'static str, String, String),
    field: fn(&mut Form) -> &mut String,
    lines: bool,
) -> impl IntoView {
    let value = move || read(form, field);
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        form.update(|f| *field(f) = value);
    };
    let input = if lines {
        view! { <textarea id=id data-testid=id rows="3" prop:value=value on:input=on_input></textarea> }
            .into_any()
    } else {
        view! { <input id=id data-testid=id prop:value=value on:input=on_input /> }.into_any()
    };
    view! {
        <label for=id>{label}</label>
        {input}
        <span class="hint">{hint}</span>
    }
}

fn check_field(
    form: RwSignal<Form>,
    id: &'static str,
    label: String,
    field: fn(&mut Form) -> &mut bool,
) -> impl IntoView {
    view! {
        <label class="check"><input type="checkbox" data-testid=id prop:checked=move || read(form, field)
            on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| *field(f) = on); } />
        " " {label}</label>
    }
}

#[component]
fn SetupForm(form: RwSignal<Form>) -> impl IntoView {
    view! {
        <form class="setup-form" on:submit=|ev| ev.prevent_default()>
            <fieldset><legend>{SETUP.t("setup.firebase-legend")}</legend>
                {text_field(form, ("setup-project-id", SETUP.t("setup.project-id"), SETUP.t("setup.project-id-hint")), |f| &mut f.project_id, false)}
                {text_field(form, ("setup-api-key", SETUP.t("setup.api-key"), SETUP.t("setup.api-key-hint")), |f| &mut f.api_key, false)}
                {check_field(form, "setup-invite-only", SETUP.t("setup.invite-only"), |f| &mut f.invite_only)}
            </fieldset>
            <fieldset><legend>{SETUP.t("setup.aws-legend")}</legend>
                {text_field(form, ("setup-account-id", SETUP.t("setup.account-id"), SETUP.t("setup.account-id-hint")), |f| &mut f.account_id, false)}
                {text_field(form, ("setup-region", SETUP.t("setup.region"), SETUP.t("setup.region-hint")), |f| &mut f.region, false)}
                {text_field(form, ("setup-bucket", SETUP.t("setup.bucket"), SETUP.t("setup.bucket-hint")), |f| &mut f.bucket, false)}
                {text_field(form, ("setup-role-name", SETUP.t("setup.role-name"), SETUP.t("setup.role-name-hint")), |f| &mut f.role_name, false)}
                {text_field(form, ("setup-session-duration", SETUP.t("setup.session-duration"), SETUP.t("setup.session-duration-hint")), |f| &mut f.session_duration, false)}
                {text_field(form, ("setup-shared-prefix", SETUP.t("setup.shared-prefix"), SETUP.t("setup.shared-prefix-hint")), |f| &mut f.shared_prefix, false)}
                {check_field(form, "setup-iam-demo", SETUP.t("setup.iam-demo"), |f| &mut f.iam_demo)}
            </fieldset>
            <fieldset><legend>{SETUP.t("setup.where-the-app-runs")}</legend>
                {text_field(form, ("setup-origins", SETUP.t("setup.origins"), SETUP.t("setup.origins-hint")), |f| &mut f.origins, true)}
                {text_field(form, ("setup-allowed-uids", SETUP.t("setup.allowed-uids"), SETUP.t("setup.allowed-uids-hint")), |f| &mut f.allowed_uids, true)}
            </fieldset>
        </form>
    }
}

/// Every output, in the order they are applied.
#[component]
fn Documents(answers: Answers) -> impl IntoView {
    let pretty =
        |value: serde_json::Value| serde_json::to_string_pretty(&value).unwrap_or_default();
    let provider = format!(
        "Provider URL: https://{}\nAudience:     {}\nARN:          {}",
        answers.provider(),
        answers.project_id,
        answers.provider_arn()
    );
    view! {
        <h2>{SETUP.t("setup.firebase-heading")}</h2>
        <ol class="steps" data-testid="firebase-steps">
            {setup::firebase_steps(&answers).into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
        </ol>
        <h2>{SETUP.t("setup.aws-heading")}</h2>
        <p>{SETUP.t("setup.aws-intro")}</p>
        <Output id="aws-script" file="firebridge-setup.sh" kind="text/x-shellscript" text=setup::aws_cli_script(&answers) />
        <details>
            <summary>{SETUP.t("setup.one-by-one")}</summary>
            <h3>{SETUP.t("setup.oidc-heading")}</h3>
            <Output id="oidc-provider" file="oidc-provider.txt" kind="text/plain" text=provider />
            <h3>{SETUP.t("setup.trust-heading")}</h3>
            <Output id="trust-policy" file="trust-policy.json" kind="application/json" text=pretty(setup::trust_policy(&answers)) />
            <h3>{SETUP.t("setup.permissions-heading")}</h3>
            <Output id="permissions-policy" file="permissions-policy.json" kind="application/json" text=pretty(setup::permissions_policy(&answers)) />
            <h3>{SETUP.t("setup.cors-heading")}</h3>
            <Output id="bucket-cors" file="bucket-cors.json" kind="application/json" text=pretty(setup::bucket_cors(&answers)) />
            <h3>{SETUP.t("setup.lifecycle-heading")}</h3>
            <Output id="bucket-lifecycle" file="bucket-lifecycle.json" kind="application/json" text=pretty(setup::bucket_lifecycle(&answers)) />
            <h3>{SETUP.t("setup.bucket-policy-heading")}</h3>
            <Output id="bucket-policy" file="bucket-policy.json" kind="application/json" text=pretty(setup::bucket_policy(&answers)) />
        </details>
        <h3>{SETUP.t("setup.cloudformation-heading")}</h3>
        <p>{SETUP.t("setup.cloudformation-intro")}</p>
        <Output id="cloudformation" file="firebridge.template.json" kind="application/json" text=pretty(setup::cloudformation_template(&answers)) />
        <h2>{SETUP.t("setup.config-heading")}</h2>
        <p>{SETUP.t("setup.config-intro")}</p>
        <Output id="config-json" file="config.json" kind="application/json" text=pretty(setup::config_json(&answers)) />
        <h2>{SETUP.t("setup.headers-heading")}</h2>
        <p>{SETUP.t("setup.headers-intro")}</p>
        <Output id="security-headers" file="security-headers.txt" kind="text/plain" text=security_headers(&answers) />
    }
}

/// The headers for the config.json above (the answers are checked, so it parses).
fn security_headers(answers: &Answers) -> String {
    let config = crate::config::AppConfig::from_json(&setup::config_json(answers).to_string());
    config
        .map(|config| setup::security_headers_text(&config))
        .unwrap_or_default()
}

/// One document: shown, with Copy and Download.
#[component]
fn Output(id: &'static str, file: &'static str, kind: &'static str, text: String) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let text = StoredValue::new(text);
    let copy = copy_task(move || text.get_value(), said);
    let save = move |_| {
        let result = browser_files::save_text(file, &text.get_value(), kind);
        said.set(result.err());
    };
    view! {
        <div class="output" data-testid=id>
            <pre tabindex="0">{text.get_value()}</pre>
            <button class="secondary" on:click=move |_| copy.dispatch(())>{SETUP.t("setup.copy")}</button>
            <button class="secondary" on:click=save>{SETUP.tf("setup.download", &[("file", file)])}</button>
            {move || said.get().map(|text| view! { <span class="hint">{text}</span> })}
        </div>
    }
}
