//! Keeps the session in sessionStorage, so a reload within the tab needs no new sign-in.

use crate::platform::chunk::{split_fn, ChunkMissing};
use crate::platform::{clock, storage};
use crate::session::Session;

/// The session as it stands now: what was stored, minus whatever expired since. Only a tab
/// that holds a session fetches the code that reads one (the `network` chunk, which a
/// signed-in page needs anyway); if that code cannot be fetched, the stored session stays
/// where it is, for the next attempt.
pub async fn load() -> Result<Session, ChunkMissing> {
    match storage::session_get_text(storage::SESSION_KEY) {
        Some(json) => read_in_chunk(json).await,
        None => Ok(Session::SignedOut),
    }
}

/// The session another tab sent, as it stands now; signed out if `json` holds none, or if its
/// code could not be fetched (the other tab keeps the session; this one shows sign-in).
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
