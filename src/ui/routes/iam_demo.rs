//! The IAM ListRoles demo on the identity page: a signed call to IAM from the browser, what the
//! browser does with it (real IAM sends no CORS headers), and a presigned link that works.

use crate::aws::iam::RoleListing;
use crate::error::AppError;
use crate::services::iam;
use crate::ui::app::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::prelude::*;

/// What the last attempt showed.
#[derive(Clone)]
enum Outcome {
    Roles(RoleListing),
    /// The browser withheld the answer; a presigned link to open instead (or why there is none).
    Blocked(Result<String, String>),
    Failed(String),
}

#[component]
pub fn IamDemo() -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let outcome = RwSignal::new(None::<Outcome>);
    let call = Task::new(move |_: ()| {
        let (config, live) = (config.clone(), live.clone());
        async move {
            let result = match iam::list_roles(&config, &live).await {
                Ok(listing) => Outcome::Roles(listing),
                Err(AppError::Network(_)) => {
                    let link = iam::list_roles_link(&config, &live).await;
                    Outcome::Blocked(link.map_err(|e| e.to_string()))
                }
                Err(error) => Outcome::Failed(error.to_string()),
            };
            outcome.set(Some(result));
        }
    });
    view! {
        <h2>"IAM from the browser"</h2>
        <p>"Your credentials can sign any AWS call their role allows. Try IAM's ListRoles:"</p>
        <button class="secondary" data-testid="list-roles" on:click=move |_| { call.dispatch(()); }
            disabled=move || call.pending()>
            {move || if call.pending() { "Calling IAM…" } else { "Call IAM ListRoles" }}
        </button>
        {move || outcome.get().map(outcome_view)}
    }
}

fn outcome_view(outcome: Outcome) -> AnyView {
    match outcome {
        Outcome::Roles(listing) => roles_table(listing),
        Outcome::Blocked(link) => blocked_view(link),
        Outcome::Failed(message) => {
            view! { <p class="error" role="alert" data-testid="iam-error">{message}</p> }.into_any()
        }
    }
}

fn roles_table(listing: RoleListing) -> AnyView {
    let rows = listing
        .roles
        .into_iter()
        .map(|role| view! { <tr><td>{role.name}</td><td><code>{role.arn}</code></td><td>{role.created}</td></tr> })
        .collect_view();
    view! {
        <table class="files" data-testid="iam-roles">
            <thead><tr><th>"Role"</th><th>"ARN"</th><th>"Created"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {listing.truncated.then(|| view! { <p>"IAM has more roles than this first page shows."</p> })}
    }
    .into_any()
}

fn blocked_view(link: Result<String, String>) -> AnyView {
    view! {
        <div class="notice" data-testid="iam-blocked">
            <p>"The request was signed and sent, but the browser did not let this page read the
                answer: IAM sends no CORS headers, so browsers withhold its responses from web
                pages. That is IAM's design, not a fault in your setup; S3 and STS allow CORS,
                which is why the rest of this app works."</p>
            {match link {
                Ok(url) => view! {
                    <p>"The same call as a presigned link works in a tab of its own (no CORS there).
                        It carries a signature made with your temporary credentials and works for
                        5 minutes: do not share it."</p>
                    <a href=url target="_blank" rel="noopener noreferrer" data-testid="iam-presigned-link">
                        "Open ListRoles in a new tab"</a>
                }.into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            }}
        </div>
    }
    .into_any()
}
