//! Sends an `HttpRequest` with the browser's fetch (through reqwest).

use crate::http::{HttpRequest, HttpResponse, Method, NetworkError};

pub async fn send(request: HttpRequest) -> Result<HttpResponse, NetworkError> {
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
