//! Previewing one file in a dialog: an image, a text file's text with its line numbers (not
//! selectable: copying takes the text alone), a Markdown file rendered (its source a button
//! away), audio and video in the browser's player, or a PDF in its viewer. An
//! image's or a text's bytes are fetched with a signed GET (an image shown from a `blob:` URL,
//! freed when the dialog closes); audio and video stream from a presigned link.

use super::FilesPage;
use crate::aws::s3::S3Object;
use crate::i18n::FILES;
use crate::platform::files::ObjectUrl;
use crate::preview::PreviewKind;
use crate::services::files::{self, Preview};
use crate::ui::components::dialog::Dialog;
use crate::ui::icon::icon;
use leptos::prelude::*;
use std::rc::Rc;

/// What the dialog shows once the file has arrived.
#[derive(Clone)]
enum Shown {
    Image(Rc<ObjectUrl>),
    Text(String),
    /// A presigned link the browser's player or PDF viewer streams.
    Streamed {
        url: String,
        kind: PreviewKind,
    },
}

#[component]
pub fn PreviewDialog(
    page: FilesPage,
    object: S3Object,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let (config, live) = page.aws();
    let shown = RwSignal::new_local(None::<Result<Shown, String>>);
    {
        let (key, name, size) = (object.key.clone(), name.clone(), object.size);
        leptos::task::spawn_local(async move {
            let result = match files::preview(&config, &live, &key, &name, size).await {
                Ok(Preview::Text(text)) => Ok(Shown::Text(text)),
                Ok(Preview::Streamed { url, kind }) => Ok(Shown::Streamed { url, kind }),
                Ok(Preview::Image {
                    bytes,
                    content_type,
                }) => ObjectUrl::new(&bytes, &content_type).map(|url| Shown::Image(Rc::new(url))),
                Ok(Preview::Unavailable(reason)) => Err(reason.to_string()),
                Err(error) => Err(error.to_string()),
            };
            // The dialog may have closed meanwhile.
            shown.try_set(Some(result));
        });
    }
    let alt = name.clone();
    // A Markdown file shows rendered; its source, with line numbers, is a button away.
    let markdown = crate::preview::is_markdown(&name);
    let source = RwSignal::new(false);
    let (key, file_name) = (object.key.clone(), name.clone());
    let download = move |_| page.download(key.clone(), file_name.clone());
    view! {
        <Dialog title=name testid="preview-dialog" on_close>
            <div class="preview" data-testid="preview-panel">
                {move || match shown.get() {
                    None => view! { <p class="loading">{FILES.t("files.preview-loading")}</p> }.into_any(),
                    Some(Ok(Shown::Image(url))) => view! {
                        <img data-testid="preview-image" src=url.as_str().to_string() alt=alt.clone() />
                    }.into_any(),
                    Some(Ok(Shown::Text(text))) if markdown && !source.get() => view! {
                        <div class="markdown" tabindex="0" data-testid="preview-markdown"
                            aria-label=FILES.tf("files.preview-text-of", &[("name", &alt)])>
                            {super::markdown::blocks_view(crate::markdown::parse(&text))}
                        </div>
                    }.into_any(),
                    Some(Ok(Shown::Text(text))) => {
                        let numbers = crate::preview::line_numbers(&text);
                        view! {
                            <div class="code" tabindex="0" aria-label=FILES.tf("files.preview-text-of", &[("name", &alt)])>
                                <pre class="gutter" aria-hidden="true" data-testid="preview-line-numbers">{numbers}</pre>
                                <pre data-testid="preview-text">{text}</pre>
                            </div>
                        }.into_any()
                    }
                    Some(Ok(Shown::Streamed { url, kind })) => {
                        // A format the browser cannot play, or a link S3 refused.
                        let failed = move |_| shown.set(Some(Err(FILES.t("files.preview-media-failed"))));
                        match kind {
                            // Not sandboxed: Chromium refuses to run its PDF viewer in a
                            // sandboxed frame. The frame is the bucket's origin, never the
                            // app's, and the link makes S3 serve application/pdf, which the
                            // browser hands to its viewer, never runs as a page.
                            PreviewKind::Pdf => view! {
                                <iframe data-testid="preview-pdf" src=url width="100%" height="480"
                                    title=FILES.tf("files.preview-text-of", &[("name", &alt)])></iframe>
                            }.into_any(),
                            PreviewKind::Video => view! {
                                <video data-testid="preview-video" controls preload="metadata" src=url
                                    aria-label=FILES.tf("files.preview-player-of", &[("name", &alt)]) on:error=failed></video>
                            }.into_any(),
                            _ => view! {
                                <audio data-testid="preview-audio" controls preload="metadata" src=url
                                    aria-label=FILES.tf("files.preview-player-of", &[("name", &alt)]) on:error=failed></audio>
                            }.into_any(),
                        }
                    }
                    Some(Err(message)) => view! {
                        <p class="error" role="alert" data-testid="preview-error">{message}</p>
                    }.into_any(),
                }}
            </div>
            <div class="actions">
                {markdown.then(|| view! {
                    <button class="secondary" data-testid="preview-source" aria-pressed=move || source.get().to_string()
                        on:click=move |_| source.set(!source.get_untracked())>{FILES.t("files.preview-source")}</button>
                })}
                <button class="secondary" data-testid="preview-download" on:click=download>
                    {icon("download")} {FILES.t("files.action-download")}
                </button>
            </div>
        </Dialog>
    }
}
