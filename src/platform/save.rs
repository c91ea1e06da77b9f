//! Saving bytes to the user's disk as they are made, for a zip of a folder: through the File
//! System Access API where the browser has it (the user picks where; the file is written in
//! place and appears only once complete), otherwise through the app's service worker
//! (public/zip-sw.js), which answers a hidden frame's request with the stream, so that the
//! browser saves it as an ordinary download. Either way only the chunks in flight are held.

use crate::i18n::FILES;
use crate::platform::clock::sleep_millis;
use crate::platform::files::hidden_frame;
use crate::platform::http::ignore_rejection;
use crate::platform::js::{self, call, call_await, construct, get, has, object};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the service worker answers (relative to the app's address): nothing else of the app
/// goes through it.
const WORKER_SCRIPT: &str = "zip-sw.js";
const WORKER_SCOPE: &str = "__zip/";
/// Chunks the page may have handed over before the download takes them: about a megabyte.
const CHUNKS_AHEAD: f64 = 16.0;

/// A file being written.
pub struct SaveStream {
    /// The stream's WritableStreamDefaultWriter.
    writer: JsValue,
    /// The service worker's frame, and the flag that ends its keep-alive (a worker idle too
    /// long is stopped).
    download: Option<(web_sys::Element, Rc<Cell<bool>>)>,
    /// Not yet closed: dropped, it is aborted.
    open: bool,
}

fn refused() -> String {
    FILES.t("files.zip-save-refused")
}

fn worker_refused() -> String {
    FILES.t("files.zip-worker-refused")
}

/// Whether the browser can write a picked file (File System Access API).
pub fn can_pick() -> bool {
    has(&js::window(), "showSaveFilePicker")
}

/// Whether the browser can save through the service worker: it has service workers and can
/// hand a stream to one.
pub fn can_download() -> bool {
    let navigator = get(&js::window(), "navigator");
    has(&navigator, "serviceWorker") && can_transfer_streams()
}

fn can_transfer_streams() -> bool {
    let (Ok(channel), Ok(stream)) = (
        construct("MessageChannel", &[]),
        construct("ReadableStream", &[]),
    ) else {
        return false;
    };
    let port = get(&channel, "port1");
    let moved = call(&port, "postMessage", &[&stream, &js::array(&[&stream])]);
    let _ = call(&port, "close", &[]);
    moved.is_ok()
}

/// Asks the user where to save `name`. None: they closed the picker.
pub async fn pick(name: &str) -> Result<Option<SaveStream>, String> {
    let zip = object(&[("application/zip", &js::array(&[&".zip".into()]))]);
    let kind = object(&[
        ("description", &FILES.t("files.zip-kind").into()),
        ("accept", &zip),
    ]);
    let options = object(&[
        ("suggestedName", &name.into()),
        ("types", &js::array(&[&kind])),
    ]);
    let handle = match call_await(&js::window(), "showSaveFilePicker", &[&options]).await {
        Ok(handle) => handle,
        // Closing the picker is an AbortError: a choice, not a failure.
        Err(error) if get(&error, "name").as_string().as_deref() == Some("AbortError") => {
            return Ok(None)
        }
        Err(_) => return Err(refused()),
    };
    let writable = call_await(&handle, "createWritable", &[])
        .await
        .map_err(|_| refused())?;
    Ok(Some(SaveStream {
        writer: call(&writable, "getWriter", &[]).map_err(|_| refused())?,
        download: None,
        open: true,
    }))
}

/// Starts a download whose bytes are written as they come; `disposition` is its
/// Content-Disposition (the name it is saved as).
pub async fn download(disposition: &str) -> Result<SaveStream, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(refused)?;
    let base = get(&document, "baseURI").as_string().ok_or_else(refused)?;
    let resolve = |path: &str| -> Result<String, String> {
        let url =
            construct("URL", &[&path.into(), &base.as_str().into()]).map_err(|_| refused())?;
        get(&url, "href").as_string().ok_or_else(refused)
    };
    let worker = active_worker(&resolve(WORKER_SCRIPT)?, &resolve(WORKER_SCOPE)?).await?;
    let strategy = object(&[("highWaterMark", &CHUNKS_AHEAD.into())]);
    let pipe = construct("TransformStream", &[&js_sys::Object::new(), &strategy])
        .map_err(|_| refused())?;
    let id = ((js_sys::Math::random() * 2f64.powi(53)) as u64).to_string();
    hand_over(&worker, &id, disposition, &get(&pipe, "readable")).await?;
    // Not sandboxed: a sandboxed frame's request would not reach the app's service worker.
    let frame =
        hidden_frame(&resolve(&format!("{WORKER_SCOPE}{id}"))?, None).ok_or_else(refused)?;
    let done = Rc::new(Cell::new(false));
    keep_alive(worker, Rc::clone(&done));
    Ok(SaveStream {
        writer: call(&get(&pipe, "writable"), "getWriter", &[]).map_err(|_| refused())?,
        download: Some((frame, done)),
        open: true,
    })
}

