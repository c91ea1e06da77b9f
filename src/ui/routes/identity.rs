//! `/identity`: who the user is to Firebase (token, claims) and to AWS (GetCallerIdentity),
//! and how long the AWS credentials last.

use crate::auth::jwt::claims_json;
use crate::format;
use crate::platform::clock;
use crate::services::{credentials, identity};
use crate::ui::app::{use_config, use_session};
use crate::ui::components::error_message::ErrorMessage;
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
            <h1>"Your identity"</h1>
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
        <h2>"Firebase"</h2>
        {move || user().map(|user| {
            let claims = user.claims();
            let provider = claims.and_then(|c| c.firebase).and_then(|f| f.sign_in_provider).unwrap_or_default();
            let expires_at = user.expires_at;
            view! {
                <dl class="facts">
                    <dt>"Email"</dt><dd data-testid="firebase-email">{user.email.clone()}</dd>
                    <dt>"User id (uid)"</dt><dd data-testid="firebase-uid"><code>{user.uid.clone()}</code></dd>
                    <dt>"Signed in with"</dt><dd>{provider}</dd>
                    <dt>"ID token expires"</dt>
                    <dd>{format::utc_date_time(expires_at)} " (" {move || format::countdown(expires_at, now.get())} ", renewed automatically)"</dd>
                </dl>
                <details>
                    <summary>"Claims of the ID token (what AWS checks)"</summary>
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
        <h2>"AWS"</h2>
        {move || identity.with(|latest| match latest.cloned() {
            None => view! { <p class="loading">"Asking AWS who you are…"</p> }.into_any(),
            Some(Ok(id)) => view! {
                <dl class="facts">
                    <dt>"Assumed role"</dt><dd data-testid="aws-arn"><code>{id.arn}</code></dd>
                    <dt>"User id"</dt><dd><code>{id.user_id}</code></dd>
                    <dt>"Account"</dt><dd>{id.account}</dd>
                </dl>
            }.into_any(),
            Some(Err(error)) => view! {
                <p class="error" role="alert" data-testid="aws-identity-error">{error.to_string()}</p>
            }.into_any(),
        })}
        {move || credentials().map(|c| {
            let expires_at = c.expires_at;
            view! {
                <dl class="facts">
                    <dt>"Access key"</dt><dd data-testid="access-key-id"><code>{c.access_key_id}</code></dd>
                    <dt>"Credentials expire"</dt>
                    <dd>{format::utc_date_time(expires_at)} " ("
                        <span data-testid="credentials-countdown">{move || format::countdown(expires_at, now.get())}</span> ")"</dd>
                </dl>
            }
        })}
        <button class="secondary" data-testid="renew-credentials" on:click=move |_| { renew.dispatch(()); }
            disabled=move || renew.pending()>
            {move || if renew.pending() { "Renewing…" } else { "Renew AWS credentials now" }}
        </button>
        <ErrorMessage message=problem />
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
