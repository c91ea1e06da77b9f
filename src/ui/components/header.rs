use crate::services::session_store;
use crate::session::Session;
use crate::ui::app::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The app bar: who is signed in, and the way out.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        session_store::wipe();
        session.set(Session::SignedOut);
        navigate("/login", Default::default());
    };
    let email = move || session.with(|s| s.user().map(|u| u.email.clone()));
    view! {
        <header class="app-bar">
            <a class="brand" href="/">"Firebridge"</a>
            {move || email().map(|email| view! {
                <span class="who" data-testid="signed-in-as">{email}</span>
                <button class="secondary" data-testid="sign-out" on:click=sign_out.clone()>"Sign out"</button>
            })}
        </header>
    }
}
