//! Temporary AWS credentials: reused while fresh, else exchanged for the Firebase ID token.

use crate::aws::retry::{sts_decision, StsRetry};
use crate::aws::sign::{sign_request, Service};
use crate::aws::sts::{self, CallerIdentity};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::platform::{clock, http};
use crate::services::{auth, clock_skew, session_store};
use crate::session::{step, Event, Session};

/// A session with credentials usable now. Makes the STS call only when the stored ones are
/// missing or within five minutes of expiry; retries it as `aws::retry` decides.
pub async fn ensure(config: &AppConfig, session: Session) -> Result<Session, AppError> {
    let session = session.resume(clock::now_unix());
    if session.credentials().is_some() {
        return Ok(session);
    }
    let mut user = session.user().ok_or(AppError::SignedOut)?.clone();
    if !user.id_token_usable(clock::now_unix()) {
        user = auth::refresh(config, &user).await?;
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let request =
            sts::assume_role_with_web_identity_request(&config.aws, &user.uid, &user.id_token);
        let sent_at = clock::now_unix();
        let response = http::send(request).await?;
        let duration = config.aws.session_duration_secs;
        let error = match sts::parse_assume_role(&response, sent_at, duration) {
            Ok(role) => {
                let signed_in = Session::SignedIn { user };
                let next = step(signed_in, Event::CredentialsIssued(role), clock::now_unix());
                session_store::save(&next);
                return Ok(next);
            }
            Err(error) => error,
        };
        match sts_decision(&error, attempt, clock::jitter()) {
            StsRetry::After(millis) => clock::sleep_millis(millis).await,
            StsRetry::RefreshIdTokenThenRetry => user = auth::refresh(config, &user).await?,
            StsRetry::GiveUp => return Err(error.into()),
        }
    }
}

/// Fresh credentials now, whatever the stored ones' expiry ("refresh now").
pub async fn renew(config: &AppConfig, session: Session) -> Result<Session, AppError> {
    let user = session.user().ok_or(AppError::SignedOut)?.clone();
    ensure(config, Session::SignedIn { user }).await
}

/// Who AWS says this session is: a signed STS GetCallerIdentity.
pub async fn caller_identity(
    config: &AppConfig,
    session: &Session,
) -> Result<CallerIdentity, AppError> {
    let credentials = session.credentials().ok_or(AppError::SignedOut)?;
    let mut request = sts::get_caller_identity_request(&config.aws);
    sign_request(
        &mut request,
        Service::Sts,
        &config.aws.region,
        credentials,
        clock_skew::signing_time(),
    )?;
    Ok(sts::parse_caller_identity(&http::send(request).await?)?)
}
