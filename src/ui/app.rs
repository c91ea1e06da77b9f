use crate::config::AppConfig;
use crate::services::{app_config, session_store};
use crate::session::Session;
use crate::ui::components::config_error::ConfigErrorPage;
use crate::ui::components::header::Header;
use crate::ui::routes::{files::FilesPage, login::LoginPage};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Loads config.json, then runs the app with it; a bad config gets a page of its own.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(app_config::load);
    view! {
        <Suspense fallback=|| view! { <p class="loading" data-testid="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match config.await {
                    Ok(config) => view! { <Configured config /> }.into_any(),
                    Err(problem) => view! { <ConfigErrorPage problem /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Configured(config: AppConfig) -> impl IntoView {
    provide_context(config);
    let session = RwSignal::new(session_store::load());
    provide_context(session);
    // The one sync to the outside: the session follows the user across reloads of this tab.
    Effect::new(move || session.with(session_store::save));
    view! {
        <Router>
            <Header />
            <main>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=FilesPage />
                    <Route path=path!("/login") view=LoginPage />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/">"Go to your files"</a></p>
        </section>
    }
}

/// The configuration, provided once config.json has loaded.
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}

pub fn use_session() -> RwSignal<Session> {
    expect_context::<RwSignal<Session>>()
}
