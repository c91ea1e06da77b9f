//! Signed requests to S3, STS and IAM with the session's credentials, resolved per request.
//! A request refused because the credentials expired (or AWS no longer knows them) is sent once
//! more with new ones; one refused because this device's clock is off is re-signed with AWS's
//! time, once; one AWS answers as busy (SlowDown, 503), or that the network failed when it is
//! safe to repeat, is sent again after a backoff, three times at most.

use crate::aws::clock_skew::is_skew_refusal;
use crate::aws::retry;
use crate::aws::sign::{presign_get, sign_request, Service};
use crate::aws::{AwsCredentials, AwsError};
use crate::config::AppConfig;
use crate::error::AppError;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::{clock, http};
use crate::services::credentials::{self, LiveSession};
use crate::services::{clock_skew, connectivity};
use futures_util::future::{FutureExt, LocalBoxFuture};
use std::future::Future;
use std::time::Duration;

/// Signs `request` with the session's credentials and sends it, renewing and retrying as this
/// module says.
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
    let repeatable = retry::is_repeatable(&request);
    let mut attempt = 1;
    loop {
        let outcome = signed.send_fresh(live, request.clone()).await?;
        let again = match &outcome {
            Ok(response) => {
                connectivity::settled();
                !response.is_success() && retry::is_busy(&AwsError::from_response(response))
            }
            Err(AppError::Network(_)) => repeatable,
            Err(_) => false,
        };
        match retry::transient_retry_wait(attempt, clock::jitter()) {
            Some(wait) if again => {
                if outcome.is_err() {
                    connectivity::retrying();
                }
                clock::sleep_millis(wait).await;
            }
            _ => {
                connectivity::settled();
                return outcome;
            }
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

/// AWS refuses signatures more than 15 minutes off; a correction of more than 10 explains a
/// refusal that does not say why.
const SKEW_LIMIT_SECS: i64 = 600;

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
    /// once. The outer error is the credentials' (their exchange has retries of its own), the
    /// inner one the request's.
    async fn send_fresh(
        &self,
        live: &LiveSession,
        request: HttpRequest,
    ) -> Result<Result<HttpResponse, AppError>, AppError> {
        let credentials = credentials::current(self.config, live).await?;
        let response = match self.send(&credentials, request.clone()).await {
            Ok(response) => response,
            failed => return Ok(failed),
        };
        if AwsError::is_credentials_refusal(&response) {
            let renewed = credentials::replace_refused(self.config, live, &credentials).await?;
            return Ok(self.send(&renewed, request).await);
        }
        Ok(Ok(response))
    }

    /// Signs with the corrected clock and sends; a skew refusal teaches the clock and is
    /// re-signed.
    async fn send(
        &self,
        credentials: &AwsCredentials,
        request: HttpRequest,
    ) -> Result<HttpResponse, AppError> {
        let response = self.send_once(credentials, request.clone()).await?;
        let moved = clock_skew::learn(&response);
        // A HEAD's refusal has no body to say why; a clock just found far off is the likely one.
        let bare_refusal = response.status == 403 && response.body.is_empty();
        let skewed = is_skew_refusal(&response) || (bare_refusal && moved.abs() > SKEW_LIMIT_SECS);
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
