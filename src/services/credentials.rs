//! Temporary AWS credentials, resolved per request: the stored ones while fresh, else new ones
//! from STS for the Firebase ID token. Requests that need new ones at the same moment share one
//! STS call.

use crate::auth::AuthError;
use crate::aws::retry::{self, sts_decision, StsRetry};
use crate::aws::sts::{self, AssumedRole};
use crate::aws::AwsCredentials;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::platform::{clock, http};
use crate::services::{auth, connectivity};
use crate::session::{step, Event, Session};
use crate::single_flight::SingleFlight;
use std::rc::Rc;

/// The session as the services see it: read it, replace it. The UI backs it with its session
/// signal, so credentials renewed for one request are what every page uses next.
#[derive(Clone)]
pub struct LiveSession {
    read: Rc<dyn Fn() -> Session>,
    write: Rc<dyn Fn(Session)>,
}

impl LiveSession {
    pub fn new(read: impl Fn() -> Session + 'static, write: impl Fn(Session) + 'static) -> Self {
        LiveSession {
            read: Rc::new(read),
            write: Rc::new(write),
        }
    }

    pub fn get(&self) -> Session {
        (self.read)()
    }

    /// Moves the session on by `event` (`session::step`), writing it only if it changed (a
    /// write wakes everything that shows it).
    pub fn step(&self, event: Event) {
        let (current, now) = (self.get(), clock::now_unix());
        let next = step(current.clone(), event, now);
        if next != current {
            (self.write)(next);
        }
    }
}

thread_local! {
    static EXCHANGES: SingleFlight<Result<Exchanged, AppError>> = SingleFlight::default();
}

/// Credentials for a request sent now: the stored ones unless they expire within the refresh
/// margin, else new ones.
pub async fn current(config: &AppConfig, live: &LiveSession) -> Result<AwsCredentials, AppError> {
    let session = live.get().resume(clock::now_unix());
    match session.credentials() {
        Some(credentials) => Ok(credentials.clone()),
        None => exchange(config, live).await,
    }
}

/// New credentials after AWS refused `refused` (expired, or unknown to it), unless another
/// request has already replaced them.
pub async fn replace_refused(
    config: &AppConfig,
    live: &LiveSession,
    refused: &AwsCredentials,
) -> Result<AwsCredentials, AppError> {
    let session = live.get();
    match session.credentials() {
        Some(stored) if stored.access_key_id != refused.access_key_id => Ok(stored.clone()),
        _ => {
            // Refused credentials are forgotten at once (storage included), whether or not
            // new ones come.
            live.step(Event::CredentialsRefused);
            exchange(config, live).await
        }
    }
}

/// Fresh credentials now, whatever the stored ones' expiry ("refresh now").
pub async fn renew(config: &AppConfig, live: &LiveSession) -> Result<AwsCredentials, AppError> {
    exchange(config, live).await
}

/// One STS exchange for the signed-in user, shared with any other caller that needs one now.
async fn exchange(config: &AppConfig, live: &LiveSession) -> Result<AwsCredentials, AppError> {
    let Some(user) = live.get().user().cloned() else {
        live.step(Event::SignedOut);
        return Err(AppError::SignedOut);
    };
    let flight = EXCHANGES.with(SingleFlight::clone);
    let config_for_run = config.clone();
    let uid = user.uid.clone();
    let outcome = flight
        .run(&uid, move || assume_role(config_for_run, user))
        .await;
    // The user may have signed out (or another signed in) while STS answered.
    let still_signed_in = live.get().user().is_some_and(|u| u.uid == uid);
    match outcome {
        Ok(Exchanged { user, role }) if still_signed_in => {
            // The tokens the exchange used (refreshed on the way, perhaps), then its role.
            live.step(Event::TokenRefreshed(user));
            live.step(Event::CredentialsIssued(role));
            live.get().credentials().cloned().ok_or(AppError::SignedOut)
        }
        Ok(_) => Err(AppError::SignedOut),
        Err(AppError::SignedOut) => {
            live.step(Event::SignedOut);
            Err(AppError::SignedOut)
        }
        Err(error) => Err(error),
    }
}

/// What one exchange gives: the user's tokens as it used them (refreshed on the way, perhaps)
/// and the role STS issued.
#[derive(Clone)]
struct Exchanged {
    user: crate::auth::FirebaseUser,
    role: AssumedRole,
}

/// AssumeRoleWithWebIdentity, retried as `aws::retry` decides (STS's transient errors and the
/// network's failures alike); the ID token is refreshed first when it has expired, and once
/// more if STS finds it expired.
async fn assume_role(
    config: AppConfig,
    mut user: crate::auth::FirebaseUser,
) -> Result<Exchanged, AppError> {
    if !user.id_token_usable(clock::now_unix()) {
        user = auth::refresh(&config, &user).await?;
    }
    if config.firebase.invite_only && !user.membership().member {
        // An invitation made since this token was issued comes with a new one.
        user = auth::refresh(&config, &user).await?;
        if !user.membership().member {
            return Err(AuthError::NotInvited.into());
        }
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let error = match assume_role_once(&config, &user).await {
            Ok(role) => {
                connectivity::settled();
                // Not applied here: the caller keeps it only if the user is still signed in,
                // so a sign-out meanwhile stays one.
                return Ok(Exchanged { user, role });
            }
            Err(AppError::Sts(error)) => error,
            // The exchange is safe to repeat: a failed network is retried like a busy STS.
            Err(AppError::Network(failure)) => {
                match retry::transient_retry_wait(attempt, clock::jitter()) {
                    Some(wait) => {
                        connectivity::retrying();
                        clock::sleep_millis(wait).await;
                        continue;
                    }
                    None => {
                        connectivity::settled();
                        return Err(AppError::Network(failure));
                    }
                }
            }
            Err(other) => return Err(other),
        };
        connectivity::settled();
        match sts_decision(&error, attempt, clock::jitter()) {
            StsRetry::After(millis) => clock::sleep_millis(millis).await,
            StsRetry::RefreshIdTokenThenRetry => user = auth::refresh(&config, &user).await?,
            StsRetry::GiveUp => return Err(error.into()),
        }
    }
}

/// One AssumeRoleWithWebIdentity for `user`, as STS answers it (no retry, session untouched):
/// the exchange above retries it; the doctor reports its answer as it is.
pub async fn assume_role_once(
    config: &AppConfig,
    user: &crate::auth::FirebaseUser,
) -> Result<AssumedRole, AppError> {
    let request =
        sts::assume_role_with_web_identity_request(&config.aws, &user.uid, &user.id_token);
    let sent_at = clock::now_unix();
    let response = http::send(request).await?;
    let duration = config.aws.session_duration_secs;
    Ok(sts::parse_assume_role(&response, sent_at, duration)?)
}
