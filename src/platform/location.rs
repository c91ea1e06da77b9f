//! The address bar and the page's base URL.

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// `scheme://host[:port]` of the page.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

pub fn href() -> String {
    window().location().href().unwrap_or_default()
}

/// The URL the app is served under (honours `<base href>`, so sub-path hosting works).
pub fn base_url() -> String {
    window()
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| window().location().origin().unwrap_or_default())
}

/// Resolves `path` against the base URL, for files served beside the app (config.json).
pub fn resolve(path: &str) -> String {
    web_sys::Url::new_with_base(path, &base_url())
        .map(|url| url.href())
        .unwrap_or(path.to_string())
}

/// Replaces the current history entry, so what was in the address bar is gone from history.
pub fn replace(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// The path of the base URL (`/` or a sub-path like `/app/`).
pub fn base_path() -> String {
    web_sys::Url::new(&base_url())
        .map(|url| url.pathname())
        .unwrap_or_else(|_| "/".to_string())
}

pub fn path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Adds a history entry for `url` (same origin) without loading it.
pub fn push(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Calls `on_change` whenever the user goes back or forward. Lives as long as the page.
pub fn on_history_change(on_change: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let listener = Closure::<dyn Fn()>::new(on_change);
    let _ =
        window().add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Loads the page again (the session stays: it is in sessionStorage).
pub fn reload() {
    let _ = window().location().reload();
}
