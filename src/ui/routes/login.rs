//! `/login`: ask for an email and send a link; or, when opened from a link, complete it.

use crate::auth::email_link::{self, SignInLink};
use crate::auth::AuthError;
use crate::error::AppError;
use crate::platform::{clock, location};
use crate::route::Route;
use crate::services::auth;
use crate::session::{step, Event};
use crate::ui::app::{use_config, use_session};
use crate::ui::components::email_form::EmailForm;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::router::{use_router, Redirect};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let href = location::href();
    let link = email_link::parse_sign_in_link(&href);
    if link.is_some() {
        // The code is single-use: out of the address bar and history before anything else.
        location::replace(&email_link::scrub_sign_in_params(&href));
    }
    let session = use_session();
    let signed_in = session.with_untracked(|s| s.is_signed_in());
    match link {
        Some(link) => view! { <CompleteLink link /> }.into_any(),
        None if signed_in => view! { <Redirect to=Route::Files /> }.into_any(),
        None => view! { <SendLink initial_email=auth::remembered_email().unwrap_or_default() /> }
            .into_any(),
    }
}

/// Step one: the email form, then "check your inbox".
#[component]
fn SendLink(initial_email: String) -> impl IntoView {
    let config = use_config();
    let email = RwSignal::new(initial_email);
    let sent_to = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let send = Action::new_local(move |address: &String| {
        let (config, address) = (config.clone(), address.clone());
        async move {
            match auth::send_sign_in_link(&config, &address).await {
                Ok(()) => sent_to.set(Some(address)),
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |address: String| {
        if !email_link::looks_like_email(&address) {
            problem.set(Some(
                "Enter an email address such as name@example.com.".into(),
            ));
            return;
        }
        problem.set(None);
        send.dispatch(address);
    };
    let emulator_links = use_config().firebase.emulator_links_url();
    view! {
        <section class="card narrow">
            <Show
                when=move || sent_to.get().is_some()
                fallback=move || view! {
                    <h1>"Sign in"</h1>
                    <p>"We will email you a link that signs you in. No password needed."</p>
                    <EmailForm id="email" email action="Email me a sign-in link" busy_action="Sending…"
                        busy=send.pending() on_submit=submit />
                    <ErrorMessage message=problem />
                }
            >
                <h1>"Check your inbox"</h1>
                <p data-testid="link-sent">
                    "We sent a sign-in link to " <strong>{move || sent_to.get()}</strong>
                    ". Open it on this device to sign in straight away."
                </p>
                {emulator_links.clone().map(|url| view! {
                    <p class="hint">"Local stack: sign-in links appear at " <code>{url}</code></p>
                })}
                <button class="secondary" data-testid="change-email"
                    on:click=move |_| sent_to.set(None)>"Use a different email"</button>
            </Show>
        </section>
    }
}

/// Step two: spend the link's code, with the remembered email or one the user confirms.
#[component]
fn CompleteLink(link: SignInLink) -> impl IntoView {
    let config = use_config();
    let session = use_session();
    let router = use_router();
    let remembered = auth::remembered_email();
    let email = RwSignal::new(remembered.clone().unwrap_or_default());
    // Another device (no remembered email), or a failed attempt: the user confirms the email.
    let ask_email = RwSignal::new(remembered.is_none());
    let problem = RwSignal::new(None::<AppError>);
    let complete = Action::new_local(move |address: &String| {
        let (config, address, code) = (config.clone(), address.clone(), link.oob_code.clone());
        async move {
            match auth::complete_sign_in_link(&config, &address, &code).await {
                Ok(user) => {
                    session
                        .update(|s| *s = step(s.clone(), Event::SignedIn(user), clock::now_unix()));
                    router.redirect(Route::Files);
                }
                Err(error) => {
                    problem.set(Some(error));
                    ask_email.set(true);
                }
            }
        }
    });
    if let Some(address) = remembered {
        complete.dispatch(address);
    }
    let submit = move |address: String| {
        if email_link::looks_like_email(&address) {
            problem.set(None);
            complete.dispatch(address);
        }
    };
    let link_spent = move || {
        problem.with(|p| {
            matches!(
                p,
                Some(AppError::Auth(
                    AuthError::LinkInvalid | AuthError::LinkExpired
                ))
            )
        })
    };
    let message = Signal::derive(move || problem.get().map(|p| p.to_string()));
    view! {
        <div>
            <Show when=link_spent fallback=move || view! {
                <section class="card narrow">
                    <Show when=move || ask_email.get() fallback=|| view! { <h1>"Signing you in…"</h1> }>
                        <h1>"Confirm your email"</h1>
                        <p>"Enter the email address this sign-in link was sent to."</p>
                        <EmailForm id="confirm-email" email action="Sign in" busy_action="Signing in…"
                            busy=complete.pending() on_submit=submit />
                    </Show>
                    <ErrorMessage message />
                </section>
            }>
                <div class="card narrow" data-testid="link-unusable">
                    <h1>"This link cannot be used"</h1>
                    <ErrorMessage message />
                </div>
                <SendLink initial_email=email.get_untracked() />
            </Show>
        </div>
    }
}
