//! Work a user starts with a click (sign in, upload, delete): run in the background, with a
//! signal saying whether it is still running, to disable buttons and change their labels.
//!
//! Leptos's `Action` does this plus versioning and value tracking the app does not use, at
//! several KB of wasm per use.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Start<I> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = ()>>>>;

pub struct Task<I: 'static> {
    start: StoredValue<Start<I>, LocalStorage>,
    running: RwSignal<u32>,
}

impl<I: 'static> Clone for Task<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Task<I> {}

impl<I: 'static> Task<I> {
    pub fn new<F, Fut>(work: F) -> Self
    where
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let start: Start<I> = Rc::new(move |input| Box::pin(work(input)));
        Task {
            start: StoredValue::new_local(start),
            running: RwSignal::new(0),
        }
    }

    pub fn dispatch(&self, input: I) {
        let Some(work) = self.start.try_with_value(|start| start(input)) else {
            return;
        };
        let running = self.running;
        running.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            work.await;
            running.try_update(|n| *n -= 1);
        });
    }

    /// Whether a run is in progress; tracked.
    pub fn pending(&self) -> bool {
        self.running.get() > 0
    }

    /// `pending` as a signal, for components that take one.
    pub fn pending_signal(&self) -> Signal<bool> {
        let running = self.running;
        Signal::derive(move || running.get() > 0)
    }
}
