//! Downloads the app starts, the clipboard, and `blob:` URLs for previews and saved text.

use crate::i18n::{APP, AWS};
use wasm_bindgen::JsCast;

/// Opens `url` as a download (the server's Content-Disposition names the file). Each download
/// gets a hidden, sandboxed frame of its own: two started together through the page's own
/// navigation would cancel each other.
pub fn open_download(url: &str) -> Result<(), String> {
    // Whatever the bucket answers, the frame may only save it: no script, no navigation.
    let frame =
        hidden_frame(url, Some("allow-downloads")).ok_or_else(|| AWS.t("aws.download-refused"))?;
    // Long enough for the download to start; the frame itself never shows anything.
    gloo_timers::callback::Timeout::new(60_000, move || frame.remove()).forget();
    Ok(())
}

/// A hidden frame opening `url`, in the page's body; `sandbox` its sandbox tokens, if any. The
/// caller removes it once the browser has what it opened.
/// None if the page has no body to put it in.
pub fn hidden_frame(url: &str, sandbox: Option<&str>) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let frame = document.create_element("iframe").ok()?;
    frame.set_attribute("hidden", "").ok()?;
    if let Some(tokens) = sandbox {
        frame.set_attribute("sandbox", tokens).ok()?;
    }
    frame.set_attribute("src", url).ok()?;
    document.body()?.append_child(&frame).ok()?;
    Some(frame)
}

/// Puts `text` on the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| APP.t("app.copy-refused"))
}

/// A `blob:` URL for bytes the page holds (an image being previewed); revoked when dropped, so
/// the bytes are freed once the preview closes.
pub struct ObjectUrl(String);

impl ObjectUrl {
    pub fn new(bytes: &[u8], content_type: &str) -> Result<Self, String> {
        let refused = |_| AWS.t("aws.show-refused");
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(content_type);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(refused)?;
        Ok(Self(
            web_sys::Url::create_object_url_with_blob(&blob).map_err(refused)?,
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}

/// Saves `text` as a file named `name` (the browser's usual download), from the page's memory.
pub fn save_text(name: &str, text: &str, content_type: &str) -> Result<(), String> {
    let refused = || APP.t("app.save-refused");
    let url = ObjectUrl::new(text.as_bytes(), content_type)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(refused)?;
    let link = document.create_element("a").map_err(|_| refused())?;
    link.set_attribute("href", url.as_str())
        .map_err(|_| refused())?;
    link.set_attribute("download", name)
        .map_err(|_| refused())?;
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    // The browser has taken its copy once the click is handled; the URL can go after a moment.
    gloo_timers::callback::Timeout::new(10_000, move || drop(url)).forget();
    Ok(())
}
