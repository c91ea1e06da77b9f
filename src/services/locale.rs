//! The language the app speaks and the theme it wears: what the user chose (kept in
//! localStorage), else what the browser says. A language's catalogue is fetched before the app
//! is drawn; changing language draws the app again (the session stays).

use crate::i18n::{self, Catalogue, Lang};
use crate::platform::{http, locale, location, storage};

/// Sets up the language to show: the user's choice, else the first of the browser's that the
/// app speaks, with its `app` messages. Falls back to English when they cannot be fetched.
pub async fn load() -> Lang {
    let wanted = storage::local_get::<Lang>(storage::LANGUAGE_KEY).unwrap_or_else(|| {
        let browser = locale::browser_languages();
        Lang::preferred(browser.iter().map(String::as_str))
    });
    let lang = if fetch(wanted, &i18n::APP).await {
        wanted
    } else {
        Lang::En
    };
    i18n::set_language(lang);
    locale::set_document_language(lang.tag());
    lang
}

/// Makes sure the messages of `areas` are at hand in the language shown (a page calls this as
/// its code is fetched). False when one could not be fetched (offline): the page cannot show.
pub async fn load_areas(areas: &[&'static Catalogue]) -> bool {
    let lang = i18n::language();
    for area in areas {
        if !fetch(lang, area).await {
            return false;
        }
    }
    true
}

/// Fetches `locales/<lang>/<area>.txt` unless it is at hand already.
async fn fetch(lang: Lang, area: &Catalogue) -> bool {
    if area.is_loaded(lang) {
        return true;
    }
    let url = location::resolve(&format!("locales/{}/{}.txt", lang.tag(), area.area()));
    match http::get_own_file(&url).await {
        Ok((200, text)) => {
            area.add(lang, &text);
            true
        }
        _ => false,
    }
}

/// Remembers `lang` and draws the app again in it.
pub fn choose(lang: Lang) {
    storage::local_set(storage::LANGUAGE_KEY, &lang);
    location::reload();
}

/// The theme the user chose (`light`, `dark`), or None: follow the system.
pub fn theme() -> Option<String> {
    storage::local_get::<String>(storage::THEME_KEY).filter(|t| t == "light" || t == "dark")
}

/// Applies the chosen theme (at start-up, and when the user switches).
pub fn apply_theme(theme: Option<&str>) {
    locale::set_theme(theme);
}

/// Switches to the theme other than the one showing, and remembers it.
pub fn toggle_theme() -> &'static str {
    let dark_now = match theme().as_deref() {
        Some(chosen) => chosen == "dark",
        None => locale::system_prefers_dark(),
    };
    let next = if dark_now { "light" } else { "dark" };
    storage::local_set(storage::THEME_KEY, &next);
    apply_theme(Some(next));
    next
}

/// Dates in the language shown, in this device's time zone.
pub fn date_time(unix_seconds: u64) -> String {
    locale::date_time(unix_seconds, i18n::language().tag())
}
