//! `/identity`: who the user is to Firebase (token, claims) and to AWS (GetCallerIdentity),
//! and how long the AWS credentials last.

use crate::auth::firebase::SignInMethod;
use crate::auth::jwt::claims_json;
use crate::format;
use crate::i18n::IDENTITY;
use crate::platform::clock;
use crate::services::{credentials, identity, locale};
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::context::{use_config, use_session};
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::lazy::lazy_page;
use crate::ui::routes::iam_demo::IamDemo;
use crate::ui::task::Task;
use leptos::prelude::*;

lazy_page!(identity_page, load_identity_page, IdentityPage);

#[component]
fn IdentityPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{IDENTITY.t("identity.heading")}</h1>
            <IdentityFacts />
        </section>
    }
}

/// Both halves share one clock that ticks each second while the page is open.
#[component]
fn IdentityFacts() -> impl IntoView {
    let now = use_ticking_now();
    view! {
        <FirebaseIdentity now />
        <AwsIdentity now />
        <IamDemo />
    }
}

#[component]
fn FirebaseIdentity(now: ReadSignal<u64>) -> impl IntoView {
    let session = use_session();
    let user = move || session.with(|s| s.user().cloned());
    view! {
        <h2>{IDENTITY.t("identity.firebase-heading")}</h2>
        {move || user().map(|user| {
            let claims = user.claims();
            let provider = match user.method {
                Some(SignInMethod::EmailLink) => IDENTITY.t("identity.method-email-link"),
                Some(SignInMethod::Password) => IDENTITY.t("identity.method-password"),
                None => claims.as_ref().and_then(|c| c.firebase.clone()).and_then(|f| f.sign_in_provider).unwrap_or_default(),
            };
            let expires_at = user.expires_at;
            let date = locale::date_time(expires_at);
            let expiry = move || IDENTITY.tf("identity.token-expiry", &[
                ("date", &date),
                ("countdown", &format::countdown(expires_at, now.get())),
            ]);
            view! {
                <dl class="facts">
                    <dt>{IDENTITY.t("identity.email")}</dt><dd data-testid="firebase-email">{user.email.clone()}</dd>
                    <dt>{IDENTITY.t("identity.uid")}</dt><dd data-testid="firebase-uid"><code>{user.uid.clone()}</code></dd>
                    <dt>{IDENTITY.t("identity.signed-in-with")}</dt><dd data-testid="sign-in-method">{provider}</dd>
                    <dt>{IDENTITY.t("identity.token-expires")}</dt>
                    <dd>{expiry}</dd>
                </dl>
                <details>
                    <summary>{IDENTITY.t("identity.claims")}</summary>
                    <pre data-testid="claims">{claims_json(user.id_token.expose()).unwrap_or_default()}</pre>
                </details>
            }
        })}
    }
}

#[component]
fn AwsIdentity(now: ReadSignal<u64>) -> impl IntoView {
    let (config, live, session) = (use_config(), use_live_session(), use_session());
    let identity = credentialed_loader(|config, live| async move {
        identity::caller_identity(&config, &live).await
    });
    let problem = RwSignal::new(None::<String>);
    let renew = Task::new(move |_: ()| {
        let (config, live) = (config.clone(), live.clone());
        async move {
            match credentials::renew(&config, &live).await {
                Ok(_) => {
                    problem.set(None);
                    identity.reload();
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let credentials = move || session.with(|s| s.credentials().cloned());
    view! {
        <h2>{IDENTITY.t("identity.aws-heading")}</h2>
        {move || identity.with(|latest| match latest.cloned() {
            None => view! { <p class="loading">{IDENTITY.t("identity.asking-aws")}</p> }.into_any(),
            Some(Ok(id)) => view! {
                <dl class="facts">
                    <dt>{IDENTITY.t("identity.assumed-role")}</dt><dd data-testid="aws-arn"><code>{id.arn}</code></dd>
                    <dt>{IDENTITY.t("identity.user-id")}</dt><dd><code>{id.user_id}</code></dd>
                    <dt>{IDENTITY.t("identity.account")}</dt><dd>{id.account}</dd>
                </dl>
            }.into_any(),
            Some(Err(error)) => view! {
                <p class="error" role="alert" data-testid="aws-identity-error">{error.to_string()}</p>
            }.into_any(),
        })}
        {move || credentials().map(|c| {
            let expires_at = c.expires_at;
            let expiry = IDENTITY.tf("identity.credentials-expiry", &[("date", &locale::date_time(expires_at))]);
            let (before, after) = around_placeholder(&expiry, "countdown");
            view! {
                <dl class="facts">
                    <dt>{IDENTITY.t("identity.access-key")}</dt><dd data-testid="access-key-id"><code>{c.access_key_id}</code></dd>
                    <dt>{IDENTITY.t("identity.credentials-expire")}</dt>
                    <dd>{before}
                        <span data-testid="credentials-countdown">{move || format::countdown(expires_at, now.get())}</span>{after}</dd>
                </dl>
            }
        })}
        <button class="secondary" data-testid="renew-credentials" on:click=move |_| { renew.dispatch(()); }
            disabled=move || renew.pending()>
            {move || if renew.pending() { IDENTITY.t("identity.renewing") } else { IDENTITY.t("identity.renew") }}
        </button>
        <ErrorMessage message=problem />
    }
}

/// The text of a message before and after its `{name}` placeholder (where an element goes).
fn around_placeholder(message: &str, name: &str) -> (String, String) {
    match message.split_once(&format!("{{{name}}}")) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (message.to_string(), String::new()),
    }
}

/// The current Unix time, updated every second while the calling component lives.
fn use_ticking_now() -> ReadSignal<u64> {
    let (now, set_now) = signal(clock::now_unix());
    let alive = StoredValue::new(());
    leptos::task::spawn_local(async move {
        // Stops once the component is gone (its stored value disposed).
        while alive.try_get_value().is_some() {
            clock::sleep_secs(1).await;
            set_now.try_set(clock::now_unix());
        }
    });
    now
}
