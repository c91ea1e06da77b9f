//! The user's own files in S3, under `users/<uid>/`.

use crate::aws::s3::{self, S3Object};
use crate::aws::sign::Service;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse};
use crate::services::credentials::LiveSession;
use crate::services::signed;
use crate::session::Session;

async fn send_signed(
    config: &AppConfig,
    live: &LiveSession,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    signed::send(config, live, Service::S3, request).await
}

fn prefix(session: &Session) -> Result<String, AppError> {
    Ok(s3::user_prefix(
        &session.user().ok_or(AppError::SignedOut)?.uid,
    ))
}

/// Every object under the user's prefix, following continuation tokens.
pub async fn list(config: &AppConfig, live: &LiveSession) -> Result<Vec<S3Object>, AppError> {
    let prefix = prefix(&live.get())?;
    let mut objects = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = s3::list_objects_request(&config.aws, &prefix, token.as_deref());
        let listing = s3::parse_list(&send_signed(config, live, request).await?)?;
        objects.extend(listing.objects);
        match listing.next_continuation_token {
            Some(next) => token = Some(next),
            None => return Ok(objects),
        }
    }
}

/// The name a user sees for a key: the key without the user's prefix.
pub fn display_name(session: &Session, key: &str) -> String {
    let prefix = prefix(session).unwrap_or_default();
    key.strip_prefix(&prefix).unwrap_or(key).to_string()
}

/// Where a file named `name` goes in the user's folder.
pub fn key_for(session: &Session, name: &str) -> Result<String, AppError> {
    Ok(format!("{}{name}", prefix(session)?))
}

/// The object's bytes and content type.
pub async fn download(
    config: &AppConfig,
    live: &LiveSession,
    key: &str,
) -> Result<(Vec<u8>, String), AppError> {
    let response = send_signed(config, live, s3::get_object_request(&config.aws, key)).await?;
    s3::check(&response)?;
    let content_type = response
        .header_value("content-type")
        .unwrap_or("application/octet-stream")
        .to_string();
    Ok((response.body, content_type))
}

pub async fn delete(config: &AppConfig, live: &LiveSession, key: &str) -> Result<(), AppError> {
    let response = send_signed(config, live, s3::delete_object_request(&config.aws, key)).await?;
    s3::check(&response)?;
    Ok(())
}
