//! Keeps the session in sessionStorage, so a reload within the tab needs no new sign-in.

use crate::platform::{clock, storage};
use crate::session::Session;

/// The session as it stands now: what was stored, minus whatever expired since.
pub fn load() -> Session {
    storage::session_get::<Session>(storage::SESSION_KEY)
        .unwrap_or(Session::SignedOut)
        .resume(clock::now_unix())
}

/// Stores a signed-in session; any other state removes what was stored, so no token outlives
/// the session however it ended.
pub fn save(session: &Session) {
    if session.is_signed_in() {
        storage::session_set(storage::SESSION_KEY, session);
    } else {
        storage::session_remove(storage::SESSION_KEY);
    }
}

/// Forgets everything: tokens, credentials, and the remembered email.
pub fn wipe() {
    storage::wipe_all();
}
