//! The page's own elements, outside what Leptos renders.

/// Removes the element with `id`, if there is one (index.html's placeholder, say).
pub fn remove_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element {
        element.remove();
    }
}
