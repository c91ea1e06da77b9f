//! Email-link sign-in: send a link (with a resend cooldown), and complete one.

use crate::auth::email_link::{self, SignInLink};
use crate::auth::AuthError;
use crate::error::AppError;
use crate::i18n::APP;
use crate::platform::chunk::split_fn;
use crate::platform::clock;
use crate::route::Route;
use crate::services::auth;
use crate::ui::components::email_form::EmailForm;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::context::{use_config, use_sign_in_finisher};
use crate::ui::lazy::build_under;
use crate::ui::task::Task;
use crate::ui::text::{with_code, with_strong};
use leptos::prelude::*;

/// Seconds before the same link can be requested again (Firebase throttles repeats anyway).
const RESEND_COOLDOWN_SECS: u32 = 30;

/// Step one: the email form, then "check your inbox" with a resend that cools down.
#[component]
pub fn SendLink(email: RwSignal<String>, next: Route) -> impl IntoView {
    let config = use_config();
    let sent_to = RwSignal::new(None::<String>);
    let cooldown = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let send = Task::new(move |address: String| {
        let (config, address) = (config.clone(), address.clone());
        async move {
            match auth::send_sign_in_link(&config, &address, next).await {
                Ok(()) => {
                    problem.set(None);
                    sent_to.set(Some(address));
                    leptos::task::spawn_local(count_down(cooldown));
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |address: String| {
        if !email_link::looks_like_email(&address) {
            problem.set(Some(APP.t("app.email-invalid")));
            return;
        }
        problem.set(None);
        send.dispatch(address);
    };
    let resend = move |_| {
        if let Some(address) = sent_to.get_untracked() {
            send.dispatch(address);
        }
    };
    let emulator_links = use_config().firebase.emulator_links_url();
    let sent = Memo::new(move |_| sent_to.get().is_some());
    move || {
        if !sent.get() {
            view! {
                <h1>{APP.t("app.sign-in")}</h1>
                <p>{APP.t("app.link-intro")}</p>
                <EmailForm id="email" email action=APP.t("app.email-me-a-link") busy_action=APP.t("app.sending")
                    busy=send.pending_signal() on_submit=submit />
                <ErrorMessage message=problem />
            }
            .into_any()
        } else {
            view! {
                <h1>{APP.t("app.check-inbox")}</h1>
                <p data-testid="link-sent">
                    {move || with_strong(APP.t("app.link-sent"), "email", sent_to.get().unwrap_or_default())}
                </p>
                {emulator_links.clone().map(|url| view! {
                    <p class="hint">{with_code(APP.t("app.emulator-links"), "url", url)}</p>
                })}
                <div class="row">
                    <button class="secondary" data-testid="resend-link" on:click=resend
                        disabled=move || { cooldown.get() > 0 || send.pending() }>
                        {move || match cooldown.get() {
                            0 => APP.t("app.resend"),
                            n => APP.tf("app.resend-in", &[("n", &n.to_string())]),
                        }}
                    </button>
                    <button class="secondary" data-testid="change-email"
                        on:click=move |_| sent_to.set(None)>{APP.t("app.use-different-email")}</button>
                </div>
                <ErrorMessage message=problem />
            }
            .into_any()
        }
    }
}

/// Counts `remaining` down from the cooldown to zero, a second at a time; it stops when the
/// form is gone (the user moved on or signed in), whose signal it may no longer read.
async fn count_down(remaining: RwSignal<u32>) {
    remaining.set(RESEND_COOLDOWN_SECS);
    while remaining.try_get_untracked().is_some_and(|n| n > 0) {
        clock::sleep_secs(1).await;
        remaining.update(|n| *n = n.saturating_sub(1));
    }
}

// `CompleteLink`, built under `owner`, lives in the `network` chunk with the flow it starts:
// only a visit from an email link needs it (start-up fetches the chunk beside config.json then).
split_fn!(
    network,
    pub fn load_complete_link(owner: StoredValue<Owner>, link: SignInLink, next: Route) -> AnyView {
        build_under(owner, || view! { <CompleteLink link next /> }.into_any())
    }
);

/// Step two: spend the link's code, with the remembered email or one the user confirms.
#[component]
fn CompleteLink(link: SignInLink, next: Route) -> impl IntoView {
    let config = use_config();
    let finisher = use_sign_in_finisher();
    let remembered = auth::remembered_email();
    let email = RwSignal::new(remembered.clone().unwrap_or_default());
    // Another device (no remembered email), or a failed attempt: the user confirms the email.
    let ask_email = RwSignal::new(remembered.is_none());
    let problem = RwSignal::new(None::<AppError>);
    let complete = Task::new(move |address: String| {
        let (config, address, code) = (config.clone(), address.clone(), link.oob_code.clone());
        async move {
            match auth::complete_sign_in_link(&config, &address, &code).await {
                Ok(user) => finisher.finish(user, next),
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
    let link_spent = Memo::new(move |_| {
        problem.with(|p| {
            matches!(
                p,
                Some(AppError::Auth(
                    AuthError::LinkInvalid | AuthError::LinkExpired
                ))
            )
        })
    });
    let message = Signal::derive(move || problem.get().map(|p| p.to_string()));
    view! {
        <div>
            {move || if link_spent.get() {
                view! {
                    <div class="card narrow" data-testid="link-unusable">
                        <h1>{APP.t("app.link-unusable")}</h1>
                        <ErrorMessage message />
                    </div>
                    <section class="card narrow"><SendLink email next /></section>
                }.into_any()
            } else {
                view! {
                    <section class="card narrow">
                        {move || if ask_email.get() {
                            view! {
                                <h1>{APP.t("app.confirm-email")}</h1>
                                <p>{APP.t("app.confirm-email-intro")}</p>
                                <EmailForm id="confirm-email" email action=APP.t("app.sign-in") busy_action=APP.t("app.signing-in")
                                    busy=complete.pending_signal() on_submit=submit />
                            }.into_any()
                        } else {
                            view! { <h1>{APP.t("app.signing-you-in")}</h1> }.into_any()
                        }}
                        <ErrorMessage message />
                    </section>
                }.into_any()
            }}
        </div>
    }
}
