use crate::auth::refresh::next_refresh_at;
use crate::config::AppConfig;
use crate::i18n::APP;
use crate::platform::chunk::split_fn;
use crate::platform::clock;
use crate::services::auth;
use crate::services::credentials::{self, LiveSession};
use crate::session::{step, Event, Session};
use crate::ui::context::{use_config, use_session, use_sign_out, SignOut, SignOutReason};
use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// How often a sleeping keeper looks whether its sign-in still lasts (a sign-out ends it
/// within this time).
const CHECK_EVERY_SECS: u64 = 15;

/// Keeps the Firebase ID token fresh while someone is signed in: refreshes it 5 minutes
/// before it expires, backs off while the trouble is transient (`AppError::is_transient`),
/// and signs the user out, saying why, when Firebase refuses the refresh token. One keeper per
/// sign-in, started when it begins and ending with it. Renders nothing. Its code is in the
/// `network` chunk, fetched once someone is signed in.
#[component]
pub fn SessionKeeper() -> impl IntoView {
    let (config, session, sign_out) = (use_config(), use_session(), use_sign_out());
    let signed_in = Memo::new(move |_| session.with(Session::is_signed_in));
    // A plain counter, not a reactive one: this component is in the first visit's module.
    let sign_ins = Rc::new(Cell::new(0u64));
    Effect::new(move || {
        if !signed_in.get() {
            return;
        }
        sign_ins.set(sign_ins.get() + 1);
        let keeper = Keeper {
            config: config.clone(),
            session,
            sign_out,
            sign_ins: sign_ins.clone(),
            this_sign_in: sign_ins.get(),
        };
        leptos::task::spawn_local(async move {
            // A chunk that failed to load is tried again while the sign-in lasts.
            while keeper.lasts() {
                if let Ok(keeping) = keep(keeper.clone()).await {
                    return keeping.await;
                }
                clock::sleep_secs(CHECK_EVERY_SECS).await;
            }
        });
    });
}

#[derive(Clone)]
struct Keeper {
    config: AppConfig,
    session: RwSignal<Session>,
    sign_out: SignOut,
    /// Counts sign-ins; this keeper's is `this_sign_in`.
    sign_ins: Rc<Cell<u64>>,
    this_sign_in: u64,
}

split_fn!(
    network,
    fn keep(keeper: Keeper) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(keeper.keep_signed_in())
    }
);

impl Keeper {
    /// Asks STS for AWS credentials as the sign-in begins, while the page that needs them is
    /// still downloading: its first request then finds them (or joins the exchange under way).
    /// A failure is the page's to tell, when it asks again.
    fn fetch_credentials_ahead(&self) {
        // As `ui::credentials::use_live_session` makes it; calling that here would put it in
        // the first visit's module (0.3 KB): this code runs in the network chunk.
        let session = self.session;
        let live = LiveSession::new(move || session.get_untracked(), move |s| session.set(s));
        let config = self.config.clone();
        leptos::task::spawn_local(async move {
            let _ = credentials::current(&config, &live).await;
        });
    }

    /// Whether the sign-in this keeper started for is still the current one.
    fn lasts(&self) -> bool {
        self.sign_ins.get() == self.this_sign_in
            && self.session.with_untracked(Session::is_signed_in)
    }

    async fn keep_signed_in(self) {
        self.fetch_credentials_ahead();
        let mut failures = 0u32;
        let mut retry_at: Option<u64> = None;
        while self.lasts() {
            let Some(user) = self.session.with_untracked(|s| s.user().cloned()) else {
                return;
            };
            let now = clock::now_unix();
            let due = retry_at.unwrap_or_else(|| next_refresh_at(user.expires_at, now, 0));
            if now < due {
                clock::sleep_secs((due - now).min(CHECK_EVERY_SECS)).await;
                continue;
            }
            match auth::refresh(&self.config, &user).await {
                Ok(fresh) => {
                    (failures, retry_at) = (0, None);
                    self.session.update(|s| {
                        *s = step(s.clone(), Event::TokenRefreshed(fresh), clock::now_unix())
                    });
                }
                Err(error) if error.is_transient() => {
                    failures += 1;
                    retry_at = Some(next_refresh_at(
                        user.expires_at,
                        clock::now_unix(),
                        failures,
                    ));
                }
                Err(error) => {
                    let still_same_user = self
                        .session
                        .with_untracked(|s| s.user().is_some_and(|u| u.uid == user.uid));
                    if still_same_user {
                        let why = error.to_string();
                        let notice = APP.tf("app.signed-out-because", &[("reason", &why)]);
                        self.sign_out.sign_out(SignOutReason::Ended(notice));
                    }
                }
            }
        }
    }
}
