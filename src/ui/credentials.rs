//! Running a signed AWS call from a page: credentials first (reused while fresh), the session
//! signal kept in step, and a session that has ended sends the user back to sign-in.

use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials;
use crate::session::Session;
use crate::ui::app::{use_config, use_session};
use leptos::prelude::*;
use std::future::Future;

/// A resource that loads with AWS credentials (see `with_credentials`); `refetch` reloads it.
pub fn credentialed_resource<T, F, Fut>(op: F) -> LocalResource<Result<T, AppError>>
where
    T: 'static,
    F: Fn(AppConfig, Session) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let (config, session) = (use_config(), use_session());
    LocalResource::new(move || {
        let (config, op) = (config.clone(), op.clone());
        async move { with_credentials(&config, session, op).await }
    })
}

/// Gets credentials (reused while fresh), then runs `op` with the config and the credentialed
/// session.
pub async fn with_credentials<T, F, Fut>(
    config: &AppConfig,
    session: RwSignal<Session>,
    op: F,
) -> Result<T, AppError>
where
    F: FnOnce(AppConfig, Session) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let current = credentials::ensure(config, session.get_untracked()).await;
    match current {
        Ok(credentialed) => {
            if session.with_untracked(|s| s != &credentialed) {
                session.set(credentialed.clone());
            }
            op(config.clone(), credentialed).await
        }
        Err(AppError::SignedOut) => {
            session.set(Session::SignedOut);
            Err(AppError::SignedOut)
        }
        Err(other) => Err(other),
    }
}
