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

/// The user's own prefix, `users/<uid>/`: every folder path is relative to it.
pub fn root(session: &Session) -> Result<String, AppError> {
    Ok(s3::user_prefix(
        &session.user().ok_or(AppError::SignedOut)?.uid,
    ))
}

/// What a folder holds: its files and sub-folders (full keys and prefixes).
#[derive(Clone, Debug, Default)]
pub struct FolderListing {
    /// The folder listed, relative to the user's prefix.
    pub folder: String,
    pub objects: Vec<S3Object>,
    pub folders: Vec<String>,
}

/// Everything directly in `folder`, following continuation tokens (1,000 keys a page).
pub async fn list_folder(
    config: &AppConfig,
    live: &LiveSession,
    folder: &str,
) -> Result<FolderListing, AppError> {
    let prefix = format!("{}{folder}", root(&live.get())?);
    let mut listing = FolderListing {
        folder: folder.to_string(),
        ..FolderListing::default()
    };
    let mut token: Option<String> = None;
    loop {
        let request = s3::list_objects_request(&config.aws, &prefix, true, token.as_deref());
        let page = s3::parse_list(&send_signed(config, live, request).await?)?;
        listing.objects.extend(page.objects);
        listing.folders.extend(page.folders);
        match page.next_continuation_token {
            Some(next) => token = Some(next),
            None => return Ok(listing),
        }
    }
}

/// S3 has no folders: an empty object named like the folder makes one appear until it has
/// files of its own (as the S3 console does).
pub async fn create_folder(
    config: &AppConfig,
    live: &LiveSession,
    path: &str,
) -> Result<(), AppError> {
    let key = format!("{}{path}", root(&live.get())?);
    let request = s3::put_object_request(&config.aws, &key, "application/x-directory", Vec::new());
    Ok(s3::check(&send_signed(config, live, request).await?)?)
}

/// Where a file named `name` goes in `folder`.
pub fn key_for(session: &Session, folder: &str, name: &str) -> Result<String, AppError> {
    Ok(format!("{}{folder}{name}", root(session)?))
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
