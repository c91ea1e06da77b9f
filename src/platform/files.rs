//! Downloads the app starts, and the clipboard.

/// Opens `url` as a download (the server's Content-Disposition names the file). Each download
/// gets a hidden frame of its own: two started together through the page's own navigation
/// would cancel each other.
pub fn open_download(url: &str) -> Result<(), String> {
    let refused = || "The browser refused to start the download.".to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(refused)?;
    let frame = document.create_element("iframe").map_err(|_| refused())?;
    frame.set_attribute("hidden", "").map_err(|_| refused())?;
    frame.set_attribute("src", url).map_err(|_| refused())?;
    document
        .body()
        .ok_or_else(refused)?
        .append_child(&frame)
        .map_err(|_| refused())?;
    // Long enough for the download to start; the frame itself never shows anything.
    gloo_timers::callback::Timeout::new(60_000, move || frame.remove()).forget();
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
