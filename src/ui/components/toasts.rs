//! Toasts: a line saying what finished ("3 files uploaded", "report.pdf deleted"), for a few
//! seconds, in a live region screen readers announce. One list for the whole app, so a page's
//! views can report wherever they are built.

use crate::i18n::APP;
use crate::platform::chunk::split_fn;
use crate::platform::clock;
use crate::ui::icon::icon;
use crate::ui::lazy::{build_under, show_when_loaded};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::Arc;

/// How long a toast stays.
const SHOWN_SECS: u64 = 6;
/// How long one offering an action (Undo) stays: long enough to reach it from the keyboard.
const SHOWN_WITH_ACTION_SECS: u64 = 12;

#[derive(Clone)]
struct Toast {
    id: u64,
    text: String,
    failed: bool,
    /// A button beside the text (its label, what it does); pressing it dismisses the toast.
    action: Option<(String, Action)>,
}

/// What a toast's button does. Owned by the toast, not by a reactive owner: the toast outlives
/// the dialog or page that said it (an Undo pressed after the delete dialog closed).
type Action = Arc<SendWrapper<Box<dyn Fn()>>>;

#[derive(Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<Toast>>,
    next_id: RwSignal<u64>,
}

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        shown: RwSignal::new(Vec::new()),
        next_id: RwSignal::new(0),
    };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    /// Says that something finished.
    pub fn say(&self, text: String) {
        self.push(text, false, None);
    }

    /// Says that something finished, with a button that acts on it (Undo).
    pub fn say_with_action(&self, text: String, label: String, action: impl Fn() + 'static) {
        let action: Action = Arc::new(SendWrapper::new(Box::new(action)));
        self.push(text, false, Some((label, action)));
    }

    /// Says that something failed (the full reason stays where it happened, if it can).
    pub fn warn(&self, text: String) {
        self.push(text, true, None);
    }

    fn push(&self, text: String, failed: bool, action: Option<(String, Action)>) {
        let id = self.next_id.get_untracked();
        self.next_id.set(id + 1);
        let secs = match action {
            Some(_) => SHOWN_WITH_ACTION_SECS,
            None => SHOWN_SECS,
        };
        self.shown.update(|shown| {
            shown.push(Toast {
                id,
                text,
                failed,
                action,
            })
        });
        let this = *self;
        leptos::task::spawn_local(async move {
            clock::sleep_secs(secs).await;
            this.dismiss(id);
        });
    }

    fn dismiss(&self, id: u64) {
        self.shown.try_update(|shown| shown.retain(|t| t.id != id));
    }
}

/// The toasts, bottom right (bottom, full width, on a phone). The region is always in the page,
/// so that what appears in it is announced; what draws the toasts is in the `network` chunk,
/// which any page that says something has loaded (a first visit downloads none of it).
#[component]
pub fn ToastList(toasts: Toasts) -> impl IntoView {
    let any = Memo::new(move |_| toasts.shown.with(|shown| !shown.is_empty()));
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            {move || any.get().then(|| show_when_loaded(move |owner| load_toasts(owner, toasts)))}
        </div>
    }
}

split_fn!(
    network,
    fn load_toasts(owner: StoredValue<Owner>, toasts: Toasts) -> AnyView {
        build_under(owner, || toast_items(toasts).into_any())
    }
);

fn toast_items(toasts: Toasts) -> impl IntoView {
    // Keyed, so that a toast coming or going leaves the others' nodes alone: a screen reader
    // announces what is inserted into the live region, and only the new toast is.
    view! {
        <For each=move || toasts.shown.get() key=|toast| toast.id let(toast)>
            <div class="toast" class:failed=toast.failed data-testid="toast">
                <span>{toast.text}</span>
                {toast.action.map(|(label, action)| view! {
                    <button class="secondary small" data-testid="toast-action"
                        on:click=move |_| { toasts.dismiss(toast.id); (action)(); }>{label}</button>
                })}
                <button class="icon-only" aria-label=APP.t("app.dismiss")
                    on:click=move |_| toasts.dismiss(toast.id)>{icon("x")}</button>
            </div>
        </For>
    }
}
