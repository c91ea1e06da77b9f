//! The icons of index.html's sprite, by name. Decorative: the control they sit in carries the
//! accessible name.

use leptos::prelude::*;

pub fn icon(name: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" aria-hidden="true" focusable="false"><use href=format!("#i-{name}") /></svg>
    }
}
