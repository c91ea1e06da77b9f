//! `/`: the user's own files: list, upload, download, delete.

mod uploader;

use crate::aws::s3::S3Object;
use crate::error::AppError;
use crate::format;
use crate::platform::files as browser_files;
use crate::route::Route;
use crate::services::files;
use crate::ui::app::{use_config, use_session};
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::router::RequireSignIn;
use leptos::prelude::*;
use uploader::Uploader;

#[component]
pub fn FilesPage() -> impl IntoView {
    view! {
        <RequireSignIn page=Route::Files>
            <FileManager />
        </RequireSignIn>
    }
}

#[component]
fn FileManager() -> impl IntoView {
    let listing =
        credentialed_loader(|config, live| async move { files::list(&config, &live).await });
    let problem = RwSignal::new(None::<String>);
    view! {
        <section class="card">
            <h1>"Your files"</h1>
            <Uploader on_uploaded=move || listing.reload() />
            <ErrorMessage message=problem />
            {move || listing.with(|latest| match latest {
                None => view! { <p class="loading">"Loading your files…"</p> }.into_any(),
                Some(Ok(objects)) => view! {
                    <FileTable objects=objects.clone() on_change=move || listing.reload() problem />
                }.into_any(),
                Some(Err(error)) => view! {
                    <p class="error" role="alert" data-testid="list-error">{error.to_string()}</p>
                    <button class="secondary" on:click=move |_| listing.reload()>"Try again"</button>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn FileTable(
    objects: Vec<S3Object>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    if objects.is_empty() {
        return view! {
            <p class="empty" data-testid="no-files">"No files yet. Upload one to get started."</p>
        }
        .into_any();
    }
    let rows = objects
        .into_iter()
        .map(|object| view! { <FileRow object on_change=on_change.clone() problem /> })
        .collect_view();
    view! {
        <table class="files" data-testid="file-table">
            <thead>
                <tr><th>"Name"</th><th class="num">"Size"</th><th>"Modified"</th><th></th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn FileRow(
    object: S3Object,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let name = use_session().with_untracked(|s| files::display_name(s, &object.key));
    let confirming = RwSignal::new(false);
    let download = {
        let (config, live) = (config.clone(), live.clone());
        let (key, name) = (object.key.clone(), name.clone());
        Action::new_local(move |_: &()| {
            let (config, live) = (config.clone(), live.clone());
            let (key, name) = (key.clone(), name.clone());
            async move {
                let result = match files::download(&config, &live, &key).await {
                    Ok((bytes, content_type)) => {
                        browser_files::save(&name, &content_type, &bytes).map_err(AppError::Browser)
                    }
                    Err(error) => Err(error),
                };
                problem.set(result.err().map(|e| e.to_string()));
            }
        })
    };
    let delete = {
        let key = object.key.clone();
        Action::new_local(move |_: &()| {
            let (config, live) = (config.clone(), live.clone());
            let (key, on_change) = (key.clone(), on_change.clone());
            async move {
                let result = files::delete(&config, &live, &key).await;
                confirming.set(false);
                match result {
                    Ok(()) => on_change(),
                    Err(error) => problem.set(Some(error.to_string())),
                }
            }
        })
    };
    view! {
        <tr data-testid="file-row" data-key=object.key.clone()>
            <td class="name" data-testid="file-name">{name.clone()}</td>
            <td class="num">{format::human_size(object.size)}</td>
            <td>{object.last_modified.map(format::utc_date_time).unwrap_or_default()}</td>
            <td class="actions">
                <button class="secondary" data-testid="download"
                    on:click=move |_| { download.dispatch(()); }>"Download"</button>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button class="danger" data-testid="delete"
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                    }
                >
                    <button class="danger" data-testid="confirm-delete"
                        disabled=move || delete.pending().get()
                        on:click=move |_| { delete.dispatch(()); }>"Delete for good"</button>
                    <button class="secondary" on:click=move |_| confirming.set(false)>"Keep"</button>
                </Show>
            </td>
        </tr>
    }
}
