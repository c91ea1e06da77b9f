//! Signed requests to S3, STS and IAM with the session's credentials, resolved per request.
//! A request refused because the credentials expired (or AWS no longer knows them) is sent once
//! more with new ones; one refused because this device's clock is off is re-signed with AWS's
//! time, once.

use crate::aws::clock_skew::is_skew_refusal;
use crate::aws::sign::{presign_get, sign_request, Service};
use crate::aws::{AwsCredentials, AwsError};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::http;
use crate::services::clock_skew;
use crate::services::credentials::{self, LiveSession};
use futures_util::future::{FutureExt, LocalBoxFuture};
use std::future::Future;
use std::time::Duration;

///
/// Boxed: every page's calls go through here, and its state machine would otherwise be copied
/// into each caller's.
pub fn send<'a>(
    config: &'a AppConfig,
    live: &'a LiveSession,
    service: Service,
    request: HttpRequest,
) -> LocalBoxFuture<'a, Result<HttpResponse, AppError>> {
    let fetch = |request| async move { Ok(http::send(request).await?) };
    send_via(config, live, service, request, fetch).boxed_local()
}

/// `send`, with the transport of the caller's choice (uploads stream a file's bytes).
pub async fn send_via<T, Fut>(
    config: &AppConfig,
    live: &LiveSession,
    service: Service,
    request: HttpRequest,
    transport: T,
) -> Result<HttpResponse, AppError>
where
    T: Fn(HttpRequest) -> Fut,
    Fut: Future<Output = Result<HttpResponse, AppError>>,
{
    let credentials = credentials::current(config, live).await?;
    let signed = Signed {
        config,
        service,
        transport: &transport,
    };
    let response = signed.send(&credentials, request.clone()).await?;
    if AwsError::is_credentials_refusal(&response) {
        let renewed = credentials::replace_refused(config, live, &credentials).await?;
        return signed.send(&renewed, request).await;
    }
    Ok(response)
}

/// A presigned GET URL valid for `lifetime`, signed with credentials fresh for at least that
/// long where possible (AWS refuses the URL once the credentials behind it expire).
pub async fn presigned_get(
    config: &AppConfig,
    live: &LiveSession,
    service: Service,
    url: &str,
    lifetime: Duration,
) -> Result<String, AppError> {
    let credentials = credentials::current(config, live).await?;
    let time = clock_skew::signing_time();
    Ok(presign_get(
        url,
        service,
        &config.aws.region,
        &credentials,
        time,
        lifetime,
    )?)
}

/// What signs and sends one attempt.
struct Signed<'a, T> {
    config: &'a AppConfig,
    service: Service,
    transport: &'a T,
}

impl<T, Fut> Signed<'_, T>
where
    T: Fn(HttpRequest) -> Fut,
    Fut: Future<Output = Result<HttpResponse, AppError>>,
{
    /// Signs with the corrected clock and sends; a skew refusal teaches the clock and is
    /// re-signed.
    async fn send(
        &self,
        credentials: &AwsCredentials,
        request: HttpRequest,
    ) -> Result<HttpResponse, AppError> {
        let response = self.send_once(credentials, request.clone()).await?;
        let skewed = is_skew_refusal(&response);
        clock_skew::learn(&response);
        if skewed {
            return self.send_once(credentials, request).await;
        }
        Ok(response)
    }

    async fn send_once(
        &self,
        credentials: &AwsCredentials,
        mut request: HttpRequest,
    ) -> Result<HttpResponse, AppError> {
        let time = clock_skew::signing_time();
        let region = &self.config.aws.region;
        sign_request(&mut request, self.service, region, credentials, time)?;
        (self.transport)(request).await
    }
}
