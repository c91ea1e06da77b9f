//! A grid tile's picture of an image file: the image itself, fetched by the browser only as
//! its tile nears the screen (`loading="lazy"`), from a presigned link made once per version
//! of the file (`FilesPage::thumbnails`).

use super::FilesPage;
use crate::services::files;
use crate::ui::icon::{file_icon, icon};
use leptos::prelude::*;

/// A thumbnail's link, made for one version of one file.
#[derive(Clone)]
pub struct ThumbnailLink {
    /// The file's key and ETag.
    version: String,
    /// None once the browser could not draw it: the tile shows its icon, even drawn again.
    url: Option<String>,
}

/// An image's own picture over its icon: the icon stays while the link is made, if it cannot
/// be, and if the browser cannot draw what S3 sends. A file that fails to draw but begins as
/// an image does (its link's credentials ended since, or the network failed) gets one more
/// try with a new link.
#[component]
pub fn Thumbnail(page: FilesPage, key: String, etag: String, name: String) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let kind_icon = file_icon(&name);
    let version = format!("{key}\n{etag}");
    // Also called once the tile is gone (a link made as the tiles were drawn again, or the
    // folder left), which keeps the link for the next drawing: so it reads nothing the tile
    // owned.
    let remember = {
        let version = version.clone();
        move |url: Option<String>| {
            page.thumbnails.try_update_value(|links| {
                links.retain(|l| l.version != version);
                links.push(ThumbnailLink {
                    version: version.clone(),
                    url: url.clone(),
                });
            });
            link.try_set(url);
        }
    };
    let make = StoredValue::new({
        let remember = remember.clone();
        move |again: bool| {
            let ((config, live), key, name) = (page.aws(), key.clone(), name.clone());
            let remember = remember.clone();
            leptos::task::spawn_local(async move {
                let made = if again {
                    files::thumbnail_link_again(&config, &live, &key, &name).await
                } else {
                    files::thumbnail_link(&config, &live, &key, &name)
                        .await
                        .map(Some)
                };
                // Not made (no network, no credentials): the icon for now, and the tile drawn
                // again tries again.
                if let Ok(url) = made {
                    remember(url);
                }
            });
        }
    });
    let known = page
        .thumbnails
        .with_value(|links| links.iter().find(|l| l.version == version).cloned());
    match known {
        Some(known) => link.set(known.url),
        None => make.with_value(|make| make(false)),
    }
    let tried_again = StoredValue::new(false);
    // Also called for an image whose tile is gone (its load failed after the tiles were drawn
    // again): then there is nothing to do, and nothing left to read.
    let failed = move |_| {
        let Some(tried) = tried_again.try_get_value() else {
            return;
        };
        link.try_set(None);
        if tried {
            remember(None);
        } else {
            tried_again.try_set_value(true);
            make.try_with_value(|make| make(true));
        }
    };
    view! {
        {icon(kind_icon)}
        {move || {
            let failed = failed.clone();
            link.get().map(|src| view! {
                <img loading="lazy" decoding="async" alt="" src=src on:error=failed />
            })
        }}
    }
}
