use crate::auth::refresh::next_refresh_at;
use crate::auth::AuthError;
use crate::error::AppError;
use crate::platform::clock;
use crate::route::Route;
use crate::services::{auth, session_store};
use crate::session::{step, Event, Session};
use crate::ui::app::{use_config, use_session, SignedOutNotice};
use crate::ui::router::use_router;
use leptos::prelude::*;

/// How often the keeper looks at the session while nothing is due (sign-ins and sign-outs
/// elsewhere in the app are picked up within this time).
const CHECK_EVERY_SECS: u64 = 15;

/// Keeps the Firebase ID token fresh for as long as the page is open: refreshes it 5 minutes
/// before it expires, backs off on network failures, and signs the user out, saying why, when
/// Firebase refuses the refresh token. Renders nothing.
#[component]
pub fn SessionKeeper() -> impl IntoView {
    let config = use_config();
    let session = use_session();
    let notice = expect_context::<SignedOutNotice>().0;
    let router = use_router();
    leptos::task::spawn_local(async move {
        let mut failures = 0u32;
        let mut retry_at: Option<u64> = None;
        loop {
            let Some(user) = session.with_untracked(|s| s.user().cloned()) else {
                (failures, retry_at) = (0, None);
                clock::sleep_secs(CHECK_EVERY_SECS).await;
                continue;
            };
            let now = clock::now_unix();
            let due = retry_at.unwrap_or_else(|| next_refresh_at(user.expires_at, now, 0));
            if now < due {
                clock::sleep_secs((due - now).min(CHECK_EVERY_SECS)).await;
                continue;
            }
            match auth::refresh(&config, &user).await {
                Ok(fresh) => {
                    (failures, retry_at) = (0, None);
                    session.update(|s| {
                        *s = step(s.clone(), Event::TokenRefreshed(fresh), clock::now_unix())
                    });
                }
                Err(error) if is_transient(&error) => {
                    failures += 1;
                    retry_at = Some(next_refresh_at(
                        user.expires_at,
                        clock::now_unix(),
                        failures,
                    ));
                }
                Err(error) => {
                    let still_same_user =
                        session.with_untracked(|s| s.user().is_some_and(|u| u.uid == user.uid));
                    if still_same_user {
                        session_store::wipe();
                        session.set(Session::SignedOut);
                        notice.set(Some(format!("You have been signed out. {error}")));
                        router.go(Route::Login);
                    }
                }
            }
        }
    });
}

/// Worth retrying later: the network, Firebase's own trouble, or throttling.
fn is_transient(error: &AppError) -> bool {
    match error {
        AppError::Network(_) => true,
        AppError::Auth(AuthError::TooManyAttempts | AuthError::QuotaExceeded) => true,
        AppError::Auth(AuthError::Unexpected { status, .. }) => *status >= 500,
        _ => false,
    }
}
