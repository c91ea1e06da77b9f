use crate::config::AppConfig;
use crate::route::Route;
use crate::services::{app_config, session_store};
use crate::session::Session;
use crate::ui::components::config_error::ConfigErrorPage;
use crate::ui::components::header::Header;
use crate::ui::router::{Link, Router};
use crate::ui::routes::{files::FilesPage, login::LoginPage};
use leptos::prelude::*;

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
    let router = Router::start();
    provide_context(router);
    view! {
        <Header />
        <main>
            {move || match router.route() {
                Route::Files => view! { <FilesPage /> }.into_any(),
                Route::Login => view! { <LoginPage /> }.into_any(),
                Route::NotFound => view! { <NotFound /> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <Link to=Route::Files>"Go to your files"</Link></p>
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
