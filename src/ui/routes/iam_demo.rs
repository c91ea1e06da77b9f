//! The IAM ListRoles demo on the identity page: a signed call to IAM from the browser, what the
//! browser does with it (real IAM sends no CORS headers), and a presigned link that works.

use crate::aws::iam::RoleListing;
use crate::error::AppError;
use crate::i18n::IDENTITY;
use crate::services::{iam, locale};
use crate::time::parse_iso8601_utc;
use crate::ui::context::use_config;
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
        <h2>{IDENTITY.t("identity.iam-heading")}</h2>
        <p>{IDENTITY.t("identity.iam-intro")}</p>
        <button class="secondary" data-testid="list-roles" on:click=move |_| { call.dispatch(()); }
            disabled=move || call.pending()>
            {move || if call.pending() { IDENTITY.t("identity.iam-calling") } else { IDENTITY.t("identity.iam-call") }}
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
        .map(|role| {
            // IAM's ISO 8601 time, in the device's time zone (as IAM gives it if it is not one).
            let created = parse_iso8601_utc(&role.created).map_or(role.created, locale::date_time);
            view! { <tr><td>{role.name}</td><td><code>{role.arn}</code></td><td>{created}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="files" data-testid="iam-roles">
            <thead><tr>
                <th>{IDENTITY.t("identity.iam-role")}</th>
                <th>{IDENTITY.t("identity.iam-arn")}</th>
                <th>{IDENTITY.t("identity.iam-created")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {listing.truncated.then(|| view! { <p>{IDENTITY.t("identity.iam-truncated")}</p> })}
    }
    .into_any()
}

fn blocked_view(link: Result<String, String>) -> AnyView {
    view! {
        <div class="notice" data-testid="iam-blocked">
            <p>{IDENTITY.t("identity.iam-blocked")}</p>
            {match link {
                Ok(url) => view! {
                    <p>{IDENTITY.plural("identity.iam-link", iam::LINK_LIFETIME.as_secs().div_ceil(60), &[])}</p>
                    <a href=url target="_blank" rel="noopener noreferrer" data-testid="iam-presigned-link">
                        {IDENTITY.t("identity.iam-open-link")}</a>
                }.into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            }}
        </div>
    }
    .into_any()
}
