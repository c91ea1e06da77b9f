//! What the app provides to every page once config.json has loaded (`ui::app` provides them;
//! components and pages read them here, so neither depends on the other): the configuration,
//! the session, why the user was signed out, and what finishing a sign-in does.

use crate::auth::FirebaseUser;
use crate::config::AppConfig;
use crate::i18n::APP;
use crate::platform::clock;
use crate::route::Route;
use crate::services::{session_store, tabs};
use crate::session::{step, Event, Session};
use crate::ui::router::{use_router, Router};
use leptos::prelude::*;

/// The configuration, provided once config.json has loaded.
pub fn use_config() -> AppConfig {
    expect_context::<AppConfig>()
}

pub fn use_session() -> RwSignal<Session> {
    expect_context::<RwSignal<Session>>()
}

/// Why the app signed the user out, shown on the sign-in page.
#[derive(Clone, Copy)]
pub struct SignedOutNotice(pub RwSignal<Option<String>>);

/// What a successful sign-in (link or password) does. Made during a component's setup, so it
/// holds its handles when called after an `.await`, where contexts cannot be read.
#[derive(Clone, Copy)]
pub struct SignInFinisher {
    session: RwSignal<Session>,
    notice: SignedOutNotice,
    router: Router,
}

pub fn use_sign_in_finisher() -> SignInFinisher {
    SignInFinisher {
        session: use_session(),
        notice: expect_context::<SignedOutNotice>(),
        router: use_router(),
    }
}

impl SignInFinisher {
    /// Records the user, forgets any sign-out notice, and shows `next` in place of the
    /// sign-in page (so Back does not return to a spent link).
    pub fn finish(&self, user: FirebaseUser, next: Route) {
        self.session
            .update(|s| *s = step(s.clone(), Event::SignedIn(user), clock::now_unix()));
        self.notice.0.set(None);
        self.router.redirect(next);
    }
}

/// Why a session ends.
pub enum SignOutReason {
    /// The user asked (Sign out): the app's other tabs sign out too.
    Asked,
    /// Another tab of the app signed out.
    Elsewhere,
    /// Firebase ended the session (refresh token revoked, account disabled): the sentence
    /// saying so (made by the caller, whose code is fetched only once someone is signed in).
    Ended(String),
}

/// What signing out does, wherever it starts: the session steps to signed out, everything the
/// app stored goes, the sign-in page opens and says why (unless the user asked). Made during a
/// component's setup, like `SignInFinisher`.
#[derive(Clone, Copy)]
pub struct SignOut {
    session: RwSignal<Session>,
    notice: SignedOutNotice,
    router: Router,
}

pub fn use_sign_out() -> SignOut {
    SignOut {
        session: use_session(),
        notice: expect_context::<SignedOutNotice>(),
        router: use_router(),
    }
}

impl SignOut {
    pub fn sign_out(&self, reason: SignOutReason) {
        session_store::wipe();
        let notice = match reason {
            SignOutReason::Asked => {
                tabs::announce_sign_out();
                None
            }
            SignOutReason::Elsewhere => Some(APP.t("app.signed-out-elsewhere")),
            SignOutReason::Ended(notice) => Some(notice),
        };
        self.session
            .update(|s| *s = step(s.clone(), Event::SignedOut, clock::now_unix()));
        self.notice.0.set(notice);
        self.router.go(Route::Login);
    }
}
