//! sessionStorage and localStorage. Secrets go to sessionStorage only (gone with the tab);
//! localStorage holds nothing secret: the email a sign-in link was sent to, the records of
//! interrupted uploads (key, upload id, finished parts, the file's name and size) for resuming,
//! each forgotten once S3 has aborted its upload, and the device's preferences (language,
//! theme, the files page's layout).

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};

/// Every key the app writes starts with this, so sign-out can wipe them all.
pub const PREFIX: &str = "firebridge.";
pub const SESSION_KEY: &str = "firebridge.session";
pub const EMAIL_FOR_SIGN_IN_KEY: &str = "firebridge.emailForSignIn";
/// Seconds between this device's clock and AWS's (no secret: sessionStorage, for the tab).
pub const CLOCK_OFFSET_KEY: &str = "firebridge.clockOffset";
/// The language and the theme the user chose (localStorage: no secret, kept for next time).
pub const LANGUAGE_KEY: &str = "firebridge.language";
pub const THEME_KEY: &str = "firebridge.theme";
/// Whether the files page draws a table or a grid (localStorage: no secret, kept likewise).
pub const FILES_LAYOUT_KEY: &str = "firebridge.filesLayout";

pub fn session_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    SessionStorage::get(key).ok()
}

/// The JSON stored under `key`, unread, for a caller that reads it elsewhere.
pub fn session_get_text(key: &str) -> Option<String> {
    SessionStorage::raw().get_item(key).ok().flatten()
}

pub fn session_set<T: Serialize>(key: &str, value: &T) {
    // A full or disabled storage only costs the user a sign-in after a reload.
    let _ = SessionStorage::set(key, value);
}

pub fn session_remove(key: &str) {
    SessionStorage::delete(key);
}

pub fn local_get<T: DeserializeOwned>(key: &str) -> Option<T> {
    LocalStorage::get(key).ok()
}

pub fn local_set<T: Serialize>(key: &str, value: &T) {
    let _ = LocalStorage::set(key, value);
}

pub fn local_remove(key: &str) {
    LocalStorage::delete(key);
}

/// The localStorage keys that start with `prefix`.
pub fn local_keys(prefix: &str) -> Vec<String> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect()
}

/// The device's preferences, which say nothing about the user: kept on sign-out.
const PREFERENCES: [&str; 3] = [LANGUAGE_KEY, THEME_KEY, FILES_LAYOUT_KEY];

/// Removes every key of the app from both storages, but the device's preferences.
pub fn wipe_all() {
    for storage in [SessionStorage::raw(), LocalStorage::raw()] {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|key| key.starts_with(PREFIX) && !PREFERENCES.contains(&key.as_str()))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
}
