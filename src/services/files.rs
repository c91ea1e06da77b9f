//! The user's own files in S3, under `users/<uid>/`.

use crate::aws::clock_skew as aws_clock_skew;
use crate::aws::s3::{self, S3Object};
use crate::aws::sign::{sign_request, Service};
use crate::aws::AwsCredentials;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::files::PickedFile;
use crate::platform::http;
use crate::services::clock_skew;
use crate::session::Session;

/// Signs `request` for S3 with the session's credentials and sends it. A signature refused
/// because this device's clock is off is made again with the server's time, once.
async fn send_signed(
    config: &AppConfig,
    session: &Session,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let credentials = session.credentials().ok_or(AppError::SignedOut)?;
    let response = sign_and_send(config, credentials, request.clone()).await?;
    let skewed = aws_clock_skew::is_skew_refusal(&response);
    clock_skew::learn(&response);
    if skewed {
        return sign_and_send(config, credentials, request).await;
    }
    Ok(response)
}

async fn sign_and_send(
    config: &AppConfig,
    credentials: &AwsCredentials,
    mut request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let time = clock_skew::signing_time();
    sign_request(
        &mut request,
        Service::S3,
        &config.aws.region,
        credentials,
        time,
    )?;
    Ok(http::send(request).await?)
}

fn prefix(session: &Session) -> Result<String, AppError> {
    Ok(s3::user_prefix(
        &session.user().ok_or(AppError::SignedOut)?.uid,
    ))
}

/// Every object under the user's prefix, following continuation tokens.
pub async fn list(config: &AppConfig, session: &Session) -> Result<Vec<S3Object>, AppError> {
    let prefix = prefix(session)?;
    let mut objects = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = s3::list_objects_request(&config.aws, &prefix, token.as_deref());
        let listing = s3::parse_list(&send_signed(config, session, request).await?)?;
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

pub async fn upload(
    config: &AppConfig,
    session: &Session,
    file: PickedFile,
) -> Result<String, AppError> {
    let key = format!("{}{}", prefix(session)?, file.name);
    let request = s3::put_object_request(&config.aws, &key, &file.content_type, file.bytes);
    s3::check(&send_signed(config, session, request).await?)?;
    Ok(key)
}

/// The object's bytes and content type.
pub async fn download(
    config: &AppConfig,
    session: &Session,
    key: &str,
) -> Result<(Vec<u8>, String), AppError> {
    let response = send_signed(config, session, s3::get_object_request(&config.aws, key)).await?;
    s3::check(&response)?;
    let content_type = response
        .header_value("content-type")
        .unwrap_or("application/octet-stream")
        .to_string();
    Ok((response.body, content_type))
}

pub async fn delete(config: &AppConfig, session: &Session, key: &str) -> Result<(), AppError> {
    let response =
        send_signed(config, session, s3::delete_object_request(&config.aws, key)).await?;
    s3::check(&response)?;
    Ok(())
}
