use crate::i18n::APP;
use leptos::prelude::*;

/// One email field and its submit button: sending a link, and confirming the address a link
/// was sent to. Enter submits; the button says what is happening and blocks double submits.
#[component]
pub fn EmailForm(
    /// The id of the input (and the `data-testid` of input, form and button, with suffixes).
    id: &'static str,
    /// Bound to the input, so a typed address survives errors and re-renders.
    email: RwSignal<String>,
    /// The button's label, and its label while `busy`.
    action: String,
    busy_action: String,
    #[prop(into)] busy: Signal<bool>,
    on_submit: impl Fn(String) + 'static,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit(email.get_untracked().trim().to_string());
    };
    view! {
        // The app checks the address itself, so that the message is in the page's language and stays.
        <form on:submit=submit data-testid=format!("{id}-form") novalidate>
            <label for=id>{APP.t("app.email-address")}</label>
            <input id=id type="email" autocomplete="email" autofocus required
                data-testid=id bind:value=email />
            <button type="submit" data-testid=format!("{id}-submit") disabled=move || busy.get()>
                {move || if busy.get() { busy_action.clone() } else { action.clone() }}
            </button>
        </form>
    }
}
