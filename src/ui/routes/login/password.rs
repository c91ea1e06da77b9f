//! Email and password sign-in, and the password-reset email.

use crate::auth::email_link::looks_like_email;
use crate::i18n::APP;
use crate::route::Route;
use crate::secret::Secret;
use crate::services::auth;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::context::{use_config, use_sign_in_finisher};
use crate::ui::task::Task;
use crate::ui::text::with_strong;
use leptos::prelude::*;

#[component]
pub fn PasswordSignIn(email: RwSignal<String>, next: Route) -> impl IntoView {
    let config = use_config();
    let finisher = use_sign_in_finisher();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let reset_sent_to = RwSignal::new(None::<String>);
    let sign_in = {
        let config = config.clone();
        Task::new(move |(address, secret): (String, Secret)| {
            let (config, address, secret) = (config.clone(), address.clone(), secret.clone());
            async move {
                match auth::sign_in_with_password(&config, &address, &secret).await {
                    Ok(user) => finisher.finish(user, next),
                    // The typed email and password stay in the form, to be corrected.
                    Err(error) => problem.set(Some(error.to_string())),
                }
            }
        })
    };
    let reset = Task::new(move |address: String| {
        let (config, address) = (config.clone(), address.clone());
        async move {
            match auth::send_password_reset(&config, &address).await {
                Ok(()) => reset_sent_to.set(Some(address)),
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let valid_email = move || {
        let address = email.get_untracked().trim().to_string();
        if looks_like_email(&address) {
            problem.set(None);
            Some(address)
        } else {
            problem.set(Some(APP.t("app.email-invalid")));
            None
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(address) = valid_email() else { return };
        if password.get_untracked().is_empty() {
            problem.set(Some(APP.t("app.password-missing")));
            return;
        }
        sign_in.dispatch((address, Secret::new(password.get_untracked())));
    };
    let forgot = move |_| {
        reset_sent_to.set(None);
        if let Some(address) = valid_email() {
            reset.dispatch(address);
        }
    };
    let busy = move || sign_in.pending();
    view! {
        <h2>{APP.t("app.password-heading")}</h2>
        <form on:submit=submit data-testid="password-form" novalidate>
            <label for="password-email">{APP.t("app.email-address")}</label>
            <input id="password-email" type="email" autocomplete="username" required
                data-testid="password-email" bind:value=email />
            <label for="password">{APP.t("app.password")}</label>
            <input id="password" type="password" autocomplete="current-password" required
                data-testid="password" bind:value=password />
            <button type="submit" data-testid="password-submit" disabled=busy>
                {move || if busy() { APP.t("app.signing-in") } else { APP.t("app.sign-in") }}
            </button>
        </form>
        <button class="link" data-testid="forgot-password" on:click=forgot
            disabled=move || reset.pending()>{APP.t("app.forgot-password")}</button>
        {move || reset_sent_to.get().map(|address| view! {
            <p class="notice" role="status" data-testid="reset-sent">
                {with_strong(APP.t("app.reset-sent"), "email", address)}
            </p>
        })}
        <ErrorMessage message=problem />
    }
}
