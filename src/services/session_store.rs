//! Keeps the session in sessionStorage, so a reload within the tab needs no new sign-in.

use crate::platform::chunk::split_fn;
use crate::platform::{clock, storage};
use crate::session::Session;

/// The session as it stands now: what was stored, minus whatever expired since. Only a tab
/// that holds a session fetches the code that reads one (the `network` chunk, which a
/// signed-in page needs anyway).
pub async fn load() -> Session {
    match storage::session_get_text(storage::SESSION_KEY) {
        Some(json) => read(json).await,
        None => Session::SignedOut,
    }
}

/// The session `json` holds (stored, or sent by another tab), as it stands now; signed out if
/// it holds none, or if its code could not be fetched (the user signs in again).
pub async fn read(json: String) -> Session {
    read_in_chunk(json).await.unwrap_or(Session::SignedOut)
}

split_fn!(
    network,
    fn read_in_chunk(json: String) -> Session {
        Session::from_json(&json)
            .unwrap_or(Session::SignedOut)
            .resume(clock::now_unix())
    }
);

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
