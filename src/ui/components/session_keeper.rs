use crate::auth::refresh::next_refresh_at;
use crate::auth::AuthError;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::i18n::APP;
use crate::platform::chunk::split_fn;
use crate::platform::clock;
use crate::route::Route;
use crate::services::{auth, session_store};
use crate::session::{step, Event, Session};
use crate::ui::app::{use_config, use_session, SignedOutNotice};
use crate::ui::router::{use_router, Router};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// How often the keeper looks at the session while nothing is due (sign-ins and sign-outs
/// elsewhere in the app are picked up within this time).
const CHECK_EVERY_SECS: u64 = 15;

/// Keeps the Firebase ID token fresh for as long as the page is open: refreshes it 5 minutes
/// before it expires, backs off on network failures, and signs the user out, saying why, when
/// Firebase refuses the refresh token. Renders nothing. Its code is in the `network` chunk,
/// fetched once someone is signed in.
#[component]
pub fn SessionKeeper() -> impl IntoView {
    let keeper = Keeper {
        config: use_config(),
        session: use_session(),
        notice: expect_context::<SignedOutNotice>().0,
        router: use_router(),
    };
    leptos::task::spawn_local(async move {
        loop {
            if keeper.session.with_untracked(|s| s.is_signed_in()) {
                // Returns when the user signs out; a chunk that failed to load is tried again.
                if let Ok(keeping) = keep(keeper.clone()).await {
                    keeping.await;
                }
            }
            clock::sleep_secs(CHECK_EVERY_SECS).await;
        }
    });
}

#[derive(Clone)]
struct Keeper {
    config: AppConfig,
    session: RwSignal<Session>,
    notice: RwSignal<Option<String>>,
    router: Router,
}

split_fn!(
    network,
    fn keep(keeper: Keeper) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(keeper.keep_signed_in())
    }
);

impl Keeper {
    async fn keep_signed_in(self) {
        let Keeper {
            config,
            session,
            notice,
            router,
        } = self;
        let mut failures = 0u32;
        let mut retry_at: Option<u64> = None;
        while let Some(user) = session.with_untracked(|s| s.user().cloned()) {
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
                        notice.set(Some(
                            APP.tf("app.signed-out-because", &[("reason", &error.to_string())]),
                        ));
                        router.go(Route::Login);
                    }
                }
            }
        }
    }
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
