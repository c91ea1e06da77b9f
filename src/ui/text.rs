//! Messages with markup inside: the catalogue holds the whole sentence with a placeholder, and
//! the view puts an element (a bold address, a link, code) where the placeholder is, wherever
//! the language puts it.

use leptos::prelude::*;

/// `template` with its `{name}` replaced by `inner`.
pub fn with_element(template: String, name: &str, inner: impl IntoView) -> impl IntoView {
    let marker = format!("{{{name}}}");
    let (before, after) = match template.split_once(&marker) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (template, String::new()),
    };
    view! { {before}{inner}{after} }
}

/// `template` with its `{name}` shown as `<strong>value</strong>`.
pub fn with_strong(template: String, name: &str, value: String) -> impl IntoView {
    with_element(template, name, view! { <strong>{value}</strong> })
}

/// `template` with its `{name}` shown as `<code>value</code>`.
pub fn with_code(template: String, name: &str, value: String) -> impl IntoView {
    with_element(template, name, view! { <code>{value}</code> })
}
