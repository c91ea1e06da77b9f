use crate::route::Route;
use crate::services::session_store;
use crate::session::Session;
use crate::ui::app::{use_config, use_session};
use crate::ui::router::{use_router, Link};
use leptos::prelude::*;

/// The app bar: who is signed in, and the way out.
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let router = use_router();
    let shared = use_config().aws.shared_prefix.is_some();
    let sign_out = move |_| {
        session_store::wipe();
        session.set(Session::SignedOut);
        router.go(Route::Login);
    };
    let email = Memo::new(move |_| session.with(|s| s.user().map(|u| u.email.clone())));
    let team = Memo::new(move |_| session.with(|s| s.user().and_then(|u| u.membership().team)));
    view! {
        <header class="app-bar">
            <Link to=Route::Files class="brand">"Firebridge"</Link>
            {move || email.get().map(|email| view! {
                <nav>
                    <Link to=Route::Files>"Files"</Link>
                    {move || team.get().map(|_| view! { <Link to=Route::Team>"Team"</Link> })}
                    {shared.then(|| view! { <Link to=Route::Shared>"Shared"</Link> })}
                    <Link to=Route::Identity>"Identity"</Link>
                    <Link to=Route::Doctor>"Doctor"</Link>
                </nav>
                <span class="who" data-testid="signed-in-as">{email}</span>
                <button class="secondary" data-testid="sign-out" on:click=sign_out>"Sign out"</button>
            })}
        </header>
    }
}
