//! Pages kept out of the first download: in release builds each is a wasm chunk of its own
//! (see platform/chunk.rs), fetched the first time the page shows. The sign-in page, which every
//! first visit needs, stays in the main module.

use crate::error::AppError;
use crate::i18n::{Catalogue, APP};
use crate::platform::chunk::ChunkMissing;
use crate::services::locale;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Declares `$load(owner)`, which renders `$page` under `owner` (see `build_under`), in the
/// chunk `$chunk`. (The owner is passed in because the page is built after an `.await`, where
/// Leptos no longer knows the current owner.)
///
/// With `preload(fetch_it)`, it also declares `fetch_it()`, which downloads the chunk without
/// building anything (to have it while something else is awaited).
macro_rules! lazy_page {
    ($chunk:ident, $load:ident, $page:ident, preload($preload:ident)) => {
        $crate::platform::chunk::split_fn!(
            $chunk,
            preload($preload),
            pub fn $load(
                owner: leptos::prelude::StoredValue<leptos::prelude::Owner>,
            ) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                $crate::ui::lazy::build_under(owner, || view! { <$page /> }.into_any())
            }
        );
    };
    ($chunk:ident, $load:ident, $page:ident) => {
        $crate::platform::chunk::split_fn!(
            $chunk,
            pub fn $load(
                owner: leptos::prelude::StoredValue<leptos::prelude::Owner>,
            ) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                $crate::ui::lazy::build_under(owner, || view! { <$page /> }.into_any())
            }
        );
    };
}
pub(crate) use lazy_page;

/// Builds what a chunk holds under `owner`, once the chunk has arrived; nothing if the place it
/// was fetched for is gone meanwhile (the user moved on, or was signed out): built there, it
/// would find none of the app's contexts, and panic.
pub fn build_under(owner: StoredValue<Owner>, build: impl FnOnce() -> AnyView) -> AnyView {
    match owner.try_get_value() {
        Some(owner) => owner.with(build),
        None => ().into_any(),
    }
}

/// Shows "Loading…" until `load` has fetched and built the page, and the messages of `areas`
/// have arrived in the language shown; if either fetch fails, says so and offers to try again
/// (the session and the address stay as they are).
pub fn show_lazy<Fut>(
    load: impl Fn(StoredValue<Owner>) -> Fut + 'static,
    areas: &'static [&'static Catalogue],
) -> AnyView
where
    Fut: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    show_built(Rc::new(move |owner| Box::pin(load(owner))), areas)
}

/// The page being built, boxed: `show_lazy`'s work is compiled once, not once per page (five
/// copies of it were 12 KB of the first download's wasm before brotli).
type Building = Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>;

fn show_built(
    load: Rc<dyn Fn(StoredValue<Owner>) -> Building>,
    areas: &'static [&'static Catalogue],
) -> AnyView {
    let load = StoredValue::new_local(load);
    let owner = StoredValue::new(Owner::new());
    let page = StoredValue::new_local(None::<AnyView>);
    let state = RwSignal::new(LoadState::Loading);
    let attempt = move || {
        state.set(LoadState::Loading);
        leptos::task::spawn_local(async move {
            let Some(building) = load.try_with_value(|load| load(owner)) else {
                return;
            };
            // The messages first: the page is built as soon as its code has arrived.
            let outcome = match locale::load_areas(areas).await {
                true => building.await,
                false => Err(ChunkMissing),
            };
            let next = match outcome {
                Ok(view) => {
                    page.try_set_value(Some(view));
                    LoadState::Ready
                }
                _ => LoadState::Failed,
            };
            state.try_set(next);
        });
    };
    attempt();
    (move || match state.get() {
        LoadState::Loading => view! { <p class="loading">{APP.t("app.loading")}</p> }.into_any(),
        LoadState::Ready => page
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        LoadState::Failed => view! {
            <section class="card">
                <p class="error" role="alert" data-testid="error">
                    {AppError::PartOfAppMissing.to_string()}
                </p>
                <button on:click=move |_| attempt()>{APP.t("app.try-again")}</button>
            </section>
        }
        .into_any(),
    })
    .into_any()
}

/// Shows what `load` builds once its chunk has arrived, and nothing until then, nor if the
/// chunk cannot be fetched: for parts of the page that only signed-in pages fill (toasts),
/// whose chunk is already there by then.
pub fn show_when_loaded<Fut>(
    load: impl FnOnce(StoredValue<Owner>) -> Fut + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    let built = StoredValue::new_local(None::<AnyView>);
    let ready = RwSignal::new(false);
    let building = load(StoredValue::new(Owner::new()));
    leptos::task::spawn_local(async move {
        if let Ok(view) = building.await {
            built.try_set_value(Some(view));
            ready.try_set(true);
        }
    });
    move || {
        ready
            .get()
            .then(|| built.try_update_value(Option::take).flatten())
            .flatten()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum LoadState {
    Loading,
    Ready,
    Failed,
}
