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

/// What a streamed GET got: the body still to read (a 200 or a 206), or any other answer
/// whole (an error's body is short and says why).
pub enum Streamed {
    Body {
        /// 200, or 206 for a range.
        status: u16,
        /// The bytes the body holds, as Content-Length says (None when it does not).
        length: Option<u64>,
        etag: Option<String>,
        /// The encoding S3 stored the file with, which the browser decodes as it reads.
        encoding: Option<String>,
        reader: BodyReader,
    },
    Answer(HttpResponse),
}

/// GETs `url` (a presigned link: no header signs it) with `headers`, leaving a successful
/// body to be read chunk by chunk: a file of any size passes through without being held.
pub async fn get_streamed(url: &str, headers: &[(&str, &str)]) -> Result<Streamed, NetworkError> {
    use crate::platform::js::{call, call_await, get, object, window};
    let unanswered = || NetworkError::reaching(url);
    let sent = object(&[]);
    for (name, value) in headers {
        crate::platform::js::set(&sent, name, &(*value).into());
    }
    let init = object(&[("headers", &sent), ("cache", &"no-store".into())]);
    let response = call_await(&window(), "fetch", &[&url.into(), &init])
        .await
        .map_err(|_| unanswered())?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let received = get(&response, "headers");
    let header = |name: &str| call(&received, "get", &[&name.into()]).ok()?.as_string();
    if !matches!(status, 200 | 206) {
        let text = call_await(&response, "text", &[])
            .await
            .map_err(|_| unanswered())?;
        let mut answer = HttpResponse::new(status, text.as_string().unwrap_or_default());
        for name in ["content-type", "x-amz-request-id", "date"] {
            if let Some(value) = header(name) {
                answer.headers.push((name.to_string(), value));
            }
        }
        return Ok(Streamed::Answer(answer));
    }
    let reader = call(&get(&response, "body"), "getReader", &[]).map_err(|_| unanswered())?;
    Ok(Streamed::Body {
        status,
        length: header("content-length").and_then(|l| l.parse().ok()),
        etag: header("etag"),
        encoding: header("content-encoding").filter(|e| !e.eq_ignore_ascii_case("identity")),
        reader: BodyReader {
            reader,
            origin: unanswered(),
        },
    })
}

/// A response body being read. Dropped before its end, it cancels the rest of the transfer.
pub struct BodyReader {
    /// A ReadableStreamDefaultReader.
    reader: wasm_bindgen::JsValue,
    origin: NetworkError,
}

impl BodyReader {
    /// The next chunk as the network delivered it, None at the end; an error when the
    /// connection broke off.
    pub async fn next(&self) -> Result<Option<js_sys::Uint8Array>, NetworkError> {
        use crate::platform::js::{call_await, get};
        let step = call_await(&self.reader, "read", &[])
            .await
            .map_err(|_| self.origin.clone())?;
        if get(&step, "done").is_truthy() {
            return Ok(None);
        }
        Ok(Some(get(&step, "value").unchecked_into()))
    }
}

impl Drop for BodyReader {
    fn drop(&mut self) {
        // Harmless after the end; before it, stops the download of the rest.
        if let Ok(cancelled) = crate::platform::js::call(&self.reader, "cancel", &[]) {
            ignore_rejection(&cancelled.unchecked_into());
        }
    }
}

/// Waits for a promise whose failure means nothing more, so that the console shows no
/// "uncaught" (awaited rather than given a `catch`: one import fewer in the first download).
pub fn ignore_rejection(promise: &js_sys::Promise) {
    let promise = JsFuture::from(promise.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let _ = promise.await;
    });
}
