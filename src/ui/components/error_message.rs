use leptos::prelude::*;

/// An error the user must read: announced to screen readers, found by tests by its test id.
#[component]
pub fn ErrorMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|text| {
            view! { <p class="error" role="alert" data-testid="error">{text}</p> }
        })
    }
}
