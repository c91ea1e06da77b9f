//! `/login`: the sign-in methods the project enabled, or, when opened from an email link,
//! its completion.

mod link;
mod password;

use crate::auth::{email_link, AuthError};
use crate::i18n::APP;
use crate::platform::location;
use crate::route::{next_param, Route};
use crate::services::auth;
use crate::ui::context::{use_config, use_session, SignedOutNotice};
use crate::ui::lazy::show_lazy;
use crate::ui::router::{Link, Redirect};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let href = location::href();
    let link = email_link::parse_sign_in_link(&href);
    let next = Route::from_next(next_param(&href).as_deref());
    let from_link = email_link::has_sign_in_params(&href);
    if from_link {
        // A code is single-use: out of the address bar and history before anything else, even
        // from a link too mangled to use.
        location::replace(&email_link::scrub_sign_in_params(&href));
    }
    let signed_in = use_session().with_untracked(|s| s.is_signed_in());
    if from_link && link.is_none() && !signed_in {
        let notice = expect_context::<SignedOutNotice>().0;
        notice.set(Some(AuthError::LinkInvalid.to_string()));
    }
    match link {
        Some(link) => show_lazy(
            move |owner| link::load_complete_link(owner, link.clone(), next),
            &[],
        )
        .into_any(),
        None if signed_in => view! { <Redirect to=next /> }.into_any(),
        None => view! { <SignInChoices next /> }.into_any(),
    }
}

/// The enabled methods, one above the other; the email typed in one is offered to the other.
#[component]
fn SignInChoices(next: Route) -> impl IntoView {
    let methods = use_config().firebase.sign_in_methods;
    let notice = expect_context::<SignedOutNotice>().0;
    let email = RwSignal::new(auth::remembered_email().unwrap_or_default());
    view! {
        // The sign-in code loads once the user starts typing (see services::auth::prefetch).
        <section class="card narrow" on:input=|_| leptos::task::spawn_local(auth::prefetch())>
            {move || notice.get().map(|text| view! {
                <p class="notice" role="status" data-testid="signed-out-reason">{text}</p>
            })}
            {methods.email_link.then(|| view! { <link::SendLink email next /> })}
            {(methods.email_link && methods.password).then(|| view! { <p class="divider">{APP.t("app.or")}</p> })}
            {methods.password.then(|| view! { <password::PasswordSignIn email next /> })}
        </section>
        <p class="hint centered">{APP.t("app.setup-question")} " "
            <Link to=Route::Setup>{APP.t("app.setup-open")}</Link></p>
    }
}
