//! A modal dialog (`<dialog>` shown with `showModal()`): the rest of the page is inert while it
//! is open, so focus stays inside; Escape and the close button close it; focus goes back to
//! what had it before (the row's menu button, say).

use crate::i18n::APP;
use crate::ui::focus;
use crate::ui::icon::icon;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;

#[component]
pub fn Dialog(
    /// The dialog's heading, which also names it for screen readers.
    title: String,
    /// The `data-testid` of the `<dialog>`.
    testid: &'static str,
    /// Called when the user closes it (Escape, the close button); the owner stops showing it.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let title_id = format!("dialog-title-{testid}");
    let heading_id = title_id.clone();
    let before = SendWrapper::new(focus::focused());
    let shown = Arc::new(Mutex::new(None::<SendWrapper<web_sys::HtmlDialogElement>>));
    dialog.on_load({
        let shown = Arc::clone(&shown);
        move |element| {
            let _ = element.show_modal();
            *shown.lock().unwrap() = Some(SendWrapper::new(element));
        }
    });
    on_cleanup(move || {
        // Closed first: while a modal dialog is open the rest of the page is inert, and an
        // inert element cannot take focus.
        if let Some(element) = shown.lock().unwrap().take() {
            element.close();
        }
        // Back where it was; if that is gone (a deleted row), to the page's heading.
        let back = before
            .take()
            .filter(|e| e.is_connected())
            .or_else(page_heading);
        if let Some(element) = back {
            let _ = element.focus();
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            // Closed by the owner (which stops rendering it), not by the browser.
            ev.prevent_default();
            on_close.try_run(());
        }
    };
    view! {
        <dialog node_ref=dialog data-testid=testid aria-labelledby=title_id.clone() on:keydown=keydown
            on:close=move |_| { on_close.try_run(()); }>
            <header>
                <h2 id=heading_id>{title}</h2>
                <button class="ghost icon-only" data-testid="close-dialog" aria-label=APP.t("app.close")
                    on:click=move |_| { on_close.try_run(()); }>{icon("x")}</button>
            </header>
            {children()}
        </dialog>
    }
}

/// The page's main heading (`id="page-title"`, focusable with `tabindex="-1"`), if it has one.
fn page_heading() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("page-title")?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}
