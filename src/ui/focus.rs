//! Where keyboard focus is (the document's active element), for the dialogs, the file table and
//! its menus, which move focus themselves.

use wasm_bindgen::JsCast;

/// The element that has focus, if it is an HTML element (it is `<body>` when none has).
pub fn focused() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

pub fn is_focused(element: &web_sys::HtmlElement) -> bool {
    focused().is_some_and(|active| active == *element)
}

/// Whether nothing has focus: it was on an element that is gone, and fell back to `<body>`.
pub fn was_lost() -> bool {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    match (focused(), body) {
        (None, _) => true,
        (Some(active), Some(body)) => active == body,
        _ => false,
    }
}
