//! Data a page loads in the background, shown as it arrives: a signal holding the latest
//! result, and `reload` to fetch it again (the old result stays on screen meanwhile).
//!
//! Leptos's resources and `<Suspense>` do the same with far more machinery; this app needs none
//! of what they add (server rendering, streaming), and the difference is ~10 KB of wasm.

use leptos::prelude::*;
use std::future::Future;

pub struct Loader<T: 'static> {
    latest: RwSignal<Option<T>, LocalStorage>,
    generation: RwSignal<u64>,
}

impl<T: 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Loader<T> {}

impl<T: 'static> Loader<T> {
    /// Starts `load` now, and again on every `reload`. A result that arrives after a newer
    /// load started, or after the page is gone, is dropped.
    pub fn new<F, Fut>(load: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
    {
        let latest = RwSignal::new_local(None);
        let generation = RwSignal::new(0u64);
        Effect::new(move || {
            let this_load = generation.get();
            let pending = load();
            leptos::task::spawn_local(async move {
                let result = pending.await;
                if generation.try_get_untracked() == Some(this_load) {
                    latest.try_set(Some(result));
                }
            });
        });
        Loader { latest, generation }
    }

    pub fn reload(&self) {
        self.generation.update(|g| *g += 1);
    }

    /// Runs `f` on the latest result (`None` until the first one arrives); tracked.
    pub fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.latest.with(|latest| f(latest.as_ref()))
    }
}
