use crate::i18n::{Lang, APP};
use crate::route::Route;
use crate::services::locale;
use crate::ui::context::{use_config, use_session, use_sign_out, SignOutReason};
use crate::ui::icon::icon;
use crate::ui::router::{use_router, Link};
use leptos::prelude::*;

/// The app bar: the app's name, its pages, who is signed in and the way out, and the language
/// and theme switches (for everyone, signed in or not).
#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let router = use_router();
    let shared = use_config().aws.shared_prefix.is_some();
    let signing_out = use_sign_out();
    let sign_out = move |_| signing_out.sign_out(SignOutReason::Asked);
    let email = Memo::new(move |_| session.with(|s| s.user().map(|u| u.email.clone())));
    let team = Memo::new(move |_| session.with(|s| s.user().and_then(|u| u.membership().team)));
    let page = move |route: Route, label: String| {
        let current = move || (router.route() == route).then_some("page");
        view! { <Link to=route aria_current=Signal::derive(current)>{label}</Link> }
    };
    // One closure for everything that depends on who is signed in: each reactive part costs
    // the first download code of its own.
    let signed_in = move || {
        email.get().map(|email| {
            view! {
                <nav aria-label=APP.t("app.nav-label")>
                    {page(Route::Files, APP.t("app.nav-files"))}
                    {team.get().map(|_| page(Route::Team, APP.t("app.nav-team")))}
                    {shared.then(|| page(Route::Shared, APP.t("app.nav-shared")))}
                    {page(Route::Identity, APP.t("app.nav-identity"))}
                    {page(Route::Doctor, APP.t("app.nav-doctor"))}
                </nav>
                <span class="who" data-testid="signed-in-as">{email}</span>
                <button class="secondary sign-out" data-testid="sign-out" aria-label=APP.t("app.sign-out") on:click=sign_out>
                    {icon("sign-out")} <span>{APP.t("app.sign-out")}</span>
                </button>
            }
        })
    };
    view! {
        <header class="app-bar">
            <Link to=Route::Files class="brand">{icon("logo")} "Firebridge"</Link>
            {signed_in}
            <div class="end">
                <LanguageSwitch />
                <ThemeSwitch />
            </div>
        </header>
    }
}

/// The languages the app speaks; choosing one draws the app again in it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = crate::i18n::language();
    let change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(lang) = Lang::from_tag(&chosen).filter(|lang| *lang != current) {
            locale::choose(lang);
        }
    };
    view! {
        <label class="visually-hidden" for="language">{APP.t("app.language")}</label>
        <select id="language" data-testid="language" on:change=change>
            {Lang::ALL.into_iter().map(|lang| view! {
                <option value=lang.tag() selected=lang == current lang=lang.tag()>{lang.name()}</option>
            }).collect_view()}
        </select>
    }
}

/// Light or dark, remembered; until chosen, the system's.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let dark = RwSignal::new(match locale::theme().as_deref() {
        Some(theme) => theme == "dark",
        None => crate::platform::locale::system_prefers_dark(),
    });
    let label = move || {
        if dark.get() {
            APP.t("app.theme-to-light")
        } else {
            APP.t("app.theme-to-dark")
        }
    };
    view! {
        <button class="ghost icon-only" data-testid="theme" aria-label=label title=label
            on:click=move |_| dark.set(locale::toggle_theme() == "dark")>
            {move || if dark.get() { icon("sun").into_any() } else { icon("moon").into_any() }}
        </button>
    }
}
