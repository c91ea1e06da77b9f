//! Previewing one file in the page: an image, or a text file's text. The bytes are fetched with
//! a signed GET and shown from a `blob:` URL, freed when the preview closes.

use crate::platform::files::ObjectUrl;
use crate::services::files::{self, Preview};
use crate::ui::app::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::prelude::*;
use std::rc::Rc;

/// What the panel shows once the file has arrived.
#[derive(Clone)]
enum Shown {
    Image(Rc<ObjectUrl>),
    Text(String),
}

#[component]
pub fn PreviewPanel(key: String, name: String, size: u64) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let shown = RwSignal::new_local(None::<Result<Shown, String>>);
    let alt = name.clone();
    let load = Task::new(move |_: ()| {
        let (config, live, key, name) = (config.clone(), live.clone(), key.clone(), name.clone());
        async move {
            let result = match files::preview(&config, &live, &key, &name, size).await {
                Ok(Preview::Text(text)) => Ok(Shown::Text(text)),
                Ok(Preview::Image {
                    bytes,
                    content_type,
                }) => ObjectUrl::new(&bytes, &content_type).map(|url| Shown::Image(Rc::new(url))),
                Ok(Preview::Unavailable(reason)) => Err(reason.to_string()),
                Err(error) => Err(error.to_string()),
            };
            // The panel may have closed meanwhile.
            shown.try_set(Some(result));
        }
    });
    load.dispatch(());
    view! {
        <div class="preview" data-testid="preview-panel">
            {move || match shown.get() {
                None => view! { <p class="loading">"Loading the preview…"</p> }.into_any(),
                Some(Ok(Shown::Image(url))) => view! {
                    <img data-testid="preview-image" src=url.as_str().to_string() alt=alt.clone() />
                }.into_any(),
                Some(Ok(Shown::Text(text))) => view! {
                    <pre data-testid="preview-text" tabindex="0">{text}</pre>
                }.into_any(),
                Some(Err(message)) => view! {
                    <p class="error" role="alert" data-testid="preview-error">{message}</p>
                }.into_any(),
            }}
        </div>
    }
}