/// Pings the worker every 10 seconds until `done`: a worker that hears nothing for 30 seconds
/// may be stopped, and the download with it.
fn keep_alive(worker: JsValue, done: Rc<Cell<bool>>) {
    wasm_bindgen_futures::spawn_local(async move {
        while !done.get() {
            let _ = call(
                &worker,
                "postMessage",
                &[&object(&[("type", &"ping".into())])],
            );
            sleep_millis(10_000).await;
        }
    });
}

/// The app's zip worker, registered (once per browser) and running.
async fn active_worker(script: &str, scope: &str) -> Result<JsValue, String> {
    let container = get(&get(&js::window(), "navigator"), "serviceWorker");
    let options = object(&[("scope", &scope.into())]);
    let registration = call_await(&container, "register", &[&script.into(), &options])
        .await
        .map_err(|_| worker_refused())?;
    // A first registration installs and activates within moments (the worker claims at once).
    for _ in 0..200 {
        let active = get(&registration, "active");
        if active.is_object() {
            return Ok(active);
        }
        sleep_millis(50).await;
    }
    Err(worker_refused())
}

/// Gives the worker the stream to answer `id` with, and waits (up to 10 s) for it to say it
/// has it.
async fn hand_over(
    worker: &JsValue,
    id: &str,
    disposition: &str,
    stream: &JsValue,
) -> Result<(), String> {
    let reply = construct("MessageChannel", &[]).map_err(|_| worker_refused())?;
    let (mine, theirs) = (get(&reply, "port1"), get(&reply, "port2"));
    let message = object(&[
        ("type", &"zip".into()),
        ("id", &id.into()),
        ("disposition", &disposition.into()),
        ("stream", stream),
    ]);
    let answered = js_sys::Promise::new(&mut |resolve, reject| {
        js::set(&mine, "onmessage", &resolve);
        let _ = call(&js::window(), "setTimeout", &[&reject, &10_000.into()]);
    });
    call(
        worker,
        "postMessage",
        &[&message, &js::array(&[stream, &theirs])],
    )
    .map_err(|_| worker_refused())?;
    let answer = JsFuture::from(answered).await;
    let _ = call(&mine, "close", &[]);
    answer.map(|_| ()).map_err(|_| worker_refused())
}

impl SaveStream {
    /// Writes `chunk` once the file takes more (so a slow disk slows the download instead of
    /// filling memory). Fails once the browser stopped the file: cancelled in its downloads
    /// list, or the disk full.
    pub async fn write(&self, chunk: &js_sys::Uint8Array) -> Result<(), String> {
        let stopped = |_| FILES.t("files.zip-save-stopped");
        let ready: js_sys::Promise = get(&self.writer, "ready").unchecked_into();
        JsFuture::from(ready).await.map_err(stopped)?;
        // Its failure shows at the next `ready` or at `close`.
        let written = call(&self.writer, "write", &[chunk]).map_err(stopped)?;
        ignore_rejection(&written.unchecked_into());
        Ok(())
    }

    pub async fn write_bytes(&self, bytes: &[u8]) -> Result<(), String> {
        self.write(&js_sys::Uint8Array::from(bytes)).await
    }

    /// Ends the file: complete on disk once this returns.
    pub async fn close(mut self) -> Result<(), String> {
        call_await(&self.writer, "close", &[])
            .await
            .map_err(|_| FILES.t("files.zip-save-stopped"))?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SaveStream {
    /// A file not closed is given up, whatever stopped its writing: a picked file stays as it
    /// was, a download ends as failed; nothing is left half written or waiting.
    fn drop(&mut self) {
        if self.open {
            if let Ok(aborted) = call(&self.writer, "abort", &[]) {
                ignore_rejection(&aborted.unchecked_into());
            }
        }
        if let Some((frame, done)) = self.download.take() {
            done.set(true);
            // The browser has the download's end by then; the frame never shows anything.
            gloo_timers::callback::Timeout::new(10_000, move || frame.remove()).forget();
        }
    }
}
