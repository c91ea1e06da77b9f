//! The user's language and theme as the browser tells them, and the page's own `lang` and
//! `data-theme`; dates in the user's language and time zone (`Intl`).

use wasm_bindgen::JsValue;

/// `navigator.languages`, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect()
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// The page's `lang` attribute (screen readers pronounce by it).
pub fn set_document_language(tag: &str) {
    if let Some(root) = root() {
        let _ = root.set_attribute("lang", tag);
    }
}

/// `light` or `dark`, or None to follow the system (`prefers-color-scheme`).
pub fn set_theme(theme: Option<&str>) {
    if let Some(root) = root() {
        let _ = match theme {
            Some(theme) => root.set_attribute("data-theme", theme),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// Whether the system asks for a dark theme.
pub fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// A moment (Unix seconds) as date and time, the way `tag`'s readers write them, in this
/// device's time zone.
pub fn date_time(unix_seconds: u64, tag: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    let options = js_sys::Object::new();
    for (name, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    date.to_locale_string(tag, &options).into()
}
