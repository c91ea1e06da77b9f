//! Pages reach AWS through the live session: the services read and renew credentials in the
//! session signal itself, so a renewal for one request serves every page.

use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials::LiveSession;
use crate::ui::app::{use_config, use_session};
use leptos::prelude::*;
use std::future::Future;

/// The session signal as the services see it.
pub fn use_live_session() -> LiveSession {
    let session = use_session();
    LiveSession::new(move || session.get_untracked(), move |s| session.set(s))
}

/// A resource that loads with AWS credentials; `refetch` reloads it.
pub fn credentialed_resource<T, F, Fut>(op: F) -> LocalResource<Result<T, AppError>>
where
    T: 'static,
    F: Fn(AppConfig, LiveSession) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let (config, live) = (use_config(), use_live_session());
    LocalResource::new(move || op.clone()(config.clone(), live.clone()))
}
