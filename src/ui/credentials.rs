//! Pages reach AWS through the live session: the services read and renew credentials in the
//! session signal itself, so a renewal for one request serves every page.

use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials::LiveSession;
use crate::ui::context::{use_config, use_session};
use crate::ui::loader::Loader;
use leptos::prelude::*;
use std::future::Future;

/// The session signal as the services see it.
pub fn use_live_session() -> LiveSession {
    let session = use_session();
    LiveSession::new(move || session.get_untracked(), move |s| session.set(s))
}

/// Data loaded with AWS credentials; `reload` loads it again.
pub fn credentialed_loader<T, F, Fut>(op: F) -> Loader<Result<T, AppError>>
where
    T: 'static,
    F: Fn(AppConfig, LiveSession) -> Fut + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let (config, live) = (use_config(), use_live_session());
    Loader::new(move || op(config.clone(), live.clone()))
}
