use crate::auth::email_link;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::i18n::{Catalogue, APP, AWS, DOCTOR, FILES, IDENTITY, SETUP};
use crate::platform::chunk::ChunkMissing;
use crate::platform::dom;
use crate::platform::{location, storage};
use crate::route::{self, Route};
use crate::services::{app_config, auth, locale, session_store, tabs};
use crate::session::Session;
use crate::ui::components::config_error::ConfigErrorPage;
use crate::ui::components::connection::ConnectionStatus;
use crate::ui::components::header::Header;
use crate::ui::components::session_keeper::SessionKeeper;
use crate::ui::components::toasts::{provide_toasts, ToastList};
use crate::ui::context::{use_sign_out, SignOutReason, SignedOutNotice};
use crate::ui::lazy::show_lazy;
use crate::ui::router::{Link, RequireSignIn, Router};
use crate::ui::routes::{
    doctor::load_doctor_page, files, files::load_files_page, identity::load_identity_page,
    login::LoginPage, setup::load_setup_page,
};
use leptos::prelude::*;

/// Loads config.json, then mounts the app with it; a bad config gets a page of its own. Until
/// then the page shows index.html's own "Loading…".
pub fn start() {
    // A reload while signed in (the stored session's reader) and a visit from an email link (its
    // completion) need the `network` chunk first: it downloads beside config.json.
    let href = location::href();
    let signing_in = email_link::has_sign_in_params(&href);
    let signed_in_before = storage::session_get_text(storage::SESSION_KEY).is_some();
    // The files page, if a link or a reload lands there, downloads next: during the round
    // trips (Firebase, STS) before it shows, not after them.
    let landing = match signing_in {
        true => Route::from_next(route::next_param(&href).as_deref()),
        false => Route::from_path(&location::base_path(), &location::path()),
    };
    let signed_in_soon = signing_in || signed_in_before;
    let to_files = signed_in_soon && landing.is_files_area();
    if signed_in_soon {
        wasm_bindgen_futures::spawn_local(auth::prefetch());
    }
    if to_files {
        wasm_bindgen_futures::spawn_local(async {
            let _ = files::prefetch_files_page().await;
        });
    }
    // Leptos's own executor starts with the first mount, so this first task uses the browser's.
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = app_config::load().await;
        locale::apply_theme(locale::theme().as_deref());
        locale::load().await;
        if to_files {
            wasm_bindgen_futures::spawn_local(async {
                locale::load_areas(FILES_AREAS).await;
            });
        }
        let mut session = Ok(Session::SignedOut);
        if loaded.is_ok() {
            session = session_store::load().await;
            // A tab opened beside a signed-in one starts signed in (its own copy of the
            // session). A link says who signs in: no other tab is asked.
            if !signing_in && session.as_ref().is_ok_and(|s| !s.is_signed_in()) {
                session = Ok(tabs::join().await.unwrap_or(Session::SignedOut));
            }
        }
        dom::remove_element("loading");
        // The setup assistant is how a config.json gets written: it works without one.
        let setup = Route::from_path(&location::base_path(), &location::path()) == Route::Setup;
        leptos::mount::mount_to_body(move || match (loaded, session) {
            (Ok(config), Ok(session)) => view! { <Configured config session /> }.into_any(),
            (Ok(_), Err(ChunkMissing)) => view! { <SessionUnread /> }.into_any(),
            (Err(_), _) if setup => {
                view! { <main>{show_lazy(load_setup_page, SETUP_AREAS)}</main> }.into_any()
            }
            (Err(problem), _) => view! { <ConfigErrorPage problem /> }.into_any(),
        });
    });
}

/// The messages each lazily loaded page needs beyond `app`.
static FILES_AREAS: &[&Catalogue] = &[&AWS, &FILES];
static IDENTITY_AREAS: &[&Catalogue] = &[&AWS, &IDENTITY];
static DOCTOR_AREAS: &[&Catalogue] = &[&AWS, &DOCTOR];
static SETUP_AREAS: &[&Catalogue] = &[&SETUP];

#[component]
fn Configured(config: AppConfig, session: Session) -> impl IntoView {
    provide_context(config);
    let session = RwSignal::new(session);
    provide_context(session);
    provide_context(SignedOutNotice(RwSignal::new(None)));
    let toasts = provide_toasts();
    // The one sync to the outside: the session follows the user across reloads of this tab.
    Effect::new(move || session.with(session_store::save));
    let router = Router::start();
    provide_context(router);
    let signing_out = use_sign_out();
    tabs::listen(
        move || session.get_untracked(),
        move || {
            if session.get_untracked().is_signed_in() {
                signing_out.sign_out(SignOutReason::Elsewhere);
            }
        },
    );
    view! {
        <Header />
        <ConnectionStatus />
        <SessionKeeper />
        <main>
            {move || match router.route() {
                Route::Login => view! { <LoginPage /> }.into_any(),
                Route::Setup => show_lazy(load_setup_page, SETUP_AREAS).into_any(),
                Route::NotFound => view! { <NotFound /> }.into_any(),
                page => view! { <RequireSignIn page>{move || signed_in_page(page)}</RequireSignIn> }.into_any(),
            }}
        </main>
        <ToastList toasts />
    }
}

/// A page only a signed-in user sees, fetched the first time it shows.
fn signed_in_page(page: Route) -> AnyView {
    match page {
        Route::Identity => show_lazy(load_identity_page, IDENTITY_AREAS).into_any(),
        Route::Doctor => show_lazy(load_doctor_page, DOCTOR_AREAS).into_any(),
        // The user's files, the team's and the shared area.
        _ => show_lazy(load_files_page, FILES_AREAS).into_any(),
    }
}

/// The code that reads the stored session could not be downloaded: rather than start signed
/// out (and drop the session with the next save), say so; trying again reloads the page.
#[component]
fn SessionUnread() -> impl IntoView {
    view! {
        <main>
            <section class="card">
                <p class="error" role="alert" data-testid="error">{AppError::PartOfAppMissing.to_string()}</p>
                <button on:click=|_| location::reload()>{APP.t("app.try-again")}</button>
            </section>
        </main>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>{APP.t("app.not-found")}</h1>
            <p>{APP.t("app.not-found-text")} " " <Link to=Route::Files>{APP.t("app.go-to-files")}</Link></p>
        </section>
    }
}
