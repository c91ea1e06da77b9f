//! Sends an `HttpRequest` with the browser's fetch (through reqwest), and fetches the app's own
//! files.

use crate::http::{HttpRequest, HttpResponse, Method, NetworkError};
use crate::platform::chunk::split_fn;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// GETs a file deployed with the app (config.json): status and text. Plain fetch rather than
/// `send`, so that starting the app does not wait for the network chunk.
pub async fn get_own_file(url: &str) -> Result<(u16, String), NetworkError> {
    let unanswered = || NetworkError::reaching(url);
    let response = fetch_own(url).await?;
    let text = response.text().map_err(|_| unanswered())?;
    let text = JsFuture::from(text).await.map_err(|_| unanswered())?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// The headers the app's own server sends with `url` (same origin: the page may read them all).
pub async fn own_headers(url: &str) -> Result<Vec<(String, String)>, NetworkError> {
    let unanswered = || NetworkError::reaching(url);
    let response = fetch_own(url).await?;
    let entries = js_sys::try_iter(&response.headers())
        .ok()
        .flatten()
        .ok_or_else(unanswered)?;
    Ok(entries
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect())
}

/// A plain GET with the browser's fetch (no reqwest: the main module needs no network chunk).
async fn fetch_own(url: &str) -> Result<web_sys::Response, NetworkError> {
    let unanswered = || NetworkError::reaching(url);
    let window = web_sys::window().ok_or_else(unanswered)?;
    let answer = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| unanswered())?;
    answer.dyn_into().map_err(|_| unanswered())
}

/// Whether `url`'s server answers at all, asked in `no-cors` mode: the browser then neither
/// sends a preflight nor checks CORS (the answer stays opaque). A request that failed although
/// this succeeds was blocked by CORS, not by the network.
pub async fn reachable(url: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .is_ok()
}

type Answer = Pin<Box<dyn Future<Output = Result<HttpResponse, NetworkError>>>>;

pub async fn send(request: HttpRequest) -> Result<HttpResponse, NetworkError> {
    let unanswered = NetworkError::reaching(&request.url);
    match start(request).await {
        Ok(answer) => answer.await,
        // The network layer could not even be fetched: as far as the user can tell, the same.
        Err(_) => Err(unanswered),
    }
}

// The sign-in form needs no network until it is submitted, so reqwest and the HTTP types
// (about 14 KB of brotli) load then, not with the page.
split_fn!(
    network,
    fn start(request: HttpRequest) -> Answer {
        Box::pin(send_now(request))
    }
);

async fn send_now(request: HttpRequest) -> Result<HttpResponse, NetworkError> {
    let unanswered = NetworkError::reaching(&request.url);
    let failed = |_| unanswered.clone();
    let method = match request.method {
        Method::Get => reqwest::Method::GET,
        Method::Put => reqwest::Method::PUT,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
        Method::Head => reqwest::Method::HEAD,
    };
    let mut builder = reqwest::Client::new()
        .request(method, &request.url)
        // Signed answers are per user and per moment; the HTTP cache must never replay them.
        .fetch_cache_no_store();
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if !request.body.is_empty() {
        builder = builder.body(request.body);
    }
    let response = builder.send().await.map_err(failed)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                value.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let body = response.bytes().await.map_err(failed)?.to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}
