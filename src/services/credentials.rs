//! Temporary AWS credentials: reused while fresh, else exchanged for the Firebase ID token.

use crate::aws::sts;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::platform::{clock, http};
use crate::services::session_store;
use crate::session::{step, Event, Session};

/// A session with credentials usable now. Makes the STS call only when the stored ones are
/// missing or within five minutes of expiry.
pub async fn ensure(config: &AppConfig, session: Session) -> Result<Session, AppError> {
    let session = session.resume(clock::now_unix());
    if session.credentials().is_some() {
        return Ok(session);
    }
    let user = session.user().ok_or(AppError::SignedOut)?.clone();
    let request =
        sts::assume_role_with_web_identity_request(&config.aws, &user.uid, &user.id_token);
    let response = http::send(request).await?;
    let role = sts::parse_assume_role(&response)?;
    let next = step(session, Event::CredentialsIssued(role), clock::now_unix());
    session_store::save(&next);
    Ok(next)
}
