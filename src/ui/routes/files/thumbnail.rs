//! A grid tile's picture of an image file: the image itself, fetched by the browser only as
//! its tile nears the screen (`loading="lazy"`), from a presigned link made once per version
//! of the file (`FilesPage::thumbnails`).

use super::table::file_icon;
use super::FilesPage;
use crate::services::files;
use crate::ui::icon::icon;
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
/// be, and if the browser cannot draw what S3 sends. A link that fails because its
/// credentials have ended since (a tile scrolled into view long after it was drawn) is made
/// anew with the new ones.
#[component]
pub fn Thumbnail(page: FilesPage, key: String, etag: String, name: String) -> impl IntoView {
    let link = RwSignal::new(None::<String>);
    let kind_icon = file_icon(&name);
    let version = format!("{key}\n{etag}");
    let known = page
        .thumbnails
        .with_value(|links| links.iter().find(|l| l.version == version).cloned());
    let remember = move |version: String, url: Option<String>| {
        page.thumbnails.try_update_value(|links| {
            links.retain(|l| l.version != version);
            links.push(ThumbnailLink {
                version,
                url: url.clone(),
            });
        });
        link.try_set(url);
    };
    let make = StoredValue::new(move |failed: Option<String>| {
        let ((config, live), key, name, version) =
            (page.aws(), key.clone(), name.clone(), version.clone());
        leptos::task::spawn_local(async move {
            let url = match failed {
                // No link (no credentials, no network): the icon, and a new try when drawn again.
                None => match files::thumbnail_link(&config, &live, &key, &name).await {
                    Ok(url) => Some(url),
                    Err(_) => return,
                },
                Some(failed) => files::thumbnail_link_again(&config, &live, &key, &name, &failed)
                    .await
                    .ok()
                    .flatten(),
            };
            remember(version, url);
        });
    });
    match known {
        Some(known) => link.set(known.url),
        None => make.with_value(|make| make(None)),
    }
    let failed = move |_| {
        if let Some(failed) = link.get_untracked() {
            link.set(None);
            make.with_value(|make| make(Some(failed)));
        }
    };
    view! {
        {icon(kind_icon)}
        {move || link.get().map(|src| view! {
            <img loading="lazy" decoding="async" alt="" src=src on:error=failed />
        })}
    }
}
