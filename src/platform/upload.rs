//! Sends a byte range of a local file with XMLHttpRequest (unlike fetch, it reports upload
//! progress), streamed by the browser from disk. A range whose checksum goes with it is read
//! into the page first (`crc32c_of_range`); those bytes stay in JavaScript memory, the checksum
//! reads them through a small buffer, so the wasm memory does not grow with the part size, and
//! they are dropped before the range is sent.

use crate::http::{HttpRequest, HttpResponse, NetworkError};
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ProgressEvent, XmlHttpRequest};

/// A file the user picked or dropped, read only as the upload needs it.
#[derive(Clone)]
pub struct LocalFile {
    file: web_sys::File,
    /// Where it sits in what was picked: `photos/2026/a.jpg` for a file of a picked or dropped
    /// folder, else just its name.
    path: String,
}

impl LocalFile {
    /// A file from an `<input type="file">`, with its path in the folder picked, if one was.
    pub fn picked(file: web_sys::File) -> Self {
        let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
            .ok()
            .and_then(|path| path.as_string())
            .filter(|path| !path.is_empty());
        let path = relative.unwrap_or_else(|| file.name());
        Self { file, path }
    }

    /// A file found at `path` in a dropped folder.
    pub fn at(file: web_sys::File, path: String) -> Self {
        Self { file, path }
    }

    pub fn name(&self) -> String {
        self.file.name()
    }

    /// Where it goes below the folder it is uploaded to.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn size(&self) -> u64 {
        self.file.size() as u64
    }

    /// Milliseconds since the epoch; with name and size, tells a re-picked file is the same.
    pub fn last_modified(&self) -> u64 {
        self.file.last_modified() as u64
    }

    pub fn content_type(&self) -> String {
        match self.file.type_() {
            t if t.is_empty() => "application/octet-stream".to_string(),
            t => t,
        }
    }
}

/// Stops the transfers started with it, now and later.
#[derive(Clone, Default)]
pub struct CancelToken {
    cancelled: Rc<Cell<bool>>,
    paused: Rc<Cell<bool>>,
    in_flight: Rc<RefCell<Vec<XmlHttpRequest>>>,
}

impl CancelToken {
    /// Stops the transfer as `cancel` does, to go on later: the upload keeps what S3 stored.
    pub fn pause(&self) {
        self.paused.set(true);
        self.cancel();
    }

    pub fn is_paused(&self) -> bool {
        self.paused.get()
    }

    pub fn cancel(&self) {
        self.cancelled.set(true);
        for xhr in self.in_flight.borrow_mut().drain(..) {
            let _ = xhr.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

pub enum TransferError {
    Network(NetworkError),
    Cancelled,
    /// The file could not be read (moved, changed or deleted since it was picked).
    Unreadable,
}

/// The CRC-32C of `range` of `file`: the range is read into JavaScript memory and checksummed
/// 64 KiB at a time in wasm; the bytes are dropped when it returns.
pub async fn crc32c_of_range(
    file: &LocalFile,
    range: Range<u64>,
) -> Result<crate::aws::checksum::Crc32c, TransferError> {
    const STEP: u32 = 64 * 1024;
    let slice = file
        .file
        .slice_with_f64_and_f64(range.start as f64, range.end as f64)
        .map_err(|_| TransferError::Unreadable)?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|_| TransferError::Unreadable)?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    let mut crc = crate::aws::checksum::Crc32c::default();
    let mut piece = vec![0; STEP as usize];
    let length = bytes.length();
    let mut start = 0;
    while start < length {
        let end = length.min(start + STEP);
        let piece = &mut piece[..(end - start) as usize];
        bytes.subarray(start, end).copy_to(piece);
        crc.update(piece);
        start = end;
    }
    Ok(crc)
}

/// Sends `request` with `range` of `file` as its body; `on_progress` gets the bytes sent so far.
/// The browser reads the range from disk as it sends it, and fails the request if the file
/// changed since it was picked (Chromium: `ERR_UPLOAD_FILE_CHANGED`).
pub async fn send_range(
    request: HttpRequest,
    file: &LocalFile,
    range: Range<u64>,
    cancel: &CancelToken,
    on_progress: impl Fn(u64) + 'static,
) -> Result<HttpResponse, TransferError> {
    if cancel.is_cancelled() {
        return Err(TransferError::Cancelled);
    }
    let network = || TransferError::Network(NetworkError::reaching(&request.url));
    let xhr = XmlHttpRequest::new().map_err(|_| network())?;
    xhr.open_with_async(request.method.as_str(), &request.url, true)
        .map_err(|_| network())?;
    for (name, value) in &request.headers {
        // The browser sets these itself and refuses them from scripts.
        if !name.eq_ignore_ascii_case("host") && !name.eq_ignore_ascii_case("content-length") {
            xhr.set_request_header(name, value).map_err(|_| network())?;
        }
    }
    let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
        on_progress(e.loaded() as u64)
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let finished = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    let slice = file
        .file
        .slice_with_f64_and_f64(range.start as f64, range.end as f64)
        .map_err(|_| TransferError::Unreadable)?;
    xhr.send_with_opt_blob(Some(&slice))
        .map_err(|_| network())?;
    cancel.in_flight.borrow_mut().push(xhr.clone());
    let outcome = JsFuture::from(finished).await;
    cancel.in_flight.borrow_mut().retain(|x| x != &xhr);
    drop(progress);
    match outcome {
        Err(_) if cancel.is_cancelled() => Err(TransferError::Cancelled),
        Err(_) => Err(network()),
        Ok(_) => Ok(response_of(&xhr)),
    }
}

fn response_of(xhr: &XmlHttpRequest) -> HttpResponse {
    let headers = xhr
        .get_all_response_headers()
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    HttpResponse {
        status: xhr.status().unwrap_or(0),
        headers,
        body: body.into_bytes(),
    }
}
