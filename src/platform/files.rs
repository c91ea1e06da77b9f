//! Downloads the app starts, and the clipboard.

use wasm_bindgen::JsCast;

/// Opens `url` as a download (the server's Content-Disposition names the file).
pub fn open_download(url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into().ok())
        .ok_or("The browser refused to start the download.")?;
    anchor.set_href(url);
    anchor.set_download("");
    anchor.click();
    Ok(())
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
        .map_err(|_| {
            "The browser did not allow copying. Select the link and copy it by hand.".to_string()
        })
}
