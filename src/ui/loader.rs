//! Data a page loads in the background, shown as it arrives: a signal holding the latest
//! result, and `reload` to fetch it again (the old result stays on screen meanwhile).
//!
//! Leptos's resources and `<Suspense>` do the same with far more machinery; this app needs none
//! of what they add (server rendering, streaming), and the difference is ~10 KB of wasm.

use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

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
        // Counts every load, whether `reload` or a signal that `load` reads started it: only
        // the newest may answer (a slow listing of the folder left must not replace the one
        // opened since).
        let started = Rc::new(Cell::new(0u64));
        Effect::new(move || {
            generation.track();
            let this_load = started.get() + 1;
            started.set(this_load);
            let pending = load();
            let started = started.clone();
            leptos::task::spawn_local(async move {
                let result = pending.await;
                if started.get() == this_load {
                    latest.try_set(Some(result));
                }
            });
        });
        Loader { latest, generation }
    }

    /// Loads again; nothing once the owner is gone (an Undo pressed after leaving the page).
    pub fn reload(&self) {
        self.generation.try_update(|g| *g += 1);
    }

    /// Runs `f` on the latest result (`None` until the first one arrives); tracked.
    pub fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.latest.with(|latest| f(latest.as_ref()))
    }

    /// `with`, untracked: for event handlers.
    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.latest.with_untracked(|latest| f(latest.as_ref()))
    }
}
