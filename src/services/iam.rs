//! The IAM ListRoles demo: the signed call from the page, and a presigned link for a new tab.

use crate::aws::iam::{self, RoleListing};
use crate::aws::sign::Service;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::services::credentials::LiveSession;
use crate::services::signed;
use std::time::Duration;

/// How long the presigned link works: long enough to click, short enough to be harmless.
pub const LINK_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// ListRoles from the page. Against real IAM this fails as a network error: the browser
/// withholds the answer because IAM sends no CORS headers.
pub async fn list_roles(config: &AppConfig, live: &LiveSession) -> Result<RoleListing, AppError> {
    let request = iam::list_roles_request(&config.aws);
    let response = signed::send(config, live, Service::Iam, request).await?;
    Ok(iam::parse_list_roles(&response)?)
}

/// The same call as a presigned GET URL, to open in a tab of its own (no CORS involved).
pub async fn list_roles_link(config: &AppConfig, live: &LiveSession) -> Result<String, AppError> {
    let url = iam::list_roles_url(&config.aws);
    signed::presigned_get(config, live, Service::Iam, &url, LINK_LIFETIME).await
}
