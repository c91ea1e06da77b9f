//! Who AWS says this session is.

use crate::aws::sign::Service;
use crate::aws::sts::{self, CallerIdentity};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials::LiveSession;
use crate::services::signed;

/// A signed STS GetCallerIdentity.
pub async fn caller_identity(
    config: &AppConfig,
    live: &LiveSession,
) -> Result<CallerIdentity, AppError> {
    let request = sts::get_caller_identity_request(&config.aws);
    let response = signed::send(config, live, Service::Sts, request).await?;
    Ok(sts::parse_caller_identity(&response)?)
}
