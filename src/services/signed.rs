//! Signed requests to S3, STS and IAM with the session's credentials, resolved per request.
//! A request refused because the credentials expired (or AWS no longer knows them) is sent once
//! more with new ones; one refused because this device's clock is off is re-signed with AWS's
//! time, once; one AWS answers as busy (SlowDown, 503) is sent again after a backoff, three
//! times at most.

use crate::aws::clock_skew::is_skew_refusal;
use crate::aws::retry;
use crate::aws::sign::{presign_get, sign_request, Service};
use crate::aws::{AwsCredentials, AwsError};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::{clock, http};
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
    let signed = Signed {
        config,
        service,
        transport: &transport,
    };
    let mut attempt = 1;
    loop {
        let response = signed.send_fresh(live, request.clone()).await?;
        let busy = !response.is_success() && retry::is_busy(&AwsError::from_response(&response));
        match retry::transient_retry_wait(attempt, clock::jitter()) {
            Some(wait) if busy => clock::sleep_millis(wait).await,
            _ => return Ok(response),
        }
        attempt += 1;
    }
}

/// Signs with `credentials` as they are and sends once: no renewal and no retry when busy, so
/// the caller sees AWS's own answer (the doctor). A clock-skew refusal is still re-signed.
pub async fn send_with(
    config: &AppConfig,
    service: Service,
    credentials: &AwsCredentials,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let fetch = |request| async move { Ok(http::send(request).await?) };
    let signed = Signed {
        config,
        service,
        transport: &fetch,
    };
    signed.send(credentials, request).await
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
    /// Signs with the session's credentials and sends; credentials AWS refuses are replaced
    /// once.
    async fn send_fresh(
        &self,
        live: &LiveSession,
        request: HttpRequest,
    ) -> Result<HttpResponse, AppError> {
        let credentials = credentials::current(self.config, live).await?;
        let response = self.send(&credentials, request.clone()).await?;
        if AwsError::is_credentials_refusal(&response) {
            let renewed = credentials::replace_refused(self.config, live, &credentials).await?;
            return self.send(&renewed, request).await;
        }
        Ok(response)
    }

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
